"""Cut back Markdown nested deeper than markdown-it will parse, so the rest of the page is kept.

markdown-it stops at ``maxNesting`` levels of block nesting (lists in lists,
block quotes in block quotes) and, past that point, skips to the end of the
enclosing block: a list nested a thousand deep costs the page every table
that follows it, silently. The reader parses with :data:`MAX_NESTING` levels
(markdown-it's own default; its CommonMark preset allows 20, about ten
nested lists) and, only when a page reached it (:func:`truncated`), parses
it again after :func:`flatten` has cut every line's container prefix (its
indentation, ``>`` and list markers) to :data:`MAX_PREFIX` columns: each
nesting level takes at least one column of that prefix, so the second parse
cannot reach the limit. Deeper items are read at that depth; their text is
kept and no line moves.

Not responsible for parsing (:mod:`.markdown` does, and calls this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markdown_it.token import Token

__all__ = ["MAX_NESTING", "MAX_PREFIX", "flatten", "truncated"]

#: Block nesting markdown-it is allowed (the corpus' deepest page reaches 8).
MAX_NESTING = 100
#: Widest container prefix, in columns, kept on a page that reached MAX_NESTING.
MAX_PREFIX = 40

#: Blanks, ``>`` and list markers (a marker is followed by a blank or the end of the line).
_PREFIX = re.compile(r"(?:[ \t]+|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*")
_OPENS_LEVEL = frozenset({"list_item_open", "blockquote_open"})
_TAB = 4  # CommonMark tab stop


def truncated(tokens: Iterable[Token]) -> int | None:
    """The 0-based line of the first container markdown-it did not enter, else ``None``.

    A list item or block quote opened at level ``MAX_NESTING - 1`` or deeper
    has its content (and everything after it in its parent) skipped.
    """
    for tok in tokens:
        if tok.type in _OPENS_LEVEL and tok.level >= MAX_NESTING - 1:
            return tok.map[0] if tok.map else 0
    return None


def flatten(lines: Sequence[str]) -> list[str]:
    """``lines`` with every container prefix wider than MAX_PREFIX cut to its last MAX_PREFIX columns.

    The cut never splits a marker (``12.``), so the line keeps its own list
    marker or quote and sits at the deepest level kept.
    """
    out = list(lines)
    for i, line in enumerate(out):
        prefix = _PREFIX.match(line)
        assert prefix is not None  # the pattern matches the empty string
        expanded = prefix.group().expandtabs(_TAB)  # the prefix starts the line: exact
        if len(expanded) <= MAX_PREFIX:
            continue
        cut = len(expanded) - MAX_PREFIX
        while cut < len(expanded) and expanded[cut - 1] not in " >" and expanded[cut] not in " >":
            cut += 1
        out[i] = expanded[cut:] + line[prefix.end():]
    return out
