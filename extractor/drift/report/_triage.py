"""What a doc team triages by: order, contradictions, version sets, folders, links.

Shared by drift.html and drift.md, both pure functions of the report
document: findings ordered by level, then rule, then endpoint; the
cross-version contradictions a summary starts with; which version set
(command-line source) and folder each finding touches, for the filters;
a side's value as the page wrote it; and a link to a source line when the
run was given a ``--source-url`` template (``document["source_url"]``:
``{"template": ..., "rev": ...}``).

Not responsible for rendering (each view does) nor for the findings.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

from ._common import LEVELS, format_value, level_of, natural_key

__all__ = [
    "CONTRADICTION_RULES",
    "cause_of",
    "folders_of",
    "is_contradiction",
    "side_text",
    "source_link",
    "triage_order",
    "version_sets",
    "sets_of",
]

#: Rules where two versions state different things about the same element.
CONTRADICTION_RULES = (
    "type-mismatch",
    "required-mismatch",
    "enum-mismatch",
    "default-mismatch",
    "constraint-mismatch",
    "status-code-mismatch",
)


def is_contradiction(f: dict[str, Any]) -> bool:
    """Two versions disagree (a name spelled two ways by two pages counts too)."""
    rule = str(f.get("rule", ""))
    if rule in CONTRADICTION_RULES:
        return True
    sources = {s.get("source") for s in f.get("sides") or [] if s.get("value") is not None}
    return rule == "name-suspect" and len(sources) > 1


def cause_of(f: dict[str, Any]) -> dict[str, Any] | None:
    """The extraction diagnostic a finding follows from (``extra.caused_by``), if any."""
    extra = f.get("extra")
    cause = extra.get("caused_by") if isinstance(extra, dict) else None
    return cause if isinstance(cause, dict) else None


def triage_order(findings: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most severe first, then by rule, endpoint (natural order) and pointer."""
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    return sorted(findings, key=lambda f: (rank[level_of(f)], str(f.get("rule", "")),
                                           natural_key(str(f.get("endpoint", ""))),
                                           str(f.get("doc_id") or ""), str(f.get("pointer", ""))))


def side_text(side: dict[str, Any]) -> str:
    """A side's value as the page wrote it; ``""`` when the version states nothing."""
    text = side.get("text")
    if isinstance(text, str) and text:
        return text
    value = side.get("value")
    return "" if value is None else format_value(value)


def version_sets(document: dict[str, Any]) -> list[str]:
    """The version sets of the run (its inputs' sources), longest first for prefix matching."""
    names = [str(i.get("source")) for i in document.get("inputs") or [] if isinstance(i, dict) and i.get("source")]
    return sorted(dict.fromkeys(names), key=lambda n: (-len(n), n))


def _set_of(source: str, sets: Sequence[str]) -> str | None:
    """The set a source belongs to: a folder it is under, or a git revision (``rev:path``)."""
    return next((s for s in sets if source == s or source.startswith(s.rstrip("/") + "/")
                 or source.startswith(s + ":")), None)


def sets_of(f: dict[str, Any], sets: Sequence[str]) -> list[str]:
    """The version sets a finding's sides come from (or name, for a set that lacks an endpoint)."""
    found = [_set_of(str(s.get("source", "")), sets) for s in f.get("sides") or []]
    return sorted({s for s in found if s})


def folders_of(f: dict[str, Any], sets: Sequence[str]) -> list[str]:
    """The folders of a finding's pages, relative to their version set (``.`` at its top)."""
    out = set()
    for side in f.get("sides") or []:
        source = str(side.get("source", ""))
        root = _set_of(source, sets)
        if root is None or int(side.get("line") or 0) <= 0:
            continue
        rest = source[len(root):].lstrip("/:")
        folder = posixpath.dirname(rest)
        out.add(f"{root}/{folder}" if folder else root)
    return sorted(out)


def source_link(document: dict[str, Any], side: dict[str, Any]) -> str | None:
    """The URL of a side's line from the run's ``--source-url`` template, or ``None``.

    ``{path}`` is the source as recorded, ``{rev}`` the revision the run
    found (``git rev-parse HEAD`` where it ran) or, for a page read from a git
    revision (``<label>:<path>`` with the label in ``revs``), that revision;
    ``{line}`` the line. Only http(s) templates make links.
    """
    spec = document.get("source_url")
    if not isinstance(spec, dict) or not isinstance(spec.get("template"), str):
        return None
    template = spec["template"]
    line = int(side.get("line") or 0)
    source = str(side.get("source") or "")
    if line <= 0 or not source or not template.startswith(("https://", "http://")):
        return None
    rev = str(spec.get("rev") or "HEAD")
    revs = spec.get("revs") if isinstance(spec.get("revs"), dict) else {}
    label = next((k for k in sorted(revs, key=len, reverse=True) if source.startswith(f"{k}:")), None)
    if label is not None:  # a page read from a git revision: ``<rev>:<path>``
        rev, source = str(revs[label]), source[len(label) + 1:]
    path = posixpath.normpath(source).lstrip("/")
    try:
        return template.format(path=path, rev=rev, line=line)
    except (KeyError, IndexError, ValueError):
        return None
