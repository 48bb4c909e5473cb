"""The plain-text reader: a docs web page copied as text, to a :class:`~docconform.extractor.model.Page`.

Copied text keeps no markup, so every block is recognised by what its lines
look like:

* the page title is the line after "Updated on …" (else the first line, when
  it reads like a title): a level-1 heading; the date goes to ``meta``;
* section titles ("Function", "URI", "Request Parameters", "Example
  Responses", "Status Codes", 请求参数 …) and other short Title Case lines are
  level-2 headings. The few section names are format knowledge (the only
  mark a heading has in this format), kept here for that reason;
* "Table N caption" lines and column headers open tables (:mod:`._text_table`);
* ``{``/``[`` lines open JSON, which runs until its brackets balance: a Code
  block, together with a request line just before it. In an example section a
  request line alone is a Code block too (the site shows it in a code box);
  elsewhere a ``METHOD /path`` line is a paragraph;
* "•" lines are list items; every other line is a paragraph.

Not responsible for what tables or sections mean (the interpreter's job).
"""

from __future__ import annotations

import json
import re

from ..diagnostics import DiagnosticSink
from ..model import Block, Code, Heading, Page, Para, Span, Table
from ._chrome import strip_chrome
from ._lang import guess_lang
from ._text_table import (
    Line,
    bullet_depth,
    bullet_text,
    caption_at,
    header_at,
    is_caption,
    read_table,
)

__all__ = ["read_text"]

_UPDATED = re.compile(r"^(?:Updated on|Last updated|更新时间)\s*+[:：]?\s*+(.*)$", re.IGNORECASE)
# fmt: off
_SECTIONS = frozenset({
    "function", "functions", "calling method", "uri", "request", "response",
    "request parameters", "response parameters", "request parameter", "response parameter",
    "example request", "example requests", "example response", "example responses",
    "request example", "response example", "examples", "example", "status codes", "error codes",
    "returned values", "sdk sample code", "debugging", "authorization information",
    "constraints", "request body", "response body",
    "功能介绍", "调用方法", "请求参数", "响应参数", "请求示例", "响应示例",
    "请求样例", "响应样例", "示例", "状态码", "错误码", "sdk代码示例", "调试",
    "授权信息", "约束与限制", "接口约束", "请求消息", "响应消息", "请求", "响应", "返回值",
})
# fmt: on
_EXAMPLE_SECTION = re.compile(r"example|示例|样例", re.IGNORECASE)
#: A line that opens JSON: a bracket alone or followed by what JSON puts there.
_JSON_START = re.compile(r'^[\[{]\s*(?:$|["{\[\d-]|true\b|false\b|null\b)')
_REQUEST_LINE = re.compile(r"^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+\S+$")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "with",
    ]
)
_TITLE_WORD = re.compile(r"^[A-Z][A-Za-z-]*$")


#: Section titles that also occur as a line inside a table cell ("Examples"
#: before a cell's examples, "Constraints:" blocks): headings outside tables,
#: but they end no table.
_IN_CELLS = frozenset({"example", "examples", "示例", "constraints"})
_QUALIFIER = re.compile(r"(?<!\s)\s*[(（][^()（）]*[)）]$")  # (?<!\s): linear on long blanks


def _section_key(text: str) -> str:
    """ "Example Request (Importing an SSH Key)" -> "example request"."""
    return _QUALIFIER.sub("", text.strip().rstrip(":：")).lower()


def is_section(text: str) -> bool:
    """A known section title, possibly qualified in parentheses."""
    return _section_key(text) in _SECTIONS


def _ends_table(text: str) -> bool:
    """Section titles and request lines end a table; "Label:" lines never do."""
    text = text.strip()
    if text.endswith((":", "：")):
        return False
    key = _section_key(text)
    return (key in _SECTIONS and key not in _IN_CELLS) or bool(_REQUEST_LINE.match(text))


def is_heading(text: str) -> bool:
    """A known section title, or (outside tables) a short Title Case line of words only."""
    text = text.strip()
    if is_section(text):
        return True
    words = text.split()
    if not 2 <= len(words) <= 6 or not _TITLE_WORD.match(words[0]):
        return False
    return all(_TITLE_WORD.match(w) or w in _SMALL_WORDS for w in words) and not all(
        w.isupper() for w in words
    )


def _is_title(text: str) -> bool:
    return len(text) <= 120 and not text.endswith((".", "。", ":", "：", ",", "，"))


def _json_end(raw: list[str], start: int) -> int | None:
    """Index of the line where the JSON opened at ``start`` balances, else ``None``."""
    depth = 0
    in_string = escaped = False
    for i in range(start, len(raw)):
        for ch in raw[i]:
            if escaped:
                escaped = False
            elif in_string:
                escaped = ch == "\\"
                in_string = ch != '"'
            elif ch == '"':
                in_string = True
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
        if depth <= 0:
            return i
    return None


class _Reader:
    """Walks the non-blank lines once, appending blocks."""

    def __init__(self, text: str, source: str, sink: DiagnosticSink) -> None:
        cleaned, self.line_map = strip_chrome(text)
        self.raw = cleaned.split("\n")
        self.lines = [Line(t, self.line_map[k]) for k, t in enumerate(self.raw) if t.strip()]
        self.index = [k for k, t in enumerate(self.raw) if t.strip()]
        self.source, self.sink = source, sink
        self.blocks: list[Block] = []
        self.meta: list[tuple[str, str]] = []
        self.section = ""

    def span(self, i: int) -> Span:
        return Span(self.source, self.lines[i].number)

    def run(self) -> None:
        i = self._title(0)
        while i < len(self.lines):
            i = self._step(i)

    def _title(self, i: int) -> int:
        """Level-1 heading for the line after "Updated on …" (found near the top), else line 0."""
        updated = next(
            (k for k in range(min(5, len(self.lines))) if _UPDATED.match(self.lines[k].s)), None
        )
        if updated is not None:
            for k in range(updated):
                self.blocks.append(Para(self.lines[k].s, self.span(k)))
            match = _UPDATED.match(self.lines[updated].s)
            self.meta.append(("updated", match.group(1).strip() if match else ""))
            i = updated + 1
        if i < len(self.lines) and _is_title(self.lines[i].s) and not self._special(i):
            self.blocks.append(Heading(1, self.lines[i].s, self.span(i)))
            self.meta.append(("title", self.lines[i].s))
            i += 1
        return i

    def _special(self, i: int) -> bool:
        """Is line ``i`` a known section, a table or JSON rather than the page title?"""
        s = self.lines[i].s
        table = caption_at(self.lines, i) or header_at(self.lines, i)
        return bool(is_section(s) or table or _JSON_START.match(s))

    def _step(self, i: int) -> int:
        line = self.lines[i]
        caption = caption_at(self.lines, i)
        if caption or header_at(self.lines, i):
            table, end = read_table(
                self.lines, i + (1 if caption else 0), self.source, self.sink, _ends_table, caption
            )
            self._add_table(table)
            return end
        if is_caption(line.s):
            self.sink.info(
                "text-table-unknown-header",
                f"no known column header after {line.s[:60]!r}",
                self.span(i),
            )
        elif is_heading(line.s):
            self.blocks.append(Heading(2, line.s, self.span(i)))
            self.section = line.s
            return i + 1
        if _JSON_START.match(line.s) or _REQUEST_LINE.match(line.s):
            after_code = self._code(i)
            if after_code is not None:
                return after_code
        item = bullet_text(line.text)
        if item is not None:
            self.blocks.append(Para(item, self.span(i), bullet=True, depth=bullet_depth(line.text)))
        else:
            self.blocks.append(Para(line.s, self.span(i)))
        return i + 1

    def _add_table(self, table: Table) -> None:
        if not table.rows:
            self.sink.warning("text-table-empty", "table header without rows", table.span)
        self.blocks.append(table)

    def _code(self, i: int) -> int | None:
        """A Code block opened at line ``i`` (JSON, or request line [+ JSON]); index after it."""
        first = i
        if _REQUEST_LINE.match(self.lines[i].s):
            nxt = self.lines[i + 1].s if i + 1 < len(self.lines) else ""
            if _JSON_START.match(nxt):
                i += 1
            elif _EXAMPLE_SECTION.search(self.section):
                self.blocks.append(Code(self.lines[i].s, self.span(i)))
                return i + 1
            else:
                return None
        start = self.index[i]
        found = _json_end(self.raw, start)
        if found is not None and found == start and first == i and not _parses(self.raw[start]):
            return None
        end = self._unbalanced_end(i) if found is None else found
        if found is None:
            self.sink.warning(
                "text-json-unbalanced", "JSON block never closes its brackets", self.span(i)
            )
        text = "\n".join(self.raw[self.index[first] : end + 1]).strip("\n")
        self.blocks.append(Code(text, self.span(first)))
        return next((k for k, raw_k in enumerate(self.index) if raw_k > end), len(self.lines))

    def _unbalanced_end(self, i: int) -> int:
        """Raw index of the last line before the next heading (or the end)."""
        for k in range(i + 1, len(self.lines)):
            if is_section(self.lines[k].s):
                return self.index[k - 1]
        return len(self.raw) - 1


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    except RecursionError:  # brackets nested past the decoder's depth: JSON in form, not prose
        return True
    return True


def read_text(text: str, source: str, sink: DiagnosticSink) -> Page:
    """Read plain text copied from a docs page; problems go to ``sink``."""
    reader = _Reader(text, source, sink)
    if not reader.lines:
        sink.warning("text-empty", "no text in the page", Span(source, 1))
    reader.run()
    return Page(source, "text", guess_lang(text), tuple(reader.blocks), tuple(reader.meta))
