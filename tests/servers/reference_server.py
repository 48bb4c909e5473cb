"""The reference implementation served by the standard library, for tests that read the wire.

Responsible for: serving :class:`~tests.servers.reference_app.ReferenceApp`
(the documented behaviour and its single-fault variants, :data:`FAULTS`) on
127.0.0.1 on a free port, and logging what it received so tests can see the
exact bytes a client sent. :data:`CONNECTIONS` are the ways it treats a
connection after an answer: ``keep-alive`` (HTTP/1.1, the default),
``close`` (HTTP/1.1 answers with ``Connection: close``) and ``http/1.0``
(HTTP/1.0 answers, one request per connection).

Not responsible for: what the answers are (``reference_app``), hostile
transport behaviour (``hostile.py``), or production servers (``reference_apps``
runs the same app under uWSGI and uvicorn).

Run it by hand: ``python tests/servers/reference_server.py [--fault NAME]``;
it prints its base URL and serves until interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``tests.servers`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.servers.reference_app import FAULTS, Fault, ReferenceApp

__all__ = ["CONNECTIONS", "FAULTS", "Fault", "RunningServer", "serve"]

CONNECTIONS = ("keep-alive", "close", "http/1.0")

Logged = tuple[str, str, dict[str, str], bytes]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one write per answer, no 40 ms delayed-ACK stalls
    wbufsize = 1 << 16
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read self.server.log
        pass

    def setup(self) -> None:
        super().setup()
        if self.server.connection == "http/1.0":
            self.protocol_version = "HTTP/1.0"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # any method, even QUERY or FOO, is routed (and gets 405 where undocumented)
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        body = self._read_body()  # read whole here, so a kept-alive connection stays in step
        self.server.log.append((self.command, self.path, dict(self.headers.items()), body))
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.server.app.answer(self.command, self.path, headers, lambda: body)
        data = answer.body()
        self.send_response(answer.status)
        for name, value in answer.header_pairs():
            self.send_header(name, value)
        if self.server.connection == "close":
            self.send_header("Connection", "close")  # sets close_connection too
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 4 << 20)) if length > 0 else b""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fault: str | None, connection: str = "keep-alive") -> None:
        if connection not in CONNECTIONS:
            raise ValueError(f"unknown connection handling {connection!r}; known: {', '.join(CONNECTIONS)}")
        self.app = ReferenceApp(fault)  # raises ValueError for an unknown fault
        super().__init__(("127.0.0.1", 0), Handler)
        self.fault, self.connection = fault, connection
        self.log: list[Logged] = []


@dataclass
class RunningServer:
    server: Server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def log(self) -> list[Logged]:
        return self.server.log


@contextlib.contextmanager
def serve(fault: str | None = None, connection: str = "keep-alive") -> Iterator[RunningServer]:
    """The reference server (with ``fault`` injected) running in a thread on a free loopback port."""
    server = Server(fault, connection)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield RunningServer(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=sorted(FAULTS), default=None)
    args = parser.parse_args(argv)
    server = Server(args.fault)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
