"""drift.sarif: valid SARIF 2.1.0 (per the vendored schema) that says what the findings say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import validators

from docconform.extractor.drift import lint  # noqa: F401  (registers the page rules)
from docconform.extractor.drift.report.sarif import FINGERPRINT_KEY, render_sarif, source_uri
from docconform.extractor.drift.catalogue import RULES
from tests.test_report_common import (
    CATALOGUE,
    DIAGNOSTIC,
    hostile_document,
    many_document,
    sample_document,
)

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():  # type: ignore[no-untyped-def]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, log: dict) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


@pytest.mark.parametrize(
    "make",
    [
        sample_document,
        hostile_document,
        lambda: many_document(200),
        lambda: sample_document([]),
        lambda: sample_document(command="diff"),
    ],
)
def test_logs_validate_against_the_sarif_schema(validator, make) -> None:  # type: ignore[no-untyped-def]
    assert _errors(validator, render_sarif(make())) == []


def test_the_schema_check_is_live(validator) -> None:  # type: ignore[no-untyped-def]
    log = render_sarif(sample_document())
    log["runs"][0]["results"][0]["level"] = "info"
    del log["runs"][0]["tool"]["driver"]["name"]
    errors = _errors(validator, log)
    assert any("'info' is not one of" in e for e in errors) and any("'name'" in e for e in errors)


def test_rules_are_described_once_and_indexed() -> None:
    log = render_sarif(sample_document())
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("docconform", "0.1.0")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({r["ruleId"] for r in run["results"]})
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {r["id"]: r for r in driver["rules"]}
    level, summary, detail = CATALOGUE["type-mismatch"]
    assert by_id["type-mismatch"]["shortDescription"]["text"] == summary
    assert by_id["type-mismatch"]["fullDescription"]["text"] == f"{summary} {detail}"
    assert by_id["type-mismatch"]["defaultConfiguration"]["level"] == level
    # The catalogue says warning; that this run reported only an info does not matter.
    assert by_id["default-mismatch"]["defaultConfiguration"]["level"] == "warning"


def test_without_a_catalogue_the_registered_rules_describe_themselves() -> None:
    document = sample_document()
    del document["rules"]
    driver = render_sarif(document)["runs"][0]["tool"]["driver"]
    by_id = {r["id"]: r for r in driver["rules"]}
    registered = RULES["type-mismatch"]
    assert by_id["type-mismatch"]["shortDescription"]["text"] == registered.summary
    assert by_id["type-mismatch"]["defaultConfiguration"]["level"] == str(registered.level)


def test_extraction_diagnostics_become_tool_notifications(validator) -> None:  # type: ignore[no-untyped-def]
    log = render_sarif(sample_document())
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    (note,) = invocation["toolExecutionNotifications"]
    assert note["descriptor"] == {"id": DIAGNOSTIC["code"]} and note["level"] == "warning"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": DIAGNOSTIC["line"]}
    assert _errors(validator, log) == []


def test_unregistered_rules_get_a_readable_descriptor(validator) -> None:  # type: ignore[no-untyped-def]
    document = sample_document()
    document["findings"][0]["rule"] = "header-case-mismatch"
    document["findings"][0]["level"] = "info"
    log = render_sarif(document)
    rule = next(
        r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "header-case-mismatch"
    )
    assert rule["name"] == "HeaderCaseMismatch"
    assert rule["shortDescription"]["text"] == "Header case mismatch."
    assert rule["defaultConfiguration"]["level"] == "note" and "fullDescription" not in rule
    assert _errors(validator, log) == []


def test_results_point_at_first_side_and_relate_the_others() -> None:
    document = sample_document()
    finding = next(f for f in document["findings"] if f["rule"] == "type-mismatch")
    result = next(
        r for r in render_sarif(document)["runs"][0]["results"] if r["ruleId"] == "type-mismatch"
    )
    assert result["level"] == "error"
    primary = result["locations"][0]["physicalLocation"]
    assert primary == {
        "artifactLocation": {"uri": "seeds/000_8182a592d8aed670.txt", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 304},
    }
    related = result["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [122, 64]
    assert related[0]["message"]["text"] == "zh-CN · markdown: Boolean"
    assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding["fingerprint"]}
    assert result["message"]["text"].startswith(finding["message"])
    assert (
        "- zh-CN · markdown: Boolean (seeds/001_ad97169fa3b2ed22.txt:122)"
        in result["message"]["text"]
    )
    assert result["properties"]["pointer"] == finding["pointer"]


def test_levels_map_to_sarif_levels() -> None:
    levels = {
        r["ruleId"]: r["level"] for r in render_sarif(sample_document())["runs"][0]["results"]
    }
    assert levels["type-unknown"] == "note" and levels["param-missing"] == "warning"


def test_sides_without_line_or_sides_at_all_still_validate(validator) -> None:  # type: ignore[no-untyped-def]
    document = sample_document()
    document["findings"][0]["sides"][0]["line"] = 0
    document["findings"][1]["sides"] = []
    log = render_sarif(document)
    results = log["runs"][0]["results"]
    assert "region" not in results[0]["locations"][0]["physicalLocation"]
    assert "locations" not in results[1]
    assert _errors(validator, log) == []


@pytest.mark.parametrize(
    ("source", "uri"),
    [
        ("seeds/000_x.txt", "seeds/000_x.txt"),
        (
            "corpus/zh-md/dli/批量删除作业.md",
            "corpus/zh-md/dli/%E6%89%B9%E9%87%8F%E5%88%A0%E9%99%A4%E4%BD%9C%E4%B8%9A.md",
        ),
        ("docs/my page #1.html", "docs/my%20page%20%231.html"),
        ("docs\\api\\page.rst", "docs/api/page.rst"),
        ("/srv/docs/a b.md", "file:///srv/docs/a%20b.md"),
        ("C:\\docs\\page.md", "file:///C:/docs/page.md"),
    ],
)
def test_source_paths_become_uri_references(source: str, uri: str) -> None:
    assert source_uri(source) == uri
