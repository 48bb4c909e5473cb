"""Servers that drop kept-alive connections, made deterministic for the client's retry rules.

Responsible for: one loopback TCP server per behaviour in :data:`BEHAVIOURS`.
Each answers the first request of a connection correctly (``200``, ``{}``,
keep-alive implied by HTTP/1.1) and then:

* ``reset-next`` waits until the next request has arrived and closes with it
  unread: the kernel resets the connection, the request was provably never
  read (uWSGI's ``--http-socket`` race);
* ``close-after-reading`` reads the next request whole and closes without a
  word: the server may have acted on it;
* ``close-every-time`` answers nothing at all, on any connection.

It counts the requests that reached it (``requests``) and the connections
(``connections``), so tests can tell a retry from none.

Not responsible for: HTTP semantics beyond that (``reference_server``) or
slow and broken answers (``hostile``).
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["BEHAVIOURS", "Dropping", "serve_dropping"]

BEHAVIOURS = ("reset-next", "close-after-reading", "close-every-time")
_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def _read_request(sock: socket.socket) -> bool:
    """Read one request (head and Content-Length body); False when the client went away."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return False
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return False
        body += chunk
    return True


@dataclass
class Dropping:
    url: str
    requests: int = 0
    connections: int = 0


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        state: Dropping = self.server.state  # type: ignore[attr-defined]
        behaviour: str = self.server.behaviour  # type: ignore[attr-defined]
        state.connections += 1
        sock.settimeout(5)
        with contextlib.suppress(OSError):
            if not _read_request(sock):
                return
            state.requests += 1
            if behaviour == "close-every-time":
                return
            sock.sendall(_ANSWER)
            if behaviour == "reset-next":
                select.select([sock], [], [], 5)  # the next request is here, unread: closing resets
                return
            if _read_request(sock):
                state.requests += 1


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        # close() alone, as uWSGI does: with bytes unread the kernel answers them with a reset
        # (socketserver's shutdown(SHUT_WR) first would send an orderly FIN ahead of it).
        self.close_request(request)


@contextlib.contextmanager
def serve_dropping(behaviour: str) -> Iterator[Dropping]:
    """A server with ``behaviour`` on a free loopback port."""
    if behaviour not in BEHAVIOURS:
        raise ValueError(f"unknown behaviour {behaviour!r}; known: {', '.join(BEHAVIOURS)}")
    server = _Server(("127.0.0.1", 0), _Handler)
    state = Dropping(f"http://127.0.0.1:{server.server_address[1]}")
    server.state, server.behaviour = state, behaviour  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
