"""Logging in for a conformance run: a documented login operation, its token, kept fresh.

Responsible for: :class:`AuthFlow` (which operation logs in, the body it is
sent, where the token comes back and which header carries it afterwards),
the built-in ``keystone`` flow (Keystone and Huawei Cloud / Open Telekom
Cloud IAM password login: ``POST /v3/auth/tokens`` with the ``OS_*``
variables an openrc file sets, the token in the ``X-Subject-Token`` response
header, sent as ``X-Auth-Token``), flows of one's own from the settings
file's ``[auth]`` table (``${VAR}`` taken from the environment), and
:class:`Authenticator`, which logs in on first use, logs in again before the
token expires or after the server said 401 to it, and hands every password
and token to the run's redactor so none is ever printed. The run never
revokes its own token: ``state`` refuses to send it anywhere but its header.

Not responsible for: sending (``client``) or which operations get the header
(``state``).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .client import Exchange, Request
from .curl import is_sensitive
from .fields import pick

__all__ = ["AuthError", "AuthFlow", "Authenticator", "FLOWS", "flow_from"]

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: Log in again this long before the token says it expires.
_MARGIN = 60.0
#: After a 401 to the current token, at most one new login per this many seconds.
_RELOGIN_EVERY = 10.0


class AuthError(Exception):
    """Logging in failed or cannot be set up; the message never holds a secret."""


@dataclass(frozen=True, slots=True)
class AuthFlow:
    name: str
    method: str
    path: str
    body: Any
    token: str                  # "header:X-Subject-Token" or "body:token.id"
    header: str                 # the request header that carries the token
    prefix: str = ""            # e.g. "Bearer "
    expires: str | None = None  # where the answer says when the token expires ("token.expires_at")

    @property
    def token_header(self) -> str | None:
        """The response header the token comes back in, if it does."""
        kind, _, where = self.token.partition(":")
        return where if kind == "header" else None


def _keystone(environ: Mapping[str, str]) -> AuthFlow:
    def need(name: str) -> str:
        if not environ.get(name):
            raise AuthError(f"--auth keystone: environment variable {name} is not set "
                            "(source your openrc file, or set OS_USERNAME and OS_PASSWORD)")
        return environ[name]

    user: dict[str, Any] = {"password": need("OS_PASSWORD")}
    if environ.get("OS_USER_ID"):
        user["id"] = environ["OS_USER_ID"]
    else:
        user["name"] = need("OS_USERNAME")
        user["domain"] = _named(environ, "OS_USER_DOMAIN", "Default")
    body: dict[str, Any] = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}}}
    if environ.get("OS_PROJECT_ID"):
        body["auth"]["scope"] = {"project": {"id": environ["OS_PROJECT_ID"]}}
    elif environ.get("OS_PROJECT_NAME"):
        body["auth"]["scope"] = {"project": {"name": environ["OS_PROJECT_NAME"],
                                             "domain": _named(environ, "OS_PROJECT_DOMAIN", "Default")}}
    elif environ.get("OS_DOMAIN_NAME") or environ.get("OS_DOMAIN_ID"):
        body["auth"]["scope"] = {"domain": _named(environ, "OS_DOMAIN", "Default")}
    return AuthFlow("keystone", "POST", "/v3/auth/tokens", body, "header:X-Subject-Token", "X-Auth-Token",
                    expires="token.expires_at")


def _named(environ: Mapping[str, str], prefix: str, default: str) -> dict[str, str]:
    if environ.get(f"{prefix}_ID"):
        return {"id": environ[f"{prefix}_ID"]}
    return {"name": environ.get(f"{prefix}_NAME") or default}


FLOWS: dict[str, Callable[[Mapping[str, str]], AuthFlow]] = {"keystone": _keystone}


def flow_from(name: str, table: Mapping[str, Any], environ: Mapping[str, str]) -> AuthFlow:
    """The flow ``name``: a built-in one, or ``config`` for the settings file's ``[auth]`` table."""
    if name in FLOWS:
        return FLOWS[name](environ)
    if name != "config":
        raise AuthError(f"--auth: unknown flow {name!r}; known: {', '.join(sorted(FLOWS))}, config")
    if not table:
        raise AuthError("--auth config: the settings file has no [auth] table")
    login = str(table.get("login", ""))
    method, _, path = login.partition(" ")
    if not method or not path.startswith("/"):
        raise AuthError("[auth] login: expected \"METHOD /path\", e.g. \"POST /v3/auth/tokens\"")
    token, header = table.get("token"), table.get("header")
    if not isinstance(token, str) or not token.startswith(("header:", "body:")):
        raise AuthError("[auth] token: expected \"header:NAME\" or \"body:dotted.path\"")
    if not isinstance(header, str) or not header:
        raise AuthError("[auth] header: expected the request header that carries the token")
    return AuthFlow("config", method.upper(), path.strip(), _expand(table.get("body"), environ), token,
                    header, str(table.get("prefix", "")), table.get("expires"))


def _expand(value: Any, environ: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        def var(match: re.Match[str]) -> str:
            if match.group(1) not in environ:
                raise AuthError(f"[auth] body: environment variable {match.group(1)} is not set")
            return environ[match.group(1)]
        return _VAR.sub(var, value)
    if isinstance(value, dict):
        return {k: _expand(v, environ) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, environ) for v in value]
    return value


def sensitive_values(value: Any, key: str = "") -> list[str]:
    """Every string in ``value`` held under a key that names a credential (``password``, ``secret``...)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in sensitive_values(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in sensitive_values(v, key)]
    return [value] if isinstance(value, str) and is_sensitive(key) else []


class Authenticator:
    """The run's token: obtained by the flow's login, renewed before it expires or after a 401."""

    def __init__(self, flow: AuthFlow, base_url: str, send: Callable[[Request], Exchange],
                 remember_secret: Callable[[str], None], clock: Callable[[], float] = time.time) -> None:
        self.flow, self._base, self._send = flow, base_url.rstrip("/"), send
        self._remember, self._clock = remember_secret, clock
        self._token: str | None = None
        self._expires = float("inf")
        self._last_login = float("-inf")
        self.logins = 0
        for secret in sensitive_values(flow.body):
            remember_secret(secret)

    @property
    def token(self) -> str | None:
        """The current token (None before the first login)."""
        return self._token

    def header(self) -> tuple[str, str]:
        """The header carrying a token that is valid now."""
        if self._token is None or self._clock() >= self._expires - _MARGIN:
            self._token, self._expires = self.login()
        return self.flow.header, self.flow.prefix + self._token

    def rejected(self, value: str) -> bool:
        """The server answered 401 to a request carrying ``value``: log in again (at most every few
        seconds). True when a new token is now in use, so the request is worth sending again."""
        if self._token is None or value != self.flow.prefix + self._token:
            return False
        if self._clock() - self._last_login < _RELOGIN_EVERY:
            return False
        self._token, self._expires = self.login()
        return True

    def login(self) -> tuple[str, float]:
        """A new token from the login operation and when it expires (never printed)."""
        body = json.dumps(self.flow.body).encode("utf-8")
        request = Request(self.flow.method, self._base + self.flow.path,
                          (("Content-Type", "application/json"), ("Accept", "application/json")), body)
        exchange = self._send(request)
        if exchange.error is not None:  # a cold server may be slow to answer its first login
            exchange = self._send(request)
        self._last_login = self._clock()
        if exchange.error is not None:
            raise AuthError(f"--auth {self.flow.name}: {self.flow.method} {self.flow.path} failed: "
                            f"{exchange.error.kind}: {exchange.error.message}")
        response = exchange.response
        assert response is not None
        if not 200 <= response.status < 300:
            raise AuthError(f"--auth {self.flow.name}: {self.flow.method} {self.flow.path} answered "
                            f"{response.status}; check the credentials (not shown)")
        token = self._token_from(response)
        self._remember(token)
        self.logins += 1
        return token, self._expiry(response)

    def _token_from(self, response: Any) -> str:
        kind, _, where = self.flow.token.partition(":")
        value = response.header(where) if kind == "header" else pick(_json(response.body), where)
        if not isinstance(value, str) or not value:
            raise AuthError(f"--auth {self.flow.name}: the login answer has no token at {self.flow.token}")
        return value

    def _expiry(self, response: Any) -> float:
        if not self.flow.expires:
            return float("inf")
        value = pick(_json(response.body), self.flow.expires)
        if not isinstance(value, str):
            return float("inf")
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return float("inf")


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
