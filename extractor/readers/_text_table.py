"""Tables in plain text copied from a docs web page: one cell per line.

Copying a rendered table out of a browser leaves every cell on its own line,
blank lines between, and nothing else: no row boundaries, and a cell with
two paragraphs looks exactly like two cells. The only thing that delimits
the cells is the header, so this module carries a small column vocabulary
(``Parameter``/``参数``, ``Mandatory``/``是否必选``, ``Type``/``参数类型``,
``Description``/``说明`` ...) to find the header and count the columns, and
the vocabularies of the cells that resynchronise rows: a row opens with a
name that looks like an identifier, followed by Yes/No and a type word when
the table has those columns; the last column takes every line up to the next
row. This is format knowledge, not API knowledge, which is why it lives here
and not in the interpreter's column vocabulary: the interpreter still
decides what each column means from the header text this module returns.

Not responsible for headings, paragraphs or code around tables (see
:mod:`.text`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..diagnostics import DiagnosticSink
from ..model import Cell, Row, Span, Table

__all__ = [
    "HEADER_WORDS",
    "Line",
    "bullet_depth",
    "bullet_text",
    "caption_at",
    "header_at",
    "is_caption",
    "read_table",
]


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: its text (indentation kept) and original line number."""

    text: str
    number: int

    @property
    def s(self) -> str:
        return self.text.strip()


def _words(kind: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split("|"), kind)


#: Header words (lower case) -> the column kind that resynchronises rows.
HEADER_WORDS: dict[str, str] = {
    **_words(
        "name",
        "parameter|parameters|parameter name|name|field|attribute|status code|error code|"
        "http status code|code|参数|参数名|参数名称|名称|字段|字段名|状态码|错误码",
    ),
    **_words("mandatory", "mandatory|required|is mandatory|是否必选|必选|是否必填|必填"),
    **_words("type", "type|data type|parameter type|类型|参数类型|数据类型"),
    **_words(
        "text",
        "description|说明|描述|参数说明|error message|错误信息|错误描述|solution|处理措施|"
        "default|default value|默认值|value range|取值范围|example|示例|remarks|备注|value|取值|"
        "constraint|constraints|crud|约束",
    ),
}

_CAPTION = re.compile(r"^(?:Table\s+(\d+(?:[.-]\d+)*)|表\s*(\d+(?:[.-]\d+)*))\s*(.*)$")
_MANDATORY = re.compile(
    r"^(?:yes|no|是|否|true|false|optional|required|mandatory|必选|可选)\b", re.IGNORECASE
)
_TYPE_WORD = (
    r"(?:string|integer|int|int32|int64|long|boolean|bool|float|double|number|decimal|"
    r"bigdecimal|short|byte|object|json|map|list|array|date|datetime|timestamp|file|enum|"
    r"any|null|uuid|字符串|整数|整型|长整型|布尔|布尔型|数组|对象|浮点数?)"
)
_TYPE = re.compile(
    rf"^(?:{_TYPE_WORD}(?:\s*\(\d+\))?(?:\s*(?:\[\]|array))?"
    r"|(?:array|list)\s+of\s+.+|(?:list|array|map|set)\s*<.+>|\[.+\]"
    r"|[A-Z][\w.]*\s+objects?|(?:dict|dictionary|list)\s+data\s+structure.*)$",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[\w$@{\[<*~.-][\w.\-:/$@{}\[\]<>~*]*$")
_BULLET = re.compile(r"^(\s*)([•◦▪●○■])\s*")
#: Sub-list glyphs a browser uses when it copies nested lists.
_NESTED_GLYPHS = {"◦": 1, "○": 1, "▪": 2, "■": 2}
_STATUS_LINE = re.compile(r"^(?:status\s+code|状态码)\s*[:：]\s*\d{3}\b", re.IGNORECASE)
_MAX_NAME = 80

#: Says whether a line is a section heading (the page reader's knowledge).
HeadingTest = Callable[[str], bool]


def _kind(line: Line) -> str | None:
    return HEADER_WORDS.get(line.s.rstrip(":：").lower())


def caption_at(lines: Sequence[Line], i: int) -> tuple[str, str] | None:
    """``("4", "StartJobSubmission")`` when line ``i`` is a caption followed by a header."""
    match = _CAPTION.match(lines[i].s)
    if not match or not header_at(lines, i + 1):
        return None
    return match.group(1) or match.group(2), match.group(3).strip()


def header_at(lines: Sequence[Line], i: int) -> list[str]:
    """Column kinds of a header starting at ``i`` (at least two columns), else ``[]``.

    Header cells are capitalised vocabulary words, each at most once, and
    only the first names the rows: that keeps a first row named ``type`` or
    ``Description``-like words out of the header.
    """
    kinds: list[str] = []
    seen: set[str] = set()
    while i + len(kinds) < len(lines):
        line = lines[i + len(kinds)]
        kind = _kind(line)
        word = line.s.lower()
        if kind is None or word in seen or (kinds and kind == "name") or line.s[0].islower():
            break
        seen.add(word)
        kinds.append(kind)
    if len(kinds) < 2 or kinds[0] != "name":
        return []
    return kinds


def bullet_text(text: str) -> str | None:
    """The item text of a bullet line ("  • x"), else ``None``."""
    match = _BULLET.match(text)
    return text[match.end() :].strip() if match else None


def bullet_depth(text: str) -> int:
    """List depth of a bullet line: 1, or more for sub-list glyphs or deeper indentation."""
    match = _BULLET.match(text)
    if not match:
        return 0
    extra = _NESTED_GLYPHS.get(match.group(2), 0)
    return 1 + max(extra, (len(match.group(1).expandtabs(4)) - 2) // 4)


def _fits(kind: str, line: Line) -> bool:
    if kind == "mandatory":
        return bool(_MANDATORY.match(line.s))
    if kind == "type":
        return bool(_TYPE.match(line.s)) and len(line.s) <= 60
    return True


def is_caption(text: str) -> bool:
    """A "Table N Caption" line, header or not (a table cell never reads like that)."""
    match = _CAPTION.match(text)
    return bool(match and match.group(3) and len(text) <= 120 and not text.endswith((".", "。")))


def _ends_table(lines: Sequence[Line], i: int, is_heading: HeadingTest) -> bool:
    text = lines[i].s
    return bool(
        is_caption(text) or header_at(lines, i) or is_heading(text) or _STATUS_LINE.match(text)
        or _introduces_table(lines, i)
    )


def _introduces_table(lines: Sequence[Line], i: int) -> bool:
    """A list item right before a column header ("  • agency"): the next table's caption.

    Pages introduce a child table with a list item instead of a caption; in
    copied text that item follows the parent table's last cell directly, and a
    bullet of that cell is never followed by a header.
    """
    return bullet_text(lines[i].text) is not None and bool(header_at(lines, i + 1))


def _row_start(lines: Sequence[Line], i: int, kinds: Sequence[str]) -> bool:
    """Does a row open at ``i``: a name, then lines that fit the vocabulary columns?"""
    name = lines[i].s
    if bullet_text(lines[i].text) is not None or len(name) > _MAX_NAME:
        return False
    checked = 0
    for k in range(1, len(kinds)):
        if kinds[k] == "text":
            break
        if i + k >= len(lines):  # cut off at the end of the page: judge by what is there
            return checked > 0
        if not _fits(kinds[k], lines[i + k]):
            return False
        checked += 1
    if _NAME.match(name):
        return True
    return checked > 0 and not name.endswith((".", "。", ":", "："))


def _cell(lines: Sequence[Line], fallback: int, source: str) -> Cell:
    texts: list[str] = []
    items: list[str] = []
    for line in lines:
        item = bullet_text(line.text)
        if item is None:
            texts.append(line.s)
        elif item:
            items.append(item)
            texts.append("  " * (bullet_depth(line.text) - 1) + f"- {item}")
    return Cell(
        "\n".join(texts), Span(source, lines[0].number if lines else fallback), items=tuple(items)
    )


def _take_row(
    lines: Sequence[Line], i: int, kinds: Sequence[str], is_heading: HeadingTest
) -> tuple[list[list[Line]], int]:
    """Cells (as line lists) of the row starting at ``i``, and the index after it.

    A vocabulary cell that does not fit but fits the next vocabulary column
    was an empty cell (copying drops it): it is kept empty, nothing consumed.
    """
    cells: list[list[Line]] = [[lines[i]]]
    j = i + 1
    for k in range(1, len(kinds)):
        if j >= len(lines) or _ends_table(lines, j, is_heading):
            break
        nxt = kinds[k + 1] if k + 1 < len(kinds) else None
        if kinds[k] != "text":
            skip = (
                not _fits(kinds[k], lines[j]) and nxt not in (None, "text") and _fits(nxt, lines[j])
            )
            cells.append([] if skip else [lines[j]])
            j += 0 if skip else 1
            continue
        if nxt == "text":
            cells.append([lines[j]])
            j += 1
            continue
        cell, j = _absorb(lines, j, kinds, nxt, is_heading)
        cells.append(cell)
    return cells, j


def _absorb(
    lines: Sequence[Line], j: int, kinds: Sequence[str], stop: str | None, is_heading: HeadingTest
) -> tuple[list[Line], int]:
    """A free-text cell: lines up to the next vocabulary cell, next row or table end."""
    cell: list[Line] = [lines[j]]
    j += 1
    while j < len(lines) and not _ends_table(lines, j, is_heading):
        if (stop and _fits(stop, lines[j])) or (not stop and _row_start(lines, j, kinds)):
            break
        cell.append(lines[j])
        j += 1
    return cell, j


def _row(cells: list[list[Line]], width: int, source: str, sink: DiagnosticSink) -> Row:
    """A model Row, padded with empty cells (and reported) when the page ran out."""
    first = cells[0][0]
    if len(cells) < width:
        sink.warning(
            "text-row-short",
            f"row {first.s!r} has {len(cells)} of {width} cells; padded with empty cells",
            Span(source, first.number),
        )
    built = [_cell(c, first.number, source) for c in cells]
    built += [Cell("", Span(source, first.number))] * (width - len(cells))
    return Row(tuple(built), Span(source, first.number))


def read_table(
    lines: Sequence[Line],
    i: int,
    source: str,
    sink: DiagnosticSink,
    is_heading: HeadingTest,
    caption: tuple[str, str] | None = None,
) -> tuple[Table, int]:
    """The table whose header starts at ``i`` (after any caption line), and the index after it."""
    kinds = header_at(lines, i)
    start = lines[i - 1].number if caption else lines[i].number
    header = tuple(Cell(line.s, Span(source, line.number)) for line in lines[i : i + len(kinds)])
    j = i + len(kinds)
    rows: list[Row] = []
    while j < len(lines) and not _ends_table(lines, j, is_heading):
        if rows and not _row_start(lines, j, kinds):
            sink.warning(
                "text-table-stray",
                f"line not placed in any cell: {lines[j].s[:60]!r}",
                Span(source, lines[j].number),
            )
            j += 1
            continue
        cells, j = _take_row(lines, j, kinds, is_heading)
        rows.append(_row(cells, len(kinds), source, sink))
    number, text = caption if caption else (None, "")
    return Table(text, header, tuple(rows), Span(source, start), number=number), j
