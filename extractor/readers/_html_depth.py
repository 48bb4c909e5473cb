"""Flatten HTML nested deeper than libxml2 will parse, so the rest of the page is kept.

libxml2 stops at 256 levels of nesting (``ERR_RESOURCE_LIMIT``, "Excessive
depth in document") and drops everything after that point: a cell holding a
list nested a thousand deep would cost the page every table that follows it.
:func:`flatten` removes the start and end tags that sit deeper than
:data:`MAX_DEPTH` (their text stays), so a second parse reads the whole page.
Only pages the parser already refused are flattened; depth is counted from
the tags as written (void and self-closing tags do not nest), which is exact
for well-formed markup and a fair guess for the rest.

Not responsible for parsing (:mod:`._html_blocks` does, and calls this).
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "flatten", "is_too_deep"]

#: Deepest nesting kept; libxml2 gives up at 256 and the page's own frame needs a few levels.
MAX_DEPTH = 200

_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)


def is_too_deep(error_type: str, message: str) -> bool:
    """Whether a libxml2 error is its nesting limit."""
    return error_type == "ERR_RESOURCE_LIMIT" and "depth" in message.lower()


def flatten(html: str) -> tuple[str, int | None]:
    """``html`` without the tags nested deeper than MAX_DEPTH, and the first such line.

    Removed tags are replaced by the line breaks they contained, so every
    line keeps its number.
    """
    depth = 0
    first: int | None = None
    out: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        deep = (depth if closing else depth + 1) > MAX_DEPTH
        depth = max(0, depth - 1) if closing else depth + 1
        if deep:
            if first is None:
                first = html.count("\n", 0, match.start()) + 1
            out += [html[last:match.start()], "\n" * match.group().count("\n")]
            last = match.end()
    if first is None:
        return html, None
    out.append(html[last:])
    return "".join(out), first
