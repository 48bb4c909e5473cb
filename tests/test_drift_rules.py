"""Each drift rule against its fixture pair, and the equivalences that must never be drift.

tests/fixtures/drift/<rule>/ holds a base page and a revision (see the
README there); drift over the pair must yield findings of exactly that rule.
``equivalent--*`` pairs must yield nothing at all, and the test checks that
their two versions were really aligned and really spelled differently, so
it cannot pass by comparing nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.drift.align import Version, group_versions
from docconform.extractor.drift.engine import VersionSet, compare_endpoints, drift_findings
from docconform.extractor.drift.excerpts import FileExcerpts
from docconform.extractor.drift.findings import Finding
from docconform.extractor.drift.catalogue import RULES
from docconform.extractor.model import Endpoint
from docconform.extractor.run.pipeline import extract_file

from .conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "drift"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
RULE_CASES = [c for c in CASES if not c.startswith("equivalent--")]
EQUIVALENT = [c for c in CASES if c.startswith("equivalent--")]


def _pair(case: str) -> tuple[Path, Path]:
    folder = FIXTURES / case
    (base,) = folder.glob("base.*")
    (revision,) = folder.glob("revision.*")
    return base, revision


def _endpoints(path: Path) -> list[Endpoint]:
    result = extract_file(path, path.relative_to(REPO).as_posix())
    assert result.endpoints, f"{path} yields no endpoint"
    return result.endpoints


def drift_pair(case: str) -> list[Finding]:
    """drift base revision: each page its own version set, as on the command line."""
    versions = []
    for index, path in enumerate(_pair(case)):
        result = extract_file(path, path.relative_to(REPO).as_posix())
        versions += [Version(ep, index, "", ep.format, tuple(result.diagnostics)) for ep in result.endpoints]
    sets = [VersionSet(str(p)) for p in _pair(case)]
    return drift_findings(versions, sets, excerpts=FileExcerpts(REPO))[1]


def test_every_rule_has_a_fixture_pair() -> None:
    covered = {case.split("--")[0] for case in RULE_CASES}
    assert covered == set(RULES)


@pytest.mark.parametrize("case", RULE_CASES)
def test_fixture_pair_yields_exactly_its_rule(case: str) -> None:
    findings = drift_pair(case)
    assert findings, f"{case}: no finding"
    assert {f.rule for f in findings} == {case.split("--")[0]}


@pytest.mark.parametrize("case", RULE_CASES)
def test_base_page_is_clean_alone(case: str) -> None:
    base, _ = _pair(case)
    versions = [Version(ep, 0) for ep in _endpoints(base)]
    assert drift_findings(versions)[1] == []


@pytest.mark.parametrize("case", EQUIVALENT)
def test_equivalent_versions_yield_nothing(case: str) -> None:
    base, revision = _pair(case)
    versions = [Version(ep, 0) for ep in _endpoints(base)] + [Version(ep, 1) for ep in _endpoints(revision)]
    (group,) = group_versions(versions)
    assert len(group.versions) == 2
    assert _spellings(versions[0].endpoint) != _spellings(versions[1].endpoint)
    assert drift_pair(case) == []
    assert compare_endpoints(_endpoints(base), _endpoints(revision)) == []


def _spellings(ep: Endpoint) -> list[str]:
    """Everything a page words its own way: type phrases, descriptions, status texts."""
    out = []
    stack = list(ep.parameters) + [ep.request_body] + [r.body for r in ep.responses]
    while stack:
        f = stack.pop()
        if f is not None:
            out += [f.type.raw, f.description]
            stack += f.children
    return out + [r.description for r in ep.responses]


def test_equivalent_spellings_are_the_documented_ones() -> None:
    base, revision = (_endpoints(p)[0] for p in _pair("equivalent--spellings"))
    assert base.request_body.children[0].type.raw == "[Long]"
    assert revision.request_body.children[0].type.raw == "Array of Long"
    assert base.responses[0].body.type.raw == "Array of Objects"
    assert revision.responses[0].body.type.raw == "Array of objects"


def test_translation_pair_is_english_and_chinese() -> None:
    base, revision = (_endpoints(p)[0] for p in _pair("equivalent--translation"))
    assert (base.lang, revision.lang) == ("en", "zh-CN")
    assert base.responses[0].description != revision.responses[0].description


@pytest.mark.parametrize("case", RULE_CASES)
def test_every_finding_names_its_sources_and_lines(case: str) -> None:
    for f in drift_pair(case):
        assert f.sides
        for side in f.sides:
            assert side.source
            if side.line > 0:
                assert side.excerpt, f"{case}: no excerpt for {side.location}"


def test_type_mismatch_names_both_spellings_and_meanings() -> None:
    (f,) = drift_pair("type-mismatch")
    assert f.level.name == "ERROR"
    assert f.pointer == "/responses/200/body/properties/is_success"
    assert [s.value for s in f.sides] == [{"raw": "Boolean", "type": "boolean"}, {"raw": "String", "type": "string"}]
    assert [s.line for s in f.sides] == [55, 55]


def test_format_only_type_difference_is_a_warning() -> None:
    (f,) = drift_pair("type-mismatch--format")
    assert f.level.name == "WARNING"
    assert "int64" in f.message and "int32" in f.message


def test_param_missing_points_at_the_field_and_the_table_without_it() -> None:
    (f,) = drift_pair("param-missing")
    present, absent = f.sides
    assert present.value == {"type": "String", "required": False}
    assert absent.value is None and "Table 2" in absent.excerpt
    assert f.level.name == "WARNING"


def test_endpoint_missing_reports_each_set_without_the_endpoint() -> None:
    findings = drift_pair("endpoint-missing")
    assert sorted(f.endpoint for f in findings) == [
        "GET /v1.0/{project_id}/streaming/jobs/{job_id}", "POST /v1.0/{project_id}/streaming/jobs/stop"]
    for f in findings:
        assert [s.line == 0 for s in f.sides] == [False, True]


def test_name_suspect_spelling_pairs_the_field_instead_of_two_missing_ones() -> None:
    (f,) = drift_pair("name-suspect--spelling")
    assert [s.value for s in f.sides] == ["savepoint_path", "savepointPath"]


def test_rules_are_documented() -> None:
    for r in RULES.values():
        assert r.summary and len(r.doc.split()) > 20, r.id
        assert r.id == r.id.lower() and " " not in r.id
