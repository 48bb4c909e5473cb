"""The validating mock server: an ASGI application over the documented operations.

Every request is matched to a documented operation by method and path
template, read with a size limit and a time limit, validated
(:mod:`.mock_validate`), recorded (:mod:`.mock_record`) and answered:

- an unknown path gets 404, an undocumented method 405 with ``Allow``;
- a request that breaks a documented rule gets a 4xx with an RFC 9457
  problem document listing every violation, its JSON pointer and the
  document line stating the rule (400; 406, 413, 415, 408 for the
  negotiation, size, media type and time rules);
- a valid request gets a documented example or a generated, schema-valid
  body (:mod:`.mock_respond`).

When several pages document the method and path (variants, see
:mod:`..variants`), the request is validated against each and answered as
the variant it follows; ``X-Docconform-Variant`` names that page (its doc
id), and a request that fits none is judged by the closest, with an info
``variant-unmatched`` saying so.

A plain ASGI callable rather than a framework: the mock has one route
table of its own and needs nothing of a framework's routing, and every
layer costs throughput (see benchmarks/bench_mock.py). Serving it is
:mod:`.mock_server`'s job (uvicorn).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import parse_qsl, quote, unquote

from ..contract import Operation
from ..variants import Choice, choose, group_variants, parse_body
from .doubts import ContractNotes, Doubts
from .record import Recorder
from .respond import PreferError, Responder, parse_prefer
from .validate import IncomingRequest, Outcome, RequestValidator
from .violations import STATUS_BY_RULE, Violation

__all__ = ["MockApp", "MockOptions", "Router"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
_TITLES = {
    400: "Request does not follow the documented contract",
    404: "No documented endpoint at this path",
    405: "Method not documented for this path",
    406: "No documented response in an acceptable media type",
    408: "Request body not received in time",
    413: "Request body larger than the mock accepts",
    415: "Request body in a media type the document does not describe",
}
_ACCEPTABLE = ("*/*", "application/*", "application/json", "application/problem+json")


@dataclass(frozen=True, slots=True)
class MockOptions:
    """How the mock treats requests: repeatable answers, limits, strictness."""

    seed: int | None = None
    max_body: int = 1 << 20
    read_timeout: float = 10.0
    strict: bool = False


class Router:
    """Path templates compiled once; the most literal template wins (``/jobs/stop``
    before ``/jobs/{id}``)."""

    def __init__(self, operations: list[Operation]) -> None:
        routes = []
        for op in operations:
            names = _PLACEHOLDER.findall(op.path)
            pattern = "".join(
                "([^/]+)" if i % 2 else re.escape(part)
                for i, part in enumerate(_PLACEHOLDER.split(op.path))
            )
            literal = len(_PLACEHOLDER.sub("", op.path))
            routes.append((-literal, op.path, op.method, re.compile(pattern + r"\Z"), names, op))
        routes.sort(key=lambda r: r[:3])
        self._routes = [(r[3], r[4], r[5]) for r in routes]
        self.templates = sorted({op.path for op in operations})

    def closest(self, path: str, n: int = 3) -> list[str]:
        """Templates that a mistyped path probably meant: request segments stand in for
        placeholders, so only the literal parts are compared."""
        segments = path.split("/")
        scored = []
        for template in self.templates:
            parts = template.split("/")
            if len(parts) == len(segments):
                filled = "/".join(s if _PLACEHOLDER.fullmatch(t) else t for t, s in zip(parts, segments))
            else:
                filled = template
            ratio = SequenceMatcher(None, filled, path).ratio()
            if ratio >= 0.75:
                scored.append((-ratio, template))
        return [t for _, t in sorted(scored)[:n]]

    def match(self, method: str, path: str) -> tuple[Operation | None, dict[str, str], list[str]]:
        """The operation and its path values, or None and the methods documented for the path."""
        allow: set[str] = set()
        for regex, names, op in self._routes:
            found = regex.match(path)
            if found is None:
                continue
            if op.method == method:
                return op, {n: unquote(v) for n, v in zip(names, found.groups())}, []
            allow.add(op.method)
        return None, {}, sorted(allow)


class MockApp:
    """The ASGI application. ``on_shutdown`` runs at the end of a graceful shutdown
    (after the last connection is done), which is when the record is written."""

    def __init__(self, operations: list[Operation], options: MockOptions, recorder: Recorder,
                 on_shutdown: Callable[[], None] | None = None,
                 notes: ContractNotes | None = None) -> None:
        self.options = options
        self.recorder = recorder
        self.router = Router(operations)
        # by identity: Operation.name is computed, and this is the per-request path
        self._validators = {id(op): RequestValidator(op, strict=options.strict) for op in operations}
        self._doubts = {id(op): Doubts(op, notes, self._validators[id(op)]) for op in operations}
        if not options.strict:
            for op in operations:
                recorder.note_precedents(op, self._validators[id(op)].precedents.to_json())
        self._variants = group_variants(operations)
        self._responders = {id(op): Responder(op, options.seed) for op in operations}
        self._on_shutdown = on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    self._on_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + ("?" + query if query else "")
        headers = _headers(scope["headers"])
        op, path_values, allow = self.router.match(method, path)
        if op is None:
            await self._unmatched(send, method, path, target, headers, allow)
            return
        try:
            body, problem = await self._read_body(receive, headers)
        except _ClientGone as gone:
            self.recorder.event("client-aborted", "the client went away before sending its whole body",
                                method=method, target=target, operation=op.name, received=gone.received)
            return
        if problem is not None:
            await self._reject(send, op, method, target, headers, body, [problem], [], close=True)
            return
        request = IncomingRequest(path_values, parse_qsl(query, keep_blank_values=True), headers, body)
        op, outcome = self._validate(op, request)
        if not _accepts_json(headers.get("accept", "")):
            outcome.violations.append(Violation(
                "not-acceptable", "/header/Accept",
                f"Accept {headers['accept']!r} excludes application/json, the documented media type",
                op.source))
        outcome.violations = self._doubts[id(op)].classify(outcome.violations, headers)
        said = _variant_header(op) + ([(b"x-docconform-auth", outcome.auth.encode("ascii", "replace"))]
                                      if outcome.auth else [])
        if outcome.rejected:
            await self._reject(send, op, method, target, headers, body, outcome.violations, outcome.exercised,
                               unvalidated=outcome.unvalidated, said=said)
            return
        await self._answer(send, op, method, target, headers, body, outcome.violations, outcome.exercised,
                           outcome.unvalidated, said=said)

    def _validate(self, op: Operation, request: IncomingRequest) -> tuple[Operation, Outcome]:
        """The request judged by the operation, or by the variant of it the request follows."""
        group = self._variants[id(op)]
        if len(group) == 1:
            return op, self._validators[id(op)].validate(request)
        positional = list(request.path_params.values())
        outcomes = []
        for variant in group:
            names = _PLACEHOLDER.findall(variant.path)
            own = IncomingRequest(dict(zip(names, positional)), request.query, request.headers, request.body)
            outcomes.append(self._validators[id(variant)].validate(own))
        errors = [{(v.rule, v.pointer) for v in o.violations if v.level == "error"} for o in outcomes]
        choice = choose(group, errors, parse_body(request.body), dict(request.query),
                        [len(o.exercised) for o in outcomes])
        chosen, outcome = group[choice.index], outcomes[choice.index]
        if not choice.fits:
            outcome.violations.append(_unmatched(chosen, choice))
        return chosen, outcome

    async def _read_body(self, receive: Receive, headers: dict[str, str]) -> tuple[bytes, Violation | None]:
        """The whole body, or why not: too large (413), too slow (408), client gone."""
        limit = self.options.max_body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", _too_large(int(declared), limit)
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.options.read_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise _ClientGone(size)
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        return b"", _too_large(size, limit)
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks), None
        except TimeoutError:
            return b"".join(chunks), Violation(
                "body-incomplete", "/body",
                f"only {size} bytes of the body arrived within {self.options.read_timeout:g}s")

    async def _unmatched(self, send: Send, method: str, path: str, target: str,
                         headers: dict[str, str], allow: list[str]) -> None:
        if allow:
            violation = Violation("method-undocumented", "/method",
                                  f"{method} is not documented for this path; documented: {', '.join(allow)}")
        else:
            near = self.router.closest(path)
            violation = Violation("path-unknown", "/path", f"no documented endpoint matches {path}"
                                  + (f"; closest documented: {', '.join(near)}" if near else ""))
        status = STATUS_BY_RULE[violation.rule]
        self.recorder.exchange(operation=None, method=method, target=target, headers=headers, body=b"",
                               status=status, violations=[violation], exercised=[])
        extra = [(b"allow", ", ".join(allow).encode())] if allow else []
        if headers.get("content-length", "0") != "0" or "transfer-encoding" in headers:
            extra.append((b"connection", b"close"))  # a body nobody will read: do not wait for it
        await _send(send, status, _problem(status, [violation], None, target), extra, problem=True)

    async def _reject(self, send: Send, op: Operation, method: str, target: str, headers: dict[str, str],
                      body: bytes, violations: list[Violation], exercised: list[str],
                      close: bool = False, unvalidated: Sequence[str] = (),
                      said: list[tuple[bytes, bytes]] | None = None) -> None:
        errors = [v for v in violations if v.level == "error"]
        status = min((STATUS_BY_RULE.get(v.rule, 400) for v in errors), key=_precedence)
        self.recorder.exchange(operation=op, method=method, target=target, headers=headers, body=body,
                               status=status, violations=violations, exercised=exercised,
                               unvalidated=unvalidated)
        extra = [(b"connection", b"close")] if close else []
        await _send(send, status, _problem(status, violations, op, target),
                    extra + (said if said is not None else _variant_header(op)), problem=True)

    async def _answer(self, send: Send, op: Operation, method: str, target: str, headers: dict[str, str],
                      body: bytes, violations: list[Violation], exercised: list[str],
                      unvalidated: Sequence[str] = (), said: list[tuple[bytes, bytes]] | None = None) -> None:
        prefer = parse_prefer(headers["prefer"]) if "prefer" in headers else {}
        try:
            reply = self._responders[id(op)].reply(prefer, f"{method} {target}".encode() + b"\0" + body)
        except PreferError as exc:
            # The client asked the mock for something undocumented: told, but not held against it.
            violations = [*violations, Violation("prefer-unsatisfiable", "/header/Prefer", str(exc),
                                                 op.source, "info")]
            self.recorder.exchange(operation=op, method=method, target=target, headers=headers,
                                   body=body, status=400, violations=violations, exercised=exercised,
                                   unvalidated=unvalidated)
            problem = _problem(400, violations, op, target, "Preferred response is not documented")
            await _send(send, 400, problem, [], problem=True)
            return
        self.recorder.exchange(operation=op, method=method, target=target, headers=headers, body=body,
                               status=reply.status, violations=violations, exercised=exercised,
                               origin=reply.origin, answer=reply.kind, response=reply.response,
                               example=reply.example, unvalidated=unvalidated)
        extra = [(b"x-docconform-notes", str(len(violations)).encode())] if violations else []
        excused = sum(1 for v in violations if v.precedent)
        if excused:  # served only because the page's own example deviates the same way
            extra.append((b"x-docconform-precedents", str(excused).encode()))
        await _send(send, reply.status, reply.body, extra + (said if said is not None else _variant_header(op)))


class _ClientGone(Exception):
    def __init__(self, received: int) -> None:
        super().__init__(received)
        self.received = received


def _unmatched(op: Operation, choice: Choice) -> Violation:
    where = op.discriminator.pointer.rsplit("/", 1)[0] if op.discriminator else "/body"
    pointer = "/query" if where.startswith("/query") else "/body"
    return Violation("variant-unmatched", pointer, choice.message(op), op.source, "info")


def _variant_header(op: Operation) -> list[tuple[bytes, bytes]]:
    """``X-Docconform-Variant``: the page a request was judged by, when several document it."""
    if not op.siblings:
        return []
    return [(b"x-docconform-variant", quote(op.variant_label, safe="/:._-()@").encode("ascii"))]


def _precedence(status: int) -> tuple[int, int]:
    """Which status answers several violations: a transport-level one first (406, 408,
    413, 415; the lowest), then 400 for everything the document's tables state."""
    return (0 if status != 400 else 1, status)


def _too_large(size: int, limit: int) -> Violation:
    return Violation("body-too-large", "/body", f"the body is {size} bytes; the mock accepts at most {limit}")


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        out[key] = f"{out[key]}, {text}" if key in out else text
    return out


def _accepts_json(accept: str) -> bool:
    if not accept:
        return True
    ranges = (part.split(";", 1)[0].strip().lower() for part in accept.split(","))
    return any(r in _ACCEPTABLE or r.endswith("+json") for r in ranges)


def _problem(status: int, violations: list[Violation], op: Operation | None, instance: str,
             title: str | None = None) -> bytes:
    """An RFC 9457 problem document naming every violation and its documented rule."""
    shown = violations
    errors = [v for v in shown if v.level == "error"]
    detail = (f"{len(errors)} violation{'s' if len(errors) != 1 else ''} of the documented contract"
              if errors else shown[-1].message)
    doc: dict[str, Any] = {
        "type": f"urn:docconform:mock:{(errors or shown)[0].rule if len(errors) <= 1 else 'request-invalid'}",
        "title": title or _TITLES.get(status, "Request not served"), "status": status,
        "detail": detail + (f" for {op.name}, documented at {op.source}" if op and errors else ""),
        "instance": instance,
    }
    if op is not None:
        doc["operation"] = op.name
        doc["documented_at"] = op.source
        if op.siblings:
            doc["variant"] = op.variant_label
    doc["violations"] = [v.to_json() for v in shown]
    # A lone surrogate a client sent (JSON allows "\ud800") goes back as an escape, not a crash.
    return json.dumps(doc, ensure_ascii=False).encode("utf-8", "backslashreplace")


async def _send(send: Send, status: int, body: bytes | None, extra: list[tuple[bytes, bytes]],
                problem: bool = False) -> None:
    headers = [(b"content-length", str(len(body or b"")).encode()), *extra]
    if body is not None:
        media = b"application/problem+json" if problem else b"application/json"
        headers.append((b"content-type", media))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body or b""})
