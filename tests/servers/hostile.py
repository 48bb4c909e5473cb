"""Servers that misbehave below HTTP semantics, on loopback, for the client's bounds.

Responsible for: one TCP server per behaviour in :data:`BEHAVIOURS`: never
answering, answering one byte per second, an endless body, a gzip bomb,
invalid UTF-8 in a JSON body, a redirect to another host, closing the
connection mid-response, and bytes that are not HTTP. Every handler stops
when the client goes away, so a test never leaves a thread spinning.

Not responsible for: HTTP semantics (``reference_server``).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from functools import lru_cache

__all__ = ["BEHAVIOURS", "serve_hostile"]

_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def _read_request(sock: socket.socket) -> None:
    sock.settimeout(5)
    data = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return
            data += chunk


def _silent(sock: socket.socket) -> None:
    sock.settimeout(30)
    with contextlib.suppress(OSError):
        while sock.recv(65536):  # until the client gives up and closes
            pass


def _drip(sock: socket.socket) -> None:
    answer = _HEAD + b"Content-Length: 2\r\n\r\n{}"
    for byte in answer:
        sock.sendall(bytes([byte]))
        time.sleep(1.0)


def _endless(sock: socket.socket) -> None:
    sock.sendall(_HEAD + b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"[" + b"1," * 8000
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while True:
        sock.sendall(frame)


@lru_cache(maxsize=1)
def _bomb() -> bytes:
    return gzip.compress(b"\0" * (16 << 20), compresslevel=9)


def _gzip_bomb(sock: socket.socket) -> None:
    body = _bomb()
    sock.sendall(_HEAD + b"Content-Encoding: gzip\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def _invalid_utf8(sock: socket.socket) -> None:
    body = b'[{"is_success": true, "message": "caf\xe9 \xff\xfe"}]'
    sock.sendall(_HEAD + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def _redirect(sock: socket.socket) -> None:
    sock.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/steal\r\nContent-Length: 0\r\n\r\n")


def _close_mid(sock: socket.socket) -> None:
    sock.sendall(_HEAD + b"Content-Length: 1000\r\n\r\n" + b'[{"is_success": tr')
    sock.shutdown(socket.SHUT_RDWR)


def _garbage(sock: socket.socket) -> None:
    sock.sendall(b"\x16\x03\x01 this is not HTTP at all \x00\xff\r\n\r\n")


BEHAVIOURS: dict[str, Callable[[socket.socket], None]] = {
    "never-answers": _silent, "one-byte-per-second": _drip, "endless-body": _endless,
    "gzip-bomb": _gzip_bomb, "invalid-utf8": _invalid_utf8, "redirect-off-host": _redirect,
    "closes-mid-response": _close_mid, "not-http": _garbage,
}


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        _read_request(sock)
        with contextlib.suppress(OSError):
            self.server.behaviour(sock)  # type: ignore[attr-defined]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def serve_hostile(behaviour: str) -> Iterator[str]:
    """A server with ``behaviour`` on a free loopback port; yields its base URL."""
    if behaviour == "gzip-bomb":
        _bomb()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.behaviour = BEHAVIOURS[behaviour]  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
