"""Property round trip: random parameter tables, rendered in four formats, read back.

A page is drawn as a model (``tests/pagegen``), rendered as Huawei HTML, OTC
reStructuredText, Huawei Markdown and support-site plain text, and each
rendering goes through the whole pipeline (format detection, reader,
interpreter, schema writer). What comes out must be the schema the *model*
implies (computed here from the model, never from another rendering), and the
four renderings must agree with each other on everything but where they came
from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from docconform.extractor.diagnostics import Level
from docconform.extractor.model import Endpoint
from docconform.extractor.run.pipeline import extract_bytes
from docconform.extractor.writers.jsonschema import endpoint_bundle
from tests.pagegen import (
    ARRAY_ROOTS,
    LINK_DOTTED,
    LINK_ITEM,
    LINK_NAME,
    LINK_ORDER,
    NO_DEFAULT,
    TYPE_MEANINGS,
    PageModel,
    Param,
    ParamTable,
    render_html,
    render_markdown,
    render_rst,
    render_text,
    walk_tables,
)
from tests.pagegen.strategies import ALL_LINKS, parameter_pages

RENDERERS: dict[str, tuple[Callable[[PageModel], str], str]] = {
    "html": (render_html.render, "html"),
    "rst": (render_rst.render, "rst"),
    "markdown": (render_markdown.render, "md"),
    "text": (render_text.render, "txt"),
}

#: The link styles each format's pages draw (every style in every format).
LINKS: dict[str, tuple[int, ...]] = {
    "html": ALL_LINKS,
    "rst": ALL_LINKS,
    "markdown": ALL_LINKS,
    "text": ALL_LINKS,
}

#: Keys that say where something came from or repeat prose, not what it means.
_PROVENANCE = frozenset({"x-source", "x-raw-type", "description"})
_TOP_KEYS = (
    "method",
    "path",
    "title",
    "lang",
    "doc_id",
    "request",
    "responses",
    "documents_error_codes",
)

_ROUND_TRIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_AGREEMENT = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ extraction


def _note(text: str) -> None:
    """Attach ``text`` to a failing example's report (plain tests have no report)."""
    try:
        note(text)
    except InvalidArgument:
        pass


def extract(model: PageModel, fmt: str) -> Endpoint:
    """Render ``model`` as ``fmt`` and read it back: exactly one clean endpoint."""
    render, ext = RENDERERS[fmt]
    text = render(model)
    _note(f"--- {fmt} rendering ---\n{text}")
    result = extract_bytes(text.encode("utf-8"), f"gen.{ext}")
    problems = [str(d) for d in result.diagnostics if d.level >= Level.WARNING]
    _note(f"diagnostics: {[str(d) for d in result.diagnostics]}")
    assert result.format == fmt, f"detected as {result.format}"
    assert problems == [], "a clean generated page raised warnings"
    assert len(result.endpoints) == 1, f"{len(result.endpoints)} endpoints"
    return result.endpoints[0]


def clean(value: Any, *, drop: frozenset[str] = _PROVENANCE) -> Any:
    """A bundle fragment without provenance keys, recursively."""
    if isinstance(value, dict):
        return {k: clean(v, drop=drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [clean(v, drop=drop) for v in value]
    return value


def comparable(ep: Endpoint, fmt: str) -> dict[str, Any]:
    """The bundle's meaning: provenance dropped, doc id only where a format has one.

    Doc ids are compared without case: the HTML export and the RST of one
    topic spell the same id in different cases.
    """
    bundle = endpoint_bundle(ep)
    out = {k: clean(bundle[k]) for k in _TOP_KEYS}
    if fmt == "text":
        del out["doc_id"]
    elif out["doc_id"] is not None:
        out["doc_id"] = out["doc_id"].casefold()
    return out


def _formats_relaxed(value: Any) -> Any:
    """Keep only ``int64`` of the formats: the one the round trip promises."""
    if isinstance(value, dict):
        return {
            k: _formats_relaxed(v)
            for k, v in value.items()
            if not (k == "format" and v != "int64") and k != "x-type-name"
        }
    if isinstance(value, list):
        return [_formats_relaxed(v) for v in value]
    return value


# ------------------------------------------------------------------ expectation


def _innermost(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["items"] if schema.get("type") == "array" else schema


def expected_property(p: Param) -> dict[str, Any]:
    base, fmt, item_base, item_fmt = TYPE_MEANINGS[p.type]
    schema: dict[str, Any] = {"type": base}
    if fmt == "int64":
        schema["format"] = fmt
    if item_base is not None:
        schema["items"] = {"type": item_base}
        if item_fmt == "int64":
            schema["items"]["format"] = item_fmt
    if p.enum:
        _innermost(schema)["enum"] = [v for v, _ in p.enum]
    if p.child is not None:
        _innermost(schema).update(expected_object(p.child.params))
    if p.bounds is not None:
        low, high = p.bounds
        keys = ("minLength", "maxLength") if base == "string" else ("minimum", "maximum")
        if low is not None:
            _innermost(schema)[keys[0]] = low
        _innermost(schema)[keys[1]] = high
    if p.default is not NO_DEFAULT:
        _innermost(schema)["default"] = p.default
    return schema


def expected_object(params: tuple[Param, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.name: expected_property(p) for p in params},
    }
    required = [p.name for p in params if p.required is True]
    if required:
        schema["required"] = required
    return schema


def _placeholders(path: str) -> set[str]:
    return {part[1:-1] for part in path.split("/") if part.startswith("{")}


def expected_bundle(model: PageModel, fmt: str) -> dict[str, Any]:
    """What the model says the page documents, in bundle shape."""
    path_params: list[Param] = []
    query_params: list[Param] = []
    for table in model.uri_tables:
        for p in table.params:
            (path_params if p.name in _placeholders(model.path) else query_params).append(p)
    header: tuple[Param, ...] = model.header.params if model.header else ()
    responses: dict[str, Any] = {}
    if model.response is not None:
        responses[model.status] = _response(model.response)
    for code, _ in model.status_table:
        responses.setdefault(code, _response(None))
    out = {
        "method": model.method,
        "path": model.path,
        "title": model.title,
        "lang": "en" if model.lang == "en" else "zh-CN",
        "doc_id": model.doc_id.casefold(),
        "request": {
            "path": expected_object(tuple(path_params)),
            "query": expected_object(tuple(query_params)),
            "header": expected_object(header),
            "body": expected_body(model.request),
        },
        "responses": responses,
        "documents_error_codes": True,
    }
    if fmt == "text":
        del out["doc_id"]
    return out


def expected_body(table: ParamTable | None) -> dict[str, Any] | None:
    """A body table's schema; a lone "Array elements" row makes the body that array."""
    if table is None:
        return None
    if len(table.params) == 1 and table.params[0].name in ARRAY_ROOTS.values():
        return expected_property(table.params[0])
    return expected_object(table.params)


def _response(table: ParamTable | None) -> dict[str, Any]:
    return {"body": expected_body(table), "headers": {"type": "object", "properties": {}}}


# ------------------------------------------------------------------ properties


def _features(model: PageModel) -> None:
    """Name what a page exercises, for ``--hypothesis-show-statistics``."""
    event(f"{model.lang} {model.style}")
    tops = [t for t in (model.header, model.request, model.response) if t is not None]
    tables = [t for top in tops for t in walk_tables(top)]
    params = [p for t in (*model.uri_tables, *tables) for p in t.params]
    event(f"{len(tables) - len(tops)} nested tables")
    for feature, present in (
        ("enum", any(p.enum for p in params)),
        ("default", any(p.default is not NO_DEFAULT for p in params)),
        ("bounds", any(p.bounds is not None for p in params)),
        ("query", any(t.kind in ("query", "uri") for t in model.uri_tables)),
        ("array root", any(t.params[0].name in ARRAY_ROOTS.values() for t in tops)),
        ("name-cell link to a list item", LINK_ITEM in _links(model)),
        ("dotted caption", LINK_DOTTED in _links(model)),
        ("name-cell link to the table", LINK_NAME in _links(model)),
        ("nested by order alone", LINK_ORDER in _links(model)),
    ):
        if present:
            event(feature)


def _links(model: PageModel) -> set[int]:
    """The link styles of the page's object rows."""
    tops = [t for t in (model.header, model.request, model.response) if t is not None]
    return {p.link for top in tops for t in walk_tables(top) for p in t.params if p.child}


@pytest.mark.parametrize("fmt", list(RENDERERS))
@_ROUND_TRIP
@given(data=st.data())
def test_round_trip_gives_the_model_schema(fmt: str, data: st.DataObject) -> None:
    model = data.draw(parameter_pages(links=LINKS[fmt]), label="model")
    _features(model)
    ep = extract(model, fmt)
    assert _formats_relaxed(comparable(ep, fmt)) == expected_bundle(model, fmt)


@_AGREEMENT
@given(model=parameter_pages())
def test_all_formats_agree(model: PageModel) -> None:
    # a format is compared only on pages whose every link style it reads (LINKS)
    fmts = [f for f in RENDERERS if _links(model) <= set(LINKS[f])]
    bundles = {fmt: comparable(extract(model, fmt), fmt) for fmt in fmts}
    for bundle in bundles.values():
        bundle.pop("doc_id", None)
    first = bundles.pop("html")
    for fmt, bundle in bundles.items():
        assert bundle == first, f"{fmt} differs from html"


def test_expected_bundle_is_not_trivial() -> None:
    """Guard: the expectation really carries types, nesting, enums and defaults."""
    child = ParamTable("nested", (Param("key", "Long", True, "k"),), True, type_name="TagInfo")
    params = (
        Param("ids", "[Long]", True, "ids"),
        Param(
            "state",
            "String",
            False,
            "s",
            default="RUNNING",
            enum=(("RUNNING", "r"), ("FAILED", "f")),
        ),
        Param("tags", "named-array", False, "t", child=child),
    )
    schema = expected_object(params)
    assert schema["required"] == ["ids"]
    assert schema["properties"]["ids"] == {
        "type": "array",
        "items": {"type": "integer", "format": "int64"},
    }
    assert schema["properties"]["state"] == {
        "type": "string",
        "enum": ["RUNNING", "FAILED"],
        "default": "RUNNING",
    }
    assert schema["properties"]["tags"]["items"]["properties"]["key"]["format"] == "int64"


def _one_row_page(row: Param) -> PageModel:
    body = ParamTable("request", (row,), True)
    return PageModel(
        lang="en",
        style="explorer",
        doc_id="CreateJobInfo",
        title="Creating Job Jobs",
        summary="This API is used for creating job jobs.",
        method="POST",
        path="/v1/jobs",
        header_set=0,
        uri_tables=(),
        header=None,
        request=body,
        response=None,
        status="200",
        status_table=(),
    )


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_enum_label_then_default_line(fmt: str) -> None:
    """'Enumeration values:' + bullets + 'Default: ACTIVE' (API Explorer spelling).

    Regression: the miner once read the 'Default: X' line as one more bullet
    and dropped the whole enum.
    """
    row = Param(
        "mode",
        "String",
        False,
        "Specifies the mode.",
        default="ACTIVE",
        enum=(("ACTIVE", ""), ("BOOTING", "")),
        enum_style=2,
        default_style=1,
    )
    model = _one_row_page(row)
    assert _formats_relaxed(comparable(extract(model, fmt), fmt)) == expected_bundle(model, fmt)
