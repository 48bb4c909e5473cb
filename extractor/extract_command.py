"""``docconform extract``: pages in, one schema bundle per endpoint per page out.

Kept apart from the click wiring so tests and other commands can run it with
plain arguments. Output is deterministic (files named from content, sorted
listings) and every file is replaced atomically; files a previous run wrote
and this run no longer produces are removed only after everything new is in
place, so a failed run never deletes earlier outputs.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import click

from .diagnostics import Diagnostic, DiagnosticSink, Level
from .model import Endpoint
from .cache import ExtractCache
from .pipeline import PageResult, discover, extract_bytes, extract_file
from .writers.files import dump_json, safe_child, write_atomic
from .writers.jsonschema import bundle_file_name, endpoint_bundle
from .writers.openapi import openapi_document

__all__ = ["run_extract", "display_path", "extract_all", "INDEX_NAME"]

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


def _extract_one(task: tuple[str, str, str | None, str | None]) -> PageResult:
    """One page, through the cache when there is one (runs in worker processes)."""
    path, source, fmt, cache_dir = task
    cache = ExtractCache(Path(cache_dir)) if cache_dir else None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return extract_file(Path(path), source, fmt)
    if cache is None:
        return extract_bytes(data, source, fmt)
    key = cache.key(data, source, fmt)
    result = cache.get(key)
    if result is None:
        result = extract_bytes(data, source, fmt)
        cache.put(key, result)
    return result


def extract_all(sources: list[Path], fmt: str | None, err: IO[str] | None,
                errors: DiagnosticSink, *, jobs: int = 1,
                cache_dir: Path | None = None) -> list[PageResult]:
    """Extract every page under ``sources``, in order, with a progress bar on a terminal.

    With ``jobs > 1`` pages are spread over worker processes; results come
    back in input order, so the output is byte-identical to a serial run.
    """
    files = discover(sources, errors)
    tasks = [(str(p), display_path(p), fmt, str(cache_dir) if cache_dir else None) for p in files]
    show = err is not None and err.isatty() and len(files) > 1
    jobs = max(1, min(jobs, len(tasks) // 8 or 1))
    with ExitStack() as stack:
        if jobs > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            stream: Iterable[PageResult] = pool.map(_extract_one, tasks, chunksize=8)
        else:
            stream = map(_extract_one, tasks)
        if show:
            stream = stack.enter_context(click.progressbar(
                stream, length=len(tasks), label="extracting", file=err,
                show_pos=True, show_eta=True))
        return list(stream)


def write_if_changed(path: Path, data: bytes) -> None:
    """Atomic replace, skipped when the file already holds these bytes (warm re-runs)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)


def write_bundles(results: list[PageResult], output: Path) -> list[str]:
    """Write every endpoint's bundle; return the file names, sorted."""
    names: list[str] = []
    for result in results:
        for ep in result.endpoints:
            name = bundle_file_name(ep)
            write_if_changed(safe_child(output, name), dump_json(endpoint_bundle(ep)))
            names.append(name)
    return sorted(names)


def write_index(output: Path, names: list[str], results: list[PageResult]) -> None:
    """index.json: what this run wrote, so the next run knows what is stale."""
    index = {
        "x-docconform": {"version": 1},
        "files": names,
        "pages": [
            {"source": r.source, "format": r.format, "endpoints": len(r.endpoints)}
            for r in sorted(results, key=lambda r: r.source)
        ],
        "diagnostics": [d.to_json() for r in results for d in r.diagnostics],
    }
    previous = _previous_files(output)
    write_if_changed(safe_child(output, INDEX_NAME), dump_json(index))
    for stale in sorted(set(previous) - set(names)):
        try:
            safe_child(output, stale).unlink(missing_ok=True)
        except ValueError:
            continue


def _previous_files(output: Path) -> list[str]:
    try:
        data = json.loads((output / INDEX_NAME).read_text(encoding="utf-8"))
        return [n for n in data.get("files", []) if isinstance(n, str)]
    except (OSError, ValueError, AttributeError):
        return []


def run_extract(sources: list[Path], output: Path, *, openapi: Path | None, fmt: str | None,
                stats: bool, fail_on: Level | None, quiet: bool,
                err: IO[str], out: IO[str], jobs: int = 1, cache_dir: Path | None = None) -> int:
    errors = DiagnosticSink()
    results = extract_all(sources, fmt, err, errors, jobs=jobs, cache_dir=cache_dir)
    try:
        names = write_bundles(results, output)
        write_index(output, names, results)
        endpoints = [ep for r in results for ep in r.endpoints]
        if openapi is not None:
            write_if_changed(openapi, dump_json(openapi_document(endpoints)))
    except OSError as exc:
        click.echo(f"error: cannot write output: {exc}", file=err)
        return 2
    diagnostics = sorted(d for r in results for d in r.diagnostics)
    if not quiet:
        for d in [*errors.items, *diagnostics]:
            if d.level >= Level.WARNING:
                click.echo(str(d), file=err)
    _summary(results, diagnostics, err)
    if stats:
        print_stats(results, out)
    if errors.items:
        return 2
    if fail_on is not None and any(d.level >= fail_on for d in diagnostics):
        return 1
    return 0


def _summary(results: list[PageResult], diagnostics: list[Diagnostic], err: IO[str]) -> None:
    levels = Counter(str(d.level) for d in diagnostics)
    endpoints = sum(len(r.endpoints) for r in results)
    click.echo(
        f"{len(results)} pages, {endpoints} endpoints; diagnostics: "
        f"{levels.get('error', 0)} errors, {levels.get('warning', 0)} warnings, {levels.get('info', 0)} info",
        file=err,
    )


def _has_content(ep: Endpoint) -> bool:
    return bool(ep.parameters or ep.request_body or any(r.body for r in ep.responses))


def stats_figures(results: list[PageResult]) -> dict[str, object]:
    """The figures ``--stats`` prints, as data (also used by benchmarks)."""
    stating = [r for r in results if r.states_operation]
    with_ep = [r for r in stating if r.endpoints]
    with_params = [r for r in stating if any(_has_content(e) for e in r.endpoints)]
    unknown: Counter[str] = Counter()
    for r in results:
        unknown.update(r.unknown_types)
    codes = Counter(d.code for r in results for d in r.diagnostics)
    return {
        "pages": len(results),
        "pages_with_endpoint": sum(1 for r in results if r.endpoints),
        "endpoints": sum(len(r.endpoints) for r in results),
        "pages_stating_operation": len(stating),
        "of_which_with_endpoint": len(with_ep),
        "of_which_with_parameters": len(with_params),
        "tables": sum(r.tables for r in results),
        "tables_classified": sum(r.tables_classified for r in results),
        "unknown_type_phrases": dict(sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))),
        "diagnostics_by_code": dict(sorted(codes.items())),
    }


def print_stats(results: list[PageResult], out: IO[str]) -> None:
    f = stats_figures(results)
    stating = f["pages_stating_operation"] or 1
    lines = [
        f"pages read:                    {f['pages']}",
        f"pages with an endpoint:        {f['pages_with_endpoint']} ({f['endpoints']} endpoints)",
        f"pages stating METHOD /path:    {f['pages_stating_operation']}",
        f"  ... yielding an endpoint:    {f['of_which_with_endpoint']} "
        f"({100 * f['of_which_with_endpoint'] / stating:.1f}%)",  # type: ignore[operator]
        f"  ... with parameters/bodies:  {f['of_which_with_parameters']} "
        f"({100 * f['of_which_with_parameters'] / stating:.1f}%)",  # type: ignore[operator]
        f"tables:                        {f['tables']} ({f['tables_classified']} classified)",
        f"unknown type phrases:          {len(f['unknown_type_phrases'])}",  # type: ignore[arg-type]
    ]
    for phrase, count in f["unknown_type_phrases"].items():  # type: ignore[attr-defined]
        lines.append(f"  {count:5d}  {phrase!r}")
    lines.append("diagnostics by code:")
    for code, count in f["diagnostics_by_code"].items():  # type: ignore[attr-defined]
        lines.append(f"  {count:5d}  {code}")
    click.echo("\n".join(lines), file=out)
