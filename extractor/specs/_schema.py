"""JSON Schema (as OpenAPI and the SDK ground truth write it) into the model's Fields and TypeRefs.

What drift compares must mean the same whether a page or a spec said it: a
``{"type": "array", "items": {"type": "integer", "format": "int64"}}``
becomes the TypeRef ``array of integer(int64)`` an ``Array of Long`` row
becomes, with the spec's own words as the raw phrase (``array of integer``);
an array of objects keeps the object's properties as the field's children,
as a page's "Array of X objects" row does; bounds, enums and defaults sit
where the interpreter puts them. ``$ref`` is resolved through the caller's
resolver, ``allOf`` merged, a type that is a list with ``null`` (3.1) or
``nullable`` (3.0) read as its other type; ``oneOf``/``anyOf`` say nothing
comparable and read as ``any``. A schema carrying docconform's own
``x-source`` / ``x-raw-type`` (an OpenAPI ``extract`` wrote) keeps them.

Not responsible for finding schemas in a document (:mod:`.openapi`,
:mod:`.groundtruth`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import NOT_STATED, Field, Location, Span, TypeRef
from ._load import SpecDocument

__all__ = ["SchemaReader"]

_VALUE_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                   "minLength", "maxLength", "pattern")
_ARRAY_KEYWORDS = ("minItems", "maxItems", "uniqueItems")
_MAX_DEPTH = 32

Resolve = Callable[[dict[str, Any]], tuple[dict[str, Any], str | None]]


def _no_refs(schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    return schema, None


class SchemaReader:
    """Fields of one spec document; ``resolve`` follows a ``$ref`` (returns the target and its name)."""

    def __init__(self, document: SpecDocument, resolve: Resolve = _no_refs) -> None:
        self.document, self.resolve = document, resolve

    def field(self, schema: Any, name: str, location: Location, required: bool | None,
              path: tuple[Any, ...], description: str = "") -> Field:
        """One property (its children included) from its schema at ``path`` in the document."""
        schema, seen = self._plain(schema, frozenset())
        return self._field(schema, name, location, required, path, description, seen, 0)

    def _field(self, schema: dict[str, Any], name: str, location: Location, required: bool | None,
               path: tuple[Any, ...], description: str, seen: frozenset[str], depth: int) -> Field:
        span = self._span(schema, path)
        typ = self._type(schema, seen, depth)
        value, value_path = self._value_target(schema, path, seen)
        obj, obj_path, obj_seen = self._object_target(schema, path, seen)
        props = obj.get("properties") if isinstance(obj.get("properties"), dict) else {}
        needed = set(obj.get("required") or ()) if isinstance(obj.get("required"), list) else set()
        children: tuple[Field, ...] = ()
        if depth < _MAX_DEPTH:
            children = tuple(
                self._child(s, n, location, n in needed, obj_path + ("properties", n), obj_seen, depth + 1)
                for n, s in props.items()
            )
        default = value.get("default", schema.get("default", NOT_STATED))
        return Field(
            name=name,
            location=location,
            type=typ,
            span=span,
            required=required,
            description=str(schema.get("description") or description or ""),
            enum=tuple(value.get("enum") or ()),
            default=default,
            constraints=tuple(sorted(
                [(k, value[k]) for k in _VALUE_KEYWORDS if k in value]
                + [(k, schema[k]) for k in _ARRAY_KEYWORDS if k in schema], key=lambda kv: kv[0])),
            children=children,
            source_table=obj.get("title") if isinstance(obj.get("title"), str) else None,
        )

    def _child(self, schema: Any, name: str, location: Location, required: bool, path: tuple[Any, ...],
               seen: frozenset[str], depth: int) -> Field:
        plain, seen = self._plain(schema, seen)
        return self._field(plain, name, location, required, path, "", seen, depth)

    # ------------------------------------------------------------ schemas

    def _plain(self, schema: Any, seen: frozenset[str]) -> tuple[dict[str, Any], frozenset[str]]:
        """The schema with ``$ref``, ``allOf`` and nullability taken out; a cyclic ref stays bare."""
        if not isinstance(schema, dict):
            return {}, seen
        for _ in range(_MAX_DEPTH):
            if "$ref" not in schema:
                break
            target, ref_name = self.resolve(schema)
            key = ref_name or str(schema["$ref"])
            if key in seen or target is schema:
                return {"type": "object", "title": key, "x-cycle": True}, seen
            seen = seen | {key}
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        if isinstance(schema.get("allOf"), list):
            merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
            props: dict[str, Any] = {}
            needed: set[str] = set(merged.get("required") or ())
            for part in schema["allOf"]:
                plain, seen = self._plain(part, seen)
                props.update(plain.get("properties") or {})
                needed |= set(plain.get("required") or ())
                for k, v in plain.items():
                    merged.setdefault(k, v)
            merged["properties"] = {**props, **(schema.get("properties") or {})}
            merged["required"] = sorted(needed)
            schema = merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            schema = {**schema, "type": kinds[0] if len(kinds) == 1 else None}
        return schema, seen

    def _type(self, schema: dict[str, Any], seen: frozenset[str], depth: int) -> TypeRef:
        kind = schema.get("type")
        if kind is None and isinstance(schema.get("properties"), dict):
            kind = "object"
        if kind is None and "items" in schema:
            kind = "array"
        raw_given = schema.get("x-raw-type")
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
        if kind == "array" and depth < _MAX_DEPTH:
            items_schema, items_seen = self._plain(schema.get("items"), seen)
            items = self._type(items_schema, items_seen, depth + 1) if items_schema else None
            raw = f"array of {items.raw}" if items is not None else "array"
            return TypeRef("array", raw=str(raw_given or raw), items=items)
        if kind == "object":
            extra = schema.get("additionalProperties")
            values = None
            if isinstance(extra, dict) and extra and depth < _MAX_DEPTH:
                plain, extra_seen = self._plain(extra, seen)
                values = self._type(plain, extra_seen, depth + 1)
            title = schema.get("title") if isinstance(schema.get("title"), str) else None
            raw = f"map of {values.raw}" if values is not None else "object"
            return TypeRef("object", raw=str(raw_given or raw), values=values, ref=title)
        if kind in ("string", "integer", "number", "boolean"):
            raw = f"{kind} ({fmt})" if fmt else kind
            return TypeRef(kind, raw=str(raw_given or raw), format=fmt)
        return TypeRef("any", raw=str(raw_given or ("oneOf" if "oneOf" in schema or "anyOf" in schema else "")),
                       known=False)

    def _value_target(self, schema: dict[str, Any], path: tuple[Any, ...],
                      seen: frozenset[str]) -> tuple[dict[str, Any], tuple[Any, ...]]:
        """Where enums, defaults and value bounds sit: the innermost element of an array."""
        for _ in range(_MAX_DEPTH):
            if schema.get("type") != "array" or not isinstance(schema.get("items"), dict):
                break
            schema, seen = self._plain(schema["items"], seen)
            path = path + ("items",)
        return schema, path

    def _object_target(self, schema: dict[str, Any], path: tuple[Any, ...],
                       seen: frozenset[str]) -> tuple[dict[str, Any], tuple[Any, ...], frozenset[str]]:
        """Where the properties of a field sit: through arrays and a map's values."""
        for _ in range(_MAX_DEPTH):
            if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
                schema, seen = self._plain(schema["items"], seen)
                path = path + ("items",)
            elif isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
                schema, seen = self._plain(schema["additionalProperties"], seen)
                path = path + ("additionalProperties",)
            else:
                break
        return schema, path, seen

    def _span(self, schema: dict[str, Any], path: tuple[Any, ...]) -> Span:
        given = schema.get("x-source")
        if isinstance(given, str) and ":" in given:
            source, _, line = given.rpartition(":")
            if line.isdigit():
                return Span(source, int(line))
        return self.document.span(*path)
