"""The per-commit changelog of a history: what each commit did to the API contract.

A doc team reads history commit by commit ("2025-07-08 abc123: 3 contract
changes: ..."), not endpoint by endpoint. A *contract change* is an endpoint
added, removed, or changed in what it promises (a finding between its two
versions, or a new method and path); a page that was only moved or renamed
changes no contract and is counted apart. Built from the history document
(:func:`.history.history_to_json`) alone, so it is a pure function of it.

Not responsible for walking commits (:mod:`.history`) nor for rendering the
changelog in HTML (:mod:`.report.history_html`).
"""

from __future__ import annotations

from typing import Any

from .report._common import format_value, plural

__all__ = ["changelog", "changelog_lines", "contract_change", "render_changelog_markdown", "show_value"]

#: Items named on a commit's one-line entry; the rest follow on their own lines.
INLINE_ITEMS = 3


def contract_change(change: dict[str, Any]) -> bool:
    """Whether a change touches the contract (not a page that only moved)."""
    if change["kind"] in ("added", "removed"):
        return True
    return change["kind"] == "changed" and bool(change.get("findings") or change.get("endpoint_from"))


def changelog(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per revision, oldest first: its contract changes and its moved pages."""
    entries = {r["commit"]: {**{k: r[k] for k in ("commit", "sha", "date", "message")},
                             "changes": [], "moved": []} for r in document.get("revisions") or []}
    for e in document.get("endpoints") or []:
        for c in e["changes"]:
            entry = entries.get(c["commit"])
            if entry is None:
                continue
            item = {"endpoint": e["endpoint"], "doc_id": e.get("doc_id"), "kind": c["kind"],
                    "text": _item_text(e["endpoint"], c), "change": c}
            (entry["changes"] if contract_change(c) else entry["moved"]).append(item)
    return list(entries.values())


def _item_text(endpoint: str, c: dict[str, Any]) -> str:
    if c["kind"] == "added":
        return f"{endpoint} added"
    if c["kind"] == "removed":
        return f"{endpoint} removed"
    if c["kind"] == "moved":
        return f"{endpoint}: page moved from {c.get('moved_from')}"
    parts = [f"was {c['endpoint_from']}"] if c.get("endpoint_from") else []
    parts += [_finding_text(f) for f in c.get("findings") or []]
    return f"{endpoint}: {'; '.join(parts)}"


def _finding_text(f: dict[str, Any]) -> str:
    """``is_success String -> Boolean`` or the message when the values say nothing."""
    name = (f.get("pointer") or "/").rstrip("/").rsplit("/", 1)[-1] or "endpoint"
    sides = f.get("sides") or []
    if len(sides) >= 2 and f.get("rule") != "param-missing":
        return f"{name} {show_value(sides[0])} -> {show_value(sides[-1])}"
    return str(f.get("message", ""))


def show_value(side: dict[str, Any]) -> str:
    """A side's value as the page wrote it (``text``), else its JSON value."""
    text = side.get("text")
    if isinstance(text, str) and text:
        return text
    value = side.get("value")
    if isinstance(value, dict) and set(value) == {"raw", "type"}:
        return str(value["raw"] or value["type"])
    return "not stated" if value is None else format_value(value)


def _headline(entry: dict[str, Any]) -> str:
    changes, moved = entry["changes"], entry["moved"]
    head = f"{entry['date'][:10]} {entry['commit']}: {plural(len(changes), 'contract change')}"
    if changes:
        kinds = {k: sum(1 for c in changes if c["kind"] == k) for k in ("added", "removed", "changed")}
        named = [c["text"] for c in changes[:INLINE_ITEMS]]
        more = f"; and {len(changes) - INLINE_ITEMS} more" if len(changes) > INLINE_ITEMS else ""
        counts = ", ".join(f"{n} {k}" for k, n in kinds.items() if n)
        head += f" ({counts}): {'; '.join(named)}{more}"
    if moved:
        head += f" [{plural(len(moved), 'page')} only moved]"
    return head


def changelog_lines(document: dict[str, Any]) -> list[str]:
    """The changelog as terminal text: one headline per commit, then every change indented."""
    lines = []
    for entry in changelog(document):
        lines.append(f"{_headline(entry)}  ({entry['message']})")
        if len(entry["changes"]) > INLINE_ITEMS:
            lines += [f"    {c['text']}" for c in entry["changes"]]
    return lines


def render_changelog_markdown(document: dict[str, Any]) -> str:
    """changelog.md: a section per commit, newest first, each change a list item."""
    from .report.markdown import md_code, md_text

    s = document["summary"]
    lines = ["# API changelog", "",
             md_text(f"{plural(s['revisions'], 'revision')}; {plural(s['contract_changed_endpoints'], 'endpoint')} "
                     f"whose contract changed, {s['moved_only_endpoints']} whose page only moved."), ""]
    for entry in reversed(changelog(document)):
        lines += [f"## {md_text(entry['date'][:10])} {md_code(entry['commit'], table=False)}: "
                  f"{md_text(plural(len(entry['changes']), 'contract change'))}", "", md_text(entry["message"]), ""]
        lines += [f"- {md_text(c['text'])}" for c in entry["changes"]]
        if entry["moved"]:
            lines.append(f"- {md_text(plural(len(entry['moved']), 'page'))} only moved")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
