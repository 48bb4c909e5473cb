"""drift.html: the drift report as one self-contained page for triage.

The page holds everything (inline CSS and script, no external resource) so
it can be attached to a build, mailed or opened from disk. It reads top
down: counts; a summary that starts with the contradictions between
versions (the findings a doc team fixes first), then the counts by rule;
the filter bar (level, rule, version set, folder, endpoint, and a search
box, all client-side; the counts follow the filters); the findings ordered
by level, then rule; then the findings that only follow from an extraction
problem, grouped under that problem; the endpoints without findings and the
extraction diagnostics. Without script every finding is shown.

Every string from the document is HTML-escaped exactly once, here, through
:func:`esc`: values and excerpts come from vendor pages and may hold markup.
Ids are built from hashes (:mod:`._common`), never from page text.

Not responsible for the data (the drift command builds the document), for
the stylesheet (:mod:`._style`), the script (:mod:`._script`) or the other
views.
"""

from __future__ import annotations

from typing import Any

from ._common import (
    LEVELS,
    count_levels,
    empty_message,
    endpoint_key,
    finding_anchors,
    headline,
    location,
    natural_key,
    plural,
    title_of,
)
from ._html_findings import FindingView, esc, render_finding, with_code as _with_code
from ._meta import RuleInfo, diagnostics_of, input_label, rule_table
from ._script import SCRIPT
from ._style import CSS
from ._triage import (
    cause_of,
    folders_of,
    is_contradiction,
    sets_of,
    triage_order,
    version_sets,
)

__all__ = ["esc", "render_html"]

#: Contradictions listed by name at the top of the summary (all are in the findings).
TOP_CONTRADICTIONS = 25


def render_html(document: dict[str, Any]) -> str:
    """The whole report as one HTML5 page (text; encode it as UTF-8)."""
    findings = document.get("findings") or []
    anchors = dict(zip((id(f) for f in findings), finding_anchors(findings)))
    ordered = triage_order(findings)
    rules = rule_table(document)
    sets = version_sets(document)
    view = FindingView(document, sets, rules)
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
    if findings:
        main = [f for f in ordered if cause_of(f) is None]
        explained = [f for f in ordered if cause_of(f) is not None]
        parts.append(_summary(ordered, anchors, rules))
        parts.append(filter_bar(ordered, sets))
        cards = "\n".join(render_finding(f, anchors[id(f)], view) for f in main)
        parts.append(f'<section id="findings"><h2>Findings</h2>\n{cards}</section>')
        parts.append(_explained(explained, anchors, view))
        with_findings = {endpoint_key(f) for f in findings}
    else:
        parts.append(f'<p class="empty">{esc(empty_message(document))}</p>')
        with_findings = set()
    parts.append(_clean_endpoints(document, with_findings))
    parts.append(_diagnostics(document))
    tool = document.get("tool") or {}
    parts.append(
        f"<footer>{esc(tool.get('name', 'docconform'))} {esc(tool.get('version', ''))}"
        f" · report format {esc(document.get('version', ''))}</footer>"
    )
    if findings:
        parts.append(f"<script>{SCRIPT}</script>")
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


def _summary(ordered: list[dict[str, Any]], anchors: dict[int, str], table: dict[str, RuleInfo]) -> str:
    contradictions = [f for f in ordered if is_contradiction(f) and cause_of(f) is None]
    return (
        '<nav id="summary"><h2>Summary</h2>'
        f"{_contradictions(contradictions, anchors)}"
        f"{_rule_counts(ordered, table)}</nav>"
    )


def _contradictions(found: list[dict[str, Any]], anchors: dict[int, str]) -> str:
    head = (f'<h3>Contradictions between versions: {len(found)}</h3>'
            '<p class="meta">Versions that state different things about the same element '
            "(type, required-ness, allowed values, defaults, bounds, status codes, a name's spelling).</p>")
    if not found:
        return head + '<p class="meta">None: where versions document the same element, they agree.</p>'
    by_rule: dict[str, int] = {}
    for f in found:
        by_rule[str(f.get("rule", ""))] = by_rule.get(str(f.get("rule", "")), 0) + 1
    counts = " · ".join(
        f'<a href="#findings" data-filter-rule="{esc(r)}"><code>{esc(r)}</code> {n}</a>'
        for r, n in sorted(by_rule.items())
    )
    items = "".join(
        f'<li><span class="badge lv-{esc(f.get("level", ""))}">{esc(f.get("level", ""))}</span> '
        f'<a href="#{anchors[id(f)]}"><code>{esc(f.get("endpoint", ""))}</code></a> '
        f"{_with_code(str(f.get('message', '')))}</li>"
        for f in found[:TOP_CONTRADICTIONS]
    )
    more = (f'<p class="meta">and {len(found) - TOP_CONTRADICTIONS} more below.</p>'
            if len(found) > TOP_CONTRADICTIONS else "")
    return f'{head}<p>{counts}</p><ol class="top">{items}</ol>{more}'


def _rule_counts(ordered: list[dict[str, Any]], table: dict[str, RuleInfo]) -> str:
    counts: dict[str, int] = {}
    for f in ordered:
        counts[str(f.get("rule", ""))] = counts.get(str(f.get("rule", "")), 0) + 1
    rows = "".join(
        f'<tr><td><a href="#findings" data-filter-rule="{esc(r)}"><code>{esc(r)}</code></a></td>'
        f'<td class="lv-{esc(table[r]["level"])}">{esc(table[r]["level"])}</td>'
        f'<td>{esc(table[r]["summary"])}</td><td class="n">{n}</td>'
        f'<td class="n" data-count-rule="{esc(r)}">{n}</td></tr>'
        for r, n in sorted(counts.items())
    )
    return (
        '<h3>By rule</h3><div class="summary-wrap"><table class="summary rules">'
        '<thead><tr><th>Rule</th><th>Level</th><th>What it catches</th><th class="n">Findings</th>'
        f'<th class="n">Shown</th></tr></thead><tbody>{rows}</tbody>'
        f'<tfoot><tr><td colspan="3">Total</td><td class="n">{len(ordered)}</td>'
        f'<td class="n" data-count-all>{len(ordered)}</td></tr></tfoot></table></div>'
    )


def filter_bar(ordered: list[dict[str, Any]], sets: list[str], set_label: str = "Version set") -> str:
    """The filter form the script drives; ``set_label`` names what ``data-sets`` holds."""
    levels = count_levels(ordered)
    boxes = "".join(
        f'<label><input type="checkbox" class="f-level" id="show-{lv}" value="{lv}" checked> {esc(lv)} '
        f'(<span data-count-level="{lv}">{levels[lv]}</span>)</label>'
        for lv in LEVELS
    )
    rule_names = sorted({str(f.get("rule", "")) for f in ordered})
    rule_counts = {r: sum(1 for f in ordered if f.get("rule") == r) for r in rule_names}
    set_names = sorted({s for f in ordered for s in sets_of(f, sets)})
    folders = sorted({d for f in ordered for d in folders_of(f, sets)}, key=natural_key)
    endpoints = sorted({(str(f.get("endpoint", "")), str(f.get("doc_id") or "")) for f in ordered},
                       key=lambda e: (natural_key(e[0]), e[1]))
    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        f'<div class="row">{boxes}</div><div class="row">'
        + _select("f-rule", "Rule", [(r, f"{r} ({rule_counts[r]})") for r in rule_names])
        + _select("f-set", set_label, [(s, s) for s in set_names])
        + _select("f-folder", "Folder", [(d, d) for d in folders])
        + _select("f-endpoint", "Endpoint", [(f"{e} ({d})" if d else e, f"{e} ({d})" if d else e)
                                             for e, d in endpoints])
        + '</div><div class="row"><label>Search <input type="search" id="f-search" '
        'placeholder="field, value, page, message…" size="40"></label> '
        '<button type="button" id="f-reset">Show all</button> '
        f'<span class="shown">Showing <strong data-count-all>{len(ordered)}</strong> of {len(ordered)}'
        " findings</span></div></form>"
    )


def _select(ident: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
    return (f'<label>{esc(label)} <select id="{ident}"><option value="">all ({len(options)})</option>'
            f"{items}</select></label>")


def _explained(found: list[dict[str, Any]], anchors: dict[int, str], view: FindingView) -> str:
    """Findings that follow from an extraction problem, each group under its diagnostic."""
    if not found:
        return ""
    groups: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    causes: dict[tuple[str, int, str], dict[str, Any]] = {}
    for f in found:
        cause = cause_of(f) or {}
        key = (str(cause.get("source", "")), int(cause.get("line") or 0), str(cause.get("code", "")))
        groups.setdefault(key, []).append(f)
        causes.setdefault(key, cause)
    sections = []
    for key in sorted(groups):
        cause = causes[key]
        cards = "\n".join(render_finding(f, anchors[id(f)], view) for f in groups[key])
        sections.append(
            f'<section class="cause"><h3><code>{esc(cause.get("code", ""))}</code> at '
            f'<code>{esc(location(cause))}</code>: {esc(plural(len(groups[key]), "finding"))} follow</h3>'
            f'<p class="meta">{esc(cause.get("message", ""))}</p>{cards}</section>'
        )
    return (
        '<section id="explained" class="explained"><h2>Findings explained by extraction problems: '
        f'{len(found)}</h2><p class="meta">A part of a page could not be read, so what it holds looks '
        "missing from that version. Fix the page (or the extractor), not the other versions.</p>"
        + "\n".join(sections) + "</section>"
    )


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
