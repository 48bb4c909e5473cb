"""Client certification: from the mock's record to a verdict, per endpoint.

:func:`certify` reads a record written by ``docconform mock --record`` (or
by the pytest fixture) and says, for every documented endpoint, how many
requests the client sent and with which answers, every violation with the
document line stating the rule and how often it happened, and coverage:
which documented parameters and fields the client exercised and which it
never did. Requests that matched no documented endpoint and transport
events (malformed HTTP, aborted clients) are listed apart.

Each violation is classed ``client`` or ``contract-doubt`` (:mod:`.doubts`);
the verdict fails on ``client`` violations by default (``fail_on``), and
every doubt is listed with the page line and diagnostic behind it. What the
mock could not check (members of bare objects, bodies in media types it does
not read, undocumented operations) is listed as "not validated" and never
counted as covered. On the response side, the report lists the documented
responses and examples the client was never shown, and the page examples the
mock withheld because they contradict their own page
(``example-schema-mismatch``).

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

__all__ = ["FAIL_ON", "LEVELS", "REPORT_KIND", "CertifyError", "certify", "render_markdown", "render_text"]

REPORT_KIND = "client-certification"
#: Requests listed one by one per endpoint (totals always count them all).
MAX_LISTED = 100
LEVELS = ("error", "warning", "info")
CLASSES = ("client", "contract-doubt")
#: What fails the verdict: ``client`` errors only (the default), any error (doubts too),
#: anything at or above warning or info, or never.
FAIL_ON = ("client", *LEVELS, "never")


class CertifyError(Exception):
    """The input is not a mock record."""


def certify(record: dict[str, Any], source: str = "", fail_on: str = "client") -> dict[str, Any]:
    """The certification report for one record; the verdict fails on violations at
    ``fail_on`` (see :data:`FAIL_ON`)."""
    if fail_on not in FAIL_ON:
        raise CertifyError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
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
    classes: Counter[str] = Counter()
    rejected_by_class: Counter[str] = Counter(unmatched.get("rejected_by_class", {}))
    for item in [*endpoints, {"violations": unmatched.get("violations", [])}]:
        for v in item["violations"]:
            levels[v["level"]] += v["count"]
            if v["level"] == "error":
                classes[v.get("class", "client")] += v["count"]
    for e in endpoints:
        rejected_by_class.update(e["rejected_by_class"])
    requests = sum(e["requests"] for e in endpoints) + unmatched.get("requests", 0)
    rejected = sum(e["rejected"] for e in endpoints) + unmatched.get("rejected", 0)
    covered = [i for e in endpoints for i in e["coverage"]["exercised"]]
    documented = [i for e in endpoints for key in ("exercised", "never", "not_validated")
                  for i in e["coverage"][key]]
    responses = [r for e in endpoints for r in e["responses"]]
    summary = {
        "requests": requests, "rejected": rejected, "unmatched": unmatched.get("requests", 0),
        "violations": {level: levels.get(level, 0) for level in LEVELS},
        "classes": {c: classes.get(c, 0) for c in CLASSES},
        "rejected_by_class": {c: rejected_by_class.get(c, 0) for c in CLASSES},
        "endpoints": {"documented": len(endpoints),
                      "exercised": sum(1 for e in endpoints if e["requests"])},
        "parameters": _ratio([i for i in documented if i["location"] != "body"], covered),
        "optional_fields": _ratio([i for i in documented if not i["required"]], covered),
        "responses": {"documented": len(responses), "shown": sum(1 for r in responses if r["shown"])},
        "not_validated": sum(len(e["not_validated"]) for e in endpoints)
        + len(unmatched.get("unvalidated", [])),
        "examples_withheld": sum(len(e["examples_withheld"]) for e in endpoints),
        "events": record.get("totals", {}).get("events", {}),
        "dropped_exchanges": record.get("totals", {}).get("dropped_exchanges", 0),
    }
    return {
        "x-docconform": {"version": 2, "kind": REPORT_KIND},
        "record": source, "contract": record["contract"].get("source", ""),
        "started": record.get("started"), "stopped": record.get("stopped"),
        "fail_on": fail_on, "verdict": _verdict(fail_on, levels, classes),
        "summary": summary, "endpoints": endpoints,
        "doubts": [{"endpoint": e["name"], **v} for e in endpoints for v in e["violations"]
                   if v.get("class") == "contract-doubt"],
        "not_validated": [{"endpoint": e["name"], **u} for e in endpoints for u in e["not_validated"]]
        + [{"endpoint": UNMATCHED, **u} for u in unmatched.get("unvalidated", [])],
        "unmatched": {"requests": unmatched.get("requests", 0),
                      "violations": unmatched.get("violations", [])},
        "events": record.get("events", []),
    }


def _verdict(fail_on: str, levels: Counter[str], classes: Counter[str]) -> str:
    if fail_on == "never":
        return "pass"
    if fail_on == "client":
        return "fail" if classes.get("client") else "pass"
    return "fail" if any(levels.get(level) for level in LEVELS[: LEVELS.index(fail_on) + 1]) else "pass"


def _ratio(items: list[dict[str, Any]], covered: list[dict[str, Any]]) -> dict[str, int]:
    ids = {id(i) for i in covered}
    return {"documented": len(items), "exercised": sum(1 for i in items if id(i) in ids)}


def _request(x: dict[str, Any]) -> dict[str, Any]:
    rules = sorted({f"{v['rule']} {v['pointer']}" + (" (contract-doubt)" if v.get("class") == "contract-doubt"
                                                     else "")
                    for v in x["violations"] if v["level"] != "info"})
    return {"seq": x["seq"], "method": x["method"], "target": x["target"], "status": x["status"],
            "answer": x.get("answer", ""), "violations": rules}


def _endpoint(op: dict[str, Any], totals: dict[str, Any],
              exchanges: list[dict[str, Any]]) -> dict[str, Any]:
    seen = totals.get("exercised", {})
    items = [{**item, "count": seen.get(item["pointer"], 0)} for item in op["documented"]]
    violations = sorted(totals.get("violations", []),
                        key=lambda v: (LEVELS.index(v["level"]), v["pointer"], v["rule"], v["source"]))
    sent_bare = [i for i in items if i["count"] and i.get("bare")]
    not_validated = [{"pointer": i["pointer"], "reason": "the contract leaves it bare (no fields, no type)",
                      "source": i["source"], "count": i["count"]} for i in sent_bare]
    not_validated += totals.get("unvalidated", [])
    return {
        "name": op["name"], "method": op["method"], "path": op["path"], "doc_id": op.get("doc_id"),
        "source": op["source"], "alternatives": op.get("alternatives", []),
        "requests": totals.get("requests", 0), "rejected": totals.get("rejected", 0),
        "rejected_by_class": totals.get("rejected_by_class", {}),
        "statuses": totals.get("statuses", {}), "answers": totals.get("answers", {}),
        "requests_seen": [_request(x) for x in exchanges[:MAX_LISTED]],
        "violations": violations,
        "coverage": {"exercised": [i for i in items if i["count"] and not i.get("bare")],
                     "never": [i for i in items if not i["count"]],
                     "not_validated": sent_bare},
        "not_validated": not_validated,
        "responses": _responses(op.get("responses", []), totals.get("shown", {})),
        "examples_withheld": op.get("examples_withheld", []),
        "precedents": op.get("precedents", []),
    }


def _responses(documented: list[dict[str, Any]], shown: dict[str, int]) -> list[dict[str, Any]]:
    """Each documented response and example, with how often the client was shown it."""
    out = []
    for r in documented:
        status = r["status"]
        examples = [{"name": n, "shown": shown.get(f"{status} {n}", 0)} for n in r.get("examples", [])]
        times = sum(n for key, n in shown.items() if key.split(" ", 1)[0] == status)
        out.append({"status": status, "source": r.get("source", ""), "shown": times, "examples": examples})
    return out


def _item(item: dict[str, Any]) -> str:
    kind = "mandatory" if item["required"] else "optional"
    return f"`{item['pointer']}` ({kind}, {item['source']})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _violation_rows(violations: list[dict[str, Any]]) -> list[str]:
    rows = ["| level | class | rule | pointer | times | documented at | message |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for v in violations:
        rows.append(f"| {v['level']} | {v.get('class', 'client')} | `{v['rule']}` | `{v['pointer']}` | "
                    f"{v['count']} | {v['source'] or '-'} | {_cell(v['message'])} |")
    return rows


def _doubt_lines(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        for d in v.get("doubts", []):
            lines.append(f"- `{v['rule']} {v['pointer']}` ({v['source'] or '-'}): {d['reason']} at "
                         f"{d['source'] or '-'}: {d['message']}")
    return lines


def _never_shown(e: dict[str, Any]) -> list[str]:
    out = []
    for r in e["responses"]:
        if not r["shown"]:
            out.append(f"{r['status']} ({r['source'] or e['source']})")
        out += [f"{r['status']} {x['name']}" for x in r["examples"] if r["shown"] and not x["shown"]]
    return out


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown, for a pull request or a certification archive."""
    s = report["summary"]
    counts = [s["requests"], s["rejected"], s["unmatched"], s["classes"]["client"],
              s["classes"]["contract-doubt"], s["violations"]["warning"], s["violations"]["info"],
              *(f"{s[k]['exercised']}/{s[k]['documented']}"
                for k in ("endpoints", "parameters", "optional_fields")),
              f"{s['responses']['shown']}/{s['responses']['documented']}", s["not_validated"]]
    lines = [f"# Client certification: {report['verdict'].upper()}", "",
             (f"Record `{report['record']}`, contract `{report['contract']}`, "
              f"{report['started']} to {report['stopped']}. The verdict fails on "
              f"{_FAIL_ON_WORDS[report['fail_on']]}."), "",
             ("| requests | rejected | unmatched | client errors | contract-doubt errors | warnings | notes "
              "| endpoints exercised | parameters exercised | optional fields exercised "
              "| responses shown | not validated |"),
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
             "| " + " | ".join(str(c) for c in counts) + " |", ""]
    if report["doubts"]:
        lines += ["## Contract doubts", "",
                  ("Violations that may be the contract's fault rather than the client's, "
                   "with the page line and diagnostic behind each doubt:"), ""]
        for v in report["doubts"]:
            lines += [f"- {v['endpoint']}: `{v['rule']} {v['pointer']}` x{v['count']} ({v['source'] or '-'})"]
            lines += [f"  - {d['reason']} at {d['source'] or '-'}: {d['message']}" for d in v["doubts"]]
        lines.append("")
    if report["not_validated"]:
        lines += ["## Not validated", "",
                  "Parts of requests the contract could not check; never counted as covered.", "",
                  "| endpoint | part | times | why |", "| --- | --- | --- | --- |"]
        lines += [f"| {u['endpoint']} | `{u['pointer']}` | {u['count']} | {_cell(u['reason'])} |"
                  for u in report["not_validated"]]
        lines.append("")
    for e in report["endpoints"]:
        statuses = ", ".join(f"{code} x{n}" for code, n in e["statuses"].items()) or "never called"
        lines += [f"## {e['name']}", "", (f"Documented at `{e['source']}`. Requests: {e['requests']} "
                                          f"({statuses}); rejected: {e['rejected']}."), ""]
        if e["requests_seen"]:
            lines += ["### Requests", "", "| # | request | status | answer | broke |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| {r['seq']} | `{r['method']} {r['target']}` | {r['status']} | {r['answer'] or '-'} | "
                      f"{'; '.join(r['violations']) or '-'} |" for r in e["requests_seen"]]
            lines.append("")
        if e["violations"]:
            lines += ["### Violations and differences", "", *_violation_rows(e["violations"]), ""]
        lines += ["### Coverage", ""]
        lines += [f"- exercised {_item(i)}: {i['count']} request(s)" for i in e["coverage"]["exercised"]]
        lines += [f"- **never exercised** {_item(i)}" for i in e["coverage"]["never"]]
        lines += [f"- **not validated** {_item(i)}: sent {i['count']} time(s), the contract leaves it bare"
                  for i in e["coverage"]["not_validated"]]
        lines += [f"- response never shown: {r}" for r in _never_shown(e)]
        lines += [f"- example withheld (`example-schema-mismatch`): {w['status']} {w['example']} "
                  f"({w['source']}): {_cell('; '.join(w['problems']))}" for w in e["examples_withheld"]]
        lines.append("")
    if report["unmatched"]["requests"]:
        lines += ["## Requests that matched no documented endpoint", "",
                  *_violation_rows(report["unmatched"]["violations"]), ""]
    if report["events"]:
        lines += ["## Transport events", ""]
        lines += [f"- {ev['kind']}: {ev['message']}" for ev in report["events"]]
        lines.append("")
    return "\n".join(lines)


_FAIL_ON_WORDS = {"client": "client violations (contract doubts are listed, not counted)",
                  "error": "every error, contract doubts included", "warning": "warnings and errors",
                  "info": "any violation or note", "never": "nothing (report only)"}


def render_text(report: dict[str, Any], verbose: bool = False) -> str:
    """A short human summary for the terminal; ``verbose`` gives info notes a line each, as errors."""
    s = report["summary"]
    v = s["violations"]
    lines = [(f"client certification: {report['verdict'].upper()} - {s['requests']} requests, "
              f"{s['rejected']} rejected; {v['error']} errors ({s['classes']['client']} client, "
              f"{s['classes']['contract-doubt']} contract-doubt), {v['warning']} warnings, "
              f"{v['info']} notes; endpoints {s['endpoints']['exercised']}/"
              f"{s['endpoints']['documented']}, optional fields "
              f"{s['optional_fields']['exercised']}/{s['optional_fields']['documented']}, responses shown "
              f"{s['responses']['shown']}/{s['responses']['documented']}, not validated {s['not_validated']}")]
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
            lines.append(f"    {item['level']:<7} {item.get('class', 'client')} {item['rule']} {item['pointer']} "
                         f"x{item['count']} [{item['source'] or '-'}]: {item['message']}")
            lines += [f"        doubt: {d['reason']} [{d['source'] or '-'}]: {d['message']}"
                      for d in item.get("doubts", [])]
        lines += [f"    {'info':<7} {rule}: {', '.join(where)}" for rule, where in notes.items()]
        never = [i["pointer"] for i in e["coverage"]["never"]]
        if never:
            lines.append(f"    never exercised: {', '.join(never)}")
        lines += [f"    not validated: {u['pointer']} x{u['count']} ({u['reason']})" for u in e["not_validated"]]
        unseen = _never_shown(e)
        if unseen:
            lines.append(f"    responses never shown: {', '.join(unseen)}")
        lines += [f"    example withheld: {w['status']} {w['example']} [{w['source']}]: {w['problems'][0]}"
                  for w in e["examples_withheld"]]
    for item in report["unmatched"]["violations"]:
        lines.append(f"  unmatched: {item['rule']} x{item['count']}: {item['message']}")
    for kind, count in s["events"].items():
        lines.append(f"  transport: {kind} x{count}")
    return "\n".join(lines)
