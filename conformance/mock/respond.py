"""What the mock answers to a valid request: a documented example or a generated body.

For each operation, :class:`Responder` knows the documented responses and
their examples. By default it answers the first documented success status
with the first example that honours that status's documented schema
strictly (documented fields only, mandatory fields present, formats and
enums kept); a page whose example contradicts its own table (a typo'd key,
a missing wrapper object, an array where the table says object, an error
body filed under a success status) gets a generated, schema-valid body
instead, so a client is never taught the wrong shape, and the withheld
example is an ``example-schema-mismatch`` finding that certification lists.
Generated values honour formats and enums, and a resource's status field
takes a documented terminal value (``SUCCESS``, ``ACTIVE``: the vocabulary
is ``terminal_states.json``) so a client polling for completion finishes.
``Prefer: code=404``, ``Prefer: example=example2`` and ``Prefer:
dynamic=true`` pick another documented response, as Prism's do.

Generated bodies come in a few variants per status, each drawn once from a
:class:`random.Random` seeded by the server's seed, the operation and the
variant; the request's digest picks the variant. So the same seed and the
same request give the same answer, whatever the order and concurrency of
requests, and generating costs nothing after the first time.

Not responsible for validating requests (:mod:`.mock_validate`) or for
HTTP framing (:mod:`.mock`).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..contract import ExampleSpec, Operation, ResponseSpec
from .examples import ResponseExamples, WithheldExample

__all__ = ["VARIANTS", "PreferError", "Reply", "Responder", "WithheldExample", "generate", "parse_prefer"]

#: Generated bodies per documented status: enough variety for a client's tests,
#: few enough to generate each once.
VARIANTS = 16

_PY_TYPES: dict[str, Any] = {"string": str, "boolean": bool, "integer": int, "number": (int, float)}
_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z", "date": "2024-01-01", "time": "00:00:00Z",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "email": "user@example.com",
    "uri": "https://example.com/", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1",
    "hostname": "host.example.com", "uri-reference": "/example", "byte": "ZXhhbXBsZQ==",
    "idn-email": "user@example.com", "iri": "https://example.com/", "duration": "PT1H",
}
_TERMINAL = json.loads(Path(__file__).with_name("terminal_states.json").read_text(encoding="utf-8"))
#: Status-like field names (``status``, ``state``, ``job_status``...), lower case.
_STATUS_NAME = re.compile(_TERMINAL["field_name"])
#: Documented terminal values, most telling first (``SUCCESS`` before ``ACTIVE``).
_TERMINAL_VALUES = [v.lower() for v in _TERMINAL["values"]]

#: What an answer was, for the record: a documented example, a generated body, nothing.
DOCUMENTED, GENERATED, EMPTY = "documented-example", "generated", "empty"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes | None
    origin: str
    #: ``documented-example``, ``generated`` or ``empty``.
    kind: str = GENERATED
    #: The documented response shown: its status key and example name, if an example.
    response: str = ""
    example: str | None = None


class PreferError(Exception):
    """A ``Prefer`` header asks for a response the document does not have."""


def parse_prefer(header: str) -> dict[str, str]:
    """``code=404, example=ex1; dynamic=true`` as a dict (RFC 7240 preferences)."""
    prefs: dict[str, str] = {}
    for token in header.replace(";", ",").split(","):
        name, _, value = token.strip().partition("=")
        if name:
            prefs[name.strip().lower()] = value.strip().strip('"')
    return prefs


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "backslashreplace")


class Responder:
    """The documented responses of one operation, with their examples checked once."""

    def __init__(self, op: Operation, seed: int | None, examples: ResponseExamples | None = None) -> None:
        self.op = op
        self._seed = str(seed) if seed is not None else random.SystemRandom().random().hex()
        self._generated_bodies: dict[tuple[str, int], bytes] = {}
        self.checked = examples or ResponseExamples(op)
        self.default_status = self.checked.default_status
        self.withheld = self.checked.withheld
        self._valid = self.checked.valid
        self._chosen = {status: self._first_valid(status) for status in self._statuses()}

    def _statuses(self) -> set[str]:
        return {self.default_status, *(r.status for r in self.op.responses)}

    def _first_valid(self, status: str) -> tuple[str, ExampleSpec] | None:
        found = self._valid.get(status.upper())
        return found[0] if found else None

    def reply(self, prefer: dict[str, str], request_key: bytes) -> Reply:
        status_text = prefer.get("code") or self.default_status
        spec = self.op.response(status_text)
        if not status_text.isdigit() or not 100 <= int(status_text) <= 599 or (
                spec is None and "code" in prefer):
            raise PreferError(f"code={status_text} is not a documented response; documented: "
                              + ", ".join(r.status for r in self.op.responses))
        status_key = spec.status if spec else status_text
        if "example" in prefer:
            return self._named(int(status_text), status_key, prefer["example"])
        chosen = None if prefer.get("dynamic") == "true" else self._chosen.get(status_key.upper())
        if chosen is not None:
            name, ex = chosen
            return Reply(int(status_text), _encode(ex.value), f"documented example {name} ({ex.source})",
                         DOCUMENTED, status_key, name)
        return self._generated(int(status_text), spec, request_key)

    def _named(self, status: int, status_key: str, name: str) -> Reply:
        for ex_name, ex in self._valid.get(status_key.upper(), []):
            if ex_name == name:
                return Reply(status, _encode(ex.value), f"documented example {name} ({ex.source})",
                             DOCUMENTED, status_key, name)
        withheld = next((w for w in self.withheld if w.status == status_key.upper() and w.name == name), None)
        if withheld is not None:
            raise PreferError(f"example={name} ({withheld.source}) contradicts the page's own schema "
                              f"and is not served: {withheld.problems[0]}")
        known = [n for n, _ in self._valid.get(status_key.upper(), [])]
        raise PreferError(f"example={name} is not documented for {status_key}; documented: "
                          + (", ".join(known) or "none"))

    def _generated(self, status: int, spec: ResponseSpec | None, request_key: bytes) -> Reply:
        """One of ``VARIANTS`` bodies per status, picked by the request's digest: the same
        request always gets the same body, different requests see different ones, and
        each variant is generated once (generation costs more than the rest of a request)."""
        if spec is None or spec.schema is None:
            return Reply(status, None, "the document gives no response body", EMPTY,
                         spec.status if spec else str(status))
        digest = hashlib.blake2b(request_key, digest_size=8).digest()
        variant = int.from_bytes(digest, "big") % VARIANTS
        body = self._generated_bodies.get((spec.status, variant))
        if body is None:
            rng = random.Random(f"{self._seed}:{self.op.key}:{spec.status}:{variant}")
            body = self._generated_bodies[(spec.status, variant)] = _encode(generate(spec.schema, rng))
        return Reply(status, body, f"generated (variant {variant}) from the schema at "
                                   f"{spec.source or self.op.source}", GENERATED, spec.status)


def generate(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value valid against ``schema`` for the keywords the extractor writes
    (type, format, enum, const, default, bounds, lengths, items, properties)."""
    if not isinstance(schema, dict) or depth > 12:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return rng.choice(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return generate(schema[key][0], rng, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if "default" in schema and _has_type(schema["default"], kind):
        return schema["default"]  # a documented value reads better than a random one
    maker = _MAKERS.get(kind)
    return maker(schema, rng, depth) if maker else None


def _has_type(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind != "boolean":
        return False
    return isinstance(value, _PY_TYPES.get(kind, ()))


def _object(schema: dict[str, Any], rng: random.Random, depth: int) -> dict[str, Any]:
    out = {}
    for name, sub in (schema.get("properties") or {}).items():
        terminal = _terminal(name, sub)
        out[name] = terminal if terminal is not None else generate(sub, rng, depth + 1)
    return out


def _terminal(name: str, schema: Any) -> Any:
    """A status field's documented terminal value (``SUCCESS``, ``ACTIVE``), if it has one."""
    if not isinstance(schema, dict) or not _STATUS_NAME.fullmatch(name.lower()):
        return None
    values = [v for v in schema.get("enum") or [] if isinstance(v, str)]
    ranked = sorted((_TERMINAL_VALUES.index(v.lower()), v) for v in values if v.lower() in _TERMINAL_VALUES)
    return ranked[0][1] if ranked else None


def _array(schema: dict[str, Any], rng: random.Random, depth: int) -> list[Any]:
    low = int(schema.get("minItems", 1))
    high = max(low, min(int(schema.get("maxItems", low + 2)), low + 2))
    return [generate(schema.get("items", {}), rng, depth + 1) for _ in range(rng.randint(low, high))]


def _integer(schema: dict[str, Any], rng: random.Random, depth: int) -> int:
    fmt_low, fmt_high = _BOUNDS.get(schema.get("format", ""), _BOUNDS["int64"])
    low = _bound(schema, "minimum", math.ceil, "exclusiveMinimum", lambda x: math.floor(x) + 1)
    high = _bound(schema, "maximum", math.floor, "exclusiveMaximum", lambda x: math.ceil(x) - 1)
    if low is None:
        low = 0 if high is None or high >= 0 else high - 10_000
    if high is None:
        high = low + 10_000
    low, high = max(low, fmt_low), min(high, fmt_high)
    step = schema.get("multipleOf")
    if isinstance(step, int) and step > 0:
        first = -(-low // step) * step
        return first + step * rng.randint(0, max(0, (high - first) // step))
    return rng.randint(low, high) if low <= high else low


def _bound(schema: dict[str, Any], inclusive: str, round_in: Any, exclusive: str,
           round_ex: Any) -> int | None:
    candidates = [round_in(schema[inclusive]) if _is_number(schema.get(inclusive)) else None,
                  round_ex(schema[exclusive]) if _is_number(schema.get(exclusive)) else None]
    found = [int(c) for c in candidates if c is not None]
    if not found:
        return None
    return max(found) if inclusive == "minimum" else min(found)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number(schema: dict[str, Any], rng: random.Random, depth: int) -> float:
    value = float(_integer({k: v for k, v in schema.items() if k != "format"}, rng, depth))
    if _within(schema, value):
        return value
    lows = [float(schema[k]) for k in ("minimum", "exclusiveMinimum") if _is_number(schema.get(k))]
    highs = [float(schema[k]) for k in ("maximum", "exclusiveMaximum") if _is_number(schema.get(k))]
    if lows and highs:
        return (max(lows) + min(highs)) / 2  # no whole number fits between the documented bounds
    return value


def _within(schema: dict[str, Any], value: float) -> bool:
    """Inclusive and exclusive bounds alike: (0, 1) admits no 0.0 and no 1.0."""
    checks = (
        ("minimum", lambda b: value >= b), ("exclusiveMinimum", lambda b: value > b),
        ("maximum", lambda b: value <= b), ("exclusiveMaximum", lambda b: value < b),
    )
    return all(ok(float(schema[k])) for k, ok in checks if _is_number(schema.get(k)))


def _string(schema: dict[str, Any], rng: random.Random, depth: int) -> str:
    fixed = _FORMATS.get(schema.get("format", ""))
    if fixed is not None:
        return fixed
    low, high = int(schema.get("minLength", 1)), int(schema.get("maxLength", 12))
    length = rng.randint(low, max(low, min(high, max(low, 12))))
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


_MAKERS: dict[str, Callable[[dict[str, Any], random.Random, int], Any]] = {
    "object": _object, "array": _array, "integer": _integer, "number": _number,
    "string": _string, "boolean": lambda s, rng, d: rng.random() < 0.5, "null": lambda s, rng, d: None,
}
