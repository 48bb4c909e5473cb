"""The files of one ``extract`` run: bundles as pages come in, ``index.json``, the OpenAPI document.

Every file is replaced atomically and only when its bytes change, so a warm
re-run over unchanged pages writes nothing. Bundle files are written by a
few threads (a real write waits for fsync; threads overlap those waits); a
file that already holds the right bytes is checked in the caller's thread.
The index and the OpenAPI document depend on every page: when the cache
holds the run's exact set of pages, they come from whole-run blobs keyed by
the page keys, so a warm run neither decodes a model nor encodes a document.

Not responsible for extracting (:mod:`.workers`), for which files are stale
(:mod:`.command` removes them) or for the bytes of a bundle
(:mod:`.writers`).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import extractor_fingerprint
from ..model import AuthScheme, Endpoint, ErrorCatalogue
from .pipeline import PageSummary
from .links import link_run
from .workers import Options, Outcome, PageRunner, extract_task, render_bundles
from ..writers.files import dump_json, safe_child, write_atomic

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["BundleWriter", "Collected", "extract_pages", "index_bytes", "openapi_bytes", "run_auth",
           "run_errors",
           "write_if_changed"]

#: Names made only of these are plain file names (all that bundle_file_name makes).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9._-]+")


def _holds(path: Path | str, data: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return os.fstat(fh.fileno()).st_size == len(data) and fh.read() == data
    except OSError:
        return False


def write_if_changed(path: Path, data: bytes) -> None:
    """Atomic replace, skipped when the file already holds these bytes (warm re-runs)."""
    if not _holds(path, data):
        write_atomic(path, data)


class BundleWriter:
    """Files written into one folder by a few threads; :meth:`close` raises the first error."""

    def __init__(self, output: Path, threads: int = 8) -> None:
        self.output = output
        self._root = str(output)
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._slots = threading.BoundedSemaphore(threads * 8)  # bounds the bytes in flight
        self._futures: list[Future[None]] = []

    def write(self, name: str, data: bytes) -> None:
        plain = _PLAIN_NAME.fullmatch(name) and name not in (".", "..")
        path = os.path.join(self._root, name) if plain else safe_child(self.output, name)
        if _holds(path, data):
            return
        if self._pool is None:  # threads start on the first real write, not before
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=self._threads)
        self._slots.acquire()
        future = self._pool.submit(write_atomic, Path(path), data)
        future.add_done_callback(lambda _: self._slots.release())
        self._futures.append(future)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        for future in self._futures:
            future.result()


class Collected:
    """What the run keeps per page: its summary, bundle names, endpoints when needed."""

    def __init__(self, n: int) -> None:
        self.summaries: list[PageSummary | None] = [None] * n
        self.names: list[list[str]] = [[] for _ in range(n)]
        self.endpoints: dict[int, list[Endpoint]] = {}

    def add(self, outcome: Outcome, writer: BundleWriter) -> None:
        self.summaries[outcome.index] = outcome.summary
        self.names[outcome.index] = [name for name, _ in outcome.bundles]
        if outcome.endpoints is not None:
            self.endpoints[outcome.index] = outcome.endpoints
        if outcome.summary.links:  # finished once every page is in (see link_pages)
            return
        for name, data in dict(outcome.bundles).items():  # a repeated name: the last one wins
            writer.write(name, data)

    def link_pages(self, runner: PageRunner, writer: BundleWriter) -> None:
        """Attach tables linked across pages, then write the bundles of the pages that had links."""
        for index, (endpoints, diagnostics) in link_run(runner, self.summaries, self.endpoints).items():
            summary = self.summaries[index]
            assert summary is not None
            summary.diagnostics = sorted([*summary.diagnostics, *diagnostics])
            self.endpoints[index] = endpoints
            bundles = render_bundles(endpoints)
            self.names[index] = [name for name, _ in bundles]
            for name, data in dict(bundles).items():
                writer.write(name, data)


def extract_pages(runner: PageRunner, output: Path, *, openapi: bool, bar: Any = None) -> Collected:
    """Both passes of ``runner``, each page's bundles written as soon as it comes in."""
    got = Collected(len(runner.tasks))
    for lookups in (True, False):
        # A writer per pass: its threads start only once the workers are forked.
        writer = BundleWriter(output)
        try:
            if lookups:
                stream: Iterable[Outcome] = runner.lookups()
            else:  # endpoints travel back only if the OpenAPI document must be built
                key = _run_key(runner, "openapi", sorted_keys=True) if runner.pending else None
                need = openapi and not (key and runner.cache and runner.cache.has_blob("openapi", key))
                stream = runner.extractions(endpoints=need)
            for outcome in stream:
                got.add(outcome, writer)
                if bar is not None:
                    bar.update(1)
        finally:
            writer.close()
    writer = BundleWriter(output)
    try:
        got.link_pages(runner, writer)
    finally:
        writer.close()
    return got


def _run_key(runner: PageRunner, kind: str, *, sorted_keys: bool) -> str | None:
    """A key for what depends on every page of the run; ``None`` without a cache."""
    if runner.cache is None or any(k is None for k in runner.keys):
        return None
    keys = [k for k in runner.keys if k is not None]
    digest = hashlib.sha256(f"{kind}\0{extractor_fingerprint()}".encode())
    for key in sorted(keys) if sorted_keys else keys:
        digest.update(b"\0" + key.encode())
    return digest.hexdigest()


def _blob(runner: PageRunner, kind: str, *, sorted_keys: bool) -> bytes | None:
    key = _run_key(runner, kind, sorted_keys=sorted_keys)
    return runner.cache.get_blob(kind, key) if key and runner.cache else None


def _remember(runner: PageRunner, kind: str, data: bytes, *, sorted_keys: bool) -> bytes:
    key = _run_key(runner, kind, sorted_keys=sorted_keys)
    if key is not None and runner.cache is not None:
        runner.cache.put_blob(kind, key, data)
    return data


def index_bytes(runner: PageRunner, got: Collected) -> bytes:
    """index.json: what the run wrote (so the next run knows what is stale), pages, diagnostics.

    It depends on the pages in input order (its diagnostics are listed so).
    """
    cached = _blob(runner, "index", sorted_keys=False)
    if cached is not None:
        return cached
    summaries: Sequence[PageSummary] = [s for s in got.summaries if s is not None]
    index = {
        "x-docconform": {"version": 1},
        "files": sorted(n for names in got.names for n in names),
        "pages": [
            {"source": r.source, "format": r.format, "endpoints": r.endpoints}
            for r in sorted(summaries, key=lambda r: r.source)
        ],
        "diagnostics": [d.to_json() for r in summaries for d in r.diagnostics],
    }
    auth = run_auth(summaries)
    if auth:
        index["auth"] = [a.to_json() for a in auth]
    errors = run_errors(summaries)
    if errors is not None:
        index["errors"] = errors.to_json()
    return _remember(runner, "index", dump_json(index), sorted_keys=False)


def run_auth(summaries: Iterable[PageSummary | None]) -> list[AuthScheme]:
    """The authentication schemes of the run, one per kind: the first by source path."""
    found: dict[str, AuthScheme] = {}
    for s in sorted((s for s in summaries if s is not None), key=lambda s: s.source):
        for a in s.auth:
            found.setdefault(a.kind, a)
    return [found[k] for k in ("token", "aksk") if k in found]


def run_errors(summaries: Iterable[PageSummary | None]) -> ErrorCatalogue | None:
    """The run's common error-code page: the first by source path that lists error codes."""
    return next((s.errors for s in sorted((s for s in summaries if s is not None), key=lambda s: s.source)
                 if s.errors is not None), None)


def openapi_bytes(runner: PageRunner, got: Collected) -> bytes:
    """The run's OpenAPI document, which depends on the set of pages, not their order."""
    cached = _blob(runner, "openapi", sorted_keys=True)
    if cached is not None:
        return cached
    from ..writers.openapi import openapi_document  # only now: it loads jsonschema

    endpoints: list[Endpoint] = []
    for task in runner.tasks:
        endpoints += _page_endpoints(runner, got, task.index)
    document = openapi_document(endpoints, auth=run_auth(got.summaries), errors=run_errors(got.summaries))
    return _remember(runner, "openapi", dump_json(document), sorted_keys=True)


def _page_endpoints(runner: PageRunner, got: Collected, index: int) -> list[Endpoint]:
    if index in got.endpoints:
        return got.endpoints[index]
    key, cache = runner.keys[index], runner.cache
    entry = cache.load(key) if key and cache else None
    found = entry.endpoints() if entry is not None else None
    if found is None:  # the entry went missing or bad since the look-up: extract again
        opts = Options(runner.opts.fmt, runner.opts.cache_dir, render=False, endpoints=True)
        found = extract_task(runner.tasks[index], opts).endpoints or []
    return found
