"""``history``: endpoints followed through commits by doc id and path, flips, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from docconform.cli import main
from docconform.extractor.diagnostics import Level
from docconform.extractor.drift import history
from docconform.extractor.drift.findings import Finding, Side
from docconform.extractor.drift.gitrepo import BlobMemo
from docconform.extractor.drift.history import Change, Revision, build_history, commits, flips, history_to_json
from docconform.extractor.drift.history_command import render_text
from docconform.extractor.model import Endpoint, Field, Span, TypeRef
from tests.test_gitrepo import DLI, build_repo, commit, page

IS_SUCCESS = "/responses/200/body/properties/is_success"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return build_repo(tmp_path_factory.mktemp("hist"))


def _stop(document: dict) -> dict:
    (stop,) = [e for e in document["endpoints"] if e["doc_id"] == "demo_02_0001"]
    return stop


def test_commits_oldest_first_with_dates_and_messages(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    revs = commits(path, "HEAD", ["api-ref"])
    assert [r.sha for r in revs] == shas
    assert [r.message for r in revs] == ["Import API reference", "Fix is_success type",
                                         "Move and rename the stop page"]
    assert revs[0].date == "2024-01-01T12:00:00+00:00" and shas[0].startswith(revs[0].short)
    assert [r.sha for r in commits(path, "HEAD", ["*starting*"])] == shas[:1]
    assert [r.sha for r in commits(path, f"{shas[0]}..HEAD", ["api-ref"])] == shas[1:]


def test_a_type_that_flips_back_shows_each_change_and_a_flip(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    stop = _stop(history_to_json(build_history(path, ["api-ref"])))
    assert stop["endpoint"] == "POST /v1.0/{project_id}/jobs/stop"
    assert [(c["commit"], c["kind"]) for c in stop["changes"]] == \
        [(shas[0][:7], "added"), (shas[1][:7], "changed"), (shas[2][:7], "changed")]
    steps = []
    for c in stop["changes"][1:]:
        (f,) = c["findings"]
        assert (f["rule"], f["pointer"]) == ("type-mismatch", IS_SUCCESS)
        steps.append((f["sides"][0]["value"]["raw"], f["sides"][1]["value"]["raw"]))
        assert f["sides"][1]["source"] == c["source"] and "is_success" in f["sides"][1]["excerpt"]
    assert steps == [("String", "Boolean"), ("Boolean", "String")]
    # the move keeps the history: the third change names both files
    assert stop["changes"][2]["moved_from"] == "api-ref/source/jobs/stopping_jobs.rst"
    assert stop["changes"][2]["source"].endswith(":api-ref/source/flink/batch_stopping_jobs.rst")
    (flip,) = stop["flips"]
    assert (flip["pointer"], flip["reversals"]) == (IS_SUCCESS, 1)
    assert [v["raw"] for v in flip["values"]] == ["String", "Boolean", "String"]
    assert flip["commits"] == [shas[1][:7], shas[2][:7]]


def test_unchanged_pages_cost_one_extraction_and_report_only_their_addition(
        repo: tuple[Path, list[str]]) -> None:
    path, _ = repo
    memo = BlobMemo()
    document = history_to_json(build_history(path, ["api-ref"], memo=memo))
    assert memo.extracted == 5  # 3 revisions x 3 pages, but only 5 distinct blobs
    (start,) = [e for e in document["endpoints"] if e["doc_id"] == "demo_02_0002"]
    assert [c["kind"] for c in start["changes"]] == ["added"] and start["flips"] == []
    assert document["summary"]["changed_endpoints"] == 1
    assert (document["summary"]["pages"], document["page_errors"]) == (5, [])
    assert document["base"] is None and len(document["revisions"]) == 3


def test_a_range_starts_from_its_base_and_removal_then_return(tmp_path: Path) -> None:
    path, shas = build_repo(tmp_path)
    gone = commit(path, {"api-ref/source/flink/batch_stopping_jobs.rst": None}, "Drop the stop page", 3)
    back = commit(path, {"api-ref/source/back.rst": page("Boolean", doc="demo_02_0001")}, "Restore it \x1b[31m", 4)
    commit(path, {"api-ref/source/broken.rst": "\0\1\2 binary"}, "Add a broken page", 5)
    h = build_history(path, ["api-ref"], rev=f"{shas[1]}..HEAD")
    assert h.base is not None and h.base.sha == shas[1]
    (error,) = h.page_errors  # a page that cannot be read is said, not silently empty
    assert error.code == "input-binary" and error.span.source.endswith(":api-ref/source/broken.rst")
    document = history_to_json(h)
    assert [e["doc_id"] for e in document["endpoints"]] == ["demo_02_0001"]  # the other page never changed
    kinds = [(c["commit"], c["kind"]) for c in _stop(document)["changes"]]
    assert kinds == [(shas[2][:7], "changed"), (gone[:7], "removed"), (back[:7], "added")]
    readded = _stop(document)["changes"][-1]
    assert readded["findings"][0]["pointer"] == IS_SUCCESS  # compared with the last version seen
    text = render_text(document)
    assert "Restore it \\x1b[31m" in text and "\x1b" not in text  # a message's escapes are shown, not run


def test_flips_count_returns_to_earlier_values() -> None:
    rev = [Revision(str(i) * 40, str(i) * 7, "2024-01-01", "m") for i in range(4)]

    def change(i: int, old: object, new: object) -> Change:
        f = Finding("default-mismatch", Level.WARNING, "GET /x", "/p", "m",
                    (Side("a", 1, old), Side("b", 1, new)))
        return Change(rev[i], "changed", "b", 1, (f,))

    (flip,) = flips([change(0, 1, 2), change(1, 2, 1), change(2, 1, 2)])
    assert flip.values == (1, 2, 1, 2) and flip.reversals == 2
    assert flips([change(0, 1, 2), change(1, 2, 3)]) == []
    (gap,) = flips([change(0, 1, 2), change(1, 3, 1)])  # an unreported step in between
    assert gap.values == (1, 2, 3, 1) and gap.commits == (rev[0].short, "", rev[1].short)


def test_command_writes_deterministic_reports_and_prints_text(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = repo
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        result = runner.invoke(main, ["history", "--repo", str(path), "-o", str(tmp_path / name),
                                      "--", "api-ref"])
        assert result.exit_code == 0, result.output
        outputs.append(((tmp_path / name / "history.json").read_bytes(),
                        (tmp_path / name / "history.md").read_bytes()))
    assert outputs[0] == outputs[1]
    document = json.loads(outputs[0][0])
    assert (document["version"], document["command"]) == (1, "history")
    text = result.output
    assert "POST /v1.0/{project_id}/jobs/stop  (demo_02_0001)" in text
    assert f"{IS_SUCCESS}: String (string) -> Boolean (boolean)" in text
    assert "Move and rename the stop page" in text and "flips: type-mismatch" in text
    md = outputs[0][1].decode()
    assert md.startswith("# Documentation history") and "| Commit | Date | Message | Change |" in md
    as_json = runner.invoke(main, ["history", "--repo", str(path), "--format", "json", "--", "api-ref"])
    assert json.loads(as_json.output) == document


def test_command_exit_codes(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = repo
    runner = CliRunner()
    failing = runner.invoke(main, ["history", "--repo", str(path), "--fail-on", "info", "--", "api-ref"])
    assert failing.exit_code == 1
    quiet = runner.invoke(main, ["history", "--repo", str(path), "--fail-on", "info", "--", "*starting*"])
    assert quiet.exit_code == 0
    bad = runner.invoke(main, ["history", "--repo", str(tmp_path)])
    assert bad.exit_code == 2 and "not a git repository" in bad.output
    unknown = runner.invoke(main, ["history", "--repo", str(path), "--rev", "v9"])
    assert unknown.exit_code == 2 and "unknown revision 'v9'" in unknown.output


@pytest.mark.skipif(not DLI.is_file(), reason="../shared/corpus/history is not present")
def test_real_history_follows_a_moved_page_and_its_type_change() -> None:
    document = history_to_json(build_history(DLI, ["*stopping_jobs*"]))
    (ep,) = [e for e in document["endpoints"] if e["doc_id"] == "dli_02_0241"]
    assert ep["endpoint"] == "POST /v1.0/{project_id}/streaming/jobs/stop"
    moves = [(c["moved_from"], c["source"].split(":", 1)[1]) for c in ep["changes"] if c.get("moved_from")]
    assert moves == [
        ("api-ref/source/apis_related_to_flink_jobs/stopping_jobs_in_batches.rst",
         "api-ref/source/flink_job-related_apis/stopping_jobs_in_batches.rst"),
        ("api-ref/source/flink_job-related_apis/stopping_jobs_in_batches.rst",
         "api-ref/source/flink_job-related_apis/batch_stopping_jobs.rst"),
    ]
    types = [(c["commit"], f["sides"][0]["value"]["raw"], f["sides"][1]["value"]["raw"])
             for c in ep["changes"] for f in c["findings"]
             if f["rule"] == "type-mismatch" and f["pointer"].endswith("/is_success")]
    assert types == [("5d4faa3", "Boolean", "String"), ("5c677c7", "String", "Boolean")]
    (flip,) = [f for f in ep["flips"] if f["pointer"].endswith("/is_success")]
    assert flip["reversals"] == 1


def _entry(doc: str | None, path: str, file: str, body: tuple[str, ...] = (), method: str = "POST") -> history._Entry:
    span = Span(file, 1)
    fields = tuple(Field(name, "body", TypeRef("object"), span) for name in body)
    request = Field("", "body", TypeRef("object"), span, children=fields) if fields else None
    ep = Endpoint(method, path, file, span, doc_id=doc, request_body=request)
    return history._Entry(ep, f"blob-{file}", file, 0, "r1")


def test_pairing_prefers_doc_ids_then_paths_then_files_then_body_names() -> None:
    action = "/v1/{project_id}/cloudservers/action"
    old = [_entry("t_start", action, "start.rst", ("os-start",)),
           _entry("t_stop", action, "stop.rst", ("os-stop",)),
           _entry("t_reboot", action, "reboot.rst", ("reboot",)),
           _entry("en-us_topic_1", "/v1/{project_id}/jobs/{id}", "get.rst", method="GET"),
           _entry("t_gone", "/v1/gone", "gone.rst")]
    new = [_entry("topic_1", "/v1/{tenant}/jobs/{job_id}", "moved/get.rst", method="GET"),  # doc id prefix
           _entry("x_reboot", action, "batch/reboot_ecss.rst", ("reboot",)),  # new id, new file: body names
           _entry("x_stop", action, "stop.rst", ("os-stop",)),  # new id, same file
           _entry("x_start", action, "start.rst", ("os-start",)),
           _entry("t_new", "/v1/new", "new.rst")]
    pairs, removed, added = history.pair(old, new)
    assert sorted(pairs) == [(0, 3), (1, 2), (2, 1), (3, 0)]
    assert (removed, added) == ([4], [4])
    twins = [_entry("t_a", action, "a.rst"), _entry("t_b", action, "b.rst")]
    renamed = [_entry("u_a", action, "c.rst"), _entry("u_b", action, "d.rst")]
    assert history.pair(twins, renamed) == ([], [0, 1], [0, 1])  # nothing tells them apart: no guess


def test_changelog_counts_contract_changes_apart_from_pages_that_only_moved(tmp_path: Path) -> None:
    from docconform.extractor.drift.changelog import changelog, changelog_lines, render_changelog_markdown
    from docconform.extractor.drift.report.history_html import render_history_html

    path, shas = build_repo(tmp_path)
    other = page("Long", doc="demo_02_0002", title="Starting Jobs", action="start")
    moved = commit(path, {"api-ref/source/jobs/starting_jobs.rst": None,
                          "api-ref/source/flink/starting_jobs.rst": other}, "Move the start page", 3)
    document = history_to_json(build_history(path, ["api-ref"]))
    summary = document["summary"]
    assert (summary["contract_changed_endpoints"], summary["moved_only_endpoints"]) == (1, 1)
    entries = {e["commit"]: e for e in changelog(document)}
    assert [len(entries[s[:7]]["changes"]) for s in shas] == [2, 1, 1]
    assert (len(entries[moved[:7]]["changes"]), len(entries[moved[:7]]["moved"])) == (0, 1)
    lines = changelog_lines(document)
    assert lines[1] == (f"2024-01-02 {shas[1][:7]}: 1 contract change (1 changed): "
                        "POST /v1.0/{project_id}/jobs/stop: is_success String -> Boolean  (Fix is_success type)")
    assert lines[-1].startswith(f"2024-01-04 {moved[:7]}: 0 contract changes [1 page only moved]")
    md = render_changelog_markdown(document)
    assert md.index(moved[:7]) < md.index(shas[0][:7])  # newest first
    assert "1 endpoint whose contract changed, 1 whose page only moved" in md
    html = render_history_html(document)
    assert html.count('<article class="finding') == 5  # 2 endpoints added, 2 type changes, 1 page moved
    assert "<script>" in html and "http" not in html.split("<script>")[1]
