"""Find the HTTP operations a page documents: method, path template, query names.

Where to look, in order of trust: the URI section (a ``METHOD /path`` line,
or ``PATH:``/``Method:`` pairs), then any short paragraph that is nothing but
a request line, then the first request example's request line. The two
fallbacks count only on a page built like a reference page (a request,
response or URI section): tutorials, scenario and permission pages
("创建ECS高频场景示例", "Example 1: Using a Timer Trigger ...") show request
lines of other pages' APIs in examples and prose, and never document one
themselves. In the URI section, a full-URL line (``POST https://{endpoint}/...``)
next to a bare ``METHOD /path`` line is the section's example, and a path that
is another found path with literal values in its placeholders
(``/v3/0549a7f7.../instances``) is an example of it: neither is an operation.
Nova-style
pages state two paths (v2 and v2.1) for one operation: each distinct
method+path is its own operation, sharing the page's tables.

Parsing one line is :mod:`.examples`' job (``find_request_line``); this
module only chooses which lines count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import DiagnosticSink
from ..model import Block, Code, Para, Span
from . import examples as example_parser
from .sections import Context

__all__ = ["Operation", "find_operations"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_QUERY_NAME = re.compile(r"[?&]([A-Za-z_][\w.\-\[\]]*)=")
_MAX_REQUEST_LINE = 400
#: RFC 6570 query expansion written into URIs: ``/servers{?limit,marker}``.
_QUERY_EXPANSION = re.compile(r"\{\?([^{}]*)\}")
#: Escape or brace debris left at the end of a path (``{volume_id}\``).
_TRAILING_JUNK = re.compile(r"(?<![\\{])[\\{]+$")  # (?<!) keeps it linear on long runs


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    span: Span
    query_names: tuple[str, ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.path))


def find_operations(blocks: tuple[Block, ...], ctxs: list[Context],
                    sink: DiagnosticSink | None = None) -> list[Operation]:
    """Each operation once; one stated again is reported (``operation-repeated``) to ``sink``."""
    found = _in_uri_section(blocks, ctxs)
    if not found and _reference_page(ctxs):
        found = _standalone_lines(blocks, ctxs) or _from_request_example(blocks, ctxs)
    unique: dict[tuple[str, str], Operation] = {}
    for op in found:
        first = unique.setdefault((op.method, op.path), op)
        if first is not op and sink is not None:
            sink.info("operation-repeated", f"{op.method} {op.path} stated again (first at line "
                      f"{first.span.line}); one endpoint, with the tables of both", op.span)
    return list(unique.values())


#: Sections that only a reference page has: its parameters.
_PARAMETER_SECTIONS = frozenset({"uri", "request", "response"})


def _reference_page(ctxs: list[Context]) -> bool:
    """Whether a page has a parameter section (Request, 响应参数, URI ...).

    Example sections alone do not make one, tutorials have them too; nor
    does a table, since scenario and permission pages tabulate other pages'
    APIs.
    """
    return any(c.section in _PARAMETER_SECTIONS for c in ctxs)


def _lines(block: Block) -> list[tuple[str, int]]:
    text = block.text if isinstance(block, (Para, Code)) else ""
    return [(line, block.span.line + (i if isinstance(block, Code) else 0))
            for i, line in enumerate(text.split("\n"))]


def _operation(line: str, span: Span) -> Operation | None:
    if len(line) > _MAX_REQUEST_LINE:
        return None
    expansion = _QUERY_EXPANSION.search(line)
    expanded = tuple(n.strip() for n in expansion.group(1).split(",") if n.strip()) if expansion else ()
    line = _QUERY_EXPANSION.sub("", line)
    found = example_parser.find_request_line(line)
    if not found:
        return None
    method, path = found
    path = _TRAILING_JUNK.sub("", path)
    query = line.split("?", 1)[1] if "?" in line else ""
    names = tuple(dict.fromkeys(_QUERY_NAME.findall("?" + query))) if query else ()
    return Operation(method, path, span, tuple(dict.fromkeys(names + expanded)))


def _in_uri_section(blocks: tuple[Block, ...], ctxs: list[Context]) -> list[Operation]:
    out: list[Operation] = []
    full_url: set[int] = set()
    uri_lines: list[tuple[str, Span]] = []
    for block, ctx in zip(blocks, ctxs):
        if ctx.section != "uri" or not isinstance(block, (Para, Code)):
            continue
        for line, number in _lines(block):
            span = Span(block.span.source, number)
            uri_lines.append((line, span))
            op = _operation(line.strip(), span)
            if op:
                out.append(op)
                if _FULL_URL.search(line):
                    full_url.add(len(out) - 1)
    if not out and uri_lines:
        pair = example_parser.find_method_path_pair([line for line, _ in uri_lines])
        if pair:
            out.append(Operation(pair[0], pair[1], uri_lines[0][1]))
    return _without_examples(out, full_url)


_FULL_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*+://")


def _instance_of(path: str, template: str) -> bool:
    """Whether ``path`` is ``template`` with literal values in some placeholders."""
    a, b = path.strip("/").split("/"), template.strip("/").split("/")
    return (
        path != template
        and len(a) == len(b)
        and all(x == y or (_PLACEHOLDER.fullmatch(y) and not _PLACEHOLDER.fullmatch(x)) for x, y in zip(a, b))
    )


def _without_examples(found: list[Operation], full_url: set[int]) -> list[Operation]:
    """Drop URI-section example lines: full URLs beside bare paths, instances of a template."""
    bare = [op for i, op in enumerate(found) if i not in full_url]
    kept = bare or found
    return [op for op in kept if not any(t.method == op.method and _instance_of(op.path, t.path) for t in kept)]


def _standalone_lines(blocks: tuple[Block, ...], ctxs: list[Context]) -> list[Operation]:
    """A paragraph that is only ``METHOD /path``, outside examples."""
    out = []
    for block, ctx in zip(blocks, ctxs):
        if isinstance(block, Para) and ctx.section not in ("example-request", "example-response", "examples"):
            text = block.text.strip()
            if "\n" not in text:
                op = _operation(text, block.span)
                if op:
                    out.append(op)
    return out[:1]


def _from_request_example(blocks: tuple[Block, ...], ctxs: list[Context]) -> list[Operation]:
    for block, ctx in zip(blocks, ctxs):
        if isinstance(block, Code) and ctx.section in ("example-request", "examples"):
            parsed = example_parser.parse_example(block.text)
            if parsed.method and parsed.path:
                return [Operation(parsed.method, parsed.path, block.span)]
    return []
