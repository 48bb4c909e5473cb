"""Example blocks (VARIANTS.md §8) and URI lines (§3)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from docconform.extractor.interpret.examples import (
    alternatives,
    find_method_path_pair,
    find_request_line,
    parse_example,
    parse_json_tolerant,
    path_of,
    split_query,
)
from docconform.extractor.model import NOT_STATED

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_blocks(name: str) -> list[str]:
    """The ``<pre class="screen">`` blocks of an HTML seed, forge ``|`` lines removed."""
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if line.strip() != "|")
    return [
        html.unescape(m)
        for m in re.findall(r'<pre class="screen"[^>]*>(.*?)</pre>', text, re.DOTALL)
    ]


def test_seed_004_trailing_comma_is_repaired_not_hidden() -> None:
    response = seed_blocks("004")[1]
    parsed = parse_example(response)
    assert parsed.value == [{"is_success": "true", "message": "The job is deleted successfully."}]
    assert parsed.strict is False
    assert parsed.fixes == ("trailing-commas",)
    assert parsed.problem is not None and "line 4 column 1" in parsed.problem


def test_seed_000_string_true_is_kept_as_written() -> None:
    parsed = parse_example(seed_blocks("000")[1])
    assert parsed.strict is True and parsed.problem is None
    assert parsed.value[0]["is_success"] == "true"  # a string, though the table says Boolean


def test_request_line_stripped() -> None:
    parsed = parse_example(
        "POST https://{endpoint}/v1.0/{project_id}/streaming/jobs/stop\n\n"
        '{\n  "job_ids": [128, 137],\n  "trigger_savepoint": false\n}'
    )
    assert parsed.http_line == "POST https://{endpoint}/v1.0/{project_id}/streaming/jobs/stop"
    assert (parsed.method, parsed.path) == ("POST", "/v1.0/{project_id}/streaming/jobs/stop")
    assert parsed.value == {"job_ids": [128, 137], "trigger_savepoint": False}
    assert parsed.strict and parsed.fixes == ()


def test_request_line_with_a_blank_between_host_and_path() -> None:
    # zh-md/dws/添加快照策略.md (request example, abridged); the same blank is on rst/dws pages.
    parsed = parse_example(
        "PUT https://{Endpoint} /v2/89cd04f168b84af6be287f71730fdb4b/clusters/"
        "4ca46bf1-5c61-48ff-b4f3-0ad4e5e3ba90/snapshot-policies\n"
        '{\n  "backup_strategies": [\n    {\n      "policy_name": "test",\n'
        '      "backup_level": "cluster"\n    }\n  ]\n}'
    )
    assert parsed.method == "PUT"
    assert parsed.path == "/v2/89cd04f168b84af6be287f71730fdb4b/clusters/4ca46bf1-5c61-48ff-b4f3-0ad4e5e3ba90/snapshot-policies"
    assert parsed.value == {"backup_strategies": [{"policy_name": "test", "backup_level": "cluster"}]}
    assert parsed.strict and parsed.fixes == ()


@pytest.mark.parametrize(
    ("text", "method", "path", "value"),
    [
        (
            "PUT /v1.1/1551c7f6/clusters/6ec9/cdm/job/jdbc2hive/stop",
            "PUT",
            "/v1.1/1551c7f6/clusters/6ec9/cdm/job/jdbc2hive/stop",
            NOT_STATED,
        ),
        (
            'POST\nhttps://{endpoint}/v3/{project_id}/elb/healthmonitors\n\n{"a": 1}',
            "POST",
            "/v3/{project_id}/elb/healthmonitors",
            {"a": 1},
        ),
        (
            '"GET https://{endpoint}/v1/{project_id}/cloudservers/detail?offset=1&limit=10"',
            "GET",
            "/v1/{project_id}/cloudservers/detail",
            NOT_STATED,
        ),
        (
            (
                "POST /v2.1/{project_id}/servers/{server_id}/action\n"
                "POST /v2/{project_id}/servers/{server_id}/action\n\n"
                '{"os-stop": {}}'
            ),
            "POST",
            "/v2.1/{project_id}/servers/{server_id}/action",
            {"os-stop": {}},
        ),
        (
            (
                "POST https://{endpoint}/v3/auth/tokens\nContent-Type: application/json\n"
                'X-Auth-Token: abc\n\n{"a": 1}'
            ),
            "POST",
            "/v3/auth/tokens",
            {"a": 1},
        ),
        ("GET https://{endpoint}/v2/images HTTP/1.1", "GET", "/v2/images", NOT_STATED),
        (
            'https://{endpoint}/v1/{project_id}/jobs\n\n{"a": 1}',
            None,
            "/v1/{project_id}/jobs",
            {"a": 1},
        ),
    ],
)
def test_request_heads(text: str, method: str | None, path: str, value: Any) -> None:
    parsed = parse_example(text)
    assert (parsed.method, parsed.path, parsed.value) == (method, path, value)
    assert parsed.strict


@pytest.mark.parametrize(
    ("text", "status", "value"),
    [
        ('HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"a": 1}', "200", {"a": 1}),
        ('STATUS CODE 200\n\n{"a": 1}', "200", {"a": 1}),
        ('Status code: 202\n{"job_id": "x"}', "202", {"job_id": "x"}),
        (
            '响应Header参数：\nX-Subject-Token: abc\n响应Body参数：\n{"token": {"x": 1}}',
            None,
            {"token": {"x": 1}},
        ),
    ],
)
def test_status_and_labels(text: str, status: str | None, value: Any) -> None:
    parsed = parse_example(text)
    assert (parsed.status, parsed.value, parsed.strict) == (status, value, True)


@pytest.mark.parametrize("body", ["None", "NONE", "无", "null", "", "  \n ", "POST /v1/x\n\nNone"])
def test_empty_bodies(body: str) -> None:
    parsed = parse_example(body)
    assert parsed.value is NOT_STATED
    assert parsed.strict is True and parsed.problem is None


REPAIRS = [
    ('{\n  "a": 1,\n  "b": [1, 2,],\n}', {"a": 1, "b": [1, 2]}, ("trailing-commas",)),
    (
        '{\n  // the id\n  "id": "http://x/y", # a comment\n  "n": 1\n}',
        {"id": "http://x/y", "n": 1},
        ("comments",),
    ),
    ('{\n  /* block */ "a": 1\n}', {"a": 1}, ("comments",)),
    (
        '{\n  “name”： “测试”，\n  "note": "说“明”"\n}',
        {"name": "测试", "note": "说“明”"},
        ("smart-quotes",),
    ),
    (
        '{\n  "servers": [\n    {"id": 1},\n    ...\n  ]\n}',
        {"servers": [{"id": 1}]},
        ("ellipsis", "trailing-commas"),
    ),
    ('{"servers": [{...}, …]}', {"servers": [{}]}, ("ellipsis", "trailing-commas")),
    ('ok\n\n{\n  "submissions": []\n}', {"submissions": []}, ("leading-text",)),
    ('{"a": 1}\nThe response is returned.', {"a": 1}, ("trailing-text",)),
    # two bodies of a list written without its brackets (zh-md/dli/批量删除作业.md): the first is checked
    ('{\n    "is_success": "true"\n},\n{\n    "is_success": "true"\n}', {"is_success": "true"}, ("trailing-text",)),
]


@pytest.mark.parametrize(("text", "value", "fixes"), REPAIRS)
def test_tolerant_repairs(text: str, value: Any, fixes: tuple[str, ...]) -> None:
    parsed = parse_example(text)
    assert parsed.value == value
    assert parsed.strict is False
    assert parsed.fixes == fixes
    assert parsed.problem


def test_problem_line_is_relative_to_the_block() -> None:
    parsed = parse_example('POST /v1/x\n\n{\n  "a": 1\n  "b": 2\n}')
    assert parsed.value is NOT_STATED and parsed.strict is False
    assert parsed.problem == "Expecting ',' delimiter: line 5 column 3"


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1,\n "b": 2\n "c": 3}',  # missing comma
        '{\n  order_id: "CS2102"\n}',  # unquoted key
        '{"cert": "-----BEGIN\nCERT-----"}',  # raw newline in a string
        '{"a": <placeholder>}',
        '{"a": 1}\n{"b": 2}',  # two bodies
        '    "jid": "65b6",\n    "nodes": [\n        {"id": "0a44"},\n        {"id": "bc76"}\n    ]',  # a body's inside
        '"nodes": [{"id": 1}, {"id": 2}]',  # its first element is not the body
        "cmVtIGNtZA0KZWNobyAxMTE=",
    ],
)
def test_unrepairable(text: str) -> None:
    parsed = parse_example(text)
    assert parsed.value is NOT_STATED
    assert parsed.strict is False
    assert parsed.problem


def test_xml_body_is_reported() -> None:
    parsed = parse_example('<?xml version="1.0"?>\n<a/>')
    assert parsed.value is NOT_STATED and not parsed.strict and parsed.problem


def test_curl_command() -> None:
    parsed = parse_example(
        "curl -X POST 'https://ecs.example.com/v1/p1/servers?x=1' \\\n"
        '  -H \'Content-Type: application/json\' \\\n  -d \'{"server": {"name": "a"}}\''
    )
    assert (parsed.method, parsed.path) == ("POST", "/v1/p1/servers")
    assert parsed.value == {"server": {"name": "a"}} and parsed.strict


def test_curl_without_method_or_body_is_a_get() -> None:
    parsed = parse_example("curl -k https://ecs.example.com/v2/p1/servers")
    assert (parsed.method, parsed.path, parsed.value) == ("GET", "/v2/p1/servers", NOT_STATED)


def test_parse_json_tolerant_directly() -> None:
    assert parse_json_tolerant("[1, 2]") == ([1, 2], True, None, ())
    value, strict, problem, fixes = parse_json_tolerant("[1, 2,]", line_offset=3)
    assert (value, strict, fixes) == ([1, 2], False, ("trailing-commas",))
    assert problem is not None and "line 4" in problem


URI_LINES = [
    (
        "GET /v1.0/{project_id}/jobs?page-size=*{size}*&current-page=*{page_number}*",
        ("GET", "/v1.0/{project_id}/jobs"),
    ),
    (
        "POST /v1.0/{project_id}/streaming/jobs/stop",
        ("POST", "/v1.0/{project_id}/streaming/jobs/stop"),
    ),
    ("GET/v1.0/{project_id}/queues", ("GET", "/v1.0/{project_id}/queues")),
    ("POST https://{endpoint}/v3/auth/tokens", ("POST", "/v3/auth/tokens")),
    ("GET https://iam.example.com:443/v3/auth/catalog", ("GET", "/v3/auth/catalog")),
    ("DELETE {endpoint}/v2/{project_id}/x", ("DELETE", "/v2/{project_id}/x")),
    (
        "GET /v1/{project_id}/instances?limit={limit}&offset={offset}",
        ("GET", "/v1/{project_id}/instances"),
    ),
    (
        "GET /v1.0/{project_id}/jobs/{job_id}?page-size={size}&current-page={page_number}",
        ("GET", "/v1.0/{project_id}/jobs/{job_id}"),
    ),
    (
        "GET /v3/auth/catalog This API is used to query the service catalog.",
        ("GET", "/v3/auth/catalog"),
    ),
    ("  PATCH  /v2/x/{id}", ("PATCH", "/v2/x/{id}")),
    ("HEAD /v1/buckets/{name}", ("HEAD", "/v1/buckets/{name}")),
    ("OPTIONS /v1/x", ("OPTIONS", "/v1/x")),
    ("PUT /v1/x/{id}。", ("PUT", "/v1/x/{id}")),
    ("URI format\nPOST /v1.0/{project_id}/jobs\nmore text", ("POST", "/v1.0/{project_id}/jobs")),
    (
        "POST /v2.1/{project_id}/servers\nPOST /v2/{project_id}/servers",
        ("POST", "/v2.1/{project_id}/servers"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), URI_LINES)
def test_find_request_line(text: str, expected: tuple[str, str]) -> None:
    assert find_request_line(text) == expected


@pytest.mark.parametrize(
    "text", ["Use GET to query a job.", "POST", "The POST method", "get /v1/x", ""]
)
def test_no_request_line(text: str) -> None:
    assert find_request_line(text) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["PATH: /rds/v1/{project_id}/instances/{instance_id}", "Method: DELETE"],
            ("DELETE", "/rds/v1/{project_id}/instances/{instance_id}"),
        ),
        (
            ["Method: get", "PATH: /rds/v1/{project_id}/flavors"],
            ("GET", "/rds/v1/{project_id}/flavors"),
        ),
        (["PATH：/rds/v1/x", "Method：POST"], ("POST", "/rds/v1/x")),
        (["PATH: /rds/v1/x"], None),
        (["Method: DELETE"], None),
    ],
)
def test_method_path_pair(lines: list[str], expected: tuple[str, str] | None) -> None:
    assert find_method_path_pair(lines) == expected


def test_split_query_and_path_of() -> None:
    assert split_query("/v1/x?limit={limit}&offset=1") == ("/v1/x", "limit={limit}&offset=1")
    assert split_query("/v1/x") == ("/v1/x", None)
    assert path_of("https://{endpoint}/v3/x?a=1") == "/v3/x"
    assert path_of("/v3/x") == "/v3/x"


def test_alternatives_split_a_block_at_a_line_that_is_only_or() -> None:
    text = '{\n  "a": 1\n}\nOr\n{\n  "a": null\n}'
    assert alternatives(text) == [(0, '{\n  "a": 1\n}'), (4, '{\n  "a": null\n}')]
    assert alternatives('{"a": 1}\n或者\n{"a": 2}') == [(0, '{"a": 1}'), (2, '{"a": 2}')]
    # "or" inside a line, or a block with one part, is left whole
    one = '{\n  "mode": "a or b"\n}'
    assert alternatives(one) == [(0, one)]
    assert alternatives('Or\n{"a": 1}') == [(0, 'Or\n{"a": 1}')]


def test_a_masked_secret_is_no_contradiction_of_its_length() -> None:
    # the page states 8 to 32 characters and its example redacts the password as "******":
    # a placeholder, so lint does not report it; a number there would still be a type problem
    from dataclasses import replace as _replace

    from docconform.extractor.drift.examples import example_problems
    from docconform.extractor.run.pipeline import extract_file

    page = Path(__file__).parent / "data" / "families" / "dds_masked_password_example.rst"
    (ep,) = extract_file(page, str(page)).endpoints
    pwd = next(c for c in ep.request_body.children if c.name == "user_pwd")
    assert dict(pwd.constraints).get("minLength") == 8
    (request,) = [x for x in ep.examples if x.kind == "request"]
    assert request.value["user_pwd"] == "******"
    assert [p.pointer for p in example_problems(ep) if "user_pwd" in p.pointer] == []
    typed = _replace(ep, examples=(_replace(request, value={**request.value, "user_pwd": 123456}),))
    assert [p.keyword for p in example_problems(typed) if "user_pwd" in p.pointer] == ["type"]
