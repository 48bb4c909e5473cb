"""The parts of a table cell as a reader gathers them, and the model Cell they make.

Every reader that walks a cell's markup (HTML elements, docutils nodes) collects the same
things: its lines, list-item texts, links, bold and code fragments. Gathering them in one
shape keeps what a Cell holds, and how repeated bold fragments collapse, in one place.

Not responsible for walking any markup (the readers do) or for the cell's span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Cell, Ref, Span


@dataclass
class CellParts:
    """A cell's content as lines, plus what the cell's markup said."""

    lines: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    strong: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    def cell(self, span: Span) -> Cell:
        """The model Cell: lines joined, each bold fragment once, in order of appearance."""
        return Cell("\n".join(self.lines), span, items=tuple(self.items), refs=tuple(self.refs),
                    strong=tuple(dict.fromkeys(self.strong)), codes=tuple(self.codes))
