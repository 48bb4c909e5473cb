"""The mock's record of every exchange, the input of client certification.

A :class:`Recorder` is told of each exchange once, just before the mock
answers: which operation it matched, the status, the violations and the
documented parameters and fields it exercised. It keeps running totals per
operation (so coverage and violation counts stay exact however long the
mock runs) and the exchanges themselves up to a bound (after which only
those with violations are kept, and the rest are counted as dropped).
Events that are not exchanges (malformed HTTP, aborted or too slow
clients, server errors) are kept apart.

The record holds the documented inventory of every operation too, so
``docconform certify`` needs nothing but the record file. Secrets in
headers are redacted before they are stored.

Thread-safe: the server thread records while a test thread reads.
Not responsible for judging or rendering (:mod:`.certify`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docconform.extractor.writers.files import dump_json, write_atomic

from ..contract import Operation
from .schema import inventory, normalize_pointer
from .violations import Violation

__all__ = ["RECORD_KIND", "RECORD_VERSION", "Recorder", "redact_headers"]

RECORD_KIND = "mock-record"
RECORD_VERSION = 1
UNMATCHED = "(unmatched)"
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
    __slots__ = ("exercised", "rejected", "requests", "statuses", "violations")

    def __init__(self) -> None:
        self.requests = 0
        self.rejected = 0
        self.statuses: Counter[str] = Counter()
        self.exercised: Counter[str] = Counter()
        self.violations: dict[tuple[str, str, str, str], dict[str, Any]] = {}

    def add(self, seq: int, status: int | None, violations: list[Violation], exercised: list[str]) -> None:
        self.requests += 1
        self.statuses[str(status)] += 1
        self.exercised.update(exercised)
        if any(v.level == "error" for v in violations):
            self.rejected += 1
        for v in violations:
            key = (v.rule, normalize_pointer(v.pointer), v.source, v.level)
            entry = self.violations.get(key)
            if entry is None:
                self.violations[key] = {**v.to_json(), "pointer": key[1], "count": 1, "first_seq": seq}
            else:
                entry["count"] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests, "rejected": self.rejected,
            "statuses": dict(sorted(self.statuses.items())),
            "exercised": dict(sorted(self.exercised.items())),
            "violations": sorted(self.violations.values(),
                                 key=lambda e: (e["pointer"], e["rule"], e["source"])),
        }


class Recorder:
    """Every exchange the mock answered, with exact totals and bounded detail."""

    def __init__(self, operations: list[Operation], *, contract_source: str = "",
                 settings: dict[str, Any] | None = None, max_exchanges: int = 20_000,
                 listener: Callable[[dict[str, Any]], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._listener = listener
        self._contract = [self._describe(op) for op in operations]
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
        return {
            "key": op.key, "name": op.name, "method": op.method, "path": op.path,
            "doc_id": op.doc_id, "title": op.title, "source": op.source,
            "alternatives": list(op.alternatives),
            "responses": [{"status": r.status, "source": r.source} for r in op.responses],
            "documented": [item.to_json() for item in inventory(op)],
        }

    @property
    def count(self) -> int:
        """Exchanges recorded so far; a test remembers it to look at its own later."""
        return self._seq

    def exchange(self, *, operation: Operation | None, method: str, target: str,
                 headers: dict[str, str], body: bytes, status: int | None,
                 violations: list[Violation], exercised: list[str], origin: str = "") -> int:
        """Record one exchange; returns its sequence number (1-based)."""
        shown = body[:_BODY_KEPT].decode("utf-8", "replace")
        key = (self._names.get(id(operation)) or operation.name) if operation is not None else UNMATCHED
        entry: dict[str, Any] = {
            "seq": 0, "time": 0.0, "method": method, "target": target, "operation": key, "status": status,
            "origin": origin, "violations": [v.to_json() for v in violations],
            "headers": redact_headers(headers), "body": shown, "body_bytes": len(body)}
        with self._lock:
            self._seq += 1
            seq = entry["seq"] = self._seq
            entry["time"] = round(time.monotonic() - self._t0, 3)
            self._totals.setdefault(key, _Totals()).add(seq, status, violations, exercised)
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
