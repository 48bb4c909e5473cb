"""A doc set's common error-code page: which error statuses and codes its APIs answer with.

API pages end with "Error Codes: see Error Codes" (``documents_error_codes``);
the page they point to lists every error as Status Code / Error Code / Error
Message rows, and shows the error body (``{"error_code": "DLI.0001",
"error_msg": "…"}``, a Parameter/Type table of ``error_code`` and
``error_msg``; ``code``/``message`` on some sets). This module reads such a
page into an :class:`~..model.ErrorCatalogue`, so the writers can give each
referring operation its error responses with their body schema and codes,
and the mock can serve them (``Prefer: code=400``).

Not responsible for an API page's own error tables (they are its responses)
or for deciding which operations refer to the catalogue (``documents_error_codes``).
"""

from __future__ import annotations

import json
import re

from ..model import Code, ErrorCatalogue, Page, Span, Table
from . import vocab
from .types import parse_type

__all__ = ["error_catalogue"]

_STATUS = re.compile(r"\b([1-5]\d\d)\b")
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", dict: "object", list: "array"}


def _column(header: tuple[str, ...], key: str) -> int | None:
    names = set(vocab.load("errors")[key])
    return next((i for i, h in enumerate(header) if h in names), None)


def _folded(table: Table) -> tuple[str, ...]:
    return tuple(vocab.fold_compact(c.text) for c in table.header)


def error_catalogue(page: Page) -> ErrorCatalogue | None:
    """The page's error codes and error body; None when it has no error-code table."""
    codes: list[tuple[str, str, str]] = []
    span: Span | None = None
    for table in (b for b in page.blocks if isinstance(b, Table)):
        header = _folded(table)
        status_at, code_at = _column(header, "status"), _column(header, "code")
        if status_at is None or code_at is None:
            continue
        message_at = _column(header, "message")
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if max(status_at, code_at) >= len(cells):
                continue
            status = _STATUS.search(cells[status_at])
            if status and cells[code_at]:
                message = cells[message_at] if message_at is not None and message_at < len(cells) else ""
                codes.append((status.group(1), cells[code_at], " ".join(message.split())))
        span = span or table.span
    if not codes or span is None:
        return None
    body, body_span = _body(page)
    return ErrorCatalogue(tuple(codes), span, body, body_span)


def _is_error_field(name: str) -> bool:
    return vocab.fold_compact(name) in {vocab.fold_compact(n) for n in vocab.load("errors")["error_field"]}


def _body(page: Page) -> tuple[tuple[tuple[str, str], ...], Span | None]:
    """The error body's fields: from a Name/Type table naming them, else from a JSON example."""
    for table in (b for b in page.blocks if isinstance(b, Table)):
        if _column(_folded(table), "code") is not None or len(table.header) < 2:
            continue
        names = [r.cells[0].text.strip() for r in table.rows if r.cells]
        if names and any(_is_error_field(n) for n in names):
            fields = tuple((r.cells[0].text.strip(), _type_of(r.cells[1].text)) for r in table.rows
                           if len(r.cells) > 1 and r.cells[0].text.strip())
            return fields, table.span
    for block in (b for b in page.blocks if isinstance(b, Code)):
        try:
            value = json.loads(block.text)
        except ValueError:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0]
        if isinstance(value, dict) and any(_is_error_field(str(k)) for k in value):
            return tuple((str(k), _JSON_TYPES.get(type(v), "string")) for k, v in value.items()), block.span
    return (), None


def _type_of(text: str) -> str:
    base = parse_type(text).base
    return base if base in ("string", "integer", "number", "boolean", "object", "array") else "string"
