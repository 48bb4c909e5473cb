"""The findings part of drift.html: one section per endpoint, one card per finding.

A finding shows its versions side by side, one column each: label, value,
``source:line`` and the page excerpt. A finding over many pages (a field
missing from 41 of 44 pages sharing one path) shows one column per distinct
value instead, listing the pages that state it, so it stays one screen tall.

Every string from the document goes through :func:`esc` exactly once.
Not responsible for the page frame, the summary or the stylesheet
(:mod:`.html`, :mod:`._style`).
"""

from __future__ import annotations

import html
from typing import Any

from ._common import (
    Group,
    ValueGroup,
    count_levels,
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

__all__ = ["GROUP_OVER", "esc", "render_endpoint"]

#: Findings with more sides than this show one column per distinct value.
GROUP_OVER = 4
#: Longer messages show this much, the rest on demand.
MESSAGE_PREVIEW = 300
#: Locations listed before the rest fold into <details>.
SHOW_LOCATIONS = 5


def esc(value: Any) -> str:
    """Text safe in element content and in double-quoted attributes."""
    return html.escape(str(value), quote=True)


def render_endpoint(group: Group, anchors: dict[int, str], rules: dict[str, RuleInfo]) -> str:
    """The section of one endpoint: header, versions compared, its findings."""
    doc = f'<span class="docid">{esc(group.doc_id)}</span>' if group.doc_id else ""
    counts = ", ".join(
        plural(n, lv) if lv != "info" else f"{n} info"
        for lv, n in count_levels(group.findings).items()
        if n
    )
    body = "\n".join(_finding(f, anchors[id(f)], rules) for f in group.findings)
    return (
        f'<section class="endpoint" id="{group.anchor}"><header>'
        f"<h2><code>{esc(group.endpoint)}</code></h2>{doc}"
        f'<span class="docid">{esc(counts)}</span>'
        '<a class="top" href="#summary">↑ summary</a></header>'
        f"{_versions(group)}\n{body}</section>"
    )


def _versions(group: Group) -> str:
    if not group.versions:
        return ""
    rows = "".join(
        f"<tr><td><code>{esc(location(v))}</code></td><td>{esc(v.get('format') or '')}</td>"
        f"<td>{esc(v.get('lang') or '')}</td><td>{esc(v.get('title') or '')}</td></tr>"
        for v in group.versions
    )
    table = (
        '<table class="versions"><thead><tr><th>Version</th><th>Format</th><th>Language</th>'
        f"<th>Title</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    if len(group.versions) <= 2 * SHOW_LOCATIONS:
        return table
    summary = esc(plural(len(group.versions), "version")) + " compared"
    return f'<details class="versions"><summary>{summary}</summary>{table}</details>'


def _finding(f: dict[str, Any], anchor: str, rules: dict[str, RuleInfo]) -> str:
    level = level_of(f)
    rule = str(f.get("rule", ""))
    summary = rules.get(rule, {}).get("summary", "")
    breaks = (
        f'<span class="badge breaks">breaks {esc(f["breaks"])}</span>' if f.get("breaks") else ""
    )
    sides = f.get("sides") or []
    groups = value_groups(sides)
    if len(sides) > GROUP_OVER and len(groups) < len(sides):
        columns = "".join(_value_column(g) for g in groups)
    else:
        columns = "".join(_side(s, i) for i, s in enumerate(sides))
    return (
        f'<article class="finding lv-{level}" id="{anchor}"><header>'
        f'<span class="badge level">{esc(level)}</span>'
        f'<span class="rule" title="{esc(summary)}">{esc(rule)}</span>'
        f'<code class="pointer">{esc(f.get("pointer") or "/")}</code>{breaks}'
        f'<a class="permalink" href="#{anchor}" title="link to this finding">#</a></header>'
        f"{_message(str(f.get('message', '')))}"
        f'<div class="sides">{columns}</div>{_extra(f.get("extra"))}</article>'
    )


def _message(message: str) -> str:
    """The message with its backtick-quoted names as code; a long one folds after a preview."""
    full = _with_code(message)
    short = shorten(message, MESSAGE_PREVIEW)
    if short == " ".join(message.split()):
        return f'<p class="message">{full}</p>'
    return f'<details class="message"><summary>{_with_code(short)}</summary><p>{full}</p></details>'


def _with_code(text: str) -> str:
    return "".join(f"<code>{esc(p)}</code>" if code else esc(p) for code, p in message_parts(text))


def _value(value: Any) -> str:
    if value is None:
        return '<span class="absent">not stated</span>'
    return f"<code>{esc(format_value(value))}</code>"


def _excerpt(side: dict[str, Any]) -> str:
    excerpt = str(side.get("excerpt") or "")
    return f"<pre>{esc(excerpt)}</pre>" if excerpt.strip() else ""


def _side(side: dict[str, Any], index: int) -> str:
    return (
        f'<div class="side"><div class="label">{esc(side_label(side, index))}</div>'
        f'<div class="value">{_value(side.get("value"))}</div>'
        f'<div class="loc">{esc(location(side))}</div>{_excerpt(side)}</div>'
    )


def _value_column(group: ValueGroup) -> str:
    """One distinct value, the versions that state it, and the first one's excerpt."""
    labels = list(dict.fromkeys(side_label(s, i) for i, s in group.sides))
    head = f"{plural(len(group.sides), 'version')}: {', '.join(labels)}"
    items = [f"<li>{esc(location(s))}</li>" for _, s in group.sides]
    shown = "".join(items[:SHOW_LOCATIONS])
    rest = items[SHOW_LOCATIONS:]
    more = (
        f"<details><summary>{len(rest)} more</summary><ul>{''.join(rest)}</ul></details>"
        if rest
        else ""
    )
    return (
        f'<div class="side"><div class="label">{esc(head)}</div>'
        f'<div class="value">{_value(group.value)}</div>'
        f'<ul class="loc">{shown}</ul>{more}{_excerpt(group.sides[0][1])}</div>'
    )


def _extra(extra: Any) -> str:
    if not isinstance(extra, dict) or not extra:
        return ""
    items = "".join(
        f"<dt>{esc(k)}</dt><dd>{esc(format_value(extra[k]))}</dd>" for k in sorted(extra)
    )
    return f'<dl class="extra">{items}</dl>'
