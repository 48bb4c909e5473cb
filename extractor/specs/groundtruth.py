"""SDK ground truth (``../shared/groundtruth/<service>.json``) read as one version of an API.

Each record is one operation of an official SDK: ``http_method``,
``path_template``, ``path_params`` / ``query_params`` / ``header_params``
(``{name, type, required, format, items, enum}``), ``request_body`` and
``response_body`` as JSON-Schema-like trees (the ``$ref`` of a model already
on the path marks a cycle), ``response_headers``. The SDK is an
implementation, not an oracle: where it and the pages disagree, drift
reports the disagreement and neither side is taken as right.

What the SDK does not say is left unsaid, so it is never a contradiction:
no status codes (the success body is filed under 200, with no status
description, so status codes are not compared), no descriptions, no
examples, no bounds. Not responsible for parsing the file (:mod:`._load`).
"""

from __future__ import annotations

from typing import Any

from ..model import Endpoint, Field, Location, Response, TypeRef
from ._load import SpecDocument
from ._schema import SchemaReader

__all__ = ["endpoints_from_groundtruth", "is_groundtruth"]

_PARAMS: tuple[tuple[str, Location], ...] = (("path_params", "path"), ("query_params", "query"),
                                             ("header_params", "header"))


def is_groundtruth(value: Any) -> bool:
    return (isinstance(value, list) and bool(value) and isinstance(value[0], dict)
            and "http_method" in value[0] and "path_template" in value[0])


def endpoints_from_groundtruth(document: SpecDocument) -> list[Endpoint]:
    reader = SchemaReader(document)
    out = []
    for i, record in enumerate(document.value):
        if isinstance(record, dict) and record.get("http_method") and record.get("path_template"):
            out.append(_endpoint(reader, document, i, record))
    return out


def _endpoint(reader: SchemaReader, document: SpecDocument, i: int, record: dict[str, Any]) -> Endpoint:
    span = document.span(i, "path_template")
    params: list[Field] = []
    for key, location in _PARAMS:
        for j, p in enumerate(record.get(key) or []):
            if isinstance(p, dict) and p.get("name"):
                schema = {k: v for k, v in p.items() if k not in ("name", "required")}
                params.append(reader.field(schema, str(p["name"]), location, p.get("required"), (i, key, j)))
    body = record.get("request_body")
    response_body = record.get("response_body")
    headers = tuple(
        Field(str(h["name"]), "response-header", TypeRef(str(h.get("type") or "string"),
                                                         raw=str(h.get("type") or "string")),
              document.span(i, "response_headers", j))
        for j, h in enumerate(record.get("response_headers") or []) if isinstance(h, dict) and h.get("name")
    )
    responses = ()
    if isinstance(response_body, dict) or headers:
        root = (reader.field(response_body, "", "response", None, (i, "response_body"))
                if isinstance(response_body, dict) else None)
        responses = (Response("200", document.span(i, "response_body"), body=root, headers=headers),)
    return Endpoint(
        method=str(record["http_method"]).upper(),
        path=str(record["path_template"]),
        source=document.source,
        span=span,
        doc_id=str(record.get("operation_id") or record.get("operation") or "") or None,
        title=str(record.get("operation") or record.get("operation_id") or ""),
        lang="en",
        format="sdk",
        parameters=tuple(params),
        request_body=reader.field(body, "", "body", None, (i, "request_body")) if isinstance(body, dict) else None,
        responses=responses,
        extra=tuple((k, record[k]) for k in ("sdk_package", "sdk_version", "api_version") if k in record),
    )
