"""Specs as versions: OpenAPI 3.0/3.1 (JSON or YAML) and SDK ground truth read into Endpoints.

A doc team compares its pages with the spec a server or an SDK publishes:
``drift pages/ openapi.yaml``, ``diff old.json new.yaml``. The readers must
give the same model the interpreter gives for pages (so equal meanings never
count as drift), and keep the place of every element in the spec.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docconform.extractor.diagnostics import InputError
from docconform.extractor.drift.command import run_drift
from docconform.extractor.drift.diff_command import run_diff
from docconform.extractor.specs import load_spec, spec_kind

from .conftest import REPO, needs_corpus

GROUNDTRUTH = REPO.parent / "shared" / "groundtruth"

OPENAPI_30_YAML = """\
openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /v1.0/{project_id}/streaming/jobs/stop:
    parameters:
      - $ref: '#/components/parameters/ProjectId'
    post:
      operationId: BatchStopFlinkJobs
      summary: Stopping Jobs in Batches
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [job_ids]
              properties:
                job_ids:
                  type: array
                  items: {type: integer, format: int64}
                trigger_savepoint:
                  type: boolean
                  default: false
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/FlinkSuccessResponse'
              example: [{"is_success": "true", "message": "ok"}]
        "400":
          description: Bad request
components:
  parameters:
    ProjectId: {name: project_id, in: path, required: true, schema: {type: string}}
  schemas:
    FlinkSuccessResponse:
      allOf:
        - type: object
          properties:
            is_success: {type: boolean, nullable: true}
        - type: object
          properties:
            message: {type: string, maxLength: 64}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_openapi_30_yaml_reads_like_a_page(tmp_path: Path) -> None:
    path = _write(tmp_path, "jobs.yaml", OPENAPI_30_YAML)
    assert spec_kind(path) == "openapi"
    (ep,) = load_spec(path, "jobs.yaml")
    assert (ep.method, ep.path, ep.doc_id, ep.title, ep.format) == (
        "POST", "/v1.0/{project_id}/streaming/jobs/stop", "BatchStopFlinkJobs", "Stopping Jobs in Batches", "openapi")
    (project,) = ep.parameters
    assert (project.name, project.location, project.required, project.type.base) == ("project_id", "path", True, "string")
    ids, savepoint = ep.request_body.children
    assert ids.type.meaning() == ("array", None, ("integer", "int64", None, None), None) and ids.required
    assert savepoint.default is False and savepoint.required is False
    assert ids.span.line == 17 and str(ids.span).startswith("jobs.yaml:17")
    ok, bad = ep.responses
    assert (ok.status, bad.status, bad.description) == ("200", "400", "Bad request")
    assert ok.body.type.base == "array"
    assert [(c.name, c.type.base) for c in ok.body.children] == [("is_success", "boolean"), ("message", "string")]
    assert dict(ok.body.children[1].constraints) == {"maxLength": 64}
    (example,) = ep.examples
    assert example.value == [{"is_success": "true", "message": "ok"}] and example.status == "200"


def test_openapi_31_json_with_null_unions_and_maps(tmp_path: Path) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/v2/tags": {"get": {
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": ["integer", "null"]}}],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"tags": {"type": "object",
                                                      "additionalProperties": {"type": "string"}}}}}}}}}}}}
    path = _write(tmp_path, "tags.json", json.dumps(spec, indent=1))
    (ep,) = load_spec(path)
    (limit,) = ep.parameters
    assert (limit.location, limit.type.base, limit.required) == ("query", "integer", None)
    (tags,) = ep.responses[0].body.children
    assert tags.type.meaning() == ("object", None, None, ("string", None, None, None))


def test_swagger_2_and_broken_files_are_clear_input_errors(tmp_path: Path) -> None:
    swagger = _write(tmp_path, "old.json", json.dumps({"swagger": "2.0", "paths": {}}))
    with pytest.raises(InputError, match="OpenAPI 3.0 or 3.1 expected, found Swagger 2.0"):
        load_spec(swagger)
    broken = _write(tmp_path, "bad.yaml", "openapi: 3.0.0\npaths: [\n")
    with pytest.raises(InputError, match="bad.yaml: not valid YAML"):
        load_spec(broken)
    assert spec_kind(_write(tmp_path, "page.md", "# openapi")) is None


RECORDS = [  # two operations as the SDK ground truth writes them (see ../shared/groundtruth/README.md)
    {"service": "dli", "operation": "batch_stop_flink_jobs", "operation_id": "BatchStopFlinkJobs",
     "http_method": "POST", "path_template": "/v1.0/{project_id}/streaming/jobs/stop",
     "path_params": [{"name": "project_id", "type": "string", "required": True, "sdk_auto_filled": True}],
     "query_params": [], "header_params": [],
     "request_body": {"type": "object", "title": "StopFlinkJobsRequestBody",
                      "properties": {"job_ids": {"type": "array", "items": {"type": "integer"}},
                                     "trigger_savepoint": {"type": "boolean"}}, "required": ["job_ids"]},
     "response_body": {"type": "array", "items": {"type": "object", "title": "FlinkSuccessResponse",
                                                  "properties": {"is_success": {"type": "string"},
                                                                 "message": {"type": "string"}}}},
     "response_headers": []},
    {"service": "dli", "operation": "list_jobs", "operation_id": "ListJobs", "http_method": "GET",
     "path_template": "/v1.0/{project_id}/jobs", "path_params": [], "header_params": [],
     "query_params": [{"name": "limit", "type": "integer", "required": False}],
     "request_body": None, "response_body": None, "response_headers": [{"name": "X-Request-Id", "type": "string"}]},
]


def test_groundtruth_records_are_endpoints_with_columns_in_a_one_line_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "dli.json", json.dumps(RECORDS, separators=(",", ":")))
    assert spec_kind(path) == "groundtruth"
    stop, jobs = load_spec(path, "dli.json")
    assert (stop.doc_id, stop.format, stop.title) == ("BatchStopFlinkJobs", "sdk", "batch_stop_flink_jobs")
    (ok,) = stop.responses
    assert ok.status == "200" and ok.description == "" and ok.body.type.base == "array"
    is_success = ok.body.children[0]
    assert is_success.type.base == "string" and is_success.span.line == 1
    text = path.read_text()
    assert text[is_success.span.column - 1:].startswith('"is_success"')
    assert [p.name for p in jobs.parameters] == ["limit"] and jobs.responses[0].headers[0].name == "X-Request-Id"


def test_drift_compares_pages_with_a_spec_and_diff_takes_two_specs(tmp_path: Path) -> None:
    page = REPO / "tests" / "fixtures" / "drift" / "type-mismatch" / "base.rst"  # is_success: Boolean
    truth = _write(tmp_path, "dli.json", json.dumps(RECORDS, separators=(",", ":")))
    out = tmp_path / "out"
    assert run_drift([page, truth], out, fail_on=None, quiet=True) == 0
    document = json.loads((out / "drift.json").read_text())
    (mismatch,) = [f for f in document["findings"] if f["rule"] == "type-mismatch" and "is_success" in f["pointer"]]
    assert mismatch["pointer"].endswith("/is_success")
    assert [s["text"] for s in mismatch["sides"]] == ["Boolean", "string"]
    assert '"is_success":{"type":"string"}' in mismatch["sides"][1]["excerpt"]
    assert document["inputs"][1]["kind"] == "groundtruth"
    old = _write(tmp_path, "old.yaml", OPENAPI_30_YAML)
    new = _write(tmp_path, "new.yaml", OPENAPI_30_YAML.replace("{type: boolean, nullable: true}", "{type: string}"))
    diff_out = tmp_path / "diff"
    assert run_diff(str(old), str(new), [], output=diff_out, fail_on=None, quiet=True) == 0
    (change,) = json.loads((diff_out / "drift.json").read_text())["findings"]
    assert change["rule"] == "type-mismatch" and change["sides"][1]["source"].endswith("new.yaml")


@needs_corpus
@pytest.mark.slow
def test_dli_pages_against_the_sdk_report_is_success_string() -> None:
    """The known SDK/doc drift (groundtruth README): the SDK types is_success as a string."""
    truth = GROUNDTRUTH / "dli.json"
    if not truth.is_file():
        pytest.skip("../shared/groundtruth is not present")
    from docconform.extractor.drift.align import Version
    from docconform.extractor.drift.engine import VersionSet, drift_findings
    from docconform.extractor.run.pipeline import extract_file

    pages = sorted((REPO.parent / "shared" / "corpus" / "rst" / "dli" / "flink_job-related_apis").glob("*stop*.rst"))
    versions = [Version(ep, 0) for p in pages for ep in extract_file(p, p.as_posix()).endpoints]
    versions += [Version(ep, 1) for ep in load_spec(truth)]
    findings = drift_findings(versions, [VersionSet("rst"), VersionSet("sdk")])[1]
    stop = [f for f in findings if f.rule == "type-mismatch" and f.pointer.endswith("/is_success")
            and f.endpoint == "POST /v1.0/{project_id}/streaming/jobs/stop"]
    assert stop and [s.text for s in stop[0].sides] == ["Boolean", "string"]
