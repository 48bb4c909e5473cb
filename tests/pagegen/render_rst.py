"""Render a :class:`PageModel` as an Open Telekom Cloud reStructuredText page.

As the OTC converter writes them (seed 002, ``otc:nat-gateway`` API-Explorer
pages): ``:original_name:`` and a ``.. _docid:`` label, ``=``/``-`` underlines,
classic "-  URI format" bullets with the table indented under "-  Parameter
description", ``.. table:: **Table N** caption`` over grid tables (or simple
``====`` tables when no cell spans lines), ``.. _docid__tid:`` labels before
referenced tables and ``:ref:`Table N <docid__tid>``` / ``Array of
:ref:`X <op__request_x>` objects`` references. Widths count East Asian wide
characters twice, as docutils does. Only syntax is decided here.
"""

from __future__ import annotations

import unicodedata

from . import PageModel
from .layout import Cell, ListItem, Seg, TableBlock, layout
from .lines import LinePageWriter

__all__ = ["render", "width"]

_OPEN_OK = set(" \t-:/'\"<([{")
_CLOSE_OK = set(" \t-.,:;!?\\/'\")]}>")


def width(text: str) -> int:
    """Display width: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, cols: int) -> str:
    return text + " " * (cols - width(text))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`").replace("|", "\\|")


class _Rst(LinePageWriter):
    indent = "   "

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.doc = model.doc_id

    def label(self, tid: str) -> str:
        label = f"{self.doc}__{tid}"
        return label.lower() if self.model.style == "explorer" else label

    def inline(self, segs: tuple[Seg, ...]) -> str:
        """Inline markup with ``\\ `` escapes where a neighbour would block it."""
        pieces: list[tuple[str, bool]] = []
        for s in segs:
            if s.kind == "b":
                pieces.append((f"**{s.text}**", True))
            elif s.kind == "ref":
                pieces.append((f":ref:`{s.text} <{self.label(s.target or '')}>`", True))
            else:
                pieces.append((_escape(s.text), False))
        out = ""
        for i, (text, markup) in enumerate(pieces):
            if markup and out and out[-1] not in _OPEN_OK:
                out += "\\ "
            out += text
            nxt = pieces[i + 1][0] if i + 1 < len(pieces) else ""
            if markup and nxt and nxt[0] not in _CLOSE_OK:
                out += "\\ "
        return out

    def cell_lines(self, cell: Cell) -> list[str]:
        lines: list[str] = []
        for kind, content in cell:
            if lines:
                lines.append("")
            if kind == "p":
                lines.append(self.inline(content))
            else:
                for j, item in enumerate(content):
                    if j and self.model.flavor & 1:
                        lines.append("")
                    lines.append("-  " + self.inline(item))
        return lines

    def table(self, t: TableBlock) -> list[str]:
        grid = [[[h] for h in t.header]] + [[self.cell_lines(c) for c in row] for row in t.rows]
        single = all(len(c) == 1 and c[0] for row in grid for c in row)
        body = _simple(grid) if single and self.model.flavor & 2 else _grid(grid)
        out: list[str] = []
        if t.number:
            word = "Table" if self.model.lang == "en" else "表"
            labelled = (
                t.named
                or t.kind in ("nested", "status")
                or (self.model.style == "classic" and self.model.flavor & 4)
            )
            label = [f".. _{self.label(t.tid)}:", ""] if labelled else []
            out = label + [f".. table:: **{word} {t.number}** {self.inline(t.caption)}", ""]
            body = ["   " + line if line else "" for line in body]
        return out + body

    def paragraph(self, segs: tuple[Seg, ...]) -> str:
        return self.inline(segs)

    def item_head(self, item: ListItem) -> list[str]:
        """A bullet; one introducing a linked table carries its label first (rst/iam)."""
        if item.anchor is not None:
            return [f"-  .. _{self.label(item.anchor)}:", "", "   " + _escape(item.label)]
        return ["-  " + _escape(item.label)]


def _grid(grid: list[list[list[str]]]) -> list[str]:
    cols = [max(width(line) for row in grid for line in row[i]) + 2 for i in range(len(grid[0]))]
    rule = "+" + "+".join("-" * c for c in cols) + "+"
    out = [rule]
    for r, row in enumerate(grid):
        for k in range(max(len(c) for c in row)):
            out.append(
                "|"
                + "|".join(
                    " " + _pad(c[k] if k < len(c) else "", cols[i] - 1) for i, c in enumerate(row)
                )
                + "|"
            )
        out.append(rule.replace("-", "=") if r == 0 else rule)
    return out


def _simple(grid: list[list[list[str]]]) -> list[str]:
    cols = [max(width(row[i][0]) for row in grid) for i in range(len(grid[0]))]
    rule = " ".join("=" * c for c in cols)
    lines = [" ".join(_pad(row[i][0], cols[i]) for i in range(len(cols))).rstrip() for row in grid]
    return [rule, lines[0], rule] + lines[1:] + [rule]


def render(model: PageModel) -> str:
    """The page as the OTC converter writes it."""
    r = _Rst(model)
    out = [
        f":original_name: {model.doc_id}.html",
        "",
        f".. _{model.doc_id}:",
        "",
        model.title,
        "=" * width(model.title),
        "",
    ]
    for section in layout(model):
        out += [section.title, "-" * width(section.title), ""]
        for b in section.blocks:
            out += r.block(b) + [""]
    return "\n".join(out)
