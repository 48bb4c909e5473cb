"""Non-API pages, URI-section examples and array-root pseudo rows, on corpus snippets.

The fixtures are copied from /work/shared/corpus (tests/data/cons/README.md
names each origin), so these run without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.interpret.operations import find_operations
from docconform.extractor.interpret.sections import contexts
from docconform.extractor.interpret.tables import RawRow
from docconform.extractor.model import Span, TypeRef
from docconform.extractor.run.pipeline import extract_bytes
from docconform.extractor.readers import read_page
from docconform.extractor.diagnostics import DiagnosticSink

DATA = Path(__file__).parent / "data" / "cons"


def _endpoints(name: str):
    path = DATA / name
    return extract_bytes(path.read_bytes(), str(path)).endpoints


def test_a_scenario_page_documents_no_endpoint() -> None:
    # Its "URI：GET /v3/groups" and "GET https://iam.../v3/groups" are another page's API.
    assert _endpoints("tutorial_iam_audit.md") == []


def test_the_same_request_line_counts_on_a_reference_page() -> None:
    text = (DATA / "tutorial_iam_audit.md").read_text(encoding="utf-8")
    text += "\n## 响应参数\n\n| 参数 | 参数类型 | 描述 |\n| --- | --- | --- |\n| groups | Array of objects | 用户组。 |\n"
    page = read_page(text.encode(), "ref.md", DiagnosticSink(), None)
    assert page is not None
    ops = find_operations(page.blocks, contexts(page.blocks))
    assert [(op.method, op.path) for op in ops] == [("GET", "/v3/groups")]


def test_a_uri_section_example_url_is_not_a_second_endpoint() -> None:
    # "POST https://{Cloud Eye endpoint}/V1.0/..." under "-  Example" used to add "DELETE /".
    (ep,) = _endpoints("ces_uri_example.rst")
    assert (ep.method, ep.path) == ("DELETE", "/V1.0/{project_id}/alarms/{alarm_id}")


_LITERAL_IDS = """# 查询实例列表

## URI

GET /v3/\\{project\\_id\\}/instances

GET /v3/0549a7f7b2c64ac4a5d5b5d5d5d5d5d5/instances?offset=0

## 请求参数

| 参数 | 是否必选 | 参数类型 | 描述 |
| --- | --- | --- | --- |
| offset | 否 | Integer | 偏移量。 |
"""


def test_a_request_line_with_literal_ids_is_an_example_of_the_template() -> None:
    (ep,) = extract_bytes(_LITERAL_IDS.encode(), "ids.md").endpoints
    assert ep.path == "/v3/{project_id}/instances"


def test_nova_v2_and_v21_lines_both_stay() -> None:
    text = _LITERAL_IDS.replace(
        "GET /v3/0549a7f7b2c64ac4a5d5b5d5d5d5d5d5/instances?offset=0", "GET /v2.1/\\{project\\_id\\}/instances"
    )
    paths = sorted(ep.path for ep in extract_bytes(text.encode(), "nova.md").endpoints)
    assert paths == ["/v2.1/{project_id}/instances", "/v3/{project_id}/instances"]


def test_a_field_named_items_among_siblings_stays_a_field() -> None:
    (ep,) = _endpoints("dws_items_field.rst")
    (ok,) = [r for r in ep.responses if r.body is not None]
    assert ok.body.type.base == "object"
    items = {c.name: c for c in ok.body.children}["items"]
    assert items.type.base == "array"
    assert [c.name for c in items.children] == ["name", "action", "queues", "except_rules"]


@pytest.mark.parametrize(
    ("name", "children"),
    [
        ("ces_array_element.rst", ["event_name", "event_source", "time", "detail"]),
        ("swr_array_root.md", ["user_id", "user_name", "auth"]),
    ],
)
def test_a_bracketed_pseudo_row_makes_the_body_an_array(name: str, children: list[str]) -> None:
    (ep,) = _endpoints(name)
    body = ep.request_body
    assert body is not None and body.type.base == "array"
    assert [c.name for c in body.children] == children


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("[items]", True), ("[Array element]", True), ("[数组元素]", True), ("Array  elements", True),
        ("*[数组]*", True), ("数组元素", True), ("-", True),
        ("items", False), ("array", False), ("数组", False), ("[items", False), ("item", False),
    ],
)
def test_array_root_spellings(name: str, root: bool) -> None:
    assert RawRow(name, TypeRef("array"), Span("p.md", 1)).is_array_root is root
