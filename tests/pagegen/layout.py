"""The format-neutral layout of a :class:`PageModel`: what the page says, not how.

:func:`layout` decides once for all four renderers the section titles, table
numbers, ids and captions, which cell holds which words and where each
reference points, in the page's language and template (classic or
API-Explorer, VARIANTS.md §2). Renderers only decide how their format writes
those things. This module knows no output syntax and draws nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import (
    ARRAY_ROOTS,
    LINK_DOTTED,
    LINK_ITEM,
    LINK_NAME,
    LINK_ORDER,
    PageModel,
    Param,
    ParamTable,
    prose,
    walk_tables,
)
from .prose import Cell, Seg
from .words import words_for

__all__ = [
    "Block",
    "Cell",
    "ListItem",
    "ParaBlock",
    "RequestLine",
    "Section",
    "Seg",
    "StatusLine",
    "TableBlock",
    "layout",
    "plain",
]


@dataclass(frozen=True)
class TableBlock:
    number: int | None
    caption: tuple[Seg, ...]
    tid: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    kind: str
    named: bool = False


@dataclass(frozen=True)
class ParaBlock:
    segs: tuple[Seg, ...]


@dataclass(frozen=True)
class RequestLine:
    method: str
    path: str


@dataclass(frozen=True)
class StatusLine:
    code: str


@dataclass(frozen=True)
class ListItem:
    """A bullet acting as a sub-heading ("URI format"), with what nests under it.

    ``anchor`` is the id a name-cell link points at when the item introduces a
    LINK_ITEM child table (RST ``-  .. _docid__li153:``, Markdown ``<a name>``,
    HTML ``<li id>``); None for the plain sub-heading bullets.
    """

    label: str
    blocks: tuple[Block, ...]
    anchor: str | None = None


Block = ParaBlock | RequestLine | StatusLine | ListItem | TableBlock


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


def plain(segs: tuple[Seg, ...]) -> str:
    """Inline text with its markup dropped, as a reader should see it."""
    return "".join(s.text for s in segs)


class _Numbers:
    """Table numbers, ids and link styles in page order, fixed before any cell is written.

    A table introduced by a list item (LINK_ITEM) has no caption and so no
    number: the numbers of the captioned tables skip it, as on real pages.
    """

    def __init__(self, model: PageModel) -> None:
        self.number: dict[int, int] = {}
        self.tid: dict[int, str] = {}
        #: id(child table) -> the link style of the row that owns it
        self.link: dict[int, int] = {}
        #: id(child table) -> the dotted path of row names leading to it
        self.path: dict[int, str] = {}
        #: id(child table) -> the anchor of the list item introducing it
        self.item: dict[int, str] = {}
        #: id(child table) -> the table whose row owns it
        self.parent: dict[int, ParamTable] = {}
        tables = list(model.uri_tables)
        for top in (model.header, model.request, model.response):
            if top is not None:
                tables.extend(walk_tables(top))
                self._paths(top, "")
        numbered = 0
        for i, t in enumerate(tables, 1):
            if self.link.get(id(t)) == LINK_ITEM:
                self.item[id(t)] = f"li{model.table_base + 50 + i}"
            else:
                numbered += 1
                self.number[id(t)] = numbered
            self.tid[id(t)] = _table_id(model, t, i)
        self.status_number = numbered + 1
        self.status_tid = f"table{model.table_base}9"

    def _paths(self, table: ParamTable, prefix: str) -> None:
        for p in table.params:
            if p.child is not None:
                path = f"{prefix}.{p.name}" if prefix else p.name
                self.link[id(p.child)] = p.link
                self.path[id(p.child)] = path
                self.parent[id(p.child)] = table
                self._paths(p.child, path)


def _table_id(model: PageModel, t: ParamTable, i: int) -> str:
    if model.style == "explorer" and t.type_name:
        return f"{t.side}_{t.type_name}"
    explorer_ids = {
        "header": "HeaderParameter",
        "request": "requestParameter",
        "response": "responseParameter",
    }
    if model.style == "explorer" and t.kind in explorer_ids:
        return explorer_ids[t.kind]
    return f"table{model.table_base + i}"


def layout(model: PageModel) -> list[Section]:
    """What the page says, section by section, for every renderer alike."""
    w = words_for(model.lang)
    nums = _Numbers(model)
    sections = [Section(w["function"], (ParaBlock((Seg("t", model.summary),)),))]
    sections.append(Section(w["uri"], _uri_blocks(model, nums)))
    request = [_placed(model, nums, t) for t in _tops(model.header, model.request)]
    sections.append(
        Section(w["request"][model.style], tuple(request) or (ParaBlock((Seg("t", w["none"]),)),))
    )
    response: list[Block] = []
    if model.response is not None:
        if model.style == "explorer":
            response.append(StatusLine(model.status))
        response.extend(_placed(model, nums, t) for t in walk_tables(model.response))
    sections.append(
        Section(w["response"][model.style], tuple(response) or (ParaBlock((Seg("t", w["none"]),)),))
    )
    if model.status_table:
        sections.append(Section(w["status-codes"], (_status_table(model, nums),)))
    sections.append(Section(w["error-codes"], (ParaBlock((Seg("t", w["errors"]),)),)))
    return sections


def _tops(*tables: ParamTable | None) -> list[ParamTable]:
    out: list[ParamTable] = []
    for t in tables:
        if t is not None:
            out.extend(walk_tables(t))
    return out


def _uri_blocks(model: PageModel, nums: _Numbers) -> tuple[Block, ...]:
    w = words_for(model.lang)
    line = RequestLine(model.method, model.path)
    tables = tuple(_table(model, nums, t) for t in model.uri_tables)
    if model.style == "explorer":
        return (line,) + tables
    items: tuple[Block, ...] = (ListItem(w["uri-format"], (line,)),)
    if tables:
        items += (ListItem(w["param-desc"], tables),)
    return items


def _placed(model: PageModel, nums: _Numbers, t: ParamTable) -> Block:
    """The table as the page places it: alone, or under the list item that introduces it."""
    table = _table(model, nums, t)
    anchor = nums.item.get(id(t))
    if anchor is None:
        return table
    return ListItem(_item_label(model, t), (table,), anchor=anchor)


def _item_label(model: PageModel, t: ParamTable) -> str:
    """The row's name, or on Chinese pages sometimes "agency参数说明" (zh-md/iam)."""
    name = t.owner or ""
    return name + "参数说明" if model.lang == "zh" and model.flavor & 32 else name


def _caption(model: PageModel, nums: _Numbers, t: ParamTable) -> tuple[Seg, ...]:
    w = words_for(model.lang)
    if id(t) in nums.item:
        return ()
    if nums.link.get(id(t)) in (LINK_DOTTED, LINK_NAME):
        return (Seg("t", nums.path[id(t)]),)
    if nums.link.get(id(t)) == LINK_ORDER:  # the parent's own caption, under a number of its own
        return _caption(model, nums, nums.parent[id(t)])
    if t.kind != "nested" and model.style == "classic" and model.flavor & 8:
        return (Seg("t", w["param-desc"]),)
    if t.kind != "nested":
        return (Seg("t", w["caption"][(model.style, t.kind)]),)
    if model.style == "explorer":
        return (Seg("t", t.type_name or ""),)
    if t.owner in ARRAY_ROOTS.values():
        return (Seg("t", "Array element parameters" if model.lang == "en" else "数组元素参数说明"),)
    suffix = " field description" if model.lang == "en" else "字段数据结构说明"
    return (Seg("b", t.owner or ""), Seg("t", suffix))


def _table(model: PageModel, nums: _Numbers, t: ParamTable) -> TableBlock:
    w = words_for(model.lang)
    head: tuple[str, ...] = w["headers"][model.header_set % len(w["headers"])]
    header: tuple[str, ...]
    if not t.mandatory:
        header = (head[0], head[2], head[3])
    elif model.flavor & 16:
        header = (head[0], head[2], head[1], head[3])
    else:
        header = head
    rows = tuple(_row(model, nums, t, p) for p in t.params)
    return TableBlock(
        nums.number.get(id(t)),
        _caption(model, nums, t),
        nums.tid[id(t)],
        header,
        rows,
        t.kind,
        named=bool(t.type_name) and model.style == "explorer",
    )


def _row(model: PageModel, nums: _Numbers, t: ParamTable, p: Param) -> tuple[Cell, ...]:
    w = words_for(model.lang)
    name: Cell = (("p", _name_segs(nums, p)),)
    mandatory: Cell = (("p", (Seg("t", w["yes"] if p.required else w["no"]),)),)
    typ: Cell = (("p", _type_segs(model, nums, p)),)
    description = prose.description(model.lang, p, _see(model, nums, p))
    if not t.mandatory:
        return (name, typ, description)
    if model.flavor & 16:
        return (name, typ, mandatory, description)
    return (name, mandatory, typ, description)


def _name_segs(nums: _Numbers, p: Param) -> tuple[Seg, ...]:
    """The name; a link to the introducing list item (LINK_ITEM) or to the table (LINK_NAME)."""
    if p.child is not None and p.link == LINK_ITEM:
        return (Seg("ref", p.name, nums.item[id(p.child)]),)
    if p.child is not None and p.link == LINK_NAME:
        return (Seg("ref", p.name, nums.tid[id(p.child)]),)
    return (Seg("t", p.name),)


def _type_segs(model: PageModel, nums: _Numbers, p: Param) -> tuple[Seg, ...]:
    if p.child is not None and p.link in (LINK_ITEM, LINK_DOTTED, LINK_NAME, LINK_ORDER):
        return _unlinked_type(p)
    if p.type == "named-object" and p.child is not None:
        return (Seg("ref", p.child.type_name or "", nums.tid[id(p.child)]), Seg("t", " object"))
    if p.type == "named-array" and p.child is not None:
        return (
            Seg("t", "Array of "),
            Seg("ref", p.child.type_name or "", nums.tid[id(p.child)]),
            Seg("t", " objects"),
        )
    if p.type == "see-object":
        return (Seg("t", "Object"),)
    if p.type == "see-array":
        return (Seg("t", "Array of objects"),)
    return (Seg("t", p.type),)


def _unlinked_type(p: Param) -> tuple[Seg, ...]:
    """The Type cell of a row linked otherwise: "Object", or the schema name as plain
    text ("RoleAssignmentScope object", rst/iam), which names no table on the page."""
    array = p.type in ("named-array", "see-array")
    name = p.child.type_name if p.child is not None else None
    if name:
        return (Seg("t", f"Array of {name} objects" if array else f"{name} object"),)
    return (Seg("t", "Array of objects" if array else "Object"),)


def _see(model: PageModel, nums: _Numbers, p: Param) -> tuple[Seg, ...]:
    """ "For details, see Table N." on classic rows whose child table has no name."""
    if p.type not in ("see-object", "see-array") or p.child is None or p.link:
        return ()
    number = nums.number[id(p.child)]
    if model.lang == "zh":
        return (
            Seg("t", "详情请参见"),
            Seg("ref", f"表{number}", nums.tid[id(p.child)]),
            Seg("t", "。"),
        )
    ref = Seg("ref", f"Table {number}", nums.tid[id(p.child)])
    return (Seg("t", " For details, see "), ref, Seg("t", "."))


def _status_table(model: PageModel, nums: _Numbers) -> TableBlock:
    w = words_for(model.lang)
    rows = tuple(
        ((("p", (Seg("t", code),)),), (("p", (Seg("t", desc),)),))
        for code, desc in model.status_table
    )
    number = nums.status_number if model.style == "classic" else None
    caption = (Seg("t", w["status-caption"]),) if number else ()
    return TableBlock(number, caption, nums.status_tid, w["status-header"], rows, "status")
