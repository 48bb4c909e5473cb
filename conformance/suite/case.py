"""One test case (a request to make, and what the page says about it) and its wire form.

Responsible for: the :class:`Case` value that generators produce and checks
judge, the user's fixed values (:class:`Fixed`), and turning a case into the
exact :class:`~docconform.conformance.suite.client.Request` that is sent: path template filled
and percent-encoded, query string, headers (fixed values win unless the case
deliberately controls that parameter), the body in the documented format
(``encoding``) with its ``Content-Type``, and no body at all when the case has none.

Not responsible for: choosing cases (``cases``, ``strategies``) or sending
them (``client``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote, urlencode

from .client import Request
from ..contract import Operation
from .encoding import body_format

__all__ = ["Case", "Fixed", "build_request", "own_key"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def own_key(location: str, name: str) -> str:
    """How a case says it controls a parameter itself (so fixed values stay out)."""
    return f"{location}:{name.lower()}"


@dataclass(frozen=True, slots=True)
class Fixed:
    """Values the user pinned on the command line; they apply to every request."""

    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Case:
    """A request to make and why: ``kind`` (example, boundary, random, negative,
    missing-header, method), a human ``label``, whether the page says it is
    ``valid``, and the page line (``source``) whose promise it exercises."""

    method: str
    path_params: tuple[tuple[str, str], ...] = ()
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None
    has_body: bool = False
    raw_body: bytes | None = None
    own: tuple[str, ...] = ()
    kind: str = "random"
    label: str = ""
    valid: bool = True
    source: str = ""

    def with_body(self, body: Any, **changes: Any) -> Case:
        return replace(self, body=body, has_body=True, raw_body=None, **changes)

    def params(self, location: str) -> tuple[tuple[str, str], ...]:
        return {"path": self.path_params, "query": self.query, "header": self.headers}[location]

    def with_params(self, location: str, pairs: tuple[tuple[str, str], ...], name: str, **changes: Any) -> Case:
        """A copy with ``location`` parameters ``pairs``; the case now controls parameter ``name``."""
        attr = {"path": "path_params", "query": "query", "header": "headers"}[location]
        changes[attr] = pairs
        changes["own"] = (*self.own, own_key(location, name))
        return replace(self, **changes)

    def describe(self) -> str:
        return f"{self.kind}: {self.label}" if self.label else self.kind


def build_request(op: Operation, case: Case, base_url: str, fixed: Fixed) -> Request:
    """The wire form of ``case``; fixed values win except where the case controls a parameter."""
    own = set(case.own)
    path_values = dict(case.path_params)
    path_values.update({k: v for k, v in fixed.path.items() if own_key("path", k) not in own})
    path = _PLACEHOLDER.sub(lambda m: _segment(path_values.get(m.group(1), m.group(0))), op.path)
    query = _overlay(case.query, fixed.query, "query", own)
    url = base_url.rstrip("/") + path + (("?" + urlencode(query)) if query else "")
    headers = _overlay(case.headers, fixed.headers, "header", own)
    body: bytes | None = None
    if case.raw_body is not None or case.has_body:
        body, ctype = body_format(op).encode(case.raw_body if case.raw_body is not None else case.body)
        if not any(k.lower() == "content-type" for k, _ in headers):
            headers.append(("Content-Type", ctype))
    return Request(case.method, url, tuple(headers), body)


def _segment(value: str) -> str:
    """One path segment, percent-encoded; ``.`` and ``..`` too, so no client normalises them away."""
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded


def _overlay(drawn: tuple[tuple[str, str], ...], fixed: dict[str, str], location: str,
             own: set[str]) -> list[tuple[str, str]]:
    pinned = {k.lower(): (k, v) for k, v in fixed.items() if own_key(location, k) not in own}
    kept = [(k, v) for k, v in drawn if k.lower() not in pinned]
    return list(pinned.values()) + kept
