"""The findings part of drift.html: one card per finding, in triage order.

A card names its endpoint, rule and pointer, says the message, and shows its
versions side by side, one column each: label, the value as the page wrote
it, ``source:line`` (a link when the run has a ``--source-url`` template)
and the page excerpt. A finding over many pages (a field missing from 41 of
44 pages sharing one path) shows one column per distinct value instead,
listing the pages that state it, so it stays one screen tall. Every card
carries what the filters read (``data-level``, ``data-rule``, ``data-sets``,
``data-folders``, ``data-endpoint``).

Every string from the document goes through :func:`esc` exactly once.
Not responsible for the page frame, the summary, the script or the
stylesheet (:mod:`.html`, :mod:`._script`, :mod:`._style`).
"""

from __future__ import annotations

import html
from typing import Any

from ._common import (
    ValueGroup,
    format_value,
    level_of,
    location,
    message_parts,
    plural,
    shorten,
    side_label,
    value_groups,
)
from ._meta import RuleInfo
from ._triage import folders_of, side_text, sets_of, source_link

__all__ = ["GROUP_OVER", "FindingView", "esc", "render_finding", "with_code"]

#: Findings with more sides than this show one column per distinct value.
GROUP_OVER = 4
#: Longer messages show this much, the rest on demand.
MESSAGE_PREVIEW = 300
#: Locations listed before the rest fold into <details>.
SHOW_LOCATIONS = 5
#: Separates several values in one data attribute (never in a path or a rule id).
SEPARATOR = "\t"


def esc(value: Any) -> str:
    """Text safe in element content and in double-quoted attributes."""
    return html.escape(str(value), quote=True)


class FindingView:
    """What every card of one report needs: the document (for links), its sets, the rules."""

    def __init__(self, document: dict[str, Any], sets: list[str], rules: dict[str, RuleInfo]) -> None:
        self.document, self.sets, self.rules = document, sets, rules

    def attributes(self, f: dict[str, Any]) -> str:
        """The data attributes the filters read."""
        values = {
            "level": level_of(f),
            "rule": str(f.get("rule", "")),
            "sets": SEPARATOR.join(sets_of(f, self.sets)),
            "folders": SEPARATOR.join(folders_of(f, self.sets)),
            "endpoint": _endpoint_label(f),
        }
        return " ".join(f'data-{k}="{esc(v)}"' for k, v in values.items())

    def location(self, side: dict[str, Any]) -> str:
        where = esc(location(side))
        link = source_link(self.document, side)
        return f'<a href="{esc(link)}" rel="noreferrer">{where}</a>' if link else where


def _endpoint_label(f: dict[str, Any]) -> str:
    doc = f.get("doc_id")
    return f"{f.get('endpoint', '')} ({doc})" if doc else str(f.get("endpoint", ""))


def render_finding(f: dict[str, Any], anchor: str, view: FindingView) -> str:
    level = level_of(f)
    rule = str(f.get("rule", ""))
    summary = view.rules.get(rule, {}).get("summary", "")
    breaks = (
        f'<span class="badge breaks">breaks {esc(f["breaks"])}</span>' if f.get("breaks") else ""
    )
    sides = f.get("sides") or []
    groups = value_groups(sides)
    if len(sides) > GROUP_OVER and len(groups) < len(sides):
        columns = "".join(_value_column(g, view) for g in groups)
    else:
        columns = "".join(_side(s, i, view) for i, s in enumerate(sides))
    doc = f' <span class="docid">{esc(f["doc_id"])}</span>' if f.get("doc_id") else ""
    pointer = f'<code class="pointer">{esc(f["pointer"])}</code>' if f.get("pointer") else ""  # "": the endpoint
    return (
        f'<article class="finding lv-{level}" id="{anchor}" {view.attributes(f)}><header>'
        f'<span class="badge level">{esc(level)}</span>'
        f'<span class="rule" title="{esc(summary)}">{esc(rule)}</span>'
        f'<code class="endpoint">{esc(f.get("endpoint", ""))}</code>{doc}'
        f'{pointer}{breaks}'
        f'<a class="permalink" href="#{anchor}" title="link to this finding">#</a></header>'
        f"{_message(str(f.get('message', '')))}"
        f'<div class="sides">{columns}</div>{_extra(f.get("extra"))}</article>'
    )


def _message(message: str) -> str:
    """The message with its backtick-quoted names as code; a long one folds after a preview."""
    full = with_code(message)
    short = shorten(message, MESSAGE_PREVIEW)
    if short == " ".join(message.split()):
        return f'<p class="message">{full}</p>'
    return f'<details class="message"><summary>{with_code(short)}</summary><p>{full}</p></details>'


def with_code(text: str) -> str:
    return "".join(f"<code>{esc(p)}</code>" if code else esc(p) for code, p in message_parts(text))


def _value(side: dict[str, Any]) -> str:
    text = side_text(side)
    if not text:
        return '<span class="absent">not stated</span>'
    return f"<code>{esc(text)}</code>"


def _excerpt(side: dict[str, Any]) -> str:
    excerpt = str(side.get("excerpt") or "")
    return f"<pre>{esc(excerpt)}</pre>" if excerpt.strip() else ""


def _side(side: dict[str, Any], index: int, view: FindingView) -> str:
    return (
        f'<div class="side"><div class="label">{esc(side_label(side, index))}</div>'
        f'<div class="value">{_value(side)}</div>'
        f'<div class="loc">{view.location(side)}</div>{_excerpt(side)}</div>'
    )


def _value_column(group: ValueGroup, view: FindingView) -> str:
    """One distinct value, the versions that state it, and the first one's excerpt."""
    labels = list(dict.fromkeys(side_label(s, i) for i, s in group.sides))
    head = f"{plural(len(group.sides), 'version')}: {', '.join(labels)}"
    items = [f"<li>{view.location(s)}</li>" for _, s in group.sides]
    shown = "".join(items[:SHOW_LOCATIONS])
    rest = items[SHOW_LOCATIONS:]
    more = (
        f"<details><summary>{len(rest)} more</summary><ul>{''.join(rest)}</ul></details>"
        if rest
        else ""
    )
    return (
        f'<div class="side"><div class="label">{esc(head)}</div>'
        f'<div class="value">{_value(group.sides[0][1])}</div>'
        f'<ul class="loc">{shown}</ul>{more}{_excerpt(group.sides[0][1])}</div>'
    )


def _extra(extra: Any) -> str:
    if not isinstance(extra, dict) or not extra:
        return ""
    items = "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(_extra_text(extra[k]))}</dd>" for k in sorted(extra)
    )
    return f'<dl class="extra">{items}</dl>'


def _extra_text(value: Any) -> str:
    if isinstance(value, dict) and {"code", "source", "line"} <= set(value):
        return f"{value['code']} at {value['source']}:{value['line']}: {value.get('message', '')}"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return format_value(value)
