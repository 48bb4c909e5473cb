"""JSON Schema helpers shared by case generation and checks.

Responsible for: preparing a documented schema for data generation (drop
annotations, turn ``int32``/``int64``/``float`` formats into bounds, allow only
documented properties), validating instances with those formats enforced,
walking the fields of a body schema, building minimal instances (with the
fields a valid request always sends), editing a
JSON value at a path, and finding the page line (``x-source``) nearest to a
schema error.

Not responsible for: deciding which cases to send (``cases``), drawing random
data (``strategies``) or judging responses (``checks``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError  # type: ignore[import-untyped]

__all__ = [
    "INT_BOUNDS",
    "FieldRef",
    "always_sent",
    "delete_at",
    "fields",
    "generation_schema",
    "is_valid",
    "json_type",
    "minimal_instance",
    "set_at",
    "source_along",
    "validation_errors",
]

#: Documented integer formats and the range a value must fit in.
INT_BOUNDS: dict[str, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}
_FLOAT_MAX = 3.4028234663852886e38
_FORMATS = FormatChecker()


@_FORMATS.checks("int32")  # type: ignore[untyped-decorator]
def _int32(value: object) -> bool:
    return not _is_int(value) or INT_BOUNDS["int32"][0] <= value <= INT_BOUNDS["int32"][1]  # type: ignore[operator]


@_FORMATS.checks("int64")  # type: ignore[untyped-decorator]
def _int64(value: object) -> bool:
    return not _is_int(value) or INT_BOUNDS["int64"][0] <= value <= INT_BOUNDS["int64"][1]  # type: ignore[operator]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class FieldRef:
    """One field of a body: where it is, what it must be, and where that is promised."""

    path: tuple[str | int, ...]
    schema: dict[str, Any]
    required: bool
    source: str


def json_type(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def generation_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as hypothesis-jsonschema should see it.

    Annotations (``x-…``, descriptions) go, integer formats become bounds so
    that a ``Long`` never exceeds int64, and objects get
    ``additionalProperties: false`` so valid requests carry documented fields only.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key.startswith("x-") or key in ("description", "examples", "example", "title", "$schema"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: generation_schema(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = generation_schema(value)
        elif key in ("anyOf", "oneOf", "allOf") and isinstance(value, list):
            out[key] = [generation_schema(sub) for sub in value]
        else:
            out[key] = value
    fmt, kind = out.pop("format", None), json_type(out)
    if kind == "integer" and fmt in INT_BOUNDS:
        low, high = INT_BOUNDS[fmt]
        out["minimum"] = max(out.get("minimum", low), low)
        out["maximum"] = min(out.get("maximum", high), high)
    elif kind == "number":
        out.setdefault("minimum", -_FLOAT_MAX)
        out.setdefault("maximum", _FLOAT_MAX)
    elif kind == "string" and fmt in ("date-time", "date", "email", "uuid", "ipv4", "ipv6", "uri"):
        out["format"] = fmt
    if kind == "object" and "properties" in out:
        out.setdefault("additionalProperties", False)
        if sent := always_sent(schema):
            out["required"] = sorted(sent)
    return out


def always_sent(schema: dict[str, Any]) -> set[str]:
    """The properties every valid request sends: the required ones, and those the page
    requires under a condition stated in words (``x-required-when`` on the property, or
    a map of them on the object). The suite cannot evaluate such a condition ("not
    required when op is remove"); a field that may be needed is sent, since none of
    these conditions forbids it, so a rejection of the request is the server's."""
    props = schema.get("properties")
    if not isinstance(props, dict):
        return set()
    when = schema.get("x-required-when")
    conditional = {name for name, sub in props.items()
                   if isinstance(sub, dict) and sub.get("x-required-when")
                   or isinstance(when, dict) and when.get(name)}
    return {r for r in schema.get("required", []) if isinstance(r, str)} | conditional


#: Validators by schema identity; the schema is kept so its id cannot be reused.
_VALIDATORS: dict[int, tuple[dict[str, Any], Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    hit = _VALIDATORS.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_VALIDATORS) > 1024:
            _VALIDATORS.clear()
        hit = _VALIDATORS[id(schema)] = (schema, Draft202012Validator(schema, format_checker=_FORMATS))
    return hit[1]


def validation_errors(schema: dict[str, Any], instance: Any) -> list[ValidationError]:
    """Every error of ``instance`` against ``schema``, formats enforced, deepest path first."""
    validator = _validator(schema)
    errors = list(validator.iter_errors(instance))
    return sorted(errors, key=lambda e: (-len(e.absolute_path), list(map(str, e.absolute_path))))


def is_valid(schema: dict[str, Any], instance: Any) -> bool:
    return not validation_errors(schema, instance)


def fields(schema: dict[str, Any] | None, path: tuple[str | int, ...] = (),
           depth: int = 4) -> Iterator[FieldRef]:
    """Fields of an object body, depth first; arrays of objects are entered at index 0."""
    if not isinstance(schema, dict) or depth <= 0:
        return
    if json_type(schema) == "array" and isinstance(schema.get("items"), dict):
        yield from fields(schema["items"], (*path, 0), depth - 1)
        return
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        if not isinstance(sub, dict):
            continue
        here = (*path, name)
        yield FieldRef(here, sub, name in required, str(sub.get("x-source", "")))
        yield from fields(sub, here, depth - 1)


def minimal_instance(schema: dict[str, Any] | None, *, full: bool = False) -> Any:
    """A small valid value: required fields only (all fields when ``full``)."""
    if not isinstance(schema, dict):
        return {}
    for key in ("default", "const"):
        if key in schema:
            return copy.deepcopy(schema[key])
    if schema.get("enum"):
        return copy.deepcopy(schema["enum"][0])
    kind = json_type(schema)
    if kind == "object" or (kind is None and "properties" in schema):
        required = always_sent(schema) | set(schema.get("required", []))
        return {name: minimal_instance(sub, full=full)
                for name, sub in schema.get("properties", {}).items() if full or name in required}
    if kind == "array":
        count = max(int(schema.get("minItems", 0)), 1 if full else 0)
        return [minimal_instance(schema.get("items"), full=full) for _ in range(count)]
    return _scalar(schema, kind)


def _scalar(schema: dict[str, Any], kind: str | None) -> Any:
    if kind in ("integer", "number"):
        value: float = 1 if kind == "integer" else 1.5
        value = min(value, schema.get("maximum", value))
        value = max(value, schema.get("minimum", value))
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "x" * max(int(schema.get("minLength", 1)), 1)


def set_at(value: Any, path: Sequence[str | int], new: Any, schema: dict[str, Any] | None = None) -> Any:
    """A copy of ``value`` with ``new`` at ``path``, creating containers on the way."""
    if not path:
        return copy.deepcopy(new)
    head, rest = path[0], path[1:]
    sub_schema = _child_schema(schema, head)
    if isinstance(head, int):
        items = list(value) if isinstance(value, list) else []
        while len(items) <= head:
            items.append(minimal_instance(sub_schema, full=False))
        items[head] = set_at(items[head], rest, new, sub_schema)
        return items
    obj = dict(value) if isinstance(value, dict) else {}
    obj[head] = set_at(obj.get(head, minimal_instance(sub_schema)), rest, new, sub_schema)
    return obj


def delete_at(value: Any, path: Sequence[str | int]) -> Any:
    """A copy of ``value`` without the member at ``path`` (unchanged when absent)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(value, list) and isinstance(head, int) and head < len(value):
        items = list(value)
        items[head] = delete_at(items[head], rest) if rest else items[head]
        return items
    if isinstance(value, dict) and isinstance(head, str) and head in value:
        obj = dict(value)
        if rest:
            obj[head] = delete_at(obj[head], rest)
        else:
            del obj[head]
        return obj
    return value


def _child_schema(schema: dict[str, Any] | None, key: str | int) -> dict[str, Any] | None:
    if not isinstance(schema, dict):
        return None
    if isinstance(key, int):
        items = schema.get("items")
        return items if isinstance(items, dict) else None
    sub = schema.get("properties", {}).get(key)
    return sub if isinstance(sub, dict) else None


def source_along(schema: dict[str, Any] | None, schema_path: Iterable[str | int]) -> str | None:
    """The ``x-source`` nearest to the end of ``schema_path``: the line that made the promise."""
    node: Any = schema
    found = node.get("x-source") if isinstance(node, dict) else None
    for key in schema_path:
        node = _step(node, key)
        if node is None:
            break
        if isinstance(node, dict) and node.get("x-source"):
            found = node["x-source"]
    return str(found) if found else None


def _step(node: Any, key: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None
