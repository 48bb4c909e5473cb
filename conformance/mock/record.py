"""The mock's record of every exchange, the input of client certification.

A :class:`Recorder` is told of each exchange once, just before the mock
answers: which operation it matched, the status, the violations (each with
its class, ``client`` or ``contract-doubt``), the documented parameters and
fields it exercised, the parts of the request the contract could not check
(members of bare objects, bodies in media types the mock does not read, a
body where none is documented, requests to undocumented operations), and
what the answer was (a documented example, a generated body, an error
document; which documented response and example it showed). It keeps running totals per
operation (so coverage and violation counts stay exact however long the
mock runs) and the exchanges themselves up to a bound (after which only
those with violations are kept, and the rest are counted as dropped).
Events that are not exchanges (malformed HTTP, aborted or too slow
clients, server errors) are kept apart.

The record holds the documented inventory of every operation too (its
parameters and fields, its documented responses and the examples the mock
serves for them, and the examples it withholds because they contradict
their page), so ``docconform certify`` needs nothing but the record file. Secrets in
headers are redacted before they are stored.

Thread-safe: the server thread records while a test thread reads.
Not responsible for judging or rendering (:mod:`.certify`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docconform.extractor.writers.files import dump_json, write_atomic
from docconform.extractor.writers.jsonschema import media_schema

from ..contract import Operation
from .examples import ResponseExamples
from .schema import inventory, normalize_pointer
from .violations import CLIENT, CONTRACT_DOUBT, Violation

__all__ = ["RECORD_KIND", "RECORD_VERSION", "Recorder", "redact_headers"]

RECORD_KIND = "mock-record"
RECORD_VERSION = 2
UNMATCHED = "(unmatched)"
#: The answer to a rejected request or an unmatched one.
ERROR_DOCUMENT = "error-document"
#: Rules whose violation means the body was not read as JSON against the schema.
_BODY_UNREAD = frozenset({"body-undocumented", "content-type-unsupported", "body-invalid-json",
                          "body-too-large", "body-incomplete", "body-missing"})
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "x-auth-token", "cookie",
                             "x-api-key", "x-subject-token", "x-security-token"})
_BODY_KEPT = 2048
_MAX_EVENTS = 1000


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers with credentials replaced; an auth scheme word is kept (it tells how the
    client authenticates, which certification reports)."""
    out = {}
    for name, value in headers.items():
        if name.lower() in _SECRET_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} <redacted>".strip()
        out[name] = value
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Totals:
    __slots__ = ("answers", "exercised", "rejected", "rejected_by_class", "requests", "shown", "statuses",
                 "unvalidated", "violations")

    def __init__(self) -> None:
        self.requests = 0
        self.rejected = 0
        self.rejected_by_class: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.answers: Counter[str] = Counter()
        self.shown: Counter[str] = Counter()
        self.exercised: Counter[str] = Counter()
        self.unvalidated: dict[str, dict[str, Any]] = {}
        self.violations: dict[tuple[str, ...], dict[str, Any]] = {}

    def add(self, seq: int, status: int | None, violations: list[Violation], exercised: list[str],
            answer: str, shown: str, unvalidated: list[tuple[str, str]]) -> None:
        self.requests += 1
        self.statuses[str(status)] += 1
        self.answers[answer] += 1
        if shown:
            self.shown[shown] += 1
        self.exercised.update(exercised)
        for pointer, reason in unvalidated:
            entry = self.unvalidated.setdefault(pointer, {"pointer": pointer, "reason": reason, "count": 0})
            entry["count"] += 1
        errors = [v for v in violations if v.level == "error"]
        if errors:
            self.rejected += 1
            self.rejected_by_class[CLIENT if any(v.klass == CLIENT for v in errors) else CONTRACT_DOUBT] += 1
        for v in violations:
            key = (v.rule, normalize_pointer(v.pointer), v.source, v.level, v.klass)
            entry = self.violations.get(key)
            if entry is None:
                self.violations[key] = {**v.to_json(), "pointer": key[1], "count": 1, "first_seq": seq}
            else:
                entry["count"] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests, "rejected": self.rejected,
            "rejected_by_class": {k: self.rejected_by_class.get(k, 0) for k in (CLIENT, CONTRACT_DOUBT)},
            "statuses": dict(sorted(self.statuses.items())),
            "answers": dict(sorted(self.answers.items())),
            "shown": dict(sorted(self.shown.items())),
            "exercised": dict(sorted(self.exercised.items())),
            "unvalidated": sorted(self.unvalidated.values(), key=lambda e: e["pointer"]),
            "violations": sorted(self.violations.values(),
                                 key=lambda e: (e["pointer"], e["rule"], e["source"], e["class"])),
        }


def _unvalidated(operation: Operation | None, method: str, target: str, headers: dict[str, str],
                 body: bytes, violations: list[Violation], unvalidated: Sequence[str]) -> list[tuple[str, str]]:
    """What of this request the contract could not check, each with the reason."""
    if operation is None:
        return [(f"{method} {target.split('?', 1)[0]}", "no documented operation")]
    out = [(p, "member of an object the contract leaves bare (no fields listed)") for p in unvalidated]
    rules = {v.rule for v in violations}
    if body.strip() and "body-undocumented" in rules:
        out.append(("/body", "the document describes no request body"))
    elif body.strip() and not rules & _BODY_UNREAD:
        media = headers.get("content-type", "")
        if media and "contentMediaType" in media_schema(media, {}):
            kind = media.split(";", 1)[0].strip()
            why = f"media type {kind}: its content is not validated (a file, or a type the mock does not read)"
            out.append(("/body", why))
    return out


class Recorder:
    """Every exchange the mock answered, with exact totals and bounded detail."""

    def __init__(self, operations: list[Operation], *, contract_source: str = "",
                 settings: dict[str, Any] | None = None, max_exchanges: int = 20_000,
                 listener: Callable[[dict[str, Any]], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._listener = listener
        self._contract = [self._describe(op) for op in operations]
        self._index = {id(op): i for i, op in enumerate(operations)}
        self._names = {id(op): op.name for op in operations}
        self._source = contract_source
        self._settings = dict(settings or {})
        self._max = max_exchanges
        self._started = _now()
        self._t0 = time.monotonic()
        self._seq = 0
        self._totals: dict[str, _Totals] = {}
        self._exchanges: list[dict[str, Any]] = []
        self._dropped = 0
        self._events: list[dict[str, Any]] = []
        self._event_counts: Counter[str] = Counter()

    @staticmethod
    def _describe(op: Operation) -> dict[str, Any]:
        checked = ResponseExamples(op)
        return {
            "key": op.key, "name": op.name, "method": op.method, "path": op.path,
            "doc_id": op.doc_id, "title": op.title, "source": op.source,
            "alternatives": list(op.alternatives),
            "responses": checked.documented(),
            "examples_withheld": [w.to_json() for w in checked.withheld],
            "documented": [item.to_json() for item in inventory(op)],
        }

    def note_precedents(self, op: Operation, precedents: list[dict[str, str]]) -> None:
        """What the mock lets through for ``op`` because the page's own example does the same
        (:mod:`.precedent`), listed with the operation in the record's contract."""
        if not precedents:
            return
        index = self._index.get(id(op))
        if index is not None:
            self._contract[index]["precedents"] = precedents

    @property
    def count(self) -> int:
        """Exchanges recorded so far; a test remembers it to look at its own later."""
        return self._seq

    def exchange(self, *, operation: Operation | None, method: str, target: str,
                 headers: dict[str, str], body: bytes, status: int | None,
                 violations: list[Violation], exercised: list[str], origin: str = "",
                 answer: str = ERROR_DOCUMENT, response: str = "", example: str | None = None,
                 unvalidated: Sequence[str] = ()) -> int:
        """Record one exchange; returns its sequence number (1-based). ``answer`` is what
        the client got (``documented-example``, ``generated``, ``empty`` or
        ``error-document``), ``response``/``example`` the documented response it showed."""
        shown = body[:_BODY_KEPT].decode("utf-8", "replace")
        key = (self._names.get(id(operation)) or operation.name) if operation is not None else UNMATCHED
        unchecked = _unvalidated(operation, method, target, headers, body, violations, unvalidated)
        entry: dict[str, Any] = {
            "seq": 0, "time": 0.0, "method": method, "target": target, "operation": key, "status": status,
            "origin": origin, "answer": answer, "violations": [v.to_json() for v in violations],
            "headers": redact_headers(headers), "body": shown, "body_bytes": len(body)}
        if response and answer != ERROR_DOCUMENT:
            entry["response"] = response
            if example:
                entry["example"] = example
        if unchecked:
            entry["unvalidated"] = [p for p, _ in unchecked]
        shown_key = f"{response} {example}" if example else response
        with self._lock:
            self._seq += 1
            seq = entry["seq"] = self._seq
            entry["time"] = round(time.monotonic() - self._t0, 3)
            self._totals.setdefault(key, _Totals()).add(
                seq, status, violations, exercised, answer,
                shown_key if answer != ERROR_DOCUMENT else "", unchecked)
            if len(self._exchanges) < self._max or any(v.level != "info" for v in violations):
                self._exchanges.append(entry)
            else:
                self._dropped += 1
        if self._listener is not None:
            self._listener(entry)
        return seq

    def event(self, kind: str, message: str, **details: Any) -> None:
        """Something that is not a complete exchange: malformed HTTP, an aborted client..."""
        with self._lock:
            self._event_counts[kind] += 1
            if len(self._events) < _MAX_EVENTS:
                self._events.append({"kind": kind, "message": message,
                                     "time": round(time.monotonic() - self._t0, 3), **details})

    def since(self, seq: int) -> list[dict[str, Any]]:
        """Exchanges recorded after sequence number ``seq`` (that are still kept)."""
        with self._lock:
            return [dict(x) for x in self._exchanges if x["seq"] > seq]

    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._events]

    def snapshot(self) -> dict[str, Any]:
        """The whole record as JSON-ready data."""
        with self._lock:
            return {
                "x-docconform": {"version": RECORD_VERSION, "kind": RECORD_KIND},
                "contract": {"source": self._source, "operations": self._contract},
                "settings": self._settings,
                "started": self._started, "stopped": _now(),
                "totals": {"exchanges": self._seq, "dropped_exchanges": self._dropped,
                           "events": dict(sorted(self._event_counts.items()))},
                "operations": {k: t.to_json() for k, t in sorted(self._totals.items())},
                "exchanges": [dict(x) for x in self._exchanges],
                "events": [dict(e) for e in self._events],
            }

    def write(self, path: Path) -> None:
        """Write the record atomically (a crash leaves the old file, never half a record)."""
        write_atomic(path, dump_json(self.snapshot()))
