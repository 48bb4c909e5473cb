"""What a report document says about its run: the rule catalogue, the inputs, the diagnostics.

The drift command puts the catalogue of rules (id, level, summary,
description) and the extraction diagnostics that are not findings into the
document, so that a view can be rendered from a saved drift.json alone.
These helpers read those parts tolerantly: a document without a catalogue
(an older one, or one built by hand) falls back to the registered rules of
:mod:`docconform.extractor.drift.catalogue`, then to a sentence made from the rule id.

Not responsible for rendering (each view does) or for the findings.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ._common import LEVELS, format_value, plural

__all__ = ["RuleInfo", "diagnostics_of", "input_label", "rule_table"]


RuleInfo = dict[str, str]


def rule_table(document: dict[str, Any]) -> dict[str, RuleInfo]:
    """Rule id -> ``{"summary", "level", "description"}`` for every rule used or known.

    Rules the findings use but nobody describes get a summary made of their
    words and no level, so every view can rely on an entry being there.
    """
    table: dict[str, RuleInfo] = {}
    for r in document.get("rules") or []:
        if isinstance(r, dict) and r.get("id"):
            table[str(r["id"])] = _info(r.get("summary"), r.get("level"), r.get("description"))
    if not table:
        for rule_id, r in _registered().items():
            table[rule_id] = _info(r.summary, r.level, r.doc)
    for f in document.get("findings") or []:
        rule_id = str(f.get("rule", ""))
        if rule_id not in table:
            table[rule_id] = _info(_sentence(rule_id), "", "")
    return table


def _info(summary: Any, level: Any, description: Any) -> RuleInfo:
    level_text = str(level or "").lower()
    return {
        "summary": " ".join(str(summary or "").split()),
        "level": level_text if level_text in LEVELS else "",
        "description": " ".join(str(description or "").split()),
    }


def _sentence(rule_id: str) -> str:
    words = rule_id.replace("-", " ").replace("_", " ").strip() or "finding"
    return words[0].upper() + words[1:] + "."


@cache
def _registered() -> dict[str, Any]:
    """The registered rules, page rules included; empty if the rule code cannot be imported."""
    try:
        from ..catalogue import RULES
    except ImportError:
        return {}
    return dict(RULES)


def input_label(item: Any) -> str:
    """One input as a reader wants it: ``seeds (6 pages, 5 endpoints)``."""
    if not isinstance(item, dict):
        return str(item)
    source = item.get("source") or item.get("path") or item.get("name")
    if source is None:
        return format_value(item)
    counts = [
        plural(item[k], k[:-1]) for k in ("pages", "endpoints") if isinstance(item.get(k), int)
    ]
    return f"{source} ({', '.join(counts)})" if counts else str(source)


def diagnostics_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The extraction diagnostics, most severe first, then by place."""
    items = [d for d in document.get("diagnostics") or [] if isinstance(d, dict)]
    rank = {lv: i for i, lv in enumerate(LEVELS)}

    def key(d: dict[str, Any]) -> tuple[Any, ...]:
        line = d.get("line") if isinstance(d.get("line"), int) else 0
        return (
            rank.get(str(d.get("level", "")).lower(), 1),
            str(d.get("source", "")),
            line,
            str(d.get("code", "")),
            str(d.get("message", "")),
        )

    return sorted(items, key=key)
