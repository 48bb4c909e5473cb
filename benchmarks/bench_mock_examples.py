"""Does the mock accept each page's own example request? One figure per corpus set.

Usage::

    .venv/bin/python benchmarks/bench_mock_examples.py [--only rst/ecs ...] [--jobs N]
        [--keep DIR] [--reuse DIR] [--detail] [--json] [--corpus DIR]

For every ``FORMAT/SVC`` folder of the corpus it extracts the set (as
``bench_accuracy.py`` does: this venv's ``docconform extract``), starts
``docconform mock SCHEMAS --port 0`` (uvicorn on loopback, a real server
process), and sends every page's strict-JSON example request to its own
method and path (placeholders filled with one token), with the documented
media type. A masked secret in the body (``"password": "******"``) is a
placeholder too and is filled with a string of the length the field asks for;
the examples that had one are counted under the table. An example is *accepted* when the answer carries no error-level
violation under ``/body`` (a missing header or path value does not count: the
examples show bodies, not credentials). Each set is served twice: as
``docconform mock`` does by default, where a body that breaks a rule the way
the page's own example does is served with a warning (a page precedent), and
with ``--strict``, where the tables win. It prints, per set, the examples
sent, the share accepted, how many of those only by a precedent
(``X-Docconform-Precedents``), the share accepted under ``--strict``, and how
many were matched to their own page's variant when the mock names one
(``X-Docconform-Variant``). ``--detail`` lists every rejected example with
the violations the mock gave, by default and under ``--strict``.

``--reuse DIR`` takes the schemas from ``DIR/FORMAT-SVC/schemas`` when they
exist (from an earlier ``--keep DIR``) instead of extracting again.
Exit status 2 when the corpus is missing, 1 when a set failed to extract or serve.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _acceptance import Probe, Verdict, probes, verdict  # noqa: E402
from bench_accuracy import add_set_arguments, corpus_sets, docconform_command, extract, work_folder  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
_URL = re.compile(r"at (http://[^\s]+)")


class Mock:
    """``docconform mock`` in a child process on a free loopback port."""

    def __init__(self, schemas: Path, log: Path, strict: bool = False) -> None:
        self._log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [*docconform_command(), "mock", str(schemas), "--port", "0", "--seed", "1", "-q",
             *(["--strict"] if strict else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.url = self._wait_for_url()
        self._drain = threading.Thread(target=self._copy_log, daemon=True)
        self._drain.start()
        self._wait_until_serving()

    def _wait_for_url(self) -> str:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._log.write(line)
            found = _URL.search(line)
            if found:
                return found.group(1).rstrip("/")
        raise RuntimeError(f"mock exited with {self.proc.wait()} before serving")

    def _copy_log(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._log.write(line)

    def _wait_until_serving(self, limit: float = 60.0) -> None:
        """The URL is printed once the socket is bound; uvicorn accepts a moment later."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/", timeout=2.0)
                return
            except httpx.TransportError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("mock did not answer")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._drain.join(timeout=5)
        self._log.close()


def send_all(url: str, sent: list[Probe]) -> list[Verdict]:
    out = []
    with httpx.Client(base_url=url, timeout=10.0) as client:
        for p in sent:
            r = client.request(p.method, p.path, content=p.body, headers={"content-type": p.media_type})
            out.append(verdict(r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.content))
    return out


def bundles(schemas: Path) -> list[dict[str, Any]]:
    index = json.loads((schemas / "index.json").read_text(encoding="utf-8"))
    out = []
    for name in index.get("files", []):
        path = schemas / name
        if name != "index.json" and name.endswith(".json") and path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "request" in data:
                out.append(data)
    return out


def run_set(fmt: str, svc: str, a: argparse.Namespace, work: Path) -> dict[str, Any]:
    row: dict[str, Any] = {"service": svc, "format": fmt}
    out = work / f"{fmt}-{svc}"
    reused = a.reuse / f"{fmt}-{svc}" / "schemas" if a.reuse else None
    if reused is not None and (reused / "index.json").is_file():
        schemas = reused
    else:
        if extract(fmt, svc, a.corpus, out) is None:
            row["error"] = "extract failed"
            return row
        schemas = out / "schemas"
    sent = [p for b in bundles(schemas) for p in probes(b)]
    sent.sort(key=lambda p: (p.source, p.method, p.path))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    try:
        verdicts = serve_and_send(schemas, out / "mock.log", sent, strict=False)
        strict = serve_and_send(schemas, out / "mock-strict.log", sent, strict=True)
    except (RuntimeError, OSError) as exc:
        row["error"] = f"mock failed: {exc}"
        return row
    row.update(sent=len(sent), accepted=sum(v.accepted for v in verdicts),
               precedent=sum(v.accepted and v.precedents > 0 for v in verdicts),
               strict=sum(v.accepted for v in strict),
               named=sum(v.variant is not None for v in verdicts),
               masked=sum(p.masked > 0 for p in sent),
               own=sum(v.variant is not None and v.variant == p.label for p, v in zip(sent, verdicts)),
               seconds=round(time.monotonic() - t0, 1))
    row["rejected"] = [{"source": p.source, "page": p.label, "request": f"{p.method} {p.path}",
                        "status": v.status, "variant": v.variant, "reasons": list(v.reasons)}
                       for p, v in zip(sent, verdicts) if not v.accepted]
    row["rejected_strict"] = [{"source": p.source, "page": p.label, "request": f"{p.method} {p.path}",
                               "status": v.status, "variant": v.variant, "reasons": list(v.reasons)}
                              for p, v in zip(sent, strict) if not v.accepted]
    row["elsewhere"] = [{"source": p.source, "page": p.label, "variant": v.variant, "accepted": v.accepted}
                        for p, v in zip(sent, verdicts) if v.variant is not None and v.variant != p.label]
    return row


def serve_and_send(schemas: Path, log: Path, sent: list[Probe], *, strict: bool) -> list[Verdict]:
    """Every probe's verdict from one mock process (``--strict`` or not) serving ``schemas``."""
    mock = Mock(schemas, log, strict=strict)
    try:
        return send_all(mock.url, sent)
    finally:
        mock.stop()


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f}%" if d else "-"


def report(rows: list[dict[str, Any]], detail: bool) -> None:
    print("| service | format | example requests | accepted | share | of which by precedent "
          "| accepted --strict | share --strict | variant named / own page |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    total = {"sent": 0, "accepted": 0, "precedent": 0, "strict": 0, "named": 0, "own": 0}
    for r in rows:
        if "sent" not in r:
            print(f"| {r['service']} | {r['format']} | {r.get('error', '')} | | | | | | |")
            continue
        for k in total:
            total[k] += r[k]
        print(f"| {r['service']} | {r['format']} | {r['sent']} | {r['accepted']} | "
              f"{pct(r['accepted'], r['sent'])} | {r['precedent']} | {r['strict']} | {pct(r['strict'], r['sent'])} | "
              f"{r['named']} / {r['own']} |")
    print(f"| **all** | | {total['sent']} | {total['accepted']} | {pct(total['accepted'], total['sent'])} | "
          f"{total['precedent']} | {total['strict']} | {pct(total['strict'], total['sent'])} | "
          f"{total['named']} / {total['own']} |")
    masked = [f"{r['format']}/{r['service']} {r['masked']}" for r in rows if r.get("masked")]
    if masked:
        print(f"\nexamples with a masked secret filled: {sum(r.get('masked', 0) for r in rows)} ({', '.join(masked)})")
    if not detail:
        return
    for r in rows:
        for x in r.get("elsewhere", []):
            print(f"\n{r['format']}/{r['service']}: {x['source']} judged by another page: {x['variant']} "
                  f"({'accepted' if x['accepted'] else 'rejected'})")
    for key, label in (("rejected", ""), ("rejected_strict", " [--strict]")):
        for r in rows:
            for x in r.get(key, []):
                print(f"\n{r['format']}/{r['service']}{label}: {x['source']} {x['request']} -> {x['status']}"
                      + (f" (matched {x['variant']})" if x["variant"] else ""))
                for reason in x["reasons"][:6]:
                    print(f"    {reason}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_set_arguments(ap, "sets at a time (default 2)")
    ap.add_argument("--reuse", type=Path, metavar="DIR", help="take schemas from an earlier --keep DIR")
    ap.add_argument("--detail", action="store_true", help="list every rejected example with its violations")
    ap.add_argument("--json", action="store_true", help="print one JSON object per set instead of the table")
    a = ap.parse_args(argv)
    a.jobs = max(1, a.jobs)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    sets = corpus_sets("bench_mock_examples", a.corpus, a.only)
    if sets is None:
        return 2
    with work_folder(a.keep, "bench_mock_examples") as work:
        with ThreadPoolExecutor(a.jobs) as pool:
            rows = list(pool.map(lambda s: run_set(*s, a, work), sets))
        if a.json:
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
        else:
            report(rows, a.detail)
    if a.keep:
        print(f"\noutputs kept in {a.keep}{os.sep}")
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
