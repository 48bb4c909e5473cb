"""The page rule ``example-condition-unmet``: an example that leaves out a field its own
page requires under a condition the example meets.

Fields required only under a condition are not required in the schema
(:func:`~..interpret.mandatory.conditional_requirement` keeps the condition as
the field's note, ``x-required-when``), so example-schema-mismatch cannot see
an example that breaks one. This rule reads the condition the way a person
would, as far as it can be read without guessing: when it names a sibling
field, that sibling is in the example, and the condition is met (the sibling's
value appears in the condition, "mandatory when **is_selected** is set to
**true**", or the condition asks only for the sibling's presence,
"mandatory when **keyname** is used", "使用keyname时必选"), an example without
the field contradicts its page. Conditions with a negation ("not", "otherwise",
"否则", "不") are left alone: their reading is not safe.

Not responsible for finding conditions (the interpreter) nor for other
example problems (:mod:`.lint`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Level
from ..model import NOT_STATED, Field, Span
from .align import Version
from .context import Context
from .findings import Finding
from .registry import rule

__all__ = ["example_condition_unmet"]

_NEGATION = re.compile(r"\b(?:not|no|unless|otherwise|except)\b|否则|不|未|非|除", re.IGNORECASE)
_PRESENCE = (r"\b{name}\b[\"'”]?\s+(?:is|are)\s+(?:used|specified|configured|provided|passed|given|set)\b(?!\s+to)",
             r"(?:使用|指定|配置|传入|填写)[“\"']?{name}")


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def _met(condition: str, name: str, value: Any) -> bool:
    """Whether the example's sibling ``name`` = ``value`` meets ``condition``."""
    if isinstance(value, (str, int, float, bool)):
        shown = json.dumps(value) if isinstance(value, bool) else str(value)
        rest = condition.replace(name, " ")
        if shown and _mentions(rest.lower(), shown.lower()):
            return True
    return any(re.search(p.format(name=re.escape(name)), condition, re.IGNORECASE) for p in _PRESENCE)


def _contradictions(fields: tuple[Field, ...], value: Any, pointer: str) -> Iterator[tuple[str, Field, str]]:
    """``(pointer, field, sibling)`` for each conditional field the example object leaves out."""
    if isinstance(value, list):
        for item in value[:1]:
            yield from _contradictions(fields, item, pointer + "/items")
        return
    if not isinstance(value, dict):
        return
    for f in fields:
        here = f"{pointer}/properties/{f.name}"
        if f.name in value:
            yield from _contradictions(f.children, value[f.name], here)
            continue
        condition = f.required_note or ""
        if f.required is not False or not condition or _NEGATION.search(condition):
            continue
        sibling = next((s.name for s in fields if s is not f and s.name in value and _mentions(condition, s.name)
                        and _met(condition, s.name, value[s.name])), None)
        if sibling is not None:
            yield here, f, sibling


@rule("example-condition-unmet", Level.WARNING, scope="page")
def example_condition_unmet(v: Version, ctx: Context) -> Iterator[Finding]:
    """An example request omits a field its page requires under a condition the example meets.

    "This parameter is mandatory when keyname is used", and the example uses keyname but
    leaves the field out. Only conditions that name a sibling field the example sends, and that the example's
    value for it meets, are judged; conditions with a negation are not.
    """
    body = v.endpoint.request_body
    if body is None:
        return
    for ex in v.endpoint.examples:
        if ex.kind != "request" or not ex.strict or ex.value is NOT_STATED:
            continue
        for pointer, f, sibling in _contradictions(body.children, ex.value, "/request/body"):
            message = (f"the example leaves out `{f.name}`, which the page requires "
                       f"{f.required_note!r}, and sends `{sibling}`")
            sides = (ctx.side(Span(ex.span.source, ex.span.line), sibling, 0, label="example"),
                     ctx.side(f.span, f.required_note, 0, label="table"))
            yield ctx.finding("example-condition-unmet", pointer, message, sides)
