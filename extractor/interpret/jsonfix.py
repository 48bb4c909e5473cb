"""Strict JSON first, then the repairs that published examples need (VARIANTS.md §8).

About one example body in fifty is not strict JSON for a reason a reader
would shrug at: a trailing comma, ``//`` or ``#`` comments, smart quotes
(“ ”) and full-width ``：``/``，`` typed by a Chinese keyboard, ``...``/``…``
standing for elided elements, prose before the body or after it. The page
still documents a body, so :func:`parse_json_tolerant` repairs these and says
which fixes it needed; the strict error is kept so the example can still be
reported as invalid JSON. Real syntax errors (a missing comma, a raw newline
in a string, ``<placeholders>``, unquoted keys) are not guessed at, nor is a
body's inside shown without its outer braces (``"jid": …, "nodes": [{…}]``):
its first nested object is not the body.

Every repair works outside string literals only, so a URL (``//``) or an
ellipsis inside a string value is never touched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from ..model import NOT_STATED

__all__ = ["FIXES", "parse_json_tolerant"]

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _outside_strings(text: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to the parts of ``text`` that are not JSON string literals."""
    out, last = [], 0
    for m in _STRING.finditer(text):
        out.append(fix(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(fix(text[last:]))
    return "".join(out)


_SMART_OPEN, _SMART_CLOSE = "“‘", "”’"
_FULL_WIDTH = {"：": ":", "，": ",", "［": "[", "］": "]", "｛": "{", "｝": "}"}


def _fix_quotes(text: str) -> str:
    """Smart quotes used as string delimiters, full-width ``：``/``，`` between tokens."""
    out: list[str] = []
    inside: str | None = None
    escaped = False
    for ch in text:
        if inside == '"':
            out.append(ch)
            inside = None if ch == '"' and not escaped else inside
            escaped = ch == "\\" and not escaped
        elif inside == "smart":
            inside, ch = (None, '"') if ch in _SMART_CLOSE + _SMART_OPEN else (inside, ch)
            out.append('\\"' if ch == '"' and inside else ch)
        elif ch == '"' or ch in _SMART_OPEN + _SMART_CLOSE:
            inside = '"' if ch == '"' else "smart"
            out.append('"')
        else:
            out.append(_FULL_WIDTH.get(ch, ch))
    return "".join(out)


_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*|(?:^|(?<=[\s,\[{]))#[^\n]*", re.DOTALL)


def _fix_comments(text: str) -> str:
    return _outside_strings(text, lambda s: _COMMENT.sub("", s))


def _fix_ellipsis(text: str) -> str:
    return _outside_strings(text, lambda s: re.sub(r"\.{3,}|…+", "", s))


def _commas(segment: str) -> str:
    segment = re.sub(r",(?:\s*,)+", ",", segment)
    segment = re.sub(r"([\[{]\s*),", r"\1", segment)
    return re.sub(r",(\s*)(?=[\]}])", r"\1", segment)


def _fix_trailing_commas(text: str) -> str:
    """Trailing commas, and the doubled or leading ones left by removed ellipses."""
    return _outside_strings(text, _commas)


#: A line that is a member of a JSON object (``"jid": "65b6…",``): text holding one is a
#: body's inside shown without its braces, never prose before a body.
_MEMBER_LINE = re.compile(r'^[ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*:', re.MULTILINE)


def _fix_leading_text(text: str) -> str:
    m = re.search(r"^[ \t]*[\[{]", text, re.MULTILINE)
    if not m or m.start() == 0 or _MEMBER_LINE.search(text, 0, m.start()):
        return text  # no prose first, or a fragment whose first nested object is not the body
    return text[m.start() :]


#: The repairs in the order they are tried, by the name reported in ``fixes``.
FIXES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("leading-text", _fix_leading_text),
    ("smart-quotes", _fix_quotes),
    ("comments", _fix_comments),
    ("ellipsis", _fix_ellipsis),
    ("trailing-commas", _fix_trailing_commas),
)


def _decode_prefix(text: str) -> tuple[Any, bool]:
    """The first JSON value and whether only prose (not another body) follows it."""
    value, end = json.JSONDecoder().raw_decode(text.lstrip())
    rest = text.lstrip()[end:].strip()
    if rest and rest[0] in "[{:":  # another body, or the value was a member's key
        raise json.JSONDecodeError("Extra data", text, len(text) - len(rest))
    return value, bool(rest)


def parse_json_tolerant(
    text: str, line_offset: int = 0
) -> tuple[Any, bool, str | None, tuple[str, ...]]:
    """``(value, strict, problem, fixes)`` for a JSON text; NOT_STATED when unusable.

    ``line_offset`` is added to the line of the strict error so that it is
    relative to the enclosing block.
    """
    try:
        return _shallow(json.loads(text)), True, None, ()
    except json.JSONDecodeError as exc:
        problem = f"{exc.msg}: line {exc.lineno + line_offset} column {exc.colno}"
    except (RecursionError, _TooDeep):
        return NOT_STATED, False, _TOO_DEEP, ()
    fixes: list[str] = []
    for name, fix in FIXES:
        fixed = fix(text)
        if fixed != text:
            fixes.append(name)
            text = fixed
    try:
        value, trailing = _decode_prefix(text)
        value = _shallow(value)
    except json.JSONDecodeError:
        return NOT_STATED, False, problem, tuple(fixes)
    except (RecursionError, _TooDeep):
        return NOT_STATED, False, _TOO_DEEP, tuple(fixes)
    return value, False, problem, tuple(fixes + ["trailing-text"] * trailing)


#: Deepest nesting of an example value kept. Real examples nest a dozen levels at
#: most; a value nested hundreds deep would overflow the recursive code that
#: compares and writes examples, so it is reported instead of used.
MAX_EXAMPLE_DEPTH = 100
_TOO_DEEP = f"nested more than {MAX_EXAMPLE_DEPTH} levels deep; not used as an example"


class _TooDeep(Exception):
    pass


def _shallow(value: Any) -> Any:
    """``value`` itself, or :class:`_TooDeep` when it nests past MAX_EXAMPLE_DEPTH (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > MAX_EXAMPLE_DEPTH:
                raise _TooDeep
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return value
