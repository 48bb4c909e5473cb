"""The conformance suite against the correct reference app behind production HTTP servers.

For each way of serving the app (uWSGI ``--http-socket``, which closes the
connection after every answer; uWSGI ``--http11-socket``, keep-alive that closes
after an answer whose request body the app did not read; uvicorn over h11; the
standard-library server with ``Connection: close`` and as HTTP/1.0) and each
page set (the seeds' ``schemas/openapi.json`` and ``tests/data/served``), one
``docconform test`` run prints: checks passed and failed, requests sent,
requests sent again on a fresh connection, and cases left unjudged because the
server closed the connection before answering (transport events). The app is
correct, so failures and transport events should both be 0;
tests/test_conformance_realservers.py asserts that, this script shows the figures.

Usage::

    pip install -e ".[realserver]"   # uWSGI (compiles)
    python benchmarks/bench_realservers.py [--max-examples 40] [--seed 1]

Not responsible for speed: wall time is printed but the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from tests.servers.realservers import MODES, missing, running  # noqa: E402
from tests.servers.reference_server import serve  # noqa: E402

TOKEN = "bench-token"
STDLIB = ("stdlib-close", "stdlib-http/1.0")


@contextlib.contextmanager
def _served(mode: str, logs: Path) -> Iterator[str]:
    if mode in STDLIB:
        with serve(connection=mode.removeprefix("stdlib-")) as server:
            yield server.url
    else:
        with running(mode, logs) as url:
            yield url


def _run(spec: Path, url: str, work: Path, examples: int, seed: int) -> list[str]:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "docconform"), "test", "--base-url", url, str(spec), "--max-examples",
                           str(examples), "--seed", str(seed), "--header", f"X-Auth-Token={TOKEN}",
                           "--report-dir", str(work), "-q"], cwd=work, capture_output=True, text=True,
                          timeout=1800, check=False)
    seconds = time.perf_counter() - start
    report = json.loads((work / "docconform.conformance.json").read_text())
    checks = [c for e in report["endpoints"] for c in e["checks"]]
    events = sum(c.get("transport_events", {}).get("cases", 0) for c in checks)
    sent = re.search(r"(\d+) requests sent", done.stdout)
    again = re.search(r"(\d+) sent again on a fresh connection", done.stdout)
    return [str(sum(c["status"] == "passed" for c in checks)), str(sum(c["status"] == "failed" for c in checks)),
            sent.group(1) if sent else "?", again.group(1) if again else "0", str(events), f"{seconds:.1f}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    head = ["server", "pages", "passed", "failed", "requests", "sent again", "transport events", "wall s"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-realservers-") as tmp:
        served = Path(tmp) / "served" / "openapi.json"
        subprocess.run([str(BIN / "docconform"), "extract", str(REPO / "tests" / "data" / "served"), "-o",
                        str(served.parent), "--openapi", str(served), "--no-cache"], check=True,
                       capture_output=True, timeout=600)
        for mode in (*MODES, *STDLIB):
            reason = None if mode in STDLIB else missing(mode)
            if reason:
                rows.append([mode, "-", f"not run: {reason}", "", "", "", "", ""])
                continue
            for pages, spec in (("seeds", REPO / "schemas" / "openapi.json"), ("served", served)):
                work = Path(tmp) / f"{mode.replace('/', '')}-{pages}"
                work.mkdir()
                with _served(mode, Path(tmp)) as url:
                    rows.append([mode, pages, *_run(spec, url, work, args.max_examples, args.seed)])
                print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(f"\nmax-examples {args.max_examples}, seed {args.seed}\n")
    for row in [head, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
