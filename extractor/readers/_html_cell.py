"""One table cell (``<td>``/``<th>``) as the parts of a model Cell.

Paragraphs and list items each get their own line (items prefixed ``- ``,
nested items indented by two spaces per level); the item texts, links,
bold/code fragments and code blocks are gathered beside the text. Notes
(``<div class="note">``) become lines prefixed ``NOTE: `` and add neither
items nor bold fragments, since those feed enum mining. A table nested in a
cell is rendered into the cell as one line per row (cells joined by
`` | ``) and is not emitted as a table of its own.

Not responsible for spans or the table grid (see :mod:`._html_table`).
"""

from __future__ import annotations

from ._cell_parts import CellParts
from ._html_text import (
    SKIP,
    SKIP_CLASSES,
    Element,
    Run,
    classes,
    is_inline,
    is_note,
    raw_text,
    tag_of,
)

__all__ = ["Flow", "render_cell", "table_rows"]


class Flow(CellParts):
    """A cell's parts, filled from runs of inline HTML and from nested blocks."""

    def take(self, run: Run) -> Run:
        self.lines.extend(run.lines())
        self.refs.extend(run.refs)
        self.strong.extend(run.strong)
        return Run()

    def merge(self, other: Flow, *, items: bool = True, strong: bool = True) -> None:
        self.lines.extend(other.lines)
        self.refs.extend(other.refs)
        self.codes.extend(other.codes)
        if items:
            self.items.extend(other.items)
        if strong:
            self.strong.extend(other.strong)


def render_cell(td: Element) -> Flow:
    flow = Flow()
    _children(td, flow, 0)
    return flow


def _children(el: Element, flow: Flow, depth: int, lists: list[Element] | None = None) -> None:
    """Walk a container; nested lists go to ``lists`` when given (list items)."""
    run = Run()
    run.add_text(el.text)
    for child in el:
        if lists is not None and tag_of(child) in ("ul", "ol"):
            run = flow.take(run)
            lists.append(child)
        elif is_inline(child):
            run.add(child)
        else:
            run = flow.take(run)
            _block(child, flow, depth)
        run.add_text(child.tail)
    flow.take(run)


def _block(el: Element, flow: Flow, depth: int) -> None:
    tag = tag_of(el)
    if tag in SKIP or classes(el) & SKIP_CLASSES:
        return
    if tag in ("ul", "ol", "dl"):
        # Text straight inside a list is not valid markup, but it is what is left of
        # items nested too deep to parse (see ._html_depth): it is kept, as a line.
        run = Run()
        run.add_text(el.text)
        for child in el:
            run = flow.take(run)
            if tag_of(child) == "li":
                _item(child, flow, depth + 1)
            else:
                _block(child, flow, depth)
            run.add_text(child.tail)
        flow.take(run)
    elif tag == "li":
        _item(el, flow, depth + 1)
    elif tag in ("pre", "code"):
        code = raw_text(el)
        if code.strip():
            flow.codes.append(code)
            flow.lines.extend(line.rstrip() for line in code.split("\n") if line.strip())
    elif tag == "table":
        _nested_table(el, flow)
    elif is_note(el):
        note = Flow()
        _children(el, note, depth)
        note.lines = [f"NOTE: {line}" for line in note.lines]
        flow.merge(note, items=False, strong=False)
    else:
        _children(el, flow, depth)


def _item(li: Element, flow: Flow, depth: int) -> None:
    own = Flow()
    nested: list[Element] = []
    _children(li, own, depth, nested)
    text = " ".join(own.lines)
    if text:
        flow.lines.append("  " * max(depth - 1, 0) + "- " + text)
        flow.items.append(text)
    own.lines = []
    flow.merge(own)
    for sub in nested:
        _block(sub, flow, depth)


def table_rows(table: Element) -> tuple[list[Element], list[Element]]:
    """The table's own rows (not those of nested tables): header group, body groups."""
    head: list[Element] = []
    body: list[Element] = []
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child if tag_of(tr) == "tr"]
            (head if tag == "thead" else body).extend(rows)
    return head, body


def _nested_table(table: Element, flow: Flow) -> None:
    head, body = table_rows(table)
    for tr in head + body:
        cells = [render_cell(td) for td in tr if tag_of(td) in ("td", "th")]
        line = " | ".join(" ".join(cell.lines) for cell in cells)
        if line.strip(" |"):
            flow.lines.append(line)
        for cell in cells:
            flow.refs.extend(cell.refs)
            flow.codes.extend(cell.codes)
