"""Whom a change between two revisions breaks, as oasdiff classifies changes.

Two questions, asked of every difference between an OLD and a NEW revision:

* **client**: can a client written for OLD fail against a server that
  follows NEW? (a new required request field, a removed response field or
  endpoint, a type change, an enum value removed from a request or added to
  a response, a success status that changed, a tighter request bound);
* **server**: does a server written for OLD fall short of NEW, so that
  clients written for NEW can fail against it? (a new endpoint or response
  field it does not provide, an enum value added to a request, a request
  field that became optional or whose bounds were relaxed).

The answer is ``client``, ``server``, ``both`` or ``none``, and it sets the
level of a revision finding: error when clients break, warning when only
servers do, info otherwise. This is the judgement oasdiff's ``checker``
makes; the differences themselves come from :mod:`.compare`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..diagnostics import Level
from .findings import Finding
from .values import canonical

if TYPE_CHECKING:
    from .compare import Difference

__all__ = ["annotate", "breaks"]

_LEVEL = {"client": Level.ERROR, "both": Level.ERROR, "server": Level.WARNING, "none": Level.INFO}
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")


def annotate(finding: Finding, d: Difference) -> Finding:
    """``finding`` with ``breaks`` set and its level to match."""
    who = breaks(d)
    return replace(finding, breaks=who, level=_LEVEL[who])


def breaks(d: Difference) -> str:
    """Whom the change ``d`` (version 0 = old, 1 = new) breaks."""
    old = next((s.value for s in d.states if s.version == 0), None)
    new = next((s.value for s in d.states if s.version == 1), None)
    request = d.area == "request"
    if d.kind == "endpoint":
        return "client" if old is not None else "server"
    if d.kind == "field":
        if new is not None:  # added
            if request:
                return "client" if new.get("required") else "server"
            return "server"
        if request:
            return "server" if old is not None and old.get("required") else "none"
        return "client"
    if d.kind in ("type", "name"):
        return "both"
    if d.kind == "required":
        tighter = bool(new) and not old
        if request:
            return "client" if tighter else "server"
        return "server" if tighter else "client"
    if d.kind == "enum":
        return _enum(old or [], new or [], request)
    if d.kind == "default":
        return "both" if request else "none"
    if d.kind == "constraint":
        return _constraint(str(d.get("keyword")), old, new, request)
    if d.kind == "status-codes":
        success = [{c for c in (v or []) if c.startswith("2")} for v in (old, new)]
        return "client" if success[0] != success[1] else "none"
    return "none"


def _enum(old: list[Any], new: list[Any], request: bool) -> str:
    before, after = {canonical(v) for v in old}, {canonical(v) for v in new}
    removed, added = bool(before - after), bool(after - before)
    if removed and added:
        return "both"
    if request:
        return "client" if removed else "server"
    return "client" if added else "server"


def _constraint(keyword: str, old: Any, new: Any, request: bool) -> str:
    """A tighter request bound breaks clients, a looser one servers; responses the other way."""
    try:
        if keyword in _UPPER:
            tighter = float(new) < float(old)
        elif keyword in _LOWER:
            tighter = float(new) > float(old)
        else:
            return "both"
    except (TypeError, ValueError):
        return "both"
    if request:
        return "client" if tighter else "server"
    return "server" if tighter else "client"
