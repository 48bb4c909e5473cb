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
_STATUSES = ("passed", "failed", "missing-test-data", "skipped")
_FULL = 3  # failing cases rendered in full; the others one line each with their curl command


def skipped_record(check: str, endpoint: str, reason: str, redactor: Redactor) -> dict[str, Any]:
    return {"endpoint": endpoint, "check": check, "status": "skipped", "reason": redactor.text(reason)}


def outcome_record(outcome: Outcome, redactor: Redactor, reproduce: str) -> dict[str, Any]:
    """A JSON-ready, redacted record of one check on one endpoint."""
    record: dict[str, Any] = {"endpoint": outcome.endpoint, "check": outcome.check,
                              "status": outcome.status, "cases": outcome.cases_run}
    if outcome.transport_events and outcome.transport_event is not None:
        record["transport_events"] = {"cases": outcome.transport_events, "kind": outcome.transport_event.kind,
                                      "last": redactor.text(outcome.transport_event.message)}
    if outcome.missing:
        record["reason" if outcome.status == "missing-test-data" else "missing_test_data"] = \
            redactor.text(outcome.missing)
        record["missing_cases"] = outcome.missing_cases
    if outcome.status != "failed" or outcome.failure is None:
        return record
    found = outcome.found or ()
    if found:
        record["failure"] = _failure(found[0].failure, found[0].case, found[0].exchange, found[0].shrunk,
                                     outcome.seed, redactor, reproduce)
        record["failures"] = [_failure(f.failure, f.case, f.exchange, f.shrunk, outcome.seed, redactor, reproduce)
                              for f in found]
        record["more_failures"] = outcome.more_failures
        return record
    record["failure"] = _failure(outcome.failure, outcome.case, outcome.exchange, outcome.shrunk, outcome.seed,
                                 redactor, reproduce)
    return record


def _failure(failure: Any, case: Any, exchange: Any, shrunk: bool, seed: int, redactor: Redactor,
             reproduce: str) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "title": redactor.text(failure.title), "severity": failure.severity,
        "promise": failure.promise, "schema_path": failure.schema_path,
        "case": None if case is None else {"kind": case.kind, "label": redactor.text(case.label),
                                           "minimal": shrunk},
        "seed": seed, "reproduce": redactor.text(reproduce),
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
    return detail


def _response(response: Any, redactor: Redactor) -> dict[str, Any]:
    text = response.body.decode("utf-8", errors="replace")
    excerpt = text[:_EXCERPT] + (f"...[{len(text) - _EXCERPT} more characters]" if len(text) > _EXCERPT else "")
    return {"status": response.status, "reason": response.reason,
            "headers": [[k, v] for k, v in redactor.headers(response.headers)],
            "body_excerpt": redactor.text(excerpt), "body_bytes": len(response.body)}


def render_failure(record: dict[str, Any]) -> str:
    """The text pytest shows (and JUnit stores) for a failed check: every failing case."""
    failures = record.get("failures") or [record["failure"]]
    more = record.get("more_failures", 0)
    head = ""
    if len(failures) > 1 or more:
        head = (f"{len(failures)} distinct failing cases"
                + (f" (and {more} more cases failing the same way)" if more else "") + "\n\n")
    parts = [_render_one(record, f) for f in failures[:_FULL]]
    for f in failures[_FULL:]:
        parts.append(f"problem:   {f['title']}\n  {(f.get('request') or {}).get('curl', '')[:_CURL_BODY]}")
    if record.get("missing_test_data"):
        parts.append(f"also: {record['missing_cases']} case(s) inconclusive, missing test data: "
                     f"{record['missing_test_data']}")
    return head + "\n\n".join(parts)


def _render_one(record: dict[str, Any], f: dict[str, Any]) -> str:
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
    if f.get("detail"):
        lines += ["sequence:", *("  " + line for line in f["detail"].splitlines())]
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
              f"{s['passed']} passed, {s['failed']} failed, {s.get('missing-test-data', 0)} missing test data, "
              f"{s['skipped']} skipped."), "",
             "| endpoint | check | result |", "| --- | --- | --- |"]
    failures = []
    for endpoint in report["endpoints"]:
        for record in endpoint["checks"]:
            note = record.get("reason") or (record.get("failure") or {}).get("title", "") or record.get("error", "")
            lines.append(f"| `{endpoint['endpoint']}` | {record['check']} | {record['status']}"
                         f"{' — ' + _cell(note) if note else ''} |")
            if record["status"] == "failed" and "failure" in record:
                failures.append({**record, "endpoint": endpoint["endpoint"]})
    for record in failures:
        lines += ["", f"## {record['check']} — `{record['endpoint']}`", "", "```", render_failure(record), "```"]
    if report.get("left_on_server"):
        lines += ["", "## Left on the server", ""] + [f"- {line}" for line in report["left_on_server"]]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:160]


def write_reports(records: Iterable[dict[str, Any]], folder: Path, *, base_url: str, seed: int,
                  leftovers: Iterable[str] = ()) -> Path:
    """Write ``docconform.conformance.json`` and ``docconform.conformance.md`` into ``folder``; returns the JSON path."""
    report = build_report(records, base_url=base_url, seed=seed)
    report["left_on_server"] = list(leftovers)
    path = folder / "docconform.conformance.json"
    write_atomic(path, dump_json(report))
    write_atomic(folder / "docconform.conformance.md", _markdown(report).encode("utf-8", "backslashreplace"))
    return path
