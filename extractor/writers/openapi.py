"""One OpenAPI 3.1 document for a run, built from Endpoints with :mod:`.jsonschema`.

Responsible for mapping Endpoints onto the OpenAPI object model so that the
result passes openapi-spec-validator and can drive Schemathesis: plain OAS
3.1, no ``$ref`` but to ``components.schemas`` for recursive types (a body's
``$defs``, :mod:`.recursion`, named ``<operationId>.<table>``), unique operationIds, ``{name}`` path templates whose every
placeholder has exactly one ``in: path`` parameter. Not responsible for the
schemas themselves (:func:`.jsonschema.field_schema`), for judging pages
(drift, lint) or for writing files (:mod:`.files`).

What it does where the pages and OpenAPI disagree, and why:

- Templates that differ only in placeholder names (``/a/{id}`` and
  ``/a/{uuid}``) are the same path to OpenAPI, so they share one path key: the
  names of the first endpoint (by source, then line) win, and the other
  endpoints' path parameters are renamed by position
  (``x-docconform-documented-name`` keeps the page's name).
- The same method on the same path from several sources. Versions of one
  page (same doc id, :func:`.variants.version_keys`; one doc id on two titles of
  one doc set is two pages): the first by (source, line)
  is written, the others are listed in ``x-docconform-alternatives`` as
  ``path:line``. Different pages are *variants* of one operation (a page per
  Nova action on ``…/action``, a page per login mode of ``/v3/auth/tokens``):
  the request body is ``oneOf`` the pages' bodies when each has a
  discriminator and no two overlap (``anyOf`` otherwise), each branch naming
  its page (``x-docconform-variant``, ``title``, ``x-source``) and made
  exclusive by its discriminator (its key required, its value as ``enum``);
  a value discriminator on a top-level string property also becomes the
  OpenAPI ``discriminator`` (``mapping`` to the branches by JSON pointer).
  ``x-docconform-variants`` lists the pages (doc id, title, source,
  discriminator, alternatives); parameters only some pages document, and
  examples, say whose they are in ``x-docconform-variants`` /
  ``x-docconform-variant``; a status whose body differs between pages gets
  ``anyOf`` of the pages' bodies, each tagged the same way. Pages whose
  discriminators are equal (an English and a Chinese ``os-start`` page) are
  versions again.
- A placeholder with no documented parameter gets a string parameter marked
  ``x-docconform-inferred``. A documented path parameter is matched to a
  placeholder by name, then by name ignoring case and punctuation
  (``projectId`` ~ ``project_id``); one that matches no placeholder is written
  as a query parameter (``x-docconform-documented-in: path``), because URI
  tables on these pages mix path and query parameters.
- Path parameters are always ``required: true`` (OpenAPI demands it); a page
  that said otherwise is kept in ``x-docconform-documented-required``.
- ``Accept``, ``Content-Type`` and ``Authorization`` headers are not
  parameters in OpenAPI; their names go to ``x-docconform-omitted-headers``.
- Authentication: when the run holds the doc set's authentication page
  (:class:`~..model.AuthScheme`: token in ``X-Auth-Token``, AK/SK signing with
  ``Authorization: SDK-HMAC-SHA256`` and ``X-Sdk-Date``), the schemes are
  ``components.securitySchemes`` (``token``: apiKey in its header; ``aksk``:
  http with that scheme, ``x-docconform-headers`` naming the others), and an
  operation whose page lists a credential header gets ``security`` with every
  scheme as an alternative (and ``{}`` when the page does not make the header
  mandatory) instead of that header as a parameter
  (``x-docconform-auth-headers`` keeps the names the page listed).
  Operations whose pages list no credential header (a login) get no
  ``security``.
- Statuses that are not ``NXX``/``NNN``/``default`` are listed in
  ``x-docconform-unmapped-statuses``; methods OpenAPI has no field for, in the
  document's ``x-docconform-skipped``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from ..model import MEDIA_EXTRA, NOT_STATED, AuthScheme, Endpoint, ErrorCatalogue, Example, Field, Response
from .errors import ErrorResponse, default_error_schema, error_responses
from .jsonschema import (DIALECT, field_schema, is_json_media, json_safe, media_schema, part_schema,
                         request_body_schema)
from .recursion import hoisted
from .variants import Discriminator, PageId, VariantShape, discriminators, version_keys, same_variant

__all__ = ["OPENAPI_VERSION", "openapi_document"]

OPENAPI_VERSION = "3.1.0"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_STATUS = re.compile(r"^\s*([1-5])(\d\d|xx)(?![0-9A-Za-z])", re.IGNORECASE)
_JSON = "application/json"


class Template(NamedTuple):
    """An OpenAPI path, its placeholder names, and those names as the page wrote them."""

    text: str
    names: tuple[str, ...]
    raw: tuple[str, ...]


def openapi_document(
    endpoints: Sequence[Endpoint], *, title: str = "docconform extract", version: str = "0",
    auth: Sequence[AuthScheme] = (), errors: ErrorCatalogue | None = None,
) -> dict[str, Any]:
    """Every endpoint in one document; the same input in any order gives the same dict."""
    schemes = _security_schemes(auth)
    global_errors = error_responses(errors.to_json() if errors is not None else None)
    canon: dict[str, Template] = {}
    ops: dict[tuple[str, str], list[tuple[Endpoint, Template]]] = {}
    skipped = []
    for ep in sorted(endpoints, key=_order_key):
        template = _template(ep.path)
        method = ep.method.strip().lower()
        if method not in _METHODS:
            skipped.append({"method": ep.method, "path": ep.path, "x-source": str(ep.span)})
            continue
        blank = _PLACEHOLDER.sub("{}", template.text)
        canon.setdefault(blank, template)
        ops.setdefault((blank, method), []).append((ep, template))
    used_ids: set[str] = set()
    paths: dict[str, Any] = {}
    for blank, template in sorted(canon.items(), key=lambda kv: kv[1].text):
        item = paths.setdefault(template.text, {})
        for method in _METHODS:
            group = ops.get((blank, method))
            if group:
                variants = _variants(group)
                op_id = _operation_id(variants[0].endpoint, method, template.text, used_ids)
                if len(variants) == 1:
                    item[method] = _operation(variants[0], template.names, op_id, schemes, global_errors)
                else:
                    where = f"#/paths/{_escape(template.text)}/{method}"
                    item[method] = _variant_operation(variants, template.names, op_id, where, schemes,
                                                      global_errors)
    doc: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": DIALECT,
        "info": {"title": title, "version": version},
        "paths": paths,
    }
    shared: dict[str, Any] = {}
    for item in paths.values():
        for method, op in item.items():
            item[method] = _hoisted_defs(op, shared, str(op.get("operationId", method)))
    if schemes or shared:
        doc["components"] = {}
    if shared:
        doc["components"]["schemas"] = dict(sorted(shared.items()))
    if schemes:
        doc["components"]["securitySchemes"] = {name: spec for name, (spec, _) in schemes.items()}
    if skipped:
        doc["x-docconform-skipped"] = skipped
    return doc


def _hoisted_defs(node: Any, shared: dict[str, Any], prefix: str) -> Any:
    """``node`` with every body schema's ``$defs`` (recursive types, :mod:`.recursion`) moved to
    ``shared`` (``components.schemas``): in this document ``#/$defs/…`` would mean its root."""
    if isinstance(node, list):
        return [_hoisted_defs(v, shared, prefix) for v in node]
    if not isinstance(node, dict):
        return node
    if "$defs" in node:
        node = hoisted(node, shared, prefix)
    return {k: (v if k == "examples" else _hoisted_defs(v, shared, prefix)) for k, v in node.items()}


#: A security scheme's OpenAPI object and the request headers (lower case) it sends.
_Schemes = dict[str, tuple[dict[str, Any], frozenset[str]]]


def _security_schemes(auth: Sequence[AuthScheme]) -> _Schemes:
    out: _Schemes = {}
    for a in auth:
        if a.kind in out:
            continue
        spec: dict[str, Any]
        if a.kind == "token":
            spec = {"type": "apiKey", "in": "header", "name": a.header}
        else:
            spec = {"type": "http", "scheme": a.scheme or "SDK-HMAC-SHA256"}
        if a.description:
            spec["description"] = a.description
        if a.headers:
            spec["x-docconform-headers"] = list(a.headers)
        spec["x-source"] = str(a.span)
        out[a.kind] = (spec, frozenset(h.lower() for h in (a.header, *a.headers)))
    return out


def _security(ep: Endpoint, schemes: _Schemes) -> tuple[list[dict[str, list[str]]], list[Field]]:
    """The operation's security alternatives and the credential headers its page lists."""
    names = frozenset().union(*(headers for _, headers in schemes.values())) if schemes else frozenset()
    listed = [p for p in ep.parameters if p.location == "header" and p.name.strip().lower() in names]
    if not listed:
        return [], []
    alternatives: list[dict[str, list[str]]] = [{name: []} for name in schemes]
    if not any(p.required is True for p in listed):
        alternatives.append({})
    return alternatives, listed


def _order_key(ep: Endpoint) -> tuple[Any, ...]:
    """Source, then line; the full ``repr`` breaks ties so input order never matters."""
    return (ep.source, ep.span.line, ep.span.column or 0, ep.method, ep.path, repr(ep))


def _template(path: str) -> Template:
    """``path`` as an OpenAPI template and its placeholder names, in order.

    Host and query string are dropped, stray braces removed, and names made
    safe for the ``str.format`` parsing validators use (no ``:``, ``!``, ``[``)
    and for OpenAPI's parameter-name rule (no ``/``).
    """
    path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", path.strip())
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    parts: list[str] = []
    names: list[str] = []
    raw = tuple(m.group(1).strip() for m in _PLACEHOLDER.finditer(path))
    pos = 0
    for m in _PLACEHOLDER.finditer(path):
        parts.append(re.sub(r"[{}]", "", path[pos : m.start()]))
        name = re.sub(r"[\s:!\[\]{}/#?]+", "_", m.group(1).strip()) or f"param{len(names) + 1}"
        base, n = name, 1
        while name in names:
            n += 1
            name = f"{base}_{n}"
        names.append(name)
        parts.append("{" + name + "}")
        pos = m.end()
    parts.append(re.sub(r"[{}]", "", path[pos:]))
    text = "".join(parts)
    return Template(text if text.startswith("/") else "/" + text, tuple(names), raw)


def _operation_id(ep: Endpoint, method: str, template: str, used: set[str]) -> str:
    base = (
        ep.doc_id or ""
    ).strip() or f"{method}_{re.sub(r'[^A-Za-z0-9]+', '_', template).strip('_')}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}__{n}"
    used.add(candidate)
    return candidate


@dataclass(slots=True)
class _Variant:
    """One page's account of an operation, the versions folded into it, and what tells it apart."""

    endpoint: Endpoint
    template: Template
    alternatives: list[str] = field(default_factory=list)
    discriminator: Discriminator | None = None

    @property
    def ident(self) -> str:
        """How the document names the page: its doc id, else its place."""
        return self.endpoint.doc_id or str(self.endpoint.span)


def _variants(group: list[tuple[Endpoint, Template]]) -> list[_Variant]:
    """Versions of a page folded (doc id), the pages that remain as variants (module docstring)."""
    pages: dict[str, _Variant] = {}
    # a lone page is never split, so its body schema is not built for the key (the common case)
    with_bodies = len(group) > 1
    keys = version_keys([PageId(ep.doc_id, ep.lang, ep.format, ep.title, ep.source,
                             field_schema(ep.request_body) if with_bodies and ep.request_body is not None else None)
                      for ep, _ in group])
    for (ep, template), key in zip(group, keys):
        if key in pages:
            pages[key].alternatives.append(str(ep.span))
        else:
            pages[key] = _Variant(ep, template)
    variants = list(pages.values())
    if len(variants) > 1:
        for v, d in zip(variants, discriminators([_shape(v.endpoint) for v in variants])):
            v.discriminator = d
    merged: list[_Variant] = []
    for v in variants:
        twin = next((m for m in merged if same_variant(m.discriminator, v.discriminator)), None)
        if twin is None:
            merged.append(v)
        else:
            twin.alternatives += [str(v.endpoint.span), *v.alternatives]
    if len(merged) == 1:
        merged[0].discriminator = None
    return merged


def _shape(ep: Endpoint) -> VariantShape:
    requests = [x for x in ep.examples if x.kind == "request"]
    return VariantShape(
        body=field_schema(ep.request_body) if ep.request_body is not None else None,
        body_examples=tuple(json_safe(x.value) for x in requests if x.value is not NOT_STATED),
        query={p.name: field_schema(p) for p in ep.parameters if p.location == "query"},
        query_examples=tuple(_query_of(x.http_line) for x in requests if x.http_line),
    )


def _query_of(http_line: str) -> dict[str, str]:
    target = next((w for w in http_line.split() if "/" in w or "?" in w), "")
    return dict(parse_qsl(urlsplit(target).query, keep_blank_values=True))


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _operation(variant: _Variant, canon: tuple[str, ...], op_id: str,
               schemes: _Schemes | None = None, errors: Sequence[ErrorResponse] = ()) -> dict[str, Any]:
    ep, own = variant.endpoint, variant.template
    op: dict[str, Any] = {"operationId": op_id}
    if ep.title:
        op["summary"] = ep.title
    security, credentials = _security(ep, schemes or {})
    path_params, moved = _path_parameters(ep, own, canon)
    params, omitted = _other_parameters(ep, moved, {id(p) for p in credentials})
    if path_params or params:
        op["parameters"] = path_params + params
    request_examples = [
        _example(x) for x in ep.examples if x.kind == "request" and x.value is not NOT_STATED
    ]
    media = tuple(str(m) for m in dict(ep.extra).get(MEDIA_EXTRA, ()))
    if ep.request_body is not None or media:
        op["requestBody"] = _request_body(ep.request_body, request_body_schema(ep), request_examples, media)
    responses, unmapped, unattached = _responses(ep, errors)
    op["responses"] = responses
    if security:
        op["security"] = security
    op["x-source"] = str(ep.span)
    if ep.doc_id:
        op["x-docconform-doc-id"] = ep.doc_id
    extras = {
        "x-docconform-documented-path": ep.path
        if own.names != canon or own.text != ep.path
        else None,
        "x-docconform-alternatives": variant.alternatives,
        "x-docconform-omitted-headers": omitted,
        "x-docconform-auth-headers": [p.name for p in credentials],
        "x-docconform-unmapped-statuses": unmapped,
        "x-docconform-unattached-examples": unattached
        + ([x["x-source"] for x in request_examples] if "requestBody" not in op else []),
    }
    op.update((k, v) for k, v in extras.items() if v)
    return op


def _variant_operation(variants: list[_Variant], canon: tuple[str, ...], op_id: str,
                       where: str, schemes: _Schemes | None = None,
                       errors: Sequence[ErrorResponse] = ()) -> dict[str, Any]:
    """One operation for several pages: each page's operation written alone, then merged."""
    own = [(v.ident, _operation(v, canon, op_id, schemes, errors)) for v in variants]
    first = own[0][1]
    op: dict[str, Any] = {"operationId": op_id}
    if "summary" in first:
        op["summary"] = first["summary"]
    params = _merged_parameters(own)
    if params:
        op["parameters"] = params
    body = _merged_body(own, variants, where)
    if body is not None:
        op["requestBody"] = body
    op["responses"] = _merged_responses(own)
    security: list[dict[str, list[str]]] = []
    for alt in (alt for _, o in own for alt in o.get("security", [])):
        if alt not in security:
            security.append(alt)
    if security:
        if any("security" not in o for _, o in own) and {} not in security:
            security.append({})  # a page that lists no credential header
        op["security"] = security
    op["x-source"] = first["x-source"]
    op["x-docconform-variants"] = [_variant_entry(v) for v in variants]
    for key in ("x-docconform-omitted-headers", "x-docconform-auth-headers", "x-docconform-unmapped-statuses",
                "x-docconform-unattached-examples"):
        values = list(dict.fromkeys(x for _, o in own for x in o.get(key, [])))
        if values:
            op[key] = values
    return op


def _variant_entry(v: _Variant) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": v.ident}
    if v.endpoint.doc_id:
        entry["doc-id"] = v.endpoint.doc_id
    if v.endpoint.title:
        entry["title"] = v.endpoint.title
    entry["x-source"] = str(v.endpoint.span)
    if v.discriminator is not None:
        entry["discriminator"] = v.discriminator.to_json()
    if v.alternatives:
        entry["alternatives"] = v.alternatives
    return entry


def _merged_parameters(own: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every page's parameters once; required only when every page requires it; one that only
    some pages document names them."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    holders: dict[tuple[str, str], list[str]] = {}
    for ident, op in own:
        for p in op.get("parameters", []):
            key = (p["in"], p["name"].lower() if p["in"] == "header" else p["name"])
            if key not in merged:
                merged[key] = copy.deepcopy(p)
            else:
                merged[key]["required"] = merged[key]["required"] and p["required"]
            holders.setdefault(key, []).append(ident)
    for key, p in merged.items():
        if len(holders[key]) < len(own):
            p["x-docconform-variants"] = holders[key]
            if p["in"] != "path":
                p["required"] = False
    return list(merged.values())


def _merged_body(own: list[tuple[str, dict[str, Any]]], variants: list[_Variant],
                 where: str) -> dict[str, Any] | None:
    """``oneOf`` (``anyOf`` when the pages overlap) of the pages' bodies, each branch its page's."""
    bodies = [(ident, op["requestBody"], v) for (ident, op), v in zip(own, variants) if "requestBody" in op]
    if not bodies:
        return None
    exclusive = _exclusive([v.discriminator for _, _, v in bodies])
    branches, examples = [], {}
    for ident, body, v in bodies:
        media = body["content"].get(_JSON) or next(iter(body["content"].values()))
        branch = copy.deepcopy(media["schema"])
        if v.endpoint.title:
            branch["title"] = v.endpoint.title
        branch["x-docconform-variant"] = ident
        if exclusive and v.discriminator is not None:
            _make_exclusive(branch, v.discriminator)
        branches.append(branch)
        for x in media.get("examples", {}).values():
            examples[f"example{len(examples) + 1}"] = {**x, "x-docconform-variant": ident}
    schema: dict[str, Any] = {("oneOf" if exclusive else "anyOf"): branches}
    mapping = _mapping([v.discriminator for _, _, v in bodies], where) if exclusive else None
    if mapping is not None:
        schema["discriminator"] = mapping
    media_out: dict[str, Any] = {"schema": schema}
    if examples:
        media_out["examples"] = examples
    required = len(bodies) == len(own) and all(b["required"] for _, b, _ in bodies)
    return {"required": required, "content": {_JSON: media_out}}


def _exclusive(found: list[Discriminator | None]) -> bool:
    """Whether no request can follow two of the pages: each has a discriminator, on one place
    with disjoint values, or each a key of its own."""
    if len(found) < 2 or any(d is None for d in found):
        return False
    ds = [d for d in found if d is not None]
    if all(d.is_key for d in ds):
        return len({d.pointer for d in ds}) == len(ds)
    if len({d.pointer for d in ds}) != 1:
        return False
    seen: set[str] = set()
    for d in ds:
        values = {repr(json_safe(v)) for v in d.values}
        if values & seen:
            return False
        seen |= values
    return True


def _make_exclusive(branch: dict[str, Any], d: Discriminator) -> None:
    """The branch requires its key, or holds its value there (``enum``)."""
    node, path = branch, d.path()
    for key in path[:-1]:
        node = node.setdefault("properties", {}).setdefault(key, {"type": "object"})
        node.setdefault("required", [])
        if key not in node["required"]:
            node["required"].append(key)
    if d.is_key or "required" not in node or path[-1] not in node["required"]:
        node.setdefault("required", [])
        if path[-1] not in node["required"]:
            node["required"].append(path[-1])
    if not d.is_key:
        prop = node.setdefault("properties", {}).setdefault(path[-1], {})
        if "const" not in prop and len(prop.get("enum", [])) != 1:
            prop["enum"] = [json_safe(v) for v in d.values]
            if not d.stated:
                prop["x-docconform-inferred"] = "discriminator: the value this page's examples give"


def _mapping(found: list[Discriminator | None], where: str) -> dict[str, Any] | None:
    """An OpenAPI discriminator when every page is told apart by the string value of one
    top-level property: each value mapped to its branch by JSON pointer."""
    ds = [d for d in found if d is not None]
    if len(ds) != len(found) or any(d.is_key or len(d.path()) != 1 or d.location != "body" for d in ds):
        return None
    if not all(isinstance(v, str) for d in ds for v in d.values):
        return None
    branches = f"{where}/requestBody/content/{_escape(_JSON)}/schema/oneOf"
    mapping = {v: f"{branches}/{i}" for i, d in enumerate(ds) for v in d.values}
    return {"propertyName": ds[0].path()[0], "mapping": mapping}


def _merged_responses(own: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Per status, the pages' responses: one when they agree or one page has it, else the
    first's with ``anyOf`` of the pages' bodies; examples say whose they are."""
    by_code: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for ident, op in own:
        for code, resp in op["responses"].items():
            by_code.setdefault(code, []).append((ident, resp))
    out: dict[str, Any] = {}
    for code, answers in by_code.items():
        resp = copy.deepcopy(answers[0][1])
        media: dict[str, Any] = {}
        schemas: list[dict[str, Any]] = []
        for ident, r in answers:
            m = r.get("content", {}).get(_JSON, {})
            if "schema" in m and not any(_same_schema(m["schema"], s) for s in schemas):
                schemas.append({**m["schema"], "x-docconform-variant": ident})
            for x in m.get("examples", {}).values():
                media.setdefault("examples", {})[f"example{len(media.get('examples', {})) + 1}"] = {
                    **x, "x-docconform-variant": ident}
        if len(schemas) == 1:
            media["schema"] = {k: v for k, v in schemas[0].items() if k != "x-docconform-variant"}
        elif schemas:
            media["schema"] = {"anyOf": schemas}
        if media:
            resp["content"] = {_JSON: {k: media[k] for k in ("schema", "examples") if k in media}}
        if len(answers) < len(own):
            resp["x-docconform-variants"] = [ident for ident, _ in answers]
        out[code] = resp
    return out


def _same_schema(a: Any, b: Any) -> bool:
    """Equal but for where the pages say it (``x-source``) and whose it is."""
    return _bare(a) == _bare(b)


def _bare(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _bare(v) for k, v in schema.items() if k not in ("x-source", "x-docconform-variant",
                                                                    "description")}
    if isinstance(schema, list):
        return [_bare(v) for v in schema]
    return schema


def _loose(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _path_parameters(
    ep: Endpoint, own: Template, canon: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[Field]]:
    """One parameter per placeholder, and the documented ones that fit none.

    A name used twice in a path (``/{project_id}/os-quota-sets/{project_id}``)
    fills both slots; a loose match fills the first free one.
    """
    by_slot: dict[int, Field] = {}
    moved: list[Field] = []
    for p in (p for p in ep.parameters if p.location == "path"):
        slots = [i for i, n in enumerate(own.raw) if n == p.name and i not in by_slot]
        if not slots:
            loose = (i for i, n in enumerate(own.raw) if _loose(n) == _loose(p.name))
            slots = [i for i in loose if i not in by_slot][:1]
        if not slots and not any(_loose(n) == _loose(p.name) for n in own.raw):
            moved.append(p)
        by_slot.update(dict.fromkeys(slots, p))
    out = []
    for i, name in enumerate(canon):
        documented = by_slot.get(i)
        if documented is None:
            out.append(_inferred_path_parameter(name))
            continue
        param = _parameter(documented, name, "path", True)
        if documented.name != name:
            param["x-docconform-documented-name"] = documented.name
        if documented.required is not True:
            param["x-docconform-documented-required"] = documented.required
        out.append(param)
    return out, moved


def _inferred_path_parameter(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "x-docconform-inferred": True,
    }


def _other_parameters(ep: Endpoint, moved: list[Field],
                      credentials: Collection[int] = ()) -> tuple[list[dict[str, Any]], list[str]]:
    """Query then header parameters (credential headers aside: they are ``security``); first of
    a repeated name wins (headers ignore case)."""
    candidates = [(p, "query") for p in ep.parameters if p.location == "query"]
    candidates += [(p, "query") for p in moved]
    candidates += [(p, "header") for p in ep.parameters if p.location == "header" and id(p) not in credentials]
    out, omitted, seen = [], [], set()
    for p, where in candidates:
        key = (where, p.name.strip().lower() if where == "header" else p.name)
        if where == "header" and key[1] in _RESERVED_HEADERS:
            omitted.append(p.name)
            continue
        if key in seen:
            continue
        seen.add(key)
        param = _parameter(p, p.name, where, p.required is True)
        if p.location != where:
            param["x-docconform-documented-in"] = p.location
        out.append(param)
    return out, omitted


def _parameter(f: Field, name: str, where: str, required: bool) -> dict[str, Any]:
    schema = field_schema(f)
    out: dict[str, Any] = {"name": name, "in": where}
    description = schema.pop("description", None)
    if description:
        out["description"] = description
    out["required"] = required
    out["schema"] = schema
    return out


def _request_body(body: Field | None, schema: dict[str, Any] | None, examples: list[dict[str, Any]],
                  media_types: tuple[str, ...] = ()) -> dict[str, Any]:
    """The body under each media type the page names (JSON when it names none). It is required
    when the page says so, or (unsaid) when a property is; a body the page names only by its
    media type (a file upload) is required."""
    content: dict[str, Any] = {}
    for media_type in media_types or (_JSON,):
        media: dict[str, Any] = {"schema": media_schema(media_type, schema)}
        if examples and is_json_media(media_type):
            media["examples"] = {f"example{i}": x for i, x in enumerate(examples, 1)}
        content[media_type] = media
    if body is None:
        required = True
    else:
        required = (
            body.required
            if body.required is not None
            else any(c.required is True for c in body.children)
        )
    return {"required": required, "content": content}


def _example(x: Example) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if x.http_line:
        out["summary"] = x.http_line
    out["value"] = json_safe(x.value)
    out["x-source"] = str(x.span)
    if not x.strict:
        out["x-docconform-strict"] = False
    return out


def _status(text: str | None) -> str | None:
    if text is not None and text.strip().lower() == "default":
        return "default"
    m = _STATUS.match(text or "")
    return m.group(1) + m.group(2).upper() if m else None


def _responses(ep: Endpoint, errors: Sequence[ErrorResponse] = ()) -> tuple[dict[str, Any], list[str], list[str]]:
    """Documented statuses, then for pages that refer to the error codes the error statuses of
    the run's error-code page (``4XX`` when the run has none), then ``default`` when nothing is
    documented, then response examples under their status."""
    out: dict[str, Any] = {}
    unmapped: list[str] = []
    for r in ep.responses:
        code = _status(r.status)
        if code is None or code in out:
            unmapped.append(r.status)
        else:
            out[code] = _response(r)
    documented = bool(out)
    if ep.documents_error_codes and errors:
        for e in errors:
            out.setdefault(e.status, _catalogue_response(e))
    elif ep.documents_error_codes and "4XX" not in out:
        out["4XX"] = _error_response()
    if not documented:
        out["default"] = {
            "description": "Not documented on the page.",
            "x-docconform-inferred": True,
        }
    unattached = _attach_examples(out, [x for x in ep.examples if x.kind == "response"])
    return out, unmapped, unattached


def _attach_examples(out: dict[str, Any], examples: list[Example]) -> list[str]:
    """Response examples under their status, or the first 2XX (then ``default``)
    when the page gave none; returns the places of those that fit nowhere."""
    unattached = []
    for x in examples:
        if x.value is NOT_STATED:
            continue
        if x.status:
            code = _status(x.status)
            if code is None:
                unattached.append(str(x.span))
                continue
        else:
            code = next((k for k in out if k.startswith("2")), None)
            code = code or ("default" if "default" in out else next(iter(out)))
        resp = out.setdefault(code, {"description": "", "x-docconform-inferred": True})
        examples_map = (
            resp.setdefault("content", {}).setdefault(_JSON, {}).setdefault("examples", {})
        )
        examples_map[f"example{len(examples_map) + 1}"] = _example(x)
    return unattached


def _response(r: Response) -> dict[str, Any]:
    out: dict[str, Any] = {"description": r.description}
    headers: dict[str, Any] = {}
    for h in r.headers:
        if h.name.strip().lower() == "content-type" or any(
            k.lower() == h.name.lower() for k in headers
        ):
            continue
        schema = field_schema(h)
        header: dict[str, Any] = {}
        if description := schema.pop("description", None):
            header["description"] = description
        if h.required is True:
            header["required"] = True
        header["schema"] = schema
        headers[h.name] = header
    if headers:
        out["headers"] = headers
    if r.body is not None:
        out["content"] = {_JSON: {"schema": part_schema(r.body)}}
    out["x-source"] = str(r.span)
    return out


def _error_response() -> dict[str, Any]:
    """Huawei-style error body; not required, since OpenStack-native APIs differ."""
    schema = {k: v for k, v in default_error_schema().items() if k != "x-docconform-inferred"}
    return {
        "description": "Error; the page refers to its error codes.",
        "content": {_JSON: {"schema": schema}},
        "x-docconform-inferred": True,
    }


def _catalogue_response(e: ErrorResponse) -> dict[str, Any]:
    """An error status of the run's error-code page: its body, an example code, how many codes."""
    media: dict[str, Any] = {"schema": e.schema}
    if e.example is not None:
        media["examples"] = {"example1": {"value": e.example, "x-source": e.source}}
    return {"description": e.description, "content": {_JSON: media}, "x-source": e.source,
            "x-docconform-error-codes": e.codes}
