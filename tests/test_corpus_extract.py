"""Extraction over the real pages of ../shared/corpus (skipped when absent).

The figure the extraction issue asks for: at least 95% of the pages that
state a method and URI yield an endpoint with its parameters, and no page
crashes a reader or the interpreter.
"""

from __future__ import annotations

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.run.command import stats_figures
from docconform.extractor.run.pipeline import discover, extract_file

from .conftest import CORPUS, needs_corpus


@needs_corpus
def test_whole_corpus_extracts_without_crash_and_finds_endpoints() -> None:
    sink = DiagnosticSink()
    files = discover([CORPUS], sink)
    assert len(files) > 900
    results = [extract_file(p, p.relative_to(CORPUS).as_posix()) for p in files]
    crashes = [d for r in results for d in r.diagnostics if d.code in ("reader-failed", "interpret-failed")]
    assert crashes == []
    figures = stats_figures(results)
    stating = figures["pages_stating_operation"]
    assert stating > 600
    assert figures["of_which_with_parameters"] / stating >= 0.95
