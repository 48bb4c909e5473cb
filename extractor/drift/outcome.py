"""What drift, diff and history share at the end of a run: the report files and the exit code.

Kept apart from the commands so that each command module depends on this
one and none on another. Not responsible for building the report document
(:mod:`.document`) nor for rendering its views (:mod:`.report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

import click

from ..diagnostics import Diagnostic, Level
from ..writers.files import dump_json, write_atomic
from .findings import Finding

__all__ = ["REPORT_NAME", "exit_code", "write_document", "write_failure"]

REPORT_NAME = "drift.json"


def write_document(document: dict[str, object], output: Path, err: IO[str] | None = None) -> list[Path]:
    """drift.json, then every view the report package renders from it."""
    path = Path(output) / REPORT_NAME
    write_atomic(path, dump_json(document))
    written = [path]
    try:
        from .report import write_reports
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.report":
            raise
        if err is not None:
            click.echo("note: report views (md, html, sarif) are not available; wrote drift.json only", file=err)
        return written
    return written + [p for p in write_reports(document, Path(output)) if p != path]


def exit_code(findings: Sequence[Finding], fail_on: Level | None,
              diagnostics: Sequence[Diagnostic] = ()) -> int:
    """1 when a finding or a page diagnostic is at or above ``fail_on``, else 0."""
    if fail_on is None:
        return 0
    levels = [f.level for f in findings] + [d.level for d in diagnostics]
    return 1 if any(level >= fail_on for level in levels) else 0


def write_failure(exc: OSError, output: Path) -> str:
    """``cannot write PATH: why`` for an error met while writing reports into ``output``."""
    return f"cannot write {exc.filename or output}: {exc.strerror or exc}"
