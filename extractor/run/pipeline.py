"""The extraction pipeline for one page and for many: bytes -> Page -> Endpoints.

This is the library entry point the CLI, drift and the tests share. It finds
source files (recursively, without following symlink loops), reads each one
in isolation so that a bad page only costs its own diagnostics, and returns
plain results; writing files is the CLI's and the writers' business.
A :class:`PageSummary` is what a long run keeps of a page once its bundles
are written: counts and diagnostics, never the page or its model, so memory
does not grow with the size of the corpus.

The interpreter is imported on first use: a warm re-run served entirely from
the cache never loads it (nor the parsing libraries the readers load).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, DiagnosticSink, Level
from ..model import AuthScheme, Endpoint, ErrorCatalogue, Page, Span, Table, TableExport, TypeRef
from ..crosslinks import link_fields, page_keys
from ..readers import read_page
from ..readers.detect import decode, detect_format, looks_like_openapi

__all__ = [
    "PAGE_SUFFIXES",
    "PageResult",
    "PageSummary",
    "discover",
    "extract_bytes",
    "extract_file",
    "has_content",
    "is_page_name",
    "summarize",
]

#: Suffixes read when a folder is given (a file named explicitly is always read).
PAGE_SUFFIXES = frozenset({".html", ".htm", ".rst", ".md", ".markdown", ".txt", ".text"})


def is_page_name(name: str) -> bool:
    """Whether a file found in a folder (or a git tree) is read as a page: by its name alone.

    A page suffix, and not one of the files every repository has beside its
    pages (README, LICENSE, CHANGELOG...: ``vocab/files.json``).
    """
    from ..interpret.vocab import words

    base = os.path.basename(name)
    if os.path.splitext(base)[1].lower() not in PAGE_SUFFIXES:
        return False
    return base.split(".", 1)[0].casefold() not in words("files", "not_pages")

_STATES_OPERATION = re.compile(
    r"(?:^|[\s>\"'`(])(GET|POST|PUT|DELETE|PATCH|HEAD)\s*(?:https?://\S*?)?/[\w{}\\.\-]+/", re.MULTILINE
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
    #: Tables rows of other pages may link to, and the names links use for this page.
    exports: list[TableExport] = field(default_factory=list)
    page_keys: tuple[str, ...] = ()
    #: Authentication schemes the page describes (the doc set's authentication page).
    auth: tuple[AuthScheme, ...] = ()
    #: The error codes the page lists (the doc set's common error-code page).
    errors: ErrorCatalogue | None = None


@dataclass(slots=True)
class PageSummary:
    """A :class:`PageResult` without its endpoints: what ``--stats``, the index and
    the diagnostics need, small whatever the page's size."""

    source: str
    format: str | None
    diagnostics: list[Diagnostic]
    endpoints: int = 0
    with_content: int = 0
    tables: int = 0
    tables_classified: int = 0
    states_operation: bool = False
    unknown_types: Counter[str] = field(default_factory=Counter)
    #: Fields linking to another page's table, tables this page exports, names links use for it.
    links: int = 0
    exports: int = 0
    page_keys: tuple[str, ...] = ()
    auth: tuple[AuthScheme, ...] = ()
    errors: ErrorCatalogue | None = None


def has_content(ep: Endpoint) -> bool:
    """Whether an endpoint documents anything beyond its method and path."""
    return bool(ep.parameters or ep.request_body or any(r.body for r in ep.responses))


def summarize(result: PageResult) -> PageSummary:
    return PageSummary(
        result.source, result.format, list(result.diagnostics), len(result.endpoints),
        sum(1 for ep in result.endpoints if has_content(ep)), result.tables,
        result.tables_classified, result.states_operation, Counter(result.unknown_types),
        sum(1 for _ in link_fields(result.endpoints)), len(result.exports), result.page_keys,
        result.auth, result.errors,
    )


def extract_bytes(data: bytes, source: str, fmt: str | None = None) -> PageResult:
    """Read and interpret one page; never raises for bad content."""
    from ..interpret.endpoints import interpret_page, page_doc_id, page_title

    sink = DiagnosticSink()
    page = read_page(data, source, sink, fmt)
    if page is None:
        return PageResult(source, fmt, [], sink.sorted())
    exports: list[TableExport] = []
    auth: tuple[AuthScheme, ...] = ()
    errors: ErrorCatalogue | None = None
    try:
        model = interpret_page(page, sink)
        endpoints, exports, auth, errors = model.endpoints, model.exports, model.auth, model.errors
    except RecursionError:
        sink.error("interpret-failed", "structure nested too deeply to interpret", Span(source, 1))
        endpoints = []
    except Exception as exc:  # noqa: BLE001 - one page must not stop a run
        sink.error("interpret-failed", f"interpreter failed: {type(exc).__name__}: {exc}", Span(source, 1))
        endpoints = []
    result = PageResult(source, page.format, endpoints, [], exports=exports,
                        page_keys=page_keys(source, page_doc_id(page), page_title(page)), auth=auth, errors=errors)
    _measure(page, result)
    if not endpoints and not sink.at_or_above(Level.ERROR):
        why, line = _why_no_endpoint(data, page, result, fmt)
        sink.info("no-endpoint", why, Span(source, line))
    result.diagnostics = sink.sorted()
    return result


def _why_no_endpoint(data: bytes, page: Page, result: PageResult, forced: str | None) -> tuple[str, int]:
    """Why a page that was read documents no endpoint, and the line that shows it.

    In order: a contract, not a page; a page with a request line where none
    counts (prose, a tutorial's example of another API); a page of tables
    only (a data-structure page, whose tables other pages link to); a page
    with neither. A format forced with ``--page-format`` that the content
    does not bear out is said too, since it is the likeliest cause.
    """
    text = decode(data).text
    if looks_like_openapi(text):
        return ("looks like an OpenAPI document, not a reference page: serve it with `docconform mock` "
                "or test a server with `docconform test`"), 1
    if result.auth:
        schemes = " and ".join(f"{a.kind} ({a.header})" for a in result.auth)
        return f"an authentication page: it documents {schemes} for the run's operations", result.auth[0].span.line
    if result.errors is not None:
        return (f"an error-code page: {len(result.errors.codes)} error codes the run's operations refer to",
                result.errors.span.line)
    line, stated = 1, None
    for block in page.blocks:
        block_text = getattr(block, "text", "").replace("\\", "")
        found = _STATES_OPERATION.search(block_text)
        if found is not None:
            stated = " ".join(block_text[found.start(1):].split(maxsplit=2)[:2])[:100]
            line = _line_of(text, stated, block.span.line)
            break
    if stated is not None:
        why = (f"no request line: {stated!r} is not in a URI section, and the page is not built "
               "like a reference page (no request, response or URI section)")
    elif result.exports:
        why = (f"no request line (METHOD /path): a page of {len(result.exports)} tables other pages "
               "may link to")
    elif result.tables_classified:
        why = "no request line (METHOD /path), though it has parameter tables"
    else:
        why = "not an API page: no request line (METHOD /path) and no parameter table"
    detected = detect_format(text.replace("\r\n", "\n"))
    if forced is not None and detected != forced:
        why = f"read as {forced}, as --page-format asked, but its content looks like {detected}; {why}"
    return why, line


def _line_of(text: str, stated: str, block_line: int) -> int:
    """The source line where ``stated`` appears, preferring one at or after the block's line.

    A reader's block text is not the source (HTML collapses markup, joins lines), so
    counting newlines in it can point past the page's end: search the source instead.
    """
    lines = text.splitlines()
    words = stated.split()[:2]
    hits = [number for number, source_line in enumerate(lines, 1)
            if words and all(word in source_line for word in words)]
    later = [number for number in hits if number >= block_line]
    if later or hits:
        return (later or hits)[0]
    return min(max(block_line, 1), max(len(lines), 1))


def extract_file(path: Path, source: str, fmt: str | None = None) -> PageResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        sink = DiagnosticSink()
        sink.error("input-unreadable", _unreadable(path, exc), Span(source, 1))
        return PageResult(source, fmt, [], sink.items)
    return extract_bytes(data, source, fmt)


def _unreadable(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be read, naming a broken symbolic link as such."""
    reason = exc.strerror or str(exc)
    if _broken_link(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"cannot read file: broken symbolic link to {target!r} ({reason})"
    return f"cannot read file: {reason}"


def _measure(page: Page, result: PageResult) -> None:
    from ..interpret import columns

    tables = [b for b in page.blocks if isinstance(b, Table)]
    result.tables = len(tables)
    result.tables_classified = sum(
        1 for t in tables if columns.classify_header([c.text for c in t.header]).kind != "other"
    ) if tables else 0
    text = "\n".join(getattr(b, "text", "") for b in page.blocks)
    result.states_operation = bool(_STATES_OPERATION.search(text.replace("\\", "")))
    for ep in result.endpoints:
        for f in ep.all_fields():
            for t in _types(f.type):
                if not t.known:
                    result.unknown_types[t.raw] += 1


def _types(t: TypeRef | None) -> Iterator[TypeRef]:
    while t is not None:
        yield t
        t = t.items or t.values


def discover(sources: list[Path], errors: DiagnosticSink) -> list[Path]:
    """Files under the given paths, sorted, each once; missing paths are errors.

    Folders are walked without following symlinked folders (a symlink loop
    cannot trap the walk); files named on the command line are always read,
    files found in folders only when their suffix is a page suffix. A broken
    symbolic link with a page suffix (dangling, or in a loop of links) is
    listed too, so that reading it reports it (``input-unreadable``) instead
    of the page silently going missing. A folder that cannot be listed is an
    error: ``input-unreadable`` for one given, ``folder-unreadable`` below it.
    """
    found: dict[str, Path] = {}
    for src in sources:
        if src.is_file():
            found.setdefault(os.path.realpath(src), src)
        elif src.is_dir():
            for root, dirs, files in os.walk(src, followlinks=False, onerror=_unlistable(src, errors)):
                dirs.sort()
                real_root = os.path.realpath(root)  # one per folder, not one per file
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if not is_page_name(name):
                        continue
                    if os.path.isfile(path):
                        real = (os.path.realpath(path) if os.path.islink(path)
                                else os.path.join(real_root, name))
                    elif _broken_link(path):  # keyed by the link: it has no target to share
                        real = os.path.join(real_root, name)
                    else:
                        continue
                    found.setdefault(real, Path(path))
        else:
            what = "broken symbolic link" if _broken_link(src) else "no such file or folder"
            errors.error("input-missing", what, Span(str(src), 1))
    return sorted(found.values(), key=lambda p: p.as_posix())


def _unlistable(top: Path, errors: DiagnosticSink) -> Callable[[OSError], None]:
    """os.walk's error handler for folders it cannot list, which it would take for empty.

    ``top`` itself is an input that cannot be read (``input-unreadable``, as
    fatal as a missing input); a folder below it is ``folder-unreadable``: its
    pages are unknown, not gone, and the caller keeps their earlier outputs.
    """
    def report(exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        if exc.filename is None or os.path.normpath(exc.filename) == os.path.normpath(top):
            errors.error("input-unreadable", f"cannot read folder: {reason}", Span(str(top), 1))
        else:
            errors.error("folder-unreadable", f"cannot read folder: {reason}; its pages are skipped",
                         Span(os.fspath(exc.filename), 1))
    return report


def _broken_link(path: str | Path) -> bool:
    """A symbolic link whose target does not exist (or that ends in a loop of links)."""
    return os.path.islink(path) and not os.path.exists(path)
