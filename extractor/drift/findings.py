"""Findings: what drift and lint report, the machine contract of every report.

A :class:`Finding` names a rule (stable kebab-case id), a level, the endpoint,
a JSON pointer into the endpoint's schema bundle, a message, and one
:class:`Side` per version involved, each with its source location, the value
that version states and an excerpt of the page. Findings sort
deterministically and carry a fingerprint that does not depend on line
numbers, so a baseline of accepted findings survives unrelated edits.

This module is data only: computing findings is :mod:`.rules`' and
:mod:`.lint`'s job, rendering them :mod:`.report`'s.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Level

__all__ = ["Side", "Finding", "REPORT_VERSION", "finding_to_json", "finding_from_json"]

#: Version of the JSON report format (drift.json "version").
REPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Side:
    """One version's part in a finding: where it is and what it says."""

    source: str
    line: int
    value: Any = None
    label: str = ""
    excerpt: str = ""
    #: The value as the page wrote it (``Array of String``, ``mandatory``); ``""``: not stated.
    text: str = ""

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One discrepancy, with every source involved.

    ``endpoint`` is ``METHOD /path`` as the first version writes it,
    ``doc_id`` the page's id when known, ``pointer`` a JSON pointer into the
    bundle (``/request/body/properties/job_ids``), ``breaks`` who a revision
    change breaks (``client``, ``server``, ``both`` or ``""`` when not a
    revision diff).
    """

    rule: str
    level: Level
    endpoint: str
    pointer: str
    message: str
    sides: tuple[Side, ...]
    doc_id: str | None = None
    breaks: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def fingerprint(self) -> str:
        """Stable across line shifts: rule, endpoint, pointer and the sources' files and values."""
        basis = json.dumps(
            [self.rule, self.endpoint, self.pointer,
             sorted([s.source, _stable(s.value)] for s in self.sides)],
            ensure_ascii=False, sort_keys=True, default=str,
        )
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple[Any, ...]:
        return (self.endpoint, self.pointer, self.rule, [(s.source, s.line) for s in self.sides], self.message)


def _stable(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def finding_to_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "level": str(f.level),
        "endpoint": f.endpoint,
        "doc_id": f.doc_id,
        "pointer": f.pointer,
        "message": f.message,
        "fingerprint": f.fingerprint,
        "sides": [
            {"source": s.source, "line": s.line, "label": s.label, "value": s.value, "text": s.text,
             "excerpt": s.excerpt}
            for s in f.sides
        ],
    }
    if f.breaks:
        out["breaks"] = f.breaks
    if f.extra:
        out["extra"] = dict(f.extra)
    return out


def finding_from_json(d: dict[str, Any]) -> Finding:
    return Finding(
        rule=d["rule"],
        level=Level[d["level"].upper()],
        endpoint=d["endpoint"],
        pointer=d["pointer"],
        message=d["message"],
        sides=tuple(
            Side(s["source"], s["line"], s.get("value"), s.get("label", ""), s.get("excerpt", ""),
                 s.get("text", ""))
            for s in d.get("sides", [])
        ),
        doc_id=d.get("doc_id"),
        breaks=d.get("breaks", ""),
        extra=tuple(sorted(d.get("extra", {}).items())),
    )
