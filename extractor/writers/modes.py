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
from collections.abc import Sequence
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
    if all(len(n) == len(required) for n in needs.values()):
        return body
    out = copy.deepcopy(body)
    here = _object_at(out, path[:-1])
    assert here is not None
    common = [f for f in required if all(f in n for n in needs.values())]
    leaf = path[-1]
    here["required"] = common
    if not common:
        del here["required"]
    here["oneOf"] = [
        {"title": f"{leaf} = {canonical(value)}", "properties": {leaf: {"enum": [value]}},
         "required": list(dict.fromkeys([leaf, *(f for f in needs[key] if f not in common)]))}
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


def _object_at(schema: dict[str, Any], path: Sequence[str]) -> dict[str, Any] | None:
    node: Any = schema
    for key in path:
        node = (node.get("properties") or {}).get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None
