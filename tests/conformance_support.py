"""Shared arguments and readers for tests that run the conformance plugin under pytester."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ARGS", "SERVED", "extract", "failed_checks", "read_report"]

#: Pages the reference server implements beyond seeds/ (request formats, success-status forms).
SERVED = Path(__file__).resolve().parent / "data" / "served"

#: The plugin alone, a fixed seed and small budgets; the tests add the contract and the target.
ARGS = ["--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin", "-p", "no:cacheprovider",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
        "--conformance-seed", "11", "--conformance-max-examples", "10", "--conformance-shrink-seconds", "3",
        "--conformance-header", "X-Auth-Token=reference-token"]


def failed_checks(reprec: pytest.HookRecorder) -> dict[str, str]:
    """``endpoint::check`` of every failed check item, with its failure text."""
    reports = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call" and r.failed]
    return {r.nodeid.split("::", 1)[1]: r.longreprtext for r in reports}


def read_report(folder: Path) -> dict[str, Any]:
    """The ``docconform.conformance.json`` a run wrote into ``folder/reports``."""
    return json.loads((folder / "reports" / "docconform.conformance.json").read_text())  # type: ignore[no-any-return]


def extract(pages: Path, out: Path) -> Path:
    """``docconform extract pages -o out`` (bundles, no cache); returns ``out``."""
    from click.testing import CliRunner

    from docconform.cli import main
    result = CliRunner().invoke(main, ["extract", str(pages), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    return out
