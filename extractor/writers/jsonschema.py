"""JSON Schema 2020-12 from Endpoints: one bundle per endpoint per source page.

Responsible for turning :mod:`docconform.extractor.model` values (TypeRef, Field,
Endpoint) into plain dicts that pass the 2020-12 metaschema, with a key order
fixed by this code so that dumping in insertion order is byte-stable, and for
the bundle's file name. :mod:`.openapi` reuses :func:`field_schema`.

Not responsible for reading pages (it never looks at a page format), for
judging the documentation (lint and drift do that on Endpoints) or for
writing files (:mod:`.files`).

Choices, and why:

- ``int64`` and friends are written as ``format`` only, without
  ``minimum``/``maximum`` bounds: the schema says what the page says. Bounds
  we invented would show up as constraints in diffs and in lint messages as if
  the page had stated them; validators that care (OpenAPI ones) already
  check the int32/int64 ranges from the format.
- Objects never get ``additionalProperties: false``: parameter tables are
  often incomplete, and a closed schema would turn every undocumented field of
  a real response into a conformance failure.
- Keywords that only apply to one value (``enum``, ``minimum``,
  ``maxLength``, ``pattern``, a scalar ``default``) go on the innermost
  element of an array field: "Array of Long, 1 to 100" constrains the ids,
  not the list, and an ``enum`` on the array itself would reject every list.
- A field documented by a section of one table per case (functiongraph
  ``event_data``, one table per trigger type) is ``anyOf`` its tables, each
  branch titled by its table and carrying its ``x-source``. Not ``oneOf``: the
  tables mark no field required and objects stay open, so a value fits several
  branches, which ``oneOf`` would refuse.
- A member typed ``Null`` (``null``, ``None type``) carries no data: Nova's
  action markers (``os-start``, ``confirmResize``) say "Null, the data structure
  is empty" and their examples send ``null`` or ``{}``, both of which the
  servers take. It is written as ``null`` or an empty object.
- Nothing the page said is dropped: a constraint that is not a valid keyword
  value goes to ``x-unapplied-constraints``, a default that contradicts its
  own schema to ``x-documented-default`` (OpenAPI validators reject such
  defaults), a repeated property name to ``x-duplicate-sources``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from ..model import NOT_STATED, Endpoint, Example, Field, Response, TypeRef
from .modes import with_modes
from .recursion import Refs as _Refs, recursion_in

__all__ = [
    "BUNDLE_VERSION",
    "DIALECT",
    "JSON_PATCH",
    "is_json_media",
    "media_schema",
    "bundle_file_name",
    "endpoint_bundle",
    "field_schema",
    "json_safe",
    "object_schema",
    "part_schema",
    "request_body_schema",
    "type_schema",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BUNDLE_VERSION = 1

_SCALARS = frozenset({"string", "integer", "number", "boolean", "null"})
_COUNTS = frozenset(
    {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)
_NUMBERS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
_ARRAY_LEVEL = frozenset({"minItems", "maxItems", "uniqueItems"})
_TIGHTEST = {
    **dict.fromkeys(("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"), max),
    **dict.fromkeys(("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"), min),
}

# The formats OpenAPI validators assert on values: a default is kept only if
# it passes them, so the written document stays valid for those tools.
_FORMATS = FormatChecker(formats=("regex",))
_FORMATS.checks("int32")(lambda v: not _is_int(v) or -(2**31) <= v < 2**31)
_FORMATS.checks("int64")(lambda v: not _is_int(v) or -(2**63) <= v < 2**63)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return (_is_int(v) or isinstance(v, float)) and math.isfinite(v)


def json_safe(value: Any) -> Any:
    """``value`` as plain JSON data: tuples become lists, NaN/inf become strings.

    Example values and defaults come from tolerant parsers; writing NaN would
    make the output file invalid JSON.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)


def type_schema(t: TypeRef) -> dict[str, Any]:
    """The schema of a type alone; ``any`` (or an unknown base) is unconstrained."""
    schema: dict[str, Any]
    if t.base == "array":
        schema = {"type": "array"}
        if t.items is not None:
            schema["items"] = type_schema(t.items)
    elif t.base == "object":
        schema = {"type": "object"}
        if t.values is not None:
            schema["additionalProperties"] = type_schema(t.values)
    elif t.base == "null":
        schema = {"type": ["null", "object"], "maxProperties": 0}
    elif t.base in _SCALARS:
        schema = {"type": t.base}
    else:
        schema = {}
    if t.format:
        schema["format"] = t.format
    if isinstance(t.max_length, int) and not isinstance(t.max_length, bool) and t.max_length >= 0:
        schema["maxLength"] = t.max_length
    if t.ref:
        schema["x-type-name"] = t.ref
    return schema


def field_schema(f: Field, refs: "_Refs | None" = None) -> dict[str, Any]:
    """The schema of a parameter or property, with its children as properties.

    ``refs`` is given while writing a body with recursive types (:func:`part_schema`).
    """
    schema = type_schema(f.type)
    if refs is not None and f.recursive:
        refs.point(schema, f)
    if f.description:
        schema["description"] = f.description
    if f.enum:
        values = _unique(json_safe(v) for v in f.enum)
        _value_target(schema, values)["enum"] = values
    _apply_constraints(schema, f.constraints)
    if f.children:
        target = _object_target(schema)
        _add_properties(target, f.children, refs)
        if refs is not None:
            refs.define(target, f)
    if f.variants:
        _object_target(schema)["anyOf"] = [_variant_schema(v, refs) for v in f.variants]
    if f.default is not NOT_STATED:
        _apply_default(schema, json_safe(f.default))
    schema["x-source"] = str(f.span)
    schema["x-raw-type"] = f.type.raw
    if f.required_note:
        # a note beside a field that is not (unconditionally) required states when it is
        schema["x-required-when" if f.required is False else "x-required-note"] = f.required_note
    return schema


def part_schema(root: Field) -> dict[str, Any]:
    """The schema of a whole body: :func:`field_schema`, with its recursive types written as
    ``$ref`` to the enclosing table's schema and ``$defs`` at the root (:mod:`.recursion`)."""
    refs = recursion_in(root)
    schema = field_schema(root, refs)
    if refs is not None and refs.defs:
        schema["$defs"] = refs.defs
    return schema


def _variant_schema(v: Field, refs: "_Refs | None") -> dict[str, Any]:
    """One case of a field documented by a table per case, titled by its table."""
    branch = field_schema(v, refs)
    branch.pop("x-raw-type", None)
    branch = {"title": v.source_table or v.description, **branch}
    branch.pop("description", None)
    return branch


def object_schema(fields: Iterable[Field]) -> dict[str, Any]:
    """An object whose properties are ``fields``: a parameter group or a header set."""
    schema: dict[str, Any] = {"type": "object"}
    _add_properties(schema, tuple(fields))
    return schema


def _unique(values: Iterable[Any]) -> list[Any]:
    """Values in first-seen order without repeats (``1`` and ``true`` stay apart)."""
    seen: set[tuple[bool, str]] = set()
    out = []
    for v in values:
        key = (isinstance(v, bool), json.dumps(v, sort_keys=True))
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _value_target(schema: dict[str, Any], value: Any = None) -> dict[str, Any]:
    """Where a single-value keyword goes: the innermost array element, unless the
    value is itself a list (then it describes the array)."""
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        return schema
    target = schema
    while target.get("type") == "array":
        target = target.setdefault("items", {})
    return target


def _object_target(schema: dict[str, Any]) -> dict[str, Any]:
    """The innermost object of a type, through arrays and maps of objects."""
    target = schema
    while True:
        if target.get("type") == "array":
            target = target.setdefault("items", {})
        elif isinstance(target.get("additionalProperties"), dict) and target[
            "additionalProperties"
        ].get("type") in (None, "object", "array"):
            target = target["additionalProperties"]
        else:
            break
    target.setdefault("type", "object")
    return target


def _add_properties(target: dict[str, Any], children: tuple[Field, ...], refs: "_Refs | None" = None) -> None:
    """Children as properties in document order; the first of a repeated name wins."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for child in children:
        if child.name in props:
            props[child.name].setdefault("x-duplicate-sources", []).append(str(child.span))
            continue
        props[child.name] = field_schema(child, refs)
        if child.required is True:
            required.append(child.name)
    target["properties"] = props
    if required:
        target["required"] = required


def _valid_keyword(key: str, value: Any) -> bool:
    if key in _COUNTS:
        return _is_int(value) and value >= 0
    if key in _NUMBERS:
        return _is_number(value) and (key != "multipleOf" or value > 0)
    if key == "uniqueItems":
        return isinstance(value, bool)
    if key in ("pattern", "format"):
        return isinstance(value, str) and value != "" and (key == "format" or _compiles(value))
    return False


def _compiles(pattern: str) -> bool:
    # The metaschema checks ``pattern`` with format "regex", i.e. Python's re.
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return True


def _apply_constraints(schema: dict[str, Any], pairs: tuple[tuple[str, Any], ...]) -> None:
    """Merge mined keywords: the tightest bound wins, other conflicts all apply."""
    unapplied = []
    for key, value in pairs:
        if not _valid_keyword(key, value):
            unapplied.append([key, json_safe(value)])
            continue
        target = schema if key in _ARRAY_LEVEL else _value_target(schema)
        if key not in target:
            target[key] = value
        elif key in _TIGHTEST:
            target[key] = _TIGHTEST[key](target[key], value)
        elif target[key] != value:
            target.setdefault("allOf", []).append({key: value})
    if unapplied:
        schema["x-unapplied-constraints"] = unapplied


def _apply_default(schema: dict[str, Any], value: Any) -> None:
    target = _value_target(schema, [value])
    try:
        fits = Draft202012Validator(target, format_checker=_FORMATS).is_valid(value)
    except (ValueError, OverflowError, RecursionError):
        fits = False
    if fits:
        target["default"] = value
    else:
        schema["x-documented-default"] = value


# ---------------------------------------------------------------- media types

#: A JSON Patch document (RFC 6902): what a ``…json-patch`` request body is, whatever fields
#: the page's table lists (they are the paths the patch may touch).
JSON_PATCH: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "op": {"enum": ["add", "remove", "replace", "move", "copy", "test"]},
            "path": {"type": "string"},
            "from": {"type": "string"},
            "value": {},
        },
        "required": ["op", "path"],
    },
    "x-docconform-media": "JSON Patch (RFC 6902)",
}


def is_json_media(media: str) -> bool:
    """``application/json``, any ``+json`` or ``-json`` type (``…-v2.1-json-patch`` is not one:
    it is JSON, but a patch), parameters ignored."""
    m = media.split(";", 1)[0].strip().lower()
    return "json-patch" not in m and (m == "application/json" or m.endswith(("+json", "-json")))


def media_schema(media: str, body: dict[str, Any] | None) -> dict[str, Any]:
    """The schema of a request body sent as ``media``: the table's for JSON and forms, a JSON
    Patch array for patch types, a string of that media type for anything else (a file)."""
    m = media.split(";", 1)[0].strip().lower()
    if "json-patch" in m:
        return JSON_PATCH
    if is_json_media(m) or m in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return body if body is not None else {}
    return {"type": "string", "contentMediaType": m}


# ---------------------------------------------------------------- bundles


def endpoint_bundle(ep: Endpoint) -> dict[str, Any]:
    """The per-endpoint file: the endpoint's facts and a schema for every part."""
    bundle: dict[str, Any] = {
        "$schema": DIALECT,
        "x-docconform": {"version": BUNDLE_VERSION},
        "method": ep.method,
        "path": ep.path,
        "doc_id": ep.doc_id,
        "title": ep.title,
        "lang": ep.lang,
        "format": ep.format,
        "source": ep.source,
        "x-source": str(ep.span),
        "request": _request(ep),
        "responses": _responses(ep.responses),
        "examples": [_example(x) for x in ep.examples],
        "documents_error_codes": ep.documents_error_codes,
    }
    if ep.extra:
        bundle["x-extra"] = {str(k): json_safe(v) for k, v in ep.extra}
    return bundle


def _request(ep: Endpoint) -> dict[str, Any]:
    request: dict[str, Any] = {
        where: object_schema(p for p in ep.parameters if p.location == where)
        for where in ("path", "query", "header")
    }
    request["body"] = request_body_schema(ep)
    other = [p for p in ep.parameters if p.location not in ("path", "query", "header")]
    if other:
        request["x-other"] = object_schema(other)
    return request


def request_body_schema(ep: Endpoint) -> dict[str, Any] | None:
    """The request body's schema, ``oneOf`` the modes the page's own examples show (:mod:`.modes`)."""
    if ep.request_body is None:
        return None
    examples = [json_safe(x.value) for x in ep.examples if x.kind == "request" and x.value is not NOT_STATED]
    return with_modes(part_schema(ep.request_body), examples)


def _responses(responses: tuple[Response, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in responses:
        if r.status in out:
            out[r.status].setdefault("x-duplicate-sources", []).append(str(r.span))
            continue
        out[r.status] = {
            "description": r.description,
            "x-source": str(r.span),
            "body": part_schema(r.body) if r.body is not None else None,
            "headers": object_schema(r.headers),
        }
    return out


def _example(x: Example) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": x.kind, "status": x.status, "http_line": x.http_line}
    if x.value is not NOT_STATED:
        out["value"] = json_safe(x.value)
    out["strict"] = x.strict
    if x.problem:
        out["problem"] = x.problem
    out["x-source"] = str(x.span)
    return out


# ---------------------------------------------------------------- file names

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 150


def _slug(text: str, limit: int) -> str:
    """ASCII letters, digits, ``.``, ``_``, ``-`` only, no dot runs, no leading dot."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _UNSAFE.sub("_", ascii_text)
    slug = re.sub(r"\.{2,}", ".", re.sub(r"_{2,}", "_", slug))
    return slug[:limit].strip("._-")


def bundle_file_name(ep: Endpoint, source_key: str | None = None) -> str:
    """A safe, stable, unique file name for ``ep``'s bundle.

    ``source_key`` should be the source path relative to the run root, so that
    names do not change with the checkout location; a Windows key's
    backslashes count as slashes. It defaults to ``ep.source``, taken as it
    is: sources are recorded with forward slashes on every system, so a
    backslash there is part of a POSIX file name (``a\\b.md`` is not
    ``a/b.md``). The hash covers source, method and path, which keeps names
    unique even when the readable parts are cut to fit the length bound; the
    three are joined with NUL, or written as a JSON list when one of them
    holds a NUL, so that no two different triples hash the same text.
    """
    key = source_key.replace("\\", "/") if source_key is not None else ep.source
    parts = (key, ep.method, ep.path)
    text = "\0".join(parts) if not any("\0" in part for part in parts) else "\1" + json.dumps(parts)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    suffix = f"__{digest.hexdigest()[:8]}.json"
    doc = _slug(ep.doc_id or "", 48) or "page"
    method = _slug(ep.method.upper(), 10) or "METHOD"
    room = _MAX_NAME - len(suffix) - len(doc) - len(method) - 4
    path = _slug(ep.path.replace("{", "").replace("}", "").replace("/", "_"), room) or "root"
    return f"{doc}__{method}__{path}{suffix}"
