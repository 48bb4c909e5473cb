"""Remove the page chrome a code forge adds when a page is copied from its web view.

Pages saved from a forge's file view carry two kinds of noise that are not
part of the document:

* a header before the content: "forked from docs/doc-exports", the file's
  path, the last commit (author, hash, message, ``Reviewed-by:`` trailers, a
  date) and the file-info box ("162 lines", "13 KiB", "HTML"), sometimes
  repeated;
* a line holding only ``|`` after every source line (the gutter of the
  rendered view).

:func:`strip_chrome` removes both and returns, for every kept line, the line
number it had in the original file, so that every Span still points into the
file the user has. It is deliberately conservative: a header is only removed
when the file-info box ("N lines" followed by a size) is there, and ``|``
lines only when they make up a large share of the page. Anything else is left
alone, so the function is a no-op on clean pages of every format.

It does not parse the page itself and knows nothing about HTML, Markdown or
reStructuredText beyond "a line that opens the content".
"""

from __future__ import annotations

import re

__all__ = ["strip_chrome"]

#: The file-info box of a forge file view.
_LINES = re.compile(r"^\d[\d,]*\s+lines?(?:\s*\(\d[\d,]*\s+sloc\))?$", re.IGNORECASE)
_SIZE = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:B|bytes|KiB|MiB|KB|MB|kB)$")
_FORMAT_NAME = re.compile(
    r"^(?:HTML|Markdown|reStructuredText|RST|Text|Plain Text|Raw|Normal view)$", re.IGNORECASE
)
#: How far down the header may reach, and how long it may be before the box.
_HEADER_WINDOW = 40
_MAX_LINES_BEFORE_BOX = 15
#: Lines that open real content: if one of them stands before the box, the
#: box text is part of the document and nothing is stripped.
_CONTENT_START = re.compile(r"^\s*(?:<|#|\.\. |:original_name:|={3,}|```)")
#: ``|`` gutter lines must be at least this share of the other non-blank lines.
_GUTTER_SHARE = 0.5
_GUTTER_MIN = 3


def _is_gutter(line: str) -> bool:
    return line.strip() == "|"


def _strip_gutter(lines: list[str], numbers: list[int]) -> tuple[list[str], list[int]]:
    """Drop lines holding only ``|`` when they are clearly the view's gutter."""
    gutters = sum(1 for line in lines if _is_gutter(line))
    others = sum(1 for line in lines if line.strip() and not _is_gutter(line))
    if gutters < _GUTTER_MIN or gutters < _GUTTER_SHARE * others:
        return lines, numbers
    kept = [(line, n) for line, n in zip(lines, numbers) if not _is_gutter(line)]
    return [line for line, _ in kept], [n for _, n in kept]


def _box_at(lines: list[str], i: int) -> int | None:
    """If a file-info box ("N lines" then a size) starts at ``i``, the index after it."""
    if not _LINES.match(lines[i].strip()):
        return None
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and _SIZE.match(lines[j].strip()):
        return j + 1
    return None


def _header_end(lines: list[str]) -> int:
    """Index of the first content line after a forge header, or 0 when there is none."""
    limit = min(len(lines), _HEADER_WINDOW)
    for i in range(limit):
        if _CONTENT_START.match(lines[i]):
            return 0
        end = _box_at(lines, i)
        if end is None:
            continue
        if sum(1 for line in lines[:i] if line.strip()) > _MAX_LINES_BEFORE_BOX:
            return 0
        return _after_boxes(lines, end)
    return 0


def _after_boxes(lines: list[str], j: int) -> int:
    """Skip format names, blank lines and repeated boxes that follow the first box."""
    while j < len(lines):
        stripped = lines[j].strip()
        if not stripped or _FORMAT_NAME.match(stripped):
            j += 1
            continue
        end = _box_at(lines, j)
        if end is None:
            break
        j = end
    return j


def strip_chrome(text: str) -> tuple[str, list[int]]:
    """Text without forge chrome, and the original 1-based line of each kept line.

    ``line_map[i]`` is the original line number of line ``i`` (0-based) of the
    returned text. On a page without chrome the text comes back unchanged
    and the map is the identity.
    """
    lines = text.split("\n")
    numbers = list(range(1, len(lines) + 1))
    lines, numbers = _strip_gutter(lines, numbers)
    start = _header_end(lines)
    if start:
        lines, numbers = lines[start:], numbers[start:]
    if not lines:
        return "", [1]
    return "\n".join(lines), numbers
