"""``docconform diff OLD NEW``: two revisions in, changes and whom they break out.

A side is read from whatever the user has: a page file or folder (extracted
now), a folder of schema bundles or one bundle file (what ``extract`` wrote
for an earlier release), or with ``--repo`` a git revision (read from the
object database by :mod:`.gitrepo`, without touching the work tree). Every
change says whom it breaks (:mod:`.breaking`); endpoints that did not change
are not listed. The report document is the same as drift's, with
``command: diff``, and is written only when ``-o`` is given.

Not responsible for the comparison itself (:func:`.engine.compare_endpoints`).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from ..diagnostics import FAIL_ON, Diagnostic, DiagnosticSink, InputError, Level, UsageError
from ...options import (EXIT_USAGE, Command, fail_on_option, jobs_option, page_format_option,
                       print_format_option, verbosity_options)
from ..readers import FORMATS
from ..run.command import display_path, echo_diagnostics, extract_all, no_pages_message
from ..specs import load_spec, spec_kind
from ..writers.files import output_problem
from ..model import Endpoint
from .align import Version, group_versions
from .baseline import apply_baseline, load_baseline
from .bundles import is_schema_folder, load_bundle_file, load_schema_folder
from .document import build_document
from .engine import compare_endpoints
from .excerpts import ExcerptProvider, FileExcerpts
from .links import source_url_spec
from .outcome import exit_code, write_document, write_failure
from .textout import render_text, summary_line

__all__ = ["Side", "diff", "load_side", "run_diff"]


@dataclass
class Side:
    """One revision of a diff: its endpoints, how to read its lines, what it was."""

    name: str
    endpoints: list[Endpoint]
    excerpts: ExcerptProvider
    kind: str
    pages: int
    diagnostics: list[Diagnostic]


def load_side(arg: str, *, repo: Path | None = None, pathspecs: list[str] | None = None,
              err: IO[str] | None = None, page_format: str | None = None, jobs: int = 1) -> Side:
    """Read one side of a diff; :class:`InputError` when it cannot be read at all."""
    if repo is not None:
        from . import gitrepo

        results = gitrepo.pages_at(repo, arg, list(pathspecs or []), fmt=page_format)
        return Side(arg, [ep for r in results for ep in r.endpoints], gitrepo.SourceLines(repo),
                    "git", len(results), [d for r in results for d in r.diagnostics])
    path = Path(arg)
    if not path.exists():
        raise InputError(f"{arg}: no such file or folder")
    if spec_kind(path):  # an OpenAPI document or SDK ground truth
        return Side(display_path(path), load_spec(path, display_path(path)), FileExcerpts(), "spec", 1, [])
    if path.is_file() and path.suffix.lower() == ".json":
        ep = load_bundle_file(path)
        if ep is None:
            raise InputError(f"{arg}: a JSON file that is not a schema bundle written by extract")
        return Side(display_path(path), [ep], FileExcerpts(), "schemas", 1, [])
    if path.is_dir() and is_schema_folder(path):
        eps = load_schema_folder(path)
        return Side(display_path(path), eps, FileExcerpts(), "schemas", len(eps), [])
    errors = DiagnosticSink()
    results = extract_all([path], page_format, err, errors, jobs=jobs)
    if errors.items:
        raise InputError(str(errors.items[0]))
    return Side(display_path(path), [ep for r in results for ep in r.endpoints], FileExcerpts(),
                "pages", len(results), [d for r in results for d in r.diagnostics])


def _empty_sides(before: Side, after: Side, pathspecs: list[str]) -> list[tuple[Side, str]]:
    """Sides without an endpoint, each with what to say; git sides only when both are empty.

    A git revision may rightly hold none of the pages (added or removed
    between OLD and NEW); a folder given, or a pathspec matching nothing in
    either revision, is a mistake that would report every endpoint removed.
    """
    if before.kind == after.kind == "git":
        if before.endpoints or after.endpoints:
            return []
        specs = " ".join(pathspecs) or "(all files)"
        what = "matches no page file" if not (before.pages or after.pages) else "matches no API page"
        return [(after, f"the pathspec {specs} {what} at {before.name} or {after.name}")]
    return [(side, f"no schema bundle in {side.name}" if side.kind == "schemas"
             else no_pages_message([Path(side.name)], side.pages))
            for side in (before, after) if side.kind != "git" and not side.endpoints]


def run_diff(old: str, new: str, pathspecs: list[str], *, repo: Path | None = None,
             output: Path | None = None, fail_on: Level | None = Level.ERROR, baseline: Path | None = None,
             print_format: str = "text", page_format: str | None = None, quiet: bool = False,
             verbose: bool = False, jobs: int = 1, source_url: str | None = None,
             err: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """The ``diff`` command without click; returns the exit code.

    Exit 2, with nothing written, when a side cannot be read or holds no API
    page, when the pathspecs match no page in either revision, or when
    ``output`` cannot be written (checked before any page is read).
    """
    err = err or sys.stderr
    out = out or sys.stdout
    if pathspecs and repo is None:
        click.echo("error: PATHSPECS are only for git revisions (--repo)", file=err)
        return EXIT_USAGE
    problem = output_problem([(output, True)])
    if problem is not None:
        click.echo(f"error: {problem}", file=err)
        return EXIT_USAGE
    progress = None if quiet else err
    try:
        accepted = load_baseline(baseline) if baseline is not None else frozenset()
        before = load_side(old, repo=repo, pathspecs=pathspecs, err=progress, page_format=page_format, jobs=jobs)
        after = load_side(new, repo=repo, pathspecs=pathspecs, err=progress, page_format=page_format, jobs=jobs)
        links = source_url_spec(source_url, revs=_revisions(repo, old, new) if source_url else None)
    except (InputError, UsageError) as exc:
        click.echo(f"error: {exc}", file=err)
        return EXIT_USAGE
    empty = _empty_sides(before, after, pathspecs)
    for side, message in empty:
        if not quiet:
            echo_diagnostics(side.diagnostics, err)
        click.echo(f"error: {message}", file=err)
    if empty:
        return EXIT_USAGE
    findings = compare_endpoints(before.endpoints, after.endpoints, excerpts=after.excerpts,
                                 old_excerpts=before.excerpts, new_excerpts=after.excerpts,
                                 old_set=before.name, new_set=after.name)
    findings, baselined = apply_baseline(findings, accepted)
    versions = [Version(ep, 0, label="old") for ep in before.endpoints]
    versions += [Version(ep, 1, label="new") for ep in after.endpoints]
    inputs = [{"source": s.name, "role": role, "kind": s.kind, "pages": s.pages, "endpoints": len(s.endpoints)}
              for s, role in ((before, "old"), (after, "new"))]
    diagnostics = before.diagnostics + after.diagnostics
    document = build_document(command="diff", inputs=inputs, groups=group_versions(versions),
                              findings=findings, baselined=baselined,
                              diagnostics=diagnostics, only_changed=True, source_url=links)
    written: list[Path] = []
    if output is not None:
        try:
            written = write_document(document, output, err)
        except OSError as exc:
            click.echo(f"error: {write_failure(exc, output)}", file=err)
            return EXIT_USAGE
    if print_format == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif not quiet:
        echo_diagnostics(diagnostics, err, Level.INFO if verbose else Level.ERROR)
        out.write(render_text(findings))
    tail = f"; wrote {', '.join(display_path(p) for p in written)}" if written else ""
    click.echo(f"{summary_line(document)}{tail}", file=err)
    return exit_code(findings, fail_on, diagnostics)


def _revisions(repo: Path | None, *revs: str) -> dict[str, str] | None:
    """How sources name each git revision, and its commit: what ``{rev}`` links to."""
    if repo is None:
        return None
    from . import gitrepo

    r = gitrepo.open_repo(repo)
    return {r.rev_label(rev): r.commit(rev) for rev in revs}


@click.command(cls=Command)
@click.argument("old")
@click.argument("new")
@click.argument("pathspecs", nargs=-1)
@click.option("--repo", type=click.Path(path_type=Path, exists=True), default=None,
              help="Read OLD and NEW as revisions of this git repository or .bundle file (PATHSPECS after --).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Also write the report document (drift.json) and its views here.")
@fail_on_option(list(FAIL_ON), help="Exit 1 when a change or a page diagnostic at or above this level is "
                                    "found (error = breaks clients).")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="Accepted findings to leave out.")
@print_format_option(["text", "json"],
                     help="What to print on stdout: one line per change, or the report document.")
@page_format_option(FORMATS)
@verbosity_options(quiet="Print only the summary: no changes, no progress bar.",
                   verbose="Also print every page diagnostic (warnings and info), not only errors.")
@jobs_option()
@click.option("--source-url", default=None, metavar="TEMPLATE",
              help="Link every source:line in the reports, e.g. "
                   "'https://github.com/org/docs/blob/{rev}/{path}#L{line}' ({rev}: each side's commit).")
def diff(old: str, new: str, pathspecs: tuple[str, ...], repo: Path | None, output: Path | None,
         fail_on: str, baseline: Path | None, print_format: str, page_format: str | None, quiet: bool,
         verbose: int, jobs: int | None, source_url: str | None) -> None:
    """Compare two revisions and say whom each change breaks (client or server).

    OLD and NEW are page files or folders, folders of schemas written by
    extract, OpenAPI documents (JSON or YAML, 3.0 or 3.1) or SDK ground-truth
    files, or with --repo two git revisions. Exit 0, or 1 when a change or
    a page diagnostic at or above --fail-on is found; 2 when a side cannot be
    read or holds no API page, the pathspecs match no page at OLD or NEW, or
    -o cannot be written; 130 when stopped by Ctrl-C.

    \b
    Examples:
      docconform diff old-pages/ new-pages/
      docconform diff schemas-2024/ schemas-2025/ -o diff-report/
      docconform diff --repo ../dli-docs v1.0 HEAD -- api-ref/source
    """
    sys.exit(run_diff(old, new, list(pathspecs), repo=repo, output=output, fail_on=FAIL_ON[fail_on],
                      baseline=baseline, print_format=print_format, page_format=page_format,
                      quiet=quiet, verbose=verbose > 0, jobs=jobs or os.cpu_count() or 1,
                      source_url=source_url))
