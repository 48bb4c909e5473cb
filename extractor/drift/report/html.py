"""drift.html: the drift report as one self-contained page for a browser.

The page holds everything (inline CSS, no script, no external resource) so
it can be attached to a build, mailed or opened from disk. It reads top down:
counts, a summary table of endpoints by rule whose cells link to the
findings, then per endpoint the versions compared and each finding with one
column per version (label, value, ``source:line``, the page excerpt).

Every string from the document is HTML-escaped exactly once, here, through
:func:`esc`: values and excerpts come from vendor pages and may hold markup.
Ids are built from hashes (:mod:`._common`), never from page text.

Not responsible for the data (the drift command builds the document), for
the stylesheet (:mod:`._style`) or for the other views.
"""

from __future__ import annotations

from typing import Any

from ._common import (
    LEVELS,
    Group,
    count_levels,
    empty_message,
    endpoint_key,
    finding_anchors,
    group_findings,
    headline,
    location,
    natural_key,
    plural,
    rules_used,
    title_of,
    worst_level,
)
from ._html_findings import esc, render_endpoint
from ._meta import RuleInfo, diagnostics_of, input_label, rule_table
from ._style import CSS

__all__ = ["esc", "render_html"]


def render_html(document: dict[str, Any]) -> str:
    """The whole report as one HTML5 page (text; encode it as UTF-8)."""
    findings = document.get("findings") or []
    groups = group_findings(document)
    anchors = dict(zip((id(f) for f in findings), finding_anchors(findings)))
    title = f"{title_of(document)}: {plural(len(findings), 'finding')}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style></head>",
        '<body id="top">',
        _header(document, findings),
    ]
    rules = rule_table(document)
    if findings:
        parts.append(_summary(document, groups, findings, anchors, rules))
        parts.extend(render_endpoint(g, anchors, rules) for g in groups)
    else:
        parts.append(f'<p class="empty">{esc(empty_message(document))}</p>')
        parts.append(_clean_endpoints(document, set()))
    parts.append(_diagnostics(document))
    tool = document.get("tool") or {}
    parts.append(
        f"<footer>{esc(tool.get('name', 'docconform'))} {esc(tool.get('version', ''))}"
        f" · report format {esc(document.get('version', ''))}</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def _header(document: dict[str, Any], findings: list[dict[str, Any]]) -> str:
    tool = document.get("tool") or {}
    inputs = " ".join(f"<code>{esc(input_label(i))}</code>" for i in document.get("inputs") or [])
    badges = " ".join(
        f'<span class="badge lv-{lv}">{esc(plural(n, lv) if lv != "info" else f"{n} info")}</span>'
        for lv, n in count_levels(findings).items()
    )
    return (
        f"<header><h1>{esc(title_of(document))}</h1>"
        f'<p class="headline">{esc(headline(document))}</p>'
        f'<p class="meta">{badges}</p>'
        f'<p class="meta">{esc(tool.get("name", "docconform"))} {esc(tool.get("version", ""))}'
        f" · {esc(document.get('command', 'drift'))}"
        + (f" · inputs: {inputs}" if inputs else "")
        + "</p></header>"
    )


def _summary(
    document: dict[str, Any],
    groups: list[Group],
    findings: list[dict[str, Any]],
    anchors: dict[int, str],
    table: dict[str, RuleInfo],
) -> str:
    rules = rules_used(findings)
    head = "".join(
        f'<th class="n rule" title="{esc(table[r]["summary"])}">{esc(r)}</th>' for r in rules
    )
    rows = []
    for g in groups:
        cells = "".join(
            _count_cell([f for f in g.findings if f.get("rule") == r], anchors) for r in rules
        )
        doc = esc(g.doc_id or "")
        rows.append(
            f'<tr><td><a href="#{g.anchor}"><code>{_breakable(g.endpoint)}</code></a></td>'
            f"<td>{doc}</td>{cells}{_count_cell(list(g.findings), anchors)}</tr>"
        )
    totals = "".join(
        f'<td class="n">{sum(1 for f in findings if f.get("rule") == r)}</td>' for r in rules
    )
    filters = "".join(
        f'<label><input type="checkbox" id="show-{lv}" checked> {esc(lv)}</label>' for lv in LEVELS
    )
    legend = "".join(f"<dt>{esc(r)}</dt><dd>{esc(table[r]['summary'])}</dd>" for r in rules)
    endpoints = {(g.endpoint, g.doc_id or "") for g in groups}
    return (
        '<nav id="summary"><h2>Summary</h2>'
        '<div class="summary-wrap"><table class="summary">'
        f"<thead><tr><th>Endpoint</th><th>Doc id</th>{head}"
        f'<th class="n">Total</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><td colspan="2">Total</td>{totals}'
        f'<td class="n">{len(findings)}</td></tr></tfoot>'
        "</table></div>"
        f'<div class="filters">Show: {filters}</div>'
        f'<details class="legend"><summary>Rules</summary><dl>{legend}</dl></details>'
        f"{_clean_endpoints(document, endpoints)}</nav>"
    )


def _breakable(path: str) -> str:
    """Escaped, with break opportunities after each ``/`` so long paths wrap between segments."""
    return esc(path).replace("/", "/<wbr>")


def _count_cell(found: list[dict[str, Any]], anchors: dict[int, str]) -> str:
    """A count coloured by its worst level, linking to the first of those findings."""
    if not found:
        return '<td class="n"></td>'
    level = worst_level(found)
    return f'<td class="n lv-{level}"><a href="#{anchors[id(found[0])]}">{len(found)}</a></td>'


def _clean_endpoints(document: dict[str, Any], with_findings: set[tuple[str, str]]) -> str:
    listed = {endpoint_key(e) for e in document.get("endpoints") or []}
    clean = sorted(listed - with_findings, key=lambda k: (natural_key(k[0]), k[1]))
    if not clean:
        return ""
    items = "".join(
        f"<li><code>{esc(e)}</code>"
        + (f' <span class="docid">{esc(d)}</span>' if d else "")
        + "</li>"
        for e, d in clean
    )
    return (
        f'<details class="clean"><summary>{esc(plural(len(clean), "endpoint"))} without findings'
        f"</summary><ul>{items}</ul></details>"
    )


def _diagnostics(document: dict[str, Any]) -> str:
    """What extraction could only partly read: not findings, but a reason to distrust some."""
    items = diagnostics_of(document)
    if not items:
        return ""
    rows = "".join(
        f'<tr class="lv-{esc(str(d.get("level", "")).lower())}">'
        f"<td>{esc(d.get('level', ''))}</td><td><code>{esc(d.get('code', ''))}</code></td>"
        f"<td><code>{esc(location(d))}</code></td>"
        f"<td>{esc(d.get('message', ''))}</td></tr>"
        for d in items
    )
    return (
        '<section id="diagnostics" class="diagnostics"><details>'
        f"<summary>{esc(plural(len(items), 'extraction diagnostic'))}</summary>"
        '<table class="versions"><thead><tr><th>Level</th><th>Code</th><th>Where</th>'
        f"<th>Message</th></tr></thead><tbody>{rows}</tbody></table></details></section>"
    )
