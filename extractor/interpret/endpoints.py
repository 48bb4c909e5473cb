"""From a Page to its Endpoints: the one format-agnostic interpreter.

It reads the block stream a reader produced and decides what is the method
and path, which table is which parameter location, which code block is an
example, and which status codes are documented. It never looks at a page
format; vocabularies live in ``extractor/vocab`` and phrase parsing in the
sibling modules (types, mandatory, constraints, examples, roles, columns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..diagnostics import DiagnosticSink, Level
from ..model import (
    NOT_STATED, AuthScheme, Code, Endpoint, ErrorCatalogue, Example, Field, Heading, Page, Para, Ref, Response,
    Span, TableExport, TypeRef,
)
from . import examples as example_parser
from .auth import auth_schemes
from .errorcodes import error_catalogue
from .media import MEDIA_EXTRA, request_media_types
from . import roles
from .bodyrefs import referenced_bodies
from .captions import captioned_tables
from .cases import set_aside_case_summaries, stated_cases
from .envelopes import regrouped, with_envelope
from .fields import FieldBuilder
from .linking import TableIndex, object_like
from .operations import Operation, find_operations
from .sections import Context, contexts, stated_statuses
from .statuses import NO_CONTENT, SuccessClass, statuses_outside_tables, success_class
from . import vocab
from .tables import RawRow, TableInfo, classify_tables

__all__ = ["PageModel", "interpret", "interpret_page", "page_doc_id", "page_title"]

_HEADER_NAMES = frozenset(
    {"content-type", "authorization", "accept", "user-agent", "content-length", "accept-language"}
)


def page_doc_id(page: Page) -> str | None:
    """``:original_name:`` first (it survives renames), then the page's first anchor.

    Lower-cased: the HTML export writes ``EN-US_TOPIC_0065817704`` where the
    RST of the same page says ``en-us_topic_0065817704``.
    """
    found = page.meta_value("original_name")
    if found:
        found = found.rsplit("/", 1)[-1].removesuffix(".html").removesuffix(".htm")
    else:
        found = page.meta_value("anchor") or next(
            (b.anchor for b in page.blocks if isinstance(b, Heading) and b.level == 1 and b.anchor),
            None,
        )
    return found.strip().lower() if found and found.strip() else None


def page_title(page: Page) -> str:
    for block in page.blocks:
        if isinstance(block, Heading) and block.level == 1:
            return block.text.strip()
    return page.meta_value("title") or ""


@dataclass(slots=True)
class _Parts:
    """What the tables of one page say, shared by all its operations."""

    parameters: list[Field]
    request_body: Field | None
    responses: list[Response]


@dataclass(slots=True)
class PageModel:
    """What one page yields: its endpoints and the tables other pages may link to."""

    endpoints: list[Endpoint]
    exports: list[TableExport]
    #: Authentication schemes, when the page is the doc set's authentication page.
    auth: tuple[AuthScheme, ...] = ()
    #: Error codes and body, when the page is the doc set's common error-code page.
    errors: ErrorCatalogue | None = None


def interpret(page: Page, sink: DiagnosticSink) -> list[Endpoint]:
    """Every operation the page documents; ``[]`` for overview and index pages."""
    return interpret_page(page, sink).endpoints


def interpret_page(page: Page, sink: DiagnosticSink) -> PageModel:
    """The page's endpoints and its linkable tables.

    A page that documents no operation (a "Data structures" page, an
    appendix) still exports its parameter tables, which rows of other pages
    link to; its own table problems are not reported, since nothing of it is
    an endpoint.
    """
    ctxs = contexts(page.blocks)
    operations = find_operations(page.blocks, ctxs, sink)
    auth = () if operations else auth_schemes(page)
    errors = None if operations else error_catalogue(page)
    tables = captioned_tables(page.blocks, ctxs)
    if not operations and not tables:
        return PageModel([], [], auth, errors)
    doc_id = page_doc_id(page)
    table_sink = sink if operations else _LinkProblems(sink)
    infos = classify_tables(tables, table_sink)
    builder = FieldBuilder(TableIndex(infos, doc_id), table_sink)
    builder.link_all()
    # a page with operations reports its tables' problems through its endpoints
    exports = _exports(infos, FieldBuilder(builder.index, DiagnosticSink() if operations else table_sink),
                       every_table=not operations)
    if not operations:
        return PageModel([], exports, auth, errors)
    page_examples = _examples(page, ctxs, sink)
    errors_documented = _documents_error_codes(page, ctxs)
    stated = stated_statuses(page.blocks, ctxs) + statuses_outside_tables(page.blocks, ctxs, page_examples)
    implied = success_class(page.blocks, ctxs)
    elsewhere = referenced_bodies(page.blocks, ctxs)
    cases = stated_cases(page.blocks)
    endpoints = []
    for op in operations:
        parts = _with_bodies_elsewhere(
            _parts(infos, builder, op, sink, _request_example_has_body(page_examples), stated,
                   _request_example_keys(page_examples), implied, _shown_success(page_examples), cases),
            op, elsewhere)
        examples = _with_statuses(page_examples, parts.responses)
        requests = [e for e in examples if e.kind == "request"]
        request_body = regrouped(with_envelope(parts.request_body, requests, sink), requests, sink)
        responses = []
        for r in parts.responses:
            answers = [e for e in examples if e.kind == "response" and e.status == r.status]
            responses.append(replace(r, body=regrouped(with_envelope(r.body, answers, sink), answers, sink)))
        endpoints.append(
            Endpoint(
                method=op.method,
                path=op.path,
                source=page.source,
                span=op.span,
                doc_id=doc_id,
                title=page_title(page),
                lang=page.lang,
                format=page.format,
                parameters=tuple(parts.parameters),
                request_body=request_body,
                responses=tuple(responses),
                examples=examples,
                documents_error_codes=errors_documented,
                extra=_media_extra(parts.parameters, examples),
            )
        )
    return PageModel(endpoints, exports)


def _media_extra(parameters: Sequence[Field], examples: Sequence[Example]) -> tuple[tuple[str, object], ...]:
    media = request_media_types(parameters, examples)
    return ((MEDIA_EXTRA, media),) if media else ()


class _LinkProblems(DiagnosticSink):
    """What a page without operations reports: only its broken links between tables.

    Its tables are a library for other pages; a reference in them that
    leads nowhere would otherwise leave a bare object in every page that
    links there, unreported.
    """

    _CODES = frozenset({"table-unresolved", "table-cycle"})

    def __init__(self, sink: DiagnosticSink) -> None:
        super().__init__()
        self._sink = sink

    def emit(self, code: str, level: Level, message: str, span: Span) -> None:
        if code in self._CODES:
            self._sink.emit(code, level, message, span)


def _exports(infos: list[TableInfo], builder: FieldBuilder, *, every_table: bool) -> list[TableExport]:
    """Tables another page may link to: named or anchored ones (every table of a page without operations).

    ``builder`` is the one that builds them, with the sink they report to.
    """
    out = []
    headed: set[str] = set()  # a section's title names its first table ("see <section title>")
    for info in infos:
        titled = info.heading if info.heading and info.heading not in headed else None
        headed.add(info.heading)
        if info.kind != "params" or not info.rows or not (every_table or info.role == "named"
                                                          or info.table.anchors):
            continue
        anchors = tuple(dict.fromkeys(a.lower() for a in info.table.anchors))
        names = tuple(dict.fromkeys(
            n.strip().lower() for n in (info.name, info.table.caption, titled) if n and n.strip()))
        if not anchors and not names:
            continue
        root = Field("", "body", TypeRef("object", raw=""), info.table.span,
                     children=builder.fields(info, info.rows, "body"))
        section = info.heading_anchor.lower() if info.heading_anchor else None
        out.append(TableExport(anchors, names, info.label, root, section))
    return out


def _parts(infos: list[TableInfo], builder: FieldBuilder, op: Operation, sink: DiagnosticSink,
           request_bodies: bool = False, stated: Sequence[tuple[str, Span]] = (),
           sent: frozenset[str] = frozenset(), implied: SuccessClass | None = None,
           shown: str | None = None, cases: dict[Span, str] | None = None) -> _Parts:
    """What the tables say of ``op``; ``sent`` are the top-level keys of the page's example requests,
    ``implied`` the class of success statuses the page promises (:func:`_responses`), ``shown``
    the one success status its response examples show (:func:`_shown_success`), ``cases`` the
    tables a list item introduces as one case of the body (:mod:`.cases`)."""
    top = [i for i in infos if i.kind == "params" and not i.referenced]
    _promote_orphans(top)
    _promote_value_tables(top, builder.index, sink)
    set_aside_case_summaries(top, infos, cases or {}, sink)
    _report_order_ambiguity(top, builder.index, sink)
    placeholders = op.placeholders
    params: list[Field] = []
    body_tables: list[TableInfo] = []
    declared = frozenset(r.name for i in top if i.role == "path" for r in i.rows)
    for info in top:
        if info.role in ("path", "query"):
            for row in info.rows:
                loc = "path" if row.name in placeholders else "query"
                params.append(builder.field(row, info, loc, (id(info),)))
        elif info.role == "header":
            params.extend(builder.fields(info, info.rows, "header"))
        elif info.role in ("request", "body") and not _may_have_body(op, info, request_bodies):
            for row in info.rows:  # GET/DELETE "request parameters" are the query string
                loc = "path" if row.name in placeholders else "header" if _looks_like_header(row.name) else "query"
                params.append(builder.field(row, info, loc, (id(info),)))
        elif info.role in ("request", "body"):
            # a table captioned as the body keeps a field named like a placeholder that a path
            # table declares already (rst/dws sends queue_name in the path and in the body)
            # (as does a request table whose row the page's example request sends in the body, dli)
            in_path = placeholders - declared if info.role == "body" else placeholders - (declared & sent)
            header_rows = [r for r in info.rows if _looks_like_header(r.name) or r.name in in_path]
            for row in header_rows:
                loc = "path" if row.name in placeholders else "header"
                params.append(builder.field(row, info, loc, (id(info),)))
            if len(header_rows) < len(info.rows):
                body_tables.append(replace(info, rows=[r for r in info.rows if r not in header_rows]))
        elif info.role == "unplaced" and info.rows:
            sink.info("table-unplaced", f"{info.label}: parameter table outside any request or response section", info.table.span)
    params.extend(_implicit_query(op, params))
    return _Parts(
        parameters=_dedupe(params, sink),
        request_body=builder.body(body_tables, "body"),
        responses=_responses(infos, top, builder, stated, implied, shown),
    )


def _with_bodies_elsewhere(parts: _Parts, op: Operation, elsewhere: dict[str, tuple[Ref, Span]]) -> _Parts:
    """Bodies no table of the page gives, where the page sends the reader to another page's table.

    The body is an object that links there (:mod:`.bodyrefs`); the run attaches
    the table, or reports the link as unresolved. A GET or DELETE sends no body,
    whatever a sentence says.
    """
    if parts.request_body is None and "request" in elsewhere and op.method not in _BODILESS:
        ref, span = elsewhere["request"]
        parts.request_body = Field("", "body", TypeRef("object", raw=""), span, link=ref)
    if "response" in elsewhere and not any(r.body for r in parts.responses if r.status.startswith("2")):
        ref, span = elsewhere["response"]
        body = Field("", "response", TypeRef("object", raw=""), span, link=ref)
        successes = [r.status for r in parts.responses if r.status.startswith("2")]
        success = min([s for s in successes if s not in NO_CONTENT] or successes, default=None)
        if success is None:
            parts.responses = sorted([*parts.responses, Response("200", span, "", body)], key=lambda r: r.status)
        else:
            parts.responses = [replace(r, body=body) if r.status == success else r for r in parts.responses]
    return parts


#: Methods whose requests carry no body (RFC 9110 gives GET, HEAD and DELETE none that
#: servers must read); their "request parameters" tables list the query string.
_BODILESS = frozenset({"GET", "HEAD", "DELETE"})


def _may_have_body(op: Operation, info: TableInfo, request_bodies: bool) -> bool:
    """Whether a request table of ``op`` describes a body.

    GET and HEAD never do. A DELETE does only when the page says so: a caption
    that names the body ("Request body parameters"), an example request with
    a JSON body (batch deletes send the ids in a body), or a row that is an
    object (no query parameter is).
    """
    if op.method not in _BODILESS:
        return True
    if op.method == "DELETE":
        # a nested row cannot be a query parameter
        return info.role == "body" or request_bodies or any(object_like(r.type) for r in info.rows)
    return False


def _request_example_keys(found: tuple[Example, ...]) -> frozenset[str]:
    return frozenset(k for ex in found if ex.kind == "request" and isinstance(ex.value, dict) for k in ex.value)


def _shown_success(found: tuple[Example, ...]) -> str | None:
    """The one 2xx status the page's response examples show (functiongraph 创建触发器:
    ``HTTP/1.1 201 Created`` and no status table, the codes on a shared page); None
    when they show none or several."""
    shown = {ex.status for ex in found if ex.kind == "response" and ex.status and ex.status.startswith("2")}
    return shown.pop() if len(shown) == 1 else None


def _request_example_has_body(found: tuple[Example, ...]) -> bool:
    return any(ex.kind == "request" and isinstance(ex.value, (dict, list)) for ex in found)


def _promote_orphans(top: list[TableInfo]) -> None:
    """A named table no row points at, alone in a request/response section, is that body."""
    for section, role in (("request", "request"), ("response", "response")):
        if any(i.role == role for i in top):
            continue
        for info in top:
            if info.role == "named" and info.section == section:
                info.role = role


def _report_order_ambiguity(top: list[TableInfo], index: TableIndex, sink: DiagnosticSink) -> None:
    """A table only order could nest, after a table with several object rows nothing describes.

    Which row it belongs to the page does not say, so its rows stay beside its
    predecessor's, where an example may still regroup them (:func:`.envelopes.regrouped`);
    a warning says so and names the candidates, since the body's shape is a guess there.
    """
    placed = {id(i) for i in top}
    for info in top:
        if info.role not in ("request", "body", "response"):
            continue
        found = index.order_ambiguity(info)
        if found is None or id(found[0]) not in placed:
            continue
        following, rows = found
        names = ", ".join(r.name for r in rows)
        sink.warning("table-by-order-ambiguous",
                     f"{following.label}: follows {info.label} with no link or name, and {info.label} has "
                     f"{len(rows)} object rows no table describes ({names}): order cannot tell whose it is, so "
                     f"its rows are read beside those of {info.label} unless the page's examples show them "
                     "inside one of those objects (fields-regrouped)",
                     following.table.span)


def _promote_value_tables(top: list[TableInfo], index: TableIndex, sink: DiagnosticSink) -> None:
    """A table a scalar row's description points at for one of its values joins that row's object.

    "job_type | Integer | 5: DistCp … see Table 3" and Table 3 "DistCp
    parameter description" (rst/mrs): the fields sent with that value belong to
    the body beside ``job_type`` (:meth:`.linking.TableIndex.value_link`), never
    dropped for want of a row that names the table. A row the table marks
    mandatory is so only with that value: not required, the condition kept;
    one it repeats from the row's table is that field, already there. A table
    the description points at as a whole ("state | String | … see Table 7",
    Table 7 the job statuses as rows, rst/dli) lists the row's values: no
    fields at all (``table-of-values``).
    """
    for info in top:
        if info.value_of:
            continue  # read so for an earlier operation of the page
        values = index.values_of(info)
        if values is not None:
            info.role, info.value_of = "values", values.name
            sink.info("table-of-values", f"{info.label}: the description of {values.name!r} points at it for "
                      "its values; its rows are values, not fields", info.table.span)
            continue
        found = index.value_link(info)
        if found is None:
            continue
        owner, row = found
        if owner.role not in ("request", "body", "response") or not any(t is owner for t in top):
            continue
        info.role, info.value_of = owner.role, row.name
        when = f"when {row.name} takes the value for which it points at {info.label} (line {row.span.line})"
        beside = {r.name for r in owner.rows}  # a row the value's table repeats (job_name) is the same field
        info.rows = [replace(r, required=False, required_note=when) if r.required else r
                     for r in info.rows if r.name not in beside]
        sink.info("fields-of-a-value", f"{info.label}: the description of {row.name!r} points at it for one "
                  "of its values; its rows are read as fields beside it, required only with that value",
                  info.table.span)


def _looks_like_header(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("x-") or lowered in _HEADER_NAMES


def _implicit_query(op: Operation, params: list[Field]) -> list[Field]:
    """Query names written only in the URI (``?limit={limit}``) still exist."""
    declared = {p.name for p in params}
    return [
        Field(name, "query", TypeRef("string", raw=""), op.span, required=None,
              description="(named in the URI query string only)")
        for name in op.query_names
        if name not in declared
    ]


def _dedupe(params: list[Field], sink: DiagnosticSink) -> list[Field]:
    seen: dict[tuple[str, str], Field] = {}
    for p in params:
        key = (p.location, p.name)
        if key in seen:
            sink.warning(
                "param-duplicate",
                f"{p.location} parameter {p.name!r} documented twice (first at line {seen[key].span.line}); first kept",
                p.span,
            )
            continue
        seen[key] = p
    return list(seen.values())


_HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*+(?:-[A-Za-z0-9]++)++")


def _is_header_name(name: str) -> bool:
    """``X-Subject-Token`` in a response table is a response header, never a body field.

    The header table of a response often has no caption of its own (it sits
    under a "Parameters in the response header" list item), so its rows
    reach the body tables; header names are told by their form.
    """
    return _looks_like_header(name) and bool(_HEADER_NAME.fullmatch(name))


_TOKEN = re.compile(r"[A-Z][A-Za-z0-9]*+(?:-[A-Za-z0-9]++)*+")


def _said_in_header(row: RawRow) -> bool:
    """A response row whose description says it is returned in a header: a header, not a body field.

    ECS nova createImage: ``Location | String | Specifies the local URL of the image, which
    is returned in the request header.`` in the one response table, beside ``image_id``
    (vocabulary ``roles.json`` ``header_statements``). Only a name written as a header is
    (``Location``, not ``location``).
    """
    if row.description is None or not _TOKEN.fullmatch(row.name):
        return False
    text = " ".join(row.description.text.split()).lower()
    return any(w in text for w in vocab.load("roles")["header_statements"])


def _responses(
    infos: list[TableInfo], top: list[TableInfo], builder: FieldBuilder,
    stated: Sequence[tuple[str, Span]] = (), implied: SuccessClass | None = None,
    shown: str | None = None,
) -> list[Response]:
    """One Response per documented status; ``stated`` are the codes the page
    gives outside any table (:func:`.sections.stated_statuses`,
    :func:`.statuses.statuses_outside_tables`), ``implied`` the class of success
    statuses it promises when it states no code (:func:`.statuses.success_class`),
    ``shown`` the one success status its response examples show on their status lines.

    A response table with no status of its own describes every stated
    success status that carries content; where the page states none, the
    status its examples show, else the implied one (``2XX``), else ``200``.
    """
    codes: dict[str, tuple[str, Span]] = {}
    for info in infos:
        for code, desc, span in info.status_rows:
            codes.setdefault(code, (desc, span))
    for code, span in stated:
        codes.setdefault(code, ("", span))
    successes = sorted(c for c in codes if c[:1] in ("2", "3"))
    implied_200 = any(i.role in ("response", "response-header") and not i.status for i in top)
    if implied is not None and (successes or shown or (implied_200 and not implied.stated)):
        implied = None
    if implied is not None:
        codes.setdefault(implied.status, ("", implied.span))
    success = successes[0] if successes else implied.status if implied else shown or "200"
    unlabelled = [c for c in successes if c not in NO_CONTENT] or [success]
    by_status: dict[str, list[TableInfo]] = {}
    headers: dict[str, list[TableInfo]] = {}
    for info in top:
        if info.role == "response":
            header_rows = [r for r in info.rows if _is_header_name(r.name) or _said_in_header(r)]
            body_rows = [r for r in info.rows if r not in header_rows]
            for status in [info.status] if info.status else unlabelled:
                if header_rows:
                    headers.setdefault(status, []).append(replace(info, rows=header_rows))
                if len(header_rows) < len(info.rows) or not info.rows:
                    by_status.setdefault(status, []).append(replace(info, rows=body_rows) if header_rows else info)
        elif info.role == "response-header":
            for status in [info.status] if info.status else unlabelled:
                headers.setdefault(status, []).append(info)
    out = []
    for status in sorted(set(codes) | set(by_status) | set(headers)):
        desc, span = codes.get(status, ("", None))  # type: ignore[arg-type]
        tables = by_status.get(status, [])
        span = span or (tables[0].table.span if tables else headers[status][0].table.span)
        header_fields = tuple(
            f for i in headers.get(status, []) for f in builder.fields(i, i.rows, "response-header")
        )
        out.append(Response(status, span, desc, builder.body(tables, "response"), header_fields))
    return out


def _examples(page: Page, ctxs: list[Context], sink: DiagnosticSink) -> tuple[Example, ...]:
    out = []
    for block, ctx in zip(page.blocks, ctxs):
        if not isinstance(block, Code) or not block.text.strip():
            continue
        if ctx.section not in ("example-request", "example-response", "examples"):
            continue
        for offset, text in example_parser.alternatives(block.text):
            span = replace(block.span, line=block.span.line + offset)
            parsed = example_parser.parse_example(text)
            kind = _example_kind(ctx, parsed)
            if kind is None:
                continue
            if not parsed.strict:
                fixed = f" (read after fixing: {', '.join(parsed.fixes)})" if parsed.fixes else ""
                sink.warning("example-invalid-json",
                             f"{kind} example is not strict JSON: {parsed.problem}{fixed}", span)
            out.append(
                Example(
                    kind=kind,
                    text=text,
                    span=span,
                    value=parsed.value,
                    strict=parsed.strict,
                    status=_example_status(ctx, parsed) if kind == "response" else None,
                    http_line=parsed.http_line,
                    problem=parsed.problem,
                )
            )
    return tuple(out)


#: The status of an error example the page states no error status for: any undocumented status.
_ERROR_STATUS = "default"


def _example_status(ctx: Context, parsed: example_parser.ParsedExample) -> str | None:
    """The status a response example answers; an error example never gets a success status.

    An explicit status (a ``Status code: 400`` line, ``HTTP/1.1 404``) is
    the page's word, even over a body that looks like an error (rst/dws
    answers 200 with ``{"error_code": "DWS.0000"}``), unless the example's
    title says it failed: "Example response (request failed)" follows the
    success example under the same status line. An example titled so, and
    an error body with no status stated at all ("or" after the success
    example), answers
    the status its body states (``"code": 404``), else ``default``; a
    success example under a stale error status answers the page's success
    status (``None`` here, filled in by ``_with_statuses``).
    """
    status = ctx.status or parsed.status
    success = status is None or status.startswith("2")
    if ctx.outcome == "error" or (status is None and example_parser.is_error_body(parsed.value)):
        if not success:
            return status
        return example_parser.error_body_status(parsed.value) or _ERROR_STATUS
    if ctx.outcome == "success" and not success:
        return parsed.status if parsed.status and parsed.status.startswith("2") else None
    return status


def _with_statuses(found: tuple[Example, ...], responses: list[Response]) -> tuple[Example, ...]:
    """A response example with no status line answers the page's success status."""
    success = min((r.status for r in responses if r.status.startswith("2")), default=None)
    return tuple(
        replace(ex, status=success) if ex.kind == "response" and ex.status is None else ex
        for ex in found
    )


def _example_kind(ctx: Context, parsed: example_parser.ParsedExample) -> str | None:
    if ctx.section == "example-request":
        return "request"
    if ctx.section == "example-response":
        return "response"
    if parsed.method:
        return "request"
    if parsed.status or parsed.value is not NOT_STATED:
        return "response"
    return None


def _documents_error_codes(page: Page, ctxs: list[Context]) -> bool:
    for block, ctx in zip(page.blocks, ctxs):
        if isinstance(block, Para) and (ctx.section == "error-codes" or roles.mentions_error_codes(block.text)):
            return True
        if isinstance(block, Heading) and roles.classify_heading(block.text) == "error-codes":
            return True
    return False
