"""One HTML ``<table>`` to a model :class:`~docconform.extractor.model.Table`.

Resolves row and column spans into a rectangular grid (a spanned cell is
repeated in every position it covers, as the model asks), picks the header
row (the last ``<thead>`` row, else a first row made only of ``<th>``),
splits the caption's "Table N"/"表N" label from its text and gathers the
anchors that point at the table (its id and the ``<a name>`` just before
it). Rows short of the grid width are padded with empty cells and reported
(``html-table-ragged``), which is how a table cut off mid-row shows up.

Not responsible for cell text (see :mod:`._html_cell`) nor for deciding what
the table is for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..diagnostics import DiagnosticSink
from ..model import Cell, Row, Span, Table
from . import _html_text as T
from ._html_cell import render_cell, table_rows
from ._html_text import Element

__all__ = ["build_table", "split_caption"]

_CAPTION = re.compile(
    r"^(?:Table|表)\s*(\d+(?:[.-]\d+)*)\s*[.:：]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
#: Spans larger than this are typos or attacks, not layout.
_MAX_COLSPAN = 64

LineOf = Callable[[Element], int]
#: A row of the grid: its ``<tr>``, cells by column (gaps as None), natural width.
GridRow = tuple[Element, list[Cell | None], int]


def split_caption(text: str) -> tuple[str | None, str]:
    """``"Table 1 URI parameters"`` -> ``("1", "URI parameters")``; no label -> ``(None, text)``."""
    text = " ".join(text.split())
    match = _CAPTION.match(text)
    if not match:
        return None, text
    return match.group(1), match.group(2).strip()


def _span_attr(el: Element, name: str, default_max: int) -> int:
    raw = (el.get(name) or "").strip()
    match = re.match(r"\d+", raw)
    if not match:
        return 1
    value = int(match.group())
    return default_max if value == 0 else max(1, min(value, default_max))


def _cell(td: Element, source: str, line_of: LineOf) -> Cell:
    return render_cell(td).cell(Span(source, line_of(td)))


def _grid(trs: Sequence[Element], source: str, line_of: LineOf) -> list[GridRow]:
    """Rows of cells with spans resolved; each with its natural (unpadded) width."""
    carried: dict[tuple[int, int], Cell] = {}
    out: list[GridRow] = []
    for r, tr in enumerate(trs):
        row: dict[int, Cell] = {c: cell for (rr, c), cell in carried.items() if rr == r}
        col = 0
        for td in tr:
            if T.tag_of(td) not in ("td", "th"):
                continue
            while col in row:
                col += 1
            cell = _cell(td, source, line_of)
            rowspan = _span_attr(td, "rowspan", len(trs) - r)
            colspan = _span_attr(td, "colspan", _MAX_COLSPAN)
            for c in range(col, col + colspan):
                row[c] = cell
                for dr in range(1, rowspan):
                    carried[(r + dr, c)] = cell
            col += colspan
        width = max(row) + 1 if row else 0
        out.append((tr, [row.get(c) for c in range(width)], width))
    return out


def _is_header_row(tr: Element) -> bool:
    cells = [td for td in tr if T.tag_of(td) in ("td", "th")]
    return bool(cells) and all(T.tag_of(td) == "th" for td in cells)


def _empty(cells: Sequence[Cell | None]) -> bool:
    return all(c is None or (not c.text and not c.codes) for c in cells)


def _caption_of(table: Element) -> str | None:
    for child in table:
        if T.tag_of(child) == "caption":
            run = T.Run()
            run.add(child)
            return " ".join(run.lines())
    return None


def _header_and_body(
    el: Element, source: str, line_of: LineOf
) -> tuple[GridRow | None, list[GridRow]]:
    """The header row (last ``thead`` row, else a leading all-``th`` row) and the body rows."""
    head_trs, body_trs = table_rows(el)
    header_rows = _grid(head_trs, source, line_of)
    body_rows = _grid(body_trs, source, line_of)
    if not header_rows and body_rows and _is_header_row(body_rows[0][0]):
        header_rows, body_rows = body_rows[:1], body_rows[1:]
    header_rows = [h for h in header_rows if not _empty(h[1])]
    body_rows = [b for b in body_rows if not _empty(b[1])]
    return (header_rows[-1] if header_rows else None), body_rows


def _report_ragged(
    body: list[GridRow], width: int, source: str, line_of: LineOf, sink: DiagnosticSink | None
) -> None:
    ragged = [line_of(tr) for tr, _, w in body if w < width]
    if ragged and sink is not None:
        sink.warning(
            "html-table-ragged",
            f"{len(ragged)} row(s) have fewer cells than the table's {width} columns;"
            " padded with empty cells",
            Span(source, ragged[0]),
        )


def build_table(
    el: Element,
    source: str,
    line_of: LineOf,
    anchors_before: Sequence[str],
    caption_hint: str | None,
    sink: DiagnosticSink | None = None,
) -> tuple[Table | None, bool]:
    """The table, and whether ``caption_hint`` (a ``tablecap`` paragraph) was used."""
    header, body = _header_and_body(el, source, line_of)
    if header is None and not body:
        return None, False
    width = max(w for _, _, w in ([header] if header else []) + body)
    _report_ragged(body, width, source, line_of, sink)
    raw_caption = _caption_of(el)
    used_hint = raw_caption is None and caption_hint is not None
    number, caption = split_caption(raw_caption if raw_caption is not None else caption_hint or "")
    own_id = el.get("id")
    anchors = tuple(dict.fromkeys(a for a in [own_id, *anchors_before] if a))
    rows = tuple(Row(_pad(b, width, source, line_of), Span(source, line_of(b[0]))) for b in body)
    head = _pad(header, width, source, line_of) if header else ()
    table = Table(caption, head, rows, Span(source, line_of(el)), number=number, anchors=anchors)
    return table, used_hint


def _pad(row: GridRow, width: int, source: str, line_of: LineOf) -> tuple[Cell, ...]:
    tr, cells, _ = row
    blank = Cell("", Span(source, line_of(tr)))
    padded = cells + [None] * (width - len(cells))
    return tuple(blank if cell is None else cell for cell in padded)
