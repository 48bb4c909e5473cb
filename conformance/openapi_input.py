"""OpenAPI documents as users have them: JSON or YAML, OpenAPI 3.0 or 3.1, written by any tool.

``docconform extract`` writes OpenAPI 3.1 JSON with every schema inline. Files
that other tools write (or people write by hand) differ in ways the contract
loader should not have to know: YAML instead of JSON, ``$ref`` to
``components``, OpenAPI 3.0 spellings (``nullable: true``, boolean
``exclusiveMinimum``, a media type's single ``example``), parameters described
by ``content`` rather than ``schema``, JSON media types spelled
``application/json; charset=utf-8`` or ``application/vnd.x+json``, a base path
in ``servers``. :func:`read_contract_file` reads such a file and returns it in
the shape :mod:`.contract` reads (3.1, references inlined, JSON under
``application/json``); a bundle file passes through unchanged.

YAML is read with PyYAML as YAML 1.2 core reads it: ``yes``/``no``/``on``
and unquoted dates stay strings, mapping keys (``200:``) become strings.

Not responsible for turning the document into operations (:mod:`.contract`)
or for media types beyond JSON (request bodies in other media types are
left as they are).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

__all__ = ["OpenAPIInputError", "inline_local_refs", "normalize_openapi", "read_contract_file"]

#: How deep nested references are inlined before a recursive schema is left open.
_MAX_REF_DEPTH = 24
_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_YAML_SUFFIXES = (".yaml", ".yml")
#: JSON Schema keywords whose values are schemas: a map of them, a list of them, one.
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset({"items", "additionalProperties", "not", "if", "then", "else", "contains",
                         "propertyNames", "unevaluatedProperties", "unevaluatedItems"})


class OpenAPIInputError(ValueError):
    """The file cannot be read as a contract; the message names the file and, for syntax
    errors, the line."""


class _Yaml12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 core scalars: only true/false are booleans and
    timestamps stay strings (an OpenAPI ``example: 2024-01-01`` is a string)."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Yaml12Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list(_first))


def read_contract_file(path: Path) -> dict[str, Any]:
    """A contract file (JSON or YAML) as a dict; OpenAPI documents normalized to what the
    contract loader reads."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OpenAPIInputError(f"{path}: not readable: {exc}") from exc
    data = _parse(text, path)
    if not isinstance(data, dict):
        raise OpenAPIInputError(f"{path}: expected a JSON or YAML mapping at the top")
    if "swagger" in data:
        raise OpenAPIInputError(f"{path}: Swagger {data['swagger']} is not supported; convert it to "
                                "OpenAPI 3 (for instance with swagger2openapi)")
    if "openapi" in data:
        version = str(data["openapi"])
        if not version.startswith("3."):
            raise OpenAPIInputError(f"{path}: OpenAPI {version} is not supported (3.0 and 3.1 are)")
        return normalize_openapi(data)
    return data


def _parse(text: str, path: Path) -> Any:
    if path.suffix.lower() not in _YAML_SUFFIXES:
        try:
            return json.loads(text)
        except ValueError as exc:
            if path.suffix.lower() == ".json":
                raise OpenAPIInputError(f"{path}: not readable JSON: {exc}") from exc
    try:
        return _stringify_keys(yaml.load(text, Loader=_Yaml12Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise OpenAPIInputError(f"{where}: not readable YAML: {getattr(exc, 'problem', exc)}") from exc


def _stringify_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


def normalize_openapi(doc: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.0/3.1 document in the shape docconform writes: references inlined,
    3.0 spellings in 3.1 form, JSON content under ``application/json``, the servers'
    base path on every path."""
    resolved = _Resolver(doc).resolve(doc, ())
    paths = {}
    base = _base_path(resolved.get("servers"))
    for template, item in (resolved.get("paths") or {}).items():
        if isinstance(item, dict):
            paths[base + template if base else template] = _path_item(item)
    out = {**resolved, "openapi": "3.1.0", "paths": paths}
    schemes = (resolved.get("components") or {}).get("securitySchemes")
    out.pop("components", None)  # inlined above; only the security schemes are still read
    if isinstance(schemes, dict) and schemes:
        out["components"] = {"securitySchemes": schemes}
    return out


def inline_local_refs(schema: Any, levels: int = 3) -> Any:
    """A standalone schema (a bundle's body) with its local ``$ref``s to its own ``$defs``
    inlined: a recursive type (cbr ``children``, :mod:`docconform.extractor.writers.recursion`)
    is expanded ``levels`` times, then left open, so that the mock's walks over documented
    fields, which follow no references, see the first levels of the recursion."""
    if not isinstance(schema, dict) or "$defs" not in schema:
        return schema
    try:
        body = _Resolver(schema, levels).resolve({k: v for k, v in schema.items() if k != "$defs"}, ())
    except OpenAPIInputError:
        return schema  # a reference to nothing: validated as written (python-jsonschema reports it)
    return body


class _Resolver:
    """Inlines local ``$ref``s; a reference met ``levels`` times inside itself (a recursive
    schema) becomes an open schema instead of recursing forever."""

    def __init__(self, doc: dict[str, Any], levels: int = 1) -> None:
        self.doc = doc
        self.levels = levels

    def resolve(self, node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self.resolve(v, active) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            if active.count(ref) >= self.levels or len(active) >= _MAX_REF_DEPTH:
                return {"description": f"recursive reference to {ref}, not expanded"}
            target = self._target(ref)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            merged = {**target, **siblings} if isinstance(target, dict) else target
            return self.resolve(merged, (*active, ref))
        return {k: self.resolve(v, active) for k, v in node.items()}

    def _target(self, ref: str) -> Any:
        node: Any = self.doc
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or key not in node:
                raise OpenAPIInputError(f"$ref {ref} points at nothing in the document")
            node = node[key]
        return copy.deepcopy(node)


def _base_path(servers: Any) -> str:
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return ""
    url = str(servers[0].get("url", ""))
    for name, var in (servers[0].get("variables") or {}).items():
        if isinstance(var, dict):
            url = url.replace("{" + name + "}", str(var.get("default", "")))
    path = urlsplit(url).path if "://" in url else url
    return path.rstrip("/") if path.startswith("/") else ""


def _path_item(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "parameters" and isinstance(value, list):
            out[key] = [_parameter(p) for p in value]
        elif key in _HTTP_METHODS and isinstance(value, dict):
            out[key] = _operation(value)
        else:
            out[key] = value
    return out


def _operation(op: dict[str, Any]) -> dict[str, Any]:
    out = dict(op)
    if isinstance(op.get("parameters"), list):
        out["parameters"] = [_parameter(p) for p in op["parameters"]]
    body = op.get("requestBody")
    if isinstance(body, dict):
        out["requestBody"] = {**body, "content": _content(body.get("content"))}
    responses = op.get("responses")
    if isinstance(responses, dict):
        out["responses"] = {
            str(status): ({**r, "content": _content(r.get("content"))} if isinstance(r, dict) else r)
            for status, r in responses.items()}
    return out


def _parameter(param: Any) -> Any:
    if not isinstance(param, dict):
        return param
    out = dict(param)
    if "schema" not in out and isinstance(out.get("content"), dict) and out["content"]:
        media = next(iter(out["content"].values()))
        out["schema"] = media.get("schema", {}) if isinstance(media, dict) else {}
    if isinstance(out.get("schema"), dict):
        out["schema"] = schema_31(out["schema"])
    return out


def _is_json(media: str) -> bool:
    kind = media.split(";", 1)[0].strip().lower()
    return kind in ("application/json", "*/*", "application/*") or kind.endswith("+json")


def _content(content: Any) -> dict[str, Any]:
    """Media types with their schemas in 3.1 form; the first JSON-like one also under
    ``application/json`` when the document does not spell it so."""
    if not isinstance(content, dict):
        return {}
    out = {}
    for media, spec in content.items():
        if not isinstance(spec, dict):
            out[media] = spec
            continue
        spec = dict(spec)
        if isinstance(spec.get("schema"), dict):
            spec["schema"] = schema_31(spec["schema"])
        if "example" in spec and "examples" not in spec:
            spec["examples"] = {"example": {"value": spec.pop("example")}}
        out[media] = spec
    if "application/json" not in out:
        json_like = next((m for m in out if _is_json(m)), None)
        if json_like is not None:
            out["application/json"] = out[json_like]
    return out


def schema_31(schema: Any) -> Any:
    """A JSON Schema in OpenAPI 3.1 form: ``nullable`` as a ``null`` type, boolean
    exclusive bounds as numbers; 3.1 schemas pass unchanged."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: schema_31(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [schema_31(sub) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = schema_31(value)
        else:
            out[key] = value
    if out.pop("nullable", False) is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            out["type"] = [*kind, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if out.get(exclusive) is True and bound in out:
            out[exclusive] = out.pop(bound)
        elif out.get(exclusive) is False:
            out.pop(exclusive)
    return out
