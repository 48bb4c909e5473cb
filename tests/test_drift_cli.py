"""``docconform drift`` and ``docconform diff`` from the command line: exit codes, baselines, outputs.

Also the pieces behind them that only a command exercises: schema bundles
read back into endpoints, baseline files in their three shapes, the suspect
name heuristics and excerpt cleaning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from docconform.cli import main
from docconform.extractor.diagnostics import InputError
from docconform.extractor.drift.baseline import load_baseline
from docconform.extractor.drift.bundles import endpoint_from_bundle
from docconform.extractor.drift.engine import compare_endpoints
from docconform.extractor.drift.excerpts import clean_line
from docconform.extractor.drift.lint import lint_endpoint
from docconform.extractor.drift.names import description_misspellings, slip, suspect_words
from docconform.extractor.run.pipeline import extract_file
from docconform.extractor.writers.jsonschema import endpoint_bundle

from .conftest import REPO

PAIR = "tests/fixtures/drift/type-mismatch"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args))

    return invoke


def test_drift_exit_codes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair = [f"{PAIR}/base.rst", f"{PAIR}/revision.rst"]
    assert run("drift", *pair, "-o", str(tmp_path), "-q").exit_code == 1
    assert run("drift", *pair, "-o", str(tmp_path), "--fail-on", "never").exit_code == 0
    warn = ["tests/fixtures/drift/enum-mismatch/base.rst", "tests/fixtures/drift/enum-mismatch/revision.rst"]
    assert run("drift", *warn, "-o", str(tmp_path)).exit_code == 0
    assert run("drift", *warn, "-o", str(tmp_path), "--fail-on", "warning").exit_code == 1
    missing = run("drift", "no/such/folder", "-o", str(tmp_path))
    assert missing.exit_code == 2 and "no/such/folder" in missing.output


def test_drift_writes_the_document_and_prints_each_finding(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("drift", f"{PAIR}/base.rst", f"{PAIR}/revision.rst", "-o", str(tmp_path))
    assert f"{PAIR}/base.rst:55: error:" in result.output and "[type-mismatch]" in result.output
    doc = json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))
    assert [i["source"] for i in doc["inputs"]] == [f"{PAIR}/base.rst", f"{PAIR}/revision.rst"]
    assert doc["summary"]["by_rule"] == {"type-mismatch": 1}
    as_json = run("drift", f"{PAIR}/base.rst", f"{PAIR}/revision.rst", "-o", str(tmp_path), "--format", "json")
    assert json.loads(as_json.stdout) == doc


def test_baseline_silences_accepted_findings(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair = [f"{PAIR}/base.rst", f"{PAIR}/revision.rst"]
    first = tmp_path / "first"
    run("drift", *pair, "-o", str(first))
    again = run("drift", *pair, "-o", str(tmp_path / "again"), "--baseline", str(first / "drift.json"))
    assert again.exit_code == 0
    doc = json.loads((tmp_path / "again" / "drift.json").read_text(encoding="utf-8"))
    assert (doc["findings"], doc["baselined"]) == ([], 1)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run("drift", *pair, "-o", str(tmp_path), "--baseline", str(bad)).exit_code == 2


def test_baseline_shapes(tmp_path: Path) -> None:
    for data in (["a1"], [{"fingerprint": "a1"}], {"fingerprints": ["a1"]}, {"findings": [{"fingerprint": "a1"}]}):
        path = tmp_path / "b.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert load_baseline(path) == {"a1"}
    path.write_text(json.dumps({"something": 1}), encoding="utf-8")
    with pytest.raises(InputError):
        load_baseline(path)


def test_diff_says_whom_changes_break(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", f"{PAIR}/base.rst", f"{PAIR}/revision.rst", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "[breaks both]" in result.output and "old: " in result.output and "new: " in result.output
    doc = json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))
    assert doc["command"] == "diff" and [f["breaks"] for f in doc["findings"]] == ["both"]
    assert doc["summary"]["by_breaks"] == {"client": 0, "server": 0, "both": 1, "none": 0}
    same = run("diff", f"{PAIR}/base.rst", f"{PAIR}/base.rst", "-o", str(tmp_path))
    assert same.exit_code == 0
    assert json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))["endpoints"] == []


def test_diff_of_schemas_against_the_pages_they_came_from_is_empty(run) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", "schemas", "seeds")
    assert result.exit_code == 0 and "0 findings" in result.output


def test_diff_usage_errors(run) -> None:  # type: ignore[no-untyped-def]
    assert run("diff", "seeds", "seeds", "some/path").exit_code == 2  # pathspecs need --repo
    assert run("diff", "seeds", "nowhere").exit_code == 2
    assert run("diff", "seeds/manifest.json", "seeds").exit_code == 2  # JSON that is not a bundle


def test_bundles_read_back_into_the_same_endpoints() -> None:
    for path in sorted((REPO / "seeds").glob("00*.txt")):
        source = f"seeds/{path.name}"
        for ep in extract_file(path, source).endpoints:
            back = endpoint_from_bundle(json.loads(json.dumps(endpoint_bundle(ep))))
            assert compare_endpoints([ep], [back]) == []
            assert (back.method, back.path, back.doc_id, back.span) == (ep.method, ep.path, ep.doc_id, ep.span)
            assert [f.fingerprint for f in lint_endpoint(back)] == [f.fingerprint for f in lint_endpoint(ep)]


@pytest.mark.parametrize("a, b, expected", [
    ("udpate", "update", True), ("stoping", "stopping", True), ("jobidss", "jobids", True),
    ("adress", "address", True), ("status", "stats", False), ("create", "created", False),
    ("volume", "volumes", False), ("ipv4addr", "ipv6addr", False), ("count", "mount", False),
])
def test_typing_slips(a: str, b: str, expected: bool) -> None:
    assert slip(a, b) is expected


def test_suspect_names_need_a_witness_and_spare_shared_words() -> None:
    names = ["last-update-date", "last-udpate-user", "update_rows", "min_count", "max_count"]
    assert [s[:2] for s in suspect_words(names)] == [("last-udpate-user", "udpate")]
    assert suspect_words(["job_id", "job_ids", "ipv4", "ipv6"]) == []


def test_description_spelling_of_the_own_name() -> None:
    assert description_misspellings("trigger_savepoint", "当triggerSavePoint为true时", set()) == ["triggerSavePoint"]
    assert description_misspellings("job_ids", "IDs; see job_idss and job_id.", {"job_id"}) == ["job_idss"]
    spark = "Number of tasks, corresponding to **numFailedTasks** of open-source Spark."
    assert description_misspellings("num_failed_tasks", spark, set()) == []
    assert description_misspellings("message", "The Message text.", set()) == []


def test_excerpts_drop_html_markup_and_stay_short() -> None:
    assert clean_line('<td class="x"><p id="p1">is_success</p>') == "is_success"
    assert clean_line("   | job_ids | Yes |  ") == "| job_ids | Yes |"
    assert len(clean_line("x" * 500)) == 200
    # Markdown escapes read as the page renders them; JSON string escapes and other formats untouched
    assert clean_line(r"DELETE /v1/\{project\_id\}/tags", "zh-md/ecs/删除.md") == "DELETE /v1/{project_id}/tags"
    assert clean_line(r'"detail": "{\"a\":1}", "p": "C:\\x"', "a.md") == r'"detail": "{\"a\":1}", "p": "C:\\x"'
    assert clean_line(r"GET /v1/\{x\}", "a.rst") == r"GET /v1/\{x\}"


def test_source_url_links_every_location_in_the_views(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = "https://git.example/docs/blob/{rev}/{path}#L{line}"
    result = run("drift", f"{PAIR}/base.rst", f"{PAIR}/revision.rst", "-o", str(tmp_path), "-q",
                 "--fail-on", "never", "--source-url", template)
    assert result.exit_code == 0, result.output
    spec = json.loads((tmp_path / "drift.json").read_text())["source_url"]
    assert spec["template"] == template and spec["rev"]
    html = (tmp_path / "drift.html").read_text()
    assert f'href="https://git.example/docs/blob/{spec["rev"]}/{PAIR}/revision.rst#L55"' in html
    bad = run("drift", f"{PAIR}/base.rst", "-o", str(tmp_path), "--source-url", "file:///{path}")
    assert bad.exit_code == 2 and "--source-url" in bad.output


def test_diff_of_git_revisions_links_each_side_to_its_commit(tmp_path: Path) -> None:
    import subprocess

    from docconform.extractor.drift.diff_command import run_diff

    repo = tmp_path / "docs"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e"]
    page = REPO / PAIR
    (repo / "p.rst").write_bytes((page / "base.rst").read_bytes())
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    (repo / "p.rst").write_bytes((page / "revision.rst").read_bytes())
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = tmp_path / "out"
    code = run_diff("HEAD~1", "HEAD", [], repo=repo, output=out, fail_on=None, quiet=True,
                    source_url="https://git.example/d/blob/{rev}/{path}#L{line}")
    assert code == 0
    html = (out / "drift.html").read_text()
    assert f"https://git.example/d/blob/{head}/p.rst#L55" in html


def test_single_set_checks_changed_pages_without_calling_any_missing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair = "tests/fixtures/drift/endpoint-missing"
    apart = run("drift", f"{pair}/base.rst", f"{pair}/revision.rst", "-o", str(tmp_path / "a"), "-q")
    together = run("drift", "--single-set", f"{pair}/base.rst", f"{pair}/revision.rst",
                   "-o", str(tmp_path / "b"), "-q", "--fail-on", "never")
    assert together.exit_code == 0, together.output
    rules = lambda d: {f["rule"] for f in json.loads((tmp_path / d / "drift.json").read_text())["findings"]}  # noqa: E731
    assert "endpoint-missing" in rules("a") and "endpoint-missing" not in rules("b")
    assert apart.exit_code in (0, 1)
