"""The order a run tests operations in: create, read, update, delete.

Run in method order, every DELETE would come first and remove what the other
checks need. Instead: operations that create a resource the run can link
(parents before children), then reads, then updates and other actions, then
deletes (children before parents), then the stateful sequences, which make and
remove their own resources. Within a phase, pages keep their collection order.

Responsible for: :func:`phase` and :func:`run_order`. Not responsible for:
what runs (``items``) or which operation creates what (``links``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..contract import Operation
from .links import Links, template

__all__ = ["PHASES", "phase", "run_order"]

PHASES = ("create", "read", "update", "delete", "sequence")


def phase(op: Operation, links: Links, deletable: frozenset[str] = frozenset()) -> str:
    """A PUT at a path that can also be deleted creates (a relation: ``PUT /groups/{g}/users/{u}``,
    ``PUT /OS-INHERIT/.../roles/{r}/inherited_to_projects``)."""
    if op.method in ("GET", "HEAD", "OPTIONS"):
        return "read"
    if op.method == "DELETE":
        return "delete"
    if links.creates(op) or (op.method == "PUT" and "{" in op.path and template(op.path) in deletable):
        return "create"
    return "update"


def _depth(op: Operation) -> int:
    return op.path.count("/")


def run_order(items: Sequence[Any], links: Links) -> list[Any]:
    """``items`` sorted by phase; items without an ``operation`` keep their place at the end."""
    deletable = frozenset(template(item.operation.path) for item in items
                          if getattr(item, "operation", None) is not None and item.operation.method == "DELETE")
    def key(pair: tuple[int, Any]) -> tuple[int, int, int]:
        index, item = pair
        op = getattr(item, "operation", None)
        if getattr(item, "phase", None) == "sequence" or op is None:
            return (len(PHASES), 0, index)
        step = phase(op, links, deletable)
        depth = _depth(op)
        return (PHASES.index(step), -depth if step == "delete" else depth, index)
    return [item for _, item in sorted(enumerate(items), key=key)]
