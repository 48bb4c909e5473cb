"""drift.md: the drift report as GitHub-flavoured Markdown, for pull requests.

A reviewer reads it top down: one line of counts, a table of endpoints by
rule, then the findings of each endpoint with every version's value and its
``source:line`` side by side. Long endpoints fold into ``<details>`` so a
report with hundreds of findings still scans in a pull request.

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
    Group,
    ValueGroup,
    count_levels,
    empty_message,
    format_value,
    group_findings,
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

__all__ = [
    "md_code",
    "md_message",
    "md_text",
    "render_markdown",
]

#: Endpoints with more findings than this fold into <details>; so do all of
#: them once the whole report has more than FOLD_TOTAL findings.
FOLD_ENDPOINT = 5
FOLD_TOTAL = 30
#: An endpoint's list of versions folds when longer than this.
FOLD_VERSIONS = 10
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
    """The whole report as Markdown text, ending with one newline."""
    findings = document.get("findings") or []
    groups = group_findings(document)
    lines = [f"# {title_of(document)}", "", f"**{md_text(headline(document))}**", ""]
    lines += _provenance(document)
    if not findings:
        lines += [md_text(empty_message(document)), ""]
        lines += _diagnostics(document)
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += _summary(groups, findings, rule_table(document))
    fold = len(findings) > FOLD_TOTAL
    for group in groups:
        lines += _endpoint(group, fold or len(group.findings) > FOLD_ENDPOINT)
    lines += _diagnostics(document)
    return "\n".join(lines).rstrip("\n") + "\n"


def _provenance(document: dict[str, Any]) -> list[str]:
    tool = document.get("tool") or {}
    inputs = ", ".join(md_code(input_label(i), table=False) for i in document.get("inputs") or [])
    who = f"{tool.get('name', 'docconform')} {tool.get('version', '')}".strip()
    line = f"<sub>{md_text(who)} · {md_text(str(document.get('command', 'drift')))}"
    return [line + (f" · inputs: {inputs}" if inputs else "") + "</sub>", ""]


def _summary(
    groups: list[Group], findings: list[dict[str, Any]], table: dict[str, RuleInfo]
) -> list[str]:
    rules = rules_used(findings)
    head = ["Endpoint", *(md_code(r) for r in rules), "Total"]
    lines = ["## Summary", "", _row(head), _row(["---", *(["---:"] * (len(rules) + 1))])]
    for g in groups:
        per_rule = [sum(1 for f in g.findings if f.get("rule") == r) for r in rules]
        cells = [
            f"[{md_code(g.endpoint)}](#{g.anchor})",
            *(str(n) if n else "" for n in per_rule),
            f"**{len(g.findings)}**",
        ]
        lines.append(_row(cells))
    totals = [sum(1 for f in findings if f.get("rule") == r) for r in rules]
    lines.append(_row(["**Total**", *(f"**{n}**" for n in totals), f"**{len(findings)}**"]))
    legend = [f"- {md_code(r, table=False)}: {md_text(table[r]['summary'])}" for r in rules]
    return [*lines, "", *legend, ""]


def _endpoint(group: Group, fold: bool) -> list[str]:
    levels = count_levels(group.findings)
    counts = ", ".join(
        plural(n, lv) if lv != "info" else f"{n} info" for lv, n in levels.items() if n
    )
    doc = f" ({md_code(group.doc_id, table=False)})" if group.doc_id else ""
    lines = [
        f'<a id="{group.anchor}"></a>',
        "",
        f"## {md_code(group.endpoint, table=False)}{doc}",
        "",
    ]
    lines += _versions(group)
    body = [line for f in group.findings for line in _finding(f)]
    if not fold:
        return [*lines, *body]
    summary = f"{html.escape(plural(len(group.findings), 'finding'))}: {html.escape(counts)}"
    return [*lines, "<details>", f"<summary>{summary}</summary>", "", *body, "</details>", ""]


def _versions(group: Group) -> list[str]:
    lines = []
    for v in group.versions:
        bits = [str(v.get(k)) for k in ("format", "lang") if v.get(k)]
        meta = f" ({md_text(', '.join(bits))})" if bits else ""
        title = f" {md_text(str(v['title']))}" if v.get("title") else ""
        lines.append(f"- {md_code(location(v), table=False)}{meta}{title}")
    if not lines:
        return []
    head = f"{plural(len(lines), 'version')} compared"
    if len(lines) <= FOLD_VERSIONS:
        return [f"{head}:", "", *lines, ""]
    return ["<details>", f"<summary>{head}</summary>", "", *lines, "", "</details>", ""]


def _finding(f: dict[str, Any]) -> list[str]:
    level = level_of(f)
    head = f"{_ICONS[level]} **{level}** · {md_code(str(f.get('rule', '')), table=False)}"
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
            cells = [md_text(side_label(s, i)), _value(s.get("value")), md_code(location(s))]
            lines.append(_row(cells))
    return [*lines, ""] if sides else lines


def _value(value: Any) -> str:
    return "*not stated*" if value is None else md_code(format_value(value), limit=MAX_VALUE)


def _group_row(group: ValueGroup) -> str:
    """One distinct value: how many versions and which, then where (the first few)."""
    labels = ", ".join(dict.fromkeys(side_label(s, i) for i, s in group.sides))
    where = "<br>".join(md_code(location(s)) for _, s in group.sides[:SHOW_LOCATIONS])
    rest = len(group.sides) - SHOW_LOCATIONS
    if rest > 0:
        where += f"<br>and {rest} more"
    return _row([_value(group.value), md_text(f"{len(group.sides)}: {labels}"), where])


def _diagnostics(document: dict[str, Any]) -> list[str]:
    items = diagnostics_of(document)
    if not items:
        return []
    rows = [
        _row(
            [
                md_text(str(d.get("level", ""))),
                md_code(str(d.get("code", ""))),
                md_code(location(d)),
                md_text(str(d.get("message", ""))),
            ]
        )
        for d in items[:MAX_DIAGNOSTICS]
    ]
    more = len(items) - MAX_DIAGNOSTICS
    tail = [f"and {more} more in drift.json", ""] if more > 0 else []
    summary = html.escape(plural(len(items), "extraction diagnostic"))
    head = [_row(["Level", "Code", "Where", "Message"]), _row(["---"] * 4)]
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
