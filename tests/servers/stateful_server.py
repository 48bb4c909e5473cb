"""A small stateful identity server: login, users that are created, read, changed and deleted.

Responsible for: what a real server has that the reference server lacks, in
a form tests can inspect: a password login (``POST /v3/auth/tokens``, the
token in ``X-Subject-Token``, expiring after ``token_seconds``), a token
checked on every other request, a user that exists before any test
(``admin``), users made with ``POST /v3/users`` and removed with ``DELETE``, a
membership relation (``PUT``/``HEAD``/``DELETE /v3/groups/{group_id}/users/
{user_id}``), a federated login that answers 401 because no identity provider
is set up (as Keystone does without federation), and a log of every request with the token it carried. Faults
(:data:`FAULTS`) break one promise each. Its contract is
``tests/data/stateful/openapi.json``.

Not responsible for: being Keystone (``keystone.py`` runs the real one).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ADMIN_ID", "FAULTS", "PASSWORD", "serve"]

ADMIN_ID = "u-admin"
GROUP_ID = "g-staff"
PASSWORD = "stateful-secret-pw"
FAULTS = {
    "delete-keeps": "DELETE /v3/users/{user_id} answers 204 but the user stays",
    "create-fails": "POST /v3/users answers 503",
    "update-500": "PATCH /v3/users/{user_id} answers 500 when it disables the user",
}


@dataclass
class World:
    fault: str | None = None
    token_seconds: float = 3600.0
    users: dict[str, dict[str, Any]] = field(default_factory=lambda: {
        ADMIN_ID: {"id": ADMIN_ID, "name": "admin", "enabled": True}})
    members: set[tuple[str, str]] = field(default_factory=set)
    tokens: dict[str, float] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    log: list[tuple[str, str, str | None]] = field(default_factory=list)  # method, path, token
    counter: Any = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        world = self.server.world
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        token = self.headers.get("X-Auth-Token")
        with world.lock:
            world.log.append((self.command, path, token))
            self._route(world, path, body, token)

    def _route(self, world: World, path: str, body: bytes, token: str | None) -> None:
        if path == "/v3/auth/tokens":
            if self.command not in ("POST", "DELETE"):
                return self._send(405, {"error": {"code": 405}}, {"Allow": "POST, DELETE"})
            return self._tokens(world, body, token)
        if re.fullmatch(r"/v3/OS-FEDERATION/identity_providers/[^/]+/protocols/[^/]+/auth", path):
            if self.command != "POST":
                return self._send(405, {"error": {"code": 405}}, {"Allow": "POST"})
            return self._send(401, {"error": {"code": 401, "message": "no identity provider is set up"}})
        if not self._valid(world, token):
            return self._send(401, {"error": {"code": 401, "message": "authentication required"}})
        if path == "/v3/users":
            return self._users(world, body)
        match = re.fullmatch(r"/v3/users/([^/]+)", path)
        if match:
            return self._user(world, match.group(1), body)
        match = re.fullmatch(r"/v3/groups/([^/]+)/users/([^/]+)", path)
        if match:
            return self._member(world, match.group(1), match.group(2))
        self._send(404, {"error": {"code": 404, "message": "no such path"}})

    def _valid(self, world: World, token: str | None) -> bool:
        return token is not None and token not in world.revoked and world.tokens.get(token, 0) > time.time()

    def _json(self, body: bytes) -> Any:
        try:
            return json.loads(body)
        except ValueError:
            return None

    def _tokens(self, world: World, body: bytes, token: str | None) -> None:
        if self.command == "POST":
            user = _at(self._json(body), "auth", "identity", "password", "user")
            if not isinstance(user, dict) or user.get("name") != "admin" or user.get("password") != PASSWORD:
                return self._send(401, {"error": {"code": 401, "message": "bad credentials"}})
            new = f"tok{next(world.counter)}x{int(time.time() * 1000)}"
            expires = time.time() + world.token_seconds
            world.tokens[new] = expires
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(expires))
            return self._send(201, {"token": {"expires_at": stamp, "user": {"id": ADMIN_ID, "name": "admin"}}},
                              {"X-Subject-Token": new})
        if not self._valid(world, token):
            return self._send(401, {"error": {"code": 401, "message": "authentication required"}})
        subject = self.headers.get("X-Subject-Token")
        if subject not in world.tokens:
            return self._send(404, {"error": {"code": 404, "message": "no such token"}})
        world.revoked.add(subject)
        self._send(204, None)

    def _users(self, world: World, body: bytes) -> None:
        if self.command == "GET":
            return self._send(200, {"users": list(world.users.values())})
        if self.command != "POST":
            return self._send(405, {"error": {"code": 405}}, {"Allow": "GET, POST"})
        if world.fault == "create-fails":
            return self._send(503, {"error": {"code": 503, "message": "unavailable"}})
        data = self._json(body)
        user = data.get("user") if isinstance(data, dict) else None
        if not isinstance(user, dict) or not _name(user.get("name")):
            return self._send(400, {"error": {"code": 400, "message": "user.name: 1 to 64 characters"}})
        if "enabled" in user and not isinstance(user["enabled"], bool):
            return self._send(400, {"error": {"code": 400, "message": "user.enabled must be a boolean"}})
        if any(u["name"] == user["name"] for u in world.users.values()):
            return self._send(409, {"error": {"code": 409, "message": "duplicate name"}})
        new = {"id": f"u{next(world.counter)}", "name": user["name"], "enabled": user.get("enabled", True)}
        world.users[new["id"]] = new
        self._send(201, {"user": new})

    def _user(self, world: World, user_id: str, body: bytes) -> None:
        user = world.users.get(user_id)
        if self.command not in ("GET", "PATCH", "DELETE"):
            return self._send(405, {"error": {"code": 405}}, {"Allow": "GET, PATCH, DELETE"})
        if user is None:
            return self._send(404, {"error": {"code": 404, "message": f"no user {user_id}"}})
        if self.command == "GET":
            return self._send(200, {"user": user})
        if self.command == "DELETE":
            if world.fault != "delete-keeps":
                del world.users[user_id]
            return self._send(204, None)
        data = self._json(body)
        change = data.get("user") if isinstance(data, dict) else None
        if not isinstance(change, dict):
            return self._send(400, {"error": {"code": 400, "message": "expected a user object"}})
        name = change.get("name", user["name"])
        if not _name(name):
            return self._send(400, {"error": {"code": 400, "message": "user.name: 1 to 64 characters"}})
        if world.fault == "update-500" and change.get("enabled") is False:
            return self._send(500, {"error": {"code": 500, "message": "internal error"}})
        if "enabled" in change and not isinstance(change["enabled"], bool):
            return self._send(400, {"error": {"code": 400, "message": "user.enabled must be a boolean"}})
        user.update({"name": name, "enabled": change.get("enabled", user["enabled"])})
        self._send(200, {"user": user})

    def _member(self, world: World, group_id: str, user_id: str) -> None:
        if group_id != GROUP_ID or user_id not in world.users:
            return self._send(404, {"error": {"code": 404, "message": "no such group or user"}})
        pair = (group_id, user_id)
        if self.command == "PUT":
            world.members.add(pair)
            return self._send(204, None)
        if self.command in ("HEAD", "GET"):
            return self._send(204 if pair in world.members else 404, None)
        if self.command == "DELETE":
            if pair not in world.members:
                return self._send(404, {"error": {"code": 404, "message": "not a member"}})
            world.members.discard(pair)
            return self._send(204, None)
        self._send(405, {"error": {"code": 405}}, {"Allow": "GET, HEAD, PUT, DELETE"})

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _name(value: Any) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 64


def _at(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, world: World) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.world = world


@dataclass
class Running:
    url: str
    world: World


@contextlib.contextmanager
def serve(fault: str | None = None, token_seconds: float = 3600.0) -> Iterator[Running]:
    if fault is not None and fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}")
    world = World(fault, token_seconds)
    server = _Server(world)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.server_address[1]}", world)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
