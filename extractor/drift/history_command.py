"""``docconform history``: how every endpoint changed over the commits of a doc repository.

The click wiring plus the two human views of the history document that
:func:`.history.history_to_json` builds (the JSON is the machine contract):
plain text for a terminal, Markdown for a pull request or a wiki. Both are
pure functions of the document, so the same repository gives the same bytes.

Not responsible for walking the repository (:mod:`.history`) or reading git
(:mod:`.gitrepo`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

import click

from ..diagnostics import FAIL_ON, DocconformError
from ...options import (EXIT_USAGE, Command, fail_on_option, jobs_option, page_format_option,
                       print_format_option, verbosity_options)
from ..run.command import display_path
from ..readers import FORMATS
from ..writers.files import dump_json, output_problem, safe_child, write_atomic
from .changelog import changelog_lines, render_changelog_markdown
from .gitrepo import Progress
from .history import build_history, history_to_json, iter_findings
from .report._common import format_value, plural
from .report.history_html import render_history_html
from .report.markdown import md_code, md_text

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

__all__ = ["history", "render_markdown", "render_text", "run_history"]

JSON_NAME, MD_NAME, CHANGELOG_NAME, HTML_NAME = "history.json", "history.md", "changelog.md", "history.html"


def run_history(repo: Path, pathspecs: list[str], *, rev: str = "HEAD", output: Path | None = None,
                print_format: str = "text", fail_on: str = "never", page_format: str | None = None,
                jobs: int = 1, quiet: bool = False, verbose: bool = False,
                out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """The command without click, for tests and other callers; returns the exit code.

    Exit 2, with nothing written, when the repository or revision cannot be
    read, when no commit in ``rev`` touches a page under ``pathspecs``, or
    when ``output`` cannot be written (checked before the walk).
    """
    out, err = out or sys.stdout, err or sys.stderr
    problem = output_problem([(output, True)])
    if problem is not None:
        click.echo(f"error: {problem}", file=err)
        return EXIT_USAGE
    try:
        with _Bar(None if quiet else err) as progress:
            h = build_history(repo, pathspecs, rev=rev, fmt=page_format, jobs=jobs, progress=progress)
    except DocconformError as exc:
        click.echo(f"error: {exc}", file=err)
        return EXIT_USAGE
    if not h.revisions or not h.pages:
        specs = " ".join(pathspecs) or "(all files)"
        what = "touches" if not h.revisions else "touches a page file under"
        click.echo(f"error: no commit in {rev} of {display_path(repo)} {what} {specs}", file=err)
        return EXIT_USAGE
    h.repo = display_path(repo)
    if h.page_errors and not quiet:
        for d in h.page_errors if verbose else h.page_errors[:1]:
            click.echo(str(d), file=err)
        more = "" if verbose or len(h.page_errors) == 1 else " (-v lists them all)"
        click.echo(f"warning: {plural(len(h.page_errors), 'error')} in {h.pages} page versions read{more}",
                   file=err)
    document = history_to_json(h)
    try:
        if output is not None:
            write_atomic(safe_child(output, JSON_NAME), dump_json(document))
            write_atomic(safe_child(output, MD_NAME), render_markdown(document).encode("utf-8"))
            write_atomic(safe_child(output, CHANGELOG_NAME), render_changelog_markdown(document).encode("utf-8"))
            write_atomic(safe_child(output, HTML_NAME),
                         render_history_html(document).encode("utf-8", "backslashreplace"))
    except OSError as exc:
        click.echo(f"error: cannot write {exc.filename or output}: {exc.strerror or exc}", file=err)
        return EXIT_USAGE
    views = {"json": lambda d: dump_json(d).decode("utf-8"), "markdown": render_markdown,
             "text": _headline_only if quiet else render_text}
    out.write(views[print_format](document))
    threshold = FAIL_ON[fail_on]
    if threshold is None:
        return 0
    levels = [f.level for f in iter_findings(h)] + [d.level for d in h.page_errors]
    return 1 if any(level >= threshold for level in levels) else 0


def _headline_only(document: dict[str, Any]) -> str:
    return _headline(document) + "\n"


class _Bar:
    """A progress bar over the page versions to extract, on a terminal only (logs stay clean)."""

    def __init__(self, err: IO[str] | None) -> None:
        self.err, self.shown = err, 0
        self.bar: ProgressBar[int] | None = None

    def __enter__(self) -> Progress | None:
        return self.update if self.err is not None and self.err.isatty() else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="extracting", file=cast(TextIO, self.err),
                                         show_pos=True, show_eta=True)
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()


# ---------------------------------------------------------------- text


def render_text(document: dict[str, Any]) -> str:
    """The changelog (a line per commit), then per endpoint its changes in order: commit,
    date, message, then what changed."""
    lines = [_headline(document), "", *changelog_lines(document), ""]
    for e in document["endpoints"]:
        doc = f"  ({e['doc_id']})" if e.get("doc_id") else ""
        lines.append(f"{e['endpoint']}{doc}")
        for c in e["changes"]:
            lines.append(f"  {c['commit']}  {c['date'][:10]}  {c['message']}")
            lines += [f"      {d}" for d in _change_lines(c)]
        for f in e["flips"]:
            lines.append(f"  flips: {f['rule']} {f['pointer']}: {_chain(f['values'])} "
                         f"({plural(f['reversals'], 'reversal')})")
        lines.append("")
    return "\n".join(_CONTROL.sub(_escape, line) for line in lines).rstrip("\n") + "\n"


#: Commit messages and page text reach a terminal: their control characters are shown, not run.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(m: re.Match[str]) -> str:
    return f"\\x{ord(m.group()):02x}"


def _headline(document: dict[str, Any]) -> str:
    s = document["summary"]
    specs = " ".join(document["pathspecs"]) or "(all pages)"
    return (f"history of {document['repo']} at {document['rev']} -- {specs}: "
            f"{plural(s['revisions'], 'revision')}, {plural(s['endpoints'], 'endpoint')} "
            f"({s['contract_changed_endpoints']} with contract changes, {s['moved_only_endpoints']} only moved), "
            f"{plural(s['changes'], 'change')}, "
            f"{plural(s['findings'], 'finding')}, {plural(s['flips'], 'flip')}")


def _change_lines(c: dict[str, Any]) -> list[str]:
    event = _event(c, str)
    findings = [f"{f['rule']} [{f['level']}] {f['pointer'] or '/'}: {_values(f)}" for f in c["findings"]]
    return [event, *findings] if event else findings


def _event(c: dict[str, Any], code: Callable[[str], str]) -> str:
    """What happened to the endpoint itself (added, removed, moved, new path), or ""."""
    parts = []
    where = code(f"{c['source']}:{c['line']}")
    if c["kind"] == "added":
        parts.append(f"added at {where}")
    elif c["kind"] == "removed":
        parts.append(f"removed (last seen at {where})")
    if c.get("moved_from"):
        parts.append(f"page moved from {code(c['moved_from'])} to {code(c['source'].split(':', 1)[-1])}")
    if c.get("endpoint_from"):
        parts.append(f"was {code(c['endpoint_from'])}")
    return "; ".join(parts)


def _values(f: dict[str, Any]) -> str:
    """Old -> new, as values a reader recognises: a type as the page wrote it."""
    sides = f.get("sides") or []
    if len(sides) < 2:
        return str(f.get("message", ""))
    return f"{_show(sides[0].get('value'))} -> {_show(sides[-1].get('value'))}"


def _show(value: Any) -> str:
    """A side's value; the two structured values the rules write read as words."""
    if isinstance(value, dict) and set(value) == {"raw", "type"}:  # a type
        return f"{value['raw'] or '(object)'} ({value['type']})"
    if isinstance(value, dict) and set(value) == {"type", "required"}:  # a field that is present
        details = [str(value["type"])] * bool(value["type"]) + ["required"] * bool(value["required"])
        return f"present ({', '.join(details)})" if details else "present"
    return format_value(value)


def _chain(values: list[Any]) -> str:
    return " -> ".join(_show(v) for v in values)


# ---------------------------------------------------------------- markdown


def render_markdown(document: dict[str, Any]) -> str:
    """history.md: a table of changes per endpoint, findings as old -> new with their location."""
    lines = ["# Documentation history", "", f"**{md_text(_headline(document))}**", ""]
    for e in document["endpoints"]:
        doc = f" ({md_code(e['doc_id'], table=False)})" if e.get("doc_id") else ""
        lines += [f"## {md_code(e['endpoint'], table=False)}{doc}", "",
                  "| Commit | Date | Message | Change |", "| --- | --- | --- | --- |"]
        for c in e["changes"]:
            lines += _md_rows(c)
        lines.append("")
        if e["flips"]:
            lines += [f"- flips: {md_code(f['rule'], table=False)} {md_code(f['pointer'] or '/', table=False)}: "
                      f"{md_code(_chain(f['values']), table=False)} ({plural(f['reversals'], 'reversal')})"
                      for f in e["flips"]]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_rows(c: dict[str, Any]) -> list[str]:
    """One row for the event and one per finding; commit, date and message on the first only."""
    code = _cell_code
    event = _event(c, code)
    rows = [event] if event else []
    for f in c["findings"]:
        side = (f.get("sides") or [{}])[-1]
        where = code(f"{side.get('source', '')}:{side.get('line', '')}")
        rows.append(f"{code(f['rule'])} {code(f['pointer'] or '/')}: {code(_values(f))} at {where}")
    head = [code(c["commit"]), code(c["date"][:10]), md_text(c["message"])]
    return ["| " + " | ".join([*(head if i == 0 else ["", "", ""]), row]) + " |"
            for i, row in enumerate(rows)]


def _cell_code(text: str) -> str:
    return md_code(text, table=True)


# ---------------------------------------------------------------- click


@click.command(cls=Command)
@click.option("--repo", required=True, type=click.Path(path_type=Path),
              help="A clone (its top folder), a bare repository or a .bundle file.")
@click.option("--rev", default="HEAD", show_default=True,
              help="Revision whose first-parent history to walk, or a range A..B.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Folder for history.json, history.md, changelog.md and history.html (created if missing).")
@print_format_option(["text", "json", "markdown"], renamed={"md": "markdown"})
@fail_on_option(list(FAIL_ON), default="never",
                help="Exit 1 when a change has a finding, or a page an error, at or above this level.")
@page_format_option(FORMATS)
@verbosity_options(quiet="Print only the headline (text) and no progress bar.",
                   verbose="List every page that could not be read, not only the first.")
@jobs_option("Page versions extracted in parallel (default: one per CPU); the output is the same.")
@click.argument("pathspecs", nargs=-1)
def history(repo: Path, rev: str, output: Path | None, print_format: str, fail_on: str,
            page_format: str | None, quiet: bool, verbose: int, jobs: int | None,
            pathspecs: tuple[str, ...]) -> None:
    """How each endpoint changed, commit by commit, in the pages under PATHSPECS.

    Pages are read from git objects (no checkout); endpoints are followed by
    doc id and METHOD /path, so renamed and moved pages keep their history.
    Exit 0, or 1 when something is at or above --fail-on; 2 when the
    repository or revision cannot be read, no commit touches a page under
    PATHSPECS, or -o cannot be written; 130 when stopped by Ctrl-C.

    \b
    Examples:
      docconform history --repo ../data-lake-insight -- api-ref/source
      docconform history --repo docs.bundle -o out/ -- 'api-ref/*stopping*'
    """
    sys.exit(run_history(repo, list(pathspecs), rev=rev, output=output, print_format=print_format,
                         fail_on=fail_on, page_format=page_format, jobs=jobs or os.cpu_count() or 1,
                         quiet=quiet, verbose=verbose > 0))
