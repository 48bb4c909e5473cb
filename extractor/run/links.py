"""Finish a run's pages whose rows link to tables on other pages.

Pages are extracted one by one (in workers, or served by the cache), so a
row linking to another page's table comes out bare with its link
(:mod:`.crosslinks`). Once every page of the run is in, this module fetches
what linking needs, and only that: the models of the pages that have links
(sent back by the workers, else decoded from the cache), and the exported
tables of the pages those links name (decoded from the cache, else the page
is extracted again), then attaches the tables.

Not responsible for writing anything: callers render and write the pages it
returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..crosslinks import LinkRegistry, has_links, resolve_endpoints, wanted_pages
from ..diagnostics import Diagnostic
from ..model import Endpoint, TableExport
from .pipeline import PageResult, PageSummary, extract_file
from .workers import PageRunner

__all__ = ["link_results", "link_run"]


def link_run(runner: PageRunner, summaries: Sequence[PageSummary | None],
             endpoints: dict[int, list[Endpoint]]) -> dict[int, tuple[list[Endpoint], list[Diagnostic]]]:
    """Page index -> (endpoints with links attached, diagnostics of links left bare).

    Only pages with links are in the answer. ``endpoints`` holds the models
    already at hand (the others are fetched).
    """
    linked = [i for i, s in enumerate(summaries) if s is not None and s.links]
    if not linked:
        return {}
    fetched: dict[int, tuple[list[Endpoint], list[TableExport]]] = {}

    def model(i: int) -> tuple[list[Endpoint], list[TableExport]]:  # decoded or extracted once
        if i not in fetched:
            fetched[i] = _model(runner, i)
        return fetched[i]

    models = {i: endpoints[i] if i in endpoints else model(i)[0] for i in linked}
    wanted = wanted_pages(ep for eps in models.values() for ep in eps)
    registry = LinkRegistry()
    for i, s in enumerate(summaries):
        if s is None:
            continue
        exports: list[TableExport] = []
        if s.exports and ("" in wanted or wanted.intersection(s.page_keys)):
            exports = model(i)[1]
        registry.add_page(s.source, s.page_keys, exports)
    return {i: resolve_endpoints(models[i], registry) for i in linked}


def _model(runner: PageRunner, index: int) -> tuple[list[Endpoint], list[TableExport]]:
    """A page's endpoints and exports: from the cache, else extracted again."""
    key, cache = runner.keys[index], runner.cache
    entry = cache.load(key) if key and cache else None
    if entry is not None:
        found = entry.result()
        if found is not None:
            return found.endpoints, found.exports
    # the entry went missing or bad, or there is no cache
    task = runner.tasks[index]
    result = extract_file(Path(task.path), task.source, runner.opts.fmt)
    return result.endpoints, result.exports


def link_results(results: Sequence[PageResult]) -> list[PageResult]:
    """The pages of one set already in memory (a git revision), with links across them attached.

    Pages without links come back as they are (the same objects); the others
    are copies with their endpoints linked and the diagnostics of links left
    bare added.
    """
    linked = [i for i, r in enumerate(results) if has_links(r.endpoints)]
    if not linked:
        return list(results)
    registry = LinkRegistry()
    for r in results:
        registry.add_page(r.source, r.page_keys, r.exports)
    out = list(results)
    for i in linked:
        endpoints, diagnostics = resolve_endpoints(results[i].endpoints, registry)
        out[i] = replace(results[i], endpoints=endpoints,
                         diagnostics=sorted([*results[i].diagnostics, *diagnostics]))
    return out
