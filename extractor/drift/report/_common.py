"""What every view of a drift report shares: grouping, counts, value text, anchors.

The report document (drift.json, built by the drift command) is the machine
contract; Markdown, HTML and SARIF are views of it. So that the three views
agree with each other, they read the document through these helpers: the same
grouping by endpoint, the same level order, the same rendering of a side's
value, the same anchors. Every helper is a pure function of the document, so
the same document always gives the same bytes.

Not responsible for escaping (each format escapes its own way, in its module)
or for computing findings (:mod:`docconform.extractor.drift.rules`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LEVELS",
    "Group",
    "ValueGroup",
    "count_levels",
    "empty_message",
    "endpoint_key",
    "finding_anchors",
    "format_value",
    "group_findings",
    "headline",
    "level_of",
    "location",
    "message_parts",
    "natural_key",
    "plural",
    "rules_used",
    "shorten",
    "side_label",
    "stable_anchor",
    "title_of",
    "value_groups",
    "worst_level",
]

#: Levels from most to least severe; unknown levels count as warnings.
LEVELS: tuple[str, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Group:
    """The findings of one endpoint, with the versions the run compared for it."""

    endpoint: str
    doc_id: str | None
    anchor: str
    findings: tuple[dict[str, Any], ...]
    versions: tuple[dict[str, Any], ...]


_NUMERIC_LEVELS = {"3": "error", "2": "warning", "1": "info"}


def level_of(finding: dict[str, Any]) -> str:
    """The finding's level, one of :data:`LEVELS`.

    A ``Level`` that went through JSON as its number is read back; any other
    stray value counts as a warning rather than being dropped.
    """
    level = str(finding.get("level", "")).lower()
    level = _NUMERIC_LEVELS.get(level, level)
    return level if level in LEVELS else "warning"


def worst_level(findings: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> str | None:
    levels = {level_of(f) for f in findings}
    return next((lv for lv in LEVELS if lv in levels), None)


def count_levels(findings: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> dict[str, int]:
    """Counts per level, every level present (zero included), most severe first."""
    counts = Counter(level_of(f) for f in findings)
    return {lv: counts.get(lv, 0) for lv in LEVELS}


def rules_used(findings: list[dict[str, Any]]) -> list[str]:
    return sorted({str(f.get("rule", "")) for f in findings})


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def title_of(document: dict[str, Any]) -> str:
    """Revision diffs and drift runs read differently to a reviewer, so say which."""
    if document.get("command") == "diff":
        return "Documentation revision diff"
    return "Documentation drift report"


def empty_message(document: dict[str, Any]) -> str:
    """What to say when nothing is reported: agreement, or only accepted (baselined) findings."""
    baselined = int(document.get("baselined") or 0)
    if baselined:
        return f"No new findings: {plural(baselined, 'finding')} accepted by the baseline."
    return "No findings: every version of every endpoint agrees."


def headline(document: dict[str, Any]) -> str:
    """One sentence with every count a reviewer looks at first."""
    findings = document.get("findings") or []
    endpoints = document.get("endpoints") or []
    levels = count_levels(findings)
    parts = [
        plural(levels["error"], "error"),
        plural(levels["warning"], "warning"),
        f"{levels['info']} info",
    ]
    affected = {endpoint_key(f) for f in findings}
    listed = {endpoint_key(e) for e in endpoints}
    versions = sum(len(e.get("versions") or []) for e in endpoints)
    text = f"{plural(len(findings), 'finding')} ({', '.join(parts)})"
    text += f" in {len(affected)} of {plural(len(affected | listed), 'endpoint')}"
    text += f", {plural(versions, 'version')} compared"
    baselined = int(document.get("baselined") or 0)
    if baselined:
        text += f", {baselined} baselined"
    return text


def group_findings(document: dict[str, Any]) -> list[Group]:
    """Findings by endpoint and doc id, in natural order; findings in document order.

    Two services can document the same ``METHOD /path`` under different doc
    ids; the drift command aligns them apart, so they are reported apart.
    The document already sorts its findings (by endpoint, pointer, rule), so
    related findings stay together; endpoints without findings are left out.
    """
    listed = document.get("endpoints") or []
    exact: dict[tuple[str, str], dict[str, Any]] = {}
    for e in listed:
        exact.setdefault(endpoint_key(e), e)
    paths = Counter(str(e.get("endpoint", "")) for e in listed)
    by_path = {
        str(e.get("endpoint", "")): e for e in listed if paths[str(e.get("endpoint", ""))] == 1
    }
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in document.get("findings") or []:
        by_key.setdefault(endpoint_key(f), []).append(f)
    groups = []
    for key in sorted(by_key, key=lambda k: (natural_key(k[0]), k[1])):
        found = by_key[key]
        info = _entry(key, exact, by_path)
        doc_id = key[1] or info.get("doc_id") or None
        anchor = stable_anchor("ep", f"{key[0]} {key[1]}".strip())
        groups.append(
            Group(key[0], doc_id, anchor, tuple(found), tuple(info.get("versions") or ()))
        )
    return groups


def _entry(
    key: tuple[str, str],
    exact: dict[tuple[str, str], dict[str, Any]],
    by_path: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """The endpoint entry of a group; by path alone only when no doc id says otherwise."""
    if key in exact:
        return exact[key]
    entry = by_path.get(key[0])
    if entry is not None and (not key[1] or not entry.get("doc_id")):
        return entry
    return {}


def endpoint_key(item: dict[str, Any]) -> tuple[str, str]:
    """What tells endpoints apart in a report: ``METHOD /path`` and doc id (``""`` if none)."""
    return str(item.get("endpoint", "")), str(item.get("doc_id") or "")


_SLUG = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts ``v1.1`` before ``v1.10`` and ``service2`` before ``service10``."""
    parts = _DIGITS.split(text)
    return (tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p), text)


def stable_anchor(prefix: str, text: str) -> str:
    """An id safe in HTML and Markdown: a readable ASCII part, then a hash.

    The hash keeps texts that slug alike (Chinese paths, punctuation) apart.
    """
    slug = _SLUG.sub("-", text.lower()).strip("-")[:48].strip("-")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def finding_anchors(findings: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[str]:
    """One id per finding from its fingerprint, so links survive line shifts.

    Findings that differ only in line numbers share a fingerprint; repeats get a suffix.
    """
    seen: Counter[str] = Counter()
    anchors = []
    for f in findings:
        base = "f-" + (_SLUG.sub("", str(f.get("fingerprint", "")).lower()) or "x")
        seen[base] += 1
        anchors.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return anchors


def format_value(value: Any) -> str:
    """A side's value as text: strings as written, anything else as compact JSON.

    ``None`` means the version does not state the thing (a missing parameter,
    no default), which reads better as a dash than as ``null``.
    """
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, default=str, separators=(", ", ": ")
    )


@dataclass(frozen=True, slots=True)
class ValueGroup:
    """One value and the sides (with their positions) that state it."""

    value: Any
    sides: tuple[tuple[int, dict[str, Any]], ...]


def value_groups(sides: list[dict[str, Any]]) -> list[ValueGroup]:
    """Sides that state the same value, in order of first appearance.

    A finding over dozens of pages (a field missing from 41 of 44 pages
    sharing one path) reads as "these 3 say X, these 41 say nothing" rather
    than as 44 columns.
    """
    order: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    values: dict[str, Any] = {}
    for i, side in enumerate(sides):
        key = json.dumps(side.get("value"), sort_keys=True, default=str)
        order.setdefault(key, []).append((i, side))
        values.setdefault(key, side.get("value"))
    return [ValueGroup(values[k], tuple(v)) for k, v in order.items()]


_CODE_SPAN = re.compile(r"`([^`]+)`")


def message_parts(message: str) -> list[tuple[bool, str]]:
    """The message cut into text and ``code`` parts: rules quote names in backticks."""
    parts: list[tuple[bool, str]] = []
    last = 0
    for m in _CODE_SPAN.finditer(message):
        if m.start() > last:
            parts.append((False, message[last : m.start()]))
        parts.append((True, m.group(1)))
        last = m.end()
    if last < len(message):
        parts.append((False, message[last:]))
    return parts


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;") + " …"


def location(side: dict[str, Any]) -> str:
    source = str(side.get("source", ""))
    line = side.get("line")
    return f"{source}:{line}" if line else source


def side_label(side: dict[str, Any], index: int) -> str:
    """The producer's label, else the file name, else the side's position."""
    label = str(side.get("label") or "").strip()
    if label:
        return label
    source = str(side.get("source") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return source or f"side {index + 1}"
