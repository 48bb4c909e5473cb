"""Render a :class:`PageModel` as a Huawei-style HTML export page.

Optionally wrapped in the chrome of a forge's file view (seed 004: a header
with path, commit and file-info box; seed 000: that box and a ``|`` gutter
line after every source line).

Two templates, as the doc-exports repository has them (VARIANTS.md §2):
classic pages (seeds 000/004: ``div.section`` with ids, the URI line and its
table inside ``<ul><li>URI format`` bullets, "For details, see <a>Table N</a>"
links, ``<a name>`` anchors before referenced tables) and API-Explorer pages
(``dx:elb/CreateCertificate.html``: a flat run of ``h4.sectiontitle``,
``<p><strong>Status code: 201</strong></p>``, type cells
``<a href="#Op__request_X">X</a> object``, no caption on the status table).
Only the syntax is decided here; what the page says comes from :func:`layout`.
"""

from __future__ import annotations

from html import escape
from itertools import count

from . import PageModel
from .layout import (
    Block,
    Cell,
    ListItem,
    ParaBlock,
    RequestLine,
    Seg,
    StatusLine,
    TableBlock,
    layout,
)

__all__ = ["render"]


class _Html:
    def __init__(self, model: PageModel) -> None:
        self.model = model
        self.classic = model.style == "classic"
        self.ids = count(model.table_base + 17)
        self.doc = model.doc_id

    def pid(self, prefix: str = "p") -> str:
        """A paragraph id as the exporter writes it (classic pages only)."""
        return f' id="{self.doc}__{prefix}{next(self.ids)}"' if self.classic else ""

    def inline(self, segs: tuple[Seg, ...]) -> str:
        out = []
        for s in segs:
            if s.kind == "b" and self.classic:  # seed 004: parameter values in a span
                out.append(
                    f'<span class="parmvalue"{self.pid("parmvalue")}><b>{escape(s.text)}</b></span>'
                )
            elif s.kind == "b":
                out.append(f"<strong>{escape(s.text)}</strong>")
            elif s.kind == "ref":
                out.append(f'<a href="#{self.doc}__{s.target}">{escape(s.text)}</a>')
            else:
                out.append(escape(s.text, quote=False))
        return "".join(out)

    def cell(self, cell: Cell) -> str:
        parts = []
        for kind, content in cell:
            if kind == "p":
                parts.append(f"<p{self.pid()}>{self.inline(content)}</p>\n")
            elif self.classic:
                items = "".join(f"<li{self.pid('li')}>{self.inline(i)}</li>" for i in content)
                parts.append(f"<ul{self.pid('ul')}>{items}</ul>\n")
            else:
                items = "".join(f"<li><p>{self.inline(i)}</p>\n</li>" for i in content)
                parts.append(f"<ul>{items}</ul>\n")
        return "".join(parts)

    def table(self, t: TableBlock) -> str:
        n = len(t.header)
        widths = ["20%"] * (n - 1) + [f"{100 - 20 * (n - 1)}%"]
        anchor = f"{self.doc}__{t.tid}"
        label = "Table" if self.model.lang == "en" else "表"
        caption = (
            f"<caption><b>{label} {t.number} </b>{self.inline(t.caption)}</caption>"
            if t.number
            else ""
        )
        names = (
            f'<a name="{anchor}"></a><a name="{t.tid}"></a>'
            if (t.named or t.kind in ("nested", "status"))
            else ""
        )
        head_ids = [f"mcps1.3.{t.number or 9}.2.{n}.1.{i}" for i in range(1, n + 1)]
        head = "".join(
            f'<th align="left" class="cellrowborder" valign="top" width="{w}" id="{hid}">'
            f"<p{self.pid()}>{escape(h)}</p>\n</th>\n"
            for h, w, hid in zip(t.header, widths, head_ids)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="cellrowborder" valign="top" width="{w}" headers="{hid} ">{self.cell(c)}</td>\n'
                for c, w, hid in zip(row, widths, head_ids)
            )
            + "</tr>\n"
            for row in t.rows
        )
        table = (
            f'{names}<table cellpadding="4" cellspacing="0" summary="" id="{anchor}" frame="border" border="1" '
            f'rules="all">{caption}<thead align="left"><tr>{head}</tr>\n</thead>\n<tbody>{body}</tbody>\n</table>\n'
        )
        return f'<div class="tablenoborder">{table}</div>\n' if self.classic else table + "\n"

    def block(self, b: Block) -> str:
        if isinstance(b, ParaBlock):
            return f"<p{self.pid()}>{self.inline(b.segs)}</p>\n"
        if isinstance(b, RequestLine):
            return f"<p{self.pid()}>{escape(b.method)} {escape(b.path)}</p>\n"
        if isinstance(b, StatusLine):
            word = "Status code: " if self.model.lang == "en" else "状态码： "
            return f"<p><strong>{word}{b.code}</strong></p>\n"
        if isinstance(b, TableBlock):
            return self.table(b)
        return self.item(b)

    def item(self, item: ListItem) -> str:
        inner = "".join(self.block(b) for b in item.blocks)
        if item.anchor is not None:  # a linked table's item: its id is the link's target
            target = f' id="{self.doc}__{item.anchor}"'
            if self.model.flavor & 64:
                return f"<li{self.pid('l')}><p{target}>{escape(item.label)}</p>\n{inner}</li>"
            return f"<li{target}>{escape(item.label)}\n{inner}</li>"
        if len(item.blocks) == 1 and isinstance(item.blocks[0], RequestLine):
            return f"<li{self.pid('l')}>{escape(item.label)}{inner.rstrip()}\n</li>"
        return f"<li{self.pid('l')}>{escape(item.label)}\n{inner}</li>"


def render(model: PageModel) -> str:
    """The page as the HTML exporter writes it."""
    h = _Html(model)
    out = [
        f'<a name="{model.doc_id}"></a><a name="{model.doc_id}"></a>\n',
        f'<h1 class="topictitle1">{escape(model.title)}</h1>\n',
    ]
    if h.classic:
        out.append(f'<div id="body{model.table_base}">')
    for section in layout(model):
        title = f'<h4 class="sectiontitle">{escape(section.title)}</h4>'
        body = _body(h, section.blocks)
        if h.classic:
            out.append(
                f'<div class="section" id="{model.doc_id}__s{next(h.ids)}">{title}{body}</div>\n'
            )
        else:
            out.append(f"{title}{body}\n")
    if h.classic:
        out.append("</div>\n")
    return _chrome(model, "".join(out))


def _body(h: _Html, blocks: tuple[Block, ...]) -> str:
    """A section's blocks in order, each run of list items in one ``<ul>``."""
    out: list[str] = []
    run: list[ListItem] = []
    for b in (*blocks, None):
        if isinstance(b, ListItem):
            run.append(b)
            continue
        if run:
            out.append(f"<ul{h.pid('u')}>" + "".join(h.item(i) for i in run) + "</ul>\n")
            run = []
        if b is not None:
            out.append(h.block(b))
    return "".join(out)


def _chrome(model: PageModel, page: str) -> str:
    """The page as saved from a forge's file view (seeds 004 and 000)."""
    if not model.chrome:
        return page
    lines = page.rstrip("\n").split("\n")
    info = [f"{len(lines)} lines", f"{len(page) / 1024:.1f} KiB", "HTML"]
    if model.chrome == 1:
        header = (
            [
                f"doc-exports/docs/dli/api-ref/{model.doc_id}.html",
                "Su, Xiaomeng 483e5cc6cc dli_api_20240430",
                "Reviewed-by: Pruthi, Vineet <vineet.pruthi@t-systems.com>",
                "2024-05-15 12:04:03 +00:00",
                "",
            ]
            + info
            + [""]
        )
        return "\n".join(header + lines) + "\n"
    header = [
        "forked from docs/doc-exports",
        "Reviewed-by: Pruthi, Vineet <vineet.pruthi@t-systems.com> Co-authored-by: Su, Xiaomeng <suxiaomeng1@huawei.com>",
    ]
    header += info + info
    gutter = [part for line in lines for part in ([line, "|", "|"] if line.strip() else ["|", "|"])]
    return "\n".join(header + gutter) + "\n"
