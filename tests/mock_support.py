"""Helpers for the mock tests: a synthetic contract with every parameter kind, and the seeds'.

The synthetic bundle is written the way ``docconform extract`` writes one
(``request.path/query/header/body``, ``x-source`` on every documented
element), so the tests go through :func:`docconform.conformance.contract.load_contract`
like real schemas do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docconform.conformance.contract import Operation, load_contract

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"


def src(line: int) -> str:
    return f"api/jobs.md:{line}"


def _obj(props: dict[str, Any], required: list[str] | None = None, line: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    if line:
        out["x-source"] = src(line)
    return out


LIST_JOBS: dict[str, Any] = {
    "method": "GET", "path": "/v2/{project_id}/jobs", "doc_id": "jobs_list", "title": "Listing Jobs",
    "x-source": src(1),
    "request": {
        "path": _obj({"project_id": {"type": "string", "x-source": src(10)}}, ["project_id"]),
        "query": _obj({
            "limit": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100,
                      "x-source": src(11), "x-raw-type": "Integer"},
            "status": {"type": "string", "enum": ["RUNNING", "STOPPED"], "x-source": src(12)},
            "verbose": {"type": "boolean", "x-source": src(13)},
            "tags": {"type": "array", "items": {"type": "string"}, "x-source": src(14)},
        }, ["limit"]),
        "header": _obj({"X-Auth-Token": {"type": "string", "x-source": src(15)}}, ["X-Auth-Token"]),
        "body": None,
    },
    "responses": {
        "200": {"description": "ok", "x-source": src(30), "body": _obj({
            "count": {"type": "integer", "x-source": src(31)},
            "jobs": {"type": "array", "x-source": src(32), "items": _obj({
                "id": {"type": "integer", "format": "int64", "x-source": src(33)},
                "status": {"type": "string", "enum": ["RUNNING", "STOPPED"], "x-source": src(34)},
            }, ["id"])},
        }, ["count"], 30)},
        "404": {"description": "no such project", "x-source": src(35), "body": _obj({
            "error_code": {"type": "string", "x-source": src(36)}}, ["error_code"])},
    },
    "examples": [
        {"kind": "response", "status": "200", "value": {"count": 1, "jobs": [{"id": 7, "status": "RUNNING"}]},
         "x-source": src(40)},
        {"kind": "response", "status": "200", "value": {"count": "many"}, "x-source": src(45)},
        {"kind": "response", "status": "404", "value": {"error_code": "DLI.0001"}, "x-source": src(50)},
    ],
}

CREATE_JOB: dict[str, Any] = {
    "method": "POST", "path": "/v2/{project_id}/jobs", "doc_id": "jobs_create", "title": "Creating a Job",
    "x-source": src(60),
    "request": {
        "path": _obj({"project_id": {"type": "string", "x-source": src(61)}}, ["project_id"]),
        "body": _obj({
            "name": {"type": "string", "maxLength": 8, "x-source": src(62), "x-raw-type": "String"},
            "job_ids": {"type": "array", "items": {"type": "integer", "format": "int64"},
                        "x-source": src(63), "x-raw-type": "Array of Long"},
            "config": _obj({"retries": {"type": "integer", "format": "int32", "x-source": src(65)}},
                           ["retries"], 64),
            "rules": {"type": "array", "x-source": src(66), "items": _obj({
                "id": {"type": "integer", "x-source": src(67)},
                "mode": {"type": "string", "enum": ["a", "b"], "x-source": src(68)},
            }, ["id"])},
        }, ["name"], 61),
    },
    "responses": {"201": {"description": "created", "x-source": src(70), "body": None}},
    "examples": [],
}

STOP_JOB: dict[str, Any] = {
    "method": "POST", "path": "/v2/{project_id}/jobs/stop", "doc_id": "jobs_stop", "title": "Stopping",
    "x-source": src(80),
    "request": {"path": _obj({"project_id": {"type": "string", "x-source": src(81)}}, ["project_id"])},
    "responses": {"200": {"description": "ok", "x-source": src(82), "body": None}},
}

GET_JOB: dict[str, Any] = {
    "method": "GET", "path": "/v2/{project_id}/jobs/{job_id}", "doc_id": "jobs_get", "title": "Getting",
    "x-source": src(90),
    "request": {"path": _obj({"project_id": {"type": "string", "x-source": src(91)},
                              "job_id": {"type": "integer", "x-source": src(92)}},
                             ["project_id", "job_id"])},
    "responses": {"200": {"description": "ok", "x-source": src(93), "body": _obj({
        "id": {"type": "integer", "x-source": src(94)}}, ["id"])}},
}

BUNDLES = {"list": LIST_JOBS, "create": CREATE_JOB, "stop": STOP_JOB, "get": GET_JOB}


def synthetic_contract(folder: Path) -> list[Operation]:
    """The synthetic operations, written as bundles into ``folder`` and loaded back."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, bundle in BUNDLES.items():
        (folder / f"{name}.json").write_text(json.dumps(bundle), encoding="utf-8")
    return load_contract(folder)


def by_name(ops: list[Operation], doc_id: str) -> Operation:
    return next(op for op in ops if op.doc_id == doc_id)


def seed_bundle(fragment: str) -> dict[str, Any]:
    """The committed bundle of the seeds whose file name contains ``fragment``."""
    (path,) = [p for p in SCHEMAS.glob("*.json") if fragment in p.name]
    return json.loads(path.read_text(encoding="utf-8"))
