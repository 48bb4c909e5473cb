"""Source excerpts for findings: the text of the line a finding points at.

Every :class:`~.findings.Side` carries an excerpt so that a report can be
read without opening the page. Where the text comes from depends on the
input: files on disk for ``drift`` and ``diff`` of folders, blobs of a git
revision for ``diff --repo`` and ``history``. Drift code therefore only ever
calls an :data:`ExcerptProvider` (``(source, line) -> text``); this module
holds the one for files and the cleaning every provider should apply.

Not responsible for choosing which line a finding points at (the rules do
that) nor for reading git objects (:mod:`.gitrepo` builds its own provider
from :func:`provider_from_text`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "ExcerptProvider",
    "FileExcerpts",
    "clean_line",
    "is_border",
    "no_excerpts",
    "provider_from_text",
]

#: ``(source, line) -> excerpt``; ``""`` when the line is not available.
ExcerptProvider = Callable[[str, int], str]

_TAG = re.compile(r"<[^<>]*>")
_MAX = 200


#: Markdown's backslash escapes of punctuation (``\{project\_id\}``); ``\"`` and ``\\``
#: are left alone, as JSON strings in example blocks hold them.
_MD_ESCAPE = re.compile(r"\\([`*_{}\[\]()#+\-.!<>|~])")
_MARKDOWN = (".md", ".markdown")


def clean_line(text: str, source: str = "") -> str:
    """One source line made readable: markup of HTML lines dropped, cut to 200 characters.

    HTML exports put a whole table row on one line whose first hundred
    characters are attributes; the cell text is what a reader needs. In a
    Markdown ``source``, punctuation escapes are undone (``\\{project\\_id\\}``
    reads ``{project_id}``, as the page renders it). Other lines are kept as
    written (RST and plain text are readable).
    """
    line = text.strip()
    if source.lower().endswith(_MARKDOWN) and "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    if "<" in line and ">" in line:
        stripped = " ".join(html.unescape(_TAG.sub(" ", line)).split())
        if stripped:
            line = stripped
    if len(line) > _MAX:
        line = line[: _MAX - 1].rstrip() + "…"
    return line


_BORDER = re.compile(r"^[\s|+]*[-=~^]{3,}[-=+|:\s~^]*$")


def is_border(text: str) -> bool:
    """A table border (``+----+----+``, ``=====  ====``, ``|---|---|``): no content of its own."""
    return bool(_BORDER.match(text))


def no_excerpts(source: str, line: int) -> str:
    """A provider for inputs whose text is gone (schema bundles)."""
    return ""


class FileExcerpts:
    """Lines of files on disk, read once per file, relative to ``root``.

    :meth:`window` reads from a column on, for places in very long lines.

    Sources are recorded as the user gave them (relative to the working
    folder), so ``root`` is that folder by default. A file that cannot be
    read gives empty excerpts: an excerpt is a convenience, never a reason
    for a run to fail.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._cache: dict[str, list[str]] = {}

    def lines(self, source: str) -> list[str]:
        if source not in self._cache:
            path = Path(source) if self.root is None else self.root / source
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            self._cache[source] = data.decode("utf-8", errors="replace").splitlines()
        return self._cache[source]

    def __call__(self, source: str, line: int) -> str:
        lines = self.lines(source)
        if 1 <= line <= len(lines):
            return clean_line(lines[line - 1], source)
        return ""

    def window(self, source: str, line: int, column: int) -> str:
        """The text from ``column`` on: a place in a long line (a one-line JSON spec)."""
        lines = self.lines(source)
        if 1 <= line <= len(lines):
            return clean_line(lines[line - 1][column - 1:], source)
        return ""


def provider_from_text(texts: dict[str, str]) -> ExcerptProvider:
    """A provider over texts already in memory (git blobs), keyed by source."""
    split: dict[str, list[str]] = {}

    def excerpt(source: str, line: int) -> str:
        if source not in split:
            split[source] = texts.get(source, "").splitlines()
        lines = split[source]
        return clean_line(lines[line - 1], source) if 1 <= line <= len(lines) else ""

    return excerpt
