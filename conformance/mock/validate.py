"""Request validation for the mock: one request against one documented operation.

Given an :class:`~docconform.conformance.contract.Operation` and what a client sent
(path values, query pairs, headers, raw body), :class:`RequestValidator`
says which documented rules the request broke, each as a :class:`Violation`
naming a stable rule id, a JSON pointer into the request (``/body/job_ids/0``,
``/header/X-Auth-Token``) and the document line that states the rule (the
``x-source`` the extractor wrote). It also lists which documented
parameters and fields the request exercised, for coverage.

Levels: ``error`` violations make the mock answer 4xx; ``warning`` (a field
the page does not list) and ``info`` (a header the page does not mention)
are reported but the request is served, because the documents list only
what they require and real clients send more (signing headers, tracing).
A body violation the page's own example request commits the same way at
the same place is a ``warning`` too, naming the example's line
(:mod:`.precedent`), unless ``strict``: then the table wins.

Not responsible for routing, reading the body off the wire, size limits or
answering (:mod:`.mock`), nor for the wording of the certification report
(:mod:`.certify`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from docconform.extractor.writers.jsonschema import is_json_media, media_schema

from ..media import coerce_text, form_value, multipart_pairs

from ..contract import Operation, ParamSpec
from .precedent import Precedents
from .schema import DocumentedItem, inventory, unvalidated, walk_present
from .violations import STATUS_BY_RULE, SchemaCheck, Violation, schema_violations, unique

__all__ = [
    "STATUS_BY_RULE",
    "IncomingRequest",
    "Outcome",
    "RequestValidator",
    "Violation",
    "is_json_media",
]

#: Headers every HTTP client sends: never worth reporting as undocumented.
_PLUMBING = frozenset({
    "host", "user-agent", "accept", "accept-encoding", "accept-language", "accept-charset",
    "connection", "keep-alive", "content-type", "content-length", "transfer-encoding", "te",
    "expect", "date", "cache-control", "pragma", "upgrade", "origin", "referer", "prefer",
    "traceparent", "tracestate", "via", "forwarded", "x-forwarded-for", "x-forwarded-proto",
})
_LEVEL_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(slots=True)
class IncomingRequest:
    """What the client sent, already split by the server: no I/O left to do."""

    path_params: dict[str, str]
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names, repeated headers joined by ", "
    body: bytes = b""


@dataclass(slots=True)
class Outcome:
    violations: list[Violation] = field(default_factory=list)
    exercised: list[str] = field(default_factory=list)
    #: The documented authentication scheme the request used (``token``, ``aksk``), if any.
    auth: str | None = None
    #: Parts of the request the contract cannot check (members of bare objects).
    unvalidated: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(v.level == "error" for v in self.violations)


class RequestValidator:
    """Validators compiled once per operation, so a request costs only the checks it needs."""

    def __init__(self, op: Operation, *, strict: bool = False) -> None:
        self.op = op
        self.strict = strict
        self.documented: tuple[DocumentedItem, ...] = inventory(op)
        self._params = [(p, SchemaCheck(p.schema)) for p in op.params]
        self._header_names = {p.name.lower() for p in op.params if p.location == "header"}
        self._header_names |= {name for a in op.auth for name in a.names}
        self._query_names = {p.name for p in op.params if p.location == "query"}
        self._body = SchemaCheck(op.body) if op.body is not None else None
        self._media_checks: dict[str, SchemaCheck] = {}
        #: What the page's own example requests break: served with a warning. None under
        #: strict, where the table wins (and the examples need not be judged at start-up).
        self.precedents = Precedents() if strict else Precedents.of(op, self._example_violations)

    def _example_violations(self, body: bytes) -> list[Violation]:
        """What one of the page's example request bodies (JSON) breaks, as a request would."""
        media = next((m for m in self.documented_media if is_json_media(m.lower())), None)
        if media is None:
            return []
        out = Outcome()
        self._check_body(IncomingRequest({}, [], {"content-type": media}, body), out)
        return out.violations

    def validate(self, req: IncomingRequest) -> Outcome:
        out = Outcome()
        for spec, validator in self._params:
            self._check_param(spec, validator, req, out)
        self._check_auth(req, out)
        self._undocumented_params(req, out)
        self._check_body(req, out)
        if self.precedents:
            out.violations = self.precedents.apply(out.violations)
        out.violations = unique(sorted(out.violations, key=lambda v: (_LEVEL_RANK[v.level], v.pointer)))
        return out

    # -- parameters -------------------------------------------------------

    def _check_param(self, spec: ParamSpec, validator: SchemaCheck,
                     req: IncomingRequest, out: Outcome) -> None:
        pointer = f"/{spec.location}/{spec.name}"
        raw = _raw_values(spec, req)
        if not raw:
            if spec.required:
                where = {"header": "header", "query": "query parameter"}.get(spec.location, "path value")
                out.violations.append(Violation(
                    "required-missing", pointer,
                    f"{where} {spec.name} is missing; the document marks it mandatory", spec.source))
            return
        out.exercised.append(pointer)
        value = coerce_text(raw, spec.schema)
        out.violations.extend(schema_violations(validator.errors(value), pointer, spec.schema, spec.source))

    def _check_auth(self, req: IncomingRequest, out: Outcome) -> None:
        """The documented authentication: any one of the schemes (token, AK/SK signing)."""
        if not self.op.auth:
            return
        used = next((a for a in self.op.auth if a.satisfied_by(req.headers)), None)
        if used is not None:
            out.auth = used.name
            return
        if self.op.auth_required:
            first = self.op.auth[0]
            ways = " or ".join(a.describe() for a in self.op.auth)
            out.violations.append(Violation(
                "auth-missing", f"/header/{first.header}",
                f"the request carries no documented credentials; send {ways}", first.source))

    def _undocumented_params(self, req: IncomingRequest, out: Outcome) -> None:
        level = "error" if self.strict else "warning"
        for name in sorted({n for n, _ in req.query} - self._query_names):
            out.violations.append(Violation(
                "param-undocumented", f"/query/{name}",
                f"query parameter {name} is not documented for this operation", self.op.source, level))
        for name in sorted(set(req.headers) - self._header_names - _PLUMBING):
            out.violations.append(Violation(
                "header-undocumented", f"/header/{name}",
                f"header {name} is not mentioned by the document", self.op.source, "info"))

    # -- body -------------------------------------------------------------

    def _check_body(self, req: IncomingRequest, out: Outcome) -> None:
        schema, body = self.op.body, req.body
        if schema is None and not self.op.media_types:
            if body.strip():
                out.violations.append(Violation(
                    "body-undocumented", "/body",
                    f"a {len(body)}-byte body was sent; the document describes no request body",
                    self.op.source, "warning"))
            return
        body_source = (schema or {}).get("x-source", self.op.source)
        if not body.strip():
            if self.op.body_required:
                out.violations.append(Violation(
                    "body-missing", "/body", f"the request has no body; the document requires a "
                    f"{' or '.join(self.documented_media)} body", body_source))
            return
        content_type = req.headers.get("content-type", "")
        media = self._documented_media(content_type)
        if media is None:
            sent = f"Content-Type {content_type!r}" if content_type else "no Content-Type"
            out.violations.append(Violation(
                "content-type-unsupported", "/header/Content-Type",
                f"{sent} was sent; the document describes a {' or '.join(self.documented_media)} body",
                body_source))
            return
        value = self._read(media, content_type, body, body_source, out)
        if value is _INVALID:
            return
        out.exercised.append("/body")
        target = media_schema(media, schema)
        check = self._body if target is schema and self._body is not None else self._media_check(media, target)
        out.violations.extend(schema_violations(check.errors(value), "/body", target, body_source))
        if target is not schema or schema is None:
            return
        out.unvalidated.extend(unvalidated(schema, value, "/body"))
        level = "error" if self.strict else "warning"
        for pointer, present, node, source in walk_present(schema, value, "/body", body_source):
            if present:
                out.exercised.append(pointer)
            else:
                out.violations.append(_undocumented_field(pointer, node, level, source))

    @property
    def documented_media(self) -> tuple[str, ...]:
        return self.op.media_types or ("application/json",)

    def _documented_media(self, content_type: str) -> str | None:
        """The documented media type a request's Content-Type is (JSON stands for any +json)."""
        sent = content_type.split(";", 1)[0].strip().lower()
        for media in self.documented_media:
            if sent == media.lower() or (is_json_media(sent) and is_json_media(media)):
                return media.lower()
        return None

    def _media_check(self, media: str, schema: dict[str, Any]) -> SchemaCheck:
        if media not in self._media_checks:
            self._media_checks[media] = SchemaCheck(schema)
        return self._media_checks[media]

    def _read(self, media: str, content_type: str, body: bytes, source: str, out: Outcome) -> Any:
        """The body as a value to validate: JSON parsed, a form's fields as their documented
        types, a file as the text placeholder of its size."""
        if media == "application/x-www-form-urlencoded":
            try:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            except (UnicodeDecodeError, ValueError) as exc:
                out.violations.append(Violation("body-invalid-form", "/body", f"not a URL-encoded form: {exc}",
                                                source))
                return _INVALID
            return form_value(pairs, self.op.body)
        if media == "multipart/form-data":
            pairs = multipart_pairs(content_type, body)
            if pairs is None:
                out.violations.append(Violation("body-invalid-form", "/body",
                                                 "not a multipart/form-data body with a boundary", source))
                return _INVALID
            return form_value(pairs, self.op.body)
        if "json" in media:
            return _parse_json(body, source, out)
        return f"<{len(body)} bytes>"


_INVALID = object()


def _raw_values(spec: ParamSpec, req: IncomingRequest) -> list[str]:
    if spec.location == "path":
        value = req.path_params.get(spec.name)
        return [] if value is None else [value]
    if spec.location == "header":
        value = req.headers.get(spec.name.lower())
        return [] if value is None else [value]
    return [v for n, v in req.query if n == spec.name]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is beyond the range of a JSON number")
    return value


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def _parse_json(body: bytes, source: str, out: Outcome) -> Any:
    try:
        return _DECODER.decode(body.decode(json.detect_encoding(body)))
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except (ValueError, UnicodeDecodeError) as exc:
        problem = f"not valid JSON: {exc}"
    except RecursionError:
        problem = "not valid JSON: nested too deeply to read"
    out.violations.append(Violation("body-invalid-json", "/body", f"the body is {problem}", source))
    return _INVALID


def _undocumented_field(pointer: str, parent: dict[str, Any], level: str, source: str) -> Violation:
    name = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
    known = list(parent.get("properties", {}))
    hint = _near(name, known)
    message = f"field {name} is not documented" + (f"; did you mean {hint}?" if hint else "")
    return Violation("field-undocumented", pointer, message, source, level)


def _near(name: str, known: list[str]) -> str | None:
    """A documented name that differs only in case, ``_``/``-`` or camelCase (``jobIds``)."""
    squash = re.sub(r"[_\-\s]", "", name).lower()
    return next((k for k in known if re.sub(r"[_\-\s]", "", k).lower() == squash), None)


