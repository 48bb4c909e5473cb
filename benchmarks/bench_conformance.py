"""docconform's conformance suite against Schemathesis, over the reference server's fault variants.

Two page sets, each with its faults: the seed pages (OpenAPI
``schemas/openapi.json``) and the pages of ``tests/data/served`` (request
formats and success-status forms; their OpenAPI is written by ``docconform
extract tests/data/served --openapi`` into a temporary folder), whose faults
answer 500 to an array, an object or ``null`` in a String field. Both tools
get the same OpenAPI document, the same servers (the reference
implementation and each single-fault variant, each in its own process on
loopback), the same seed, the same header and the same ``--max-examples``. A tool *finds* a fault when its run against the variant
reports a failure (check and operation) that its run against the correct
reference does not; false alarms on the reference are listed too. Wall time
is measured around each tool's own command line, start-up included.

Usage::

    python benchmarks/bench_conformance.py [--max-examples 100] [--seed 1] [--fault NAME ...]
    python benchmarks/bench_conformance.py --keystone [--max-examples 20] [--seed 1] [--keep DIR]

``--keystone`` compares the two tools on a real server instead: OpenStack
Keystone against the IAM pages (``benchmarks/_keystone.py`` says how each
failure is read as a real finding or a false alarm).

Needs Schemathesis in the same environment (``pip install schemathesis``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

REPO = Path(__file__).resolve().parents[1]
SEEDS_SPEC = REPO / "schemas" / "openapi.json"
SERVED_PAGES = REPO / "tests" / "data" / "served"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from tests.servers.reference_server import FAULTS

TOKEN = "bench-token"


@dataclass
class Run:
    seconds: float
    failures: set[tuple[str, str]] = field(default_factory=set)
    requests: int | None = None
    exit_code: int = 0


class Server:
    """The reference server (optionally with a fault) in a child process."""

    def __init__(self, fault: str | None) -> None:
        args = [sys.executable, str(REPO / "tests" / "servers" / "reference_server.py")]
        args += ["--fault", fault] if fault else []
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    return time.perf_counter() - start, done


def run_docconform(spec: Path, url: str, work: Path, examples: int, seed: int, env: dict[str, str]) -> Run:
    args = [str(BIN / "docconform"), "test", "--base-url", url, str(spec), "--max-examples", str(examples),
            "--seed", str(seed), "--header", f"X-Auth-Token={TOKEN}", "--report-dir", str(work), "-q"]
    seconds, done = _timed(args, work, env)
    report = json.loads((work / "docconform.conformance.json").read_text())
    failures = {(e["endpoint"].split(" (")[0], c["check"]) for e in report["endpoints"]
                for c in e["checks"] if c["status"] == "failed"}
    sent = re.search(r"(\d+) requests sent", done.stdout)
    return Run(seconds, failures, int(sent.group(1)) if sent else None, done.returncode)


def run_schemathesis(spec: Path, url: str, work: Path, examples: int, seed: int, env: dict[str, str]) -> Run:
    report = work / "schemathesis.json"
    args = [str(BIN / "schemathesis"), "run", str(spec), "--url", url, "-H", f"X-Auth-Token: {TOKEN}",
            "--checks", "all", "--max-examples", str(examples), "--seed", str(seed),
            "--report", "json", "--report-json-path", str(report)]
    seconds, done = _timed(args, work, env)
    data = json.loads(report.read_text())
    failures = {(op, f"{f['code']} {f['title']}") for f in data["failures"] for op in f["operations"]}
    return Run(seconds, failures, data["test_cases"]["generated"], done.returncode)


def _label(found: set[tuple[str, str]], expected: str | None) -> str:
    if not found:
        return "missed"
    checks = sorted({check for _, check in found})
    named = expected is None or expected in checks
    return ("found" if named else "found*") + f" ({', '.join(checks)[:60]})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault", action="append", choices=sorted(FAULTS), default=None)
    parser.add_argument("--keystone", action="store_true",
                        help="Certify a fresh OpenStack Keystone against ../shared/corpus/rst/iam with both tools.")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="--keystone: copy each tool's reports here (to read every failure).")
    args = parser.parse_args(argv)
    if shutil.which("schemathesis", path=str(BIN)) is None:
        print("schemathesis is not installed in this environment (pip install schemathesis)", file=sys.stderr)
        return 2
    if args.keystone:
        from benchmarks import _keystone
        return _keystone.main(args.max_examples, args.seed, keep=args.keep)
    tools = {"docconform": run_docconform, "schemathesis": run_schemathesis}
    chosen = args.fault or sorted(FAULTS)
    rows, alarms, totals = [], [], {name: [0, 0.0, 0] for name in tools}
    faults = 0
    with tempfile.TemporaryDirectory(prefix="bench-conformance-") as tmp:
        env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(Path(tmp) / "hypothesis"),
               "PYTHONPATH": str(REPO)}
        for pages, spec in (("seeds", SEEDS_SPEC), ("served", None)):
            variants = [f for f in chosen if FAULTS[f].pages == pages]
            if not variants:
                continue
            spec = spec or _served_spec(Path(tmp), env)
            faults += len(variants)
            baseline = _compare(pages, spec, variants, tools, args, Path(tmp), env, totals, rows)
            alarms += [f"  {pages}: {name} false alarm on the reference: {check} on {op}"
                       for name, run in baseline.items() for op, check in sorted(run.failures)]
    _print(rows, totals, faults, args)
    print("\n".join(alarms))
    return 0


def _served_spec(tmp: Path, env: dict[str, str]) -> Path:
    """The OpenAPI document of tests/data/served, as ``docconform extract`` writes it."""
    spec = tmp / "served" / "openapi.json"
    subprocess.run([str(BIN / "docconform"), "extract", str(SERVED_PAGES), "-o", str(tmp / "served"),
                    "--openapi", str(spec), "--no-cache"], env=env, check=True, capture_output=True, timeout=600)
    return spec


def _compare(pages: str, spec: Path, variants: list[str], tools: dict[str, Any], args: argparse.Namespace,
             tmp: Path, env: dict[str, str], totals: dict[str, list[float]], rows: list[list[str]]) -> dict[str, Run]:
    """Rows for one page set: the correct reference (its failures are false alarms), then each fault,
    found when a tool reports a failure its run against the reference did not; returns the reference runs."""
    baseline: dict[str, Run] = {}
    for variant in [None, *variants]:
        row = [f"{pages}: {variant or 'reference (no fault)'}", FAULTS[variant].check if variant else "-"]
        with Server(variant) as server:
            for name, tool in tools.items():
                work = tmp / f"{name}-{pages}-{variant or 'reference'}"
                work.mkdir()
                run = tool(spec, server.url, work, args.max_examples, args.seed, env)
                if variant is None:
                    baseline[name] = run
                    row.append("clean" if not run.failures else f"{len(run.failures)} false alarms")
                else:
                    new = run.failures - baseline[name].failures
                    row.append(_label(new, FAULTS[variant].check if name == "docconform" else None))
                    totals[name][0] += bool(new)
                row.append(f"{run.seconds:.2f}s/{run.requests or '?'}")
                totals[name][1] += run.seconds
                totals[name][2] += run.requests or 0
        rows.append(row)
        print(" | ".join(row), file=sys.stderr, flush=True)
    return baseline


def _print(rows: list[list[str]], totals: dict[str, list[float]], faults: int, args: argparse.Namespace) -> None:
    head = ["variant", "expected check", "docconform", "time/requests", "schemathesis", "time/cases"]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(f"\nmax-examples {args.max_examples}, seed {args.seed}; OpenAPI {SEEDS_SPEC.relative_to(REPO)} (seeds), "
          f"docconform extract {SERVED_PAGES.relative_to(REPO)} --openapi (served)\n")
    print(line(head))
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in rows:
        print(line(row))
    d, s = totals["docconform"], totals["schemathesis"]
    print(f"\nfaults found: docconform {int(d[0])}/{faults}, schemathesis {int(s[0])}/{faults}")
    print(f"wall time: docconform {d[1]:.1f} s ({int(d[2])} requests), schemathesis {s[1]:.1f} s "
          f"({int(s[2])} test cases); ratio {d[1] / s[1]:.2f}")
    print("found* = found, but not by the check the fault was designed for")


if __name__ == "__main__":
    sys.exit(main())
