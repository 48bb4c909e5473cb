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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import click

from ..diagnostics import FAIL_ON, Diagnostic, DiagnosticSink, InputError, Level, UsageError
from ..model import Span
from ...options import (EXIT_USAGE, Command, fail_on_option, jobs_option, page_format_option,
                       print_format_option, verbosity_options)
from ..readers import FORMATS
from ..run.command import display_path, echo_diagnostics, extract_all, no_pages_message
from ..specs import load_spec, spec_kind
from ..writers.files import output_problem
from .align import Version
from .baseline import apply_baseline, load_baseline
from .document import build_document
from .engine import VersionSet, drift_findings
from .excerpts import FileExcerpts
from .findings import Finding
from .links import source_url_spec
from .outcome import exit_code, write_document, write_failure
from .textout import render_text, summary_line

__all__ = ["drift", "run_drift", "seeds_folder"]



def seeds_folder() -> Path:
    """The bundled seeds: package data ``docconform.seeds`` (the repository's seeds/ folder)."""
    import importlib

    try:
        return Path(next(iter(importlib.import_module("docconform.seeds").__path__)))
    except (ModuleNotFoundError, StopIteration):
        return Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class _Read:
    """What the sources yielded: versions of endpoints, the sets, per-source figures, diagnostics."""

    versions: list[Version] = field(default_factory=list)
    sets: list[VersionSet] = field(default_factory=list)
    inputs: list[dict[str, object]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Sources without an API page: (source, page files read, their diagnostics).
    empty: list[tuple[Path, int, list[Diagnostic]]] = field(default_factory=list)


def _versions(sources: Sequence[Path], err: IO[str] | None, errors: DiagnosticSink,
              jobs: int = 1, page_format: str | None = None) -> _Read:
    read = _Read()
    for index, src in enumerate(sources):
        if spec_kind(src):  # an OpenAPI document or SDK ground truth: one version of every operation
            _read_spec(read, index, src, errors)
            continue
        results = extract_all([src], page_format, err, errors, jobs=jobs)
        components = set()
        page_diagnostics = [d for r in results for d in r.diagnostics]
        for r in results:
            component = _component(src, r.source)
            components.add(component)
            for j, ep in enumerate(r.endpoints):
                read.versions.append(Version(ep, index, component, f"{ep.format} {ep.lang}".strip(),
                                             tuple(r.diagnostics) if j == 0 else ()))
        read.diagnostics += page_diagnostics
        read.sets.append(VersionSet(display_path(src), frozenset(components or {""})))
        endpoints = sum(len(r.endpoints) for r in results)
        read.inputs.append({"source": display_path(src), "pages": len(results), "endpoints": endpoints})
        if not endpoints:
            read.empty.append((src, len(results), page_diagnostics))
    return read


def _read_spec(read: _Read, index: int, src: Path, errors: DiagnosticSink) -> None:
    try:
        spec = load_spec(src, display_path(src))
    except InputError as exc:
        errors.error("input-unreadable", str(exc), Span(display_path(src), 0))
        return
    read.versions += [Version(ep, index, "", f"{ep.format} {ep.lang}") for ep in spec]
    read.sets.append(VersionSet(display_path(src)))
    read.inputs.append({"source": display_path(src), "pages": 1, "endpoints": len(spec), "kind": spec_kind(src)})
    if not spec:
        read.empty.append((src, 1, []))


def _component(root: Path, source: str) -> str:
    """The first sub-folder of ``source`` under ``root`` (``""`` at the root)."""
    try:
        parts = Path(source).relative_to(display_path(root)).parts
    except ValueError:
        return ""
    return parts[0] if len(parts) > 1 else ""


def run_drift(sources: Sequence[Path], output: Path, *, fail_on: Level | None = Level.ERROR,
              baseline: Path | None = None, print_format: str = "text", page_format: str | None = None,
              quiet: bool = False, verbose: bool = False, jobs: int = 1,
              source_url: str | None = None, single_set: bool = False,
              err: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """The ``drift`` command without click; returns the exit code.

    Exit 2, with nothing written, when a source is missing, holds no API page,
    or ``output`` cannot be written (checked before any page is read).
    """
    err = err or sys.stderr
    out = out or sys.stdout
    try:
        sources = list(sources) or [_bundled_seeds()]
        accepted = load_baseline(baseline) if baseline is not None else frozenset()
        links = source_url_spec(source_url)
    except (InputError, UsageError) as exc:
        click.echo(f"error: {exc}", file=err)
        return EXIT_USAGE
    problem = output_problem([(output, True)])
    if problem is not None:
        click.echo(f"error: {problem}", file=err)
        return EXIT_USAGE
    errors = DiagnosticSink()
    read = _versions(sources, None if quiet else err, errors, jobs, page_format)
    for d in errors.items:
        click.echo(str(d), file=err)
    if errors.items:
        return EXIT_USAGE
    if read.empty:
        for src, files, diagnostics in read.empty:
            if not quiet:
                echo_diagnostics(diagnostics, err)
            click.echo(f"error: {no_pages_message([src], files)}", file=err)
        click.echo(f"error: nothing written to {display_path(output)}", file=err)
        return EXIT_USAGE
    if single_set:  # the changed pages of a commit: one set, nothing is "missing" from a page
        read.versions = [replace(v, set_index=0) for v in read.versions]
        read.sets = read.sets[:1]
    groups, findings = drift_findings(read.versions, read.sets if len(read.sets) > 1 else (),
                                      excerpts=FileExcerpts())
    findings, baselined = apply_baseline(findings, accepted)
    document = build_document(command="drift", inputs=read.inputs, groups=groups, findings=findings,
                              baselined=baselined, diagnostics=read.diagnostics, source_url=links)
    try:
        written = write_document(document, output, err)
    except OSError as exc:
        click.echo(f"error: {write_failure(exc, output)}", file=err)
        return EXIT_USAGE
    _print(document, findings, print_format, quiet, verbose, read.diagnostics, out, err)
    click.echo(f"{summary_line(document)}; wrote {', '.join(display_path(p) for p in written)}", file=err)
    return exit_code(findings, fail_on, read.diagnostics)


def _bundled_seeds() -> Path:
    seeds = seeds_folder()
    if not seeds.is_dir():
        raise InputError(f"no SRC given and the bundled seeds are missing ({seeds})")
    return Path(display_path(seeds))


def _print(document: dict[str, object], findings: Sequence[Finding], print_format: str, quiet: bool,
           verbose: bool, diagnostics: Sequence[Diagnostic], out: IO[str], err: IO[str]) -> None:
    if print_format == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    if not quiet:  # warnings of pages are findings too (lint): printed once, as findings
        echo_diagnostics(diagnostics, err, Level.INFO if verbose else Level.ERROR)
        text = render_text(findings)
        if text:
            out.write(text)


@click.command(cls=Command)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder for drift.json and its md, html and sarif views.")
@fail_on_option(list(FAIL_ON), help="Exit 1 when a finding or a page diagnostic at or above this level remains.")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="Accepted findings (a previous drift.json or a list of fingerprints) to leave out.")
@print_format_option(["text", "json"],
                     help="What to print on stdout: one line per finding, or the report document.")
@page_format_option(FORMATS)
@verbosity_options(quiet="Print only the summary: no findings, no progress bar.",
                   verbose="Also print every page diagnostic (warnings and info), not only errors.")
@jobs_option()
@click.option("--source-url", default=None, metavar="TEMPLATE",
              help="Link every source:line in the reports, e.g. "
                   "'https://github.com/org/docs/blob/{rev}/{path}#L{line}' ({rev}: the checked-out commit).")
@click.option("--single-set", is_flag=True,
              help="All SRC are one version set (the changed pages of a commit): each page is checked "
                   "alone and against the others documenting the same endpoint; none is missing anything.")
def drift(sources: tuple[Path, ...], output: Path, fail_on: str, baseline: Path | None,
          print_format: str, page_format: str | None, quiet: bool, verbose: int, jobs: int | None,
          source_url: str | None, single_set: bool) -> None:
    """Find where versions of the same pages disagree, and where pages contradict themselves.

    Each SRC (file or folder) is one version set, for example one format or
    language, or an OpenAPI document (JSON or YAML, 3.0 or 3.1) or SDK
    ground-truth file; endpoints are aligned across all of them by method and
    path, then doc id. With no SRC, runs on the bundled seeds and writes reports/.
    Exit 0, or 1 when a finding or a page diagnostic at or above --fail-on
    remains; 2 when a SRC is missing or holds no API page, or -o cannot be
    written (nothing is written then); 130 when stopped by Ctrl-C.

    \b
    Examples:
      docconform drift
      docconform drift html/ rst/ zh-md/ -o drift-report/
      docconform drift docs/ --baseline accepted.json --fail-on warning
    """
    sys.exit(run_drift(sources, output, fail_on=FAIL_ON[fail_on], baseline=baseline,
                       print_format=print_format, page_format=page_format, quiet=quiet,
                       verbose=verbose > 0, jobs=jobs or os.cpu_count() or 1, source_url=source_url,
                       single_set=single_set))
