"""The documented contract, loaded from what ``docconform extract`` wrote.

Conformance testing and the mock server consume only written schemas, never
pages: either a folder of per-endpoint bundles (``*.json`` with a
``request`` part) or one OpenAPI 3.1 document. Both load into the same
:class:`Operation` values, so checks and the mock do not care which.

When several pages document the same operation (the three versions of
dli_02_0241), the first by source path is the contract and the others are
listed in ``alternatives``; drift is where their differences are reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .openapi_input import OpenAPIInputError, read_contract_file

__all__ = ["ContractError", "ExampleSpec", "Operation", "ParamSpec", "ResponseSpec", "load_contract"]

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
class ResponseSpec:
    status: str
    description: str = ""
    schema: dict[str, Any] | None = None
    source: str = ""


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

    @property
    def key(self) -> str:
        return f"{self.method} {_PLACEHOLDER.sub('{}', self.path)}"

    @property
    def name(self) -> str:
        """How test ids and reports name the operation."""
        return f"{self.method} {self.path}" + (f" ({self.doc_id})" if self.doc_id else "")

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
    return ops


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
    params = [p for loc in _LOCATIONS for p in _group_params(request.get(loc), loc)]
    body = request.get("body")
    responses = tuple(
        ResponseSpec(status, r.get("description", ""), r.get("body"), r.get("x-source", ""))
        for status, r in data.get("responses", {}).items()
    )
    if data.get("documents_error_codes") and not any(r.status.upper() == "4XX" for r in responses):
        responses += (ResponseSpec("4XX", "error; the page refers to its error codes", None,
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
    return Operation(
        method=data["method"].upper(),
        path=data["path"],
        doc_id=data.get("doc_id"),
        title=data.get("title", ""),
        source=data.get("x-source", data.get("source", "")),
        params=tuple(params),
        body=body,
        body_required=bool(body and body.get("required")) or bool(body and body.get("type") == "array"),
        responses=responses,
        examples=examples,
        documents_error_codes=bool(data.get("documents_error_codes")),
        request_lines=request_lines,
    )


def _from_openapi(path: Path) -> list[Operation]:
    return _from_openapi_dict(_read_json(path), str(path))


def _from_openapi_dict(doc: dict[str, Any], where: str) -> list[Operation]:
    ops = []
    for path, item in sorted(doc.get("paths", {}).items()):
        shared = item.get("parameters", [])
        for method, op in sorted(item.items()):
            if method not in ("get", "put", "post", "delete", "patch", "head", "options"):
                continue
            ops.append(_openapi_operation(path, method, op, shared, where))
    return ops


def _openapi_operation(path: str, method: str, op: dict[str, Any], shared: list[Any], where: str) -> Operation:
    params = tuple(
        ParamSpec(p["name"], p["in"], bool(p.get("required")), p.get("schema", {}),
                  p.get("schema", {}).get("x-source", ""))
        for p in [*shared, *op.get("parameters", [])]
        if p.get("in") in _LOCATIONS
    )
    body_spec = op.get("requestBody", {})
    body = body_spec.get("content", {}).get("application/json", {}).get("schema")
    responses = []
    examples = []
    for status, r in op.get("responses", {}).items():
        media = r.get("content", {}).get("application/json", {})
        responses.append(ResponseSpec(status, r.get("description", ""), media.get("schema"), r.get("x-source", "")))
        for ex in media.get("examples", {}).values():
            examples.append(ExampleSpec("response", ex.get("value"), status, ex.get("x-source", "")))
    for ex in body_spec.get("content", {}).get("application/json", {}).get("examples", {}).values():
        examples.append(ExampleSpec("request", ex.get("value"), None, ex.get("x-source", "")))
    return Operation(
        method=method.upper(), path=path, doc_id=op.get("operationId"), title=op.get("summary", ""),
        source=op.get("x-source", where), params=params, body=body,
        body_required=bool(body_spec.get("required")), responses=tuple(responses),
        examples=tuple(examples), documents_error_codes=any(r.status.upper() == "4XX" for r in responses),
    )


def _dedupe(ops: list[Operation]) -> list[Operation]:
    chosen: dict[str, Operation] = {}
    others: dict[str, list[str]] = {}
    for op in sorted(ops, key=lambda o: (o.key, o.source)):
        if op.key in chosen:
            others.setdefault(op.key, []).append(op.source)
        else:
            chosen[op.key] = op

    return [
        replace(op, alternatives=tuple(others.get(key, ()))) for key, op in sorted(chosen.items())
    ]
