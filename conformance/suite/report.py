"""What a conformance run reports: one record per endpoint and check.

Responsible for: turning an :class:`~docconform.conformance.suite.runner.Outcome` into a plain
record (check, endpoint, the request as a curl command, the response status,
headers and body excerpt, the schema error path, the page line that promised
the behaviour, whether Hypothesis shrank the case, the seed), rendering a
record as the text of a failed test, and writing ``docconform.conformance.json`` and
``docconform.conformance.md``. Every string goes through the run's
:class:`~docconform.conformance.suite.curl.Redactor`, so no secret reaches a terminal, a report
or a JUnit file.

Not responsible for: running checks (``runner``) or pytest wiring (``plugin``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docconform.extractor.writers.files import dump_json, write_atomic

from .curl import Redactor, to_curl
from .runner import Outcome

__all__ = ["build_report", "outcome_record", "render_failure", "skipped_record", "write_reports"]

_EXCERPT = 800
_CURL_BODY = 4000
_STATUSES = ("passed", "failed", "skipped")


def skipped_record(check: str, endpoint: str, reason: str, redactor: Redactor) -> dict[str, Any]:
    return {"endpoint": endpoint, "check": check, "status": "skipped", "reason": redactor.text(reason)}


def outcome_record(outcome: Outcome, redactor: Redactor, reproduce: str) -> dict[str, Any]:
    """A JSON-ready, redacted record of one check on one endpoint."""
    record: dict[str, Any] = {"endpoint": outcome.endpoint, "check": outcome.check,
                              "status": outcome.status, "cases": outcome.cases_run}
    if outcome.transport_events and outcome.transport_event is not None:
        record["transport_events"] = {"cases": outcome.transport_events, "kind": outcome.transport_event.kind,
                                      "last": redactor.text(outcome.transport_event.message)}
    if outcome.status != "failed" or outcome.failure is None:
        return record
    failure, case, exchange = outcome.failure, outcome.case, outcome.exchange
    detail: dict[str, Any] = {
        "title": redactor.text(failure.title), "severity": failure.severity,
        "promise": failure.promise, "schema_path": failure.schema_path,
        "case": None if case is None else {"kind": case.kind, "label": redactor.text(case.label),
                                           "minimal": outcome.shrunk},
        "seed": outcome.seed, "reproduce": redactor.text(reproduce),
    }
    if failure.detail:
        detail["detail"] = redactor.text(failure.detail)
    if exchange is not None:
        detail["request"] = {"method": exchange.request.method, "url": redactor.text(exchange.request.url),
                             "curl": to_curl(exchange.request, redactor)}
        detail["response"] = None if exchange.response is None else _response(exchange.response, redactor)
        if exchange.error is not None:
            detail["transport_error"] = {"kind": exchange.error.kind,
                                         "message": redactor.text(exchange.error.message)}
    record["failure"] = detail
    return record


def _response(response: Any, redactor: Redactor) -> dict[str, Any]:
    text = response.body.decode("utf-8", errors="replace")
    excerpt = text[:_EXCERPT] + (f"...[{len(text) - _EXCERPT} more characters]" if len(text) > _EXCERPT else "")
    return {"status": response.status, "reason": response.reason,
            "headers": [[k, v] for k, v in redactor.headers(response.headers)],
            "body_excerpt": redactor.text(excerpt), "body_bytes": len(response.body)}


def render_failure(record: dict[str, Any]) -> str:
    """The text pytest shows (and JUnit stores) for a failed check."""
    f = record["failure"]
    case = f.get("case") or {}
    how = "minimal failing case found by Hypothesis" if case.get("minimal") else "first failing case, not shrunk"
    lines = [f"check:     {record['check']}",
             f"endpoint:  {record['endpoint']}",
             f"problem:   {f['title']}",
             f"promised:  {f.get('promise') or 'not located on the page'}"]
    if f.get("schema_path"):
        lines.append(f"schema:    {f['schema_path']}")
    if case:
        lines.append(f"case:      {case['kind']}: {case['label']} — {how}")
    if f.get("request"):
        curl = f["request"]["curl"]
        if len(curl) > _CURL_BODY:
            curl = curl[:_CURL_BODY] + f"...[{len(curl) - _CURL_BODY} more characters; full command in docconform.conformance.json]"
        lines += ["request:", f"  {curl}"]
    if f.get("transport_error"):
        lines.append(f"transport: {f['transport_error']['kind']}: {f['transport_error']['message']}")
    response = f.get("response")
    if response:
        lines.append(f"response:  {response['status']} {response['reason']}")
        lines += [f"  {name}: {value}" for name, value in response["headers"]]
        lines += ["body:", *("  " + line for line in (response["body_excerpt"] or "(empty)").splitlines()[:20])]
    lines.append(f"seed:      {f['seed']}  (reproduce: {f['reproduce']})")
    return "\n".join(lines)


def build_report(records: Iterable[dict[str, Any]], *, base_url: str, seed: int) -> dict[str, Any]:
    """The ``docconform.conformance.json`` document: per endpoint, per check, with the failures."""
    by_endpoint: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_endpoint.setdefault(record["endpoint"], []).append(record)
    summary = {status: 0 for status in _STATUSES}
    endpoints = []
    for name in sorted(by_endpoint):
        checks = sorted(by_endpoint[name], key=lambda r: r["check"])
        for record in checks:
            summary[record["status"]] = summary.get(record["status"], 0) + 1
        endpoints.append({"endpoint": name,
                          "checks": [{k: v for k, v in r.items() if k != "endpoint"} for r in checks]})
    return {"x-docconform": {"version": 1}, "base_url": base_url, "seed": seed,
            "summary": summary, "endpoints": endpoints}


def _markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = ["# Conformance report", "",
             (f"Target `{report['base_url']}`, seed {report['seed']}: "
              f"{s['passed']} passed, {s['failed']} failed, {s['skipped']} skipped."), "",
             "| endpoint | check | result |", "| --- | --- | --- |"]
    failures = []
    for endpoint in report["endpoints"]:
        for record in endpoint["checks"]:
            note = record.get("reason") or (record.get("failure") or {}).get("title", "")
            lines.append(f"| `{endpoint['endpoint']}` | {record['check']} | {record['status']}"
                         f"{' — ' + _cell(note) if note else ''} |")
            if record["status"] == "failed":
                failures.append({**record, "endpoint": endpoint["endpoint"]})
    for record in failures:
        lines += ["", f"## {record['check']} — `{record['endpoint']}`", "", "```", render_failure(record), "```"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:160]


def write_reports(records: Iterable[dict[str, Any]], folder: Path, *, base_url: str, seed: int) -> Path:
    """Write ``docconform.conformance.json`` and ``docconform.conformance.md`` into ``folder``; returns the JSON path."""
    report = build_report(records, base_url=base_url, seed=seed)
    path = folder / "docconform.conformance.json"
    write_atomic(path, dump_json(report))
    write_atomic(folder / "docconform.conformance.md", _markdown(report).encode("utf-8", "backslashreplace"))
    return path
