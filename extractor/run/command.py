"""``docconform extract``: pages in, one schema bundle per endpoint per page out.

Kept apart from the click wiring so tests and other commands can run it with
plain arguments. Output is deterministic (files named from content, sorted
listings) and every file is replaced atomically; files a previous run wrote
and this run no longer produces are removed only after everything new is in
place, so a failed run never deletes earlier outputs: a run with a missing
input, or whose output places cannot be written, stops before writing
anything, and the OpenAPI document is written before the index. A run killed
part-way leaves each file whole (old or new bytes); the next run removes what
it left (bundles no index lists, temporary files).

Speed (see :mod:`.workers` for the passes and the workers): pages are served
from the content-addressed cache when it holds them, the rest are extracted
in worker processes; the output is byte-identical to a serial run whatever
``jobs`` is, because each page's files depend only on that page. Files that
already hold the right bytes are not rewritten, the OpenAPI document of an
unchanged run comes from the cache, and bundle files are written by a few
threads so that fsync latency overlaps. Memory holds one summary per page
(plus the endpoints when an OpenAPI document has to be built), never pages.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO, Any, TextIO, cast

import click

from ..diagnostics import Diagnostic, DiagnosticSink, Level
from .pipeline import PAGE_SUFFIXES, PageResult, PageSummary, discover, summarize
from .links import link_run
from .outputs import extract_pages, index_bytes, openapi_bytes, write_if_changed
from .workers import Options, PageRunner
from ..writers.files import dump_json, output_problem, remove_output, remove_stale_temps, safe_child

__all__ = ["INDEX_NAME", "display_path", "echo_diagnostics", "extract_all", "no_pages_message", "print_stats", "run_extract",
           "stats_figures"]

INDEX_NAME = "index.json"


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it.

    Sources are printed in every diagnostic and recorded in every schema, so
    they must not depend on where the checkout lives.
    """
    if not path.is_absolute():
        return Path(os.path.normpath(path)).as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def echo_diagnostics(diagnostics: Iterable[Diagnostic], err: IO[str], at_least: Level = Level.INFO) -> None:
    """Each diagnostic at or above ``at_least`` on its own line, sorted, each once."""
    for d in sorted(set(diagnostics)):
        if d.level >= at_least:
            click.echo(str(d), file=err)


def _runner(sources: list[Path], errors: DiagnosticSink, opts: Options, jobs: int) -> PageRunner:
    files = discover(sources, errors)
    return PageRunner(files, [display_path(p) for p in files], opts, jobs)


class _Rate:
    """Feeds click's bar (position, ETA) and shows the rate beside it."""

    def __init__(self, bar: Any) -> None:
        self.bar, self.start, self.done = bar, time.monotonic(), 0

    def update(self, n: int) -> None:
        self.done += n
        rate = self.done / max(time.monotonic() - self.start, 1e-6)
        self.bar.update(n, f"{rate:.0f} pages/s")


@contextmanager
def _progress(total: int, err: IO[str] | None) -> Iterator[_Rate | None]:
    """A bar with position, rate and ETA on a terminal; nothing otherwise (logs stay clean)."""
    if err is None or total < 2 or not err.isatty():
        yield None
        return
    with click.progressbar(length=total, label="extracting", file=cast(TextIO, err), show_pos=True,
                           show_eta=True, item_show_func=lambda rate: rate) as bar:
        yield _Rate(bar)


def extract_all(sources: list[Path], fmt: str | None, err: IO[str] | None,
                errors: DiagnosticSink, *, jobs: int = 1,
                cache_dir: Path | None = None) -> list[PageResult]:
    """Extract every page under ``sources``, in order, with a progress bar on a terminal.

    With ``jobs > 1`` pages are spread over worker processes; results come
    back in input order, so they equal a serial run's.
    """
    opts = Options(fmt, str(cache_dir) if cache_dir else None, render=False, endpoints=True)
    runner = _runner(sources, errors, opts, jobs)
    results: list[PageResult | None] = [None] * len(runner.tasks)
    summaries: list[PageSummary | None] = [None] * len(runner.tasks)
    with _progress(len(results), err) as bar:
        for outcome in chain(runner.lookups(), runner.extractions()):
            results[outcome.index] = outcome.result()
            summaries[outcome.index] = outcome.summary
            if bar is not None:
                bar.update(1)
    at_hand = {i: r.endpoints for i, r in enumerate(results) if r is not None}
    for index, (endpoints, diagnostics) in link_run(runner, summaries, at_hand).items():
        result = results[index]
        assert result is not None
        result.endpoints = endpoints
        result.diagnostics = sorted([*result.diagnostics, *diagnostics])
    return [r for r in results if r is not None]


def run_extract(sources: list[Path], output: Path, *, openapi: Path | None, fmt: str | None,
                stats: bool, fail_on: Level | None, quiet: bool,
                err: IO[str], out: IO[str], jobs: int = 1, cache_dir: Path | None = None,
                verbose: bool = False) -> int:
    """The ``extract`` command without click; returns the exit code.

    ``quiet`` prints only the summary (no diagnostics, no progress bar);
    ``verbose`` prints the info diagnostics too.
    """
    started = time.time()
    errors = DiagnosticSink()
    runner = _runner(sources, errors, Options(fmt, str(cache_dir) if cache_dir else None), jobs)
    # pages below a sub-folder that cannot be listed are unknown, not gone: the run goes
    # on and keeps their earlier outputs; a missing or unlistable input stops it
    skipped = [d for d in errors.items if d.code == "folder-unreadable"]
    fatal = [d for d in errors.items if d.code != "folder-unreadable"]
    if fatal:  # a missing input: every earlier output of it would look stale
        for d in fatal:
            click.echo(str(d), file=err)
        click.echo(f"error: nothing written; the earlier outputs in {display_path(output)} are kept",
                   file=err)
        return 2
    if not runner.tasks:
        click.echo(f"error: {no_pages_message(sources, 0)}; nothing written", file=err)
        return 2
    problem = _unwritable(output, openapi)
    if problem is not None:
        click.echo(problem, file=err)
        return 2
    try:
        with _progress(len(runner.tasks), None if quiet else err) as bar:
            got = extract_pages(runner, output, openapi=openapi is not None, bar=bar)
        if not any(s.endpoints for s in got.summaries if s is not None):
            if not quiet:  # the diagnostics say, page by page, why there is no endpoint
                echo_diagnostics((d for s in got.summaries if s is not None for d in s.diagnostics), err)
            click.echo(f"error: {no_pages_message(sources, len(runner.tasks))}; nothing written, "
                       f"the earlier outputs in {display_path(output)} are kept", file=err)
            return 2
        if openapi is not None:  # before the index, whose writing lets stale files go
            write_if_changed(openapi, openapi_bytes(runner, got))
        protect = {INDEX_NAME}
        if openapi is not None and _same_folder(openapi.parent, output):
            protect.add(openapi.name)
        _replace_index(output, index_bytes(runner, got), sorted(n for names in got.names for n in names),
                       _failed_sources(got.summaries), protect,
                       [display_path(Path(d.span.source)) + "/" for d in skipped])
        remove_stale_temps(output, started)
        if openapi is not None:
            remove_stale_temps(openapi.parent, started, [openapi.name])
    except OSError as exc:
        click.echo(f"error: cannot write {exc.filename or display_path(output)}: {exc.strerror or exc}",
                   file=err)
        return 2
    summaries = [s for s in got.summaries if s is not None]
    diagnostics = sorted([*skipped, *(d for r in summaries for d in r.diagnostics)])
    if not quiet:
        echo_diagnostics(diagnostics, err, Level.INFO if verbose else Level.WARNING)
    _summary(summaries, diagnostics, err, runner.served if runner.cache else None)
    if stats:
        print_stats(summaries, out)
    if fail_on is not None and any(d.level >= fail_on for d in diagnostics):
        return 1
    return 0


#: Codes of pages this run could not read or interpret: their earlier files are kept.
_FAILED = frozenset({"input-unreadable", "reader-failed", "interpret-failed"})


def _failed_sources(summaries: Sequence[PageSummary | None]) -> set[str]:
    return {s.source for s in summaries if s and any(d.code in _FAILED for d in s.diagnostics)}


def _unwritable(output: Path, openapi: Path | None) -> str | None:
    """Why an output place cannot be written (a message naming it), or ``None``.

    Checked before anything is written: finding out at the end would leave
    the bundles replaced beside the index and OpenAPI document of the old run.
    """
    problem = output_problem([(output, True), (openapi, False)])
    if problem is not None:
        return f"error: {problem}"
    if openapi is not None and openapi.name == INDEX_NAME and _same_folder(openapi.parent, output):
        return f"error: cannot write {os.fspath(openapi)}: the run's index goes there"
    return None


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # not made yet
        return os.path.abspath(a) == os.path.abspath(b)


def no_pages_message(sources: Sequence[Path], files: int) -> str:
    """What to say when ``sources`` hold no API page: no page file at all, or none with an endpoint."""
    where = ", ".join(display_path(p) for p in sources) or "the input"
    if files == 0:
        suffixes = " ".join(sorted(PAGE_SUFFIXES))
        return (f"no page in {where}: folders are read for files ending in {suffixes} "
                "(README, LICENSE and the like excepted); name a file to read it whatever its name")
    if len(sources) == 1 and files == 1 and sources[0].is_file():
        return f"{where} documents no endpoint (its diagnostics say why)"
    return (f"no API page in {where}: none of its {files} page files documents an endpoint "
            "(their diagnostics say why)")


def _replace_index(output: Path, index: bytes, names: list[str], failed: set[str],
                   protect: set[str] | None = None, skipped_folders: Sequence[str] = ()) -> None:
    """Write index.json, then remove what the previous run wrote and this one did not.

    Files of a page this run failed to read (unreadable now, or a reader bug)
    are not stale: they are kept, and listed in the new index so that a later
    run still knows them; so are the files of pages below ``skipped_folders``
    (sub-folders this run could not list). Bundles in the folder that no index lists were
    written by a run killed before its index (or during its removals): they
    count as the previous run's. Names in ``protect`` (index.json, the OpenAPI
    document) are never removed, whatever an old index lists.
    """
    previous = set(_previous_files(output))
    previous |= _unlisted_bundles(output, previous | set(names))
    stale = sorted(previous - set(names) - (protect or {INDEX_NAME}))
    kept = [name for name in stale if (failed or skipped_folders)
            and _kept_source(_bundle_source(output, name), failed, skipped_folders)]
    if kept:
        data = json.loads(index)
        data["files"] = sorted({*data.get("files", []), *kept})
        index = dump_json(data)
    write_if_changed(safe_child(output, INDEX_NAME), index)
    for name in stale:
        try:
            if name not in kept:
                remove_output(safe_child(output, name))
        except ValueError:
            continue


#: How :func:`.writers.jsonschema.bundle_file_name` names bundles.
_BUNDLE_NAME = re.compile(r"[A-Za-z0-9._-]+__[0-9a-f]{8}\.json")


def _unlisted_bundles(output: Path, listed: set[str]) -> set[str]:
    """Bundle files in ``output`` that no index lists: left by an interrupted run."""
    try:
        entries = os.listdir(output)
    except OSError:
        return set()
    return {name for name in entries
            if name not in listed and _BUNDLE_NAME.fullmatch(name) and _is_bundle(output, name)}


def _is_bundle(output: Path, name: str) -> bool:
    data = _read_bundle(output, name)
    return (data is not None and isinstance(data.get("x-docconform"), dict)
            and {"method", "path", "source"} <= data.keys())


def _kept_source(source: str | None, failed: set[str], skipped_folders: Sequence[str]) -> bool:
    """Whether a bundle's page failed this run, or lies in a folder this run could not list."""
    return source is not None and (source in failed or source.startswith(tuple(skipped_folders)))


def _bundle_source(output: Path, name: str) -> str | None:
    data = _read_bundle(output, name)
    return data.get("source") if data is not None else None


def _read_bundle(output: Path, name: str) -> dict[str, Any] | None:
    """The JSON object in ``output/name``; None when unreadable, not JSON or not an object."""
    try:
        data = json.loads(safe_child(output, name).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _previous_files(output: Path) -> list[str]:
    try:
        data = json.loads((output / INDEX_NAME).read_text(encoding="utf-8"))
        return [n for n in data.get("files", []) if isinstance(n, str)]
    except (OSError, ValueError, AttributeError):
        return []


def _summary(summaries: list[PageSummary], diagnostics: list[Diagnostic], err: IO[str],
             served: int | None) -> None:
    levels = Counter(str(d.level) for d in diagnostics)
    endpoints = sum(r.endpoints for r in summaries)
    cached = f" ({served} from the cache)" if served is not None else ""
    click.echo(
        f"{len(summaries)} pages{cached}, {endpoints} endpoints; diagnostics: "
        f"{levels.get('error', 0)} errors, {levels.get('warning', 0)} warnings, {levels.get('info', 0)} info",
        file=err,
    )


def stats_figures(results: Sequence[PageResult | PageSummary]) -> dict[str, object]:
    """The figures ``--stats`` prints, as data (also used by benchmarks)."""
    pages = [r if isinstance(r, PageSummary) else summarize(r) for r in results]
    stating = [r for r in pages if r.states_operation]
    unknown: Counter[str] = Counter()
    for r in pages:
        unknown.update(r.unknown_types)
    codes = Counter(d.code for r in pages for d in r.diagnostics)
    return {
        "pages": len(pages),
        "pages_with_endpoint": sum(1 for r in pages if r.endpoints),
        "endpoints": sum(r.endpoints for r in pages),
        "pages_stating_operation": len(stating),
        "of_which_with_endpoint": sum(1 for r in stating if r.endpoints),
        "of_which_with_parameters": sum(1 for r in stating if r.with_content),
        "tables": sum(r.tables for r in pages),
        "tables_classified": sum(r.tables_classified for r in pages),
        "unknown_type_phrases": dict(sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
        "diagnostics_by_code": dict(sorted(codes.items())),
    }


def print_stats(results: Sequence[PageResult | PageSummary], out: IO[str]) -> None:
    f = stats_figures(results)
    stating = f["pages_stating_operation"] or 1
    lines = [
        f"pages read:                    {f['pages']}",
        f"pages with an endpoint:        {f['pages_with_endpoint']} ({f['endpoints']} endpoints)",
        f"pages stating METHOD /path:    {f['pages_stating_operation']}",
        (f"  ... yielding an endpoint:    {f['of_which_with_endpoint']} "
        f"({100 * f['of_which_with_endpoint'] / stating:.1f}%)"),  # type: ignore[operator]
        (f"  ... with parameters/bodies:  {f['of_which_with_parameters']} "
        f"({100 * f['of_which_with_parameters'] / stating:.1f}%)"),  # type: ignore[operator]
        f"tables:                        {f['tables']} ({f['tables_classified']} classified)",
        f"unknown type phrases:          {len(f['unknown_type_phrases'])}",  # type: ignore[arg-type]
    ]
    for phrase, count in f["unknown_type_phrases"].items():  # type: ignore[attr-defined]
        lines.append(f"  {count:5d}  {phrase!r}")
    lines.append("diagnostics by code:")
    for code, count in f["diagnostics_by_code"].items():  # type: ignore[attr-defined]
        lines.append(f"  {count:5d}  {code}")
    click.echo("\n".join(lines), file=out)
