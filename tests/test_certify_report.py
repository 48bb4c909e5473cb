"""Client certification from a mock record: per endpoint requests, violations with their
documented rule, coverage; the certify command's files and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from docconform.conformance.mock.certify import CertifyError, certify, render_markdown, render_text
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.command import certify as certify_command
from docconform.conformance.mock.server import MockServer
from tests.mock_support import src, synthetic_contract


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cert")
    path = folder / "client-cert.json"
    with MockServer(synthetic_contract(folder / "schemas"), MockOptions(seed=2), record=path,
                    contract_source="schemas/") as mock, httpx.Client(base_url=mock.url) as client:
        client.get("/v2/p/jobs?limit=5&status=RUNNING", headers={"X-Auth-Token": "t"})
        client.get("/v2/p/jobs?limit=5", headers={"X-Auth-Token": "t", "X-Trace": "1"})
        client.get("/v2/p/jobs?limit=0")  # two errors
        client.post("/v2/p/jobs", json={"name": "a", "rules": [{"id": "1"}, {"id": "2"}], "jobIds": [1]})
        client.post("/v2/p/jobs", json={"name": "b", "config": {"retries": 1}})
        client.get("/nowhere")
    assert path.is_file()  # written by the graceful shutdown
    return path


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def endpoint(report: dict[str, Any], doc_id: str) -> dict[str, Any]:
    return next(e for e in report["endpoints"] if e["doc_id"] == doc_id)


def test_summary_and_verdict(record: Path) -> None:
    report = certify(load(record), str(record))
    assert report["verdict"] == "fail"
    s = report["summary"]
    assert (s["requests"], s["rejected"], s["unmatched"]) == (6, 3, 1)
    assert s["violations"] == {"error": 5, "warning": 1, "info": 1}
    assert s["endpoints"] == {"documented": 4, "exercised": 2}


def test_violations_per_endpoint_with_documented_rule(record: Path) -> None:
    report = certify(load(record))
    listed = [(v["level"], v["rule"], v["pointer"], v["source"], v["count"])
              for v in endpoint(report, "jobs_list")["violations"]]
    assert listed == [
        ("error", "required-missing", "/header/X-Auth-Token", src(15), 1),
        ("error", "constraint-violated", "/query/limit", src(11), 1),
        ("info", "header-undocumented", "/header/x-trace", src(1), 1),
    ]
    create = [(v["rule"], v["pointer"], v["count"]) for v in endpoint(report, "jobs_create")["violations"]]
    assert create == [("type-mismatch", "/body/rules/*/id", 2), ("field-undocumented", "/body/jobIds", 1)]
    assert report["unmatched"]["violations"][0]["rule"] == "path-unknown"
    seen = [(r["target"], r["status"], r["violations"]) for r in endpoint(report, "jobs_list")["requests_seen"]]
    assert seen == [("/v2/p/jobs?limit=5&status=RUNNING", 200, []), ("/v2/p/jobs?limit=5", 200, []),
                    ("/v2/p/jobs?limit=0", 400, ["constraint-violated /query/limit",
                                                 "required-missing /header/X-Auth-Token"])]


def test_coverage_lists_exercised_and_never(record: Path) -> None:
    report = certify(load(record))
    listing = endpoint(report, "jobs_list")["coverage"]
    assert {i["pointer"]: i["count"] for i in listing["exercised"]} == {
        "/path/project_id": 3, "/query/limit": 3, "/query/status": 1, "/header/X-Auth-Token": 2}
    assert [i["pointer"] for i in listing["never"]] == ["/query/verbose", "/query/tags"]
    create = endpoint(report, "jobs_create")["coverage"]
    assert [i["pointer"] for i in create["never"]] == ["/body/job_ids", "/body/rules/*/mode"]
    never_called = endpoint(report, "jobs_get")
    assert never_called["requests"] == 0 and never_called["coverage"]["exercised"] == []
    # optional: status, verbose, tags; job_ids, config, rules, rules/*/mode
    assert report["summary"]["optional_fields"] == {"documented": 7, "exercised": 3}


def test_views(record: Path) -> None:
    report = certify(load(record), "client-cert.json")
    md = render_markdown(report)
    assert md.startswith("# Client certification: FAIL")
    assert f"| error | client | `required-missing` | `/header/X-Auth-Token` | 1 | {src(15)} |" in md
    assert f"**never exercised** `/query/verbose` (optional, {src(13)})" in md
    assert "| 3 | `GET /v2/p/jobs?limit=0` | 400 | error-document | constraint-violated /query/limit; " in md
    text = render_text(report)
    assert "never called: GET /v2/{project_id}/jobs/{job_id} (jobs_get)" in text
    assert "never exercised: /query/verbose, /query/tags" in text


def test_report_is_deterministic(record: Path) -> None:
    data = load(record)
    assert json.dumps(certify(data)) == json.dumps(certify(json.loads(json.dumps(data))))


def test_not_a_record() -> None:
    with pytest.raises(CertifyError):
        certify({"openapi": "3.1.0"})


def test_certify_command(record: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(certify_command, [str(record), "--json", str(tmp_path / "r.json"),
                                             "--markdown", str(tmp_path / "r.md")])
    assert result.exit_code == 1, result.output
    assert "client certification: FAIL" in result.output
    assert load(tmp_path / "r.json")["verdict"] == "fail"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Client certification")
    assert runner.invoke(certify_command, [str(record), "--fail-on", "never", "-q",
                                           "--json", str(tmp_path / "q.json"),
                                           "--markdown", str(tmp_path / "q.md")]).exit_code == 0


def test_certify_default_outputs_and_input_errors(record: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cert.json"
    copy.write_bytes(record.read_bytes())
    runner = CliRunner()
    assert runner.invoke(certify_command, [str(copy)]).exit_code == 1
    assert (tmp_path / "cert.report.json").is_file() and (tmp_path / "cert.report.md").is_file()
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert runner.invoke(certify_command, [str(tmp_path / "bad.json")]).exit_code == 2
    assert runner.invoke(certify_command, [str(tmp_path / "missing.json")]).exit_code == 2
    (tmp_path / "other.json").write_text('{"openapi": "3.1.0"}', encoding="utf-8")
    assert runner.invoke(certify_command, [str(tmp_path / "other.json")]).exit_code == 2


def test_passing_client(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    with MockServer(synthetic_contract(tmp_path / "s"), record=path) as mock:
        httpx.post(f"{mock.url}/v2/p/jobs", json={"name": "a"})
    report = certify(load(path))
    assert report["verdict"] == "pass" and report["summary"]["violations"]["error"] == 0
    assert CliRunner().invoke(certify_command, [str(path)]).exit_code == 0
