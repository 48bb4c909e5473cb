"""What the columns of a table hold, from its header row (VARIANTS.md §5).

The same table is headed "Parameter | Mandatory | Type | Description",
"参数 | 是否必选 | 参数类型 | 描述", "Name | Type | Mandatory | Description"
(swapped order) or "名称 | 是否必选 | 说明" (no type). :func:`classify_header`
finds each column by its vocabulary, in any order, and says what kind of
table it is: a parameter table, a status-code table, an error-code table, or
something else (permissions, metrics, enum value lists) that the interpreter
must leave alone. :func:`classify_headerless` does the same from cell
contents for the few tables with no header row, and says 'other' when unsure.

Decisions:

* 是否可选 is read as a Mandatory column with the usual meaning (see
  ``vocab/columns.json``: the corpus answers it exactly like 是否必选).
* A column that repeats a role already seen (名称 | 含义 | 说明 has two
  description columns) or that the vocabulary does not know counts as
  unknown; a table with unknown columns and neither Type nor Mandatory is an
  enum/value list, not a parameter table.

Not responsible for what the table means on the page (caption, section):
that is :mod:`.roles` and the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from . import mandatory, types, vocab

__all__ = ["ColumnMap", "classify_header", "classify_headerless", "first_row_header", "name_column_by_content"]

Kind = Literal["params", "status", "error-codes", "other"]

# (?<!...) lets only the start of the last run try the tail: linear on long cells.
_EDGE_NOISE = re.compile(r"^[\W_]+|(?<![\W_])[\W_]+$")
_STATUS_CODE = re.compile(r"^[1-5]\d\d$")
_IDENT = re.compile(r"^[A-Za-z_@${\[*][\w.:/@${}\[\]*~<>-]*$")


@dataclass(frozen=True)
class ColumnMap:
    """Column indexes by role; ``None`` when the table has no such column.

    ``code`` is the error-code column of an error-code table; ``default``,
    ``example`` and ``constraint`` are the rarer extra columns
    ("Default Value", 示例, "Constraint") that some parameter tables carry.
    """

    kind: Kind
    name: int | None = None
    mandatory: int | None = None
    type: int | None = None
    description: int | None = None
    status: int | None = None
    message: int | None = None
    code: int | None = None
    default: int | None = None
    example: int | None = None
    constraint: int | None = None


OTHER = ColumnMap("other")


def _column_role(cell: str) -> str | None:
    key = vocab.fold_compact(_EDGE_NOISE.sub("", cell))
    return vocab.table("columns", "columns", compact=True).get(key)


def _is_other_marker(cell: str) -> bool:
    key = vocab.fold_compact(_EDGE_NOISE.sub("", cell))
    return key in vocab.words("columns", "other_markers", compact=True)


def classify_header(header: Sequence[str]) -> ColumnMap:
    """Kind and column indexes from the header cells' texts."""
    if any(_is_other_marker(cell) for cell in header):
        return OTHER
    found: dict[str, int] = {}
    unknown = 0
    for index, cell in enumerate(header):
        role = _column_role(cell)
        if role is None or role in found:
            unknown += 1
        else:
            found[role] = index
    return _decide(found, unknown)


def _decide(found: dict[str, int], unknown: int) -> ColumnMap:
    fields = {k: v for k, v in found.items() if k != "solution"}
    if "code" in found:
        return ColumnMap("error-codes", **_only(fields, "code", "status", "message", "description"))
    if "status" in found and not {"name", "type", "mandatory"} & found.keys():
        if {"description", "message"} & found.keys():
            return ColumnMap("status", **_only(fields, "status", "message", "description"))
        return OTHER
    if "name" in found and ({"type", "mandatory"} & found.keys()):
        return ColumnMap("params", **_only(fields, *_PARAM_ROLES))
    if "name" in found and "description" in found and unknown == 0:
        return ColumnMap("params", **_only(fields, *_PARAM_ROLES))
    return OTHER


_PARAM_ROLES = ("name", "mandatory", "type", "description", "default", "example", "constraint")


def _only(found: dict[str, int], *roles: str) -> dict[str, int]:
    return {role: found[role] for role in roles if role in found}


def name_column_by_content(header: Sequence[str], rows: Sequence[Sequence[str]]) -> ColumnMap | None:
    """A parameter table whose name column has a header the vocabulary does not know.

    "名 | 是否必选 | 参数类型 | 说明" (zh-md/ces: 名称 cut short): every other column is a
    known parameter column, Type or Mandatory among them, and the one unknown column
    holds identifiers. ``None`` for anything less certain.
    """
    if any(_is_other_marker(cell) for cell in header):
        return None
    found: dict[str, int] = {}
    unknown: list[int] = []
    for index, cell in enumerate(header):
        role = _column_role(cell)
        if role is None or role in found:
            unknown.append(index)
        else:
            found[role] = index
    if "name" in found or len(unknown) != 1 or not {"type", "mandatory"} & found.keys():
        return None
    column = [r[unknown[0]].strip() if unknown[0] < len(r) else "" for r in rows]
    if _share(column, _IDENT.match) < _SURE:
        return None
    return ColumnMap("params", name=unknown[0], **_only(found, *_PARAM_ROLES[1:]))


def first_row_header(rows: Sequence[Sequence[str]]) -> ColumnMap | None:
    """The map when a table's first body row is really its header row.

    Some RST simple tables and pipe tables lose their header separator; then
    the first row reads "Parameter | Type | Description". The caller should
    skip that row when this returns a map.
    """
    if not rows:
        return None
    found = classify_header(rows[0])
    return None if found.kind == "other" else found


def _share(column: list[str], test: Callable[[str], object]) -> float:
    """The share of non-empty cells that pass ``test``."""
    cells = [c for c in column if c.strip()]
    if not cells:
        return 0.0
    return sum(1 for c in cells if test(c)) / len(cells)


def _is_type_word(cell: str) -> bool:
    parsed = types.parse_type(cell)
    return parsed.known and (parsed.base != "any" or parsed.ref is None)


def _is_yes_no(cell: str) -> bool:
    return len(cell.strip()) <= 12 and mandatory.parse_required(cell)[0] is not None


_SURE = 0.8


def _first_column(columns: list[list[str]], test: Callable[[str], object]) -> int | None:
    """The first column after the name column whose cells (almost) all pass ``test``."""
    return next((j for j in range(1, len(columns)) if _share(columns[j], test) >= _SURE), None)


def classify_headerless(rows: Sequence[Sequence[str]]) -> ColumnMap:
    """Guess the columns of a header-less table from what its cells hold.

    A parameter table needs a first column of identifiers and another column
    that is (almost) all type words or all Yes/No; a status table a first
    column of HTTP codes. Anything less certain is 'other'.
    """
    width = max((len(r) for r in rows), default=0)
    if width < 2 or not rows:
        return OTHER
    columns = [[r[j].strip() if j < len(r) else "" for r in rows] for j in range(width)]
    if _share(columns[0], _STATUS_CODE.match) >= _SURE:
        return ColumnMap("status", status=0, description=width - 1)
    if _share(columns[0], _IDENT.match) < _SURE:
        return OTHER
    type_col = _first_column(columns, _is_type_word)
    mand_col = _first_column(columns, _is_yes_no)
    if type_col is None and mand_col is None:
        return OTHER
    rest = [j for j in range(1, width) if j not in (type_col, mand_col)]
    desc = max(rest, key=lambda j: sum(len(c) for c in columns[j]), default=None)
    return ColumnMap("params", name=0, mandatory=mand_col, type=type_col, description=desc)
