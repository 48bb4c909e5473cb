"""The history of every endpoint over the commits of a doc repository.

Walks the first-parent commits that touch the pathspecs, oldest first, reads
each revision's pages from git objects (:mod:`.gitrepo`, every distinct blob
extracted once) and follows each endpoint from revision to revision. Pages
are renamed and moved between folders all the time, so an endpoint is
followed by its doc id and its ``METHOD /path``, never by its file. For each
endpoint the history lists when it was added, changed (the findings of
:func:`.engine.compare_endpoints` between consecutive revisions), moved to
another file, removed and re-added; values that go back and forth show as
successive changes and are summed up as *flips*.

Not responsible for judging a change (the rules are) or for rendering
(:mod:`.history_command` renders the document :func:`history_to_json` builds).
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Level
from ..model import Endpoint
from ..run.links import link_results
from .align import doc_key, endpoint_key
from .engine import compare_endpoints
from .findings import REPORT_VERSION, Finding, finding_to_json
from .gitrepo import (
    MEMO,
    BlobMemo,
    GitRepo,
    Progress,
    SourceLines,
    check_pathspecs,
    open_repo,
    relabel,
    revision_files,
)

__all__ = [
    "Change",
    "EndpointHistory",
    "Flip",
    "History",
    "Revision",
    "build_history",
    "commits",
    "flips",
    "history_to_json",
    "iter_findings",
    "pair",
]


@dataclass(frozen=True, slots=True)
class Revision:
    sha: str
    short: str
    date: str
    message: str


@dataclass(frozen=True, slots=True)
class Change:
    """What one commit did to one endpoint.

    ``kind`` is ``added``, ``removed``, ``changed`` (findings, or a new
    ``METHOD /path``: ``endpoint_from``) or ``moved`` (only its page file
    moved: ``moved_from``). ``source:line`` is where the endpoint is after
    the commit (before it, when removed).
    """

    revision: Revision
    kind: str
    source: str
    line: int
    findings: tuple[Finding, ...] = ()
    moved_from: str | None = None
    endpoint_from: str | None = None


@dataclass(frozen=True, slots=True)
class Flip:
    """A value that came back to an earlier one: ``values`` in order, one commit per step."""

    pointer: str
    rule: str
    values: tuple[Any, ...]
    commits: tuple[str, ...]
    reversals: int


@dataclass(slots=True)
class EndpointHistory:
    endpoint: str
    doc_id: str | None
    changes: list[Change] = field(default_factory=list)
    flips: list[Flip] = field(default_factory=list)


@dataclass(slots=True)
class History:
    """The walk's result. ``pages`` counts the distinct page versions (blobs) read,
    ``page_errors`` holds their error diagnostics (under the source of their first
    sighting), so a page that could not be read is not mistaken for a quiet one."""

    repo: str
    rev: str
    pathspecs: tuple[str, ...]
    base: Revision | None
    revisions: list[Revision]
    endpoints: list[EndpointHistory]
    pages: int = 0
    page_errors: list[Diagnostic] = field(default_factory=list)


def commits(repo: Path | GitRepo, rev: str, pathspecs: list[str]) -> list[Revision]:
    """First-parent commits reachable from ``rev`` (or in range ``A..B``) that touch the pathspecs, oldest first."""
    check_pathspecs(pathspecs)
    r = open_repo(repo)
    for end in re.split(r"\.\.\.?", rev):
        if end:
            r.commit(end)  # a clear error for an unknown revision
    out = r.run(["log", "--first-parent", "--reverse", "--no-color", "--encoding=UTF-8",
                 "--format=%H%x00%h%x00%aI%x00%s", "--end-of-options", rev, "--", *pathspecs])
    revisions = []
    for line in out.decode("utf-8", "replace").splitlines():
        sha, short, date, message = line.split("\0", 3)
        revisions.append(Revision(sha, short, date, message))
    return revisions


@dataclass(frozen=True, slots=True)
class _Entry:
    """One endpoint in one revision: the memo's Endpoint, its blob and file."""

    ep: Endpoint
    sha: str
    path: str
    index: int
    label: str

    @property
    def source(self) -> str:
        return f"{self.label}:{self.path}"

    @property
    def key(self) -> str:
        return endpoint_key(self.ep)

    @property
    def doc(self) -> str | None:
        return doc_key(self.ep.doc_id)


@dataclass(slots=True, eq=False)
class _Lineage:
    """One endpoint followed through revisions: its latest entry and its history."""

    entry: _Entry
    history: EndpointHistory


def _signature(e: _Entry) -> Hashable:
    """Method, path and top-level request body names: what tells operations on one path apart
    (the Nova ``/action`` pages), or ``None`` without a body."""
    body = e.ep.request_body
    names = frozenset(c.name for c in body.children) if body is not None else frozenset()
    return (e.key, names) if names else None


#: Ways to recognise an endpoint in the next revision, most certain first; the
#: flag says whether only a match that is unique on both sides counts. Doc ids
#: come first (they survive renames), the file only once they fail (old pages
#: took their id from an anchor that a re-import renamed).
_KEYS: tuple[tuple[Callable[[_Entry], Hashable], bool], ...] = (
    (lambda e: (e.doc, e.key, e.path, e.index), False),
    (lambda e: (e.doc, e.key), False),
    (lambda e: e.doc, True),
    (lambda e: e.key, True),
    (lambda e: (e.key, e.path), True),
    (_signature, True),
)


def pair(old: list[_Entry], new: list[_Entry]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of (old, new) indices that are the same endpoint, then the unpaired on each side."""
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    for key, unique_only in _KEYS:
        by_old, by_new = _group(old, left_old, key), _group(new, left_new, key)
        for k, olds in by_old.items():
            news = by_new.get(k)
            if k is None or not news or (unique_only and (len(olds) > 1 or len(news) > 1)):
                continue
            pairs.extend(zip(olds, news))
        done_old, done_new = {o for o, _ in pairs}, {n for _, n in pairs}
        left_old = [i for i in left_old if i not in done_old]
        left_new = [i for i in left_new if i not in done_new]
    return sorted(pairs), left_old, left_new


def _group(entries: list[_Entry], indices: list[int], key: Callable[[_Entry], Hashable]) -> dict[Hashable, list[int]]:
    groups: dict[Hashable, list[int]] = {}
    for i in indices:
        groups.setdefault(key(entries[i]), []).append(i)
    return groups


class _Walker:
    """Follows endpoints from one revision to the next."""

    def __init__(self, repo: GitRepo, fmt: str | None, memo: BlobMemo) -> None:
        self.repo, self.fmt, self.memo = repo, fmt, memo
        self.excerpt = SourceLines(repo)
        self.live: list[_Lineage] = []  # documented in the latest revision
        self.gone: list[_Lineage] = []  # removed, may come back
        self.all: list[_Lineage] = []
        self.blobs: set[str] = set()

    def entries(self, files: list[tuple[str, str]], label: str) -> list[_Entry]:
        """The endpoints of one revision's page files (extracted beforehand, see :func:`build_history`)."""
        self.repo.sources.update({f"{label}:{path}": blob for path, blob in files})
        self.memo.ensure(self.repo, [(f"{label}:{path}", blob) for path, blob in files], self.fmt)
        self.blobs.update(blob for _, blob in files)
        results = link_results([self.memo.result(blob, self.fmt) for _, blob in files])
        return [_Entry(ep, blob, path, i, label) for (path, blob), result in zip(files, results)
                for i, ep in enumerate(result.endpoints)]

    def start(self, entries: list[_Entry]) -> None:
        self.live = [self._new(e, None) for e in entries]

    def step(self, rev: Revision, entries: list[_Entry]) -> None:
        pairs, removed, added = pair([lin.entry for lin in self.live], entries)
        live = []
        for o, n in pairs:
            self._carry(self.live[o], entries[n], rev, "changed")
            live.append(self.live[o])
        rest = [entries[n] for n in added]
        back, still_gone, new = pair([lin.entry for lin in self.gone], rest)
        for g, n in back:  # removed in an earlier revision, documented again
            self._carry(self.gone[g], rest[n], rev, "added")
            live.append(self.gone[g])
        self.gone = [self.gone[g] for g in still_gone]
        for o in removed:
            lin = self.live[o]
            lin.history.changes.append(Change(rev, "removed", lin.entry.source, lin.entry.ep.span.line))
            self.gone.append(lin)
        self.live = live + [self._new(rest[n], rev) for n in new]

    def _new(self, entry: _Entry, rev: Revision | None) -> _Lineage:
        hist = EndpointHistory(_name(entry.ep), entry.ep.doc_id)
        if rev is not None:
            hist.changes.append(Change(rev, "added", entry.source, entry.ep.span.line))
        lin = _Lineage(entry, hist)
        self.all.append(lin)
        return lin

    def _carry(self, lin: _Lineage, entry: _Entry, rev: Revision, kind: str) -> None:
        """Record what ``rev`` changed in ``lin``: nothing when its page blob is the same."""
        old = lin.entry
        findings: list[Finding] = []
        if (old.sha, old.index) != (entry.sha, entry.index):
            found = compare_endpoints([relabel(old.ep, old.source)], [relabel(entry.ep, entry.source)],
                                      excerpts=self.excerpt)
            # presence is this walker's business: it followed the endpoint where grouping may not
            findings = [f for f in found if f.rule != "endpoint-missing"]
        moved = old.path if old.path != entry.path else None
        renamed = _name(old.ep) if _name(old.ep) != _name(entry.ep) else None
        if kind == "changed" and not (findings or renamed):
            kind = "moved" if moved else ""
        if kind:
            lin.history.changes.append(Change(rev, kind, entry.source, entry.ep.span.line,
                                              tuple(sorted(findings, key=Finding.sort_key)), moved, renamed))
        lin.entry = entry
        lin.history.endpoint, lin.history.doc_id = _name(entry.ep), entry.ep.doc_id


def _name(ep: Endpoint) -> str:
    return f"{ep.method} {ep.path}"


def build_history(repo: Path | GitRepo, pathspecs: list[str], *, rev: str = "HEAD",
                  fmt: str | None = None, memo: BlobMemo = MEMO, jobs: int = 1,
                  progress: Progress | None = None) -> History:
    """Walk the commits touching ``pathspecs`` and follow every endpoint through them.

    The state before the first commit (its parent, when it has one) is the
    starting point: what it documents already exists and is not "added".
    Every revision's files are listed first, so that all the distinct blobs
    are extracted in one pass (over ``jobs`` processes), each once.
    """
    r = open_repo(repo)
    revisions = commits(r, rev, pathspecs)
    base = _parent(r, revisions[0]) if revisions else None
    listed = [(rv, revision_files(r, rv.sha, pathspecs)) for rv in ([base] if base else []) + revisions]
    walker = _Walker(r, fmt, memo)
    with _settled_memo() as settle:

        def tick(done: int, total: int) -> None:
            if done % 64 == 0 or done == total:
                settle()
            if progress is not None:
                progress(done, total)

        memo.ensure(r, [(f"{rv.short}:{path}", blob) for rv, files in listed for path, blob in files],
                    fmt, jobs=jobs, progress=tick)
        for rv, files in listed:
            entries = walker.entries(files, rv.short)
            if rv is base:
                walker.start(entries)
            else:
                walker.step(rv, entries)
    histories = [lin.history for lin in walker.all if lin.history.changes]
    for h in histories:
        h.flips = flips(h.changes)
    order = {rv.sha: i for i, rv in enumerate(revisions)}
    histories.sort(key=lambda h: (h.endpoint, h.doc_id or "", order[h.changes[0].revision.sha]))
    errors = sorted({d for blob in walker.blobs for d in memo.result(blob, fmt).diagnostics
                     if d.level >= Level.ERROR})
    return History(r.label, rev, tuple(pathspecs), base, revisions, histories, len(walker.blobs), errors)


@contextmanager
def _settled_memo() -> Iterator[Callable[[], None]]:
    """Keep the collector off the memo while the walk runs.

    The memo keeps every extracted page alive, and every full collection
    would walk all of them again while extraction churns through garbage:
    measured on a 27-revision repository, a fifth of the run went to the
    collector. Freezing what exists every few dozen pages (CPython's
    ``gc.freeze``) spares that; everything is unfrozen at the end.
    Skipped when the process already froze objects of its own.
    """
    if gc.get_freeze_count() or not gc.isenabled():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _parent(repo: GitRepo, rev: Revision) -> Revision | None:
    out = repo.run(["log", "-1", "--no-color", "--format=%P", rev.sha]).decode().split()
    if not out:
        return None
    line = repo.run(["log", "-1", "--no-color", "--encoding=UTF-8", "--format=%H%x00%h%x00%aI%x00%s",
                     out[0]]).decode("utf-8", "replace").strip()
    return Revision(*line.split("\0", 3))


def flips(changes: list[Change]) -> list[Flip]:
    """Per pointer and rule, the values in order, when one came back to an earlier value."""
    steps: dict[tuple[str, str], list[tuple[str, Any, Any]]] = {}
    for change in changes:
        for f in change.findings:
            if len(f.sides) >= 2:
                steps.setdefault((f.pointer, f.rule), []).append(
                    (change.revision.short, f.sides[0].value, f.sides[-1].value))
    out = []
    for (pointer, rule), seq in sorted(steps.items()):
        values, commits_ = [seq[0][1]], []
        for short, old, new in seq:
            if not _same(old, values[-1]):
                values.append(old)
                commits_.append("")
            values.append(new)
            commits_.append(short)
        reversals = sum(1 for i in range(2, len(values)) if any(_same(values[i], v) for v in values[: i - 1]))
        if reversals:
            out.append(Flip(pointer, rule, tuple(values), tuple(commits_), reversals))
    return out


def _same(a: Any, b: Any) -> bool:
    return _meaning(a) == _meaning(b)


def _meaning(value: Any) -> str:
    """What a side states, spelling aside: a type side (``{"raw", "type"}``) by its type only,
    so ``String`` -> ``Boolean`` -> ``string`` counts as a flip back."""
    if isinstance(value, dict) and set(value) == {"raw", "type"}:
        value = value["type"]
    return json.dumps(value, sort_keys=True, default=str)


def history_to_json(h: History) -> dict[str, Any]:
    """The machine contract of ``history`` (history.json)."""
    return {
        "version": REPORT_VERSION,
        "command": "history",
        "repo": h.repo,
        "rev": h.rev,
        "pathspecs": list(h.pathspecs),
        "base": _revision(h.base) if h.base else None,
        "revisions": [_revision(r) for r in h.revisions],
        "summary": _summary(h),
        "page_errors": [d.to_json() for d in h.page_errors],
        "endpoints": [
            {"endpoint": e.endpoint, "doc_id": e.doc_id,
             "changes": [_change(c) for c in e.changes],
             "flips": [{"pointer": f.pointer, "rule": f.rule, "values": list(f.values),
                        "commits": list(f.commits), "reversals": f.reversals} for f in e.flips]}
            for e in h.endpoints
        ],
    }


def _revision(r: Revision) -> dict[str, str]:
    return {"commit": r.short, "sha": r.sha, "date": r.date, "message": r.message}


def _change(c: Change) -> dict[str, Any]:
    out: dict[str, Any] = {"commit": c.revision.short, "date": c.revision.date,
                           "message": c.revision.message, "kind": c.kind,
                           "source": c.source, "line": c.line}
    if c.moved_from:
        out["moved_from"] = c.moved_from
    if c.endpoint_from:
        out["endpoint_from"] = c.endpoint_from
    out["findings"] = [finding_to_json(f) for f in c.findings]
    return out


def _summary(h: History) -> dict[str, int]:
    changes = [c for e in h.endpoints for c in e.changes]
    return {
        "revisions": len(h.revisions),
        "pages": h.pages,
        "page_errors": len(h.page_errors),
        "endpoints": len(h.endpoints),
        "changed_endpoints": sum(1 for e in h.endpoints if any(c.kind != "added" for c in e.changes)),
        "contract_changed_endpoints": sum(1 for e in h.endpoints if _contract_changed(e)),
        "moved_only_endpoints": sum(1 for e in h.endpoints if not _contract_changed(e)
                                    and any(c.kind == "moved" for c in e.changes)),
        "changes": len(changes),
        "findings": sum(len(c.findings) for c in changes),
        "flips": sum(len(e.flips) for e in h.endpoints),
    }


def _contract_changed(e: EndpointHistory) -> bool:
    """Changed in what it promises after it first appeared: not a page that only moved."""
    later = e.changes[1:] if e.changes and e.changes[0].kind == "added" else e.changes
    return any(c.kind in ("added", "removed") or (c.kind == "changed" and (c.findings or c.endpoint_from))
               for c in later)


def iter_findings(h: History) -> Iterator[Finding]:
    for e in h.endpoints:
        for c in e.changes:
            yield from c.findings
