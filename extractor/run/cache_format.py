"""The bytes of a cache entry: writing one, and checking one before anything in it is used.

An entry is everything a warm re-run needs about one page without parsing
or interpreting it, plus the page's model for the runs that need endpoints::

    docconform-cache-5 <sha256> <n>\\n<header JSON>\\n<bundle files...><model JSON>

The checksum covers the ``n`` bytes of header and bundle files, which every
look-up uses; the model (JSON of :mod:`.serialize`) carries its own checksum
in the header and is verified only when decoded, so a warm run neither
hashes nor parses it. The model is the page's endpoints and the tables it
exports to other pages' links. The header holds the key, the page's summary
(counts, diagnostics, the names links use for the page, the authentication
schemes and error codes it describes) and the bundle
files' names and sizes.

A file that is not exactly this (another magic, a wrong checksum, another
key, a field of the wrong type, a bundle name that is not a plain file name)
reads as ``None``: never trusted, never an exception. Not responsible for
where entries live or how they are written (:mod:`.cache`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import Any

from ..diagnostics import Diagnostic, Level
from ..model import AuthScheme, ErrorCatalogue, Span
from .pipeline import PageResult, PageSummary, summarize

__all__ = ["MAGIC", "decode_entry", "encode_entry", "model_bytes", "plain_name"]

MAGIC = b"docconform-cache-5 "
_LEVELS = {int(level): level for level in Level}
_FIRST_LINE = re.compile(rb"([0-9a-f]{64}) ([0-9]{1,12})\n")
_PLAIN = re.compile(r"[^/\\\0:]+")
_INTS = ("endpoints", "with_content", "tables", "tables_classified", "links", "exports")


def plain_name(name: object) -> bool:
    """A file name that cannot point outside the output folder."""
    return isinstance(name, str) and name not in (".", "..") and _PLAIN.fullmatch(name) is not None


def _json(value: Any) -> bytes:
    # ASCII escapes: lone surrogates (from undecodable file names) survive the round trip.
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def encode_entry(key: str, result: PageResult, bundles: list[tuple[str, bytes]]) -> bytes:
    """The entry for ``result`` and its rendered bundle files."""
    from . import serialize

    model = _json(serialize.encode((tuple(result.endpoints), tuple(result.exports))))
    s = summarize(result)
    header = _json({
        "key": key, "source": s.source, "format": s.format,
        **{name: getattr(s, name) for name in _INTS},
        "states_operation": s.states_operation,
        "page_keys": list(s.page_keys),
        "auth": [[a.kind, a.header, a.span.source, a.span.line, a.scheme, list(a.headers), a.description]
                 for a in s.auth],
        "errors": _errors_json(s.errors),
        "unknown_types": dict(s.unknown_types),
        "diagnostics": [[d.span.source, d.span.line, d.span.column, d.code, int(d.level), d.message]
                        for d in s.diagnostics],
        "bundles": [[name, len(data)] for name, data in bundles],
        "model": [len(model), hashlib.sha256(model).hexdigest()],
    })
    covered = b"".join([header, b"\n", *(data for _, data in bundles)])
    first = f"{hashlib.sha256(covered).hexdigest()} {len(covered)}\n".encode()
    return b"".join([MAGIC, first, covered, model])


def decode_entry(data: bytes, key: str) -> tuple[PageSummary, list[tuple[str, bytes]], bytes, str] | None:
    """(summary, bundles, model bytes, model sha256) if ``data`` is a sound entry for ``key``."""
    first = _FIRST_LINE.match(data, len(MAGIC)) if data.startswith(MAGIC) else None
    if first is None:
        return None
    start = first.end()
    end = start + int(first.group(2))
    if end > len(data) or hashlib.sha256(data[start:end]).hexdigest().encode() != first.group(1):
        return None
    try:
        return _decode_checked(data, start, end, key)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def _decode_checked(data: bytes, start: int, end: int, key: str) -> tuple[
        PageSummary, list[tuple[str, bytes]], bytes, str] | None:
    newline = data.index(b"\n", start, end)
    h = json.loads(data[start:newline])
    if not isinstance(h, dict) or h.get("key") != key:
        return None
    summary = _summary(h)
    bundles, pos = [], newline + 1
    for name, size in h["bundles"]:
        if not plain_name(name) or type(size) is not int or size < 0:
            return None
        bundles.append((name, data[pos:pos + size]))
        pos += size
    size, digest = h["model"]
    if pos != end or type(size) is not int or end + size != len(data) or not isinstance(digest, str):
        return None
    return summary, bundles, data[end:], digest


def model_bytes(model: bytes, digest: str) -> bytes | None:
    """The model part if it still matches its checksum."""
    return model if hashlib.sha256(model).hexdigest() == digest else None


def _summary(h: dict[str, Any]) -> PageSummary:
    """The header's summary, every field type-checked (TypeError if not)."""
    ints = [h[name] for name in _INTS]
    unknown = h["unknown_types"]
    if (not all(type(v) is int for v in ints) or not isinstance(h["source"], str)
            or not isinstance(h["format"], (str, type(None))) or type(h["states_operation"]) is not bool
            or not all(isinstance(k, str) and type(v) is int for k, v in unknown.items())
            or not all(isinstance(k, str) for k in h["page_keys"])):
        raise TypeError("malformed header")
    counts: Counter[str] = Counter()
    dict.update(counts, unknown)  # Counter(mapping) is slow, and this runs per page
    endpoints, with_content, tables, classified, links, exports = ints
    return PageSummary(h["source"], h["format"], [_diagnostic(d) for d in h["diagnostics"]],
                       endpoints, with_content, tables, classified, h["states_operation"], counts,
                       links, exports, tuple(h["page_keys"]), tuple(_auth(a) for a in h["auth"]),
                       _errors(h["errors"]))


def _errors_json(c: ErrorCatalogue | None) -> list[Any] | None:
    if c is None:
        return None
    body_at = [c.body_span.source, c.body_span.line] if c.body_span else None
    return [[list(x) for x in c.codes], c.span.source, c.span.line, [list(f) for f in c.body], body_at]


def _errors(e: Any) -> ErrorCatalogue | None:
    if e is None:
        return None
    codes, source, line, body, body_at = e
    if not (isinstance(source, str) and type(line) is int
            and all(len(x) == 3 and all(isinstance(v, str) for v in x) for x in codes)
            and all(len(f) == 2 and all(isinstance(v, str) for v in f) for f in body)
            and (body_at is None or (isinstance(body_at[0], str) and type(body_at[1]) is int))):
        raise TypeError("malformed error catalogue")
    return ErrorCatalogue(tuple(tuple(x) for x in codes), Span(source, line), tuple(tuple(f) for f in body),
                          Span(body_at[0], body_at[1]) if body_at else None)


def _auth(a: list[Any]) -> AuthScheme:
    kind, header, source, line, scheme, headers, description = a
    if not (kind in ("token", "aksk") and isinstance(header, str) and isinstance(source, str)
            and type(line) is int and isinstance(scheme, str) and isinstance(description, str)
            and isinstance(headers, list) and all(isinstance(x, str) for x in headers)):
        raise TypeError("malformed auth scheme")
    return AuthScheme(kind, header, Span(source, line), scheme, tuple(headers), description)


def _diagnostic(d: list[Any]) -> Diagnostic:
    source, line, column, code, level, message = d
    if not (isinstance(source, str) and type(line) is int and (column is None or type(column) is int)
            and isinstance(code, str) and type(level) is int and isinstance(message, str)):
        raise TypeError("malformed diagnostic")
    return Diagnostic(Span(source, line, column), code, _LEVELS[level], message)
