"""Readers: one per page format, looked up in a plain table by format name.

Each reader is ``read(text, source, sink) -> Page`` and knows its format and
nothing about APIs. :func:`read_page` is the one door in: it decodes bytes,
refuses binary input, sniffs the format (file names say nothing) and never
lets a reader's exception escape: a page that cannot be read becomes a
diagnostic naming the file and line, and the run goes on.
"""

from __future__ import annotations

import importlib
from typing import Callable

from ..diagnostics import DiagnosticSink
from ..model import Page, Span
from .detect import FORMATS, decode, detect_format, looks_binary

__all__ = ["READERS", "FORMATS", "read_page", "reader_for"]

ReadFn = Callable[[str, str, DiagnosticSink], Page]

#: format name -> (module, function); imported lazily so that reading one
#: format does not pay for the others' libraries.
READERS: dict[str, tuple[str, str]] = {
    "html": ("docconform.extractor.readers.html", "read_html"),
    "rst": ("docconform.extractor.readers.rst", "read_rst"),
    "markdown": ("docconform.extractor.readers.markdown", "read_markdown"),
    "text": ("docconform.extractor.readers.text", "read_text"),
}


def reader_for(fmt: str) -> ReadFn:
    module_name, function_name = READERS[fmt]
    return getattr(importlib.import_module(module_name), function_name)  # type: ignore[no-any-return]


def read_page(
    data: bytes, source: str, sink: DiagnosticSink, fmt: str | None = None
) -> Page | None:
    """Bytes to Page, or ``None`` (with a diagnostic) when there is no page."""
    start = Span(source, 1)
    if not data.strip():
        sink.error("input-empty", "empty file: expected an API reference page", start)
        return None
    if looks_binary(data):
        sink.error("input-binary", "binary content (NUL or control bytes): not a text page", start)
        return None
    decoded = decode(data)
    if not decoded.text.strip():  # a byte order mark and blanks
        sink.error("input-empty", "empty file: expected an API reference page", start)
        return None
    if decoded.problem:
        sink.warning("input-encoding", decoded.problem, Span(source, decoded.problem_line))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = fmt or detect_format(text)
    try:
        return reader_for(fmt)(text, source, sink)
    except RecursionError:
        sink.error("reader-failed", f"{fmt} reader: nesting too deep to read", start)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the run
        sink.error("reader-failed", f"{fmt} reader failed: {type(exc).__name__}: {exc}", start)
    return None
