"""Render a :class:`PageModel` as plain text copied from a docs web site.

As seed 003 shows such a copy: every paragraph, heading and table cell on a
line of its own with a blank line between, "Table N Caption" lines before
captioned tables, bullets as "  • ", bold and links reduced to their text,
"Status code: 200" lines. Multi-paragraph cells become several lines, which
is exactly what makes this format hard. Only syntax is decided here.
"""

from __future__ import annotations

from . import PageModel
from .layout import (
    Block,
    Cell,
    ListItem,
    ParaBlock,
    RequestLine,
    StatusLine,
    TableBlock,
    layout,
    plain,
)

__all__ = ["render"]


def _cell(cell: Cell) -> list[str]:
    lines: list[str] = []
    for kind, content in cell:
        if kind == "p":
            lines.append(plain(content))
        else:
            lines.extend("  • " + plain(item) for item in content)
    return lines


class _Text:
    def __init__(self, model: PageModel) -> None:
        self.model = model

    def table(self, t: TableBlock) -> list[str]:
        out: list[str] = []
        if t.number:
            label = f"Table {t.number} " if self.model.lang == "en" else f"表{t.number} "
            out.append(label + plain(t.caption))
        out.extend(t.header)
        for row in t.rows:
            for cell in row:
                out.extend(_cell(cell))
        return out

    def block(self, b: Block) -> list[str]:
        if isinstance(b, ParaBlock):
            return [plain(b.segs)]
        if isinstance(b, RequestLine):
            return [f"{b.method} {b.path}"]
        if isinstance(b, StatusLine):
            return [("Status code: " if self.model.lang == "en" else "状态码： ") + b.code]
        if isinstance(b, TableBlock):
            return self.table(b)
        return self.item(b)

    def item(self, item: ListItem) -> list[str]:
        lines = ["  • " + item.label]
        for b in item.blocks:
            lines.extend(self.block(b))
        return lines


def render(model: PageModel) -> str:
    """The page as a browser copy of the docs site gives it."""
    r = _Text(model)
    lines: list[str] = []
    if model.updated_line and model.lang == "en":
        lines.append("Updated on 2022-08-17 GMT+08:00")
    lines.append(model.title)
    for section in layout(model):
        lines.append(section.title)
        for b in section.blocks:
            lines.extend(r.block(b))
    return "\n\n".join(lines) + "\n"
