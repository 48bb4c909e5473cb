"""Keystone mode of bench_conformance.py: docconform and Schemathesis certify the same real server.

Each tool gets a fresh Keystone (tests/servers/keystone.py: sqlite, fernet
tokens, gunicorn on loopback) and the same OpenAPI document, written by
``docconform extract`` from ``../shared/corpus/rst/iam``, restricted to the
Identity v3 operations (``/v3/...``), with the same ``--max-examples`` and
seed. docconform logs in itself (``--auth keystone``); Schemathesis gets a
token obtained beforehand (``-H X-Auth-Token``) and runs every phase,
stateful included.

Every failure either tool reports is put in a group (operation and kind:
server error, schema, status, accepted invalid, rejected valid, method,
content type) and each group is read by the same rules: a 5xx is a real
finding; an answer that says the request's data did not exist (404, "Could
not find"), a conflict with the tool's own data (409), a lost token (401), a
transport error or an Allow header that adds only GET to a documented HEAD
(HTTP pairs them) is a false alarm; anything else is the server and the
pages disagreeing, a real finding. Also counted: resources that existed
before the run and are gone or changed after it, resources the run created
and left behind, and the CPU seconds of each tool and of its Keystone (wall
time on a shared machine follows everybody's load; CPU time does not).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
IAM = REPO.parent / "shared" / "corpus" / "rst" / "iam"
BIN = Path(sys.executable).parent
SETTINGS = REPO / "tests" / "data" / "keystone" / "docconform.toml"
#: Keystone's tables of resources (left behind when new) and of what belongs to them (a password).
RESOURCES = ("user", "project", "group", "role", "region", "service", "endpoint")
TABLES = (*RESOURCES, "local_user", "password", "assignment")
#: Columns a login itself updates: not a change a run made to the resource.
_SIDE_EFFECTS = frozenset({"last_active_at"})

_VERDICTS = ("passed", "failed", "missing-test-data", "skipped")
_CATEGORY_BY_CHECK = {
    "not-a-server-error": "server error", "response-schema-conformance": "schema",
    "example-conformance": "schema", "status-code-conformance": "status",
    "negative-data-rejection": "accepted invalid", "missing-required-header": "accepted invalid",
    "positive-data-acceptance": "rejected valid", "unsupported-method": "method",
    "content-type-conformance": "content type", "stateful-sequence": "sequence",
}
_CATEGORY_BY_CODE = {
    "ST100": "server error", "ST101": "server error", "ST108": "schema", "ST107": "status",
    "ST106": "content type", "ST103": "content type", "ST201": "accepted invalid", "ST203": "accepted invalid",
    "ST202": "rejected valid", "ST204": "method", "ST205": "method", "ST206": "accepted invalid",
}


@dataclass
class Finding:
    operation: str
    category: str
    status: int | None
    text: str


@dataclass
class ToolRun:
    tool: str
    seconds: float
    cases: int
    findings: list[Finding] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    #: CPU seconds of the tool's own processes and of Keystone's during the run: unlike wall
    #: time, they do not grow when other work shares the machine.
    client_cpu: float = 0.0
    server_cpu: float | None = None
    #: docconform's verdicts by check: passed, failed, missing test data, skipped (its report's
    #: table); the failures are what the findings above are read from.
    verdicts: dict[str, dict[str, int]] = field(default_factory=dict)

    def groups(self) -> dict[tuple[str, str], list[Finding]]:
        out: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            out.setdefault((finding.operation, finding.category), []).append(finding)
        return out


def is_real(finding: Finding) -> bool:
    """The same reading of a failure for both tools (module docstring)."""
    if finding.status is None:
        return False
    if finding.status >= 500:
        return True
    if finding.status in (401, 404, 409) or "Could not find" in finding.text:
        return False
    if finding.category == "method" and re.search(r"advertised: (GET|HEAD)\s*$", finding.text.strip()):
        return False
    return True


def _inventory(database: Path) -> dict[str, dict[str, Any]]:
    """Every row of Keystone's own tables, read from its sqlite file: the ground truth even when a
    run has locked the admin out (changed its password or disabled it)."""
    out: dict[str, dict[str, Any]] = {}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        for table in TABLES:
            cursor = db.execute(f'SELECT * FROM "{table}"')  # noqa: S608  fixed table names
            names = [column[0] for column in cursor.description]
            rows = [{k: v for k, v in zip(names, row) if k not in _SIDE_EFFECTS} for row in cursor.fetchall()]
            out[table] = {str(tuple(row.values()) if table == "assignment" else next(iter(row.values()))): row
                          for row in rows}
    return out


def _changes(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> tuple[list[str], list[str]]:
    lost, left = [], []
    for table in TABLES:
        for key, row in before[table].items():
            if key not in after[table]:
                lost.append(f"{table} {key} deleted")
            elif after[table][key] != row:
                lost.append(f"{table} {key} changed")
        if table in RESOURCES:
            left += [f"{table} {key}" for key in after[table] if key not in before[table]]
    return lost, left


def _templates(spec: Path) -> list[tuple[re.Pattern[str], str]]:
    paths = json.loads(spec.read_text())["paths"]
    return [(re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(p)) + "$"), p) for p in paths]


def _operation(method: str, url: str, templates: list[tuple[re.Pattern[str], str]]) -> str:
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    return f"{method} " + next((t for pattern, t in templates if pattern.match(path)), path)


def _run_tool(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, CPU time (the command and its children) and standard output of one tool's command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=3600, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, done.stdout


def run_docconform(url: str, spec: Path, work: Path, examples: int, seed: int, env: dict[str, str],
                   password: str) -> ToolRun:
    shutil.copy(SETTINGS, work / "docconform.toml")
    run_env = {**env, "OS_USERNAME": "admin", "OS_PASSWORD": password, "OS_USER_DOMAIN_NAME": "Default",
               "OS_PROJECT_NAME": "admin", "OS_PROJECT_DOMAIN_NAME": "Default"}
    args = [str(BIN / "docconform"), "test", "--base-url", url, str(spec), "--path", "/v3/*", "--auth", "keystone",
            "--sequences", "--timeout", "30", "--max-examples", str(examples), "--seed", str(seed),
            "--report-dir", str(work), "-q"]
    seconds, cpu, stdout = _run_tool(args, work, run_env)
    report = json.loads((work / "docconform.conformance.json").read_text())
    findings = []
    verdicts: dict[str, dict[str, int]] = {}
    for endpoint in report["endpoints"]:
        op = endpoint["endpoint"].split(" (")[0]
        for check in endpoint["checks"]:
            row = verdicts.setdefault(check["check"], dict.fromkeys(_VERDICTS, 0))
            row[check["status"]] = row.get(check["status"], 0) + 1
            for failure in check.get("failures", ()):
                response = failure.get("response") or {}
                name = op if not op.startswith("sequence ") else _operation(
                    failure["request"]["method"], failure["request"]["url"], _templates(spec))
                findings.append(Finding(name, _CATEGORY_BY_CHECK.get(check["check"], check["check"]),
                                        response.get("status"), failure["title"] + " " +
                                        (response.get("body_excerpt") or "")))
    sent = re.search(r"(\d+) requests sent", stdout)
    return ToolRun("docconform", seconds, int(sent.group(1)) if sent else 0, findings, client_cpu=cpu,
                   verdicts=verdicts)


def run_schemathesis(url: str, spec: Path, work: Path, examples: int, seed: int, env: dict[str, str],
                     token: str) -> ToolRun:
    junit, report = work / "schemathesis.xml", work / "schemathesis.json"
    args = [str(BIN / "schemathesis"), "run", str(spec), "--url", url, "-H", f"X-Auth-Token: {token}",
            "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful", "--include-path-regex", "^/v3/",
            "--max-examples", str(examples), "--seed", str(seed), "--request-timeout", "30",
            "--report", "junit,json", "--report-junit-path", str(junit), "--report-json-path", str(report)]
    seconds, cpu, _ = _run_tool(args, work, env)
    templates = _templates(spec)
    findings = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        for failure in case.iter("failure"):
            for block in re.split(r"\n?\d+\. Test Case ID: \S+", failure.text or ""):
                code = re.search(r"- (ST\d+) ", block)
                if not code:
                    continue
                status = re.search(r"^\[(\d{3})\]", block, re.MULTILINE)
                curl = re.search(r"curl -X (\w+) .*?'?(https?://[^\s']+)", block)
                name = case.get("name", "")
                if not re.match(r"^[A-Z]+ /", name) and curl:
                    name = _operation(curl.group(1), curl.group(2), templates)
                findings.append(Finding(name, _CATEGORY_BY_CODE.get(code.group(1), code.group(1)),
                                        int(status.group(1)) if status else None, block))
    cases = json.loads(report.read_text())["test_cases"]["generated"] if report.is_file() else 0
    return ToolRun("schemathesis", seconds, cases, findings, client_cpu=cpu)


def _extract(tmp: Path) -> Path:
    spec = tmp / "iam-openapi.json"
    subprocess.run([str(BIN / "docconform"), "extract", str(IAM), "-o", str(tmp / "iam"), "--openapi", str(spec),
                    "-q"], capture_output=True, text=True, timeout=900, check=False)
    return spec


def main(examples: int, seed: int, tools: Iterable[str] = ("docconform", "schemathesis"),
         keep: Path | None = None) -> int:
    sys.path.insert(0, str(REPO))
    from tests.servers.keystone import KeystoneUnavailable, serve
    if not IAM.is_dir():
        print(f"{IAM} is not present", file=sys.stderr)
        return 2
    runs: list[ToolRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-keystone-") as name:
        tmp = Path(name)
        spec = _extract(tmp)
        env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp / "hypothesis"), "PYTHONPATH": str(REPO)}
        for tool in tools:
            work = tmp / tool
            work.mkdir()
            try:
                with serve() as keystone:
                    token = keystone.admin_token()
                    database = keystone.folder / "keystone.db"
                    before = _inventory(database)
                    server_cpu = keystone.cpu_seconds()
                    if tool == "docconform":
                        run = run_docconform(keystone.url, spec, work, examples, seed, env, keystone.admin_password)
                    else:
                        run = run_schemathesis(keystone.url, spec, work, examples, seed, env, token)
                    if server_cpu is not None:
                        run.server_cpu = (keystone.cpu_seconds() or server_cpu) - server_cpu
                    run.lost, run.left = _changes(before, _inventory(database))
            except KeystoneUnavailable as exc:
                print(f"Keystone cannot be started: {exc}", file=sys.stderr)
                return 2
            runs.append(run)
            print(f"{tool}: {run.seconds:.1f} s", file=sys.stderr, flush=True)
            if keep is not None:
                shutil.copytree(work, keep / tool, dirs_exist_ok=True)
    _print(runs, examples, seed)
    return 0


def _print(runs: list[ToolRun], examples: int, seed: int) -> None:
    print(f"\nKeystone (Identity v3 operations of ../shared/corpus/rst/iam), max-examples {examples}, seed {seed}\n")
    head = ["", *(run.tool for run in runs)]
    rows = [["wall time", *(f"{run.seconds:.1f} s" for run in runs)],
            ["CPU: tool / Keystone", *(f"{run.client_cpu:.1f} s / " + (f"{run.server_cpu:.1f} s" if run.server_cpu
                                                                     is not None else "?") for run in runs)],
            ["requests / test cases", *(str(run.cases) for run in runs)]]
    for label, real in (("real findings (operation x kind)", True), ("false alarms (operation x kind)", False)):
        rows.append([label, *(str(sum(any(is_real(f) for f in group) == real for group in run.groups().values()))
                              for run in runs)])
    rows.append(["server errors found (operations)", *(str(len({op for (op, kind) in run.groups()
                                                              if kind == "server error"})) for run in runs)])
    rows.append(["pre-existing resources deleted or changed", *(str(len(run.lost)) for run in runs)])
    rows.append(["created resources left behind", *(str(len(run.left)) for run in runs)])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(head))
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print(line(row))
    if len(runs) == 2 and runs[1].seconds:
        print(f"\ntime ratio docconform / schemathesis: {runs[0].seconds / runs[1].seconds:.2f}")
        cpu = [run.client_cpu + (run.server_cpu or 0.0) for run in runs]
        if cpu[1] and all(run.server_cpu is not None for run in runs):
            print(f"CPU ratio (tool + Keystone) docconform / schemathesis: {cpu[0] / cpu[1]:.2f}")
    for run in runs:
        if run.verdicts:
            _print_verdicts(run)
    for run in runs:
        print(f"\n{run.tool}:")
        for (op, kind), group in sorted(run.groups().items()):  # noqa: B007
            verdict = "real" if any(is_real(f) for f in group) else "false alarm"
            first = next((f for f in group if is_real(f) == (verdict == "real")), group[0])
            print(f"  [{verdict}] {op}: {kind} ({len(group)} case(s); status {first.status})")
        for line_ in run.lost:
            print(f"  LOST: {line_}")
        for line_ in run.left[:20]:
            print(f"  LEFT: {line_}")


def _print_verdicts(run: ToolRun) -> None:
    """The run's table of checks, as the README shows it."""
    print(f"\n{run.tool} checks:\n")
    print("| check | " + " | ".join(v.replace("-", " ") for v in _VERDICTS) + " |")
    print("| --- |" + " ---: |" * len(_VERDICTS))
    for name, row in sorted(run.verdicts.items()):
        print(f"| `{name}` | " + " | ".join(str(row.get(v, 0)) for v in _VERDICTS) + " |")
    totals = [sum(row.get(v, 0) for row in run.verdicts.values()) for v in _VERDICTS]
    print("| **total** | " + " | ".join(str(t) for t in totals) + " |")
