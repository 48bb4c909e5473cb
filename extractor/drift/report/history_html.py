"""history.html: the history of a doc repository as one self-contained page, like drift.html.

It reads top down: counts (revisions, endpoints whose contract changed,
endpoints whose page only moved, flips); the changelog, one row per commit
with its contract changes; the filter bar (level, rule, commit, folder,
endpoint, search: the script of drift.html) and then, commit by commit,
each change as a card: the findings between the endpoint's two versions
(old and new value side by side, as the pages wrote them, with their
``rev:path:line`` and excerpt), and endpoints added, removed or moved.

Every string from the document is escaped once, through :func:`esc`. Not
responsible for the changelog itself (:mod:`..changelog`) nor for the
history document (:mod:`..history`).
"""

from __future__ import annotations

from typing import Any

from ..changelog import changelog
from ._common import finding_anchors, plural
from ._html_findings import FindingView, esc, render_finding
from ._meta import rule_table
from ._script import SCRIPT
from .html import filter_bar
from ._style import CSS
from ._triage import triage_order

__all__ = ["render_history_html"]

_EVENTS = {"added": "endpoint-added", "removed": "endpoint-removed", "moved": "page-moved"}


def render_history_html(document: dict[str, Any]) -> str:
    entries = changelog(document)
    cards, per_commit = _cards(entries)
    anchors = dict(zip((id(c) for c in cards), finding_anchors(cards)))
    labels = [e["commit"] for e in entries]
    view = FindingView(document, labels, rule_table({"findings": cards, "rules": []}))
    s = document["summary"]
    head = (f"{plural(s['revisions'], 'revision')}, {plural(s['endpoints'], 'endpoint')}: "
            f"{s['contract_changed_endpoints']} whose contract changed, {s['moved_only_endpoints']} whose "
            f"page only moved; {plural(s['findings'], 'finding')}, {plural(s['flips'], 'flip')}")
    specs = " ".join(document.get("pathspecs") or []) or "(all pages)"
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Documentation history: {esc(document.get('repo', ''))}</title>",
        f"<style>{CSS}</style></head>", '<body id="top">',
        f"<header><h1>Documentation history</h1><p class=\"headline\">{esc(head)}</p>"
        f"<p class=\"meta\">{esc(document.get('repo', ''))} at {esc(document.get('rev', ''))} -- "
        f"{esc(specs)}</p></header>",
        _changelog_table(entries, per_commit, anchors),
    ]
    if cards:
        parts.append(filter_bar(triage_order(cards), labels, "Commit"))
        for entry in reversed(entries):
            found = per_commit[entry["commit"]]
            if found:
                body = "\n".join(render_finding(c, anchors[id(c)], view) for c in triage_order(found))
                parts.append(f'<section class="cause" id="c-{esc(entry["commit"])}"><h3>'
                             f'{esc(entry["date"][:10])} <code>{esc(entry["commit"])}</code> '
                             f'{esc(entry["message"])}</h3>{body}</section>')
        parts.append(f"<script>{SCRIPT}</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _cards(entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Findings of every change, plus a card per added, removed or moved endpoint, per commit."""
    cards: list[dict[str, Any]] = []
    per_commit: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        found = per_commit.setdefault(entry["commit"], [])
        for item in entry["changes"] + entry["moved"]:
            c = item["change"]
            for f in c.get("findings") or []:
                found.append({**f, "endpoint": item["endpoint"], "doc_id": item.get("doc_id")})
            if c["kind"] in _EVENTS:
                found.append({"rule": _EVENTS[c["kind"]], "level": "info", "endpoint": item["endpoint"],
                              "doc_id": item.get("doc_id"), "pointer": "", "message": item["text"],
                              "fingerprint": f"{entry['commit']}-{c['kind']}-{c['source']}",
                              "sides": [{"source": c["source"], "line": c["line"], "label": c["kind"],
                                         "value": None, "text": c["kind"], "excerpt": ""}]})
        cards += found
    return cards, per_commit


def _changelog_table(entries: list[dict[str, Any]], per_commit: dict[str, list[dict[str, Any]]],
                     anchors: dict[int, str]) -> str:
    rows = []
    for e in reversed(entries):
        named = "; ".join(c["text"] for c in e["changes"][:3])
        more = f"; and {len(e['changes']) - 3} more" if len(e["changes"]) > 3 else ""
        link = f'<a href="#c-{esc(e["commit"])}">' if per_commit.get(e["commit"]) else "<a>"
        rows.append(f"<tr><td>{esc(e['date'][:10])}</td><td>{link}<code>{esc(e['commit'])}</code></a></td>"
                    f"<td>{esc(e['message'])}</td><td class=\"n\">{len(e['changes'])}</td>"
                    f"<td class=\"n\">{len(e['moved'])}</td><td>{esc(named + more)}</td></tr>")
    return ('<nav id="summary"><h2>Changelog</h2><div class="summary-wrap"><table class="summary">'
            "<thead><tr><th>Date</th><th>Commit</th><th>Message</th><th class=\"n\">Contract changes</th>"
            f"<th class=\"n\">Only moved</th><th>What changed</th></tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></div></nav>")
