"""Random requests from the documented schemas, as Hypothesis strategies.

Responsible for: :func:`from_schema` (values for the JSON Schema subset that
``docconform extract`` writes: types, enum, default, required, properties,
items, bounds, lengths, patterns) and :func:`from_operation` (whole valid or
invalid :class:`~docconform.conformance.suite.case.Case` values for one operation). Drawing
goes through Hypothesis so failures shrink to a minimal case and a seed
reproduces the run.

hypothesis-jsonschema would be the natural library, but its object strategy
relies on Hypothesis internals that changed (``cu.many().more()`` is gone in
Hypothesis 6.1xx), so the small subset our schemas use is drawn here.

Not responsible for: deterministic cases (``cases``) or sending (``client``).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from .case import Case, Fixed
from .cases import drawn
from ..contract import Operation, ParamSpec
from .encoding import body_format
from ..schema_tools import (
    INT_BOUNDS,
    delete_at,
    fields,
    generation_schema,
    is_valid,
    json_type,
    set_at,
)

__all__ = ["CHARACTERS", "from_operation", "from_schema"]

_MAX_ITEMS = 12
_MAX_TEXT = 48
_MAX_UPLOAD = 4096
_HEADER_ALPHABET = string.ascii_letters + string.digits + "-_.~"
#: Every code point but surrogates, without a codec: ``st.text()``'s default
#: alphabet (codec utf-8) makes Hypothesis build a code-point table for the
#: codec, seconds of work in a fresh process and a ``.hypothesis`` folder.
CHARACTERS = st.characters(max_codepoint=0xD7FF) | st.characters(min_codepoint=0xE000)
_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(CHARACTERS, max_size=12),
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "null": st.none(),
    "array": st.lists(st.integers(), max_size=3),
    "object": st.dictionaries(st.text(CHARACTERS, max_size=5), st.integers(), max_size=2),
}


def from_schema(schema: dict[str, Any] | bool) -> st.SearchStrategy[Any]:
    """Values valid against ``schema`` (prepared by ``schema_tools.generation_schema``)."""
    if schema is True or schema == {}:
        return st.one_of(*_SCALARS.values())
    if not isinstance(schema, dict):
        return st.nothing()
    if "const" in schema:
        return st.just(schema["const"])
    if schema.get("enum"):
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            options = st.one_of(*(from_schema(sub) for sub in schema[key]))
            return options.filter(lambda v: is_valid(schema, v))
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return st.one_of(*(from_schema({**schema, "type": k}) for k in kinds))
    kind = json_type(schema) or ("object" if "properties" in schema else "string")
    build = _BY_TYPE.get(kind)
    return build(schema) if build is not None else _SCALARS.get(kind, st.nothing())


def _object(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    props = {k: v for k, v in schema.get("properties", {}).items() if isinstance(v, dict)}
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {k: from_schema(v) for k, v in props.items() if k in required},
        optional={k: from_schema(v) for k, v in props.items() if k not in required},
    )


def _array(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = int(schema.get("minItems", 0))
    high = int(schema.get("maxItems", max(low, _MAX_ITEMS)))
    items: dict[str, Any] = schema["items"] if isinstance(schema.get("items"), dict) else {}
    unique = bool(schema.get("uniqueItems"))
    return st.lists(from_schema(items), min_size=low, max_size=high, unique_by=_key if unique else None)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _string(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", max(low, _MAX_TEXT)))
    if schema.get("pattern"):
        return st.from_regex(schema["pattern"], alphabet=CHARACTERS).filter(lambda s: low <= len(s) <= high)
    return st.text(CHARACTERS, min_size=low, max_size=high)


def _integer(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if "exclusiveMinimum" in schema:
        low = int(schema["exclusiveMinimum"]) + 1
    if "exclusiveMaximum" in schema:
        high = int(schema["exclusiveMaximum"]) - 1
    return st.integers(min_value=None if low is None else int(low), max_value=None if high is None else int(high))


def _number(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    return st.floats(min_value=schema.get("minimum"), max_value=schema.get("maximum"),
                     allow_nan=False, allow_infinity=False)


_BY_TYPE: dict[str, Callable[[dict[str, Any]], st.SearchStrategy[Any]]] = {
    "object": _object, "array": _array, "string": _string, "integer": _integer, "number": _number,
}


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def _param(spec: ParamSpec, fixed: dict[str, str]) -> st.SearchStrategy[str]:
    pinned = {k.lower(): v for k, v in fixed.items()} if spec.location == "header" else fixed
    key = spec.name.lower() if spec.location == "header" else spec.name
    if key in pinned:
        return st.just(pinned[key])
    if spec.location == "header" and not spec.schema.get("enum"):
        return st.text(_HEADER_ALPHABET, min_size=1, max_size=32)
    schema = generation_schema(spec.schema)
    if spec.location == "path" and json_type(schema) in (None, "string"):
        schema = {**schema, "minLength": max(1, int(schema.get("minLength", 1)))}
    return from_schema(schema).map(_as_text)


def _params(op: Operation, location: str, fixed: dict[str, str]) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    chosen = {}
    for spec in op.params:
        if spec.location != location or not drawn(spec):
            continue
        value = _param(spec, fixed)
        chosen[spec.name] = value if spec.required or location == "path" else st.one_of(st.none(), value)
    return st.fixed_dictionaries(chosen).map(lambda d: tuple((k, v) for k, v in d.items() if v is not None))


def from_operation(op: Operation, *, valid: bool = True, fixed: Fixed | None = None) -> st.SearchStrategy[Case]:
    """Random requests the page allows (``valid``) or forbids (one violation each)."""
    fixed = fixed or Fixed()
    fmt = body_format(op)
    raw = op.body is None and fmt.raw and op.method in ("POST", "PUT", "PATCH")
    body = from_schema(generation_schema(op.body)) if op.body is not None else st.none()
    if raw:  # the page documents an upload of bytes and no body table
        body = st.binary(min_size=1, max_size=_MAX_UPLOAD)
    cases = st.builds(
        lambda path, query, headers, payload: Case(
            op.method, path, query, headers, None if raw else payload, op.body is not None or raw,
            raw_body=payload if raw else None, kind="random", label="random valid request", source=op.source),
        _params(op, "path", fixed.path), _params(op, "query", fixed.query),
        _params(op, "header", fixed.headers), body,
    )
    if valid:
        return cases
    mutations = _mutations(op)
    if not mutations:
        return st.nothing()
    return _invalid(cases, st.sampled_from(mutations))


Mutation = Callable[[st.DataObject, Case], Case | None]


@st.composite
def _invalid(draw: Any, cases: st.SearchStrategy[Case], mutations: st.SearchStrategy[Mutation]) -> Case:
    case = draw(cases)
    mutate = draw(mutations)
    broken: Case | None = mutate(draw(st.data()), case)
    assume(broken is not None)
    assert broken is not None
    return broken


def _mutations(op: Operation) -> list[Mutation]:
    # Hypothesis favours the first entries of sampled_from: field-level mutations go first.
    # Only what the body format carries: form values are text (no wrong JSON type), a patch
    # of fields changes only what it names (no missing field).
    out: list[Mutation] = []
    fmt = body_format(op)
    if op.body is not None:
        refs = list(fields(op.body))
        out += [_wrong_field(op, ref.path, ref.schema, ref.source) for ref in refs if fmt.typed]
        out += [_drop_field(op, ref.path, ref.source) for ref in refs if ref.required and fmt.checks_presence]
    for spec in op.params:
        if spec.required and spec.location in ("query", "header") and drawn(spec):
            out.append(_drop_param(spec))
    if op.body is not None and fmt.typed:
        out.append(lambda data, case: _wrong_body_type(op, data, case))
    return out


def _broken(op: Operation, case: Case, body: Any, label: str, source: str) -> Case | None:
    assert op.body is not None
    if is_valid(op.body, body):
        return None
    return case.with_body(body, kind="random-negative", label=label, valid=False, source=source)


def _wrong_body_type(op: Operation, data: st.DataObject, case: Case) -> Case | None:
    other = [k for k in _SCALARS if k != json_type(op.body or {})]
    kind = data.draw(st.sampled_from(other))
    return _broken(op, case, data.draw(_SCALARS[kind]), f"body is {kind}", str((op.body or {}).get("x-source", "")))


def _drop_field(op: Operation, path: tuple[str | int, ...], source: str) -> Mutation:
    value = from_schema(generation_schema(_at(op, path)))

    def mutate(data: st.DataObject, case: Case) -> Case | None:
        present = set_at(case.body, path, data.draw(value), op.body)
        return _broken(op, case, delete_at(present, path), f"mandatory field {_dotted(path)} missing", source)
    return mutate


def _wrong_field(op: Operation, path: tuple[str | int, ...], schema: dict[str, Any], source: str) -> Mutation:
    wrong = _wrong_value(schema)

    def mutate(data: st.DataObject, case: Case) -> Case | None:
        value, what = data.draw(wrong)
        return _broken(op, case, set_at(case.body, path, value, op.body), f"{_dotted(path)}: {what}", source)
    return mutate


def _labelled(values: st.SearchStrategy[Any], label: str) -> st.SearchStrategy[tuple[Any, str]]:
    return values.map(lambda v: (v, label))


def _wrong_value(schema: dict[str, Any]) -> st.SearchStrategy[tuple[Any, str]]:
    kind = json_type(schema)
    options = [_labelled(_SCALARS[k], f"wrong type ({k})") for k in _SCALARS if k != kind]
    if kind == "integer" and schema.get("format") in INT_BOUNDS:
        low, high = INT_BOUNDS[schema["format"]]
        options.append(st.integers(min_value=high + 1).map(lambda v: (v, "above the format range")))
        options.append(st.integers(max_value=low - 1).map(lambda v: (v, "below the format range")))
    if schema.get("enum"):
        options.append(st.text(CHARACTERS, max_size=8).filter(lambda v: v not in schema["enum"]).map(lambda v: (v, "outside the enum")))
    if kind == "array" and isinstance(schema.get("items"), dict):
        options.append(_wrong_value(schema["items"]).map(lambda p: ([p[0]], f"item {p[1]}")))
    return st.one_of(*options)


def _drop_param(spec: ParamSpec) -> Mutation:
    def mutate(data: st.DataObject, case: Case) -> Case | None:
        pairs = tuple((k, v) for k, v in case.params(spec.location) if k.lower() != spec.name.lower())
        return case.with_params(spec.location, pairs, spec.name, kind="random-negative", valid=False,
                                source=spec.source, label=f"mandatory {spec.location} {spec.name} missing")
    return mutate


def _at(op: Operation, path: tuple[str | int, ...]) -> dict[str, Any]:
    node: Any = op.body
    for key in path:
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {}).get(key, {})
    return node if isinstance(node, dict) else {}


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join("[]" if isinstance(p, int) else p for p in path).replace(".[]", "[]") or "body"
