"""Which version sets lack an endpoint that another set documents (``endpoint-missing``).

Sets are laid out in folders their own way: the English RST of a service
nests pages under topic folders (``rst/dli/flink_job-related_apis/``), its
Chinese Markdown is one flat folder, a third set may hold many services
side by side (``html/ecs``, ``rst/dli``). So whether a set is expected to
document an endpoint depends on what the two sets' sub-folders share: sets
whose first-level folders have names in common (``html/`` and ``rst/``, both
holding ``ecs``) are compared folder by folder, so an ECS-only export is not
missing every DLI page; sets with nothing in common (topic folders against a
flat folder) are compared whole.

An endpoint counts as present in a set when the set holds it under any of
its names: its doc id (pages keep it when renamed or moved), its method and
path (placeholder names blanked), or its title in the same language (a
title the set uses for one endpoint only). Not responsible for grouping
versions (:mod:`.align`) nor for wording the finding (:mod:`.rules`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Span
from .align import Group, Version, doc_key, endpoint_key
from .compare import Difference, State

__all__ = ["Presence", "VersionSet"]


@dataclass(frozen=True, slots=True)
class VersionSet:
    """One source argument of ``drift``: its name and the first-level sub-folders of its pages."""

    name: str
    components: frozenset[str] = frozenset({""})

    def expects(self, origin: VersionSet, component: str) -> bool:
        """Whether this set should document what ``origin`` documents in ``component``."""
        shared = {c for c in self.components & origin.components if c}
        return not shared or component in shared


_SPACE = re.compile(r"\s+")


def title_key(v: Version) -> str | None:
    """A title compared within one language: case and spacing aside."""
    title = _SPACE.sub(" ", v.endpoint.title or "").strip().lower()
    return f"title:{v.endpoint.lang}:{title}" if title else None


class Presence:
    """The names every set documents, to tell which sets lack a group's endpoint."""

    def __init__(self, versions: Sequence[Version], sets: Sequence[VersionSet]) -> None:
        self.sets = list(sets)
        titles: dict[tuple[int, str], set[str]] = defaultdict(set)
        for v in versions:
            key = title_key(v)
            if key:
                titles[(v.set_index, key)].add(endpoint_key(v.endpoint))
        #: titles a set gives one endpoint only: the others (a page per variant) name nothing
        self._unique = {k for k, paths in titles.items() if len(paths) == 1}
        self.known: dict[int, set[str]] = defaultdict(set)
        for v in versions:
            self.known[v.set_index].update(self.names(v))

    def names(self, v: Version) -> set[str]:
        """What makes a set "have" an endpoint: its doc id, its path key, its unique title."""
        doc = doc_key(v.endpoint.doc_id)
        out = {endpoint_key(v.endpoint)} | ({f"doc:{doc}"} if doc else set())
        title = title_key(v)
        if title and (v.set_index, title) in self._unique:
            out.add(title)
        return out

    def lacking(self, g: Group) -> list[int]:
        """The sets expected to document the group's endpoint that hold it under no name."""
        if len(self.sets) < 2:
            return []
        names = set().union(*(self.names(v) for v in g.versions))
        out = []
        for i, s in enumerate(self.sets):
            if i in g.set_indexes or names & self.known.get(i, set()):
                continue
            if any(v.set_index < len(self.sets) and s.expects(self.sets[v.set_index], v.component)
                   for v in g.versions):
                out.append(i)
        return out

    def difference(self, g: Group) -> Difference | None:
        """The ``endpoint`` difference of a group some set lacks: a state per page, one per lacking set."""
        absent = self.lacking(g)
        if not absent:
            return None
        states = [State(i, v.endpoint.span, {"title": v.endpoint.title}) for i, v in enumerate(g.versions)]
        states += [State(-1, Span(self._where(i, g), 0), None) for i in absent]
        present = sorted({self.sets[v.set_index].name for v in g.versions if v.set_index < len(self.sets)})
        detail = (("present_in", tuple(present)), ("missing_from", tuple(self.sets[i].name for i in absent)))
        return Difference("endpoint", "", "endpoint", "endpoint", tuple(states), detail)

    def _where(self, index: int, g: Group) -> str:
        """The folder of a set where the endpoint was expected (``rst/ecs``), else the set."""
        s = self.sets[index]
        shared = sorted({v.component for v in g.versions} & {c for c in s.components if c})
        return f"{s.name}/{shared[0]}" if shared else s.name
