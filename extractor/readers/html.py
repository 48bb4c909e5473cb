"""The HTML reader: a Huawei-style HTML export page to a :class:`~docconform.extractor.model.Page`.

Strips forge chrome (:mod:`._chrome`), hands the markup to
:func:`._html_blocks.html_blocks` and adds what only the whole page knows:
its language (guessed from the text of its blocks, not from the markup,
whose attribute names would drown a Chinese page in Latin words) and its
metadata: ``anchor`` (the page's doc id: the anchor of its ``h1``, else its
first ``<a name>``) and ``title`` (the ``h1``, else ``<title>``).

Not responsible for block extraction (``_html_blocks``) nor for anything
about APIs.
"""

from __future__ import annotations

import html as htmllib
import re

from ..diagnostics import DiagnosticSink
from ..model import Block, Heading, Page, Span, Table
from ._chrome import strip_chrome
from ._html_blocks import html_blocks
from ._lang import guess_lang

__all__ = ["read_html"]

_FIRST_ANCHOR = re.compile(r"<a\s[^>]*?\bname\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def _block_text(block: Block) -> str:
    if isinstance(block, Table):
        cells = [c.text for c in block.header] + [c.text for r in block.rows for c in r.cells]
        return "\n".join([block.caption, *cells])
    return block.text


def _meta(blocks: list[Block], html: str) -> tuple[tuple[str, str], ...]:
    h1 = next((b for b in blocks if isinstance(b, Heading) and b.level == 1), None)
    anchor = h1.anchor if h1 and h1.anchor else None
    if anchor is None:
        found = _FIRST_ANCHOR.search(html)
        anchor = found.group(1) if found else None
    title = h1.text if h1 else None
    if title is None:
        found = _TITLE.search(html)
        title = " ".join(htmllib.unescape(found.group(1)).split()) if found else None
    meta = [("anchor", anchor), ("title", title)]
    return tuple((k, v) for k, v in meta if v)


def read_html(text: str, source: str, sink: DiagnosticSink) -> Page:
    """Read one HTML page; never raises on bad markup (problems go to ``sink``)."""
    cleaned, line_map = strip_chrome(text)
    blocks = html_blocks(cleaned, source, sink, line_map=line_map)
    if not blocks:
        sink.warning(
            "html-empty",
            "no text, heading or table found in the HTML page",
            Span(source, line_map[0]),
        )
    lang = guess_lang("\n".join(_block_text(b) for b in blocks))
    return Page(source, "html", lang, tuple(blocks), _meta(blocks, cleaned))
