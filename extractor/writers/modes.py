"""Modes of one request body: ``oneOf`` the modes a page's own examples show, each with its required.

Some pages document several request modes in one table: a tag page
``"action": "create"`` or ``"delete"``, a job page ``"job_type": "HiveScript"``
or ``"SparkSubmit"``, a temporary-credential page ``"methods": ["token"]`` or
``["assume_role"]``, each with fields only that mode needs, all marked
mandatory in the one table. Taken as written, ``required`` is the union of
every mode's fields and no real request can satisfy it.

A page gives its modes explicitly when its example requests differ in a value
the page gives a meaning to (a discriminator, :mod:`.variants`, found among
the page's own examples as among pages). Then, at the object that holds that
value, a mandatory field that every example of one mode leaves out while every
example of another mode sends it belongs to the other mode: the object keeps
as ``required`` only the fields every mode needs, and gets ``oneOf`` one
branch per mode (its value, and the fields that mode needs), listed in
``x-docconform-modes``. A page whose examples leave out a field in every mode
is not changed: that is the page contradicting itself, which lint reports.

Not responsible for variants of an operation across pages (:mod:`.variants`,
:mod:`.openapi`) or for fields required under a stated condition
(``interpret.mandatory``: ``x-required-when``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import Any

from .variants import VariantShape, canonical, discriminators, value_at

__all__ = ["with_modes"]


def with_modes(body: dict[str, Any] | None, examples: Sequence[Any]) -> dict[str, Any] | None:
    """``body`` with ``oneOf`` its modes when the page's examples show modes (module docstring)."""
    requests = [x for x in examples if isinstance(x, dict)]
    if body is None or len(requests) < 2:
        return body
    found = discriminators([VariantShape(body, (x,)) for x in requests])
    if any(d is None or d.is_key for d in found) or len({d.pointer for d in found if d}) != 1:
        return body
    path = found[0].path() if found[0] else ()
    modes: dict[str, tuple[Any, list[dict[str, Any]]]] = {}
    for x, d in zip(requests, found):
        assert d is not None
        modes.setdefault(canonical(d.values[0]), (d.values[0], []))[1].append(x)
    if len(modes) < 2:
        return body
    target = _object_at(body, path[:-1])
    required = [r for r in (target or {}).get("required", []) if isinstance(r, str)]
    if target is None or not required:
        return body
    inner = [value_at(x, path[:-1])[1] for x in requests]
    by_mode = {key: [value_at(x, path[:-1])[1] for x in xs] for key, (_, xs) in modes.items()}
    if not all(isinstance(v, dict) for v in inner):
        return body
    needs = {key: [f for f in required if _needed(f, key, by_mode)] for key in modes}
    deeper = _nested_needs(target, by_mode)
    if all(len(n) == len(required) for n in needs.values()) and not deeper:
        return body
    out = copy.deepcopy(body)
    here = _object_at(out, path[:-1])
    assert here is not None
    for inner_path, field, _ in deeper:
        node = _nested_at(here, inner_path)
        node["required"] = [r for r in node.get("required", []) if r != field]
        if not node["required"]:
            del node["required"]
    common = [f for f in required if all(f in n for n in needs.values())]
    leaf = path[-1]
    here["required"] = common
    if not common:
        del here["required"]
    here["oneOf"] = [
        _with_nested({"title": f"{leaf} = {canonical(value)}", "properties": {leaf: {"enum": [value]}},
                      "required": list(dict.fromkeys([leaf, *(f for f in needs[key] if f not in common)]))},
                     [(p, f) for p, f, needing in deeper if key in needing])
        for key, (value, _) in modes.items()]
    here["x-docconform-modes"] = {"pointer": found[0].pointer if found[0] else "",
                                  "modes": [{"value": value, "required": needs[key]}
                                            for key, (value, _) in modes.items()]}
    return out


def _needed(field: str, mode: str, by_mode: dict[str, list[Any]]) -> bool:
    """A mandatory field a mode needs: unless every example of the mode leaves it out while
    every example of another mode sends it."""
    if any(field in x for x in by_mode[mode]):
        return True
    return not any(all(field in x for x in xs) for key, xs in by_mode.items() if key != mode)


def _nested_needs(target: dict[str, Any], by_mode: dict[str, list[Any]]
                  ) -> list[tuple[tuple[str, ...], str, frozenset[str]]]:
    """Mandatory fields of objects nested in the mode's object (through properties and array
    items, ``"[]"`` in the path) that some mode's examples leave out of an instance while every
    instance of another mode sends them: (path, field, the modes that need it).

    An instance of a mode's example without the field shows that mode does not need it (the
    example is a request of that mode: smn ``tags/action``, ``"delete"`` sends ``{"key": "k1"}``
    among ``{"key": …, "value": …}``, every ``"create"`` tag has its value). A field some
    instance of every mode leaves out is the page contradicting itself: not a mode, unchanged.
    """
    out: list[tuple[tuple[str, ...], str, frozenset[str]]] = []
    for inner_path, node in _nested_objects(target, ()):
        instances = {key: [i for x in xs for i in _instances(x, inner_path)] for key, xs in by_mode.items()}
        for field in (r for r in node.get("required", []) if isinstance(r, str)):
            sends_all = {key for key, xs in instances.items() if xs and all(field in i for i in xs)}
            drops = {key for key, xs in instances.items() if any(field not in i for i in xs)}
            if drops and sends_all and len(drops) < len(instances):
                out.append((inner_path, field, frozenset(instances) - drops))
    return out


def _nested_objects(node: dict[str, Any], path: tuple[str, ...]
                    ) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every object schema strictly below ``node``, with its path (``"[]"`` for array items)."""
    for name, child in (node.get("properties") or {}).items():
        here = (*path, name)
        while isinstance(child, dict) and child.get("type") == "array" and isinstance(child.get("items"), dict):
            here, child = (*here, "[]"), child["items"]
        if isinstance(child, dict) and isinstance(child.get("properties"), dict):
            yield here, child
            yield from _nested_objects(child, here)


def _instances(value: Any, path: Sequence[str]) -> list[dict[str, Any]]:
    """The objects an example holds at ``path`` (``"[]"`` steps into every element)."""
    if not path:
        return [value] if isinstance(value, dict) else []
    head, rest = path[0], path[1:]
    if head == "[]":
        return [i for v in value for i in _instances(v, rest)] if isinstance(value, list) else []
    return _instances(value[head], rest) if isinstance(value, dict) and head in value else []


def _nested_at(schema: dict[str, Any], path: Sequence[str]) -> dict[str, Any]:
    node: Any = schema
    for step in path:
        node = node["items"] if step == "[]" else node["properties"][step]
    return node


def _with_nested(branch: dict[str, Any], fields: Sequence[tuple[tuple[str, ...], str]]) -> dict[str, Any]:
    """``branch`` also requiring each nested field its mode needs (:func:`_nested_needs`)."""
    for path, field in fields:
        node = branch
        for step in path:
            if step == "[]":
                node = node.setdefault("items", {})
            else:
                node = node.setdefault("properties", {}).setdefault(step, {})
        node["required"] = [*node.get("required", []), field]
    return branch


def _object_at(schema: dict[str, Any], path: Sequence[str]) -> dict[str, Any] | None:
    node: Any = schema
    for key in path:
        node = (node.get("properties") or {}).get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None
