"""drift.md: a pull-request summary of the drift report, under 60,000 characters whatever the run.

A pull-request comment holds 65,536 characters, and a reviewer reads the
top of it: the counts by rule, the contradictions between versions (the
findings a doc team fixes first), then the other top findings in triage
order (level, then rule), each with every version's value as the page wrote
it and its ``source:line``, then which version set lacks how many
endpoints, and a pointer to the full lists (drift.html with filters and
search, drift.json, drift.sarif). However large the run, the summary is
cut to fit: fewer top findings first, then fewer diagnostics.

Values come from vendor pages, so every piece of page text is escaped: in
table cells ``|`` is escaped and code spans get a fence longer than any run of
backticks inside; in HTML (``<summary>``) it is entity-escaped; in prose the inline markup
characters and a leading block marker are backslash-escaped.

Not responsible for the data (the document is built by the drift command) or
for the HTML and SARIF views.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ._common import (
    ValueGroup,
    empty_message,
    headline,
    level_of,
    location,
    message_parts,
    plural,
    rules_used,
    shorten,
    side_label,
    title_of,
    value_groups,
)
from ._meta import RuleInfo, diagnostics_of, input_label, rule_table
from ._triage import cause_of, is_contradiction, side_text, triage_order

__all__ = [
    "md_code",
    "md_message",
    "md_text",
    "render_markdown",
]

#: drift.md never exceeds this many characters (a GitHub comment holds 65,536).
MAX_CHARS = 60_000
#: Top findings listed before the budget cuts them down.
TOP_FINDINGS = 40
#: Findings with more sides than this show one row per distinct value,
#: with the first SHOW_LOCATIONS places of each.
GROUP_OVER = 4
SHOW_LOCATIONS = 3
#: Messages longer than this are cut (drift.html and drift.json keep them whole).
MAX_MESSAGE = 300
#: Extraction diagnostics listed in full (the rest are counted).
MAX_DIAGNOSTICS = 50
#: Values longer than this are cut in the Markdown view (the HTML view keeps them whole).
MAX_VALUE = 160

_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(\d*)(?=[#+=-]|(?<=\d)[.)])")
_WS = re.compile(r"\s+")


def md_text(text: str) -> str:
    """Plain text safe in Markdown prose and table cells: nothing in it formats or links."""
    return _BLOCK_START.sub(r"\1\\", _inline(text.strip()), count=1)


def _inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _WS.sub(" ", text).replace("&", "&amp;"))


def md_message(message: str, limit: int | None = None) -> str:
    """A finding's message: its backtick-quoted names as code, the rest as plain text."""
    text = shorten(message, limit) if limit else " ".join(message.split())
    out = "".join(
        md_code(part, table=False) if code else _inline(part) for code, part in message_parts(text)
    )
    return _BLOCK_START.sub(r"\1\\", out, count=1)


def md_code(text: str, *, table: bool = True, limit: int | None = None) -> str:
    """``text`` as one code span; ``table`` escapes ``|`` as GFM table cells require."""
    text = _WS.sub(" ", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "*(empty)*"
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def render_markdown(document: dict[str, Any]) -> str:
    """The pull-request summary as Markdown text, ending with one newline, under MAX_CHARS."""
    top, diagnostics = TOP_FINDINGS, MAX_DIAGNOSTICS
    while True:
        text = _render(document, top, diagnostics)
        if len(text) <= MAX_CHARS or (top == 0 and diagnostics == 0):
            return text if len(text) <= MAX_CHARS else _cut(text)
        if top:
            top //= 2
        else:
            diagnostics //= 2


def _cut(text: str) -> str:
    """The last resort for a document no budget fits (thousands of rules or inputs)."""
    note = "\n\n… cut to fit a pull-request comment; the full report is in drift.html and drift.json.\n"
    return text[: MAX_CHARS - len(note)].rsplit("\n", 1)[0] + note


def _render(document: dict[str, Any], top: int, max_diagnostics: int) -> str:
    findings = document.get("findings") or []
    lines = [f"# {title_of(document)}", "", f"**{md_text(headline(document))}**", ""]
    lines += _provenance(document)
    if not findings:
        lines += [md_text(empty_message(document)), ""]
        lines += _diagnostics(document, max_diagnostics)
        return "\n".join(lines).rstrip("\n") + "\n"
    ordered = triage_order(findings)
    actionable = [f for f in ordered if cause_of(f) is None]
    contradictions = [f for f in actionable if is_contradiction(f)]
    others = [f for f in actionable if not is_contradiction(f) and f.get("rule") != "endpoint-missing"]
    lines += _counts(ordered, rule_table(document))
    lines += _section("Contradictions between versions", contradictions, top)
    lines += _section("Other findings", others, max(top - len(contradictions), 0) if contradictions else top)
    lines += _missing_endpoints(actionable)
    explained = len(ordered) - len(actionable)
    if explained:
        lines += [f"{plural(explained, 'finding')} follow from extraction problems (a table a page "
                  "lost, a row whose table was not found): listed under their diagnostic in drift.html.", ""]
    lines += [f"**Full report:** `drift.html` (filters by level, rule, version set, folder and endpoint, "
              f"and search), `drift.json` and `drift.sarif`: {plural(len(ordered), 'finding')}.", ""]
    lines += _diagnostics(document, max_diagnostics)
    return "\n".join(lines).rstrip("\n") + "\n"


def _counts(ordered: list[dict[str, Any]], table: dict[str, RuleInfo]) -> list[str]:
    rules = rules_used(ordered)
    lines = ["## Counts by rule", "", _row(["Rule", "Level", "Findings", "Explained by extraction"]),
             _row(["---", "---", "---:", "---:"])]
    for r in rules:
        found = [f for f in ordered if f.get("rule") == r]
        explained = sum(1 for f in found if cause_of(f) is not None)
        lines.append(_row([md_code(r), md_text(table[r]["level"] or "—"), str(len(found)),
                           str(explained) if explained else ""]))
    lines.append(_row(["**Total**", "", f"**{len(ordered)}**", ""]))
    legend = [f"- {md_code(r, table=False)}: {md_text(table[r]['summary'])}" for r in rules]
    return [*lines, "", *legend, ""]


def _section(title: str, found: list[dict[str, Any]], top: int) -> list[str]:
    if not found:
        return []
    lines = [f"## {title} ({len(found)})", ""]
    for f in found[:top]:
        lines += _finding(f)
    rest = len(found) - min(top, len(found))
    if rest:
        lines += [f"and {plural(rest, 'more finding')} in drift.html and drift.json.", ""]
    return lines


def _missing_endpoints(actionable: list[dict[str, Any]]) -> list[str]:
    """How many endpoints each version set lacks (endpoint-missing), by set."""
    counts: dict[str, int] = {}
    for f in actionable:
        if f.get("rule") != "endpoint-missing":
            continue
        extra = f.get("extra") if isinstance(f.get("extra"), dict) else {}
        lacking = extra.get("missing_from") or [s.get("source") for s in f.get("sides") or [] if not s.get("line")]
        for name in lacking:
            counts[str(name)] = counts.get(str(name), 0) + 1
    if not counts:
        return []
    rows = [_row([md_code(name), str(n)]) for name, n in sorted(counts.items())]
    return ["## Endpoints missing from a version set", "",
            _row(["Missing from", "Endpoints"]), _row(["---", "---:"]), *rows, ""]


def _provenance(document: dict[str, Any]) -> list[str]:
    tool = document.get("tool") or {}
    inputs = ", ".join(md_code(input_label(i), table=False) for i in document.get("inputs") or [])
    who = f"{tool.get('name', 'docconform')} {tool.get('version', '')}".strip()
    line = f"<sub>{md_text(who)} · {md_text(str(document.get('command', 'drift')))}"
    return [line + (f" · inputs: {inputs}" if inputs else "") + "</sub>", ""]


def _finding(f: dict[str, Any]) -> list[str]:
    level = level_of(f)
    head = f"{_ICONS[level]} **{level}** · {md_code(str(f.get('rule', '')), table=False)}"
    head += f" · {md_code(str(f.get('endpoint', '')), table=False)}"
    head += f" · {md_code(str(f.get('pointer') or '/'), table=False)}"
    if f.get("breaks"):
        head += f" · breaks {md_text(str(f['breaks']))}"
    lines = [f"#### {head}", "", md_message(str(f.get("message", "")), MAX_MESSAGE), ""]
    sides = f.get("sides") or []
    groups = value_groups(sides)
    if len(sides) > GROUP_OVER and len(groups) < len(sides):
        lines += [_row(["Value", "Versions", "Where"]), _row(["---"] * 3), *map(_group_row, groups)]
    elif sides:
        lines += [_row(["Version", "Value", "Location"]), _row(["---"] * 3)]
        for i, s in enumerate(sides):
            cells = [md_text(side_label(s, i)), _value(s), md_code(location(s))]
            lines.append(_row(cells))
    return [*lines, ""] if sides else lines


def _value(side: dict[str, Any]) -> str:
    text = side_text(side)
    return md_code(text, limit=MAX_VALUE) if text else "*not stated*"


def _group_row(group: ValueGroup) -> str:
    """One distinct value: how many versions and which, then where (the first few)."""
    labels = ", ".join(dict.fromkeys(side_label(s, i) for i, s in group.sides))
    where = "<br>".join(md_code(location(s)) for _, s in group.sides[:SHOW_LOCATIONS])
    rest = len(group.sides) - SHOW_LOCATIONS
    if rest > 0:
        where += f"<br>and {rest} more"
    return _row([_value(group.sides[0][1]), md_text(f"{len(group.sides)}: {labels}"), where])


def _diagnostics(document: dict[str, Any], limit: int = MAX_DIAGNOSTICS) -> list[str]:
    items = diagnostics_of(document)
    if not items:
        return []
    rows = [
        _row(
            [
                md_text(str(d.get("level", ""))),
                md_code(str(d.get("code", ""))),
                md_code(location(d)),
                md_text(shorten(str(d.get("message", "")), MAX_MESSAGE)),
            ]
        )
        for d in items[:limit]
    ]
    more = len(items) - min(limit, len(items))
    tail = [f"and {more} more in drift.json", ""] if more > 0 else []
    summary = html.escape(plural(len(items), "extraction diagnostic"))
    head = [_row(["Level", "Code", "Where", "Message"]), _row(["---"] * 4)] if rows else []
    return [
        "<details>",
        f"<summary>{summary}</summary>",
        "",
        *head,
        *rows,
        "",
        *tail,
        "</details>",
        "",
    ]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
