"""Per-status responses, response headers and example statuses (fixtures in tests/data/status).

Every fixture is a page copied unchanged from the dev corpus (tests/data/status/README.md
names its origin), so these tests run without /work/shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.interpret.endpoints import interpret
from docconform.extractor.interpret.examples import error_body_status, is_error_body, parse_example
from docconform.extractor.interpret.roles import example_outcome, status_line
from docconform.extractor.interpret.sections import contexts, heading_role, pseudo_heading_role, stated_statuses
from docconform.extractor.model import NOT_STATED, Endpoint, Para
from docconform.extractor.readers import read_page

DATA = Path(__file__).resolve().parent / "data" / "status"


def endpoint(name: str) -> Endpoint:
    path = DATA / name
    sink = DiagnosticSink()
    found = interpret(read_page(path.read_bytes(), str(path), sink, None), sink)
    assert len(found) == 1
    return found[0]


def response_examples(ep: Endpoint) -> list[tuple[str | None, object]]:
    return [(x.status, x.value) for x in ep.examples if x.kind == "response"]


def body_names(ep: Endpoint, status: str) -> list[str]:
    response = next(r for r in ep.responses if r.status == status)
    return [f.name for f in (response.body.children if response.body else ())]


# ------------------------------------------------------------------ status lines


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("**Status code: 200**", "200"),
        ("Status code: 200", "200"),
        ("**状态码： 200**", "200"),
        ("状态码：200", "200"),  # zh-md/dws/主机监控概览信息查询.md: no space, no bold
        ("**状态码： 400**", "400"),
        ("状态码为 200 时：", "200"),  # the section-line form; the corpus has it in prose only
        ("**状态码为200时**", "200"),
        ("Status code: 200 OK", "200"),
    ],
)
def test_status_line_forms(text: str, code: str) -> None:
    assert status_line(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "如果返回状态码为200，则说明请求成功。",
        "对于获取用户Token接口，如果调用后返回状态码为“201“，则表示请求成功。",
        "状态码为 200 时，返回的响应体如下。",
        "状态码为200，则说明请求成功",
        "状态码：200时间",
        "Status code: 2000",
        "The status code 200 is returned when the request succeeds.",
    ],
)
def test_prose_naming_a_status_is_not_a_status_line(text: str) -> None:
    assert status_line(text) is None


def test_prose_page_sets_no_status() -> None:
    """zh-md/dws/返回结果.md names 状态码为“201“ in prose only: no block stands under a status."""
    path = DATA / "dws_return_results.md"
    page = read_page(path.read_bytes(), str(path), DiagnosticSink(), None)
    assert any(isinstance(b, Para) and "状态码为" in b.text for b in page.blocks)
    assert all(c.status is None for c in contexts(page.blocks))


def test_unspaced_status_line_files_the_example_under_200() -> None:
    ep = endpoint("dws_host_overview.md")
    assert [s for s, _ in response_examples(ep)] == ["200"]


# ------------------------------------------------------------------ per-status bodies


def test_error_tables_under_their_status_never_the_success_body() -> None:
    ep = endpoint("kms_update_alias.md")
    assert body_names(ep, "200") == ["key_info"]
    for status in ("400", "401", "403", "404", "500", "502", "504"):
        assert body_names(ep, status) == ["error"]


def test_success_body_with_null_error_fields_keeps_them() -> None:
    """rst/dws documents error_code/error_msg beside job_id in the 200 body: that is the page's word."""
    ep = endpoint("dws_cluster_timezone.rst")
    assert body_names(ep, "200") == ["error_code", "error_msg", "job_id"]
    assert [s for s, _ in response_examples(ep)] == ["200"]


def test_bold_status_lines_in_chinese() -> None:
    ep = endpoint("dws_pause_dr.md")
    assert body_names(ep, "200") == ["disaster_recovery"]
    assert [s for s, _ in response_examples(ep)] == ["200"]


# ------------------------------------------------------------------ example outcomes


@pytest.mark.parametrize(
    ("title", "outcome"),
    [
        ("Example response (request failed)", "error"),
        ("Example response (request successful)", "success"),
        ("Example response (successful request)", "success"),
        ("失败响应样例", "error"),
        ("成功响应样例：", "success"),
        ("Example Error Response", "error"),
        ("Example response", None),
        ("响应样例", None),
    ],
)
def test_example_outcome(title: str, outcome: str | None) -> None:
    assert example_outcome(title) == outcome


@pytest.mark.parametrize(
    "title", ["Example response (request failed)", "Example response (request successful)", "响应样例（响应成功）"]
)
def test_qualified_example_titles_open_an_example_section(title: str) -> None:
    assert pseudo_heading_role(title) == "example-response"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Example Request (Creating ECSs in a Batch)", "example-request"),
        ("Example Response (Importing an SSH Key)", "example-response"),
        ("Example Response", "example-response"),
        # the title of a shared page, not a response section: only example titles read through a qualifier
        ("Responses (Jobs)", None),
        ("Request Body (Optional)", None),
    ],
)
def test_headings_with_a_variant_in_brackets(title: str, role: str | None) -> None:
    assert heading_role(title) == role


def test_request_failed_example_is_not_filed_under_success() -> None:
    """rst/iam: "Example response (request successful)" then "(request failed)" with {"error": {"code": 404}}."""
    ep = endpoint("iam_agency_details.rst")
    examples = response_examples(ep)
    assert [s for s, _ in examples] == ["200", "404"]
    assert "agency" in examples[0][1]  # type: ignore[operator]
    assert "error" in examples[1][1]  # type: ignore[operator]


def test_or_error_example_after_the_success_one_is_not_204() -> None:
    """rst/kms: "Example response" {} "or" {"error": {...}} on a 204 page: the error answers ``default``."""
    ep = endpoint("kms_adding_a_cmk_tag.rst")
    assert response_examples(ep) == [
        ("204", {}),
        ("default", {"error": {"error_code": "KMS.XXXX", "error_msg": "XXX"}}),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"error": {"error_code": "KMS.XXXX", "error_msg": "XXX"}}, True),
        ({"error_code": "DWS.0001", "error_msg": "bad request"}, True),
        ({"error_code": None, "error_msg": None, "job_id": "2c90"}, False),
        ({"error_code": None, "error_msg": None}, False),
        ({}, False),
        ({"errors": [{"id": "x"}]}, False),
        ({"message": "deleted"}, False),
        (NOT_STATED, False),
    ],
)
def test_is_error_body(value: object, expected: bool) -> None:
    assert is_error_body(value) is expected


def test_error_body_status_only_from_an_http_code() -> None:
    assert error_body_status({"error": {"message": "x", "code": 404, "title": "Not Found"}}) == "404"
    assert error_body_status({"error": {"error_code": "KMS.0101", "error_msg": "x"}}) is None
    assert error_body_status({"error_code": "APIGW.0101", "error_msg": "x", "code": 2000}) is None


# ------------------------------------------------------------------ response headers


def test_response_header_rows_are_headers_not_body_fields() -> None:
    """rst/iam: an uncaptioned table under "Parameters in the response header" holds X-Subject-Token."""
    ep = endpoint("iam_agency_token.rst")
    response = next(r for r in ep.responses if r.status == "201")
    assert [h.name for h in response.headers] == ["X-Subject-Token"]
    assert "X-Subject-Token" not in body_names(ep, "201")
    assert "token" in body_names(ep, "201")


# ------------------------------------------------------------------ example request forms


def test_curl_data_without_space_is_read() -> None:
    ep = endpoint("iam_creating_an_agency.rst")
    request = next(x for x in ep.examples if x.kind == "request")
    assert request.http_line == "POST https://sample.domain.com/v3.0/OS-AGENCY/agencies"
    assert request.value["agency"]["name"] == "exampleagency"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "method", "value"),
    [
        ("curl -X POST -d'{\"a\": 1}' https://h/v1/x", "POST", {"a": 1}),
        ("curl --data '{\"a\": 1}' https://h/v1/x", "POST", {"a": 1}),
        ("curl --data-raw='{\"a\": 2}' -XPUT https://h/v1/x", "PUT", {"a": 2}),
        (
            "curl -X PATCH https://h/v1/x \\\n  -H 'Content-Type: application/json' \\\n"
            "  -d @- <<'EOF'\n{\"b\": [1, 2]}\nEOF\n",
            "PATCH",
            {"b": [1, 2]},
        ),
        ("curl -d @body.json https://h/v1/x", "POST", NOT_STATED),
        ("curl -i -k -X GET https://h/v1/x", "GET", NOT_STATED),
    ],
)
def test_curl_forms(text: str, method: str, value: object) -> None:
    parsed = parse_example(text)
    assert (parsed.method, parsed.path, parsed.value) == (method, "/v1/x", value)


def test_heredoc_json_is_not_shell_words() -> None:
    """The heredoc may hold quotes shlex cannot split; the body is still read."""
    parsed = parse_example("curl -X POST https://h/v1/x -d @- <<EOF\n{\"name\": \"it's\"}\nEOF")
    assert parsed.value == {"name": "it's"}


def test_request_line_headers_and_body() -> None:
    text = (
        "POST https://{endpoint}/v3/0549a8a9e1b14e8b8c9a0b6f3b9f4a11/instances\n"
        "Content-Type: application/json\nX-Auth-Token: abc\n\n{\"name\": \"x\"}"
    )
    parsed = parse_example(text)
    assert (parsed.method, parsed.path, parsed.value) == (
        "POST", "/v3/0549a8a9e1b14e8b8c9a0b6f3b9f4a11/instances", {"name": "x"},
    )


def test_bare_status_paragraph_in_a_status_section_is_stated() -> None:
    """zh-md/as: ``-   正常`` then a paragraph ``204``, ``-   异常`` then a 返回值/说明 table."""
    path = DATA / "as_delete_policy.md"
    page = read_page(path.read_bytes(), str(path), DiagnosticSink(), None)
    assert [code for code, _ in stated_statuses(page.blocks, contexts(page.blocks))] == ["204"]


def test_bare_code_outside_a_status_section_is_not_stated() -> None:
    """The page's other paragraphs (URI, 请求样例 text, 无) state nothing, nor does a code in prose."""
    page = read_page("## 请求消息\n\n204\n\n## 返回值\n\n返回 204 表示成功。\n".encode(), "x.md",
                     DiagnosticSink(), None)
    assert stated_statuses(page.blocks, contexts(page.blocks)) == []


def test_status_line_with_a_full_stop_in_a_status_section_is_stated() -> None:
    """rst/dds task pages: "Status Code:200." under the Status Code heading."""
    page = read_page(b"Status Code\n===========\n\nStatus Code:200.\n\nFor more information, see Status Code.\n",
                     "x.rst", DiagnosticSink(), None)
    assert [code for code, _ in stated_statuses(page.blocks, contexts(page.blocks))] == ["200"]


def test_failed_response_list_item_under_example_response() -> None:
    """rst/mrs: "Example response" with sub-items "Example of a successful/failed response"."""
    ep = endpoint("mrs_adding_a_job.rst")
    assert [s for s, _ in response_examples(ep)] == ["200", "default"]


def test_explicit_success_status_is_kept_over_an_error_looking_body() -> None:
    """rst/dws: "Status code: 200" then {"error_code": "DWS.0000", "error_msg": null}: the page's word."""
    page = read_page(
        "Title\n=====\n\nURI\n---\n\nPOST /v2/{project_id}/clusters\n\nExample Responses\n-----------------\n\n"
        "**Status code: 200**\n\n.. code-block::\n\n   {\n     \"error_code\" : \"DWS.0000\",\n"
        "     \"error_msg\" : \"x\"\n   }\n".encode(), "x.rst", DiagnosticSink(), None)
    (ep,) = interpret(page, DiagnosticSink())
    assert [x.status for x in ep.examples if x.kind == "response"] == ["200"]


def test_status_section_lines_file_each_error_example_under_its_status() -> None:
    """zh-md/iam 响应示例: **状态码为 200 时:** … **状态码为 403 时:** with two examples, 404, 500."""
    ep = endpoint("iam_protect_policy.md")
    statuses = [s for s, _ in response_examples(ep)]
    assert statuses == ["200", "403", "403", "404", "500"]
    assert all(not is_error_body(v) for s, v in response_examples(ep) if s == "200")


# ------------------------------------------------------------------ list items inside a section


def _sections(section: str, *items: tuple[str, int]) -> list[str | None]:
    """The section of each list item (text, depth) under a heading ``section``."""
    from docconform.extractor.model import Heading, Span

    blocks = (Heading(2, section, Span("p", 1)),
              *(Para(text, Span("p", n + 2), bullet=True, depth=depth) for n, (text, depth) in enumerate(items)))
    return [c.section for c in contexts(blocks)][1:]


def test_a_parameter_label_beside_an_example_item_closes_the_example() -> None:
    # zh-md/dli 更新Flink自定义作业.md: 请求消息 / -   请求样例 / -   参数说明 (the request table)
    assert _sections("请求消息", ("请求样例", 1), ("参数说明", 1)) == ["example-request", "request"]
    assert _sections("Response", ("Example response", 1), ("Parameter description", 1)) == [
        "example-response", "response"]
    # a label nested inside the example item is the example's own
    assert _sections("请求消息", ("请求样例", 1), ("参数说明", 2)) == ["example-request", "example-request"]


def test_an_item_naming_a_location_or_an_error_body_keeps_the_example() -> None:
    # rst/smn adding_or_deleting_tags_in_batches.rst: "-  Example request" then "-  Request body"
    # over the example bodies; zh-md/iam: "-   Error Reponse Body参数说明" after a success example
    assert _sections("Request", ("Example request", 1), ("Request body", 1)) == [
        "example-request", "example-request"]
    assert _sections("响应", ("响应样例（响应成功）", 1), ("Error Reponse Body参数说明", 1)) == [
        "example-response", "example-response"]
    # under a heading that is no request or response, nothing to go back to
    assert _sections("示例", ("请求样例", 1), ("参数说明", 1)) == ["example-request", "example-request"]
