"""Recursive types in a written body: ``$ref`` to the schema of the enclosing table.

A row that points back at a table enclosing it (cbr ``children | Array of
BackupResp objects`` inside the BackupResp table, a ``node`` row pointing at
the response's own table) is a recursive type: the interpreter marks the field
``recursive`` with that table as its ``source_table`` (:mod:`..interpret.fields`).
This module, given the root of one body, writes such a field as a reference:
the table's object moves to ``$defs`` at the body's root (the body's own table
too, when a row points back at it), and both the place it was built at and the
recursive field hold ``{"$ref": "#/$defs/<name>"}``.

A body schema is a schema document of its own: its references resolve
against the body's root (the mock validates each body alone; the OpenAPI
writer moves ``$defs`` to ``components.schemas``, :func:`hoisted`). A
recursive field whose table encloses it nowhere in this body (it cannot
happen from one page, but a field may be copied around) stays a bare object,
as before.

Not responsible for finding recursion (the interpreter does) nor for the rest
of a field's schema (:mod:`.jsonschema`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Field

__all__ = ["Refs", "hoisted", "inlined", "recursion_in"]

_TABLE_WORD = re.compile(r"^\s*(?:Table|表)\s*[\w.-]*\s*", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DEFS = "#/$defs/"
#: The keys of an object schema that describe the table's object and move to ``$defs``.
_OBJECT_KEYS = ("type", "properties", "required")


def _walk(f: Field) -> Iterator[Field]:
    stack = [f]
    while stack:
        here = stack.pop()
        yield here
        stack.extend(here.children)


def recursion_in(root: Field) -> "Refs | None":
    """The references a body needs, or None when it has no recursive field that can be written."""
    wanted = {f.source_table for f in _walk(root) if f.recursive and f.source_table}
    if not wanted:
        return None
    enclosing = {f.source_table for f in _walk(root) if f.children and not f.recursive}
    targets = wanted & (enclosing | {root.source_table})
    return Refs(root, frozenset(t for t in targets if t)) if targets else None


class Refs:
    """Where each recursive field of one body points, and the ``$defs`` it needs."""

    def __init__(self, root: Field, targets: frozenset[str]) -> None:
        self.root = root
        self.targets = targets
        self.defs: dict[str, dict[str, Any]] = {}
        self._names: dict[str, str] = {}

    def _name(self, label: str) -> str:
        if label not in self._names:
            base = _UNSAFE.sub("_", _TABLE_WORD.sub("", label)).strip("._-") or "table"
            name, n = base, 2
            while name in self._names.values():
                name, n = f"{base}_{n}", n + 1
            self._names[label] = name
        return self._names[label]

    def point(self, schema: dict[str, Any], f: Field) -> None:
        """A recursive field: its innermost object becomes the reference to its table."""
        if f.source_table not in self.targets:
            return
        target = _innermost(schema)
        target.pop("type", None)
        target["$ref"] = _DEFS + self._name(f.source_table)  # type: ignore[arg-type]

    def define(self, target: dict[str, Any], f: Field) -> None:
        """The object built from a table some field recurses to: moved to ``$defs``."""
        label = f.source_table
        if f.recursive or label not in self.targets or (label == self.root.source_table and f is not self.root):
            return  # the body's own table is defined by the body, not by a field copied from it
        name = self._name(label)  # type: ignore[arg-type]
        moved = {k: target.pop(k) for k in _OBJECT_KEYS if k in target}
        self.defs.setdefault(name, moved)
        target["$ref"] = _DEFS + name


def _innermost(schema: dict[str, Any]) -> dict[str, Any]:
    """The object of a type, through arrays and maps of objects."""
    target = schema
    while True:
        if target.get("type") == "array" and isinstance(target.get("items"), dict):
            target = target["items"]
        elif isinstance(target.get("additionalProperties"), dict):
            target = target["additionalProperties"]
        else:
            return target


def hoisted(schema: dict[str, Any], components: dict[str, Any], prefix: str) -> dict[str, Any]:
    """A body schema fit for a document that holds it somewhere inside (OpenAPI): its ``$defs``
    become ``components`` entries named ``<prefix>.<name>`` and every reference to them is
    rewritten; a schema without ``$defs`` comes back unchanged."""
    defs = schema.get("$defs")
    if not isinstance(defs, dict) or not defs:
        return schema
    safe = _UNSAFE.sub("_", prefix).strip("._-") or "body"
    names: dict[str, str] = {}
    for name in defs:
        wanted = candidate = f"{safe}.{name}"
        n = 2
        while candidate in components or candidate in names.values():
            candidate, n = f"{wanted}_{n}", n + 1
        names[_DEFS + name] = candidate
    for name, sub in defs.items():
        components[names[_DEFS + name]] = _rewrite(sub, names)
    return _rewrite({k: v for k, v in schema.items() if k != "$defs"}, names)


def _rewrite(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rewrite(v, names) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _rewrite(v, names) for k, v in node.items()}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref in names:
        out["$ref"] = f"#/components/schemas/{names[ref]}"
    return out


def inlined(schema: Any) -> Any:
    """A body schema read back as a tree (drift reading bundles): each ``#/$defs/…`` reference
    replaced by its definition, and a recursive one, met again inside itself, by the bare
    object the interpreter's recursive field is (no properties), so that a bundle reads back
    as the Endpoint it was written from."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$defs"), dict):
        return schema
    defs: dict[str, Any] = schema["$defs"]
    return _inline({k: v for k, v in schema.items() if k != "$defs"}, defs, frozenset())


def _inline(node: Any, defs: dict[str, Any], active: frozenset[str]) -> Any:
    if isinstance(node, list):
        return [_inline(v, defs, active) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    name = ref.removeprefix(_DEFS) if isinstance(ref, str) and ref.startswith(_DEFS) else None
    if name is not None and isinstance(defs.get(name), dict):
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if name in active:
            return {"type": defs[name].get("type", "object"), **siblings}
        return _inline({**defs[name], **siblings}, defs, active | {name})
    return {k: _inline(v, defs, active) for k, v in node.items()}
