"""Interesting values for one documented field or parameter.

Responsible for: the boundary values a schema allows (limits of ``Integer``
and ``Long``, empty and long and non-ASCII strings, empty and large arrays,
enum members, defaults), values it forbids (wrong scalar types; structures
where a scalar is documented and the reverse; the valid value nested one
level deeper; ``null``; empty objects that lack mandatory fields; outside an
enum or a range; too long, too many items), and readable placeholders for
parameters the page gives no example for. ``text=True`` gives values for
path and query parameters and form fields, which travel as text, so no JSON
type survives and only text that breaks the promise is invalid. Every value
is bounded (:data:`LARGE_ARRAY`, :data:`LONG_STRING`, :data:`LARGE_FILE`).

Not responsible for: where the values go (``cases``) or random values
(``strategies``).
"""

from __future__ import annotations

from typing import Any

from ..schema_tools import INT_BOUNDS, json_type, minimal_instance

__all__ = ["LARGE_ARRAY", "LARGE_FILE", "LONG_STRING", "NON_ASCII", "boundary_values", "invalid_values",
           "placeholder"]

LARGE_ARRAY = 1000
LONG_STRING = 4096
LARGE_FILE = 1 << 16
NON_ASCII = "Ünïcödé 数据 ✓ ё"
_TEXT_LONG = 256

Labelled = list[tuple[str, Any]]


def placeholder(name: str, schema: dict[str, Any]) -> str:
    """A readable stand-in value for a parameter the page shows no value for."""
    value = minimal_instance(schema)
    if json_type(schema) in (None, "string") and "enum" not in schema and "default" not in schema:
        value = f"test-{name}".replace("_", "-")[: schema.get("maxLength", 64)]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _int_range(schema: dict[str, Any]) -> tuple[int | None, int | None]:
    low, high = INT_BOUNDS.get(str(schema.get("format")), (None, None))
    if "minimum" in schema:
        low = int(schema["minimum"])
    if "maximum" in schema:
        high = int(schema["maximum"])
    return low, high


def boundary_values(schema: dict[str, Any], *, text: bool = False) -> Labelled:
    """Valid values at the edges of ``schema``; each with a label saying which edge."""
    out: Labelled = [(f"enum value {v!r}", v) for v in schema.get("enum", [])]
    if "default" in schema:
        out.append((f"default value {schema['default']!r}", schema["default"]))
    if out and "enum" in schema:
        return out
    kind = json_type(schema)
    if kind == "integer":
        low, high = _int_range(schema)
        fmt = schema.get("format", "integer")
        out += [(f"{fmt} minimum {low}", low), (f"{fmt} maximum {high}", high), ("zero", 0)]
    elif kind == "number":
        out += [("zero", 0), ("negative fraction", -1.5), ("large", 3.4e38 if schema.get("format") == "float" else 1e300)]
    elif kind == "boolean":
        out += [("true", True), ("false", False)]
    elif kind in ("string", None):
        out += _string_edges(schema, text)
    elif kind == "array" and not text:
        out += _array_edges(schema)
    out = [(label, v) for label, v in out if v is not None and not (text and v == "")]
    return [(label, _as_text(v) if text else v) for label, v in out]


def _string_edges(schema: dict[str, Any], text: bool) -> Labelled:
    low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
    long = int(high) if high is not None else (_TEXT_LONG if text else LONG_STRING)
    out: Labelled = [("long string", "x" * long), ("non-ASCII string", NON_ASCII[: long])]
    if low == 0:
        out.insert(0, ("empty string", ""))
    return [(label, v) for label, v in out if len(v) >= low]


def _items(schema: dict[str, Any]) -> dict[str, Any]:
    items = schema.get("items")
    return items if isinstance(items, dict) else {}


def _array_edges(schema: dict[str, Any]) -> Labelled:
    items = _items(schema)
    low, high = int(schema.get("minItems", 0)), schema.get("maxItems")
    size = int(high) if high is not None else LARGE_ARRAY
    if json_type(items) == "integer":
        large = list(range(1, size + 1))
    else:
        large = [minimal_instance(items) for _ in range(size)]
    out: Labelled = [(f"large array ({size} items)", large)]
    if low == 0:
        out.insert(0, ("empty array", []))
    if json_type(items) != "object":
        out += [(f"one item, {label}", [v]) for label, v in boundary_values(items)]
    return out


def invalid_values(schema: dict[str, Any], *, text: bool = False) -> Labelled:
    """Values ``schema`` forbids, each labelled with the broken promise."""
    kind = json_type(schema)
    out: Labelled = []
    if "enum" in schema:
        out.append(("value outside the enum", "NOT_A_DOCUMENTED_VALUE"))
    if kind == "integer":
        low, high = _int_range(schema)
        out += [("wrong type (string for integer)", "not-a-number"), ("fraction for integer", 1.5)]
        out += [(f"above maximum {high}", high + 1)] if high is not None else []
        out += [(f"below minimum {low}", low - 1)] if low is not None else []
    elif kind == "number":
        out.append(("wrong type (string for number)", "not-a-number"))
    elif kind == "boolean":
        out.append(("wrong type (string for boolean)", "yes"))
    elif kind == "string" and not text:
        out.append(("wrong type (number for string)", 12345))
    if kind == "string" and schema.get("maxLength") is not None:
        out.append((f"longer than maxLength {schema['maxLength']}", "x" * (int(schema["maxLength"]) + 1)))
    if not text:
        out += _container_invalid(schema, kind) + _structural(schema, kind)
    return [(label, _as_text(v) if text else v) for label, v in out]


def _container_invalid(schema: dict[str, Any], kind: str | None) -> Labelled:
    if kind == "array":
        items = _items(schema)
        out: Labelled = [("wrong type (string for array)", "not-an-array")]
        out += [(f"item {label}", [v]) for label, v in invalid_values(items) if json_type(items) != "object"]
        high = schema.get("maxItems")
        if high is not None and int(high) < LARGE_ARRAY:
            out.append((f"more than maxItems {high}", [minimal_instance(items)] * (int(high) + 1)))
        return out
    if kind == "object":
        out = [("wrong type (string for object)", "not-an-object"), ("wrong type (array for object)", [])]
        if schema.get("required"):
            out.append(("empty object (its mandatory fields missing)", {}))
        return out
    return []


def _structural(schema: dict[str, Any], kind: str | None) -> Labelled:
    """A structure where the page documents a scalar and the reverse, an array's valid value
    one level deeper, and ``null``: what a server that trusts its input's shape trips over."""
    if kind is None:
        return []
    valid = minimal_instance(schema)
    out: Labelled = []
    if kind in _SCALARS:
        out += [(f"wrong type (array for {kind})", [valid]), (f"wrong type (object for {kind})", {"value": valid}),
                (f"wrong type (empty array for {kind})", []), (f"wrong type (empty object for {kind})", {})]
    elif kind == "array":
        out += [("wrong type (object for array)", {"items": valid}), ("nested one level deeper", [valid])]
        out += [("wrong type (number for array)", 12345)]
    elif kind == "object":
        out.append(("wrong type (number for object)", 12345))
    if "null" not in _types(schema):
        out.append((f"null for {kind}", None))
    return out


_SCALARS = ("string", "integer", "number", "boolean")


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    return kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
