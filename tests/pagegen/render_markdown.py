"""Render a :class:`PageModel` as a Huawei Cloud Markdown page (raw HTML tables).

As the Huawei docs repositories write them (seed 001, ``hw:nat/更新SNAT规则.md``):
``# Title<a name="docid"></a>``, ``## Section<a name="sN"></a>``, Markdown
escapes outside tables (``\\{project\\_id\\}``, ``extra\\_dhcp\\_opt``), classic
"-   URI格式" bullets with the request line and the table indented four spaces,
a caption line ``**表 N**  caption`` then ``<a name="tid"></a>`` then a raw
``<table>`` whose every ``<p>`` carries two duplicated ``<a name>`` anchors,
``**状态码： 200**`` lines on API-Explorer pages. Only syntax is decided here.
"""

from __future__ import annotations

from html import escape
from itertools import count

from . import PageModel
from .layout import Cell, ListItem, Seg, TableBlock, layout, plain
from .lines import LinePageWriter

__all__ = ["md_escape", "render"]

_MD_SPECIAL = "\\`*_{}[]<>#|"


def md_escape(text: str) -> str:
    """Backslash-escape what the Huawei converter escapes in running text."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in text)


class _Md(LinePageWriter):
    indent = "    "

    def __init__(self, model: PageModel) -> None:
        super().__init__(model)
        self.ids = count(model.table_base + 31)
        self.prefix = f"zh-cn_topic_{model.table_base}_" if model.style == "explorer" else ""

    def anchor(self, tid: str) -> str:
        return self.prefix + tid

    def p(self, html: str) -> str:
        pid = f"p{next(self.ids)}"
        return f'<p id="{pid}"><a name="{pid}"></a><a name="{pid}"></a>{html}</p>\n'

    def html_inline(self, segs: tuple[Seg, ...]) -> str:
        out = []
        for s in segs:
            if s.kind == "b":
                bid = f"b{next(self.ids)}"
                out.append(
                    f'<strong id="{bid}"><a name="{bid}"></a><a name="{bid}"></a>{escape(s.text)}</strong>'
                )
            elif s.kind == "ref":
                out.append(f'<a href="#{self.anchor(s.target or "")}">{escape(s.text)}</a>')
            else:
                out.append(escape(s.text, quote=False))
        return "".join(out)

    def md_inline(self, segs: tuple[Seg, ...]) -> str:
        return "".join(
            f"**{md_escape(s.text)}**" if s.kind == "b" else md_escape(s.text) for s in segs
        )

    def cell(self, cell: Cell) -> str:
        parts = []
        for kind, content in cell:
            if kind == "p":
                parts.append(self.p(self.html_inline(content)))
            else:
                uid = f"ul{next(self.ids)}"
                items = "".join(f"<li>{self.html_inline(i)}</li>" for i in content)
                parts.append(
                    f'<a name="{uid}"></a><a name="{uid}"></a><ul id="{uid}">{items}</ul>\n'
                )
        return "".join(parts)

    def table(self, t: TableBlock) -> list[str]:
        n = len(t.header)
        widths = ["20%"] * (n - 1) + [f"{100 - 20 * (n - 1)}%"]
        hids = [f"mcps1.2.{n + 1}.1.{i}" for i in range(1, n + 1)]
        head = "".join(
            f'<th class="cellrowborder" valign="top" width="{w}" id="{hid}">{self.p(escape(h))}</th>\n'
            for h, w, hid in zip(t.header, widths, hids)
        )
        body = "".join(
            f'<tr id="row{next(self.ids)}">'
            + "".join(
                f'<td class="cellrowborder" valign="top" width="{w}" headers="{hid} ">{self.cell(c)}</td>\n'
                for c, w, hid in zip(row, widths, hids)
            )
            + "</tr>\n"
            for row in t.rows
        )
        html = (
            f'<table><thead align="left"><tr id="row{next(self.ids)}">{head}</tr>\n</thead>\n'
            f"<tbody>{body}</tbody>\n</table>"
        )
        out: list[str] = []
        if t.number:
            word = "Table" if self.model.lang == "en" else "表"
            out += [f"**{word} {t.number}**  {md_escape(plain(t.caption))}", ""]
        out += [f'<a name="{self.anchor(t.tid)}"></a>'] + html.split("\n")
        return out

    def paragraph(self, segs: tuple[Seg, ...]) -> str:
        return self.md_inline(segs)

    def path(self, path: str) -> str:
        return md_escape(path)

    def item_head(self, item: ListItem) -> list[str]:
        """A bullet; one introducing a linked table starts with its anchor (zh-md/iam)."""
        if item.anchor is not None:
            return [f'-   <a name="{self.anchor(item.anchor)}"></a>' + md_escape(item.label)]
        return ["-   " + md_escape(item.label)]


def render(model: PageModel) -> str:
    """The page as the Huawei Markdown converter writes it."""
    m = _Md(model)
    out = [f'# {md_escape(model.title)}<a name="{model.doc_id}"></a>', ""]
    for section in layout(model):
        out += [f'## {md_escape(section.title)}<a name="section{next(m.ids)}"></a>', ""]
        for b in section.blocks:
            out += m.block(b) + [""]
        if any(isinstance(b, ListItem) for b in section.blocks):
            out.append("")
    return "\n".join(out)
