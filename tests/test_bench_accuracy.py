"""The pure helpers of benchmarks/bench_accuracy.py: key paths and the example fit test."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import _accuracy as acc  # noqa: E402
import bench_accuracy as bench  # noqa: E402

OBJ = {"type": "object", "properties": {
    "name": {"type": "string"},
    "tags": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}}}},
    "meta": {"type": "object", "properties": {"id": {"type": "string"}}},
}}


def test_value_paths_dotted_with_array_marks() -> None:
    assert acc.value_paths({"a": [{"b": 1}, {"c": [1]}], "d": {"e": None}}) == {
        "a", "a[].b", "a[].c", "d", "d.e"}
    assert acc.value_paths([{"x": 1}]) == {"[].x"}
    assert acc.value_paths("text") == set()
    assert acc.value_paths({}) == set()


def test_schema_paths_through_refs_combinators_maps_items() -> None:
    schema = {
        "$defs": {"tag": {"type": "object", "properties": {"key": {}}}},
        "allOf": [{"properties": {"a": {"$ref": "#/$defs/tag"}}}],
        "oneOf": [{"properties": {"b": {"type": "array", "items": {"$ref": "#/$defs/tag"}}}}],
        "anyOf": [{"properties": {"m": {"additionalProperties": {"properties": {"v": {}}}}}}],
    }
    assert acc.schema_paths(schema) == {"a", "a.key", "b", "b[].key", "m", "m.*", "m.*.v"}


def test_recursive_schema_ends() -> None:
    node = {"$defs": {"n": {"properties": {"c": {"$ref": "#/$defs/n"}, "v": {}}}}, "$ref": "#/$defs/n"}
    assert acc.schema_paths(node) == {"c", "v"}
    assert acc.fits({"c": {"c": {"v": 1}}}, node)
    assert acc.missing_paths({"c": {"c": {"x": 1}}}, node) == {"c.c.x"}


def test_fitting_example() -> None:
    assert acc.fits({"name": "a", "tags": [{"key": "k"}], "meta": {"id": "1"}}, OBJ)


def test_key_at_wrong_depth_does_not_fit() -> None:
    # "id" belongs under meta, "key" under tags[]: one level up they are not in the schema.
    assert acc.missing_paths({"id": "1", "meta": {"key": "k"}}, OBJ) == {"id", "meta.key"}
    assert not acc.fits({"tags": [{"name": "x"}]}, OBJ)


def test_array_element_keys_need_items() -> None:
    bare_array = {"type": "object", "properties": {"tags": {"type": "array"}}}
    assert acc.missing_paths({"tags": [{"key": "k"}]}, bare_array) == {"tags[].key"}
    # A list of scalars has no key paths below it, so the bare array fits it.
    assert acc.fits({"tags": ["a", "b"]}, bare_array)
    # An object where the example has an array is not the same place.
    assert not acc.fits({"meta": [{"id": "1"}]}, OBJ)


def test_map_takes_any_key_but_true_is_not_a_schema() -> None:
    mapping = {"type": "object", "additionalProperties": {"type": "object", "properties": {"v": {}}}}
    assert acc.fits({"anything": {"v": 1}}, mapping)
    assert acc.missing_paths({"anything": {"w": 1}}, mapping) == {"anything.w"}
    assert not acc.fits({"k": 1}, {"type": "object", "additionalProperties": True})


def test_only_the_shallowest_miss_is_reported() -> None:
    assert acc.missing_paths({"other": {"deep": {"deeper": 1}}}, OBJ) == {"other"}


def test_dangling_ref_describes_nothing() -> None:
    assert not acc.fits({"a": 1}, {"$ref": "#/$defs/absent"})
    assert not acc.fits({"a": 1}, {"$ref": "http://example.com/s.json"})


def test_bundle_fit_places_and_counts() -> None:
    bundle = {
        "request": {"body": OBJ},
        "responses": {"200": {"body": {"properties": {"id": {}}}}, "204": {"body": None}},
        "examples": [
            {"kind": "request", "status": None, "value": {"name": "x"}, "strict": True},
            {"kind": "request", "status": None, "value": {"id": "x"}, "strict": True},
            {"kind": "response", "status": "200", "value": {"id": "x"}, "strict": True},
            {"kind": "response", "status": "200", "value": {"name": "x"}, "strict": True},
            {"kind": "response", "status": "204", "value": {"id": "x"}, "strict": True},
            {"kind": "response", "status": "404", "value": {"id": "x"}, "strict": True},
            {"kind": "response", "status": "200", "value": {"bad": "x"}, "strict": False},
            {"kind": "response", "status": "200", "strict": True},
            {"kind": "response", "status": "200", "value": [], "strict": True},
        ],
    }
    fit = bench.Fit()
    bench.bundle_fit(bundle, fit, detail=5)
    assert (fit.fit, fit.misfit, fit.no_schema, fit.no_keys) == (2, 2, 2, 1)
    assert [s[:2] for s in fit.samples] == [("id", "request"), ("name", "response 200")]


def test_missing_corpus_exits_2(tmp_path: Path) -> None:
    assert bench.main(["--corpus", str(tmp_path / "none"), "--tools", str(tmp_path)]) == 2
    (tmp_path / "corpus").mkdir()
    assert bench.main(["--corpus", str(tmp_path / "corpus"), "--tools", str(tmp_path)]) == 2


def test_recursion_is_cut_at_its_first_recurrence_for_the_scorer() -> None:
    """The SDK truth writes ``children`` as a reference the scorer does not follow; ours is cut
    the same way: the type's fields once, the recursive key, nothing below it."""
    node = {"type": "object", "properties": {"id": {"type": "string"},
                                             "children": {"type": "array", "items": {"$ref": "#/components/schemas/N"}}}}
    doc = {"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
        "type": "object", "properties": {"backup": {"$ref": "#/components/schemas/N"}}}}}}}}}},
        "components": {"schemas": {"N": node}}}
    cut = acc.cut_recursion(doc)
    schema = cut["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert acc.schema_paths(schema) == {"backup", "backup.id", "backup.children"}
    assert schema["properties"]["backup"]["properties"]["children"]["items"] == {}
    assert cut["components"] == doc["components"]  # left as written
