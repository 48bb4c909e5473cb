"""The checks: named judgements of one response against the page's promises.

Responsible for: the ``CHECKS`` registry, the ``@check`` decorator that adds
to it (users register their own checks the same way, e.g. from a
``conftest.py``), the :class:`Failure` value a check yields, and the built-in
checks. A check is a plain function ``(ctx, case, response) -> Iterable[Failure]``;
it never raises for a finding and never sends requests. ``cases`` says which
cases a check judges: ``all`` (valid and invalid), ``valid``, ``invalid``,
``examples``, ``missing-header`` or ``methods``.

Not responsible for: producing cases or responses (``runner``), or showing
failures (``report``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .case import Case
from .client import Response
from ..contract import Operation
from ..schema_tools import source_along, validation_errors

__all__ = ["CASE_KINDS", "CHECKS", "REQUEST_DESCRIBING", "CheckContext", "CheckSpec", "Failure", "check", "parse_json"]

CASE_KINDS = ("all", "valid", "invalid", "examples", "missing-header", "methods")
#: Request headers that describe the request itself: the client sets them, and a page that marks
#: one mandatory does not promise that the server rejects a request without it.
REQUEST_DESCRIBING = frozenset({"content-type", "accept", "content-length", "accept-encoding", "host",
                                "user-agent", "connection", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class Failure:
    """One broken promise: which check, what happened, where the page promised otherwise."""

    check: str
    title: str
    detail: str = ""
    schema_path: str | None = None
    promise: str | None = None
    severity: str = "error"


@dataclass(frozen=True, slots=True)
class CheckContext:
    operation: Operation
    documented_methods: frozenset[str]


CheckFn = Callable[[CheckContext, Case, Response], "Iterable[Failure] | None"]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    name: str
    fn: CheckFn
    cases: str
    description: str


CHECKS: dict[str, CheckSpec] = {}


def check(name: str, *, cases: str = "all") -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as check ``name`` (kebab-case) judging ``cases``; a later registration wins."""
    if cases not in CASE_KINDS:
        raise ValueError(f"check {name!r}: cases must be one of {', '.join(CASE_KINDS)}")

    def register(fn: CheckFn) -> CheckFn:
        doc = (fn.__doc__ or "").strip().splitlines()
        CHECKS[name] = CheckSpec(name, fn, cases, doc[0] if doc else name)
        return fn
    return register


def parse_json(response: Response) -> tuple[Any, str | None]:
    """The body as JSON, or the reason it is not (invalid UTF-8 named by offset)."""
    try:
        text = response.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"body is not valid UTF-8 (byte 0x{response.body[exc.start]:02x} at offset {exc.start})"
    try:
        return json.loads(text), None
    except ValueError as exc:
        return None, f"body is not JSON ({exc})"
    except RecursionError:
        return None, "body is JSON nested too deeply to read (a hostile or broken answer)"


def _documented(op: Operation) -> str:
    return ", ".join(r.status for r in op.responses) or "none"


def _status_source(op: Operation) -> str:
    return next((r.source for r in op.responses if r.source), op.source)


@check("not-a-server-error")
def not_a_server_error(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """The server never answers 5xx."""
    if response.status >= 500:
        yield Failure("not-a-server-error", f"server error {response.status} for {case.describe()}",
                      promise=case.source or ctx.operation.source)


@check("status-code-conformance")
def status_code_conformance(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """Every status code is one the page documents (4XX when it refers to its error codes)."""
    if ctx.operation.response(response.status) is None:
        yield Failure("status-code-conformance",
                      f"status {response.status} is not documented (documented: {_documented(ctx.operation)})",
                      promise=_status_source(ctx.operation))


@check("content-type-conformance")
def content_type_conformance(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A documented JSON body comes as application/json."""
    spec = ctx.operation.response(response.status)
    if spec is None or spec.schema is None or not response.body and (response.status == 204 or case.method == "HEAD"):
        return
    media = response.media_type
    if media != "application/json" and not media.endswith("+json"):
        yield Failure("content-type-conformance",
                      f"Content-Type is {media or 'missing'!r}; the page documents a JSON body for {spec.status}",
                      promise=spec.source or ctx.operation.source)


@check("response-schema-conformance")
def response_schema_conformance(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A documented response body matches its documented schema."""
    spec = ctx.operation.response(response.status)
    if spec is None or spec.schema is None or case.method == "HEAD":  # HEAD answers never carry a body
        return
    yield from _schema_failures("response-schema-conformance", spec.schema, spec.source, response)


def _schema_failures(name: str, schema: dict[str, Any], source: str, response: Response) -> Iterator[Failure]:
    if not response.body:
        yield Failure(name, f"empty body; the page documents a JSON body for {response.status}", promise=source)
        return
    value, problem = parse_json(response)
    if problem:
        yield Failure(name, problem, promise=source)
        return
    errors = validation_errors(schema, value)
    if errors:
        first = errors[0]
        where = "/".join(map(str, first.absolute_schema_path))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        yield Failure(name, f"{first.json_path}: {first.message[:300]}{more}",
                      schema_path=f"{first.json_path} (schema: {where})",
                      promise=source_along(schema, first.absolute_schema_path) or source)


@check("positive-data-acceptance", cases="valid")
def positive_data_acceptance(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A request the page allows is not rejected with 400, 404 or 422."""
    if response.status in (400, 404, 422):
        yield Failure("positive-data-acceptance",
                      f"valid request ({case.describe()}) rejected with {response.status}",
                      promise=case.source or ctx.operation.source)


@check("negative-data-rejection", cases="invalid")
def negative_data_rejection(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A request the page forbids gets a 4xx answer."""
    if not 400 <= response.status < 500:
        yield Failure("negative-data-rejection",
                      f"invalid request ({case.describe()}) answered {response.status}; a 4xx was expected",
                      promise=case.source or ctx.operation.source)


@check("missing-required-header", cases="missing-header")
def missing_required_header(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A request without a mandatory header (such as X-Auth-Token) gets a 4xx answer."""
    if not 400 <= response.status < 500:
        yield Failure("missing-required-header",
                      f"request with {case.label} answered {response.status}; a 4xx was expected",
                      promise=case.source or ctx.operation.source)


@check("unsupported-method", cases="methods")
def unsupported_method(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """A method the page does not document for the path gets 405 with an Allow header that leaves
    it out; mutating methods are asked about with OPTIONS where no resource of the run is at hand."""
    allow = {m.strip().upper() for m in (response.header("allow") or "").split(",") if m.strip()}
    if case.method == "OPTIONS":
        asked = sorted(set(case.label.rsplit(": ", 1)[-1].split(", ")) & allow)
        if asked:
            yield Failure("unsupported-method", f"OPTIONS answered Allow: {response.header('allow')}, which lists "
                          f"{', '.join(asked)}, not documented for this path", promise=case.source or ctx.operation.source)
        return
    if response.status != 405:
        yield Failure("unsupported-method", f"{case.method} (not documented for this path) answered "
                      f"{response.status}; 405 was expected", promise=case.source or ctx.operation.source)
    elif not response.header("allow"):
        yield Failure("unsupported-method", f"{case.method} answered 405 without an Allow header",
                      promise=case.source or ctx.operation.source)
    elif case.method in allow:
        yield Failure("unsupported-method", f"{case.method} answered 405, yet its Allow header lists it "
                      f"({response.header('allow')})", promise=case.source or ctx.operation.source)


@check("example-conformance", cases="examples")
def example_conformance(ctx: CheckContext, case: Case, response: Response) -> Iterator[Failure]:
    """The documented example request is accepted and answered with the documented schema."""
    if not 200 <= response.status < 300:
        yield Failure("example-conformance", f"documented example request answered {response.status}",
                      promise=case.source)
        return
    spec = ctx.operation.response(response.status)
    if spec is not None and spec.schema is not None:
        for failure in _schema_failures("example-conformance", spec.schema, spec.source, response):
            yield Failure(failure.check, f"answer to the documented example: {failure.title}",
                          schema_path=failure.schema_path, promise=failure.promise or case.source)
