"""write_reports: the three files, byte-identical for the same document, never half written."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docconform.extractor.diagnostics import Level
from docconform.extractor.drift import report
from docconform.extractor.drift.report import RENDERERS, render_bytes, write_reports
from tests.test_report_common import many_document, sample_document

REPO = Path(__file__).resolve().parents[1]
NAMES = ["drift.md", "drift.html", "drift.sarif"]


def test_writes_three_views_and_returns_their_paths(tmp_path: Path) -> None:
    paths = write_reports(sample_document(), tmp_path / "out")
    assert [p.name for p in paths] == NAMES and all(p.parent == tmp_path / "out" for p in paths)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(NAMES)
    sarif = json.loads(paths[2].read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert paths[1].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert paths[0].read_bytes().endswith(b"\n") and not paths[0].read_bytes().endswith(b"\n\n")


def test_same_document_gives_same_bytes_whatever_the_key_order(tmp_path: Path) -> None:
    document = sample_document()
    first = render_bytes(document)
    shuffled = json.loads(json.dumps(document, sort_keys=True))
    assert render_bytes(shuffled) == first == render_bytes(copy.deepcopy(document))
    write_reports(document, tmp_path)
    assert {n: (tmp_path / n).read_bytes() for n in NAMES} == first


def test_bytes_do_not_depend_on_hash_seed_or_process() -> None:
    code = (
        "import sys, json; from tests.test_report_common import sample_document;"
        "from docconform.extractor.drift.report import render_bytes;"
        "out = render_bytes(sample_document());"
        "sys.stdout.write(json.dumps({k: v.decode() for k, v in out.items()}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, check=True
    )
    other = {k: v.encode() for k, v in json.loads(out.stdout).items()}
    assert other == render_bytes(sample_document())


def test_failing_renderer_leaves_previous_reports_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reports(sample_document([]), tmp_path)
    before = {n: (tmp_path / n).read_bytes() for n in NAMES}

    def broken(document: dict) -> bytes:
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(RENDERERS, "drift.sarif", broken)
    with pytest.raises(RuntimeError):
        write_reports(sample_document(), tmp_path)
    assert {n: (tmp_path / n).read_bytes() for n in NAMES} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)


def test_python_values_and_undecodable_text_are_rendered_not_crashed_on(tmp_path: Path) -> None:
    document = sample_document()
    finding = document["findings"][0]
    finding["level"] = Level.ERROR
    finding["sides"] = tuple(finding["sides"])
    finding["sides"][0]["value"] = "bad \udcff byte"
    finding["sides"][1]["value"] = float("nan")
    document["inputs"] = [tmp_path]
    paths = write_reports(document, tmp_path)
    html = paths[1].read_text(encoding="utf-8")
    assert "bad \\udcff byte" in html and "NaN" in html
    sarif = json.loads(paths[2].read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["level"] == "error"
    assert sarif["runs"][0]["properties"]["inputs"] == [str(tmp_path)]


def test_five_hundred_findings_render_completely() -> None:
    """Speed is measured in benchmarks, never asserted here (DESIGN.md)."""
    document = many_document(500)
    rendered = render_bytes(document)
    assert rendered["drift.html"].count(b'<article class="finding') == 500
    assert 0 < rendered["drift.md"].count(b"\n#### ") <= 40  # a pull-request summary; the rest in HTML
    assert b"500 findings" in rendered["drift.md"]
    assert len(json.loads(rendered["drift.sarif"])["runs"][0]["results"]) == 500


def test_package_exports_the_documented_api() -> None:
    assert {"write_reports", "render_markdown", "render_html", "render_sarif"} <= set(
        report.__all__
    )
