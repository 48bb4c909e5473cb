"""reStructuredText reader: an OTC API page -> a :class:`~docconform.extractor.model.Page`.

docutils parses (see :mod:`._rst_roles` for the set-up); this module walks
the doctree in document order into the flat block stream of the model:
section titles become Headings, list items become bullet Paras followed by
their nested blocks, literal blocks become Code, grid/simple/list tables become
Tables with their caption split from the "Table N" label. Every block gets the
line it starts on in the original file, corrected where docutils reports the
end of a construct (section underlines, malformed tables).

docutils' messages become ``rst-warning`` diagnostics (see
:func:`._rst_roles.report_messages`); nothing is printed. It is NOT
responsible for what the blocks mean (the interpreter decides).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes

from ..diagnostics import DiagnosticSink
from ..model import Block, Cell, Code, Heading, Page, Para, Ref, Row, Span, Table
from ._cell_parts import CellParts
from ._lang import guess_lang
from ._rst_input import prepare
from ._rst_roles import parse_rst, report_messages

__all__ = ["read_rst"]

# [^\S\n]*, not \s*: a blank run is not rescanned from each of its lines (linear time).
_LABEL = re.compile(r"^[^\S\n]*\.\. _([^:`\s][^:]*|`[^`]+`):\s*$", re.MULTILINE)
_ADORNMENT = re.compile(r"^\s*([!-/:-@\[-`{-~])\1+\s*$")
_CAPTION = re.compile(r"^\s*(?:Table|表)\s*(\d+(?:[.-]\d+)*)\s*[:.：]?\s*(.*)$", re.DOTALL)
_SKIP = (nodes.target, nodes.substitution_definition, nodes.comment, nodes.system_message,
         nodes.pending, nodes.raw, nodes.image, nodes.transition)


def read_rst(text: str, source: str, sink: DiagnosticSink) -> Page:
    """Parse one page; docutils problems go to ``sink`` as ``rst-warning``."""
    text = prepare(text, source, sink)
    document, messages = parse_rst(text, source)
    lines = text.split("\n")
    walker = _Walker(source, lines, document, _original_labels(text))
    walker.children(document, 0, "")
    report_messages(messages, source, lines, sink)
    meta = list(walker.meta)
    first_label = _LABEL.search(text)
    if first_label:
        meta.append(("anchor", first_label.group(1).strip("`")))
    return Page(source, "rst", guess_lang(text), tuple(walker.blocks), tuple(meta))


def _original_labels(text: str) -> dict[str, str]:
    """docutils lower-cases names; ``:ref:`` targets keep the author's case."""
    labels: dict[str, str] = {}
    for match in _LABEL.finditer(text):
        label = match.group(1).strip("`")
        labels.setdefault(nodes.fully_normalize_name(label), label)
    return labels


class _Walker:
    """Doctree -> blocks, remembering the last known line for nodes without one."""

    def __init__(self, source: str, lines: list[str], document: nodes.document,
                 labels: dict[str, str]) -> None:
        self.source, self.lines, self.document, self.labels = source, lines, document, labels
        self.blocks: list[Block] = []
        self.meta: list[tuple[str, str]] = []
        self.last_line = 1
        self.section_depth = 0

    # -------------------------------------------------------------- lines

    def line_of(self, node: nodes.Node) -> int:
        """The node's line, else its first descendant's, else the last one seen."""
        for candidate in node.findall(nodes.Element):
            if candidate.line:
                self.last_line = int(candidate.line)
                return self.last_line
        return self.last_line

    def span(self, line: int) -> Span:
        return Span(self.source, line)

    def anchors(self, node: nodes.Element) -> tuple[str, ...]:
        """Explicit ``.. _label:`` names on a node, in the author's spelling."""
        explicit = [n for n in node.get("names", []) if self.document.nametypes.get(n)]
        return tuple(self.labels.get(n, n) for n in explicit)

    # -------------------------------------------------------------- blocks

    def children(self, node: nodes.Element, depth: int, prefix: str) -> None:
        for child in node.children:
            if isinstance(child, nodes.Element):
                self.block(child, depth, prefix)

    def block(self, node: nodes.Element, depth: int, prefix: str) -> None:
        if isinstance(node, _SKIP):
            return
        if isinstance(node, nodes.section):
            self.section(node, depth, prefix)
        elif isinstance(node, (nodes.paragraph, nodes.rubric, nodes.caption, nodes.term)):
            self.para(node, depth, prefix)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            self.items(node, depth, prefix)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.code(node)
        elif isinstance(node, nodes.table):
            self.blocks.append(self.table(node))
        elif isinstance(node, nodes.field_list):
            self.fields(node, depth, prefix)
        elif isinstance(node, nodes.line_block):
            for line in node.findall(nodes.line):
                self.para(line, depth, prefix)
        elif isinstance(node, nodes.Admonition):
            self.children(node, depth, _admonition_prefix(node))
        else:
            self.children(node, depth, prefix)

    def section(self, node: nodes.section, depth: int, prefix: str) -> None:
        title = node.next_node(nodes.title)
        self.section_depth += 1
        if title is not None and title.parent is node:
            text, _, _ = _inline(title, self)
            line = self.line_of(title)
            if 1 < line <= len(self.lines) and _ADORNMENT.match(self.lines[line - 1]):
                line -= 1  # docutils gives the underline's line
            anchors = self.anchors(node)
            self.blocks.append(Heading(self.section_depth, text, self.span(line),
                                       anchors[0] if anchors else None))
        for child in node.children:
            if isinstance(child, nodes.Element) and not isinstance(child, nodes.title):
                self.block(child, depth, prefix)
        self.section_depth -= 1

    def para(self, node: nodes.Element, depth: int, prefix: str, bullet: bool = False) -> None:
        text, refs, strong = _inline(node, self)
        self.blocks.append(Para(prefix + text, self.span(self.line_of(node)), tuple(refs),
                                tuple(dict.fromkeys(strong)), bullet, depth, self.anchors(node)))

    def items(self, node: nodes.Element, depth: int, prefix: str) -> None:
        for item in node.children:
            if not isinstance(item, nodes.list_item):
                continue
            rest = list(item.children)
            if rest and isinstance(rest[0], nodes.paragraph):
                self.para(rest.pop(0), depth + 1, prefix, bullet=True)
            for child in rest:
                if isinstance(child, nodes.Element):
                    self.block(child, depth + 1, prefix)

    def code(self, node: nodes.Element) -> None:
        lang = node.get("language")
        if not lang:
            classes = [c for c in node.get("classes", []) if c != "code"]
            lang = classes[0] if classes and "code" in node.get("classes", []) else None
        self.blocks.append(Code(node.astext(), self.span(self.line_of(node)), lang))

    def fields(self, node: nodes.field_list, depth: int, prefix: str) -> None:
        at_top = isinstance(node.parent, nodes.document)
        for fld in node.findall(nodes.field):
            name = fld.next_node(nodes.field_name)
            body = fld.next_node(nodes.field_body)
            name_text = name.astext().strip() if name else ""
            body_text = " ".join(body.astext().split()) if body else ""
            if at_top:
                self.meta.append((name_text, body_text))
            else:
                self.blocks.append(Para(f"{prefix}{name_text}: {body_text}",
                                        self.span(self.line_of(fld)), depth=depth))

    # -------------------------------------------------------------- tables

    def table(self, node: nodes.table) -> Table:
        line = self.line_of(node)
        title = node.next_node(nodes.title)
        caption_text = _inline(title, self)[0] if title is not None else ""
        number, caption = _split_caption(caption_text)
        header_rows: list[Row] = []
        body_rows: list[Row] = []
        for group in node.findall(nodes.tgroup):
            ncols = sum(1 for c in group.children if isinstance(c, nodes.colspec))
            for part in group.children:
                if isinstance(part, (nodes.thead, nodes.tbody)):
                    rows = self.rows(part, ncols)
                    (header_rows if isinstance(part, nodes.thead) else body_rows).extend(rows)
            break  # one tgroup per table in reST
        header = header_rows[0].cells if header_rows else ()
        return Table(caption, header, tuple(header_rows[1:] + body_rows), self.span(line),
                     number, self.anchors(node))

    def rows(self, part: nodes.Element, ncols: int) -> list[Row]:
        placed: list[tuple[int, list[tuple[Cell, int, int]]]] = []
        for row in part.children:
            if not isinstance(row, nodes.row):
                continue
            line = self.row_line(row)
            entries = [(self.cell(e, line), int(e.get("morerows", 0)), int(e.get("morecols", 0)))
                       for e in row.children if isinstance(e, nodes.entry)]
            placed.append((line, entries))
        grid = _fill_grid([entries for _, entries in placed], ncols)
        pairs = zip(placed, grid, strict=True)
        return [Row(tuple(cells), self.span(line)) for (line, _), cells in pairs]

    def row_line(self, row: nodes.row) -> int:
        """The first line with text in the row (cell contents carry true lines)."""
        known = [n.line for n in row.findall(nodes.Element) if n.line]
        if known:
            self.last_line = min(known)
            return self.last_line
        for candidate in range(self.last_line + 1, len(self.lines)):
            if self.lines[candidate - 1].strip().startswith("+"):
                self.last_line = candidate + 1  # an empty grid row after its border
                return self.last_line
        return self.last_line

    def cell(self, entry: nodes.entry, row_line: int) -> Cell:
        parts = CellParts()
        _cell_parts(entry.children, parts, "", self)
        known = [n.line for n in entry.findall(nodes.Element) if n.line]
        line = min(known) if known else row_line
        return parts.cell(self.span(line))


def _admonition_prefix(node: nodes.Element) -> str:
    if isinstance(node, nodes.admonition):
        title = node.next_node(nodes.title)
        label = title.astext().strip() if title is not None else "NOTE"
        return f"{label.upper()}: "
    return f"{node.tagname.upper()}: "


def _split_caption(text: str) -> tuple[str | None, str]:
    """``"Table 2 Request parameters"`` -> ``("2", "Request parameters")``."""
    match = _CAPTION.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return None, text.strip()


def _fill_grid(rows: list[list[tuple[Cell, int, int]]], ncols: int) -> list[list[Cell]]:
    """Resolve spans: a spanned cell is repeated in every position it covers."""
    pending: dict[int, tuple[Cell, int]] = {}
    out: list[list[Cell]] = []
    for entries in rows:
        cells: list[Cell] = []
        queue = list(entries)
        col = 0
        while col in pending or queue:
            if col in pending:
                cell, left = pending.pop(col)
                if left > 1:
                    pending[col] = (cell, left - 1)
                cells.append(cell)
                col += 1
                continue
            cell, morerows, morecols = queue.pop(0)
            for k in range(morecols + 1):
                cells.append(cell)
                if morerows:
                    pending[col + k] = (cell, morerows)
            col += morecols + 1
        out.append(cells[:ncols] if ncols else cells)
    return out


def _inline(node: nodes.Element, walker: _Walker) -> tuple[str, list[Ref], list[str]]:
    """Plain text of inline markup, with its references and bold/code fragments."""
    refs: list[Ref] = []
    strong: list[str] = []

    def visit(n: nodes.Node) -> str:
        if isinstance(n, nodes.Text):
            return str(n.astext())
        if isinstance(n, (nodes.image, nodes.system_message, nodes.target)):
            return ""  # |imageN| icons carry no text worth keeping
        text = "".join(visit(c) for c in n.children)
        if isinstance(n, (nodes.strong, nodes.literal)):
            strong.append(text)
        elif isinstance(n, nodes.reference):
            refs.append(Ref(_ref_target(n, walker), text))
        return text

    text = "".join(visit(c) for c in node.children).replace("\n", " ")
    return text.strip(), refs, strong


def _ref_target(node: nodes.reference, walker: _Walker) -> str:
    if node.get("refuri"):
        return str(node["refuri"]).removeprefix("#")
    if node.get("refid"):
        target = walker.document.ids.get(node["refid"])
        names = target.get("names", []) if target is not None else []
        return str(walker.labels.get(names[0], names[0])) if names else str(node["refid"])
    name = str(node.get("refname", node.astext()))
    return walker.labels.get(name, name)


def _cell_parts(children: Iterable[nodes.Node], parts: CellParts, prefix: str,
                walker: _Walker) -> None:
    """Flatten a cell: paragraphs and items one per line, notes prefixed."""
    for child in children:
        if isinstance(child, nodes.Text):
            if child.astext().strip():
                parts.lines.append(prefix + child.astext().strip())
        elif isinstance(child, _SKIP):
            continue
        elif isinstance(child, (nodes.paragraph, nodes.rubric, nodes.term, nodes.line)):
            text, refs, strong = _inline(child, walker)
            parts.lines.append(prefix + text)
            parts.refs.extend(refs)
            parts.strong.extend(strong)
        elif isinstance(child, nodes.list_item):
            _cell_item(child, parts, prefix, walker)
        elif isinstance(child, (nodes.literal_block, nodes.doctest_block)):
            parts.codes.append(child.astext())
            parts.lines.extend(prefix + line for line in child.astext().split("\n"))
        elif isinstance(child, nodes.Admonition):
            body = [c for c in child.children if not isinstance(c, nodes.title)]
            _cell_parts(body, parts, prefix + _admonition_prefix(child), walker)
        elif isinstance(child, nodes.Element):
            _cell_parts(child.children, parts, prefix, walker)


def _cell_item(item: nodes.list_item, parts: CellParts, prefix: str, walker: _Walker) -> None:
    rest = list(item.children)
    if rest and isinstance(rest[0], nodes.paragraph):
        text, refs, strong = _inline(rest.pop(0), walker)
        parts.lines.append(f"{prefix}- {text}")
        parts.items.append(text)
        parts.refs.extend(refs)
        parts.strong.extend(strong)
    _cell_parts(rest, parts, prefix, walker)
