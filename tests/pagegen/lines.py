"""What the two line-oriented page writers (RST, Markdown) share: the block walk.

A page is laid out once (:func:`tests.pagegen.layout.layout`); the RST and
Markdown writers differ only in how a paragraph, a request path, a table and
the head of a list item are spelled, and in how deep a list item indents what
it holds. This base class walks the blocks and leaves those spellings to its
subclasses. It decides no syntax itself and knows nothing of HTML pages,
which are not written line by line.
"""

from __future__ import annotations

from . import PageModel
from .layout import Block, ListItem, ParaBlock, RequestLine, Seg, StatusLine, TableBlock

__all__ = ["LinePageWriter"]


class LinePageWriter:
    """Turns layout blocks into lines; subclasses spell each kind of block."""

    #: What a list item's contents are indented by ("   " in RST, "    " in Markdown).
    indent = ""

    def __init__(self, model: PageModel) -> None:
        self.model = model

    def paragraph(self, segs: tuple[Seg, ...]) -> str:
        raise NotImplementedError

    def path(self, path: str) -> str:
        """The request path as running text spells it."""
        return path

    def table(self, t: TableBlock) -> list[str]:
        raise NotImplementedError

    def item_head(self, item: ListItem) -> list[str]:
        """The bullet line(s) before the item's blocks."""
        raise NotImplementedError

    def block(self, b: Block) -> list[str]:
        if isinstance(b, ParaBlock):
            return [self.paragraph(b.segs)]
        if isinstance(b, RequestLine):
            return [f"{b.method} {self.path(b.path)}"]
        if isinstance(b, StatusLine):
            word = "Status code: " if self.model.lang == "en" else "状态码： "
            return [f"**{word}{b.code}**"]
        if isinstance(b, TableBlock):
            return self.table(b)
        return self.item(b)

    def item(self, item: ListItem) -> list[str]:
        lines = self.item_head(item)
        for b in item.blocks:
            lines.append("")
            lines.extend(self.indent + line if line else "" for line in self.block(b))
        return lines
