"""One violation per fact: a request missing N mandatory fields gets N violations, once each,
in the problem document, in the record and in certify's counts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.certify import certify
from docconform.conformance.mock.server import MockServer

from tests.mock_support import src

NAMES = ["alpha", "beta", "gamma", "delta", "epsilon"]

FIVE_REQUIRED: dict[str, Any] = {
    "method": "POST", "path": "/v1/{project_id}/things", "doc_id": "things_create", "title": "Creating",
    "x-source": src(200),
    "request": {
        "path": {"type": "object", "properties": {"project_id": {"type": "string", "x-source": src(201)}},
                 "required": ["project_id"]},
        "body": {"type": "object", "x-source": src(202), "required": NAMES, "properties": {
            name: {"type": "string", "x-source": src(203 + i)} for i, name in enumerate(NAMES)}},
    },
    "responses": {"200": {"description": "ok", "x-source": src(210), "body": None}},
}


@pytest.fixture(scope="module")
def exchanges(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("counts")
    (folder / "things.json").write_text(json.dumps(FIVE_REQUIRED), encoding="utf-8")
    record = folder / "record.json"
    problems = {}
    with MockServer(load_contract(folder), MockOptions(seed=1), record=record) as mock:
        for missing in (1, 2, 5):
            body = {name: "x" for name in NAMES[missing:]}
            problems[missing] = httpx.post(f"{mock.url}/v1/p/things", json=body).json()
    data = json.loads(Path(record).read_text(encoding="utf-8"))
    return {"problems": problems, "record": data, "report": certify(data)}


@pytest.mark.parametrize("missing", [1, 2, 5])
def test_problem_document_names_each_missing_field_once(exchanges: dict[str, Any], missing: int) -> None:
    problem = exchanges["problems"][missing]
    pointers = [v["pointer"] for v in problem["violations"]]
    assert sorted(pointers) == sorted(f"/body/{name}" for name in NAMES[:missing])
    assert problem["detail"].startswith(f"{missing} violation")
    assert {v["class"] for v in problem["violations"]} == {"client"}


def test_record_and_certify_count_each_fact_once(exchanges: dict[str, Any]) -> None:
    counts = [len(x["violations"]) for x in exchanges["record"]["exchanges"]]
    assert counts == [1, 2, 5]
    report = exchanges["report"]
    assert report["summary"]["violations"]["error"] == 1 + 2 + 5
    (endpoint,) = report["endpoints"]
    times = {v["pointer"]: v["count"] for v in endpoint["violations"]}
    assert times == {"/body/alpha": 3, "/body/beta": 2, "/body/gamma": 1, "/body/delta": 1,
                     "/body/epsilon": 1}
    assert {v["source"] for v in endpoint["violations"]} == {src(203 + i) for i in range(5)}
