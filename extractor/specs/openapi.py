"""An OpenAPI 3.0 or 3.1 document (JSON or YAML) read as one version of an API.

Every operation becomes an Endpoint: its path template, parameters by
location (path-level ones merged under the operation's own), the JSON
request body, and each response with its description (so the status codes
a spec lists are compared like a page's status table), its JSON body and
its headers. ``$ref`` is followed within the document (``#/components/...``),
including to parameters, request bodies and responses. The operationId is
the doc id, the summary the title. Examples (``example``, ``examples``) are
kept, so lint checks them against the spec's own schemas as it checks a
page's.

Not responsible for other API description formats (Swagger 2.0 is
rejected with a clear error) nor for writing OpenAPI.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import InputError
from ..model import Endpoint, Example, Field, Location, Response
from ._load import SpecDocument
from ._schema import SchemaReader

__all__ = ["endpoints_from_openapi", "is_openapi"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS: dict[str, Location] = {"path": "path", "query": "query", "header": "header"}


def is_openapi(value: Any) -> bool:
    return isinstance(value, dict) and ("openapi" in value or "swagger" in value) and "paths" in value


def endpoints_from_openapi(document: SpecDocument) -> list[Endpoint]:
    spec = document.value
    version = str(spec.get("openapi") or "")
    if not version.startswith("3."):
        raise InputError(f"{document.source}: OpenAPI 3.0 or 3.1 expected, found "
                         f"{'Swagger ' + str(spec.get('swagger')) if 'swagger' in spec else repr(version)}")
    resolver = _Resolver(spec)
    reader = SchemaReader(document, resolver.schema)
    out = []
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                out.append(_endpoint(reader, resolver, document, str(path), method, item, op))
    return out


class _Resolver:
    """``$ref`` within the document: ``#/a/b/c`` (``~0``, ``~1`` escapes)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def target(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.spec
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    def schema(self, schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        ref = str(schema.get("$ref"))
        found = self.target(ref)
        return (found if isinstance(found, dict) else {}), ref.rsplit("/", 1)[-1]

    def follow(self, value: Any) -> Any:
        """A parameter, body or response object, with its ``$ref`` (chain) followed."""
        for _ in range(16):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            value = self.target(value["$ref"]) or {}
        return value


def _endpoint(reader: SchemaReader, resolver: _Resolver, document: SpecDocument, path: str,
              method: str, item: dict[str, Any], op: dict[str, Any]) -> Endpoint:
    where = ("paths", path, method)
    params = _parameters(reader, resolver, path, method, item, op)
    body, examples = None, []
    request = resolver.follow(op.get("requestBody"))
    if isinstance(request, dict):
        schema, media, key = _json_content(request)
        if schema is not None:
            body = reader.field(schema, "", "body", None, where + ("requestBody", "content", key, "schema"))
        examples += _examples(document, media, "request", None, where + ("requestBody", "content", key))
    responses = []
    for status, answer in (op.get("responses") or {}).items():
        answer = resolver.follow(answer)
        if not isinstance(answer, dict):
            continue
        at = where + ("responses", status)
        schema, media, key = _json_content(answer)
        root = reader.field(schema, "", "response", None, at + ("content", key, "schema")) if schema is not None else None
        headers = tuple(
            reader.field((resolver.follow(h) or {}).get("schema") or {}, str(name), "response-header",
                         bool((resolver.follow(h) or {}).get("required")) or None, at + ("headers", name))
            for name, h in (answer.get("headers") or {}).items()
        )
        description = str(answer.get("description") or "") or str(status)
        responses.append(Response(str(status), document.span(*at), description, root, headers))
        examples += _examples(document, media, "response", str(status), at + ("content", key))
    return Endpoint(
        method=method.upper(),
        path=path,
        source=document.source,
        span=document.span(*where),
        doc_id=str(op.get("operationId") or "") or None,
        title=str(op.get("summary") or op.get("operationId") or ""),
        lang="en",
        format="openapi",
        parameters=tuple(params),
        request_body=body,
        responses=tuple(responses),
        examples=tuple(examples),
    )


def _parameters(reader: SchemaReader, resolver: _Resolver, path: str, method: str,
                item: dict[str, Any], op: dict[str, Any]) -> list[Field]:
    """Path-level parameters, overridden by the operation's own of the same name and place."""
    chosen: dict[tuple[str, str], tuple[dict[str, Any], tuple[Any, ...]]] = {}
    for owner, at in ((item, ("paths", path)), (op, ("paths", path, method))):
        for j, raw in enumerate(owner.get("parameters") or []):
            p = resolver.follow(raw)
            if isinstance(p, dict) and p.get("name") and p.get("in") in _LOCATIONS:
                chosen[(str(p["in"]), str(p["name"]))] = (p, at + ("parameters", j))
    out = []
    for (place, name), (p, at) in chosen.items():
        schema = p.get("schema")
        if schema is None:
            schema, _, _ = _json_content(p)
        out.append(reader.field(schema or {}, name, _LOCATIONS[place], p.get("required"), at,
                                str(p.get("description") or "")))
    return out


def _json_content(owner: dict[str, Any]) -> tuple[Any, dict[str, Any], str]:
    """The schema of the JSON media type of a body (or the first media type), its media object and key."""
    content = owner.get("content")
    if not isinstance(content, dict) or not content:
        return None, {}, ""
    key = next((k for k in content if "json" in k.lower()), next(iter(content)))
    media = content[key] if isinstance(content[key], dict) else {}
    return media.get("schema"), media, key


def _examples(document: SpecDocument, media: dict[str, Any], kind: str, status: str | None,
              at: tuple[Any, ...]) -> list[Example]:
    found = []
    if "example" in media:
        found.append((media["example"], at + ("example",)))
    for name, ex in (media.get("examples") or {}).items():
        if isinstance(ex, dict) and "value" in ex:
            found.append((ex["value"], at + ("examples", name, "value")))
    return [Example(kind, "", document.span(*where), value=value, strict=True, status=status)  # type: ignore[arg-type]
            for value, where in found]
