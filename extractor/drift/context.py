"""What a rule needs to write a finding: the versions compared, the endpoint, excerpts.

Kept apart from the rules so that a rule only decides *whether* and *what*
to report; the shape of a finding (a side per version with its source line,
label, value as plain JSON and excerpt) is made here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..diagnostics import Level
from ..model import Span
from ..writers.jsonschema import json_safe
from .excerpts import ExcerptProvider, is_border, no_excerpts
from .findings import Finding, Side
from .names import Vocabulary
from .registry import RULES
from .values import as_written

if TYPE_CHECKING:
    from .align import Version
    from .compare import Difference, State

__all__ = ["Context"]


@dataclass
class Context:
    """What a rule needs to write a finding: the versions, the endpoint, excerpts.

    ``mode`` is ``drift`` (versions compared side by side: values joined with
    "vs") or ``diff`` (version 0 is old, 1 is new: values joined with "->").
    """

    endpoint: str
    doc_id: str | None
    versions: Sequence[Version]
    excerpts: ExcerptProvider = no_excerpts
    mode: str = "drift"
    cache: dict[tuple[int, str, int, int | None], str] = field(default_factory=dict)
    #: Excerpts per version index, where versions with equal sources have different
    #: texts (two git revisions of one file); ``excerpts`` serves the others.
    per_version: tuple[ExcerptProvider | None, ...] = ()
    #: How the whole run spells words and names (name-suspect proposes the majority);
    #: ``None``: the versions at hand are the whole run.
    vocabulary: Vocabulary | None = None

    def usage(self) -> Vocabulary:
        if self.vocabulary is None:
            self.vocabulary = Vocabulary.of(v.endpoint for v in self.versions)
        return self.vocabulary

    def excerpt(self, span: Span, version: int | None = None) -> str:
        provider = self.excerpts
        if version is not None and 0 <= version < len(self.per_version):
            provider = self.per_version[version] or provider
        window = getattr(provider, "window", None) if span.column and span.column > 1 else None
        key = (id(provider), span.source, span.line, span.column if window else None)
        if key not in self.cache:
            if span.line <= 0:
                self.cache[key] = ""
            elif window is not None:  # a place in a long line: a one-line JSON spec
                self.cache[key] = window(span.source, span.line, span.column)
            else:
                self.cache[key] = provider(span.source, span.line)
        return self.cache[key]

    def side(self, span: Span, value: Any, version: int | None = None, label: str | None = None,
             kind: str = "", text: str | None = None) -> Side:
        """One version's side; ``kind`` (a Difference kind) says how the page wrote ``value``,
        unless ``text`` says it."""
        if label is None:
            label = self.versions[version].label if version is not None else ""
        excerpt = self.excerpt(span, version)
        if is_border(excerpt):  # a table's top border: show its header row instead
            for line in range(span.line + 1, span.line + 4):
                below = self.excerpt(Span(span.source, line), version)
                if below and not is_border(below):
                    span, excerpt = Span(span.source, line), below
                    break
        shown = as_written(kind, value) if text is None else text
        return Side(span.source, span.line, json_safe(value), label, excerpt, shown)

    def sides(self, states: Sequence[State], kind: str = "") -> tuple[Side, ...]:
        """A side per state; a state of no version (a version set without the endpoint) has no label."""
        return tuple(
            self.side(s.span, s.value, s.version, kind=kind) if 0 <= s.version < len(self.versions)
            else self.side(s.span, s.value, None, label="not in this set", kind=kind)
            for s in states
        )

    def finding(self, rule_id: str, pointer: str, message: str, sides: tuple[Side, ...],
                level: Level | None = None) -> Finding:
        return Finding(
            rule=rule_id,
            level=_default_level(rule_id) if level is None else level,
            endpoint=self.endpoint,
            pointer=pointer,
            message=message,
            sides=sides,
            doc_id=self.doc_id,
        )

    def report(self, rule_id: str, d: Difference, message: str, level: Level | None = None) -> Finding:
        """A finding about a difference, with a side for every version that states something."""
        return self.finding(rule_id, d.pointer, message, self.sides(d.states, d.kind), level)

    def contrast(self, texts: Sequence[str]) -> str:
        """Distinct statements in order: ``a vs b`` (drift) or ``a -> b`` (diff)."""
        distinct = list(dict.fromkeys(texts))
        return (" -> " if self.mode == "diff" else " vs ").join(distinct)

    def where(self, states: Sequence[State]) -> str:
        """The versions of these states, as a message names them: their sources, at most three."""
        names = list(dict.fromkeys(s.span.source for s in states))
        if len(names) > 3:
            return f"{', '.join(names[:2])} and {len(names) - 2} more"
        return ", ".join(names)


def _default_level(rule_id: str) -> Level:
    return RULES[rule_id].level
