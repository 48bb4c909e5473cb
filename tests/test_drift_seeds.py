"""``docconform drift`` on the bundled seeds: every real discrepancy, nothing else; reports/ is that run.

The discrepancies below were found by reading the five seeds side by side
(000 HTML, 001 Chinese Markdown and 002 RST are one page, dli_02_0241; 003
is a CDM page as plain text; 004 is dli_02_0243 as HTML). The test expects
exactly these findings, each with every source line involved, so a new
false positive (an equivalent spelling reported, a translation compared)
fails it as surely as a missed discrepancy.

To accept a deliberate change of the report, regenerate it from the repo
root with ``docconform drift`` and review the diff of reports/.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from docconform.extractor.drift.command import run_drift
from docconform.extractor.drift.findings import finding_from_json, finding_to_json

from .conftest import REPO

REPORTS = REPO / "reports"
S000, S001, S002, S003, S004 = (
    f"seeds/{name}" for name in (
        "000_8182a592d8aed670.txt", "001_ad97169fa3b2ed22.txt", "002_3b5adef0544234b8.txt",
        "003_49cb9d45244a94ce.txt", "004_88eb16538c58c7f1.txt")
)
STOP = "POST /v1.0/{project_id}/streaming/jobs/stop"
DELETE = "POST /v1.0/{project_id}/streaming/jobs/delete"
CDM = "PUT /v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"
IS_SUCCESS = "/responses/200/body/items/properties/is_success"
SUBMISSION = "/responses/200/body/properties/submissions/items/properties/"

#: (rule, endpoint, pointer, every (source, line) involved): the real discrepancies.
EXPECTED = {
    # across formats and languages: is_success is Boolean in the HTML and Chinese pages, String in RST
    ("type-mismatch", STOP, IS_SUCCESS, ((S000, 304), (S001, 122), (S002, 64))),
    # pages against their own examples: "true" (a string) where the table says Boolean
    ("example-schema-mismatch", STOP, IS_SUCCESS, ((S000, 388), (S000, 304))),
    ("example-schema-mismatch", STOP, IS_SUCCESS, ((S001, 158), (S001, 122))),
    ("example-schema-mismatch", DELETE, "/responses/200/body/properties/is_success", ((S004, 105), (S004, 77))),
    # the Chinese example is one object where its table (数组元素) says an array of them
    ("example-schema-mismatch", STOP, "/responses/200/body", ((S001, 157), (S001, 97))),
    # dli_02_0243's example is an array where its table describes one object ...
    ("example-schema-mismatch", DELETE, "/responses/200/body", ((S004, 104), (S004, 67))),
    # ... and is not strict JSON (a trailing comma)
    ("example-invalid-json", DELETE, "/responses/200/body", ((S004, 107),)),
    # the CDM example answers status STOPPED, which the status enum does not list
    ("example-schema-mismatch", CDM, SUBMISSION + "status", ((S003, 229), (S003, 153))),
    # the Chinese description calls trigger_savepoint "triggerSavePoint"
    ("name-suspect", STOP, "/request/body/properties/trigger_savepoint", ((S001, 69), (S001, 76))),
    # typos in the CDM names: last-udpate-user beside last-update-date; isStopingIncrement
    ("name-suspect", CDM, SUBMISSION + "last-udpate-user", ((S003, 191), (S003, 185))),
    ("name-suspect", CDM, SUBMISSION + "isStopingIncrement", ((S003, 173), (S003, 3))),
}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    mp = pytest.MonkeyPatch()
    mp.chdir(REPO)
    try:
        code = run_drift([], out, err=io.StringIO(), out=io.StringIO())
    finally:
        mp.undo()
    assert code == 1  # the seeds hold errors
    return out


@pytest.fixture(scope="module")
def document(regenerated: Path) -> dict:
    return json.loads((regenerated / "drift.json").read_text(encoding="utf-8"))


def _key(f: dict) -> tuple:
    return (f["rule"], f["endpoint"], f["pointer"], tuple((s["source"], s["line"]) for s in f["sides"]))


def test_every_real_discrepancy_is_found_with_every_location(document: dict) -> None:
    found = {_key(f) for f in document["findings"]}
    assert EXPECTED - found == set()


def test_nothing_else_is_reported(document: dict) -> None:
    found = {_key(f) for f in document["findings"]}
    assert found - EXPECTED == set()
    assert len(document["findings"]) == len(EXPECTED) >= 8


def test_html_chinese_and_rst_pages_are_one_endpoint(document: dict) -> None:
    stop = next(e for e in document["endpoints"] if e["endpoint"] == STOP)
    assert [(v["source"], v["format"], v["lang"]) for v in stop["versions"]] == [
        (S000, "html", "en"), (S001, "markdown", "zh-CN"), (S002, "rst", "en")]


def test_no_finding_compares_equivalent_spellings(document: dict) -> None:
    # "Array of Objects" (000, 001) and "Array of objects" (002), reworded captions
    # ("URI parameters" / "URI parameter"), translated descriptions and messages
    cross = [f for f in document["findings"] if len({s["source"] for s in f["sides"]}) > 1]
    assert [f["rule"] for f in cross] == ["type-mismatch"]


def test_document_shape(document: dict) -> None:
    assert document["version"] == 1 and document["command"] == "drift"
    assert document["inputs"] == [{"source": "seeds", "pages": 5, "endpoints": 5}]  # seeds/README.md is no page
    assert document["summary"]["by_level"] == {"error": 6, "warning": 5, "info": 0}
    assert sum(document["summary"]["by_rule"].values()) == len(document["findings"])
    assert document["baselined"] == 0
    assert {r["id"] for r in document["rules"]} >= {"type-mismatch", "endpoint-missing", "table-unresolved"}
    for f in document["findings"]:
        assert finding_to_json(finding_from_json(f)) == f
        assert all(not s["source"].startswith("/") for s in f["sides"])


def test_regenerating_reports_changes_nothing(regenerated: Path) -> None:
    committed = sorted(p.name for p in REPORTS.iterdir() if p.is_file() and not p.name.startswith("."))
    fresh = sorted(p.name for p in regenerated.iterdir() if p.is_file())
    assert fresh == committed
    for name in fresh:
        assert (regenerated / name).read_bytes() == (REPORTS / name).read_bytes(), name
