"""The extraction pipeline for one page and for many: bytes -> Page -> Endpoints.

This is the library entry point the CLI, drift and the tests share. It finds
source files (recursively, without following symlink loops), reads each one
in isolation so that a bad page only costs its own diagnostics, and returns
plain results; writing files is the CLI's and the writers' business.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic, DiagnosticSink
from .interpret.endpoints import interpret
from .model import Endpoint, Field, Page, Span, Table, TypeRef
from .readers import read_page

__all__ = ["PageResult", "extract_bytes", "extract_file", "discover", "PAGE_SUFFIXES"]

#: Suffixes read when a folder is given (a file named explicitly is always read).
PAGE_SUFFIXES = frozenset({".html", ".htm", ".rst", ".md", ".markdown", ".txt", ".text"})

_STATES_OPERATION = re.compile(
    r"(?:^|[\s>\"'`(])(GET|POST|PUT|DELETE|PATCH|HEAD)\s*(?:https?://\S*?)?/[\w{}\\.\-]+/", re.M
)


@dataclass(slots=True)
class PageResult:
    """Everything one page yielded, including how much of it was understood."""

    source: str
    format: str | None
    endpoints: list[Endpoint]
    diagnostics: list[Diagnostic]
    tables: int = 0
    tables_classified: int = 0
    states_operation: bool = False
    unknown_types: Counter[str] = field(default_factory=Counter)


def extract_bytes(data: bytes, source: str, fmt: str | None = None) -> PageResult:
    """Read and interpret one page; never raises for bad content."""
    sink = DiagnosticSink()
    page = read_page(data, source, sink, fmt)
    if page is None:
        return PageResult(source, fmt, [], sink.sorted())
    try:
        endpoints = interpret(page, sink)
    except RecursionError:
        sink.error("interpret-failed", "structure nested too deeply to interpret", Span(source, 1))
        endpoints = []
    except Exception as exc:  # noqa: BLE001 - one page must not stop a run
        sink.error("interpret-failed", f"interpreter failed: {type(exc).__name__}: {exc}", Span(source, 1))
        endpoints = []
    result = PageResult(source, page.format, endpoints, sink.sorted())
    _measure(page, result)
    return result


def extract_file(path: Path, source: str, fmt: str | None = None) -> PageResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        sink = DiagnosticSink()
        sink.error("input-unreadable", f"cannot read file: {exc.strerror or exc}", Span(source, 1))
        return PageResult(source, fmt, [], sink.items)
    return extract_bytes(data, source, fmt)


def _measure(page: Page, result: PageResult) -> None:
    from .interpret import columns

    tables = [b for b in page.blocks if isinstance(b, Table)]
    result.tables = len(tables)
    result.tables_classified = sum(
        1 for t in tables if columns.classify_header([c.text for c in t.header]).kind != "other"
    ) if tables else 0
    text = "\n".join(getattr(b, "text", "") for b in page.blocks)
    result.states_operation = bool(_STATES_OPERATION.search(text.replace("\\", "")))
    for ep in result.endpoints:
        for f in _all_fields(ep):
            for t in _types(f.type):
                if not t.known:
                    result.unknown_types[t.raw] += 1


def _all_fields(ep: Endpoint) -> Iterator[Field]:
    roots: list[Field] = list(ep.parameters)
    roots += [ep.request_body] if ep.request_body else []
    roots += [r.body for r in ep.responses if r.body] + [h for r in ep.responses for h in r.headers]
    stack = roots
    while stack:
        f = stack.pop()
        yield f
        stack.extend(f.children)


def _types(t: TypeRef | None) -> Iterator[TypeRef]:
    while t is not None:
        yield t
        t = t.items or t.values


def discover(sources: list[Path], errors: DiagnosticSink) -> list[Path]:
    """Files under the given paths, sorted, each once; missing paths are errors.

    Folders are walked without following symlinked folders (a symlink loop
    cannot trap the walk); files named on the command line are always read,
    files found in folders only when their suffix is a page suffix.
    """
    found: dict[str, Path] = {}
    for src in sources:
        if src.is_file():
            found.setdefault(os.path.realpath(src), src)
        elif src.is_dir():
            for root, dirs, files in os.walk(src, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    path = Path(root, name)
                    if path.suffix.lower() in PAGE_SUFFIXES and path.is_file():
                        found.setdefault(os.path.realpath(path), path)
        else:
            errors.error("input-missing", "no such file or folder", Span(str(src), 1))
    return sorted(found.values(), key=lambda p: p.as_posix())
