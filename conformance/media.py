"""Reading request bodies that are not JSON, as the documents type them: forms and multipart parts.

A form (``application/x-www-form-urlencoded``, ``multipart/form-data``) and a
query string carry text only; the page's table says which of its fields are
Integers, Booleans or arrays. :func:`coerce_text` reads such text as the
documented type (``"3"`` is the Integer 3 when the table says Integer, and
stays the string ``"3"`` when it says String, so the validator reports the
real mismatch), :func:`form_value` turns a form's pairs into the object its
table describes, and :func:`multipart_pairs` splits a multipart body into its
named parts. The mock reads requests with them; the suite asks through
:func:`wire_value` what a server reads from the body it sends, so it never
counts as "invalid" a value that no form can express (a number where the
table says String).

Not responsible for validating (the mock, the suite) or for encoding bodies
(the suite's ``case``).
"""

from __future__ import annotations

import email.policy
import json
import math
import re
from email.parser import BytesParser
from typing import Any

__all__ = ["coerce_text", "form_pairs", "form_value", "multipart_pairs", "wire_value"]

_INT = re.compile(r"[+-]?\d+\Z")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def coerce_text(raw: list[str], schema: dict[str, Any]) -> Any:
    """A parameter's text as the documented type, or the text itself when it is not one
    (the validator then reports the type mismatch against the documented type)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "array":
        parts = raw if len(raw) > 1 else [p for p in raw[0].split(",") if p != ""]
        return [coerce_text([p], schema.get("items", {})) for p in parts]
    text = raw[0]
    if kind == "integer" and _INT.match(text.strip()):
        return int(text)
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if math.isfinite(number) else text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def form_value(pairs: list[tuple[str, str]], schema: dict[str, Any] | None) -> dict[str, Any]:
    """Form fields as the documented types (``count=3`` is the Integer 3), repeated names as arrays."""
    props = (schema or {}).get("properties", {})
    names: dict[str, list[str]] = {}
    for name, value in pairs:
        names.setdefault(name, []).append(value)
    return {name: coerce_text(values, props.get(name, {})) if props.get(name, {}).get("type") == "array"
            else coerce_text(values[:1], props.get(name, {})) for name, values in names.items()}


def multipart_pairs(content_type: str, body: bytes) -> list[tuple[str, str]] | None:
    """The named parts of a multipart/form-data body (a file part by its file name), or None."""
    if "boundary=" not in content_type.lower():
        return None
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    pairs = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        pairs.append((str(name), filename or payload.decode("utf-8", "replace")))
    return pairs


def wire_value(media: str, value: Any, schema: dict[str, Any] | None) -> Any:
    """What a server reads from ``value`` sent as ``media``: itself for JSON, the form of its
    fields as text read back as the documented types for a form."""
    if media.split(";", 1)[0].strip().lower() not in _FORMS or not isinstance(value, dict):
        return value
    return form_value(form_pairs(value), schema)


def form_pairs(value: dict[str, Any]) -> list[tuple[str, str]]:
    """An object as form fields: scalars as text (JSON spelling for booleans, null and objects),
    a list as the name repeated."""
    pairs = []
    for name, item in value.items():
        for one in item if isinstance(item, list) else [item]:
            text = json.dumps(one) if isinstance(one, (bool, dict, list)) or one is None else str(one)
            pairs.append((str(name), text))
    return pairs
