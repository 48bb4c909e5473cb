"""A random API reference page, as data: the model the round trip starts from.

The property round trip (``tests/test_property_roundtrip.py``) draws a
:class:`PageModel` (:mod:`.strategies`), lays it out once (:mod:`.layout`),
renders it in each of the four page formats (``render_html``, ``render_rst``,
``render_markdown``, ``render_text``) and reads it back through the whole
pipeline. The expected schema is computed from this model, never from a
rendering, so the model says only what every format can say: names, type
phrases with a known meaning, Yes/No, defaults, enums and nested tables, and
how each object row reaches its child table (``Param.link``; the schema is the
same whichever way it is linked).

This module holds the model and nothing else: no drawing, no layout, no syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ARRAY_ROOTS",
    "LINK_DOTTED",
    "LINK_ITEM",
    "LINK_NAME",
    "LINK_ORDER",
    "LINK_TYPE",
    "NO_DEFAULT",
    "OBJECT_TYPES",
    "TYPE_MEANINGS",
    "Lang",
    "PageModel",
    "Param",
    "ParamTable",
    "Style",
    "walk_tables",
]

Lang = Literal["en", "zh"]
Style = Literal["classic", "explorer"]

#: The page gave no default (``None`` is never drawn as a default either).
NO_DEFAULT: Any = None

#: Type phrase key -> (JSON type, format, item type, item format). Object-like
#: keys ("named-object", "named-array", "see-object", "see-array") are written
#: with a reference to the child table; "Object" alone is free-form.
TYPE_MEANINGS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "String": ("string", None, None, None),
    "Integer": ("integer", None, None, None),
    "Long": ("integer", "int64", None, None),
    "Boolean": ("boolean", None, None, None),
    "Float": ("number", None, None, None),
    "Double": ("number", None, None, None),
    "Object": ("object", None, None, None),
    "Array of String": ("array", None, "string", None),
    "Array of Strings": ("array", None, "string", None),
    "Array of strings": ("array", None, "string", None),
    "Array of Long": ("array", None, "integer", "int64"),
    "[Long]": ("array", None, "integer", "int64"),
    "List<String>": ("array", None, "string", None),
    "named-object": ("object", None, None, None),
    "named-array": ("array", None, "object", None),
    "see-object": ("object", None, None, None),
    "see-array": ("array", None, "object", None),
}

#: The pseudo parameter of a body that is itself an array (VARIANTS.md §10).
ARRAY_ROOTS = {"en": "Array elements", "zh": "数组元素"}

#: How an object row reaches its child table (``Param.link``):
#: the existing forms (a reference in the Type cell on API-Explorer pages, "see
#: Table N" or a caption naming the row on classic pages) ...
LINK_TYPE = 0
#: ... a link in the parameter-name cell to a child table introduced by a list
#: item instead of a caption (rst/iam ``-  .. _docid__li153:`` / ``agency``,
#: zh-md ``-   <a name="li153"></a>agency参数说明``) ...
LINK_ITEM = 1
#: ... or no link at all: the child's caption is the dotted path of row names
#: (rst/iam "Table 5 role_assignments.user", zh-md/iam ``**表 5**  region.links``).
#: Only rows of nested tables have it: a top-level table has no name to dot.
LINK_DOTTED = 2
#: ... or a link in the parameter-name cell to the child table itself, captioned
#: with that path (rst/iam ``:ref:`role_assignments <docid__table1944…>``` to
#: "Table 4 role_assignments", zh-md/iam ``<a href="#table1857…">allow_user</a>``
#: to ``**表 5**  protect_policy.allow_user``).
LINK_NAME = 3
#: ... or nothing but order: the child table comes right after its parent's, under
#: the parent's own generic caption with a number of its own (zh-md/ces 查询配额:
#: three "**表 N**  响应参数" tables, ``quotas | Object`` then ``resources | Array of
#: objects`` then the resource's fields). Only a table's one object row can have it,
#: on classic pages, below a table captioned generically (a body, or another such child).
LINK_ORDER = 4

#: Keys whose row points at a child table.
OBJECT_TYPES = frozenset({"named-object", "named-array", "see-object", "see-array"})


@dataclass(frozen=True)
class Param:
    """One table row. ``required`` is None when the table has no Mandatory column."""

    name: str
    type: str
    required: bool | None
    text: str
    default: Any = NO_DEFAULT
    default_bold: bool = False
    default_own_para: bool = False
    enum: tuple[tuple[str, str], ...] = ()
    child: ParamTable | None = None
    #: How the description says it (see :mod:`.prose`): the default's phrasing,
    #: the enum's (bullets "V: meaning", a sentence, a label over bullets) and
    #: the bounds' (a sentence, or Minimum/Maximum lines).
    default_style: int = 0
    enum_style: int = 0
    #: (minimum or None, maximum): a value range for integers, lengths for strings.
    bounds: tuple[int | None, int] | None = None
    bounds_style: int = 0
    #: How the row links its child table: LINK_TYPE, LINK_ITEM, LINK_DOTTED, LINK_NAME or LINK_ORDER.
    #: Says nothing about the schema: every style describes the same tree.
    link: int = LINK_TYPE


@dataclass(frozen=True)
class ParamTable:
    """A parameter table. ``kind``: uri (path+query merged), path, query, header,
    request, response, nested. ``type_name`` names an API-Explorer schema table."""

    kind: str
    params: tuple[Param, ...]
    mandatory: bool
    type_name: str | None = None
    owner: str | None = None
    side: str = "request"


@dataclass(frozen=True)
class PageModel:
    lang: Lang
    style: Style
    doc_id: str
    title: str
    summary: str
    method: str
    path: str
    header_set: int
    uri_tables: tuple[ParamTable, ...]
    header: ParamTable | None
    request: ParamTable | None
    response: ParamTable | None
    status: str
    status_table: tuple[tuple[str, str], ...]
    table_base: int = 1000
    updated_line: bool = False
    #: Random bits for choices of spelling that carry no meaning: 1 blank
    #: lines between RST list items in a cell, 2 RST simple tables where no
    #: cell spans lines, 4 a label on every classic RST table, 8 generic
    #: "Parameter description"/"参数说明" captions on classic top-level tables,
    #: 16 the swapped column order Parameter | Type | Mandatory | Description,
    #: 32 on Chinese pages "agency参数说明" rather than "agency" as the list item
    #: introducing a LINK_ITEM table, 64 in HTML that item's text in a ``<p id>``
    #: (the link's target) rather than bare in an ``<li id>``.
    flavor: int = 0
    #: Forge chrome around an HTML page: 0 none, 1 the file-view header of
    #: seed 004, 2 the header and ``|`` gutter lines of seed 000.
    chrome: int = 0


def walk_tables(table: ParamTable) -> list[ParamTable]:
    """The table and its nested tables, depth first in row order (page order)."""
    out = [table]
    for p in table.params:
        if p.child is not None:
            out.extend(walk_tables(p.child))
    return out
