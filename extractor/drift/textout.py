"""Findings as terminal text: one ``path:line: level: message [rule]`` line each.

The first line of a finding is in the form editors and CI logs jump to (the
first side's location); the other sides follow indented, with their label
and excerpt, so every source involved is visible without opening a report.
Revision findings add whom they break. This is the console view only; the
report views are rendered from the document by :mod:`.report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .findings import Finding

__all__ = ["render_text", "summary_line"]


def render_text(findings: Sequence[Finding]) -> str:
    """All findings, grouped under their endpoint, in report order."""
    lines: list[str] = []
    endpoint = None
    for f in findings:
        if f.endpoint != endpoint:
            endpoint = f.endpoint
            lines.append(f"{f.endpoint}" + (f" ({f.doc_id})" if f.doc_id else ""))
        # the place to jump to: the first side that documents something
        first = next((s for s in f.sides if s.value is not None and s.line > 0), f.sides[0] if f.sides else None)
        where = f"{first.location}: " if first is not None else ""
        breaks = f" [breaks {f.breaks}]" if f.breaks and f.breaks != "none" else ""
        lines.append(f"  {where}{f.level}: {f.message} [{f.rule}]{breaks}")
        for s in f.sides:
            label = f"{s.label}: " if s.label else ""
            text = s.excerpt or ("(not documented)" if s.value is None else "")
            lines.append(f"      {label}{s.location}  {text}".rstrip())
    return "\n".join(lines) + ("\n" if lines else "")


def summary_line(document: dict[str, Any]) -> str:
    """``3 endpoints from 6 pages; 12 findings: 6 errors, ...`` for stderr."""
    summary = document["summary"]
    levels = summary["by_level"]
    pages = sum(int(i.get("pages", 0)) for i in document["inputs"])
    text = (f"{len(document['endpoints'])} endpoints from {pages} pages; {summary['findings']} findings: "
            f"{levels['error']} errors, {levels['warning']} warnings, {levels['info']} info")
    if "by_breaks" in summary:
        b = summary["by_breaks"]
        text += f" (breaking clients: {b['client'] + b['both']}, servers: {b['server'] + b['both']})"
    if document.get("baselined"):
        text += f"; {document['baselined']} baselined"
    return text
