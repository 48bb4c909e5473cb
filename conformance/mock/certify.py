"""Client certification: from the mock's record to a verdict, per endpoint.

:func:`certify` reads a record written by ``docconform mock --record`` (or
by the pytest fixture) and says, for every documented endpoint, how many
requests the client sent and with which answers, every violation with the
document line stating the rule and how often it happened, and coverage:
which documented parameters and fields the client exercised and which it
never did. Requests that matched no documented endpoint and transport
events (malformed HTTP, aborted clients) are listed apart.

The JSON report is the machine contract (deterministic for a given record);
:func:`render_markdown` and :func:`render_text` are views of it.

Not responsible for reading or writing files or the exit code
(:mod:`.mock_command`), nor for deciding what a violation is
(:mod:`.mock_validate`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .record import RECORD_KIND, UNMATCHED

__all__ = ["LEVELS", "REPORT_KIND", "CertifyError", "certify", "render_markdown", "render_text"]

REPORT_KIND = "client-certification"
#: Requests listed one by one per endpoint (totals always count them all).
MAX_LISTED = 100
LEVELS = ("error", "warning", "info")


class CertifyError(Exception):
    """The input is not a mock record."""


def certify(record: dict[str, Any], source: str = "") -> dict[str, Any]:
    """The certification report for one record."""
    if record.get("x-docconform", {}).get("kind") != RECORD_KIND:
        raise CertifyError("not a docconform mock record (x-docconform.kind is not 'mock-record')")
    totals = record.get("operations", {})
    seen: dict[str, list[dict[str, Any]]] = {}
    for x in record.get("exchanges", []):
        seen.setdefault(x["operation"], []).append(x)
    endpoints = [_endpoint(op, totals.get(op["name"], {}), seen.get(op["name"], []))
                 for op in record["contract"]["operations"]]
    unmatched = totals.get(UNMATCHED, {})
    levels: Counter[str] = Counter()
    for item in [*endpoints, {"violations": unmatched.get("violations", [])}]:
        for v in item["violations"]:
            levels[v["level"]] += v["count"]
    requests = sum(e["requests"] for e in endpoints) + unmatched.get("requests", 0)
    rejected = sum(e["rejected"] for e in endpoints) + unmatched.get("rejected", 0)
    documented = [i for e in endpoints for i in e["coverage"]["exercised"] + e["coverage"]["never"]]
    summary = {
        "requests": requests, "rejected": rejected, "unmatched": unmatched.get("requests", 0),
        "violations": {level: levels.get(level, 0) for level in LEVELS},
        "endpoints": {"documented": len(endpoints),
                      "exercised": sum(1 for e in endpoints if e["requests"])},
        "parameters": _ratio([i for i in documented if i["location"] != "body"]),
        "optional_fields": _ratio([i for i in documented if not i["required"]]),
        "events": record.get("totals", {}).get("events", {}),
        "dropped_exchanges": record.get("totals", {}).get("dropped_exchanges", 0),
    }
    return {
        "x-docconform": {"version": 1, "kind": REPORT_KIND},
        "record": source, "contract": record["contract"].get("source", ""),
        "started": record.get("started"), "stopped": record.get("stopped"),
        "verdict": "fail" if levels.get("error") else "pass",
        "summary": summary, "endpoints": endpoints,
        "unmatched": {"requests": unmatched.get("requests", 0),
                      "violations": unmatched.get("violations", [])},
        "events": record.get("events", []),
    }


def _ratio(items: list[dict[str, Any]]) -> dict[str, int]:
    return {"documented": len(items), "exercised": sum(1 for i in items if i.get("count"))}


def _request(x: dict[str, Any]) -> dict[str, Any]:
    rules = sorted({f"{v['rule']} {v['pointer']}" for v in x["violations"] if v["level"] != "info"})
    return {"seq": x["seq"], "method": x["method"], "target": x["target"], "status": x["status"],
            "violations": rules}


def _endpoint(op: dict[str, Any], totals: dict[str, Any],
              exchanges: list[dict[str, Any]]) -> dict[str, Any]:
    seen = totals.get("exercised", {})
    items = [{**item, "count": seen.get(item["pointer"], 0)} for item in op["documented"]]
    violations = sorted(totals.get("violations", []),
                        key=lambda v: (LEVELS.index(v["level"]), v["pointer"], v["rule"], v["source"]))
    return {
        "name": op["name"], "method": op["method"], "path": op["path"], "doc_id": op.get("doc_id"),
        "source": op["source"], "alternatives": op.get("alternatives", []),
        "requests": totals.get("requests", 0), "rejected": totals.get("rejected", 0),
        "statuses": totals.get("statuses", {}),
        "requests_seen": [_request(x) for x in exchanges[:MAX_LISTED]],
        "violations": violations,
        "coverage": {"exercised": [i for i in items if i["count"]],
                     "never": [i for i in items if not i["count"]]},
    }


def _item(item: dict[str, Any]) -> str:
    kind = "mandatory" if item["required"] else "optional"
    return f"`{item['pointer']}` ({kind}, {item['source']})"


def _violation_rows(violations: list[dict[str, Any]]) -> list[str]:
    rows = ["| level | rule | pointer | times | documented at | message |",
            "| --- | --- | --- | --- | --- | --- |"]
    for v in violations:
        message = v["message"].replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {v['level']} | `{v['rule']}` | `{v['pointer']}` | {v['count']} | "
                    f"{v['source'] or '-'} | {message} |")
    return rows


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown, for a pull request or a certification archive."""
    s = report["summary"]
    counts = [s["requests"], s["rejected"], s["unmatched"], *s["violations"].values(),
              *(f"{s[k]['exercised']}/{s[k]['documented']}"
                for k in ("endpoints", "parameters", "optional_fields"))]
    lines = [f"# Client certification: {report['verdict'].upper()}", "",
             (f"Record `{report['record']}`, contract `{report['contract']}`, "
              f"{report['started']} to {report['stopped']}."), "",
             ("| requests | rejected | unmatched | errors | warnings | notes | endpoints exercised "
              "| parameters exercised | optional fields exercised |"),
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             "| " + " | ".join(str(c) for c in counts) + " |", ""]
    for e in report["endpoints"]:
        statuses = ", ".join(f"{code} x{n}" for code, n in e["statuses"].items()) or "never called"
        lines += [f"## {e['name']}", "", (f"Documented at `{e['source']}`. Requests: {e['requests']} "
                                          f"({statuses}); rejected: {e['rejected']}."), ""]
        if e["requests_seen"]:
            lines += ["### Requests", "", "| # | request | status | broke |", "| --- | --- | --- | --- |"]
            lines += [f"| {r['seq']} | `{r['method']} {r['target']}` | {r['status']} | "
                      f"{'; '.join(r['violations']) or '-'} |" for r in e["requests_seen"]]
            lines.append("")
        if e["violations"]:
            lines += ["### Violations and differences", "", *_violation_rows(e["violations"]), ""]
        lines += ["### Coverage", ""]
        lines += [f"- exercised {_item(i)}: {i['count']} request(s)" for i in e["coverage"]["exercised"]]
        lines += [f"- **never exercised** {_item(i)}" for i in e["coverage"]["never"]]
        lines.append("")
    if report["unmatched"]["requests"]:
        lines += ["## Requests that matched no documented endpoint", "",
                  *_violation_rows(report["unmatched"]["violations"]), ""]
    if report["events"]:
        lines += ["## Transport events", ""]
        lines += [f"- {ev['kind']}: {ev['message']}" for ev in report["events"]]
        lines.append("")
    return "\n".join(lines)


def render_text(report: dict[str, Any], verbose: bool = False) -> str:
    """A short human summary for the terminal; ``verbose`` gives info notes a line each, as errors."""
    s = report["summary"]
    v = s["violations"]
    lines = [(f"client certification: {report['verdict'].upper()} - {s['requests']} requests, "
              f"{s['rejected']} rejected; {v['error']} errors, {v['warning']} warnings, "
              f"{v['info']} notes; endpoints {s['endpoints']['exercised']}/"
              f"{s['endpoints']['documented']}, optional fields "
              f"{s['optional_fields']['exercised']}/{s['optional_fields']['documented']}")]
    for e in report["endpoints"]:
        if not e["requests"]:
            lines.append(f"  never called: {e['name']} ({e['source']})")
            continue
        lines.append(f"  {e['name']}: {e['requests']} requests, {e['rejected']} rejected")
        notes: dict[str, list[str]] = {}
        for item in e["violations"]:
            if item["level"] == "info" and not verbose:
                notes.setdefault(item["rule"], []).append(f"{item['pointer']} x{item['count']}")
                continue
            lines.append(f"    {item['level']:<7} {item['rule']} {item['pointer']} x{item['count']}"
                         f" [{item['source'] or '-'}]: {item['message']}")
        lines += [f"    {'info':<7} {rule}: {', '.join(where)}" for rule, where in notes.items()]
        never = [i["pointer"] for i in e["coverage"]["never"]]
        if never:
            lines.append(f"    never exercised: {', '.join(never)}")
    for item in report["unmatched"]["violations"]:
        lines.append(f"  unmatched: {item['rule']} x{item['count']}: {item['message']}")
    for kind, count in s["events"].items():
        lines.append(f"  transport: {kind} x{count}")
    return "\n".join(lines)
