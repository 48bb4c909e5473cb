"""Small value helpers shared by the comparison and the rules.

What counts as "the same" when two versions state a type, an enum value or
a default, and how such values are written in messages and pointers. Kept
in one place so that comparison (:mod:`.compare`) and judgement
(:mod:`.rules`) can never disagree on equality.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from ..model import Endpoint, Field, TypeRef

_QUOTES = "\"'“”‘’「」`"
_GROUPED = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

__all__ = ["as_written", "canonical", "field_pointers", "object_path", "pointer_escape", "show", "type_conflict", "type_text"]


def canonical(value: Any) -> str:
    """A comparison key for a stated value: ``1``, ``1.0`` and ``"1"`` agree, case counts.

    Pages state enum values and defaults as text; the interpreter types some
    of them (``false``, ``10``) and not others, so a number or boolean and
    its own spelling are the same statement, and so are ``"SYNC"`` and
    ``“SYNC”``, ``1000`` and ``1,000``. Letter case is not folded:
    ``ACTIVE`` and ``active`` are different values for an API.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        text = value.strip().strip(_QUOTES).strip()
        if _GROUPED.match(text):
            text = text.replace(",", "")
        return text
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def type_conflict(a: TypeRef, b: TypeRef) -> str | None:
    """``structure`` when the types differ in kind at some depth, ``format`` when
    only a stated format differs, ``None`` when they agree.

    A side that says less is not a contradiction: ``any`` (an unknown phrase,
    or ``Array`` with no element type) and a guess (``Strnig``, read as a named
    type whose table never turned up) agree with everything, and a format
    is compared only when both sides state one (``Number`` and ``Double``
    agree; ``Integer`` (int32) and ``Long`` (int64) do not).
    """
    if a.base == "any" or b.base == "any" or not (a.known and b.known):
        return None
    if a.base != b.base:
        return "structure"
    worst = "format" if a.format and b.format and a.format != b.format else None
    for x, y in ((a.items, b.items), (a.values, b.values)):
        if x is not None and y is not None:
            inner = type_conflict(x, y)
            if inner == "structure":
                return inner
            worst = worst or inner
    return worst


def type_text(t: TypeRef | None) -> str:
    """The meaning of a type in a few words: ``array of integer(int64)``."""
    if t is None:
        return "any"
    if t.base == "array":
        return f"array of {type_text(t.items)}" if t.items is not None else "array"
    if t.base == "object" and t.values is not None:
        return f"map of {type_text(t.values)}"
    return f"{t.base}({t.format})" if t.format else t.base


def pointer_escape(name: str) -> str:
    """One JSON pointer segment (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return name.replace("~", "~0").replace("/", "~1")


def show(value: Any) -> str:
    """A stated value as a message writes it (JSON, so strings are quoted)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:79] + "…"


def object_path(t: TypeRef | None) -> str:
    """Where the properties of a type's innermost object sit in its schema, as the writer puts them."""
    out = ""
    while t is not None:
        if t.base == "array":
            out += "/items"
            t = t.items
        elif t.base == "object" and t.values is not None and t.values.base in ("object", "array", "any"):
            out += "/additionalProperties"
            t = t.values
        else:
            break
    return out


def field_pointers(ep: Endpoint) -> Iterator[tuple[str, Field]]:
    """Every field of an endpoint with its pointer into the bundle."""
    def down(f: Field, pointer: str) -> Iterator[tuple[str, Field]]:
        yield pointer, f
        base = pointer + object_path(f.type) + "/properties/"
        for c in f.children:
            yield from down(c, base + pointer_escape(c.name))

    for p in ep.parameters:
        loc = p.location if p.location in ("path", "query", "header") else "x-other"
        yield from down(p, f"/request/{loc}/properties/{pointer_escape(p.name)}")
    if ep.request_body is not None:
        yield from down(ep.request_body, "/request/body")
    for r in ep.responses:
        if r.body is not None:
            yield from down(r.body, f"/responses/{r.status}/body")
        for h in r.headers:
            yield from down(h, f"/responses/{r.status}/headers/properties/{pointer_escape(h.name)}")


def as_written(kind: str, value: Any) -> str:
    """A side's value in the page's words, for people: ``Array of String``, ``String, mandatory``.

    ``kind`` is the :class:`~.compare.Difference` kind the value belongs to
    (``""`` for page findings). ``""`` means the version states nothing.
    """
    if kind == "example":  # a JSON value from an example: as JSON, so "true" is not true
        return show(value)
    if value is None:
        return ""
    if kind == "type" and isinstance(value, dict):
        return str(value.get("raw") or value.get("type") or "")
    if kind in ("field", "envelope") and isinstance(value, dict):
        said = {True: "mandatory", False: "optional"}.get(value.get("required"), "")
        return ", ".join(x for x in (str(value.get("type") or ""), said) if x) or "documented"
    if kind == "endpoint" and isinstance(value, dict):
        return str(value.get("title") or "documented")
    if kind == "required" and isinstance(value, bool):
        return "mandatory" if value else "optional"
    if isinstance(value, list) and kind in ("enum", "status-codes", "children"):
        return ", ".join(v if isinstance(v, str) else show(v) for v in value)
    if isinstance(value, str):
        return value
    return show(value)
