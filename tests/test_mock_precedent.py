"""Page precedent: a request that deviates from the table exactly as the page's own example
does is served with a warning naming the example's line; --strict rejects it; any other
place or way is still rejected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from docconform.conformance.contract import Operation, load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.certify import certify
from docconform.conformance.mock.server import MockServer
from docconform.conformance.mock.validate import IncomingRequest, RequestValidator, Violation

from tests.mock_support import src

JSON = {"content-type": "application/json"}

PAGE: dict[str, Any] = {
    "method": "POST", "path": "/v1/jobs", "doc_id": "job_create", "title": "Creating a job",
    "x-source": src(500),
    "request": {"body": {
        "type": "object", "x-source": src(510), "required": ["name", "queue"],
        "properties": {
            "name": {"type": "string", "x-source": src(511)},
            "queue": {"type": "string", "x-source": src(512)},
            "count": {"type": "integer", "x-source": src(513)},
            "size": {"type": "integer", "x-source": src(514)},
            "store": {"type": "string", "enum": ["HDFS", "LOCAL"], "x-source": src(515)},
            "label": {"type": "string", "minLength": 8, "maxLength": 16, "x-source": src(516)},
            "steps": {"type": "array", "x-source": src(517), "items": {
                "type": "object", "properties": {"order": {"type": "integer", "x-source": src(518)}}}},
            "mode": {"x-source": src(519), "oneOf": [{"type": "integer"}, {"type": "boolean"}]},
        }}},
    "examples": [
        # the page contradicts its table: count in quotes, no queue, OBS not in the enum,
        # a label shorter than minLength, an order in quotes in the first step, a mode in neither branch
        {"kind": "request", "strict": True, "x-source": src(540),
         "value": {"name": "j", "count": "5", "store": "OBS", "label": "abc",
                   "steps": [{"order": "1"}], "mode": "fast"}},
    ],
}
GOOD = {"name": "n", "queue": "q"}


@pytest.fixture(scope="module")
def op(tmp_path_factory: pytest.TempPathFactory) -> Operation:
    folder = tmp_path_factory.mktemp("precedent")
    (folder / "job.json").write_text(json.dumps(PAGE), encoding="utf-8")
    (found,) = load_contract(folder)
    return found


def judge(op: Operation, body: dict[str, Any], *, strict: bool = False) -> list[Violation]:
    req = IncomingRequest({}, [], dict(JSON), json.dumps(body).encode())
    return [v for v in RequestValidator(op, strict=strict).validate(req).violations if v.pointer.startswith("/body")]


def seen(violations: list[Violation]) -> list[tuple[str, str, str, str]]:
    return [(v.level, v.rule, v.pointer, v.precedent) for v in violations]


@pytest.mark.parametrize(("body", "rule", "pointer"), [
    ({**GOOD, "count": "7"}, "type-mismatch", "/body/count"),  # another string, as the example's "5"
    ({"name": "n"}, "required-missing", "/body/queue"),
    ({**GOOD, "store": "OBS"}, "enum-mismatch", "/body/store"),
    ({**GOOD, "label": "xy"}, "constraint-violated", "/body/label"),
    ({**GOOD, "steps": [{"order": 1}, {"order": "2"}]}, "type-mismatch", "/body/steps/1/order"),  # any index
])
def test_the_same_deviation_at_the_same_place_is_a_warning_naming_the_example(
        op: Operation, body: dict[str, Any], rule: str, pointer: str) -> None:
    (v,) = judge(op, body)
    assert seen([v]) == [("warning", rule, pointer, src(540))]
    assert f"the page's own example does the same ({src(540)})" in v.message
    (strict,) = judge(op, body, strict=True)
    assert seen([strict]) == [("error", rule, pointer, "")]


@pytest.mark.parametrize(("body", "rule", "pointer"), [
    ({**GOOD, "count": True}, "type-mismatch", "/body/count"),  # another JSON type than the example's
    ({**GOOD, "size": "5"}, "type-mismatch", "/body/size"),  # the same type, another field
    ({"queue": "q"}, "required-missing", "/body/name"),  # the example has name
    ({**GOOD, "store": "S3"}, "enum-mismatch", "/body/store"),  # another value outside the enum
    ({**GOOD, "label": "x" * 20}, "constraint-violated", "/body/label"),  # maxLength, not minLength
    ({**GOOD, "mode": "slow"}, "constraint-violated", "/body/mode"),  # oneOf never makes a precedent
])
def test_another_place_or_way_is_still_rejected(op: Operation, body: dict[str, Any], rule: str,
                                                 pointer: str) -> None:
    assert seen(judge(op, body)) == [("error", rule, pointer, "")]


def test_the_precedents_come_from_the_example_alone(op: Operation) -> None:
    # count, queue, store, label (minLength), steps/*/order; not the oneOf of mode
    assert len(RequestValidator(op).precedents) == 5
    assert judge(op, {**GOOD, "count": 1, "store": "HDFS", "label": "abcdefgh"}) == []


def test_served_with_the_warning_and_rejected_under_strict(op: Operation, tmp_path: Path) -> None:
    (tmp_path / "job.json").write_text(json.dumps(PAGE), encoding="utf-8")
    ops = load_contract(tmp_path)
    body = {"name": "n", "count": "9"}
    for strict, status in ((False, 202), (True, 400)):
        record = tmp_path / f"record-{strict}.json"
        with MockServer(ops, MockOptions(seed=1, strict=strict), record=record) as mock, \
                httpx.Client(base_url=mock.url) as http:
            answer = http.post("/v1/jobs", json=body)
        assert answer.status_code in ((200, 201, 202) if not strict else (400,)), answer.text
        (exchange,) = json.loads(record.read_text(encoding="utf-8"))["exchanges"]
        levels = {v["pointer"]: (v["level"], v.get("precedent")) for v in exchange["violations"]}
        contract = json.loads(record.read_text(encoding="utf-8"))["contract"]["operations"]
        listed = [(p["rule"], p["pointer"], p["source"]) for p in contract[0].get("precedents", [])]
        assert listed == ([] if strict else [
            ("constraint-violated", "/body/label", src(540)), ("enum-mismatch", "/body/store", src(540)),
            ("required-missing", "/body/queue", src(540)), ("type-mismatch", "/body/count", src(540)),
            ("type-mismatch", "/body/steps/*/order", src(540))])
        (endpoint,) = certify(json.loads(record.read_text(encoding="utf-8")))["endpoints"]
        assert len(endpoint["precedents"]) == (0 if strict else 5)
        expected = ("warning", src(540)) if not strict else ("error", None)
        assert levels["/body/count"] == expected and levels["/body/queue"] == expected
        if not strict:
            assert answer.headers["x-docconform-precedents"] == "2"


def test_a_masked_secret_in_the_example_sets_no_precedent(tmp_path: Path) -> None:
    # rst/dds creating_a_db_instance.rst:75 and :331 (shortened): "password" must be 8 to 32
    # characters, and the example request redacts it as "******"; a placeholder, so a client's
    # six-character password is still refused, while a real short value in an example excuses.
    page = {"method": "POST", "path": "/v3/{project_id}/instances", "doc_id": "dds_api_0020",
            "x-source": src(600),
            "request": {"body": {"type": "object", "x-source": src(610), "properties": {
                "password": {"type": "string", "minLength": 8, "maxLength": 32, "x-source": src(611)},
                "name": {"type": "string", "minLength": 4, "x-source": src(612)}}}},
            "examples": [{"kind": "request", "strict": True, "x-source": src(631),
                          "value": {"name": "dds", "password": "******"}}]}
    (tmp_path / "dds.json").write_text(json.dumps(page), encoding="utf-8")
    (masked,) = load_contract(tmp_path)
    assert seen(judge(masked, {"password": "abcdef"})) == [
        ("error", "constraint-violated", "/body/password", "")]
    (short,) = judge(masked, {"name": "ab"})  # the example's "dds" is a value: it excuses
    assert seen([short]) == [("warning", "constraint-violated", "/body/name", src(631))]
