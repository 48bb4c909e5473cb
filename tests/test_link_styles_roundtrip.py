"""One fixed page per nested-table link style, in every format: readable failures.

The property round trip (``tests/test_property_roundtrip.py``) draws these
styles at random; here each is one small page built by hand after the real
pages it imitates, so a failure names the style and the format at once:

* LINK_ITEM: a link in the parameter-name cell to a child table introduced by
  a list item, not a caption (``rst/iam/apis/agency_management/creating_an_agency.rst``:
  ``:ref:`agency <docid__li153>``` and ``-  .. _docid__li153:`` / ``agency`` /
  the table; zh-md/iam: ``-   <a name="li153"></a>policy格式说明`` / the table);
* LINK_DOTTED: no link at all, the child captioned with the dotted path of row
  names (``rst/iam/apis/permission_management/querying_permission_assignment_records.rst``:
  "Table 5 role_assignments.user", "Table 10 role_assignments.scope.project");
* LINK_NAME: a link in the parameter-name cell to the child table itself,
  captioned with that path (the same RST page: ``:ref:`role_assignments <…__table1944…>```
  to "Table 4 role_assignments"; ``zh-md/iam/查询帐号操作保护策略.md``:
  ``<a href="#table1857…">allow_user</a>`` | AllowUserBody object, to
  ``**表 5**  protect_policy.allow_user``).

The expected schema comes from the model, never from a rendering.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.model import Para, Table
from docconform.extractor.readers import read_page
from tests.pagegen import (
    LINK_DOTTED,
    LINK_ITEM,
    LINK_NAME,
    LINK_TYPE,
    PageModel,
    Param,
    ParamTable,
)
from tests.test_property_roundtrip import (
    RENDERERS,
    _formats_relaxed,
    comparable,
    expected_bundle,
    extract,
)

def _page(
    *,
    lang: str = "en",
    style: str = "classic",
    request: ParamTable | None = None,
    response: ParamTable | None = None,
    flavor: int = 0,
) -> PageModel:
    explorer = style == "explorer"
    return PageModel(
        lang=lang,  # type: ignore[arg-type]
        style=style,  # type: ignore[arg-type]
        doc_id="CreateAgency" if explorer else "en-us_topic_0079467617",
        title="创建委托" if lang == "zh" else "Creating an Agency",
        summary="该API用于创建委托。" if lang == "zh" else "This API is used to create an agency.",
        method="POST",
        path="/v3.0/OS-AGENCY/agencies",
        header_set=0,
        uri_tables=(),
        header=None,
        request=request,
        response=response,
        status="201" if explorer else "200",
        status_table=(),
        table_base=4000,
        flavor=flavor,
    )


def _nested(owner: str, params: tuple[Param, ...], type_name: str | None = None) -> ParamTable:
    """A child table; one without a Mandatory column is a response's (its ids say so)."""
    mandatory = all(p.required is not None for p in params)
    side = "request" if mandatory else "response"
    return ParamTable("nested", params, mandatory, type_name=type_name, owner=owner, side=side)


def _item_classic() -> PageModel:
    """creating_an_agency.rst: request and response rows 'agency' each linked to its item.

    A "see Table N" row follows the item tables: the item tables have no number,
    so Table N must still be the captioned table it names.
    """
    trust = _nested("trust_domain", (Param("domain_name", "String", False, "Name."),))
    agency = _nested(
        "agency",
        (
            Param("name", "String", True, "Name of an agency."),
            Param("trust_domain", "see-object", False, "Domain.", child=trust, link=LINK_ITEM),
        ),
    )
    tags = _nested("tags", (Param("key", "String", True, "Key."),))
    request = ParamTable(
        "request",
        (
            Param(
                "agency", "see-object", True, "Agency information.", child=agency, link=LINK_ITEM
            ),
            Param("tags", "see-array", False, "Tags.", child=tags, link=LINK_TYPE),
        ),
        True,
    )
    answer = _nested("agency", (Param("id", "String", None, "ID of an agency."),))
    response = ParamTable(
        "response",
        (Param("agency", "see-object", None, "Delegated object.", child=answer, link=LINK_ITEM),),
        False,
    )
    return _page(request=request, response=response)


def _item_explorer_zh() -> PageModel:
    """zh-md/iam: ``-   <a name="li…"></a>auth参数说明`` items (flavor 32), HTML ``<p id>`` (64)."""
    scope = _nested(
        "scope", (Param("project_id", "String", True, "项目ID。"),), type_name="AuthScope"
    )
    auth = _nested(
        "auth",
        (
            Param("methods", "Array of String", True, "认证方法。"),
            Param("scope", "named-object", False, "作用域。", child=scope, link=LINK_ITEM),
        ),
        type_name="AuthBody",
    )
    request = ParamTable(
        "request",
        (Param("auth", "named-object", True, "认证信息。", child=auth, link=LINK_ITEM),),
        True,
    )
    return _page(lang="zh", style="explorer", request=request, flavor=32 | 64)


def _dotted_classic() -> PageModel:
    """querying_permission_assignment_records.rst: 'role_assignments.scope.project'."""
    project = _nested("project", (Param("id", "String", None, "IAM project ID."),))
    scope = _nested(
        "scope",
        (Param("project", "see-object", None, "Project.", child=project, link=LINK_DOTTED),),
    )
    user = _nested("user", (Param("id", "String", None, "IAM user ID."),))
    body = _nested(
        "role_assignments",
        (
            Param("user", "see-object", None, "Authorized user.", child=user, link=LINK_DOTTED),
            Param(
                "scope", "see-object", None, "Authorization scope.", child=scope, link=LINK_DOTTED
            ),
            Param("is_inherited", "Boolean", None, "Inherited."),
        ),
    )
    response = ParamTable(
        "response",
        (
            Param("total_num", "Long", None, "Total number."),
            Param("role_assignments", "see-array", None, "Authorization.", child=body),
        ),
        False,
    )
    return _page(response=response)


def _dotted_explorer_zh() -> PageModel:
    """zh-md/iam ``**表 5**  region.links``; Type cells name schemas no table is captioned with."""
    links = _nested("links", (Param("self", "String", None, "链接。"),), type_name="RegionLinks")
    region = _nested(
        "region",
        (
            Param("id", "String", None, "区域ID。"),
            Param("links", "named-object", None, "链接。", child=links, link=LINK_DOTTED),
        ),
        type_name="RegionResult",
    )
    response = ParamTable(
        "response", (Param("region", "named-object", None, "区域信息。", child=region),), False
    )
    return _page(lang="zh", style="explorer", response=response)


def _name_classic() -> PageModel:
    """querying_permission_assignment_records.rst: 'role_assignments' linked from its name cell."""
    user = _nested("user", (Param("id", "String", None, "IAM user ID."),))
    body = _nested(
        "role_assignments",
        (
            Param("user", "see-object", None, "Authorized user.", child=user, link=LINK_NAME),
            Param("is_inherited", "Boolean", None, "Inherited."),
        ),
    )
    response = ParamTable(
        "response",
        (
            Param("total_num", "Long", None, "Total number."),
            Param(
                "role_assignments", "see-array", None, "Authorization.", child=body, link=LINK_NAME
            ),
        ),
        False,
    )
    return _page(response=response)


def _name_explorer_zh() -> PageModel:
    """查询帐号操作保护策略.md: ``<a href="#table…">allow_user</a>`` | AllowUserBody object."""
    allow = _nested(
        "allow_user",
        (Param("modify_mobile", "Boolean", None, "是否允许修改手机。"),),
        type_name="AllowUserBody",
    )
    policy = _nested(
        "protect_policy",
        (
            Param(
                "allow_user",
                "named-object",
                None,
                "用户可以自主修改的属性。",
                child=allow,
                link=LINK_NAME,
            ),
            Param("operation_protection", "Boolean", None, "是否开启操作保护。"),
        ),
        type_name="ProtectPolicyResult",
    )
    response = ParamTable(
        "response",
        (Param("protect_policy", "named-object", None, "操作保护策略。", child=policy),),
        False,
    )
    return _page(lang="zh", style="explorer", response=response)


PAGES: dict[str, Callable[[], PageModel]] = {
    "item-classic": _item_classic,
    "item-explorer-zh": _item_explorer_zh,
    "dotted-classic": _dotted_classic,
    "dotted-explorer-zh": _dotted_explorer_zh,
    "name-classic": _name_classic,
    "name-explorer-zh": _name_explorer_zh,
}

_CASES = [
    pytest.param(
        page,
        fmt,
        id=f"{page}-{fmt}",
    )
    for page in PAGES
    for fmt in RENDERERS
]


@pytest.mark.parametrize(("page", "fmt"), _CASES)
def test_link_style_round_trip(page: str, fmt: str) -> None:
    model = PAGES[page]()
    assert _formats_relaxed(comparable(extract(model, fmt), fmt)) == expected_bundle(model, fmt)


# ------------------------------------------------------------------ the pages say it that way

_SHAPES: dict[tuple[str, str], tuple[str, ...]] = {
    ("item-classic", "rst"): (
        ":ref:`agency <en-us_topic_0079467617__li",
        "-  .. _en-us_topic_0079467617__li",
        "\n   agency\n",
    ),
    ("item-classic", "markdown"): ('<a href="#li', '-   <a name="li'),
    ("item-classic", "html"): (
        '<a href="#en-us_topic_0079467617__li',
        '<li id="en-us_topic_0079467617__li',
    ),
    ("item-classic", "text"): ("\n  • agency\n", "\n  • trust_domain\n"),
    ("item-explorer-zh", "markdown"): ("></a>auth参数说明\n",),
    ("item-explorer-zh", "html"): ('<p id="CreateAgency__li',),
    ("dotted-classic", "rst"): (
        "**Table 3** role_assignments.user",
        "**Table 5** role_assignments.scope.project",
    ),
    ("dotted-classic", "text"): ("\nTable 3 role_assignments.user\n",),
    ("dotted-explorer-zh", "markdown"): ("**表 3**  region.links",),
    ("name-classic", "rst"): (
        ":ref:`role_assignments <en-us_topic_0079467617__table",
        "**Table 2** role_assignments\n",
        "**Table 3** role_assignments.user\n",
    ),
    ("name-explorer-zh", "markdown"): (
        '<a href="#zh-cn_topic_4000_response_AllowUserBody">allow_user</a>',
        "AllowUserBody object</p>",
        "**表 3**  protect\\_policy.allow\\_user",
    ),
    ("name-explorer-zh", "html"): (
        '<a href="#CreateAgency__response_AllowUserBody">allow_user</a>',
    ),
}


@pytest.mark.parametrize(("page", "fmt"), list(_SHAPES))
def test_pages_use_the_link_style(page: str, fmt: str) -> None:
    """Guard: the fixed pages really are written in the style they stand for."""
    text = RENDERERS[fmt][0](PAGES[page]())
    for piece in _SHAPES[(page, fmt)]:
        assert piece in text


def test_item_tables_take_no_number() -> None:
    """Negative: a table under a list item is not numbered, so 'see Table 2' is the tags table."""
    text = RENDERERS["rst"][0](_item_classic())
    assert "For details, see :ref:`Table 2 <" in text
    assert "**Table 2** **tags** field description" in text
    assert "**Table 3**" not in text.split("Response")[0].split("tags** field")[0]


def test_dotted_rows_carry_no_link() -> None:
    """Negative: in the dotted style neither the Type cell nor the description links the child."""
    text = RENDERERS["rst"][0](_dotted_classic())
    rows = [line for line in text.splitlines() if "| user " in line or "| scope " in line]
    assert rows and not any(":ref:" in line for line in rows)


# ------------------------------------------------------------------ the link itself


def _anchor_cases() -> list[object]:
    return [
        pytest.param("item-classic", "rst", id="rst"),
        pytest.param("item-explorer-zh", "rst", id="rst-explorer"),
        pytest.param("item-classic", "markdown", id="markdown"),
        pytest.param("item-explorer-zh", "markdown", id="markdown-explorer"),
        pytest.param("item-classic", "html", id="html-li-id"),
        pytest.param("item-explorer-zh", "html", id="html-p-id"),
    ]


@pytest.mark.parametrize(("page", "fmt"), _anchor_cases())
def test_name_cell_link_reaches_the_item(page: str, fmt: str) -> None:
    """The reader sees the anchor a name-cell link points at, on the item's paragraph.

    The round trip above also passes when the link is lost and the item's text
    alone names the row; this asks for the link proper.
    """
    render, ext = RENDERERS[fmt]
    doc = read_page(render(PAGES[page]()).encode("utf-8"), f"gen.{ext}", DiagnosticSink())
    targets = {
        ref.target.lower()
        for block in doc.blocks
        if isinstance(block, Table)
        for row in block.rows
        for ref in row.cells[0].refs
    }
    anchors = {a.lower() for b in doc.blocks if isinstance(b, Para) for a in b.anchors}
    assert targets, "no name-cell links on the page"
    assert targets <= anchors, f"links {sorted(targets - anchors)} reach no paragraph"


@pytest.mark.parametrize("fmt", ["rst", "markdown", "html"])
@pytest.mark.parametrize("page", ["name-classic", "name-explorer-zh"])
def test_name_cell_link_reaches_the_table(page: str, fmt: str) -> None:
    """A LINK_NAME row's link is an anchor of its child table, as the reader sees it."""
    render, ext = RENDERERS[fmt]
    doc = read_page(render(PAGES[page]()).encode("utf-8"), f"gen.{ext}", DiagnosticSink())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    targets = {ref.target.lower() for t in tables for row in t.rows for ref in row.cells[0].refs}
    anchors = {a.lower() for t in tables for a in t.anchors}
    assert targets, "no name-cell links on the page"
    assert targets <= anchors, f"links {sorted(targets - anchors)} reach no table"
