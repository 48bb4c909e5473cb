"""The page text as docutils is given it: its line numbers ours, its nesting parseable.

Two things in a page make docutils go wrong where the rest of the pipeline
does not:

- docutils splits lines with ``str.splitlines``, which also breaks at
  ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` and ``\\u2029``; every line
  number after one of those would be off by one from the file's (and from
  every other reader's). They become spaces here.
- docutils recurses once per nesting level (list in list, block quote in
  block quote, table in cell) and fails near 200 levels with a
  RecursionError, losing the whole page. A new level takes a column of
  indentation, or a marker that opens one on the same line (``* * * x``,
  ``:a: :b: x``, ``.. note:: .. note:: x``), so lines indented deeper than
  :data:`MAX_INDENT` columns are read as indented that far, and chains of
  more than :data:`MAX_CHAIN` such markers lose the markers beyond, with an
  ``rst-too-deep`` warning at the first such line. No real page comes
  close (the corpus' deepest indentation is 34 columns, its longest chain 2).

A page with neither is passed through unchanged. Not responsible for
parsing (:mod:`._rst_roles`) or for the doctree (:mod:`.rst`).
"""

from __future__ import annotations

import re

from ..diagnostics import DiagnosticSink
from ..model import Span

__all__ = ["MAX_CHAIN", "MAX_INDENT", "prepare"]

#: Deepest indentation, in columns, docutils is given.
MAX_INDENT = 100
#: Most markers opening a nested block on one line docutils is given.
MAX_CHAIN = 20

_TAB = 8  # docutils' tab width
_ODD_BREAKS = re.compile("[\x1c\x1d\x1e\x85\u2028\u2029]")
#: A line that may be indented more than MAX_INDENT columns (a tab is up to 8).
_MAYBE_DEEP = re.compile(r"^[^\S\n]{%d,}" % -(-(MAX_INDENT + 1) // _TAB), re.MULTILINE)
#: Bullet, enumerator, field, directive, footnote, substitution or option, then blanks.
_MARKER = (
    r"(?:[-*+\u2022\u2023\u2043]|\(?(?:\d+|#|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]|:[^:\n]*:"
    r"|\.\.[^\S\n]+(?:[\w:.+-]+::|\[[^\]\n]*\]|\|[^|\n]*\|[^\S\n]+[\w:.+-]+::)"
    r"|--?\w[\w-]*)[^\S\n]+"
)
_LONG_CHAIN = re.compile(r"^([^\S\n]*(?:%s){%d})(?:%s)+" % (_MARKER, MAX_CHAIN, _MARKER), re.M)


def prepare(text: str, source: str, sink: DiagnosticSink) -> str:
    """``text`` with odd line breaks made spaces and too-deep nesting cut back."""
    text = _ODD_BREAKS.sub(" ", text)
    changed: list[int] = []
    chain = _LONG_CHAIN.search(text)
    if chain:
        changed.append(text.count("\n", 0, chain.start()) + 1)
        text = _LONG_CHAIN.sub(r"\1", text)
    if _MAYBE_DEEP.search(text):
        text, first = _clamp_indentation(text)
        changed += [first] if first else []
    if changed:
        sink.warning(
            "rst-too-deep",
            f"nesting too deep to parse (indented more than {MAX_INDENT} columns, or more "
            f"than {MAX_CHAIN} list, field or directive markers in a row): deeper lines "
            "are read at that depth",
            Span(source, min(changed)),
        )
    return text


def _clamp_indentation(text: str) -> tuple[str, int | None]:
    """Lines indented more than MAX_INDENT columns re-indented by exactly that; first such line."""
    lines = text.split("\n")
    first = None
    for i, line in enumerate(lines):
        expanded = line.expandtabs(_TAB) if "\t" in line else line
        body = expanded.lstrip()  # docutils measures indentation the same way
        if len(expanded) - len(body) > MAX_INDENT:
            lines[i] = " " * MAX_INDENT + body
            first = first or i + 1
    return ("\n".join(lines), first) if first else (text, None)
