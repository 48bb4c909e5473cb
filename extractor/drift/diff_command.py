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
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from ..diagnostics import FAIL_ON, Diagnostic, DiagnosticSink, InputError, Level, UsageError
from ..run.command import display_path, extract_all
from ..specs import load_spec, spec_kind
from ..model import Endpoint
from .align import Version, group_versions
from .baseline import apply_baseline, load_baseline
from .bundles import is_schema_folder, load_bundle_file, load_schema_folder
from .document import build_document
from .engine import compare_endpoints
from .excerpts import ExcerptProvider, FileExcerpts
from .links import source_url_spec
from .outcome import exit_code, write_document
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
              err: IO[str] | None = None) -> Side:
    """Read one side of a diff; :class:`InputError` when it cannot be read at all."""
    if repo is not None:
        from . import gitrepo

        results = gitrepo.pages_at(repo, arg, list(pathspecs or []))
        return Side(arg, [ep for r in results for ep in r.endpoints], gitrepo.SourceLines(repo),
                    "git", len(results), [d for r in results for d in r.diagnostics])
    path = Path(arg)
    if not path.exists():
        raise InputError(f"{arg}: no such file or folder")
    if spec_kind(path):
        eps = load_spec(path, display_path(path))
        return Side(display_path(path), eps, FileExcerpts(), "spec", 1, [])
    if path.is_file() and path.suffix.lower() == ".json":
        ep = load_bundle_file(path)
        if ep is None:
            raise InputError(f"{arg}: a JSON file that is not a schema bundle written by extract")
        return Side(display_path(path), [ep], FileExcerpts(), "schemas", 1, [])
    if path.is_dir() and is_schema_folder(path):
        eps = load_schema_folder(path)
        return Side(display_path(path), eps, FileExcerpts(), "schemas", len(eps), [])
    errors = DiagnosticSink()
    results = extract_all([path], None, err, errors)
    if errors.items:
        raise InputError(str(errors.items[0]))
    return Side(display_path(path), [ep for r in results for ep in r.endpoints], FileExcerpts(),
                "pages", len(results), [d for r in results for d in r.diagnostics])


def run_diff(old: str, new: str, pathspecs: list[str], *, repo: Path | None = None,
             output: Path | None = None, fail_on: Level | None = Level.ERROR, baseline: Path | None = None,
             fmt: str = "text", quiet: bool = False, source_url: str | None = None,
             err: IO[str] | None = None, out: IO[str] | None = None) -> int:
    """The ``diff`` command without click; returns the exit code."""
    err = err or sys.stderr
    out = out or sys.stdout
    if pathspecs and repo is None:
        click.echo("error: PATHSPECS are only for git revisions (--repo)", file=err)
        return 2
    try:
        accepted = load_baseline(baseline) if baseline is not None else frozenset()
        before = load_side(old, repo=repo, pathspecs=pathspecs, err=err)
        after = load_side(new, repo=repo, pathspecs=pathspecs, err=err)
        links = source_url_spec(source_url, revs=_revisions(repo, old, new) if source_url else None)
    except (InputError, UsageError) as exc:
        click.echo(f"error: {exc}", file=err)
        return 2
    findings = compare_endpoints(before.endpoints, after.endpoints, excerpts=after.excerpts,
                                 old_excerpts=before.excerpts, new_excerpts=after.excerpts,
                                 old_set=before.name, new_set=after.name)
    findings, baselined = apply_baseline(findings, accepted)
    versions = [Version(ep, 0, label="old") for ep in before.endpoints]
    versions += [Version(ep, 1, label="new") for ep in after.endpoints]
    inputs = [{"source": s.name, "role": role, "kind": s.kind, "pages": s.pages, "endpoints": len(s.endpoints)}
              for s, role in ((before, "old"), (after, "new"))]
    document = build_document(command="diff", inputs=inputs, groups=group_versions(versions),
                              findings=findings, baselined=baselined,
                              diagnostics=before.diagnostics + after.diagnostics, only_changed=True,
                              source_url=links)
    written: list[Path] = []
    if output is not None:
        try:
            written = write_document(document, output, err)
        except OSError as exc:
            click.echo(f"error: cannot write reports: {exc}", file=err)
            return 2
    if fmt == "json":
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif not quiet:
        out.write(render_text(findings))
    tail = f"; wrote {', '.join(display_path(p) for p in written)}" if written else ""
    click.echo(f"{summary_line(document)}{tail}", file=err)
    return exit_code(findings, fail_on)


def _revisions(repo: Path | None, *revs: str) -> dict[str, str] | None:
    """How sources name each git revision, and its commit: what ``{rev}`` links to."""
    if repo is None:
        return None
    from . import gitrepo

    r = gitrepo.open_repo(repo)
    return {r.rev_label(rev): r.commit(rev) for rev in revs}


@click.command()
@click.argument("old")
@click.argument("new")
@click.argument("pathspecs", nargs=-1)
@click.option("--repo", type=click.Path(path_type=Path, exists=True), default=None,
              help="Read OLD and NEW as revisions of this git repository or .bundle file (PATHSPECS after --).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Also write the report document (drift.json) and its views here.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="Exit 1 when a change at or above this level is found (error = breaks clients).")
@click.option("--baseline", type=click.Path(path_type=Path), default=None,
              help="Accepted findings to leave out.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="What to print on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
@click.option("--source-url", default=None, metavar="TEMPLATE",
              help="Link every source:line in the reports, e.g. "
                   "'https://github.com/org/docs/blob/{rev}/{path}#L{line}' ({rev}: each side's commit).")
def diff(old: str, new: str, pathspecs: tuple[str, ...], repo: Path | None, output: Path | None,
         fail_on: str, baseline: Path | None, fmt: str, quiet: bool, source_url: str | None) -> None:
    """Compare two revisions and say whom each change breaks (client or server).

    OLD and NEW are page files or folders, folders of schemas written by
    extract, or with --repo two git revisions.

    \b
    Examples:
      docconform diff old-pages/ new-pages/
      docconform diff schemas-2024/ schemas-2025/ -o diff-report/
      docconform diff --repo ../dli-docs v1.0 HEAD -- api-ref/source
    """
    sys.exit(run_diff(old, new, list(pathspecs), repo=repo, output=output, fail_on=FAIL_ON[fail_on],
                      baseline=baseline, fmt=fmt, quiet=quiet, source_url=source_url))

