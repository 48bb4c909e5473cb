"""Schema bundles back into Endpoints, so that ``diff`` can compare what ``extract`` wrote.

A bundle (:func:`~docconform.extractor.writers.jsonschema.endpoint_bundle`) keeps every
fact drift compares: types with their raw phrase, required lists, enums,
defaults and bounds on the innermost element, children as properties,
response codes with their descriptions, examples, and an ``x-source`` on
every element. This module reads them back into the model so that a folder
of schemas from last release diffs against today's pages (or schemas) like
any other version.

What a bundle cannot say: whether a field not in ``required`` was marked
"No" or not marked at all (it reads back as optional), and whether a type
phrase was known. Not responsible for writing bundles (the writer is) nor for
deciding that a path is a schema folder rather than pages (:func:`is_schema_folder`
only looks; the command decides).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model import NOT_STATED, Endpoint, Example, Field, Location, Response, Span, TypeRef
from ..writers.recursion import inlined

__all__ = ["endpoint_from_bundle", "is_bundle", "is_schema_folder", "load_bundle_file", "load_schema_folder"]

_VALUE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                   "minLength", "maxLength", "pattern")
_ARRAY_KEYWORDS = ("minItems", "maxItems", "uniqueItems")
_SKIP = frozenset({"index.json", "openapi.json"})


def is_bundle(data: Any) -> bool:
    return isinstance(data, dict) and "x-docconform" in data and "request" in data and "method" in data


def _span(value: Any, fallback: Span) -> Span:
    if isinstance(value, str) and ":" in value:
        source, _, line = value.rpartition(":")
        if line.isdigit():
            return Span(source, int(line))
    return fallback


def _type(schema: dict[str, Any], raw: str = "") -> TypeRef:
    kind = schema.get("type")
    items = values = None
    if kind == "array" and isinstance(schema.get("items"), dict):
        items = _type(schema["items"])
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        values = _type(schema["additionalProperties"])
    base = kind if isinstance(kind, str) else "any"
    return TypeRef(base, raw=raw, format=schema.get("format"), items=items, values=values,
                   ref=schema.get("x-type-name"))


def _value_target(schema: dict[str, Any]) -> dict[str, Any]:
    target = schema
    while target.get("type") == "array" and isinstance(target.get("items"), dict):
        target = target["items"]
    return target


def _object_target(schema: dict[str, Any]) -> dict[str, Any]:
    target = schema
    while True:
        if target.get("type") == "array" and isinstance(target.get("items"), dict):
            target = target["items"]
        elif isinstance(target.get("additionalProperties"), dict) and "properties" not in target:
            target = target["additionalProperties"]
        else:
            return target


def _constraints(schema: dict[str, Any], value: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    pairs = [(k, value[k]) for k in _VALUE_KEYWORDS if k in value]
    pairs += [(k, schema[k]) for k in _ARRAY_KEYWORDS if k in schema]
    for extra in value.get("allOf", []):
        pairs += [(k, v) for k, v in extra.items() if k in _VALUE_KEYWORDS] if isinstance(extra, dict) else []
    pairs += [tuple(p) for p in schema.get("x-unapplied-constraints", []) if isinstance(p, list) and len(p) == 2]
    return tuple(pairs)


def field_from_schema(schema: dict[str, Any], name: str, location: Location, required: bool | None,
                      fallback: Span) -> Field:
    """One property (and its children) from its schema."""
    value = _value_target(schema)
    default = value.get("default", schema.get("x-documented-default", NOT_STATED))
    span = _span(schema.get("x-source"), fallback)
    return Field(
        name=name,
        location=location,
        type=_type(schema, str(schema.get("x-raw-type", ""))),
        span=span,
        required=required,
        description=str(schema.get("description", "")),
        enum=tuple(value.get("enum", ())),
        default=default,
        constraints=_constraints(schema, value),
        children=_properties(_object_target(schema), location, span),
        required_note=schema.get("x-required-note", schema.get("x-required-when")),
        variants=_variants(_object_target(schema), location, span),
    )


def _variants(schema: dict[str, Any], location: Location, fallback: Span) -> tuple[Field, ...]:
    """The cases of a field documented by a table per case: ``anyOf`` branches titled by their table."""
    branches = [b for b in schema.get("anyOf", ()) if isinstance(b, dict) and isinstance(b.get("title"), str)]
    return tuple(replace(field_from_schema(b, "", location, None, fallback), description=b["title"],
                         source_table=b["title"]) for b in branches)


def _properties(schema: dict[str, Any], location: Location, fallback: Span) -> tuple[Field, ...]:
    props = schema.get("properties")
    if not isinstance(props, dict):
        return ()
    required = set(schema.get("required", ()))
    return tuple(field_from_schema(s, n, location, n in required, fallback)
                 for n, s in props.items() if isinstance(s, dict))


def endpoint_from_bundle(data: dict[str, Any], source: str | None = None) -> Endpoint:
    """The Endpoint a bundle was written from, as far as the bundle tells."""
    src = str(data.get("source") or source or "")
    span = _span(data.get("x-source"), Span(src, 1))
    request = data.get("request") or {}
    params: list[Field] = []
    for where in ("path", "query", "header", "x-other"):
        group = request.get(where)
        if isinstance(group, dict):
            loc: Location = where if where != "x-other" else "body"  # type: ignore[assignment]
            params += _properties(group, loc, span)
    body = inlined(request.get("body"))  # recursive types: $ref to the body's $defs
    return Endpoint(
        method=str(data.get("method", "")).upper(),
        path=str(data.get("path", "")),
        source=src,
        span=span,
        doc_id=data.get("doc_id"),
        title=str(data.get("title", "")),
        lang=str(data.get("lang", "en")),
        format=str(data.get("format", "")),
        parameters=tuple(params),
        request_body=field_from_schema(body, "", "body", None, span) if isinstance(body, dict) else None,
        responses=tuple(_response(status, r, span) for status, r in (data.get("responses") or {}).items()
                        if isinstance(r, dict)),
        examples=tuple(_example(x, span) for x in data.get("examples", []) if isinstance(x, dict)),
        documents_error_codes=bool(data.get("documents_error_codes", False)),
        extra=tuple(sorted((data.get("x-extra") or {}).items())),
    )


def _response(status: str, r: dict[str, Any], fallback: Span) -> Response:
    span = _span(r.get("x-source"), fallback)
    body = inlined(r.get("body"))
    headers = r.get("headers")
    return Response(
        status=str(status),
        span=span,
        description=str(r.get("description", "")),
        body=field_from_schema(body, "", "response", None, span) if isinstance(body, dict) else None,
        headers=_properties(headers if isinstance(headers, dict) else {}, "response-header", span),
    )


def _example(x: dict[str, Any], fallback: Span) -> Example:
    return Example(
        kind="request" if x.get("kind") == "request" else "response",
        text="",
        span=_span(x.get("x-source"), fallback),
        value=x.get("value", NOT_STATED),
        strict=bool(x.get("strict", True)),
        status=x.get("status"),
        http_line=x.get("http_line"),
        problem=x.get("problem"),
    )


def load_bundle_file(path: Path) -> Endpoint | None:
    """The endpoint of one bundle file; ``None`` for any other JSON (index, OpenAPI)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return endpoint_from_bundle(data, path.as_posix()) if is_bundle(data) else None


def is_schema_folder(folder: Path) -> bool:
    """A folder ``extract`` wrote: an ``index.json`` of ours, or bundle files."""
    try:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        if isinstance(index, dict) and "x-docconform" in index:
            return True
    except (OSError, ValueError):
        pass
    return any(load_bundle_file(p) is not None for p in sorted(folder.glob("*.json"))[:5])


def load_schema_folder(folder: Path) -> list[Endpoint]:
    """Every bundle in a schema folder, by file name."""
    out = []
    for path in sorted(folder.glob("*.json")):
        if path.name not in _SKIP:
            ep = load_bundle_file(path)
            if ep is not None:
                out.append(ep)
    return out
