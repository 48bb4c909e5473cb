"""The model to JSON and back, losslessly, without pickle.

Used by the extraction cache, whose entries sit on disk where anything may
have written them: JSON with an explicit allow-list of classes can be
checked and rejected, pickle could run code. Encoding is unambiguous: every
dataclass, tuple and dict is wrapped in a one-key tag object, so JSON
payloads that happen to look like tags (example bodies are arbitrary JSON)
round-trip unchanged.

Every page extracted into the cache is encoded, so encoding dispatches on
the exact type through a table rather than asking ``dataclasses`` about each
value. Not responsible for where the JSON goes (:mod:`.cache_format`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import diagnostics, model

__all__ = ["SerializeError", "decode", "encode"]

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Span, model.Ref, model.Cell, model.Row, model.Heading, model.Para, model.Code,
        model.Table, model.Page, model.TypeRef, model.Field, model.Response, model.Example,
        model.Endpoint, model.TableExport, diagnostics.Diagnostic,
    )
}
#: class -> its field names, in declaration order.
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _CLASSES.values()
}
_SCALARS = frozenset({str, int, float, bool, type(None)})


class SerializeError(ValueError):
    """Input that is not an encoding this module wrote."""


def encode(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return {"$c": kind.__name__, "f": {n: encode(getattr(value, n)) for n in names}}
    if kind is tuple:
        return {"$t": [encode(v) for v in value]}
    if kind is list:
        return [encode(v) for v in value]
    if kind is dict:
        return {"$d": {str(k): encode(v) for k, v in value.items()}}
    return _encode_other(value)


def _encode_other(value: Any) -> Any:
    """Sentinels, levels, and subclasses of the plain types (rare, so off the fast path)."""
    if value is model.NOT_STATED:
        return {"$n": 1}
    if isinstance(value, diagnostics.Level):
        return {"$l": value.name}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        raise SerializeError(f"cannot encode {type(value).__name__}")
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, (str, int, float, bool)):
        return value
    raise SerializeError(f"cannot encode {type(value).__name__}")


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        if data is None or isinstance(data, (str, int, float, bool)):
            return data
        raise SerializeError(f"unexpected {type(data).__name__}")
    if len(data) == 1:
        ((tag, inner),) = data.items()
        if tag == "$n":
            return model.NOT_STATED
        if tag == "$l":
            try:
                return diagnostics.Level[inner]
            except (KeyError, TypeError) as exc:
                raise SerializeError(f"unknown level {inner!r}") from exc
        if tag == "$t":
            return tuple(decode(v) for v in _list(inner))
        if tag == "$d":
            return {k: decode(v) for k, v in _dict(inner).items()}
    if set(data) == {"$c", "f"}:
        cls = _CLASSES.get(data["$c"]) if isinstance(data["$c"], str) else None
        if cls is None:
            raise SerializeError(f"unknown class {data['$c']!r}")
        try:
            return cls(**{k: decode(v) for k, v in _dict(data["f"]).items()})
        except TypeError as exc:
            raise SerializeError(str(exc)) from exc
    raise SerializeError("untagged object")


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise SerializeError("expected a list")
    return value


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SerializeError("expected an object")
    return value
