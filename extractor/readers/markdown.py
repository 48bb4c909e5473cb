"""Markdown reader: a Huawei Cloud (Chinese) API page -> a :class:`~docconform.extractor.model.Page`.

markdown-it-py (CommonMark plus GFM pipe tables) tokenizes; this module walks
the token stream into the flat block stream of the model, using each block
token's source map for its line. The pages embed raw HTML tables: those
``html_block`` tokens go to the shared HTML block parser
(:func:`._html_blocks.html_blocks`), never parsed a second way here.

Page conventions it knows: heading anchors written as a trailing
``<a name="x"></a>``; a caption paragraph ``**表 2**  请求参数说明`` and an
anchor paragraph ``<a name="t1"></a>`` before a table, both attached to that
table (the caption paragraph is not emitted as a Para when a table takes it;
an orphan caption is). Unclosed code fences are reported
(``md-unclosed-fence``); one that swallows a later ``##`` heading is closed
before it so the rest of the page is still read.

It is NOT responsible for the HTML inside tables, nor for what blocks mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from ..diagnostics import DiagnosticSink
from ..model import Block, Cell, Code, Heading, Page, Para, Ref, Row, Span, Table
from . import _md_depth
from ._html_blocks import html_blocks
from ._lang import guess_lang

__all__ = ["read_markdown"]

_CAPTION = re.compile(r"^(?:表|Table)\s*(\d+(?:[.-]\d+)*)\s*[:.：]?\s*(.*)$", re.DOTALL)
_NAME_ATTR = re.compile(r"""<a\s[^>]*?\b(?:name|id)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HREF_ATTR = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_SWALLOWED_HEADING = re.compile(r"^#{1,6}\s+\S")
_TAG = re.compile(r"<[^>]*>")
_CJK_EDGE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_parser: MarkdownIt | None = None


def _md() -> MarkdownIt:
    """CommonMark + pipe tables; blocks may nest MAX_NESTING deep, inlines 20 as in the preset.

    Only block nesting is raised (see :mod:`._md_depth`): the inline parser's
    work on runs of ``[`` grows with its own limit, so inlines are parsed by a
    parser that keeps the preset's.
    """
    global _parser
    if _parser is None:
        inlines = MarkdownIt("commonmark").enable("table")

        def inline(state: StateCore) -> None:
            for token in state.tokens:
                if token.type == "inline":
                    if token.children is None:
                        token.children = []
                    inlines.inline.parse(token.content, inlines, state.env, token.children)

        parser = MarkdownIt("commonmark", {"maxNesting": _md_depth.MAX_NESTING}).enable("table")
        parser.core.ruler.at("inline", inline)
        _parser = parser
    return _parser


def read_markdown(text: str, source: str, sink: DiagnosticSink) -> Page:
    """Parse one page; unclosed fences go to ``sink`` as ``md-unclosed-fence``."""
    lines = text.split("\n")
    walker = _Walker(source, sink)
    walker.walk(_tokens(lines, source, sink))
    walker.flush()
    meta = tuple(("anchor", a) for a in walker.title_anchor[:1])
    lang = guess_lang(_without_tags(text))
    return Page(source, "markdown", lang, tuple(walker.blocks), meta)


def _without_tags(text: str) -> str:
    """``_TAG.sub(" ", text)``; past the last ``>`` no tag can close, and there each ``<``
    would scan to the end of the page (quadratic on a page full of ``<``), so that part
    is left as it is."""
    end = text.rfind(">") + 1
    return _TAG.sub(" ", text[:end]) + text[end:]


# ------------------------------------------------------------------ tokens


def _fence_closed(tok: Token, lines: list[str]) -> bool:
    assert tok.map is not None
    last = tok.map[1] - 1
    if last <= tok.map[0] or last >= len(lines):
        return False
    closing = re.sub(r"^[\s>]*", "", lines[last]).rstrip()
    char = tok.markup[:1]
    return len(closing) >= len(tok.markup) and closing == char * len(closing)


def _swallowed_heading(tok: Token, lines: list[str], closed: bool) -> int | None:
    """The 0-based line of a page heading inside a fence, if the fence ate one.

    In an unclosed fence any ``##`` line counts; in a closed one (closed by
    the fence meant to open the next example) only a heading with the
    ``<a name>`` anchor every page heading carries, since code has ``#`` too.
    """
    assert tok.map is not None
    for n in range(tok.map[0] + 1, min(tok.map[1], len(lines))):
        if _SWALLOWED_HEADING.match(lines[n]) and (not closed or _NAME_ATTR.search(lines[n])):
            return n
    return None


def _tokens(lines: list[str], source: str, sink: DiagnosticSink) -> list[Token]:
    """Tokens of the page; a fence that swallows a heading is cut before it.

    Parsing the rest again behind ``start`` blank lines keeps every source map
    absolute.
    """
    out: list[Token] = []
    start = 0
    flattened = False
    while True:
        tokens = _md().parse("\n" * start + "\n".join(lines[start:]))
        deep = None if flattened else _md_depth.truncated(tokens)
        if deep is not None:  # the rest of the page was skipped: read it cut back to a depth
            sink.warning("md-too-deep",
                         f"lists or quotes nested too deeply to parse (container prefix wider "
                         f"than {_md_depth.MAX_PREFIX} columns): deeper lines are read at that "
                         "depth", Span(source, deep + 1))
            lines = lines[:start] + _md_depth.flatten(lines[start:])
            flattened = True
            continue
        cut = None
        for tok in tokens:
            if tok.type != "fence" or tok.map is None:
                continue
            closed = _fence_closed(tok, lines)
            cut = _swallowed_heading(tok, lines, closed)
            if closed and cut is None:
                continue
            where = f"before the heading at line {cut + 1}" if cut else f"at line {tok.map[1]}"
            sink.warning("md-unclosed-fence",
                         f"code fence is never closed; its code block ends {where}",
                         Span(source, tok.map[0] + 1))
            if cut is not None:
                break
        if cut is None:
            return out + tokens
        out += _md().parse("\n" * start + "\n".join(lines[start:cut]))
        start = cut


# ------------------------------------------------------------------ inline


@dataclass
class _Inline:
    """Plain text of an inline token, with links, bold/code and anchors."""

    text: str = ""
    refs: list[Ref] = field(default_factory=list)
    strong: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


def _join_break(text: str, following: str) -> str:
    """A soft line break is a space, except between Chinese characters."""
    if text and following and _CJK_EDGE.match(text[-1]) and _CJK_EDGE.match(following[0]):
        return ""
    return " "


def _inline(tok: Token | None) -> _Inline:
    out = _Inline()
    if tok is None:
        return out
    parts: list[str] = []
    opened: list[tuple[str, int, str]] = []  # (kind, start index in parts, href)
    children = tok.children or []
    for i, child in enumerate(children):
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
            if kind == "code_inline":
                out.strong.append(child.content)
        elif kind == "softbreak":
            following = children[i + 1].content if i + 1 < len(children) else ""
            before = next((p for p in reversed(parts) if p), "")  # not "".join: quadratic
            parts.append(_join_break(before, following))
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind in ("strong_open", "link_open"):
            opened.append((kind, len(parts), unquote(str(child.attrs.get("href", "")))))
        elif kind in ("strong_close", "link_close"):
            _close(kind.replace("_close", "_open"), opened, parts, out)
        elif kind == "html_inline":
            _html_inline(child.content, opened, parts, out)
    out.text = "\n".join(line.strip() for line in "".join(parts).split("\n")).strip()
    return out


def _close(kind: str, opened: list[tuple[str, int, str]], parts: list[str], out: _Inline) -> None:
    for index in range(len(opened) - 1, -1, -1):
        if opened[index][0] == kind:
            _, start, href = opened.pop(index)
            text = "".join(parts[start:]).strip()
            if kind == "link_open":
                out.refs.append(Ref(href.removeprefix("#"), text))
            elif text:
                out.strong.append(text)
            return


def _html_inline(html: str, opened: list[tuple[str, int, str]], parts: list[str],
                 out: _Inline) -> None:
    """Inline tags: ``<a name>`` anchors, ``<a href>`` links, ``<br>``, bold."""
    lowered = html.lower()
    href = _HREF_ATTR.match(html)
    name = _NAME_ATTR.match(html)
    if href:
        opened.append(("link_open", len(parts), href.group(1)))
    elif name:
        out.anchors.append(name.group(1))
    elif lowered.startswith("</a"):
        _close("link_open", opened, parts, out)
    elif re.match(r"<br\b", lowered):
        parts.append("\n")
    elif re.match(r"<(strong|b|code)\b", lowered):
        opened.append(("strong_open", len(parts), ""))
    elif re.match(r"</(strong|b|code)\b", lowered):
        _close("strong_open", opened, parts, out)


# ------------------------------------------------------------------ blocks


@dataclass
class _Caption:
    number: str | None
    caption: str
    para: Para


class _Walker:
    """Token stream -> blocks, holding a caption and anchors for the next table."""

    def __init__(self, source: str, sink: DiagnosticSink) -> None:
        self.source, self.sink = source, sink
        self.blocks: list[Block] = []
        self.title_anchor: list[str] = []
        self.caption: _Caption | None = None
        self.anchors: list[str] = []
        self.depth = 0
        self.item_open = False

    def span(self, tok: Token) -> Span:
        return Span(self.source, tok.map[0] + 1 if tok.map else 1)

    def emit(self, block: Block) -> None:
        self.flush()
        self.blocks.append(block)

    def flush(self) -> None:
        """An orphan caption is an ordinary paragraph after all."""
        if self.caption is not None:
            self.blocks.append(self.caption.para)
        self.caption = None
        self.anchors = []

    def walk(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.token(tokens, index)

    def token(self, tokens: list[Token], index: int) -> int:
        """Handle the token at ``index``; return the index of the next one."""
        tok = tokens[index]
        kind = tok.type
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.depth -= 1
        elif kind in ("list_item_open", "list_item_close"):
            self.item_open = kind == "list_item_open"
        elif kind == "heading_open":
            self.heading(tok, following)
        elif kind == "paragraph_open":
            self.para(tok, following)
        elif kind in ("fence", "code_block"):
            self.item_open = False
            lang = tok.info.strip().split()[0] if tok.info.strip() else None
            self.emit(Code(tok.content.removesuffix("\n"), self.span(tok), lang))
        elif kind == "html_block":
            self.html(tok)
        elif kind == "table_open":
            return self.pipe_table(tokens, index)
        return index + 1

    def heading(self, tok: Token, inline_tok: Token | None) -> None:
        self.item_open = False
        inline = _inline(inline_tok)
        anchor = inline.anchors[0] if inline.anchors else None
        level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        if anchor and not self.title_anchor and level == 1:
            self.title_anchor.append(anchor)
        self.emit(Heading(level, inline.text, self.span(tok), anchor))

    def para(self, tok: Token, inline_tok: Token | None) -> None:
        bullet, self.item_open = self.item_open, False
        inline = _inline(inline_tok)
        strong = tuple(dict.fromkeys(inline.strong))
        para = Para(inline.text, self.span(tok), tuple(inline.refs), strong, bullet, self.depth,
                    tuple(dict.fromkeys(inline.anchors)))
        caption = _caption(inline)
        if caption and not bullet:
            self.flush()
            self.caption = _Caption(caption[0], caption[1], para)
            self.anchors = list(inline.anchors)
        elif not inline.text and inline.anchors and not bullet:
            self.anchors.extend(inline.anchors)  # `<a name="t1"></a>` before a table
        else:
            self.emit(para)

    def html(self, tok: Token) -> None:
        self.item_open = False
        if not tok.content.strip() or re.fullmatch(r"\s*(<!--.*?-->\s*)+", tok.content, re.DOTALL):
            return
        offset = tok.map[0] if tok.map else 0
        blocks = html_blocks(tok.content, self.source, self.sink, line_offset=offset)
        self.place(blocks)

    def place(self, blocks: list[Block]) -> None:
        """Emit blocks, giving the first table the pending caption and anchors."""
        if not any(isinstance(block, Table) for block in blocks):
            self.flush()
        caption, anchors = self.caption, self.anchors
        self.caption, self.anchors = None, []
        for block in blocks:
            if isinstance(block, Table) and (caption or anchors):
                if caption and not block.caption and block.number is None:
                    block = replace(block, caption=caption.caption, number=caption.number)
                merged = tuple(dict.fromkeys(anchors + list(block.anchors)))
                block = replace(block, anchors=merged)
                caption, anchors = None, []
            self.blocks.append(block)

    def pipe_table(self, tokens: list[Token], index: int) -> int:
        self.item_open = False
        table_tok = tokens[index]
        header: tuple[Cell, ...] = ()
        rows: list[Row] = []
        index += 1
        while index < len(tokens) and tokens[index].type != "table_close":
            tok = tokens[index]
            if tok.type == "tr_open":
                cells: list[Cell] = []
                row_span = self.span(tok)
                index += 1
                while index < len(tokens) and tokens[index].type != "tr_close":
                    if tokens[index].type == "inline":
                        cells.append(_cell(_inline(tokens[index]), row_span))
                    index += 1
                in_head = not header and not rows and _in_thead(tokens, index)
                if in_head:
                    header = tuple(cells)
                else:
                    rows.append(Row(tuple(cells), row_span))
            index += 1
        self.place([Table("", header, tuple(rows), self.span(table_tok))])
        return index + 1


def _in_thead(tokens: list[Token], index: int) -> bool:
    """Is the row that closes at ``index`` inside ``<thead>``?"""
    return index + 1 < len(tokens) and tokens[index + 1].type == "thead_close"


def _cell(inline: _Inline, span: Span) -> Cell:
    return Cell(inline.text, span, refs=tuple(inline.refs),
                strong=tuple(dict.fromkeys(inline.strong)))


def _caption(inline: _Inline) -> tuple[str | None, str] | None:
    """``**表 2**  请求参数说明`` -> ``("2", "请求参数说明")``; the label must be bold."""
    match = _CAPTION.match(inline.text)
    if not match or not inline.strong or not _CAPTION.match(inline.strong[0]):
        return None
    return match.group(1), " ".join(match.group(2).split())
