"""Error responses from a doc set's common error-code page, for the writers and the contract.

An operation whose page says "see Error Codes" answers with the statuses that
page lists. For each error status (400 and up) of the catalogue
(:class:`~..model.ErrorCatalogue`, in its JSON form as ``index.json`` keeps
it), this module builds the response: the error body's schema (the fields
the error-code page shows, else ``error_code`` and ``error_msg`` marked
``x-docconform-inferred``), an example made of the first code the page lists
for that status with its message, and how many codes answer with it. The
OpenAPI writer writes them, the contract loader gives them to bundle-loaded
operations, so the mock serves them alike (``Prefer: code=400``).

Not responsible for reading the error-code page (``interpret.errorcodes``) or
for an API page's own error tables (they are its responses).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_ERROR_FIELDS", "ErrorResponse", "default_error_schema", "error_responses"]

#: The Huawei-style error body, when nothing says otherwise.
DEFAULT_ERROR_FIELDS = (("error_code", "string"), ("error_msg", "string"))


@dataclass(frozen=True, slots=True)
class ErrorResponse:
    status: str
    description: str
    schema: dict[str, Any]
    example: dict[str, Any] | None
    source: str
    codes: int


def default_error_schema() -> dict[str, Any]:
    """``{"error_code", "error_msg"}``, inferred: the page refers to error codes, shows no body."""
    return {**_schema(DEFAULT_ERROR_FIELDS), "x-docconform-inferred": True}


def _schema(fields: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {str(name): {"type": str(kind)} for name, kind in fields}}


def _field(fields: Any, pattern: str) -> str | None:
    return next((str(name) for name, _ in fields if re.search(pattern, str(name), re.IGNORECASE)), None)


def error_responses(catalogue: Mapping[str, Any] | None) -> list[ErrorResponse]:
    """One response per error status of the catalogue, in status order."""
    if not catalogue:
        return []
    codes = [c for c in catalogue.get("codes", []) if len(c) == 3 and str(c[0]) >= "400"]
    fields = catalogue.get("body") or DEFAULT_ERROR_FIELDS
    schema = _schema(fields)
    if catalogue.get("body"):
        schema["x-source"] = str(catalogue.get("body-source", catalogue.get("x-source", "")))
    else:
        schema["x-docconform-inferred"] = True
    code_field, message_field = _field(fields, r"code"), _field(fields, r"msg|message")
    out = []
    for status in sorted({str(c[0]) for c in codes}):
        mine = [c for c in codes if str(c[0]) == status]
        example = None
        if code_field:
            example = {code_field: str(mine[0][1])}
            if message_field and mine[0][2]:
                example[message_field] = str(mine[0][2])
        out.append(ErrorResponse(
            status, f"Error: {len(mine)} error code{'s' if len(mine) != 1 else ''} of the error-code page "
                    f"answer {status}", schema, example, str(catalogue.get("x-source", "")), len(mine)))
    return out
