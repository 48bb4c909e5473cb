"""Serving the mock with uvicorn, in the foreground or in a background thread.

uvicorn (with httptools and uvloop when installed) does the HTTP: parsing,
keep-alive, malformed requests (answered 400 by uvicorn itself), graceful
shutdown. Measured with wrk on the seeds' contract, 50 connections, on a
shared 2-core machine: httptools + uvloop about 6,400-8,700 requests/s,
httptools + asyncio 6,100, h11 + asyncio 3,100 (Prism in the same run:
1,900); hence httptools and uvloop as dependencies, not just uvicorn. :class:`MockServer` binds the socket itself, so port 0 gives a
free port known before the first request, loopback unless told otherwise.

What uvicorn only logs, the record needs: a logging handler turns the
``uvicorn.error`` warnings of this server's thread (malformed HTTP, an
exception in the application) into recorder events.

Not responsible for what the application answers (:mod:`.mock`) or for
the command line (:mod:`.mock_command`).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import uvicorn

from ..contract import Operation
from .app import MockApp, MockOptions
from .doubts import ContractNotes
from .record import Recorder

__all__ = ["MockServer"]

_EVENT_KINDS = (("Invalid HTTP request", "malformed-http"), ("Exception in ASGI", "server-error"))


class _EventHandler(logging.Handler):
    """uvicorn's warnings about this server's connections, as record events."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__(logging.WARNING)
        self.recorder = recorder
        self.thread_id: int | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread_id:
            return
        message = record.getMessage()
        kind = next((k for text, k in _EVENT_KINDS if text in message), "server-warning")
        detail = str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
        self.recorder.event(kind, message + (f": {detail}" if detail else ""))


class MockServer:
    """One mock: its recorder, its socket and its uvicorn server."""

    def __init__(self, operations: list[Operation], options: MockOptions | None = None, *,
                 host: str = "127.0.0.1", port: int = 0, record: Path | None = None,
                 contract_source: str = "", limit_concurrency: int | None = None,
                 max_exchanges: int = 20_000,
                 listener: Callable[[dict[str, Any]], None] | None = None,
                 notes: ContractNotes | None = None) -> None:
        self.options = options or MockOptions()
        self.record_path = record
        settings: dict[str, Any] = {
            "seed": self.options.seed, "max_body": self.options.max_body,
            "read_timeout": self.options.read_timeout, "strict": self.options.strict}
        self.recorder = Recorder(operations, contract_source=contract_source, settings=settings,
                                 max_exchanges=max_exchanges, listener=listener)
        self.app = MockApp(operations, self.options, self.recorder, on_shutdown=self.write_record,
                           notes=notes)
        self.operations = operations
        self._sock = _bind(host, port)
        self.host, self.port = self._sock.getsockname()[:2]
        self._server = uvicorn.Server(uvicorn.Config(
            self.app, log_config=None, access_log=False, lifespan="on", server_header=False,
            limit_concurrency=limit_concurrency, timeout_keep_alive=5, timeout_graceful_shutdown=5,
        ))
        self._handler = _EventHandler(self.recorder)
        self._thread: threading.Thread | None = None
        self._written = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def record_written(self) -> bool:
        return self._written

    def write_record(self) -> None:
        """Write the record file if one was asked for (at shutdown; safe to call again)."""
        if self.record_path is not None:
            self.recorder.write(self.record_path)
        self._written = True

    def serve_forever(self) -> None:
        """Serve in this thread until SIGINT/SIGTERM or :meth:`stop`; the record is written
        during the graceful shutdown."""
        self._run()

    def start(self, timeout: float = 10.0) -> Self:
        """Serve from a daemon thread; returns once the server accepts connections."""
        self._thread = threading.Thread(target=self._run, name=f"docconform-mock-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the mock did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful shutdown: finish open exchanges, then write the record."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if not self.record_written:
            self.write_record()

    def _run(self) -> None:
        logger = logging.getLogger("uvicorn.error")
        self._handler.thread_id = threading.get_ident()
        logger.addHandler(self._handler)
        try:
            self._server.run(sockets=[self._sock])
        finally:
            logger.removeHandler(self._handler)
            self._sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # listen now, not when uvicorn's loop gets to it: the banner names the URL as soon
        # as this returns, and a client that connects before the loop runs is queued,
        # not refused
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
