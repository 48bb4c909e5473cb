"""HTML (a whole page or a fragment) to a flat stream of model blocks.

Used by the HTML reader for whole pages and by the Markdown reader for every
raw HTML block embedded in Markdown, so it accepts fragments and shifts line
numbers (``line_offset``) or maps them back through a chrome-stripping map
(``line_map``). Every block, row and cell gets the line of its start tag.

Parsing is lxml's libxml2 HTML parser (the parser BeautifulSoup's "lxml"
builder drives) used directly, because BeautifulSoup's lxml builder records
no ``sourceline`` and its line-aware builder (html.parser) does not repair
malformed tables. libxml2 recovers from any input; what it cannot read
becomes an ``html-malformed`` diagnostic, never an exception.

Responsible for: headings (``h1``-``h6`` and ``sectiontitle`` titles, level
2), paragraphs, list items (``Para(bullet=True, depth=n)`` followed by the
blocks nested in them), code (``pre``, multi-line ``code``), tables
(caption split into number and text, anchors, header row, row/colspans
resolved into a rectangular grid). A ``<p class="tablecap">`` just before a
caption-less table becomes its caption. Tables nested in a cell stay in the
cell's text and are not emitted as blocks. Not responsible for chrome (see
:mod:`._chrome`), page metadata (:mod:`.html`) or what any block means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from lxml import etree  # type: ignore[import-untyped]

from ..diagnostics import DiagnosticSink
from ..model import Block, Code, Heading, Para, Span
from . import _html_depth as _depth
from . import _html_text as T
from ._html_table import build_table
from ._html_text import Element

__all__ = ["html_blocks"]

_HEADING = re.compile(r"^h([1-6])$")
_TITLE_CLASSES = frozenset({"sectiontitle"})
_CAPTION_CLASSES = frozenset({"tablecap", "tabletitle"})
_CONTAINERS_WITH_ID = frozenset({"section"})
#: End tags after which libxml2 drops the rest of the input; they add nothing.
_DOC_END = re.compile(r"</\s*(?:html|body)\s*>", re.IGNORECASE)
#: libxml2 complaints that say nothing about the page's structure.
_BENIGN = frozenset({"DTD_ID_REDEFINED", "HTML_UNKNOWN_TAG"})

LineOf = Callable[[Element], int]


def _line_fn(line_map: Sequence[int] | None, line_offset: int) -> LineOf:
    """Element -> original line: its start tag line, else its nearest ancestor's."""

    def line_of(el: Element) -> int:
        line = None
        node: Element | None = el
        while node is not None and not line:
            line = node.sourceline
            node = node.getparent()
        return _map_line((line or 1) + line_offset, line_map)

    return line_of


def _map_line(line: int, line_map: Sequence[int] | None) -> int:
    if not line_map:
        return line
    return line_map[min(max(line - 1, 0), len(line_map) - 1)]


def _parse(
    html: str, source: str, sink: DiagnosticSink, line_of_raw: Callable[[int], int]
) -> Element | None:
    parser = etree.HTMLParser(recover=True, remove_comments=True, remove_pis=True, encoding="utf-8")
    data = _DOC_END.sub("", html.replace("\x00", "\ufffd")).encode("utf-8", "replace")
    try:
        root = etree.fromstring(data, parser)
        if any(_depth.is_too_deep(e.type_name, e.message) for e in parser.error_log):
            # libxml2 dropped everything after the too-deep point: parse again, flattened
            flat, first_deep = _depth.flatten(html)
            sink.warning("html-too-deep", f"elements nested more than {_depth.MAX_DEPTH} deep "
                         "from here on: the deeper tags are ignored, their text is kept",
                         Span(source, line_of_raw(first_deep or 1)))
            data = _DOC_END.sub("", flat.replace("\x00", "\ufffd")).encode("utf-8", "replace")
            root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError) as exc:
        sink.error(
            "html-malformed", f"HTML could not be parsed: {exc}", Span(source, line_of_raw(1))
        )
        return None
    problems = [e for e in parser.error_log if e.type_name not in _BENIGN]
    if problems:
        first = problems[0]
        sink.warning(
            "html-malformed",
            f"malformed HTML repaired by the parser ({len(problems)} problem(s);"
            f" first: {first.message.strip()})",
            Span(source, line_of_raw(first.line or 1)),
        )
    return root


class _Walker:
    """Depth-first walk that appends blocks in document order."""

    def __init__(self, source: str, line_of: LineOf, sink: DiagnosticSink) -> None:
        self.source = source
        self.sink = sink
        self.line_of = line_of
        self.blocks: list[Block] = []
        self.pending: list[str] = []
        self.bullet: int | None = None
        self.caption_para: Para | None = None

    def span(self, el: Element) -> Span:
        return Span(self.source, self.line_of(el))

    def emit(self, block: Block) -> None:
        self.blocks.append(block)
        self.pending = []

    def container(self, el: Element, depth: int) -> None:
        run = T.Run()
        run.add_text(el.text)
        for child in el:
            if T.is_inline(child):
                run.add(child)
            else:
                self.flush(run, el, depth)
                run = T.Run()
                self.block(child, depth)
            run.add_text(child.tail)
        self.flush(run, el, depth)

    def flush(self, run: T.Run, parent: Element, depth: int) -> None:
        text = run.text()
        if not text:
            self.pending.extend(run.anchors)
            return
        bullet = self.bullet is not None
        para = Para(
            text,
            self.span(run.first if run.first is not None else parent),
            refs=tuple(run.refs),
            strong=tuple(dict.fromkeys(run.strong)),
            bullet=bullet,
            depth=self.bullet if self.bullet is not None else depth,
            anchors=_para_anchors(run.anchors, parent),
        )
        self.bullet = None
        self.emit(para)
        if T.classes(parent) & _CAPTION_CLASSES:
            self.caption_para = para

    def block(self, el: Element, depth: int) -> None:
        tag = T.tag_of(el) or ""
        cls = T.classes(el)
        if tag in T.SKIP or "familylinks" in cls:
            return
        if (
            _HEADING.match(tag)
            or cls & _TITLE_CLASSES
            or any(c.startswith("topictitle") for c in cls)
        ):
            self.heading(el, tag)
        elif tag in ("ul", "ol"):
            for child in el:
                if T.tag_of(child) == "li":
                    self.item(child, depth + 1)
                else:
                    self.block(child, depth)
        elif tag == "li":
            self.item(el, depth + 1)
        elif tag in ("pre", "code", "xmp", "listing"):
            self.code(el)
        elif tag == "table":
            self.table(el)
        elif T.is_note(el):
            start = len(self.blocks)
            self.container(el, depth)
            for i in range(start, len(self.blocks)):
                block = self.blocks[i]
                if isinstance(block, Para):
                    self.blocks[i] = replace(block, text=f"NOTE: {block.text}")
        else:
            self.container(el, depth)

    def item(self, li: Element, depth: int) -> None:
        self.bullet = depth
        self.container(li, depth)
        self.bullet = None

    def heading(self, el: Element, tag: str) -> None:
        run = T.Run()
        run.add(el)
        text = norm_heading(run.text())
        if not text:
            return
        match = _HEADING.match(tag)
        level = int(match.group(1)) if match and not T.classes(el) & {"sectiontitle"} else 2
        anchor = el.get("id") or (run.anchors[0] if run.anchors else None)
        anchor = anchor or (self.pending[0] if self.pending else None) or _section_id(el)
        self.emit(Heading(level, text, self.span(el), anchor=anchor))

    def code(self, el: Element) -> None:
        text = T.raw_text(el)
        if text.strip():
            self.emit(Code(text, self.span(el), lang=_code_lang(el)))

    def table(self, el: Element) -> None:
        caption = None
        if self.caption_para is not None and self.blocks and self.blocks[-1] is self.caption_para:
            caption = self.caption_para.text
        table, used_caption = build_table(
            el, self.source, self.line_of, self.pending, caption, self.sink
        )
        self.caption_para = None
        if table is None:
            return
        if used_caption:
            self.blocks.pop()
        self.emit(table)


def _para_anchors(anchors: Sequence[str], parent: Element) -> tuple[str, ...]:
    """Ids pointing at a paragraph: its ``<a name>``s and its ``<p>``/``<li>``'s own id.

    Pages link a parent row to the short paragraph that introduces a child table.
    """
    own = parent.get("id") if T.tag_of(parent) in ("p", "li") else None
    return tuple(dict.fromkeys([*([str(own)] if own else []), *anchors]))


def norm_heading(text: str) -> str:
    return " ".join(text.split())


def _section_id(el: Element) -> str | None:
    """The id of the ``div.section`` a section title opens."""
    parent = el.getparent()
    if parent is None or not parent.get("id"):
        return None
    if "section" not in T.classes(parent) and T.tag_of(parent) not in _CONTAINERS_WITH_ID:
        return None
    first = next((c for c in parent if T.tag_of(c)), None)
    return str(parent.get("id")) if first is el else None


def _code_lang(el: Element) -> str | None:
    for name in sorted(T.classes(el)):
        for prefix in ("language-", "lang-"):
            if name.startswith(prefix) and len(name) > len(prefix):
                return name[len(prefix) :]
    return el.get("data-lang") or None


def html_blocks(
    html: str,
    source: str,
    sink: DiagnosticSink,
    line_map: Sequence[int] | None = None,
    line_offset: int = 0,
) -> list[Block]:
    """Blocks of an HTML document or fragment, in document order.

    A parsed line ``n`` is reported as ``n + line_offset``, then looked up
    in ``line_map`` (0-based list of original 1-based lines) when one is
    given: so a caller that stripped chrome passes the map, and a caller
    that hands over a fragment starting at line ``k`` passes ``k - 1``.
    """
    line_of = _line_fn(line_map, line_offset)

    def raw(line: int) -> int:
        return _map_line(line + line_offset, line_map)

    if not html.strip():
        return []
    root = _parse(html, source, sink, raw)
    if root is None:
        return []
    walker = _Walker(source, line_of, sink)
    try:
        walker.container(root, 0)
    except RecursionError:
        sink.error(
            "html-too-deep",
            "HTML nested too deeply; the rest of the fragment is skipped",
            Span(source, raw(1)),
        )
    return walker.blocks
