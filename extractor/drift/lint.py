"""Self-checks of one page: its examples against its own tables, its names, its diagnostics.

These ``page`` rules need no other version: an example that is not strict
JSON or contradicts the page's own schema, a field name that looks like a
typo, a type phrase nobody knows, a "see Table N" that leads nowhere. The
last two are found while interpreting the page and arrive as diagnostics;
here they become findings with an endpoint and a pointer like the others.

Examples are validated with ``jsonschema`` against the schema the writer
makes of the page (:func:`~docconform.extractor.writers.jsonschema.field_schema`), so a
lint finding and the written schema can never disagree about what the page
says. Not responsible for comparing versions (:mod:`.rules`) nor for
parsing examples (the interpreter did, tolerantly, and recorded whether the
text was strict).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..diagnostics import Diagnostic, Level
from ..model import Endpoint, Field, Span
from .align import Version
from .context import Context
from .examples import ExampleProblem, example_problems
from .excerpts import ExcerptProvider, no_excerpts
from .findings import Finding, Side
from .names import Vocabulary, description_misspellings, majority, suspect_words
from .registry import RULES, rule
from .values import field_pointers

__all__ = ["lint_endpoint", "lint_version"]


def lint_endpoint(ep: Endpoint, *, diagnostics: Sequence[Diagnostic] = (),
                  excerpts: ExcerptProvider = no_excerpts, label: str = "") -> list[Finding]:
    """Every page-rule finding for one endpoint, sorted.

    ``diagnostics`` are the interpreter's for the endpoint's page (pass them
    for one endpoint of a page only, or they are reported once per endpoint).
    """
    version = Version(ep, label=label, diagnostics=tuple(diagnostics))
    ctx = Context(f"{ep.method} {ep.path}", ep.doc_id, (version,), excerpts)
    return sorted(lint_version(version, ctx), key=Finding.sort_key)


def lint_version(version: Version, ctx: Context) -> list[Finding]:
    """The page rules on one version; ``ctx.versions`` must be ``(version,)``."""
    out: list[Finding] = []
    for r in RULES.values():
        for check in r.checks_for("page"):
            out.extend(check(version, ctx))
    return out


@rule("example-invalid-json", Level.WARNING, scope="page")
def example_invalid_json(v: Version, ctx: Context) -> Iterator[Finding]:
    """An example request or response body that is not strict JSON as written.

    Trailing commas, comments, smart quotes, ``...`` elements, unquoted keys,
    a body cut out of a larger one. Reported even when the interpreter could
    repair the text (the repaired value is then still checked by
    example-schema-mismatch). Not reported: request lines without a body
    (GET, DELETE), even one whose URL holds a space, bodies written as
    None/无, the HTTP request or status line above a body, which the
    interpreter splits off first, and markup bodies (the HTML page nova
    answers a tag PUT with, Keystone's SAML metadata): another media type,
    not broken JSON.
    """
    for ex in v.endpoint.examples:
        if ex.strict or _request_line_only(ex.text) or _markup_body(ex.text):
            continue
        problem = ex.problem or "not JSON"
        line = ex.span.line
        m = re.search(r"line (\d+) column", problem)
        if m:
            lines = ex.text.split("\n")
            k = int(m.group(1))
            needle = lines[k - 1].strip() if 0 < k <= len(lines) else ""
            line = _locate(ctx, ex.span.source, ex.span.line, needle, len(lines))
        side = ctx.side(Span(ex.span.source, line), problem, 0)
        yield ctx.finding("example-invalid-json", _example_pointer(v.endpoint, ex.kind, ex.status),
                          f"{ex.kind.capitalize()} example is not strict JSON: {problem}", (side,))


@rule("example-schema-mismatch", Level.ERROR, scope="page")
def example_schema_mismatch(v: Version, ctx: Context) -> Iterator[Finding]:
    """An example that contradicts the page's own tables.

    Checks the top-level shape (an array where the table describes an
    object, and the other way round; the elements are then still checked),
    value types, documented enum values, required fields and stated bounds,
    for request examples against the request body and for response examples
    against the body of their status. Not checked: fields the tables do not
    mention (tables are often incomplete), formats, and examples whose
    status has no documented body. Not reported here: ``null`` where the
    table gives a type (example-null). A warning rather than an error: a
    value outside the documented enum (enum values are read from prose).
    """
    for problem in example_problems(v.endpoint):
        if not _is_null(problem):
            yield _example_finding("example-schema-mismatch", problem, ctx,
                                   Level.WARNING if problem.keyword == "enum" else Level.ERROR)


@rule("example-null", Level.INFO, scope="page")
def example_null(v: Version, ctx: Context) -> Iterator[Finding]:
    """An example that shows null for a field whose table gives a type.

    Pages never say which fields may be null, and examples show ``null`` for
    values a response leaves unset, so doc teams triage these apart from
    real contradictions (example-schema-mismatch): either the table should
    say the field may be null, or the example should show a value. Not
    reported: ``null`` for a field the tables do not list, or whose type is
    unknown or free-form.
    """
    for problem in example_problems(v.endpoint):
        if _is_null(problem):
            yield _example_finding("example-null", problem, ctx, Level.INFO)


def _is_null(problem: ExampleProblem) -> bool:
    return problem.keyword == "type" and problem.value is None


def _example_finding(rule_id: str, problem: ExampleProblem, ctx: Context, level: Level) -> Finding:
    ex = problem.example
    lines = len(ex.text.split("\n"))
    line = _locate(ctx, ex.span.source, ex.span.line, problem.needle, lines) if problem.needle else ex.span.line
    sides: tuple[Side, ...] = (ctx.side(Span(ex.span.source, line), problem.value, 0, label="example",
                                        text=problem.shown),)
    if problem.field is not None:
        kind = "enum" if problem.keyword == "enum" else ""
        sides += (ctx.side(problem.field.span, problem.stated, 0, label="table", kind=kind),)
    return ctx.finding(rule_id, problem.pointer, problem.message, sides, level)


@rule("name-suspect", Level.WARNING, scope="page")
def name_suspect(v: Version, ctx: Context) -> Iterator[Finding]:
    """A field name that looks like a typo, or that its own description spells otherwise.

    Flags a word of a name that no other name on the page uses while
    another name uses it with one slip (``last-udpate-user`` beside
    ``last-update-date``), and a description that writes the field's own
    name differently (``triggerSavePoint`` in the description of
    ``trigger_savepoint``). Deliberately quiet on plurals and other word
    forms (``job_id``/``job_ids``), digits (``ipv4``/``ipv6``), words under
    five letters, and description words that name another field.
    """
    ep = v.endpoint
    fields = list(field_pointers(ep))
    by_name: dict[str, tuple[str, Field]] = {}
    for pointer, f in fields:
        by_name.setdefault(f.name, (pointer, f))
    prose = [(f.description, name) for name, (_, f) in by_name.items()] + [(ep.title, "")]
    usage = ctx.usage()
    for name, word, kind, witness, right in suspect_words((n for n in by_name if n), prose, usage.words):
        pointer, f = by_name[name]
        if kind == "name":
            other = ctx.side(by_name[witness][1].span, witness, 0)
            where = f"as in `{witness}`"
        elif witness:
            other = ctx.side(_line_with(ctx, by_name[witness][1].span, right), right, 0)
            where = f"as the description of `{witness}` writes it"
        else:
            title = Span(ep.source, _locate(ctx, ep.source, 1, ep.title, 10) if ep.title else ep.span.line)
            other = ctx.side(title if ep.title in ctx.excerpt(title, 0) else ep.span, ep.title, 0)
            where = "as the title writes it"
        yield ctx.finding("name-suspect", pointer, f"`{name}`: `{word}` looks like a typo of `{right}` ({where})",
                          (ctx.side(f.span, name, 0), other))
    known = set(by_name)
    for pointer, f in fields:
        for spelling in description_misspellings(f.name, f.description, known):
            sides = (ctx.side(f.span, f.name, 0), ctx.side(_line_with(ctx, f.span, spelling), spelling, 0))
            yield ctx.finding("name-suspect", pointer, _own_description(f.name, spelling, usage), sides)


def _own_description(name: str, spelling: str, usage: Vocabulary) -> str:
    """Which of the two spellings the run's names favour, when they favour one."""
    best = majority((name, spelling), usage.names)
    if best == spelling:
        return (f"`{name}` looks like a typo of `{spelling}`: its own description and "
                f"{usage.names.get(spelling, 0)} other pages of the run write `{spelling}`")
    if best == name:
        return f"The description of `{name}` misspells it as `{spelling}`"
    return f"`{name}` is written `{spelling}` in its own description"


_REQUEST_LINE = re.compile(r"^\s*(GET|HEAD|DELETE|POST|PUT|PATCH|OPTIONS)\s+\S.*?(HTTP/\d(\.\d)?)?\s*$",
                           re.IGNORECASE)


def _request_line_only(text: str) -> bool:
    """An example that is only a request line (``GET /v2/x / aliases/dev HTTP/1.1``, or its
    ``HTTP/1.1`` on a line of its own): no body to judge, even where the interpreter could
    not split it off."""
    line = " ".join(x.strip() for x in text.strip().splitlines() if x.strip())
    return bool(_REQUEST_LINE.match(line)) and "{" not in line and "[" not in line


_STATUS_LINE = re.compile(r"^\s*(HTTP/\d(\.\d)?\s+)?\d{3}(\s+\w.*)?$", re.IGNORECASE)


def _markup_body(text: str) -> bool:
    """An example whose body, below any request or status line, is XML or HTML (``<html>``)."""
    body = [x for x in text.strip().splitlines()
            if x.strip() and not _REQUEST_LINE.match(x) and not _STATUS_LINE.match(x)]
    return bool(body) and body[0].lstrip().startswith("<")


def _line_with(ctx: Context, span: Span, text: str) -> Span:
    """The line of a table row's description that holds ``text`` (rows span lines)."""
    found = _locate(ctx, span.source, span.line, text, 15)
    if found == span.line and text.lower() not in ctx.excerpt(span, 0).lower():
        found = _locate(ctx, span.source, span.line, text.lower(), 15)
    return Span(span.source, found)


@rule("type-unknown", Level.WARNING, scope="page")
def type_unknown(v: Version, ctx: Context) -> Iterator[Finding]:
    """A type phrase the vocabulary does not know, left unconstrained in the schema.

    From the interpreter's diagnostics: typos (``Interger`` is known as a
    typo and not reported), values from the wrong column (``No`` in Type),
    named types with no table on the page. Not reported for rows whose type
    names a table that was found, nor for deliberate free-form types
    (``Object``, ``Map<String,String>``, ``AnyType``).
    """
    yield from _from_diagnostics(v, ctx, "type-unknown")


@rule("table-unresolved", Level.WARNING, scope="page")
def table_unresolved(v: Version, ctx: Context) -> Iterator[Finding]:
    """A row that points at a table ("see Table 4", a named type, a link) that cannot be found.

    From the interpreter's diagnostics; the field is kept without children.
    Not reported for links to other pages (shared data-structure pages),
    which a page alone cannot resolve and are expected.
    """
    yield from _from_diagnostics(v, ctx, "table-unresolved")


# ---------------------------------------------------------------- helpers


def _from_diagnostics(v: Version, ctx: Context, code: str) -> Iterator[Finding]:
    at_line = {f.span.line: (pointer, f) for pointer, f in field_pointers(v.endpoint)}
    for d in v.diagnostics:
        if d.code != code:
            continue
        pointer, f = at_line.get(d.span.line, ("", None))
        value = f.type.raw if f is not None else d.message
        yield ctx.finding(code, pointer, d.message, (ctx.side(d.span, value, 0),))


def _example_pointer(ep: Endpoint, kind: str, status: str | None) -> str:
    return "/request/body" if kind == "request" else f"/responses/{status or '200'}/body"


def _locate(ctx: Context, source: str, start: int, needle: str, lines: int) -> int:
    """The source line at or after ``start`` holding ``needle`` (blocks may be interleaved with chrome)."""
    if not needle:
        return start
    for line in range(start, start + 2 * lines + 6):
        if needle in ctx.excerpt(Span(source, line), 0):
            return line
    return start

