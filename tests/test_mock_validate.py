"""Request validation, without a server: each rule, its pointer and its document line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docconform.conformance.contract import Operation
from docconform.conformance.mock.schema import inventory, normalize_pointer
from docconform.conformance.mock.validate import IncomingRequest, RequestValidator, Violation
from tests.mock_support import by_name, src, synthetic_contract

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def ops(tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    return synthetic_contract(tmp_path_factory.mktemp("contract"))


def check(op: Operation, *, query: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None,
          body: object = None, raw: bytes | None = None, strict: bool = False,
          path: dict[str, str] | None = None) -> list[Violation]:
    data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
    req = IncomingRequest(path or {"project_id": "p1"}, query or [],
                          {**JSON, **(headers or {})} if data else dict(headers or {}), data)
    return RequestValidator(op, strict=strict).validate(req).violations


def rules(violations: list[Violation], level: str | None = None) -> list[tuple[str, str, str]]:
    return [(v.rule, v.pointer, v.source) for v in violations if level is None or v.level == level]


def test_valid_query_and_header(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_list"),
                  query=[("limit", "10"), ("status", "RUNNING"), ("verbose", "true"), ("tags", "a,b")],
                  headers={"x-auth-token": "t"})
    assert found == []


def test_missing_required_header_and_query(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_list"))
    assert rules(found) == [("required-missing", "/header/X-Auth-Token", src(15)),
                            ("required-missing", "/query/limit", src(11))]


@pytest.mark.parametrize(("name", "value", "rule", "line"), [
    ("limit", "ten", "type-mismatch", 11),
    ("limit", "0", "constraint-violated", 11),
    ("limit", "101", "constraint-violated", 11),
    ("limit", "2.5", "type-mismatch", 11),
    ("status", "PAUSED", "enum-mismatch", 12),
    ("verbose", "yes", "type-mismatch", 13),
])
def test_query_values(ops: list[Operation], name: str, value: str, rule: str, line: int) -> None:
    query = [("limit", "5"), (name, value)] if name != "limit" else [(name, value)]
    found = check(by_name(ops, "jobs_list"), query=query, headers={"x-auth-token": "t"})
    assert rules(found) == [(rule, f"/query/{name}", src(line))]


def test_type_message_quotes_the_documented_phrase(ops: list[Operation]) -> None:
    (v,) = check(by_name(ops, "jobs_list"), query=[("limit", "ten")], headers={"x-auth-token": "t"})
    assert "integer (Integer)" in v.message and '"ten"' in v.message


def test_path_value_type(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_get"), path={"project_id": "p", "job_id": "abc"})
    assert rules(found) == [("type-mismatch", "/path/job_id", src(92))]


def test_undocumented_params_and_headers(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_list"), query=[("limit", "1"), ("offset", "3")],
                  headers={"x-auth-token": "t", "x-sdk-date": "now", "user-agent": "sdk"})
    assert [(v.rule, v.pointer, v.level) for v in found] == [
        ("param-undocumented", "/query/offset", "warning"),
        ("header-undocumented", "/header/x-sdk-date", "info"),
    ]
    strict = check(by_name(ops, "jobs_list"), query=[("limit", "1"), ("offset", "3")],
                   headers={"x-auth-token": "t"}, strict=True)
    assert [(v.rule, v.level) for v in strict] == [("param-undocumented", "error")]


def test_body_rules_point_at_the_documented_line(ops: list[Operation]) -> None:
    body = {"job_ids": ["1", 2], "config": {}, "rules": [{"id": 1}, {"mode": "c"}], "name": "x" * 9}
    found = check(by_name(ops, "jobs_create"), body=body)
    assert rules(found, "error") == [
        ("required-missing", "/body/config/retries", src(65)),
        ("type-mismatch", "/body/job_ids/0", src(63)),
        ("constraint-violated", "/body/name", src(62)),
        ("required-missing", "/body/rules/1/id", src(67)),
        ("enum-mismatch", "/body/rules/1/mode", src(68)),
    ]


def test_missing_body_field_and_int64_range(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_create"), body={"job_ids": [2**63]})
    assert rules(found) == [("constraint-violated", "/body/job_ids/0", src(63)),
                            ("required-missing", "/body/name", src(62))]


def test_undocumented_field_suggests_the_documented_name(ops: list[Operation]) -> None:
    found = check(by_name(ops, "jobs_create"), body={"name": "a", "jobIds": [1], "rules": [{"id": 1, "x": 1},
                                                                                           {"id": 2, "x": 2}]})
    assert [(v.rule, v.pointer, v.level) for v in found] == [
        ("field-undocumented", "/body/jobIds", "warning"),
        ("field-undocumented", "/body/rules/0/x", "warning"),
    ]
    assert "did you mean job_ids?" in found[0].message
    assert [v.source for v in found] == [src(61), src(66)]  # the tables listing those objects' fields


@pytest.mark.parametrize(("raw", "headers", "rule"), [
    (b"{bad", JSON, "body-invalid-json"),
    (b'{"name": NaN}', JSON, "body-invalid-json"),
    (b'{"name": 1e999}', JSON, "body-invalid-json"),
    (b"\xff\xfe{", JSON, "body-invalid-json"),
    (b"[" * 100_000 + b"]" * 100_000, JSON, "body-invalid-json"),
    (b"name=a", {"content-type": "application/x-www-form-urlencoded"}, "content-type-unsupported"),
    (b'{"name": "a"}', {"content-type": ""}, "content-type-unsupported"),
])
def test_body_syntax_and_media_type(ops: list[Operation], raw: bytes, headers: dict[str, str],
                                    rule: str) -> None:
    op = by_name(ops, "jobs_create")
    found = RequestValidator(op).validate(IncomingRequest({"project_id": "p"}, [], headers, raw)).violations
    assert [v.rule for v in found] == [rule]
    assert found[0].source == src(61)


def test_body_missing_and_body_undocumented(ops: list[Operation]) -> None:
    assert rules(check(by_name(ops, "jobs_create"))) == [("body-missing", "/body", src(61))]
    found = check(by_name(ops, "jobs_stop"), body={"x": 1})
    assert [(v.rule, v.level) for v in found] == [("body-undocumented", "warning")]
    assert check(by_name(ops, "jobs_stop"), raw=b"") == []


def test_json_media_types_accepted(ops: list[Operation]) -> None:
    op = by_name(ops, "jobs_create")
    for media in ("application/json;charset=UTF-8", "application/merge-patch+json", "Application/JSON"):
        req = IncomingRequest({"project_id": "p"}, [], {"content-type": media}, b'{"name": "a"}')
        assert RequestValidator(op).validate(req).violations == []


def test_exercised_and_inventory(ops: list[Operation]) -> None:
    op = by_name(ops, "jobs_create")
    req = IncomingRequest({"project_id": "p"}, [], JSON, json.dumps(
        {"name": "a", "rules": [{"id": 1}, {"id": 2, "mode": "a"}]}).encode())
    exercised = RequestValidator(op).validate(req).exercised
    assert exercised == ["/path/project_id", "/body", "/body/name", "/body/rules",
                         "/body/rules/*/id", "/body/rules/*/mode"]
    pointers = {i.pointer: i.required for i in inventory(op)}
    assert pointers == {"/path/project_id": True, "/body": True, "/body/name": True, "/body/job_ids": False,
                        "/body/config": False, "/body/config/retries": True, "/body/rules": False,
                        "/body/rules/*/id": True, "/body/rules/*/mode": False}


def test_normalize_pointer() -> None:
    assert normalize_pointer("/body/rules/12/id") == "/body/rules/*/id"
    assert normalize_pointer("/query/1") == "/query/1"


def test_seed_contract_validates_the_documented_request_example() -> None:
    """Every request example the seeds document passes the mock's validation."""
    from docconform.conformance.contract import load_contract

    for op in load_contract(Path(__file__).resolve().parents[1] / "schemas"):
        for ex in op.examples:
            if ex.kind == "request" and op.body is not None:
                req = IncomingRequest({}, [], JSON, json.dumps(ex.value).encode())
                assert [v for v in RequestValidator(op).validate(req).violations
                        if v.pointer.startswith("/body")] == [], (op.name, ex.source)
