"""Load benchmark: ``docconform mock`` against Prism, same requests, same load, same run.

Both mocks serve the seeds' contract (docconform from the bundle folder,
Prism from the OpenAPI document ``docconform extract`` writes), both with
request validation on, each in its own process, one after the other so each
has the machine to itself. The load is wrk when it is installed, otherwise
a bounded asyncio generator on loopback (keep-alive connections, fixed
duration). Every request is a valid call of a documented operation, so any
answer but 200 counts as an error.

    .venv/bin/python benchmarks/bench_mock.py                 # 10 s each, 50 connections
    .venv/bin/python benchmarks/bench_mock.py --duration 5 --connections 20 --load python
    .venv/bin/python benchmarks/bench_mock.py --no-prism

Prism (npm @stoplight/prism-cli) is installed on demand into
benchmarks/.prism/ (ignored by git); without npm the Prism column is
skipped with a message. Prism runs with ``-v silent`` so that its request
logging does not count against it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRISM_DIR = REPO / "benchmarks" / ".prism"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}

#: Valid calls of the three documented operations (method, path, headers, body).
REQUESTS: list[tuple[str, str, dict[str, str], str]] = [
    ("POST", "/v1.0/48cc2c48765f481480c7db940d6409d1/streaming/jobs/stop", JSON_HEADERS,
     json.dumps({"job_ids": [128, 137], "trigger_savepoint": False})),
    ("POST", "/v1.0/48cc2c48765f481480c7db940d6409d1/streaming/jobs/delete", JSON_HEADERS,
     json.dumps({"job_ids": [12, 232]})),
    ("PUT", "/v1.1/1551c7f6c808414d8e9f3c514a170f2e/clusters/6ec9a0a4/cdm/job/jdbc2hive/stop",
     {"X-Auth-Token": "token", "Accept": "application/json"}, ""),
]


@dataclass
class Result:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latency_ms: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} not ready after {timeout:g}s")


def ensure_prism(install: bool) -> str | None:
    """The Prism binary, installed on demand; None (with a message) when unavailable."""
    if PRISM_BIN.exists():
        return str(PRISM_BIN)
    npm = shutil.which("npm")
    if not install or npm is None:
        print("prism: skipped (not installed and " + ("npm not found)" if npm is None else "--no-install)"))
        return None
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    (PRISM_DIR / ".gitignore").write_text("*\n", encoding="utf-8")
    print("prism: installing @stoplight/prism-cli into benchmarks/.prism ...", flush=True)
    done = subprocess.run([npm, "install", "--prefix", str(PRISM_DIR), "@stoplight/prism-cli"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0 or not PRISM_BIN.exists():
        print(f"prism: skipped (npm install failed: {done.stderr.strip()[-300:]})")
        return None
    return str(PRISM_BIN)


# -- load: wrk -------------------------------------------------------------

def _lua(requests: list[tuple[str, str, dict[str, str], str]]) -> str:
    lines = ["local reqs = {}", "local i = 0", "init = function(args)"]
    for n, (method, path, headers, body) in enumerate(requests, 1):
        hdrs = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
        lines.append(f"  reqs[{n}] = wrk.format({json.dumps(method)}, {json.dumps(path)}, {{{hdrs}}}, "
                     f"{json.dumps(body) if body else 'nil'})")
    lines += ["end", "request = function()", "  i = i % #reqs + 1", "  return reqs[i]", "end"]
    return "\n".join(lines) + "\n"


def load_wrk(name: str, port: int, duration: float, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(REQUESTS))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", "-s", script.name,
         f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    total = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))  # type: ignore[union-attr]
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.MULTILINE)}
    return Result(name, total, errors + (int(non_2xx.group(1)) if non_2xx else 0), seconds, latency, "wrk")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# -- load: bounded asyncio generator -------------------------------------------

def _raw(method: str, path: str, headers: dict[str, str], body: str) -> bytes:
    data = body.encode()
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(data)}",
            *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


async def _read_status(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    found = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if found:
        await reader.readexactly(int(found.group(1)))
    elif re.search(rb"(?i)\r\ntransfer-encoding:\s*chunked", head):
        while size := int((await reader.readline()).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    return status


async def _worker(port: int, offset: int, deadline: float, result: Result, latencies: list[float]) -> None:
    payloads = [_raw(*r) for r in REQUESTS]
    i = offset
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while time.monotonic() < deadline:
        started = time.perf_counter()
        writer.write(payloads[i % len(payloads)])
        i += 1
        try:
            status = await _read_status(reader)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            result.errors += 1
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            continue
        latencies.append(time.perf_counter() - started)
        result.requests += 1
        result.errors += status != 200
    writer.close()


async def _load_python(name: str, port: int, duration: float, connections: int) -> Result:
    result = Result(name, note="python generator")
    latencies: list[float] = []
    started = time.monotonic()
    await asyncio.gather(*(_worker(port, n, started + duration, result, latencies)
                           for n in range(connections)))
    result.seconds = time.monotonic() - started
    latencies.sort()
    if latencies:
        result.latency_ms = {p: 1000 * latencies[min(len(latencies) - 1, len(latencies) * int(p) // 100)]
                             for p in ("50", "99")}
    return result


def load_python(name: str, port: int, duration: float, connections: int) -> Result:
    return asyncio.run(_load_python(name, port, duration, connections))


# -- running both ----------------------------------------------------------------

def bench(name: str, command: list[str], port: int, args: argparse.Namespace) -> Result:
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc)
        load = load_wrk if args.load == "wrk" else load_python
        load(name, port, 1.0, min(args.connections, 10))  # warm-up
        return load(name, port, args.duration, args.connections)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per server")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--schemas", default="schemas", help="bundle folder for docconform")
    parser.add_argument("--openapi", default="schemas/openapi.json", help="OpenAPI document for Prism")
    parser.add_argument("--no-prism", action="store_true")
    parser.add_argument("--no-install", action="store_true", help="do not npm-install Prism")
    args = parser.parse_args()
    if args.load == "auto":
        args.load = "wrk" if shutil.which("wrk") else "python"
    results = []
    port = free_port()
    results.append(bench("docconform mock", [sys.executable, "-m", "docconform.cli", "mock", args.schemas,
                                             "--port", str(port), "--quiet"], port, args))
    prism = None if args.no_prism else ensure_prism(not args.no_install)
    if prism:
        port = free_port()
        results.append(bench("prism", [prism, "mock", args.openapi, "-p", str(port), "-v", "silent"],
                             port, args))
    report(results, args)
    return 1 if results[0].errors else 0  # the goal: no request to docconform's mock fails


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(f"\nload: {args.load}, {args.connections} connections, {args.duration:g}s per server, "
          f"{len(REQUESTS)} valid requests in rotation, validation on in both")
    print(f"{'':<20}" + "".join(f"{r.name:>18}" for r in results))
    rows: list[tuple[str, Callable[[Result], str]]] = [("requests/s", lambda r: f"{r.rps:,.0f}"), ("requests", lambda r: f"{r.requests:,}"),
            ("errors", lambda r: str(r.errors)),
            ("latency p50 (ms)", lambda r: f"{r.latency_ms.get('50', float('nan')):.2f}"),
            ("latency p99 (ms)", lambda r: f"{r.latency_ms.get('99', float('nan')):.2f}")]
    for label, cell in rows:
        print(f"{label:<20}" + "".join(f"{cell(r):>18}" for r in results))
    if len(results) == 2 and results[1].rps:
        print(f"\ndocconform / prism requests per second: {results[0].rps / results[1].rps:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
