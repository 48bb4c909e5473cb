"""Classify every table of a page and read its rows into raw parameter rows.

A table's meaning comes from three places, in order of trust: its header
(parameter table, status-code table, error-code table, or something else),
its caption ("Path Parameters", "Table 4 StartJobSubmission", "nics field
description") and the section it stands in. This module records all three in
a :class:`TableInfo`; linking tables to each other is :mod:`.linking`'s job
and building Fields is :mod:`.fields`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..diagnostics import DiagnosticSink
from ..model import Cell, Row, Span, Table, TypeRef
from . import columns, mandatory, roles, types
from .sections import Context

__all__ = ["RawRow", "TableInfo", "classify_tables", "ARRAY_ROOT_NAMES", "BODY_ROOT_NAMES"]

#: Pseudo parameter names that mean "the body itself is an array". A bare ``items`` is
#: not one: it is a real field name (``items | Array of ExceptRuleBo`` among siblings on
#: rst/dws and rst/dli pages, the SDKs' ``items`` property); the pseudo row is spelt
#: with brackets (``[items]``, rst/swr and rst/ces).
ARRAY_ROOT_NAMES = frozenset(
    {"array elements", "array element", "数组元素", "-"}
    | {f"[{n}]" for n in ("items", "array", "数组", "array element", "array elements", "数组元素")}
    | {"*[数组]*"}
)

#: Names of a row that stands for the whole body when it is the body's only row
#: (zh-md/functiongraph lists ``Body`` after the ``X-Cff-*`` response headers).
BODY_ROOT_NAMES = frozenset({"body", "响应体", "请求体", "消息体"})

_SECTION_TO_ROLE = {
    "uri": "path",
    "request": "request",
    "response": "response",
    "status-codes": "status",
    "error-codes": "error-codes",
}


@dataclass(slots=True)
class RawRow:
    """One parameter row, read but not yet linked to child tables."""

    name: str
    type: TypeRef
    span: Span
    required: bool | None = None
    required_note: str | None = None
    type_cell: Cell | None = None
    description: Cell | None = None
    name_cell: Cell | None = None

    @property
    def is_array_root(self) -> bool:
        return " ".join(self.name.split()).lower() in ARRAY_ROOT_NAMES

    @property
    def names_the_body(self) -> bool:
        """``Body | JSON | 函数执行结果`` beside the response headers: the row is the body itself."""
        return " ".join(self.name.split()).lower() in BODY_ROOT_NAMES


@dataclass(slots=True)
class TableInfo:
    """A table with what the page says it is."""

    table: Table
    kind: str
    role: str
    section: str | None
    status: str | None
    name: str | None = None
    rows: list[RawRow] = field(default_factory=list)
    status_rows: list[tuple[str, str, Span]] = field(default_factory=list)
    referenced: bool = False
    heading: str = ""
    heading_anchor: str | None = None
    #: The scalar row whose description points at this table for one of its values (its rows join that
    #: row's object) or for all of them (role ``values``: its rows are values, not fields).
    value_of: str | None = None

    @property
    def label(self) -> str:
        number = f"Table {self.table.number} " if self.table.number else ""
        return (number + self.table.caption).strip() or f"table at line {self.table.span.line}"


def classify_tables(
    tables: list[tuple[Table, Context]], sink: DiagnosticSink
) -> list[TableInfo]:
    return [_classify(table, ctx, sink) for table, ctx in tables]


def _classify(table: Table, ctx: Context, sink: DiagnosticSink) -> TableInfo:
    header = [c.text for c in table.header]
    body = [[c.text for c in r.cells] for r in table.rows]
    rows = table.rows
    if header:
        cols = columns.classify_header(header)
        if cols.kind == "other":
            cols = columns.name_column_by_content(header, body) or cols
    elif (first := columns.first_row_header(body)) is not None:
        cols, rows = first, rows[1:]
    else:
        cols = columns.classify_headerless(body)
    caption_role = roles.classify_caption(table.caption) if table.caption.strip() else None
    info = TableInfo(table, cols.kind, "other", ctx.section, ctx.status, heading=ctx.heading,
                     heading_anchor=ctx.heading_anchor)
    if cols.kind == "status":
        info.role = "status"
        info.status_rows = _status_rows(table, cols)
    elif cols.kind == "error-codes":
        info.role = "error-codes"
    elif cols.kind == "params":
        info.role, info.name = _param_role(caption_role, ctx)
        if caption_role is not None and caption_role.role in _REQUEST_PARTS and info.role != caption_role.role:
            sink.warning("caption-section-conflict",
                         f"{info.label}: the caption names a part of the request, but the table stands "
                         f"under the response heading {ctx.heading!r}; read as the response", table.span)
        info.rows = [part for r in (_raw_row(row, cols, sink) for row in rows) if r
                     for part in _combined(r)]
    return info


#: Caption roles naming a part of the request, which a table under a response heading cannot be.
_REQUEST_PARTS = {"path": "response", "query": "response", "request": "response", "header": "response-header"}


def _param_role(caption_role: roles.CaptionRole | None, ctx: Context) -> tuple[str, str | None]:
    """Caption first, then the section; a named table stays named whatever its section.

    A caption naming a part of the request under a response heading is a
    copy-paste slip (zh-md/dws 创建容灾.md captions its response table
    路径参数, "path parameters", whose one row ``disaster_recovery`` is in no
    path): the response section wins, and the table reads as the response
    (its headers, for a header caption).
    """
    if caption_role is not None and caption_role.role not in ("generic", "status", "error-codes"):
        if caption_role.role == "named":
            return "named", caption_role.name
        if caption_role.role == "body" and ctx.section == "response":
            return "response", None
        if caption_role.role in _REQUEST_PARTS and ctx.section == "response":
            return _REQUEST_PARTS[caption_role.role], None
        return caption_role.role, caption_role.name
    role = _SECTION_TO_ROLE.get(ctx.section or "", None)
    if role in (None, "status", "error-codes"):
        return ("response" if ctx.status else "unplaced"), None
    return role, None


def _cell(row: Row, index: int | None) -> Cell | None:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


_NAME_NOISE = re.compile(r"^[\s*`]+|(?<![\s*`])[\s*`]+$")  # (?<!) keeps it linear


#: "protocol _id", "scaling_ configuration _id": blanks beside an underscore are typos.
_BLANK_BY_UNDERSCORE = re.compile(r"[ \t]++(?=_)|(?<=_)[ \t]++")


def _clean_name(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return _BLANK_BY_UNDERSCORE.sub("", _NAME_NOISE.sub("", first).strip())


def _raw_row(row: Row, cols: columns.ColumnMap, sink: DiagnosticSink) -> RawRow | None:
    name_cell = _cell(row, cols.name)
    if name_cell is None or not name_cell.text.strip():
        if row.cells and any(c.text.strip() for c in row.cells):
            sink.warning("row-without-name", "table row has no parameter name", row.span)
        return None
    type_cell = _cell(row, cols.type)
    mand_cell = _cell(row, cols.mandatory)
    type_text = type_cell.text.strip() if type_cell else ""
    mand_text = mand_cell.text.strip() if mand_cell else ""
    required, note = mandatory.parse_required(mand_text) if mand_cell else (None, None)
    if type_cell is not None and mand_cell is not None and _swapped(type_text, mand_text):
        sink.warning(
            "cells-swapped",
            f"Type cell {type_text!r} and Mandatory cell {mand_text!r} look swapped; read as swapped",
            row.span,
        )
        type_text, mand_text = mand_text, type_text
        required, note = mandatory.parse_required(mand_text)
    typ = types.parse_type(type_text) if type_cell is not None else TypeRef("any", raw="", known=True)
    return RawRow(
        name=_clean_name(name_cell.text),
        type=typ,
        span=row.span,
        required=required,
        required_note=note,
        type_cell=type_cell,
        description=_cell(row, cols.description),
        name_cell=name_cell,
    )


#: "max/min/average/sum/variance": one row for several fields of one type.
_COMBINED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)+")


def _combined(row: RawRow) -> list[RawRow]:
    """A row naming several plain fields joined by ``/`` documents each of them.

    Names with a dot or other punctuation (``kubernetes.io/cpuManagerPolicy``,
    ``alpha.cce/NodeImageID``) are literal keys and stay one field.
    """
    if not _COMBINED.fullmatch(row.name):
        return [row]
    return [replace(row, name=part) for part in dict.fromkeys(row.name.split("/"))]


def _swapped(type_text: str, mand_text: str) -> bool:
    """A Mandatory cell holding a type and a Type cell holding Yes/No."""
    if not type_text or not mand_text:
        return False
    type_as_required, _ = mandatory.parse_required(type_text)
    mand_as_type = types.parse_type(mand_text)
    return type_as_required is not None and mand_as_type.known and not types.parse_type(type_text).known


_STATUS_CODE = re.compile(r"\b([1-5]\d\d)\b")


def _status_rows(table: Table, cols: columns.ColumnMap) -> list[tuple[str, str, Span]]:
    out: list[tuple[str, str, Span]] = []
    for row in table.rows:
        code_cell = _cell(row, cols.status)
        if code_cell is None:
            continue
        match = _STATUS_CODE.search(code_cell.text)
        if not match:
            continue
        desc_cell = _cell(row, cols.description) or _cell(row, cols.message)
        out.append((match.group(1), desc_cell.text.strip() if desc_cell else "", row.span))
    return out
