"""Responses of the mock: documented examples when they fit the schema, generated bodies
that always do, repeatable with a seed."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from docconform.conformance.contract import load_contract
from docconform.conformance.mock.respond import PreferError, Responder, generate, parse_prefer
from docconform.conformance.mock.violations import FORMAT_CHECKER
from tests.mock_support import SCHEMAS, seed_bundle

SCALARS = st.one_of(
    st.builds(lambda f: {"type": "integer", **f}, st.sampled_from([{}, {"format": "int32"}, {"format": "int64"}])),
    st.builds(lambda lo, span: {"type": "integer", "minimum": lo, "maximum": lo + span},
              st.integers(-10**6, 10**6), st.integers(0, 100)),
    st.builds(lambda lo: {"type": "number", "exclusiveMinimum": lo}, st.floats(-1e6, 1e6)),
    st.builds(lambda lo, span: {"type": "number", "exclusiveMinimum": lo, "exclusiveMaximum": lo + span},
              st.floats(-1e6, 1e6), st.floats(0.01, 5)),
    st.builds(lambda m: {"type": "integer", "multipleOf": m, "minimum": 1}, st.integers(1, 50)),
    st.just({"type": "boolean"}),
    st.builds(lambda lo, span: {"type": "string", "minLength": lo, "maxLength": lo + span},
              st.integers(0, 20), st.integers(0, 20)),
    st.sampled_from([{"type": "string", "format": f} for f in ("date-time", "date", "uuid", "email", "uri")]),
    st.lists(st.text(max_size=5), min_size=1, max_size=4, unique=True).map(lambda e: {"type": "string", "enum": e}),
    st.just({"type": "string", "default": "documented"}),
)


def _object(children: list[dict[str, Any]]) -> dict[str, Any]:
    props = {f"f{i}": c for i, c in enumerate(children)}
    return {"type": "object", "properties": props, "required": list(props)[: len(props) // 2]}


SCHEMAS_ST = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(_object),
        st.builds(lambda i, lo: {"type": "array", "items": i, "minItems": lo}, inner, st.integers(0, 3)),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(SCHEMAS_ST, st.integers())
def test_generated_values_validate(schema: dict[str, Any], seed: int) -> None:
    value = generate(schema, random.Random(seed))
    errors = list(Draft202012Validator(schema, format_checker=FORMAT_CHECKER).iter_errors(value))
    assert errors == [], (schema, value)


def test_seed_makes_generation_repeatable() -> None:
    (delete,) = [op for op in load_contract(SCHEMAS) if op.path.endswith("/delete")]
    a = Responder(delete, seed=42).reply({}, b"POST /x\0{}")
    b = Responder(delete, seed=42).reply({}, b"POST /x\0{}")
    assert a == b and a.body is not None
    bodies = {Responder(delete, seed=s).reply({}, b"POST /x\0{}").body for s in range(20)}
    assert len(bodies) > 1  # the seed does matter


def test_example_contradicting_its_schema_is_not_served() -> None:
    """dli_02_0243 documents an object but shows an array: the mock generates an object."""
    bundle = seed_bundle("streaming_jobs_delete")
    schema = bundle["responses"]["200"]["body"]
    assert isinstance(next(e for e in bundle["examples"] if e["kind"] == "response")["value"], list)
    (delete,) = [op for op in load_contract(SCHEMAS) if op.path.endswith("/delete")]
    reply = Responder(delete, seed=1).reply({}, b"k")
    assert reply.status == 200 and reply.origin.startswith("generated")
    assert Draft202012Validator(schema).is_valid(json.loads(reply.body or b""))
    responder = Responder(delete, seed=1)
    (withheld,) = responder.withheld
    assert (withheld.status, withheld.name) == ("200", "example1")
    assert withheld.to_json()["rule"] == "example-schema-mismatch"
    with pytest.raises(PreferError, match="contradicts the page's own schema"):
        responder.reply({"example": "example1"}, b"k")  # asked for by name: refused, and told why


def test_every_seed_operation_answers_schema_valid_bodies() -> None:
    for op in load_contract(SCHEMAS):
        responder = Responder(op, seed=3)
        for status in ("200",):
            reply = responder.reply({"code": status}, b"r")
            spec = op.response(status)
            assert spec is not None and reply.status == 200
            if spec.schema is not None:
                assert Draft202012Validator(spec.schema).is_valid(json.loads(reply.body or b"")), op.name


def test_prefer_errors_name_what_is_documented() -> None:
    (delete,) = [op for op in load_contract(SCHEMAS) if op.path.endswith("/delete")]
    responder = Responder(delete, seed=1)
    for prefs, needle in (({"code": "302"}, "documented: 200, 400"), ({"example": "nope"}, "documented: none"),
                          ({"code": "abc"}, "code=abc")):
        try:
            responder.reply(prefs, b"k")
        except PreferError as exc:
            assert needle in str(exc)
        else:
            raise AssertionError(f"{prefs} was accepted")
    assert responder.reply({"code": "400"}, b"k").body is None  # documented without a body


def test_parse_prefer() -> None:
    assert parse_prefer('code=404, example="ex 2"; dynamic=true') == {
        "code": "404", "example": "ex 2", "dynamic": "true"}
    assert parse_prefer("respond-async") == {"respond-async": ""}
