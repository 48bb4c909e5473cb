"""Dotted field paths into JSON answers: ``token.expires_at``, ``users[].id``.

Responsible for: reading one value (:func:`pick`) or every value along a path
through arrays (:func:`pick_all`). The notation is the one the settings file
uses for links and the auth flow. Not responsible for: finding which path
to read (``links``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["pick", "pick_all"]


def _steps(path: str) -> list[str]:
    return [step for step in path.replace("[]", ".[]").split(".") if step]


def pick_all(value: Any, path: str) -> list[Any]:
    """Every value at ``path``; ``[]`` walks into each item of an array."""
    found = [value]
    for step in _steps(path):
        nxt: list[Any] = []
        for item in found:
            if step == "[]" and isinstance(item, list):
                nxt += item
            elif isinstance(item, dict) and step in item:
                nxt.append(item[step])
        found = nxt
    return found


def pick(value: Any, path: str) -> Any:
    """The first value at ``path``, or None."""
    found = pick_all(value, path)
    return found[0] if found else None
