"""Walking documented schemas for the mock: what is documented, where, and what a value uses.

The mock and the certification report need three things from a schema the
extractor wrote, beyond validation itself: the list of everything an
operation documents (parameters and body fields, each with its document
line) to measure coverage; the document line and type phrase behind a
jsonschema error; and, for one request body, which documented fields it
used and which fields the document does not list.

Pointers into bodies use ``*`` for "any array item" (``/body/rules/*/name``)
so that coverage and aggregated violations do not depend on array indexes.

Not responsible for validating (:mod:`.mock_validate`) or generating values
(:mod:`.mock_respond`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..contract import Operation

__all__ = [
    "DocumentedItem",
    "escape",
    "inventory",
    "is_bare",
    "normalize_pointer",
    "raw_type",
    "source_at",
    "strict_schema",
    "unvalidated",
    "walk_present",
]

#: Deeper than any real parameter table nests; guards against pathological schemas.
MAX_DEPTH = 16
_INDEX = re.compile(r"/\d+(?=/|$)")


@dataclass(frozen=True, slots=True)
class DocumentedItem:
    """A parameter or body field the document states, for coverage."""

    pointer: str
    location: str
    required: bool
    source: str
    #: The contract leaves it bare (an object without fields, a value without a type):
    #: sending it exercises nothing that can be validated.
    bare: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pointer": self.pointer, "location": self.location,
                               "required": self.required, "source": self.source}
        if self.bare:
            out["bare"] = True
        return out


def escape(name: str) -> str:
    """A name as one JSON pointer segment (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def normalize_pointer(pointer: str) -> str:
    """Array indexes in a body pointer as ``*``, so violations group across items."""
    return _INDEX.sub("/*", pointer) if pointer.startswith("/body") else pointer


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """Properties of an object schema, including those of its allOf/anyOf/oneOf branches."""
    props = dict(schema.get("properties") or {})
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            if isinstance(branch, dict):
                for name, sub in (branch.get("properties") or {}).items():
                    props.setdefault(name, sub)
    return props


def _required(schema: dict[str, Any]) -> set[str]:
    names = set(schema.get("required") or [])
    for branch in schema.get("allOf") or []:
        if isinstance(branch, dict):
            names |= set(branch.get("required") or [])
    return names


def strict_schema(schema: Any, depth: int = 0) -> Any:
    """The schema as a page's example must honour it: objects that list their fields admit
    no others (documented fields only); ``required`` stays as documented. Objects that
    combine branches (``allOf``/``anyOf``/``oneOf``) are left open, since closing one
    branch would reject the others' fields."""
    if isinstance(schema, list):
        return [strict_schema(s, depth + 1) for s in schema]
    if not isinstance(schema, dict) or depth > MAX_DEPTH * 2:
        return schema
    out = {k: (strict_schema(v, depth + 1) if k in _SUBSCHEMAS else v) for k, v in schema.items()}
    if isinstance(out.get("properties"), dict):
        out["properties"] = {n: strict_schema(v, depth + 1) for n, v in out["properties"].items()}
        if not any(k in out for k in ("additionalProperties", "patternProperties", "allOf", "anyOf",
                                      "oneOf", "unevaluatedProperties")):
            out["additionalProperties"] = False
    return out


_SUBSCHEMAS = frozenset({"items", "additionalProperties", "allOf", "anyOf", "oneOf", "prefixItems", "not"})


def inventory(op: Operation) -> tuple[DocumentedItem, ...]:
    """Every parameter and body field the operation documents, in document order."""
    items = [DocumentedItem(f"/{p.location}/{p.name}", p.location, p.required, p.source)
             for p in op.params]
    if op.body is not None:
        items.append(DocumentedItem("/body", "body", op.body_required,
                                    op.body.get("x-source", op.source), is_bare(op.body)))
        items.extend(_fields(op.body, "/body", op.body.get("x-source", op.source), 0))
    return tuple(items)


def _fields(schema: dict[str, Any], base: str, inherited: str, depth: int) -> Iterator[DocumentedItem]:
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return
    if isinstance(schema.get("items"), dict):
        yield from _fields(schema["items"], base + "/*", inherited, depth + 1)
    required = _required(schema)
    for name, sub in _properties(schema).items():
        if not isinstance(sub, dict):
            continue
        pointer = f"{base}/{escape(name)}"
        source = sub.get("x-source", inherited)
        yield DocumentedItem(pointer, "body", name in required, source, is_bare(sub))
        yield from _fields(sub, pointer, source, depth + 1)


_STRUCTURE = frozenset({"properties", "items", "prefixItems", "enum", "const", "allOf", "anyOf", "oneOf",
                        "patternProperties", "$ref", "not", "if"})


def is_bare(schema: Any) -> bool:
    """Whether a schema constrains nothing a value could break: an object that lists no
    fields (and does not close itself), or a value with no type and no structure."""
    if not isinstance(schema, dict) or _STRUCTURE & set(schema):
        return False
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) or extra is False:
        return False
    kind = schema.get("type")
    return kind in (None, "object") or (isinstance(kind, list) and set(kind) <= {"object", "null"})


def unvalidated(schema: dict[str, Any], value: Any, base: str) -> list[str]:
    """Where a body value holds content the contract cannot check: the members of a bare
    object (``/body/metadata/owner``), a bare value with content; array indexes as ``*``."""
    found: dict[str, None] = {}
    for pointer in _unvalidated(schema, value, base, 0):
        found.setdefault(normalize_pointer(pointer))
    return list(found)


def _unvalidated(schema: Any, value: Any, pointer: str, depth: int) -> Iterator[str]:
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return
    if is_bare(schema):
        if isinstance(value, dict) and value:
            yield from (f"{pointer}/{escape(str(k))}" for k in value)
        elif isinstance(value, list) and value:
            yield f"{pointer}/*"
        elif schema.get("type") is None and value is not None and not isinstance(value, (dict, list)):
            yield pointer
        return
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from _unvalidated(schema["items"], item, f"{pointer}/{i}", depth + 1)
    elif isinstance(value, dict):
        props = _properties(schema)
        for name, item in value.items():
            if isinstance(props.get(name), dict):
                yield from _unvalidated(props[name], item, f"{pointer}/{escape(str(name))}", depth + 1)


def _descend(root: dict[str, Any], schema_path: list[Any]) -> Iterator[dict[str, Any]]:
    node: Any = root
    yield root
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
        if isinstance(node, dict):
            yield node


def source_at(root: dict[str, Any], schema_path: list[Any], fallback: str) -> str:
    """The document line of the deepest schema node on the path that has one."""
    found = fallback
    for node in _descend(root, schema_path):
        found = node.get("x-source", found)
    return found


def raw_type(root: dict[str, Any], schema_path: list[Any]) -> str:
    """The type phrase as the page wrote it (``Array of Long``), deepest on the path."""
    found = ""
    for node in _descend(root, schema_path):
        found = node.get("x-raw-type") or found
    return found


def walk_present(schema: dict[str, Any], value: Any, base: str,
                 source: str = "") -> Iterator[tuple[str, bool, dict[str, Any], str]]:
    """For a body value: ``(pointer, True, field schema, line)`` for each documented field
    it uses, ``(concrete pointer, False, object schema, line of the table that lists the
    object's fields)`` for each field the document does not list (once per field name
    and place, not once per array item)."""
    seen: set[str] = set()
    for pointer, present, node, where in _walk(schema, value, base, base, source, 0):
        key = normalize_pointer(pointer) if not present else pointer
        if key not in seen:
            seen.add(key)
            yield pointer, present, node, where


def _walk(schema: Any, value: Any, pattern: str, concrete: str, source: str,
          depth: int) -> Iterator[tuple[str, bool, dict[str, Any], str]]:
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return
    source = schema.get("x-source", source)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from _walk(schema["items"], item, pattern + "/*", f"{concrete}/{i}", source, depth + 1)
        return
    if not isinstance(value, dict):
        return
    props = _properties(schema)
    reports_extras = bool(props) and schema.get("additionalProperties") in (None, True)
    for name, item in value.items():
        segment = escape(str(name))
        sub = props.get(name)
        if isinstance(sub, dict):
            yield f"{pattern}/{segment}", True, sub, sub.get("x-source", source)
            yield from _walk(sub, item, f"{pattern}/{segment}", f"{concrete}/{segment}", source, depth + 1)
        elif reports_extras and not schema.get("patternProperties"):
            yield f"{concrete}/{segment}", False, schema, source
