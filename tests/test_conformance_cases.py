"""Case generation: schema helpers, boundary and invalid values, explicit cases, strategies.

Properties over the real seed contract: every case called valid validates
against the documented body schema, every case called invalid does not (or
lacks a mandatory parameter), whatever Hypothesis draws.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docconform.conformance.suite import cases
from docconform.conformance.suite.case import Case, Fixed, build_request
from docconform.conformance.contract import Operation, load_contract
from docconform.conformance.schema_tools import (
    delete_at,
    generation_schema,
    is_valid,
    minimal_instance,
    set_at,
    source_along,
    validation_errors,
)
from docconform.conformance.suite.strategies import from_operation, from_schema
from docconform.conformance.suite.values import LARGE_ARRAY, boundary_values, invalid_values

REPO = Path(__file__).resolve().parents[1]
_LOADED = load_contract(REPO / "schemas")
STOP = next(op for op in _LOADED if op.doc_id == "dli_02_0241")
DELETE = next(op for op in _LOADED if op.doc_id == "dli_02_0243")
CDM = next(op for op in _LOADED if op.method == "PUT")
ALL = [STOP, DELETE, CDM]


def test_generation_schema_bounds_integer_formats_and_closes_objects() -> None:
    gen = generation_schema(STOP.body)
    items = gen["properties"]["job_ids"]["items"]
    assert (items["minimum"], items["maximum"]) == (-(2**63), 2**63 - 1)
    assert gen["additionalProperties"] is False and "x-source" not in gen
    assert "description" not in gen["properties"]["trigger_savepoint"]


def test_validation_enforces_integer_formats() -> None:
    assert is_valid(STOP.body, {"job_ids": [2**63 - 1]})
    errors = validation_errors(STOP.body, {"job_ids": [2**63]})
    assert errors and list(errors[0].absolute_path) == ["job_ids", 0]
    schema = {"type": "integer", "format": "int32"}
    assert is_valid(schema, 2**31 - 1) and not is_valid(schema, 2**31)


def test_source_along_finds_the_deepest_promise() -> None:
    schema = CDM.responses[0].schema
    path = ["properties", "submissions", "items", "properties", "submission-id", "format"]
    assert source_along(schema, path) == "seeds/003_49cb9d45244a94ce.txt:117"
    assert source_along(schema, ["properties", "nope"]) == "seeds/003_49cb9d45244a94ce.txt:71"


def test_set_and_delete_at_copy() -> None:
    body = {"a": [{"b": 1}]}
    assert set_at(body, ["a", 0, "b"], 2) == {"a": [{"b": 2}]} and body == {"a": [{"b": 1}]}
    assert delete_at(body, ["a", 0, "b"]) == {"a": [{}]} and body == {"a": [{"b": 1}]}
    assert set_at({}, ["x", 1], 5, {"properties": {"x": {"type": "array", "items": {"type": "integer"}}}}) \
        == {"x": [1, 5]}
    assert minimal_instance(STOP.body) == {"job_ids": []}
    assert minimal_instance(STOP.body, full=True) == {"job_ids": [1], "trigger_savepoint": False}


def test_boundary_values_cover_type_limits() -> None:
    long_values = dict(boundary_values({"type": "integer", "format": "int64"}))
    assert 2**63 - 1 in long_values.values() and -(2**63) in long_values.values()
    int_values = list(dict(boundary_values({"type": "integer", "format": "int32"})).values())
    assert 2**31 - 1 in int_values and -(2**31) in int_values
    strings = dict(boundary_values({"type": "string"}))
    assert "" in strings.values() and any(len(v) >= 4096 for v in strings.values())
    assert any(not v.isascii() for v in strings.values())
    arrays = list(dict(boundary_values({"type": "array", "items": {"type": "integer"}})).values())
    assert [] in arrays and any(len(a) == LARGE_ARRAY for a in arrays)
    assert dict(boundary_values({"type": "string", "enum": ["A", "B"]})) == {"enum value 'A'": "A",
                                                                            "enum value 'B'": "B"}


PATCH_OPERATION = {
    "type": "object",
    "properties": {
        "op": {"type": "string", "enum": ["add", "replace", "remove"]},
        "path": {"type": "string"},
        "value": {"type": "string", "x-required-when": "It is not required when op is remove"},
        "note": {"type": "string"},
    },
    "required": ["op", "path"],
}


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_valid_cases_send_fields_required_under_a_condition_in_words(data: st.DataObject) -> None:
    """IMS PATCH: 'value' is needed unless op is remove, which the suite cannot evaluate; it is
    always sent (nothing forbids it), never a field a valid case may leave out."""
    assert minimal_instance(PATCH_OPERATION) == {"op": "add", "path": "x", "value": "x"}
    assert generation_schema(PATCH_OPERATION)["required"] == ["op", "path", "value"]
    drawn_body = data.draw(from_schema(generation_schema(PATCH_OPERATION)))
    assert {"op", "path", "value"} <= set(drawn_body)



def test_invalid_values_break_the_schema() -> None:
    for schema in ({"type": "integer", "format": "int32"}, {"type": "boolean"}, {"type": "string", "enum": ["A"]},
                   {"type": "array", "items": {"type": "integer", "format": "int64"}}, {"type": "object"},
                   {"type": "string", "maxLength": 3}):
        values = invalid_values(schema)
        assert values, schema
        assert all(not is_valid(schema, v) for _, v in values), schema


def test_base_case_uses_the_documented_request_line() -> None:
    base = cases.base_case(CDM)
    assert dict(base.path_params) == {"project_id": "1551c7f6c808414d8e9f3c514a170f2e",
                                      "cluster_id": "6ec9a0a4-76be-4262-8697-e7af1fac7920",
                                      "job_name": "jdbc2hive"}
    assert cases.base_case(STOP).body == {"job_ids": [128, 137], "trigger_savepoint": False}
    (example,) = cases.example_cases(CDM)
    assert example.source == "seeds/003_49cb9d45244a94ce.txt:205"


@pytest.mark.parametrize("op", ALL, ids=lambda o: o.name)
def test_explicit_cases_are_what_they_claim(op: Operation) -> None:
    for case in cases.boundary_cases(op) + cases.example_cases(op):
        assert case.valid and (not case.has_body or is_valid(op.body, case.body)), case.label
    negatives = cases.negative_cases(op)
    assert negatives
    for case in negatives:
        assert not case.valid and case.source
        if case.has_body and case.raw_body is None and not case.own:  # the body is what is broken
            assert not is_valid(op.body, case.body), case.label


def test_boundary_cases_include_the_promised_edges() -> None:
    labels = {c.label for c in cases.boundary_cases(STOP)}
    assert {"job_ids: empty array", f"job_ids: large array ({LARGE_ARRAY} items)",
            "job_ids: one item, int64 maximum 9223372036854775807", "trigger_savepoint: true",
            "only required fields", "all optional fields present", "project_id: non-ASCII string"} <= labels
    assert not any(c.label.startswith("project_id") for c in cases.boundary_cases(STOP, pinned=frozenset({"project_id"})))


def test_negative_cases_cover_each_kind_of_violation() -> None:
    labels = {c.label for c in cases.negative_cases(STOP)}
    assert {"request body missing", "malformed JSON body", "mandatory field job_ids missing",
            "trigger_savepoint: wrong type (string for boolean)",
            "job_ids: item above maximum 9223372036854775807"} <= labels
    assert {c.label for c in cases.negative_cases(CDM)} == {"mandatory header X-Auth-Token missing"}
    assert {c.method for c in cases.method_cases(CDM, frozenset({"PUT"}))} == {"GET", "POST", "DELETE", "PATCH"}
    (missing,) = cases.missing_header_cases(CDM)
    assert "header:x-auth-token" in missing.own and not missing.headers


def test_build_request_fixed_values_and_encoding() -> None:
    case = Case("PUT", (("project_id", "a/b"), ("cluster_id", ".."), ("job_name", "数据")),
                headers=(("X-Auth-Token", "drawn"),))
    fixed = Fixed(path={"project_id": "p1"}, headers={"x-auth-token": "given"})
    request = build_request(CDM, case, "http://127.0.0.1:9/", fixed)
    assert request.url == "http://127.0.0.1:9/v1.1/p1/clusters/%2E%2E/cdm/job/%E6%95%B0%E6%8D%AE/stop"
    assert dict(request.headers) == {"x-auth-token": "given"}
    missing = cases.missing_header_cases(CDM)[0]
    assert dict(build_request(CDM, missing, "http://h", fixed).headers) == {}
    body = build_request(STOP, cases.base_case(STOP), "http://h", Fixed())
    assert body.body == b'{"job_ids":[128,137],"trigger_savepoint":false}'
    assert ("Content-Type", "application/json") in body.headers


@pytest.mark.parametrize("op", ALL, ids=lambda o: o.name)
def test_random_valid_cases_are_valid(op: Operation) -> None:
    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_operation(op, valid=True, fixed=Fixed(path={"project_id": "p"})))
    def check(case: Case) -> None:
        assert case.valid and dict(case.path_params)["project_id"] == "p"
        if op.body is not None:
            assert is_valid(op.body, case.body)
        assert {k for k, _ in case.headers} >= {p.name for p in op.params if p.location == "header" and p.required}
    check()


@pytest.mark.parametrize("op", ALL, ids=lambda o: o.name)
def test_random_invalid_cases_are_invalid(op: Operation) -> None:
    required = {p.name for p in op.params if p.location == "header" and p.required}

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_operation(op, valid=False))
    def check(case: Case) -> None:
        assert not case.valid and case.label
        lacks_header = not required <= {k for k, _ in case.headers}
        assert lacks_header or (op.body is not None and not is_valid(op.body, case.body))
    check()


@settings(max_examples=40, deadline=None, database=None)
@given(st.sampled_from([STOP.body, DELETE.body, CDM.responses[0].schema]).flatmap(
    lambda schema: st.tuples(st.just(schema), from_schema(generation_schema(schema)))))
def test_from_schema_draws_valid_instances(pair: tuple[dict, object]) -> None:
    schema, value = pair
    assert is_valid(schema, value)
