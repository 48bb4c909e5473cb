"""The documented contract, loaded from what ``docconform extract`` wrote.

Conformance testing and the mock server consume only written schemas, never
pages: either a folder of per-endpoint bundles (``*.json`` with a
``request`` part) or one OpenAPI 3.1 document. Both load into the same
:class:`Operation` values, so checks and the mock do not care which.

Several pages may document one method and path. Versions of one page (the
three versions of dli_02_0241: same doc id) are one operation: the first by
source path is the contract and the others are listed in ``alternatives``;
drift is where their differences are reported. Different pages (doc ids, or
one doc id on two titles of one doc set: :func:`~docconform.extractor.writers.variants.version_keys`)
are *variants* of the operation (Nova's ``…/action`` with a page per action, the
four login pages of ``POST /v3/auth/tokens``): each is an operation of its
own, with the ``discriminator`` that tells its requests apart
(:mod:`docconform.extractor.writers.variants`) and its ``siblings``; pages
whose discriminators are equal (the English and the Chinese ``os-start``)
are versions again. The mock and the suite pick, for a request, the variant
it matches (:mod:`.variants`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from docconform.extractor.writers.errors import ErrorResponse, default_error_schema, error_responses
from docconform.extractor.writers.jsonschema import is_json_media
from docconform.extractor.writers.variants import (
    Discriminator,
    PageId,
    VariantShape,
    discriminators,
    doc_key,
    same_variant,
    version_keys,
)

from .openapi_input import OpenAPIInputError, inline_local_refs, read_contract_file

__all__ = ["AuthSpec", "ContractError", "Discriminator", "ExampleSpec", "Operation", "ParamSpec",
           "ResponseSpec", "load_contract"]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_LOCATIONS = ("path", "query", "header")


class ContractError(Exception):
    """The given path holds no usable schemas."""


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    source: str = ""


@dataclass(frozen=True, slots=True)
class AuthSpec:
    """One documented way to authenticate a request (from the doc set's authentication page):
    ``token``, a token in ``header``; ``aksk``, a signature in ``header`` (``Authorization``)
    starting with ``scheme`` (``SDK-HMAC-SHA256``), sent with ``headers`` (``X-Sdk-Date``)."""

    name: str
    header: str
    scheme: str = ""
    headers: tuple[str, ...] = ()
    source: str = ""

    @property
    def names(self) -> frozenset[str]:
        """The request headers (lower case) the scheme sends."""
        return frozenset(h.lower() for h in (self.header, *self.headers))

    def satisfied_by(self, headers: dict[str, str]) -> bool:
        """Whether a request's headers (lower-case names) carry this scheme's credentials."""
        value = headers.get(self.header.lower(), "").strip()
        if not value or (self.scheme and not value.lower().startswith(self.scheme.lower() + " ")):
            return False
        return all(headers.get(h.lower(), "").strip() for h in self.headers)

    def describe(self) -> str:
        if self.scheme:
            extra = "".join(f" with {h}" for h in self.headers)
            return f"{self.header}: {self.scheme} … ({self.name}){extra}"
        return f"{self.header} ({self.name})"


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    status: str
    description: str = ""
    schema: dict[str, Any] | None = None
    source: str = ""
    #: Names of the response headers the page documents (``X-Subject-Token`` of a login).
    headers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExampleSpec:
    kind: str
    value: Any
    status: str | None = None
    source: str = ""
    #: The documented request line (``PUT /v1.1/<id>/clusters/...``) when the
    #: page shows one; it carries example values for path and query parameters.
    http_line: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """One documented HTTP operation with every promise it makes."""

    method: str
    path: str
    doc_id: str | None
    title: str
    source: str
    params: tuple[ParamSpec, ...] = ()
    body: dict[str, Any] | None = None
    body_required: bool = False
    responses: tuple[ResponseSpec, ...] = ()
    examples: tuple[ExampleSpec, ...] = ()
    documents_error_codes: bool = False
    alternatives: tuple[str, ...] = field(default=())
    #: Documented example requests that show a request line, with or without a
    #: body (``examples`` keeps only those with a body value).
    request_lines: tuple[ExampleSpec, ...] = ()
    #: What a request shows to select this page among the variants of its method
    #: and path (None: nothing does, or the operation has one page).
    discriminator: Discriminator | None = None
    #: The other variants of this method and path (their names), in contract order.
    siblings: tuple[str, ...] = ()
    #: How a request may authenticate (alternatives), when the page lists a credential
    #: header and the contract holds the doc set's authentication schemes.
    auth: tuple[AuthSpec, ...] = ()
    #: Whether the page makes credentials mandatory (its credential header is).
    auth_required: bool = False
    #: The request media types the page documents (empty: JSON).
    media_types: tuple[str, ...] = ()
    #: The page's language (``zh-CN``) and format (``markdown``): one doc id on two titles of
    #: one doc set (language and format) is two pages.
    lang: str = ""
    format: str = ""
    #: Whether another variant of this method and path has the same doc id (two pages the
    #: docs gave one id): the name then says the title too.
    shared_doc_id: bool = False

    @property
    def media_type(self) -> str | None:
        """The first documented request media type, lower case without parameters (None: JSON)."""
        return self.media_types[0].split(";")[0].strip().lower() if self.media_types else None

    @property
    def key(self) -> str:
        return f"{self.method} {_PLACEHOLDER.sub('{}', self.path)}"

    @property
    def name(self) -> str:
        """How test ids and reports name the operation (and each of its variants)."""
        if self.doc_id and self.shared_doc_id:
            return f"{self.method} {self.path} ({self.doc_id}: {self.title})"
        if self.doc_id:
            return f"{self.method} {self.path} ({self.doc_id})"
        if self.siblings:
            return f"{self.method} {self.path} ({self.source})"
        return f"{self.method} {self.path}"

    @property
    def variant_label(self) -> str:
        """How a variant is named to a client: its doc id, else its page."""
        return self.doc_id or self.source

    def response(self, status: int | str) -> ResponseSpec | None:
        """The documented response for a status: exact code, then ``4XX``, then ``default``."""
        code = str(status)
        by_status = {r.status.upper(): r for r in self.responses}
        return by_status.get(code) or by_status.get(code[0] + "XX") or by_status.get("DEFAULT")


def load_contract(path: Path) -> list[Operation]:
    """Operations from a bundle folder or an OpenAPI file, sorted by method and path."""
    if path.is_dir():
        ops = _from_bundles(path)
        if not ops and (path / "openapi.json").is_file():
            ops = _from_openapi(path / "openapi.json")
    elif path.is_file():
        try:  # JSON or YAML, OpenAPI 3.0/3.1 from any tool, in the shape read below
            data = read_contract_file(path)
        except OpenAPIInputError as exc:
            raise ContractError(str(exc)) from exc
        ops = _from_openapi_dict(data, str(path)) if "openapi" in data else [_from_bundle(data)]
    else:
        raise ContractError(f"{path}: no such file or folder")
    if not ops:
        raise ContractError(f"{path}: no endpoint schemas found (expected docconform bundles or OpenAPI)")
    return _dedupe(ops)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContractError(f"{path}: not readable JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ContractError(f"{path}: expected a JSON object")
    return data


def _from_bundles(folder: Path) -> list[Operation]:
    ops = []
    for file in sorted(folder.glob("*.json")):
        data = _read_json(file)
        if "request" in data and "method" in data:
            ops.append(_from_bundle(data))
    schemes = _index_auth(folder / "index.json")
    ops = [_with_auth(op, schemes) for op in ops] if schemes else ops
    errors = error_responses(_read_json(folder / "index.json").get("errors")) if (folder / "index.json").is_file() \
        else []
    return [_with_errors(op, errors) for op in ops] if errors else ops


def _with_errors(op: Operation, errors: list[ErrorResponse]) -> Operation:
    """The error statuses of the run's error-code page, for a page that refers to it (its own
    statuses stay)."""
    if not op.documents_error_codes:
        return op
    own = {r.status for r in op.responses if r.status.upper() != "4XX"}
    added = [e for e in errors if e.status not in own]
    responses = tuple(r for r in op.responses if r.status.upper() != "4XX") + tuple(
        ResponseSpec(e.status, e.description, e.schema, e.source) for e in added)
    examples = op.examples + tuple(ExampleSpec("response", e.example, e.status, e.source)
                                   for e in added if e.example is not None)
    return replace(op, responses=responses, examples=examples)


def _index_auth(index: Path) -> tuple[AuthSpec, ...]:
    """The authentication schemes ``extract`` found in the run (``index.json`` ``auth``)."""
    if not index.is_file():
        return ()
    found = _read_json(index).get("auth")
    if not isinstance(found, list):
        return ()
    return tuple(AuthSpec(str(a["kind"]), str(a["header"]), str(a.get("scheme", "")),
                          tuple(str(h) for h in a.get("headers", [])), str(a.get("x-source", "")))
                 for a in found if isinstance(a, dict) and a.get("kind") and a.get("header"))


def _with_auth(op: Operation, schemes: tuple[AuthSpec, ...]) -> Operation:
    """The page's credential headers as authentication alternatives instead of parameters."""
    names = frozenset().union(*(a.names for a in schemes))
    listed = [p for p in op.params if p.location == "header" and p.name.lower() in names]
    if not listed:
        return op
    return replace(op, params=tuple(p for p in op.params if p not in listed), auth=schemes,
                   auth_required=any(p.required for p in listed))


def _group_params(group: dict[str, Any] | None, location: str) -> list[ParamSpec]:
    if not group:
        return []
    required = set(group.get("required", []))
    return [
        ParamSpec(name, location, name in required, schema, schema.get("x-source", ""))
        for name, schema in group.get("properties", {}).items()
    ]


def _from_bundle(data: dict[str, Any]) -> Operation:
    request = data.get("request", {})
    # Content-Type is the body's media type, not a value to send (OpenAPI omits it too)
    params = [p for loc in _LOCATIONS for p in _group_params(request.get(loc), loc)
              if not (loc == "header" and p.name.strip().lower() == "content-type")]
    body = inline_local_refs(request.get("body"))  # recursive types: the mock's walks follow no $ref
    responses = tuple(
        ResponseSpec(status, r.get("description", ""), inline_local_refs(r.get("body")), r.get("x-source", ""),
                     tuple((r.get("headers") or {}).get("properties", {})))
        for status, r in data.get("responses", {}).items()
    )
    if data.get("documents_error_codes") and not any(r.status.upper() == "4XX" for r in responses):
        responses += (ResponseSpec("4XX", "error; the page refers to its error codes", default_error_schema(),
                                   data.get("x-source", "")),)
    examples = tuple(
        ExampleSpec(e["kind"], e["value"], e.get("status"), e.get("x-source", ""), e.get("http_line"))
        for e in data.get("examples", [])
        if "value" in e
    )
    request_lines = tuple(
        ExampleSpec(e["kind"], e.get("value"), e.get("status"), e.get("x-source", ""), e["http_line"])
        for e in data.get("examples", [])
        if e.get("kind") == "request" and e.get("http_line")
    )
    media = (data.get("x-extra") or {}).get("request_media_types") or ()
    return Operation(
        media_types=tuple(str(m) for m in media if isinstance(m, str)),
        method=data["method"].upper(),
        path=data["path"],
        doc_id=data.get("doc_id"),
        title=data.get("title", ""),
        lang=str(data.get("lang", "")),
        format=str(data.get("format", "")),
        source=data.get("x-source", data.get("source", "")),
        params=tuple(params),
        body=body,
        body_required=bool(body and body.get("required")) or bool(body and body.get("type") == "array")
        or (body is None and bool(media)),  # a body the page names only by its media type: a file
        responses=responses,
        examples=examples,
        documents_error_codes=bool(data.get("documents_error_codes")),
        request_lines=request_lines,
    )


def _from_openapi(path: Path) -> list[Operation]:
    return _from_openapi_dict(_read_json(path), str(path))


def _openapi_auth(doc: dict[str, Any]) -> dict[str, AuthSpec]:
    """``components.securitySchemes`` that are request headers: an apiKey in a header, or an
    HTTP scheme (``Authorization: <scheme> …``)."""
    found: dict[str, AuthSpec] = {}
    schemes = doc.get("components", {}).get("securitySchemes", {})
    for name, spec in schemes.items() if isinstance(schemes, dict) else ():
        if not isinstance(spec, dict):
            continue
        extra = tuple(str(h) for h in spec.get("x-docconform-headers", []))
        if spec.get("type") == "apiKey" and spec.get("in") == "header" and spec.get("name"):
            found[name] = AuthSpec(name, str(spec["name"]), "", extra, str(spec.get("x-source", "")))
        elif spec.get("type") == "http" and spec.get("scheme"):
            found[name] = AuthSpec(name, "Authorization", str(spec["scheme"]), extra,
                                   str(spec.get("x-source", "")))
    return found


def _security(op: dict[str, Any], doc: dict[str, Any], schemes: dict[str, AuthSpec]) -> tuple[
        tuple[AuthSpec, ...], bool]:
    """An operation's authentication alternatives (its ``security``, else the document's) and
    whether one is mandatory (no empty alternative)."""
    alternatives = op.get("security", doc.get("security"))
    if not isinstance(alternatives, list) or not alternatives:
        return (), False
    specs = [schemes[name] for alt in alternatives if isinstance(alt, dict) for name in alt
             if name in schemes]
    required = all(isinstance(alt, dict) and alt for alt in alternatives)
    return tuple(dict.fromkeys(specs)), required and bool(specs)


def _from_openapi_dict(doc: dict[str, Any], where: str) -> list[Operation]:
    schemes = _openapi_auth(doc)
    ops = []
    for path, item in sorted(doc.get("paths", {}).items()):
        shared = item.get("parameters", [])
        for method, op in sorted(item.items()):
            if method not in ("get", "put", "post", "delete", "patch", "head", "options"):
                continue
            auth, required = _security(op, doc, schemes)
            entries = op.get("x-docconform-variants")
            if isinstance(entries, list) and entries:
                found = [_openapi_operation(path, method, op, shared, where, entry)
                         for entry in entries if isinstance(entry, dict) and entry.get("id")]
            else:
                found = [_openapi_operation(path, method, op, shared, where)]
            ops.extend(replace(o, auth=auth, auth_required=required) if auth else o for o in found)
    return ops


def _mine(node: Any, variant: str | None) -> bool:
    """Whether a parameter, branch or example tagged by the writer belongs to ``variant``."""
    if variant is None or not isinstance(node, dict):
        return True
    tag = node.get("x-docconform-variant", node.get("x-docconform-variants"))
    return tag is None or tag == variant or (isinstance(tag, list) and variant in tag)


def _branch(schema: Any, variant: str | None) -> Any:
    """A variant's own branch of an ``oneOf``/``anyOf`` the writer tagged, else the schema."""
    if variant is None or not isinstance(schema, dict):
        return schema
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and any(isinstance(b, dict) and "x-docconform-variant" in b
                                              for b in branches):
            return next((b for b in branches if isinstance(b, dict) and b.get("x-docconform-variant") == variant),
                        None)
    return schema


def _openapi_operation(path: str, method: str, op: dict[str, Any], shared: list[Any], where: str,
                       variant: dict[str, Any] | None = None) -> Operation:
    """One operation of an OpenAPI document, or one variant of it (an ``x-docconform-variants`` entry)."""
    ident = str(variant["id"]) if variant else None
    params = tuple(
        ParamSpec(p["name"], p["in"], bool(p.get("required")), p.get("schema", {}),
                  p.get("schema", {}).get("x-source", ""))
        for p in [*shared, *op.get("parameters", [])]
        if p.get("in") in _LOCATIONS and _mine(p, ident)
    )
    body_spec = op.get("requestBody", {})
    content = body_spec.get("content", {})
    body_media = content.get("application/json") or next(
        (m for t, m in content.items() if is_json_media(t) or "form" in t), {})
    body = _branch(body_media.get("schema"), ident)
    media_types = tuple(t for t in content if t != "application/json") and tuple(content)
    responses = []
    examples = []
    refers_to_error_codes = False
    for status, r in op.get("responses", {}).items():
        if not _mine(r, ident):
            continue
        refers_to_error_codes |= status.upper() == "4XX" or "x-docconform-error-codes" in r
        media = r.get("content", {}).get("application/json", {})
        responses.append(ResponseSpec(status, r.get("description", ""), _branch(media.get("schema"), ident),
                                      r.get("x-source", ""), tuple(r.get("headers") or {})))
        for ex in media.get("examples", {}).values():
            if _mine(ex, ident):
                examples.append(ExampleSpec("response", ex.get("value"), status, ex.get("x-source", "")))
    for ex in body_media.get("examples", {}).values():
        if _mine(ex, ident):
            examples.append(ExampleSpec("request", ex.get("value"), None, ex.get("x-source", ""),
                                        ex.get("summary")))
    doc_id = op.get("operationId")
    title, source = op.get("summary", ""), op.get("x-source", where)
    discriminator, alternatives = None, ()
    if variant is not None:
        doc_id = variant.get("doc-id")
        title, source = variant.get("title", ""), variant.get("x-source", source)
        discriminator = Discriminator.from_json(variant.get("discriminator"))
        alternatives = tuple(variant.get("alternatives", ()))
    return Operation(
        method=method.upper(), path=path, doc_id=doc_id, title=title,
        source=source, params=params, body=body,
        body_required=bool(body_spec.get("required")) and (body is not None or bool(media_types)),
        responses=tuple(responses),
        examples=tuple(examples), documents_error_codes=refers_to_error_codes,
        alternatives=alternatives, discriminator=discriminator, media_types=media_types,
    )


def _dedupe(ops: list[Operation]) -> list[Operation]:
    """Versions of a page folded into one operation, variants kept apart (module docstring)."""
    by_key: dict[str, list[Operation]] = defaultdict(list)
    for op in sorted(ops, key=lambda o: (o.key, o.source)):
        by_key[op.key].append(op)
    out: list[Operation] = []
    for key in sorted(by_key):
        out.extend(_variants(by_key[key]))
    return out


def _variants(ops: list[Operation]) -> list[Operation]:
    """One method and path: its pages as variants, each with what tells it apart."""
    pages: dict[str, list[Operation]] = {}
    keys = version_keys([PageId(op.doc_id, op.lang, op.format, op.title, op.source, op.body) for op in ops])
    for op, key in zip(ops, keys):
        pages.setdefault(key, []).append(op)
    groups = list(pages.values())
    if len(groups) > 1 and any(op.discriminator is None for op in ops):
        found = discriminators([_shape(group[0]) for group in groups])
        groups = [[replace(group[0], discriminator=d), *group[1:]] for group, d in zip(groups, found)]
    merged: list[list[Operation]] = []
    for group in groups:
        twin = next((m for m in merged if same_variant(m[0].discriminator, group[0].discriminator)), None)
        if twin is None:
            merged.append(list(group))
        else:
            twin.extend(group)
    variants = [replace(group[0], alternatives=tuple(dict.fromkeys(
        [*group[0].alternatives, *(op.source for op in group[1:])]))) for group in merged]
    if len(variants) == 1:
        return [replace(variants[0], discriminator=None, siblings=())]
    ids = [doc_key(v.doc_id) for v in variants]
    variants = [replace(v, shared_doc_id=i is not None and ids.count(i) > 1) for v, i in zip(variants, ids)]
    names = [op.name for op in (replace(v, siblings=("-",)) for v in variants)]
    return [replace(v, siblings=tuple(n for n in names if n != name)) for v, name in zip(variants, names)]


def _shape(op: Operation) -> VariantShape:
    """What the variant analysis needs of an operation's request."""
    return VariantShape(
        body=op.body,
        body_examples=tuple(x.value for x in op.examples if x.kind == "request"),
        query={p.name: p.schema for p in op.params if p.location == "query"},
        query_examples=tuple(_query_of(x.http_line) for x in op.request_lines if x.http_line),
    )


def _query_of(http_line: str) -> dict[str, str]:
    """The query of a documented request line (``GET https://{endpoint}/v2/zones?type=public``)."""
    target = next((w for w in http_line.split() if "/" in w or "?" in w), "")
    return dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))
