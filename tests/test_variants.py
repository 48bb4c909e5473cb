"""Variant discriminators (writers.variants) and the choice of a variant (conformance.variants)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docconform.conformance.contract import Operation, _dedupe
from docconform.conformance.variants import choose, followed_elsewhere
from docconform.extractor.writers.variants import (
    Discriminator,
    VariantShape,
    discriminators,
    same_variant,
)


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


ACTION = {"type": "string", "description": "The operation. **create** adds tags, **delete** removes them."}


def test_a_top_level_key_each_page_always_sends() -> None:
    start = VariantShape(obj({"os-start": {"type": "object"}}, ["os-start"]), ({"os-start": {}},))
    stop = VariantShape(obj({"os-stop": {"type": "object"}}, ["os-stop"]))
    reboot = VariantShape(obj({"reboot": {"type": "object"}}), ({"reboot": {"type": "SOFT"}},))
    found = discriminators([start, stop, reboot])
    assert [d.describe() if d else None for d in found] == ["os-start present", "os-stop present",
                                                           "reboot present"]
    assert [d.stated for d in found if d] == [True, True, False]  # reboot: only its example says so
    assert found[0].matches({"os-start": None}) and not found[0].matches({"os-stop": {}})


def test_a_value_the_page_gives_a_meaning_to() -> None:
    create = VariantShape(obj({"action": ACTION, "tags": {"type": "array"}}, ["action", "tags"]),
                          ({"action": "create", "tags": []},))
    delete = VariantShape(obj({"action": ACTION, "tags": {"type": "array"}}, ["action", "tags"]),
                          ({"action": "delete", "tags": []},))
    found = discriminators([create, delete])
    assert [d.describe() for d in found if d] == ['action = "create"', 'action = "delete"']
    assert found[0].matches({"action": "create"}) and not found[0].matches({"action": "remove"})


def test_sample_names_in_examples_tell_nothing_apart() -> None:
    name = {"type": "string", "description": "Zone name."}
    a = VariantShape(obj({"name": name}, ["name"]), ({"name": "example.com."},))
    b = VariantShape(obj({"name": name}, ["name"]), ({"name": "example.org."},))
    assert discriminators([a, b]) == [None, None]


def test_array_values_compare_as_multisets_and_a_page_may_allow_several() -> None:
    methods = {"type": "array", "items": {"type": "string"},
               "description": "The options are: - password - totp - token"}
    body = obj({"auth": obj({"identity": obj({"methods": methods})})})
    password = VariantShape(body, ({"auth": {"identity": {"methods": ["password"]}}},))
    mfa = VariantShape(body, ({"auth": {"identity": {"methods": ["password"]}}},
                              {"auth": {"identity": {"methods": ["totp", "password"]}}}))
    token = VariantShape(obj({"auth": obj({"identity": obj({"methods": {
        "type": "array", "items": {"type": "string", "enum": ["token"]}}})})}))
    found = discriminators([password, mfa, token])
    assert [d.describe() for d in found if d] == [
        'auth/identity/methods = ["password"]', 'auth/identity/methods = ["password"] or ["totp", "password"]',
        'auth/identity/methods = ["token"]']
    assert [d.stated for d in found if d] == [False, False, True]
    assert found[1].matches({"auth": {"identity": {"methods": ["password", "totp"]}}})
    assert not found[0].matches({"auth": {"identity": {"methods": ["password", "totp"]}}})


def test_a_query_flag() -> None:
    kind = {"type": "string"}
    public = VariantShape(query={"type": kind}, query_examples=({"type": "public"},))
    private = VariantShape(query={"type": kind}, query_examples=({"type": "private"},))
    found = discriminators([public, private])
    assert [d.pointer for d in found if d] == ["/query/type", "/query/type"]
    assert found[1].matches(None, {"type": "private"})


def test_same_variant_and_json_round_trip() -> None:
    a = Discriminator("/body/action", ("create",), False)
    assert same_variant(a, Discriminator.from_json(a.to_json()))
    assert not same_variant(a, Discriminator("/body/action", ("delete",)))
    assert not same_variant(None, None)
    assert Discriminator.from_json({"pointer": "/header/x"}) is None


def op(doc_id: str | None, source: str, body: dict[str, Any] | None) -> Operation:
    return Operation("POST", "/v2/{p}/servers/{id}/action", doc_id, "", source + ":1", body=body)


def test_versions_fold_variants_stay_and_equal_discriminators_are_one_variant() -> None:
    start_en = op("en-us_topic_1", "rst/start.rst", obj({"os-start": {}}, ["os-start"]))
    start_html = op("EN-US_TOPIC_1", "html/start.html", obj({"os-start": {}}, ["os-start"]))
    start_zh = op("ecs_03_0301", "zh/启动.md", obj({"os-start": {}}, ["os-start"]))
    stop = op("en-us_topic_2", "rst/stop.rst", obj({"os-stop": {}}, ["os-stop"]))
    ops = _dedupe([stop, start_zh, start_html, start_en])
    assert [(o.doc_id, o.alternatives) for o in ops] == [
        ("EN-US_TOPIC_1", ("rst/start.rst:1", "zh/启动.md:1")), ("en-us_topic_2", ())]
    assert [o.siblings for o in ops] == [(ops[1].name,), (ops[0].name,)]


def test_choose_prefers_what_the_request_shows_and_names_the_closest() -> None:
    start = op("a", "start.rst", obj({"os-start": {}}, ["os-start"]))
    stop = op("b", "stop.rst", obj({"os-stop": {}}, ["os-stop"]))
    start = replace(start, discriminator=Discriminator("/body/os-start"))
    stop = replace(stop, discriminator=Discriminator("/body/os-stop"))
    header = ("required-missing", "/header/X-Auth-Token")
    # both miss the token alike: that says nothing; the start body fits the start page
    picked = choose([start, stop], [{header}, {header, ("required-missing", "/body/os-stop")}], {"os-start": {}})
    assert (picked.index, picked.fits) == (0, True)
    # a wrong os-start body is judged by the os-start page, never by another
    picked = choose([start, stop], [{("type-mismatch", "/body/os-start")}, {("required-missing", "/body/os-stop")}],
                    {"os-start": 5})
    assert (picked.index, picked.fits, picked.shown) == (0, False, True)
    assert "closest is a" in picked.message(start)
    # nothing shown: the fewest errors of its own wins
    picked = choose([start, stop], [{("a", "/body/x"), ("b", "/body/y")}, {("c", "/body/z")}], {"x": 1})
    assert (picked.index, picked.fits, picked.shown) == (1, False, False)


def test_a_case_invalid_for_one_page_but_valid_for_another_is_no_negative_case() -> None:
    start = replace(op("a", "start.rst", obj({"os-start": {"type": "object"}}, ["os-start"])),
                    discriminator=Discriminator("/body/os-start"))
    loose = replace(op("b", "resize.rst", obj({"resize": {"type": "object"}})),
                    discriminator=Discriminator("/body/resize", (), False))
    pages = [start, loose]
    assert followed_elsewhere(start, pages, {}, True) is loose  # "os-start missing": a fine resize
    assert followed_elsewhere(start, pages, {"os-start": "x"}, True) is None  # shows os-start: its page judges
    assert followed_elsewhere(start, pages, {"resize": 5}, True) is None  # shows resize, breaks it too
    assert followed_elsewhere(loose, pages, {"resize": 5, "os-start": {}}, True) is start


def test_one_doc_id_on_two_titles_of_one_doc_set_is_two_pages() -> None:
    from docconform.extractor.writers.variants import PageId, version_keys

    files = {"type": "object", "required": ["paths", "kind"], "description": "表2",
             "properties": {"paths": {"type": "array", "items": {"type": "string"}}, "kind": {"type": "string"}}}
    group = {**files, "required": ["paths", "kind", "group"],
             "properties": {**files["properties"], "group": {"type": "string"}}}
    zh = [PageId("dli_02_0130", "zh-CN", "markdown", "上传资源包", "a.md:14", files),
          PageId("dli_02_0130", "zh-CN", "markdown", "上传分组资源", "b.md:15", group)]
    en = PageId("dli_02_0130", "en-US", "rst", "Uploading a Package Group", "c.rst:9", group)
    a, b, c = version_keys([*zh, en])
    assert a != b and c == "dli_02_0130"
    # one operation written twice under one doc id (zh-md/swr 删除镜像仓库, 删除组织下的镜像仓库):
    # the same body, other words: versions
    twice = version_keys([PageId("swr_02_0031", "zh-CN", "markdown", "删除镜像仓库", "d.md:1", files),
                       PageId("swr_02_0031", "zh-CN", "markdown", "删除组织下的镜像仓库", "e.md:1",
                              {**files, "description": "other words", "x-source": "e.md:40"})])
    assert twice == ["swr_02_0031", "swr_02_0031"]
    # versions: the same title in two formats, or a title written differently in another format
    same = version_keys([PageId("en-us_topic_1", "en", "html", "Creating an ECS", "x.html:3"),
                      PageId("en-us_topic_1", "en", "text", "Creating an  ECS ", "x.txt:8"),
                      PageId("en-us_topic_1", "en", "rst", "Creating an ECS (Native)", "x.rst:2")])
    assert len(set(same)) == 1
