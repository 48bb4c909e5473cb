"""Modes of one request body: ``oneOf`` the modes a page's own examples show, each with its required."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from docconform.extractor.writers.modes import with_modes

ACTION = {"type": "string", "description": "**create** adds tags, **delete** removes them."}


def body(required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": {"action": ACTION, "tags": {"type": "array"},
                                             "keys": {"type": "array"}}, "required": required}


def test_each_mode_requires_what_it_needs() -> None:
    schema = body(["action", "tags", "keys"])
    create, delete = {"action": "create", "tags": [{"k": "v"}]}, {"action": "delete", "keys": ["k"]}
    out = with_modes(schema, [create, delete])
    assert out is not None and out is not schema
    assert out["required"] == ["action"]
    assert [b["required"] for b in out["oneOf"]] == [["action", "tags"], ["action", "keys"]]
    assert out["x-docconform-modes"]["pointer"] == "/body/action"
    check = Draft202012Validator(out)
    assert check.is_valid(create) and check.is_valid(delete)
    assert not check.is_valid({"action": "create", "keys": ["k"]})  # a create without tags
    assert not Draft202012Validator(schema).is_valid(create)  # the union: no request passes


def test_pages_without_modes_are_unchanged() -> None:
    schema = body(["action", "tags"])
    both = [{"action": "create", "tags": []}, {"action": "delete", "tags": []}]
    assert with_modes(schema, both) is schema  # every mode sends every mandatory field
    assert with_modes(schema, [{"action": "create", "tags": []}]) is schema  # one example, no modes
    names = {"type": "object", "properties": {"name": {"type": "string"}, "x": {}}, "required": ["name", "x"]}
    assert with_modes(names, [{"name": "a"}, {"name": "b"}]) is names  # sample values are no modes
    # a field every example leaves out is the page contradicting itself, not a mode
    schema = body(["action", "tags", "keys"])
    assert with_modes(schema, [{"action": "create", "tags": []}, {"action": "delete", "tags": []}]) is schema


def test_a_nested_mandatory_field_one_mode_leaves_out_is_required_only_in_the_others() -> None:
    # rst/smn adding_or_deleting_tags_in_batches: every "create" tag has its value, a "delete"
    # tag may not ({"key": "key1"} beside {"key": "key2", "value": "value3"}); the table marks value mandatory
    tag = {"type": "object", "properties": {"key": {"type": "string"}, "value": {"type": "string"}},
           "required": ["key", "value"]}
    schema = {"type": "object", "properties": {"action": ACTION, "tags": {"type": "array", "items": tag}},
              "required": ["action", "tags"]}
    create = {"action": "create", "tags": [{"key": "key1", "value": "value1"}, {"key": "key", "value": "value3"}]}
    delete = {"action": "delete", "tags": [{"key": "key1"}, {"key": "key2", "value": "value3"}]}
    out = with_modes(schema, [create, delete])
    assert out is not None and out is not schema
    assert out["required"] == ["action", "tags"]
    assert out["properties"]["tags"]["items"]["required"] == ["key"]
    check = Draft202012Validator(out)
    assert check.is_valid(create) and check.is_valid(delete)
    assert not check.is_valid({"action": "create", "tags": [{"key": "k"}]})  # a create tag without value
    # a field some instance of every mode leaves out is the page contradicting itself: unchanged
    both = [{"action": "create", "tags": [{"key": "k"}]}, {"action": "delete", "tags": [{"key": "k"}]}]
    assert with_modes(schema, both) is schema


def test_a_chinese_description_names_values_written_against_their_gloss() -> None:
    # zh-md/smn 批量添加删除资源标签: "操作标识：仅限于create（创建）、delete（删除）。"
    zh = {"type": "string", "description": "操作标识：仅限于create（创建）、delete（删除）。"}
    schema = {"type": "object", "properties": {"action": zh, "tags": {"type": "array"}, "keys": {"type": "array"}},
              "required": ["action", "tags", "keys"]}
    out = with_modes(schema, [{"action": "create", "tags": []}, {"action": "delete", "keys": []}])
    assert out is not None and out is not schema and out["required"] == ["action"]
    # a value inside a longer word is still no mention of it
    inside = {"type": "string", "description": "仅限于recreate、undelete。"}
    schema["properties"]["action"] = inside
    assert with_modes(schema, [{"action": "create", "tags": []}, {"action": "delete", "keys": []}]) is schema
