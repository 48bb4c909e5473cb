"""Pure helpers of ``bench_accuracy.py``: key paths of JSON values and schemas, the fit test.

Kept apart from the script so tests import them without running anything.
A key path is a dotted string of object keys, ``[]`` standing for "an element
of an array": ``{"a": [{"b": 1}]}`` has the key paths ``a`` and ``a[].b``.
A schema path uses the same notation, with ``*`` for "any key" (a map,
``additionalProperties`` holding a schema).
Not responsible for running extractions or reading bundles (the script does).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["ANY_KEY", "cut_recursion", "join", "missing_paths", "fits", "schema_paths", "value_paths"]

#: The segment a map (``additionalProperties`` with a schema) contributes.
ANY_KEY = "*"

#: Segment meaning "an element of an array".
ITEM = "[]"

#: Combinators whose branches all describe the same place.
_COMBINATORS = ("allOf", "anyOf", "oneOf")


def join(path: tuple[str, ...]) -> str:
    """``("a", "[]", "b")`` as ``a[].b``: ``[]`` sticks to the key before it."""
    out = ""
    for seg in path:
        if seg == ITEM or not out:
            out += seg
        else:
            out += "." + seg
    return out


def value_paths(value: Any) -> set[str]:
    """Every key path of a parsed JSON value (scalars and empty containers have none)."""
    found: set[str] = set()
    _value_walk(value, (), found)
    return found


def _value_walk(value: Any, path: tuple[str, ...], found: set[str]) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            here = (*path, str(key))
            found.add(join(here))
            _value_walk(sub, here, found)
    elif isinstance(value, list):
        for sub in value:
            _value_walk(sub, (*path, ITEM), found)


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    """A local ``#/a/b`` reference inside ``root``; None for anything else or a dangling one."""
    if not ref.startswith("#"):
        return None
    node: Any = root
    for part in ref[1:].split("/")[1:] if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _branches(schema: Any, root: dict[str, Any], seen: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
    """The schema and every schema it stands for through ``$ref`` and combinators.

    ``seen`` holds the references already followed on this chain, so a schema
    that refers to itself without descending (``{"$ref": "#"}``) ends.
    """
    if not isinstance(schema, dict):
        return
    yield schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        yield from _branches(_resolve(ref, root), root, seen | {ref})
    for word in _COMBINATORS:
        subs = schema.get(word)
        if isinstance(subs, list):
            for sub in subs:
                yield from _branches(sub, root, seen)


def _children(schemas: list[dict[str, Any]], key: str, root: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas ``key`` of an object takes at one place: a property of that name or a map's values."""
    out: list[dict[str, Any]] = []
    for s in schemas:
        props = s.get("properties")
        if isinstance(props, dict) and isinstance(props.get(key), dict):
            out.extend(_branches(props[key], root))
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            out.extend(_branches(extra, root))
    return out


def _items(schemas: list[dict[str, Any]], root: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas an array's elements take at one place."""
    out: list[dict[str, Any]] = []
    for s in schemas:
        items = s.get("items")
        if isinstance(items, dict):
            out.extend(_branches(items, root))
    return out


def missing_paths(value: Any, schema: Any, root: dict[str, Any] | None = None) -> set[str]:
    """Key paths of ``value`` that do not exist at the same place in ``schema``.

    Only the shallowest missing path of a branch is reported (``a`` missing
    makes ``a.b`` missing too; one is enough to read the miss). ``root`` is
    what local ``$ref`` values resolve against (``schema`` itself by default).
    The walk follows the value, so a recursive schema costs no more than the
    value's size.
    """
    base = schema if root is None and isinstance(schema, dict) else (root or {})
    found: set[str] = set()
    _fit_walk(value, list(_branches(schema, base)), (), base, found)
    return found


def _fit_walk(
    value: Any, schemas: list[dict[str, Any]], path: tuple[str, ...], root: dict[str, Any], found: set[str]
) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            here = (*path, str(key))
            kids = _children(schemas, str(key), root)
            if not kids:
                found.add(join(here))
                continue
            _fit_walk(sub, kids, here, root, found)
    elif isinstance(value, list):
        items = _items(schemas, root)
        for sub in value:
            _fit_walk(sub, items, (*path, ITEM), root, found)


def fits(value: Any, schema: Any, root: dict[str, Any] | None = None) -> bool:
    """Whether every key path of ``value`` exists at the same place in ``schema``."""
    return not missing_paths(value, schema, root)


def schema_paths(schema: Any, root: dict[str, Any] | None = None) -> set[str]:
    """Every key path a schema describes (``*`` for a map's keys).

    A reference already being expanded on the current path is not expanded
    again, so a recursive schema gives a finite set (its first level of
    recursion); :func:`missing_paths` is the fit test, this is for reading.
    """
    base = schema if root is None and isinstance(schema, dict) else (root or {})
    found: set[str] = set()
    _schema_walk(schema, (), base, frozenset(), found)
    return found


def _schema_walk(
    schema: Any, path: tuple[str, ...], root: dict[str, Any], seen: frozenset[str], found: set[str]
) -> None:
    branches = list(_branches(schema, root, seen))
    # Every reference followed to reach this place: none of them is expanded below it again.
    deeper = seen | {s["$ref"] for s in branches if isinstance(s.get("$ref"), str)}
    for s in branches:
        props = s.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                here = (*path, str(key))
                found.add(join(here))
                _schema_walk(sub, here, root, deeper, found)
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            here = (*path, ANY_KEY)
            found.add(join(here))
            _schema_walk(extra, here, root, deeper, found)
        items = s.get("items")
        if isinstance(items, dict):
            _schema_walk(items, (*path, ITEM), root, deeper, found)


def cut_recursion(node: Any, root: dict[str, Any] | None = None, active: frozenset[str] = frozenset()) -> Any:
    """A document with every recursive reference inlined once and then left open (``{}``).

    The SDK ground truth writes a recursive type as a reference the scorer does
    not follow (cbr ``children: {"items": {"$ref": "BackupResp"}}``: the key
    ``backup.children[]`` and nothing under it), while the scorer follows the
    extractor's local ``#/components/schemas/…`` references down to its depth
    limit and would count every level of the recursion as a field the SDK
    lacks. Cut at its first recurrence, the extractor's schema is scored on the
    SDK's terms: the fields of the type once, the recursive key, nothing below.
    """
    root = node if root is None else root
    if isinstance(node, list):
        return [cut_recursion(v, root, active) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        if ref in active:
            return {}
        target = _resolve(ref, root)
        if isinstance(target, dict):
            merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            return cut_recursion(merged, root, active | {ref})
    return {k: (v if k == "components" else cut_recursion(v, root, active)) for k, v in node.items()}
