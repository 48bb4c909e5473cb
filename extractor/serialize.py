"""The model to JSON and back, losslessly, without pickle.

Used by the extraction cache, whose entries sit on disk where anything may
have written them: JSON with an explicit allow-list of classes can be
checked and rejected, pickle could run code. Encoding is unambiguous: every
dataclass, tuple and dict is wrapped in a one-key tag object, so JSON
payloads that happen to look like tags (example bodies are arbitrary JSON)
round-trip unchanged.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from . import diagnostics, model

__all__ = ["encode", "decode", "SerializeError"]

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Span, model.Ref, model.Cell, model.Row, model.Heading, model.Para, model.Code,
        model.Table, model.Page, model.TypeRef, model.Field, model.Response, model.Example,
        model.Endpoint, diagnostics.Diagnostic,
    )
}


class SerializeError(ValueError):
    """Input that is not an encoding this module wrote."""


def encode(value: Any) -> Any:
    if value is model.NOT_STATED:
        return {"$n": 1}
    if isinstance(value, diagnostics.Level):
        return {"$l": value.name}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _CLASSES:
            raise SerializeError(f"cannot encode {name}")
        return {"$c": name, "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$d": {str(k): encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (str, int, float, bool)):
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
            return diagnostics.Level[inner]
        if tag == "$t":
            return tuple(decode(v) for v in _list(inner))
        if tag == "$d":
            return {k: decode(v) for k, v in _dict(inner).items()}
    if set(data) == {"$c", "f"}:
        cls = _CLASSES.get(data["$c"])
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

