"""Extraction of many pages: cache look-ups first, then the misses, in worker processes.

A run has two passes. :meth:`PageRunner.lookups` reads and hashes every page
in this process and serves what the cache holds (no parsing, no model
decoding: the cache keeps rendered bundle files). :meth:`PageRunner.extractions`
extracts the rest, spread over worker processes when there are enough of them
to pay for the processes. Workers render the bundle files and write the cache
entries themselves and send back only a :class:`~.pipeline.PageSummary`, the
bundles' bytes and, when asked, the endpoints; so neither pass holds more than
a few pages at once.

Outcomes come back in completion order, each with the index of its page:
every page's result depends only on its own bytes, so the caller that stores
them by index gets exactly what a serial run gets. The largest pages are sent
first and the small ones in chunks, so that no worker is left with one big
page at the end and the per-task overhead stays small.

Not responsible for discovering files, writing outputs or printing anything.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ExtractCache
from ..model import Endpoint
from .pipeline import PageResult, PageSummary, extract_bytes, extract_file, summarize

__all__ = ["Options", "Outcome", "PageRunner", "Task", "extract_task", "ignore_interrupts", "render_bundles"]

#: Less work than this per worker is done in this process: a worker costs a
#: fork plus importing the parsers and the writers (measured: 1 MB of pages took
#: 1.1 s with two workers, 0.8 s with none), so smaller shares do not pay.
MIN_PAGES_PER_WORKER = 4
MIN_BYTES_PER_WORKER = 1 << 20
_CHUNK_PAGES = 16


@dataclass(frozen=True, slots=True)
class Options:
    """What every page of a run shares (sent to workers once per chunk)."""

    fmt: str | None
    cache_dir: str | None
    render: bool = True
    endpoints: bool = False


@dataclass(frozen=True, slots=True)
class Task:
    index: int
    path: str
    source: str
    size: int


@dataclass(slots=True)
class Outcome:
    """One page's result: summary, rendered bundles (``render``), endpoints (when asked)."""

    index: int
    key: str | None
    summary: PageSummary
    bundles: list[tuple[str, bytes]] = field(default_factory=list)
    endpoints: list[Endpoint] | None = None

    def result(self) -> PageResult:
        s = self.summary
        return PageResult(s.source, s.format, list(self.endpoints or []), list(s.diagnostics),
                          s.tables, s.tables_classified, s.states_operation, Counter(s.unknown_types),
                          page_keys=s.page_keys)


def render_bundles(endpoints: list[Endpoint]) -> list[tuple[str, bytes]]:
    """Each endpoint's bundle file: (name, bytes), in endpoint order."""
    from ..writers.files import dump_json
    from ..writers.jsonschema import bundle_file_name, endpoint_bundle

    return [(bundle_file_name(ep), dump_json(endpoint_bundle(ep))) for ep in endpoints]


_CACHES: dict[str, ExtractCache] = {}


def _cache(folder: str | None) -> ExtractCache | None:
    if folder is None:
        return None
    return _CACHES.setdefault(folder, ExtractCache(Path(folder)))


def extract_task(task: Task, opts: Options) -> Outcome:
    """Extract one page, render its bundles, store it in the cache (worker side)."""
    path = Path(task.path)
    try:
        data = path.read_bytes()
    except OSError:
        result = extract_file(path, task.source, opts.fmt)
        return Outcome(task.index, None, summarize(result), [], [] if opts.endpoints else None)
    result = extract_bytes(data, task.source, opts.fmt)
    cache = _cache(opts.cache_dir)
    bundles = render_bundles(result.endpoints) if opts.render or cache else []
    key = None
    if cache is not None:
        key = cache.key(data, task.source, opts.fmt)
        cache.put(key, result, bundles)
    summary = summarize(result)
    # a page whose rows link to other pages is finished by the run (crosslinks), which needs its model
    return Outcome(task.index, key, summary, bundles if opts.render else [],
                   result.endpoints if opts.endpoints or summary.links else None)


def ignore_interrupts() -> None:
    """Worker processes leave Ctrl-C to the parent.

    A terminal sends SIGINT to the whole process group: workers that took it
    would each print a traceback and break the pool under the parent, which
    is the one that stops the run cleanly (exit 130, every file whole).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_chunk(tasks: list[Task], opts: Options) -> list[Outcome]:
    return [extract_task(t, opts) for t in tasks]


def _chunks(tasks: list[Task], jobs: int) -> list[list[Task]]:
    """Largest pages first, alone; then chunks of smaller pages of similar total size."""
    ordered = sorted(tasks, key=lambda t: (-t.size, t.index))
    target = max(1, sum(t.size for t in tasks) // (jobs * 16))
    chunks: list[list[Task]] = []
    current: list[Task] = []
    size = 0
    for task in ordered:
        current.append(task)
        size += task.size
        if size >= target or len(current) >= _CHUNK_PAGES:
            chunks.append(current)
            current, size = [], 0
    return chunks + ([current] if current else [])


class PageRunner:
    """The pages of one run; :attr:`keys` holds each page's cache key once known."""

    def __init__(self, files: list[Path], sources: list[str], opts: Options, jobs: int = 1) -> None:
        self.opts = opts
        self.jobs = max(1, jobs)
        self.tasks = [Task(i, str(p), s, 0) for i, (p, s) in enumerate(zip(files, sources))]
        self.keys: list[str | None] = [None] * len(self.tasks)
        self._misses: list[Task] = []
        self._looked_up = False
        #: Pages the cache served in :meth:`lookups`.
        self.served = 0

    @property
    def cache(self) -> ExtractCache | None:
        return _cache(self.opts.cache_dir)

    @property
    def pending(self) -> int:
        """Pages the look-ups left for :meth:`extractions`."""
        return len(self._misses) if self._looked_up else len(self.tasks)

    def lookups(self) -> Iterator[Outcome]:
        """Pages the cache serves, in input order; the others become misses."""
        self._looked_up = True
        cache = self.cache
        if cache is None:
            self._misses = list(self.tasks)
            return
        for task in self.tasks:
            outcome = self._lookup(task, cache)
            if outcome is not None:
                yield outcome

    def _lookup(self, task: Task, cache: ExtractCache) -> Outcome | None:
        try:
            with open(task.path, "rb") as fh:
                data = fh.read()
        except OSError:
            self._misses.append(task)
            return None
        key = self.keys[task.index] = cache.key(data, task.source, self.opts.fmt)
        entry = cache.load(key)
        endpoints = entry.endpoints() if entry is not None and self.opts.endpoints else None
        if entry is None or (self.opts.endpoints and endpoints is None):
            self._misses.append(Task(task.index, task.path, task.source, len(data)))
            return None
        self.served += 1
        return Outcome(task.index, key, entry.summary, entry.bundles if self.opts.render else [],
                       endpoints)

    def extractions(self, *, endpoints: bool | None = None) -> Iterator[Outcome]:
        """Every page the look-ups did not serve (every page if they were not run)."""
        if not self._looked_up:
            self._looked_up, self._misses = True, list(self.tasks)
        opts = self.opts if endpoints is None else Options(
            self.opts.fmt, self.opts.cache_dir, self.opts.render, endpoints)
        misses = [t if t.size else Task(t.index, t.path, t.source, _size(t.path)) for t in self._misses]
        self._misses = []
        work = sum(t.size for t in misses)
        jobs = min(self.jobs, len(misses) // MIN_PAGES_PER_WORKER,
                   work // MIN_BYTES_PER_WORKER if MIN_BYTES_PER_WORKER else self.jobs)
        stream = self._parallel(misses, opts, jobs) if jobs > 1 else (
            extract_task(t, opts) for t in misses)
        for outcome in stream:
            self.keys[outcome.index] = outcome.key
            yield outcome

    @staticmethod
    def _parallel(tasks: list[Task], opts: Options, jobs: int) -> Iterator[Outcome]:
        # Imported here: multiprocessing costs a warm run more than its look-ups.
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts)
        try:
            pending: set[Future[list[Outcome]]] = {
                pool.submit(_extract_chunk, chunk, opts) for chunk in _chunks(tasks, jobs)}
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
