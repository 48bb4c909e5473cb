"""The report document: the one JSON value every report view is rendered from.

``drift.json`` is the machine contract (its ``version`` is
:data:`~.findings.REPORT_VERSION`); the md, html and sarif views are made
from this value alone, never from the run. It says what was read
(``inputs``), which endpoints were aligned from which versions
(``endpoints``), the counts (``summary``), the findings in report order,
how many findings a baseline silenced, the catalogue of rules, and the
extraction diagnostics that are not findings.

Everything in it is deterministic: sources as the user gave them (relative
paths), no dates, sorted lists. Not responsible for computing findings
(:mod:`.engine`) nor for writing files (the command does, atomically).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from ..diagnostics import Diagnostic, Level
from .align import Group
from .findings import REPORT_VERSION, Finding, finding_to_json
from .catalogue import RULES

__all__ = ["build_document", "tool_info"]


def tool_info() -> dict[str, str]:
    try:
        version = metadata.version("docconform")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "0"
    return {"name": "docconform", "version": version}


def build_document(*, command: str, inputs: Sequence[dict[str, Any]], groups: Sequence[Group],
                   findings: Sequence[Finding], baselined: int = 0,
                   diagnostics: Sequence[Diagnostic] = (), only_changed: bool = False,
                   source_url: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report document. ``only_changed`` lists only endpoints with findings (diff);
    ``source_url`` (:func:`.links.source_url_spec`) makes the views link locations."""
    with_findings = {f.endpoint for f in findings}
    endpoints = [_endpoint(g) for g in groups if not only_changed or g.endpoint in with_findings]
    document: dict[str, Any] = {
        "version": REPORT_VERSION,
        "tool": tool_info(),
        "command": command,
        "inputs": list(inputs),
        "endpoints": sorted(endpoints, key=lambda e: (e["endpoint"], e["doc_id"] or "", e["versions"][0]["source"])),
        "summary": _summary(findings),
        "findings": [finding_to_json(f) for f in findings],
        "baselined": baselined,
        "rules": [
            {"id": r.id, "level": str(r.level), "scope": r.scope, "summary": r.summary,
             "description": _dedent(r.doc)}
            for r in sorted(RULES.values(), key=lambda r: r.id)
        ],
        "diagnostics": [d.to_json() for d in sorted(set(diagnostics)) if d.code not in RULES],
    }
    if source_url:
        document["source_url"] = source_url
    return document


def _endpoint(g: Group) -> dict[str, Any]:
    return {
        "endpoint": g.endpoint,
        "doc_id": g.doc_id,
        "versions": [
            {"source": v.source, "line": v.endpoint.span.line, "format": v.endpoint.format,
             "lang": v.endpoint.lang, "title": v.endpoint.title}
            for v in g.versions
        ],
    }


def _summary(findings: Sequence[Finding]) -> dict[str, Any]:
    by_rule = Counter(f.rule for f in findings)
    by_level = Counter(str(f.level) for f in findings)
    summary: dict[str, Any] = {
        "findings": len(findings),
        "by_level": {str(level): by_level.get(str(level), 0) for level in sorted(Level, reverse=True)},
        "by_rule": {rule_id: by_rule[rule_id] for rule_id in sorted(by_rule)},
        "by_endpoint": dict(sorted(Counter(f.endpoint for f in findings).items())),
    }
    breaks = Counter(f.breaks for f in findings if f.breaks)
    if breaks:
        summary["by_breaks"] = {who: breaks.get(who, 0) for who in ("client", "server", "both", "none")}
    return summary


def _dedent(doc: str) -> str:
    lines = doc.strip("\n").splitlines()
    indent = min((len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()), default=0)
    return "\n".join([lines[0].strip()] + [x[indent:] for x in lines[1:]]).strip() if lines else ""
