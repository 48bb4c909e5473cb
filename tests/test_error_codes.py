"""Error responses from the doc set's common error-code page: statuses, body schema, example codes."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate

from docconform.cli import main
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.interpret.errorcodes import error_catalogue
from docconform.extractor.readers import read_page
from docconform.extractor.writers.errors import error_responses

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "tests" / "data" / "errors" / "error_codes.rst"


def test_the_error_code_page() -> None:
    page = read_page(PAGE.read_bytes(), "error_codes.rst", DiagnosticSink())
    assert page is not None
    catalogue = error_catalogue(page)
    assert catalogue is not None
    assert catalogue.body == (("error_code", "string"), ("error_msg", "string"))
    assert catalogue.codes[0] == ("400", "DLI.0001", "Parameter check errors occur.")
    assert {s for s, _, _ in catalogue.codes} == {"400", "401", "404"}
    found = {e.status: e for e in error_responses(catalogue.to_json())}
    assert list(found) == ["400", "401", "404"]
    assert found["401"].example == {"error_code": "DLI.0013", "error_msg": "User authentication errors occur."}
    assert found["400"].schema["x-source"].startswith("error_codes.rst:")


def test_pages_without_a_catalogue_say_nothing() -> None:
    seed = read_page((REPO / "seeds" / "002_3b5adef0544234b8.txt").read_bytes(), "s.rst", DiagnosticSink())
    assert seed is not None and error_catalogue(seed) is None
    assert error_responses(None) == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("errors")
    result = CliRunner().invoke(main, ["extract", str(REPO / "seeds" / "002_3b5adef0544234b8.txt"),
                                       str(PAGE.parent), "-o", str(out / "schemas"),
                                       "--openapi", str(out / "openapi.json")])
    assert result.exit_code in (0, 1), result.output
    return out


def test_openapi_gives_each_error_status_its_body(extracted: Path) -> None:
    doc = json.loads((extracted / "openapi.json").read_text(encoding="utf-8"))
    validate(doc)
    responses = doc["paths"]["/v1.0/{project_id}/streaming/jobs/stop"]["post"]["responses"]
    assert "4XX" not in responses and {"401", "404"} <= set(responses)
    assert responses["404"]["x-docconform-error-codes"] == 1
    media = responses["401"]["content"]["application/json"]
    assert set(media["schema"]["properties"]) == {"error_code", "error_msg"}
    assert media["examples"]["example1"]["value"]["error_code"] == "DLI.0013"


@pytest.mark.parametrize("source", ["schemas", "openapi.json"])
def test_prefer_code_serves_the_documented_error(extracted: Path, source: str) -> None:
    ops = load_contract(extracted / source)
    (stop,) = [op for op in ops if op.path.endswith("/jobs/stop")]
    assert stop.documents_error_codes and {"401", "404"} <= {r.status for r in stop.responses}
    with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url) as http:
        answer = http.post("/v1.0/p1/streaming/jobs/stop", json={"job_ids": [1]},
                           headers={"X-Auth-Token": "t", "Prefer": "code=401"})
    assert answer.status_code == 401
    assert answer.json() == {"error_code": "DLI.0013", "error_msg": "User authentication errors occur."}
