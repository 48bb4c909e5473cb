"""``docconform drift`` and ``docconform diff``: the click commands and their runs.

``drift SRC...`` reads every source (each argument is one version set; with
none, the bundled seeds), aligns the versions of each endpoint, lints and
compares them, and writes the report document (``drift.json``) and its views
into ``-o`` (``reports/`` by default). ``diff OLD NEW`` compares two
revisions (page files or folders, schema folders, or git revisions with
``--repo``) and says whom each change breaks.

Exit codes as linters use them: 0 nothing at or above ``--fail-on``, 1
findings at or above it, 2 usage or input error (a missing source, a bad
baseline). Pages that cannot be read do not stop a run: their diagnostics
are printed and kept in the document. Kept apart from the library
(:mod:`.engine`) so that tests and ``history`` run the same code without
click.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import click

from ..diagnostics import FAIL_ON, Diagnostic, DiagnosticSink, InputError, Level, UsageError
from ..model import Span
from ..run.command import display_path, extract_all
from ..specs import load_spec, spec_kind
from .align import Version
from .baseline import apply_baseline, load_baseline
from .document import build_document
from .engine import VersionSet, drift_findings
from .excerpts import FileExcerpts
from .findings import Finding
from .links import source_url_spec
from .outcome import exit_code, write_document
from .textout import render_text, summary_line

__all__ = ["drift", "run_drift", "seeds_folder"]



def seeds_folder() -> Path:
    """The bundled seeds: package data ``docconform.seeds`` (the repository's seeds/ folder)."""
    import importlib

    try:
        return Path(next(iter(importlib.import_module("docconform.seeds").__path__)))
    except (ModuleNotFoundError, StopIteration):
        return Path(__file__).resolve().parents[2] / "seeds"


def _versions(sources: Sequence[Path], err: IO[str] | None, errors: DiagnosticSink,
              jobs: int = 1) -> tuple[list[Version], list[VersionSet], list[dict[str, object]], list[Diagnostic]]:
    versions: list[Version] = []
    sets: list[VersionSet] = []
    inputs: list[dict[str, object]] = []
    diagnostics: list[Diagnostic] = []
    for index, src in enumerate(sources):
        if spec_kind(src):  # an OpenAPI document or SDK ground truth: one version of every operation
            try:
                spec = load_spec(src, display_path(src))
            except InputError as exc:
                errors.error("input-unreadable", str(exc), Span(display_path(src), 0))
                continue
            versions += [Version(ep, index, "", f"{ep.format} {ep.lang}") for ep in spec]
            sets.append(VersionSet(display_path(src)))
            inputs.append({"source": display_path(src), "pages": 1, "endpoints": len(spec),
                           "kind": spec_kind(src)})
            continue
        results = extract_all([src], None, err, errors, jobs=jobs)
        components = set()
        for r in results:
            component = _component(src, r.source)
            components.add(component)
            diagnostics += r.diagnostics
            for j, ep in enumerate(r.endpoints):
                versions.append(Version(ep, index, component, f"{ep.format} {ep.lang}".strip(),
                                        tuple(r.diagnostics) if j == 0 else ()))
        sets.append(VersionSet(display_path(src), frozenset(components or {""})))
        inputs.append({"source": display_path(src), "pages": len(results),
                       "endpoints": sum(len(r.endpoints) for r in results)})
    return versions, sets, inputs, diagnostics


def _component(root: Path, source: str) -> str:
    """The first sub-folder of ``source`` under ``root`` (``""`` at the root)."""
    try:
        parts = Path(source).relative_to(display_path(root)).parts
    except ValueError:
        return ""
    return parts[0] if len(parts) > 1 else ""


def run_drift(sources: Sequence[Path], output: Path, *, fail_on: Level | None = Level.ERROR,
              baseline: Path | None = None, fmt: str = "text", quiet: bool = False, jobs: int = 1,
              source_url: str | None = None, single_set: bool = False,
              err: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """The ``drift`` command without click; returns the exit code."""
    err = err or sys.stderr
    out = out or sys.stdout
    try:
        sources = list(sources) or [_bundled_seeds()]
        accepted = load_baseline(baseline) if baseline is not None else frozenset()
        links = source_url_spec(source_url)
    except (InputError, UsageError) as exc:
        click.echo(f"error: {exc}", file=err)
        return 2
    errors = DiagnosticSink()
    versions, sets, inputs, diagnostics = _versions(sources, err, errors, jobs)
    for d in errors.items:
        click.echo(str(d), file=err)
    if errors.items:
        return 2
    if single_set:  # the changed pages of a commit: one set, nothing is "missing" from a page
        versions = [replace(v, set_index=0) for v in versions]
        sets = sets[:1]
    groups, findings = drift_findings(versions, sets if len(sets) > 1 else (), excerpts=FileExcerpts())
    findings, baselined = apply_baseline(findings, accepted)
    document = build_document(command="drift", inputs=inputs, groups=groups, findings=findings,
                              baselined=baselined, diagnostics=diagnostics, source_url=links)
    try:
        written = write_document(document, output, err)
    except OSError as exc:
        click.echo(f"error: cannot write reports: {exc}", file=err)
        return 2
    _print(document, findings, fmt, quiet, diagnostics, out, err)
    click.echo(f"{summary_line(document)}; wrote {', '.join(display_path(p) for p in written)}", file=err)
    return exit_code(findings, fail_on)


def _bundled_seeds() -> Path:
    seeds = seeds_folder()
    if not seeds.is_dir():
        raise InputError(f"no SRC given and the bundled seeds are missing ({seeds})")
    return Path(display_path(seeds))


def _print(document: dict[str, object], findings: Sequence[Finding], fmt: str, quiet: bool,
           diagnostics: Sequence[Diagnostic], out: IO[str], err: IO[str]) -> None:
    if fmt == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not quiet:
        for d in sorted(set(diagnostics)):
            if d.level >= Level.ERROR:
                click.echo(str(d), file=err)
        text = render_text(findings)
        if text:
            out.write(text)


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder for drift.json and its md, html and sarif views.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="Exit 1 when a finding at or above this level remains.")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="Accepted findings (a previous drift.json or a list of fingerprints) to leave out.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="What to print on stdout: one line per finding, or the report document.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Pages extracted in parallel (default: one per CPU).")
@click.option("--source-url", default=None, metavar="TEMPLATE",
              help="Link every source:line in the reports, e.g. "
                   "'https://github.com/org/docs/blob/{rev}/{path}#L{line}' ({rev}: the checked-out commit).")
@click.option("--single-set", is_flag=True,
              help="All SRC are one version set (the changed pages of a commit): each page is checked "
                   "alone and against the others documenting the same endpoint; none is missing anything.")
def drift(sources: tuple[Path, ...], output: Path, fail_on: str, baseline: Path | None,
          fmt: str, quiet: bool, jobs: int | None, source_url: str | None, single_set: bool) -> None:
    """Find where versions of the same pages disagree, and where pages contradict themselves.

    Each SRC (file or folder) is one version set, for example one format or
    language; endpoints are aligned across all of them by method and path,
    then doc id. With no SRC, runs on the bundled seeds and writes reports/.

    \b
    Examples:
      docconform drift
      docconform drift html/ rst/ zh-md/ -o drift-report/
      docconform drift docs/ --baseline accepted.json --fail-on warning
    """
    sys.exit(run_drift(sources, output, fail_on=FAIL_ON[fail_on], baseline=baseline, fmt=fmt, quiet=quiet,
                       jobs=jobs or os.cpu_count() or 1, source_url=source_url, single_set=single_set))
