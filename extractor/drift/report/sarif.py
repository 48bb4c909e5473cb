"""drift.sarif: the drift report as SARIF 2.1.0, for code-scanning tools.

One run; the driver lists one rule descriptor per rule id that occurs, and
each result points at the first version's page and line, with the other
versions as related locations whose messages carry what each version says.
``partialFingerprints`` reuses the finding's fingerprint (independent of line
numbers), so code-scanning services match a result across runs the way a
baseline does.

Source paths are written as given: a relative path becomes a relative URI
reference against ``SRCROOT`` (percent-encoded, ``/`` separators), an
absolute one a ``file:`` URI. The output validates against the SARIF 2.1.0
JSON schema (tests/data/sarif-schema-2.1.0.json).

Not responsible for the data or for the other views.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from ._common import format_value, level_of, location, rules_used, side_label
from ._meta import RuleInfo, diagnostics_of, rule_table

__all__ = ["FINGERPRINT_KEY", "SARIF_SCHEMA", "render_sarif", "source_uri"]

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: partialFingerprints key; bump the suffix if the fingerprint recipe changes.
FINGERPRINT_KEY = "docconform/v1"

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SEVERITY = {"note": 0, "warning": 1, "error": 2}


def render_sarif(document: dict[str, Any]) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict, keys in a fixed order."""
    findings = document.get("findings") or []
    rules = rules_used(findings)
    index = {r: i for i, r in enumerate(rules)}
    tool = document.get("tool") or {}
    driver: dict[str, Any] = {"name": str(tool.get("name") or "docconform")}
    if tool.get("version"):
        driver["version"] = str(tool["version"])
    table = rule_table(document)
    driver["rules"] = [_descriptor(r, table[r], findings) for r in rules]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [_invocation(document)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in findings],
        "properties": {
            "command": str(document.get("command", "drift")),
            "inputs": _canonical(list(document.get("inputs") or [])),
            "baselined": int(document.get("baselined") or 0),
            "reportVersion": document.get("version"),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: str, info: RuleInfo, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The catalogue's level is the default; without one, the most severe level reported."""
    if info["level"]:
        default = _SARIF_LEVEL[info["level"]]
    else:
        levels = {_SARIF_LEVEL[level_of(f)] for f in findings if f.get("rule") == rule}
        default = max(levels, key=_SEVERITY.__getitem__) if levels else "warning"
    out: dict[str, Any] = {
        "id": rule,
        "name": "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", rule) if w) or rule,
        "shortDescription": {"text": info["summary"] or rule},
    }
    if info["description"] and info["description"] != info["summary"]:
        out["fullDescription"] = {"text": info["description"]}
    out["defaultConfiguration"] = {"level": default}
    return out


def _invocation(document: dict[str, Any]) -> dict[str, Any]:
    """The run itself succeeded; pages it could only partly read are its notifications."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    notes = []
    for d in diagnostics_of(document):
        note: dict[str, Any] = {
            "descriptor": {"id": str(d.get("code") or "diagnostic")},
            "level": _SARIF_LEVEL.get(str(d.get("level", "")).lower(), "warning"),
            "message": {"text": str(d.get("message") or d.get("code") or "")},
        }
        if d.get("source"):
            note["locations"] = [{"physicalLocation": _physical(d)}]
        notes.append(note)
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _result(f: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    rule = str(f.get("rule", ""))
    sides = f.get("sides") or []
    result: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": index[rule],
        "level": _SARIF_LEVEL[level_of(f)],
        "message": {"text": _message(f)},
    }
    if sides:
        result["locations"] = [_location(sides[0], 0)]
    if len(sides) > 1:
        result["relatedLocations"] = [
            {"id": i, **_location(s, i)} for i, s in enumerate(sides) if i > 0
        ]
    if f.get("fingerprint"):
        result["partialFingerprints"] = {FINGERPRINT_KEY: str(f["fingerprint"])}
    props: dict[str, Any] = {"endpoint": f.get("endpoint"), "pointer": f.get("pointer")}
    for key in ("doc_id", "breaks", "extra"):
        if f.get(key):
            props[key] = _canonical(f[key])
    result["properties"] = props
    return result


def _canonical(value: Any) -> Any:
    """Free-form JSON with its keys sorted, so key order in the document never shows."""
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def _message(f: dict[str, Any]) -> str:
    """The message, then what each version states: a viewer shows only this text."""
    lines = [str(f.get("message") or f.get("rule") or "finding")]
    lines.append(f"{f.get('endpoint', '')} {f.get('pointer') or ''}".strip())
    for i, s in enumerate(f.get("sides") or []):
        lines.append(f"- {side_label(s, i)}: {format_value(s.get('value'))} ({location(s)})")
    return "\n".join(lines)


def _location(side: dict[str, Any], index: int) -> dict[str, Any]:
    text = f"{side_label(side, index)}: {format_value(side.get('value'))}"
    return {"physicalLocation": _physical(side), "message": {"text": text}}


def _physical(place: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(str(place.get("source") or ""))}
    line = place.get("line")
    if isinstance(line, int) and not isinstance(line, bool) and line >= 1:
        physical["region"] = {"startLine": line}
    return physical


def _artifact(source: str) -> dict[str, Any]:
    uri = source_uri(source)
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "SRCROOT"}


def source_uri(source: str) -> str:
    """A path as a URI reference: ``file:`` for absolute paths, else relative with ``/``."""
    win = PureWindowsPath(source)
    if win.drive and win.is_absolute():
        return "file:///" + quote(win.as_posix(), safe="/:")
    posix = source.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")
