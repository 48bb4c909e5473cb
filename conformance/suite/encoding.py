"""Request bodies in the format the page documents: JSON, JSON Patch, forms, raw bytes.

Responsible for: :func:`body_format`, which reads an operation's documented
media type (``Operation.media_type``) and body schema into a
:class:`BodyFormat`, and :meth:`BodyFormat.encode`, which turns a case's
body value into the bytes and ``Content-Type`` that go on the wire:

* JSON (``application/json``, ``*+json``, ``...;charset=utf8``): the value as JSON;
* JSON Patch (a media type naming ``json-patch``, such as
  ``application/openstack-images-v2.1-json-patch``): a patch document. A page
  documents either the document (an array), one operation (a table of
  ``op``/``path``/``value``: the value is sent as a one-operation document), or
  the fields to change (each becomes a ``replace`` operation);
* forms (``application/x-www-form-urlencoded``, ``multipart/form-data``): one
  field per top-level property, values as text;
* raw bytes (``application/octet-stream`` and other non-text types): the
  case's bytes, a deterministic sample file when the page gives no body table.

It also says what survives the format (:attr:`BodyFormat.typed`: JSON types
do, form values are text; :attr:`BodyFormat.checks_presence`: a field
missing from a patch of fields is no violation), so case generation only
calls invalid what is invalid on the wire.

Not responsible for: choosing values (``cases``, ``strategies``) or the rest
of the request (``case.build_request``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from ..contract import Operation
from ..media import form_pairs
from ..schema_tools import is_valid, json_type

__all__ = ["DESCRIPTIVE_HEADERS", "SAMPLE_FILE", "BodyFormat", "body_format", "encode_body", "media_format"]

#: Headers that describe the request itself: the encoder sets them, cases never draw them.
DESCRIPTIVE_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding"})
#: What an upload sends when the page documents raw bytes and no body table: every byte value once.
SAMPLE_FILE = b"docconform sample file\n" + bytes(range(256))
_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class BodyFormat:
    """How one operation's body travels; ``kind`` is json, json-patch, form, multipart, bytes or text."""

    media_type: str
    kind: str
    #: For JSON Patch: the page documents the ``document``, one ``operation`` or the ``fields``.
    patch_shape: str = ""

    @property
    def typed(self) -> bool:
        """Whether JSON types survive: in a form, 12345 and "12345" are the same text."""
        return self.kind in ("json", "json-patch")

    @property
    def checks_presence(self) -> bool:
        """Whether a missing mandatory field is visible: a patch of fields changes only what it names."""
        return self.patch_shape != "fields"

    @property
    def raw(self) -> bool:
        """Whether the body is bytes the page does not describe field by field."""
        return self.kind == "bytes"

    def encode(self, value: Any) -> tuple[bytes, str]:
        """The wire bytes of ``value`` and the ``Content-Type`` to send with them."""
        if isinstance(value, bytes | bytearray):
            return bytes(value), self.media_type
        if self.kind == "json-patch":
            return _json(self.patch_document(value)), self.media_type
        if self.kind == "form" and isinstance(value, dict):
            return urlencode(form_pairs(value)).encode("ascii"), self.media_type
        if self.kind == "multipart" and isinstance(value, dict):
            return _multipart(value)
        if self.kind == "text" and isinstance(value, str):
            return value.encode("utf-8"), self.media_type
        if self.kind == "bytes":
            return SAMPLE_FILE, self.media_type
        return _json(value), self.media_type if self.kind in ("json", "json-patch") else _JSON

    def patch_document(self, value: Any) -> Any:
        """``value`` (shaped as the page documents it) as the JSON Patch document to send."""
        if self.patch_shape == "operation" and isinstance(value, dict):
            return [value]
        if self.patch_shape == "fields" and isinstance(value, dict):
            return [{"op": "replace", "path": "/" + _pointer(key), "value": item} for key, item in value.items()]
        return value

    def documented_value(self, example: Any, schema: dict[str, Any]) -> Any:
        """A documented example request as a body value: the operation of a one-operation patch."""
        if (self.patch_shape == "operation" and isinstance(example, list) and len(example) == 1
                and is_valid(schema, example[0])):
            return example[0]
        return example


def body_format(op: Operation) -> BodyFormat:
    """What the page says the body of ``op`` is."""
    return media_format(op.media_type, op.body)


def encode_body(value: Any, media: str) -> tuple[bytes, str]:
    """``value`` on the wire as ``media`` (no body table to shape a patch: sent as given)."""
    return media_format(media).encode(value)


def media_format(media_type: str | None, schema: dict[str, Any] | None = None) -> BodyFormat:
    """How a body documented as ``media_type`` (None: JSON) with body ``schema`` travels."""
    media = (media_type or _JSON).split(";")[0].strip().lower()
    if "json-patch" in media:
        return BodyFormat(media, "json-patch", _patch_shape(schema))
    if media == _JSON or media.endswith(("+json", "/json")):
        return BodyFormat(media, "json")
    if media == _FORM:
        return BodyFormat(media, "form")
    if media == _MULTIPART:
        return BodyFormat(media, "multipart")
    if media.startswith("text/"):
        return BodyFormat(media, "text")
    return BodyFormat(media, "bytes")


def _patch_shape(schema: dict[str, Any] | None) -> str:
    if schema is None or json_type(schema) == "array":
        return "document"
    properties = schema.get("properties", {})
    return "operation" if "op" in properties and "path" in properties else "fields"


def _pointer(key: str) -> str:
    """A JSON Pointer reference token (RFC 6901): ``~`` and ``/`` escaped."""
    return key.replace("~", "~0").replace("/", "~1")


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _multipart(value: dict[str, Any]) -> tuple[bytes, str]:
    """A multipart form built by httpx: every field a part without a file name, the boundary
    derived from the content so that the same case is the same request."""
    pairs = form_pairs(value)
    boundary = "docconform-" + hashlib.sha256(repr(pairs).encode("utf-8")).hexdigest()[:24]
    ctype = f"{_MULTIPART}; boundary={boundary}"
    parts = [(key, (None, text.encode("utf-8"))) for key, text in pairs]
    request = httpx.Request("POST", "http://multipart.invalid/", files=parts, headers={"Content-Type": ctype})
    return request.read(), ctype
