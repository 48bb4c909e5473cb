"""Layout families of the RST, HTML and plain-text sets, each on a real page (tests/data/families).

One test per family; the fixture's origin is in tests/data/families/README.md,
so these run without /work/shared.
"""

from __future__ import annotations

from pathlib import Path

from docconform.extractor.model import Field
from docconform.extractor.run.pipeline import extract_bytes

DATA = Path(__file__).parent / "data" / "families"


def _endpoints(name: str):  # type: ignore[no-untyped-def]
    path = DATA / name
    return extract_bytes(path.read_bytes(), str(path)).endpoints


def _child(f: Field | None, *names: str) -> Field:
    assert f is not None
    for name in names:
        found = {c.name: c for c in f.children}
        assert name in found, (name, sorted(found))
        f = found[name]
    return f


def test_a_body_table_keeps_a_field_named_like_a_declared_placeholder() -> None:
    (ep,) = _endpoints("dws_body_field_named_like_placeholder.rst")
    assert [p.name for p in ep.parameters if p.location == "path"].count("queue_name") == 1
    assert _child(ep.request_body, "queue_name").type.base == "string"
    assert _child(ep.request_body, "user_list", "user_name")


def test_array_of_arrays_of_named_objects() -> None:
    (ep,) = _endpoints("ces_array_of_arrays.rst")
    resources = _child(ep.request_body, "resources")
    assert resources.type.base == "array" and resources.type.items is not None
    assert resources.type.items.base == "array"
    assert {c.name for c in resources.children} == {"name", "value"}


def test_a_body_whose_only_row_is_a_placeholder_key_is_a_map() -> None:
    (ep,) = _endpoints("fg_placeholder_key_body.rst")
    body = ep.request_body
    assert body is not None and body.children == ()
    assert body.type.base == "object" and body.type.values is not None
    assert body.type.values.base == "object"


def test_map_values_keep_their_table_and_map_keys_are_not_fields() -> None:
    (ep,) = _endpoints("fg_map_of_named_objects.rst")
    strategy = _child(ep.request_body, "additional_version_strategy")
    assert strategy.type.values is not None
    # the VersionStrategy table describes every value; the example's key "v2" is no field
    assert {c.name for c in strategy.children} == {"combine_type", "rules"}
    assert _child(strategy, "rules", "rule_type")


def test_an_object_keyed_by_ids_in_every_example_is_a_map_of_its_table() -> None:
    for ep in _endpoints("ecs_addresses_keyed_by_id.html"):
        response = next(r for r in ep.responses if r.status == "200")
        addresses = _child(response.body, "server", "addresses")
        assert addresses.type.values is not None and addresses.type.values.base == "array"
        assert {"addr", "version"} <= {c.name for c in addresses.children}


def test_a_descriptive_key_row_makes_the_body_a_map() -> None:
    for ep in _endpoints("ecs_descriptive_key_row.html"):
        body = next(r for r in ep.responses if r.status == "200").body
        assert body is not None and body.type.values is not None
        assert {c.name for c in body.children} == {"version", "addr"}


def test_a_descriptive_key_row_in_plain_text() -> None:
    for ep in _endpoints("ecs_descriptive_key_row_nested.txt"):
        body = next(r for r in ep.responses if r.status == "200").body
        addresses = _child(body, "addresses")
        assert addresses.type.values is not None
        assert "Name of the network where the ECS accesses" not in {c.name for c in addresses.children}


def test_a_descriptive_key_row_in_chinese_makes_a_map() -> None:
    (ep,) = _endpoints("ecs_descriptive_key_row_zh.md")
    addresses = _child(next(r for r in ep.responses if r.status == "200").body, "addresses")
    assert addresses.type.values is not None and addresses.type.values.base == "array"
    assert {c.name for c in addresses.children} == {"version", "addr"}


def test_an_unlinked_row_takes_the_one_unclaimed_table_named_after_its_structure() -> None:
    (ep,) = _endpoints("ecs_tags_orphan_caption.html")
    assert {c.name for c in _child(ep.request_body, "tags").children} == {"key", "value"}
    (ep,) = _endpoints("ecs_tags_orphan_caption.txt")
    body = next(r for r in ep.responses if r.status == "200").body
    assert {c.name for c in _child(body, "tags").children} == {"key", "values"}


def test_a_pascal_case_type_name_finds_its_snake_case_caption() -> None:
    (ep,) = _endpoints("mrs_pascal_type_snake_caption.rst")
    policy = _child(ep.request_body, "node_groups", "auto_scaling_policy")
    assert {"auto_scaling_enable", "min_capacity", "rules"} <= {c.name for c in policy.children}
    # Table 5 ("Node configuration parameters"), which the row's stale link names, stays top level
    assert {"master_node_num", "task_node_groups"} <= {c.name for c in ep.request_body.children}


def test_tables_in_case_items_under_a_location_item_take_its_location() -> None:
    (ep,) = _endpoints("iam_header_tables_in_case_items.rst")
    assert {p.name: p.location for p in ep.parameters} == {"X-Auth-Token": "header", "Content-Type": "header"}


def test_a_bare_type_word_with_no_table_is_an_unknown_type_not_a_broken_link() -> None:
    text = """Listing Jobs
============

URI
---

GET /v2/{project_id}/jobs

.. table:: **Table 1** Query parameters

   ==================== ========= ========= ==============================
   Parameter            Mandatory Type      Description
   ==================== ========= ========= ==============================
   submitted_time_begin No        TimeStamp UTC timestamp after which jobs
   ==================== ========= ========= ==============================
"""
    from docconform.extractor.run.pipeline import extract_bytes as run

    result = run(text.encode(), "jobs.rst")  # the row of rst/mrs querying_a_list_of_jobs.rst:82
    codes = [d.code for d in result.diagnostics]
    assert "type-unknown" in codes and "table-unresolved" not in codes


def test_an_example_of_another_shape_regroups_nothing() -> None:
    (ep,) = _endpoints("mrs_root_array_object_example.rst")
    body = next(r for r in ep.responses if r.status == "200").body
    assert body is not None and body.type.base == "array"
    assert {"node_group_name", "auto_scaling_policy"} <= {c.name for c in body.children}
    assert "auto_scaling_policies" not in {c.name for c in body.children}


def test_a_map_of_arrays_of_objects_takes_its_linked_table() -> None:
    (ep,) = _endpoints("ecs_map_of_arrays_linked.rst")
    body = next(r for r in ep.responses if r.status == "200").body
    addresses = _child(body, "servers", "addresses")
    assert addresses.type.values is not None and {"version", "addr"} <= {c.name for c in addresses.children}


def test_a_map_of_strings_takes_the_table_its_row_links() -> None:
    for ep in _endpoints("ecs_map_of_strings_linked.rst"):
        metadata = _child(ep.request_body, "server", "metadata")
        assert metadata.type.values is not None and metadata.type.values.base == "string"
        assert "admin_pass" in {c.name for c in metadata.children}


def test_each_status_error_row_takes_the_unlinked_table_of_its_status() -> None:
    (ep,) = _endpoints("kms_error_detail_per_status.rst")
    for status in ("400", "401", "403", "404"):
        body = next(r for r in ep.responses if r.status == status).body
        assert {c.name for c in _child(body, "error").children} == {"error_code", "error_msg"}, status


def test_an_object_without_a_table_takes_the_fields_its_bullets_name() -> None:
    (ep,) = _endpoints("kms_fields_in_prose_bullets.rst")
    body = next(r for r in ep.responses if r.status == "200").body
    tags = _child(body, "tags")
    assert [c.name for c in tags.children] == ["key", "value"]
    assert all(c.type.base == "any" for c in tags.children)  # the prose states no type
    assert [c.name for c in _child(body, "sys_tags").children] == ["key", "value"]


def test_a_map_takes_the_known_keys_its_description_names() -> None:
    (ep,) = _endpoints("smn_map_keys_in_prose.rst")
    attributes = _child(next(r for r in ep.responses if r.status == "200").body, "attributes")
    assert attributes.type.values is not None
    assert [c.name for c in attributes.children] == ["access_policy", "introduction"]


def test_bullets_of_bare_values_name_no_fields() -> None:
    for ep in _endpoints("dws_map_key_values_in_bullets.rst"):
        body = next(r for r in ep.responses if r.status == "200").body
        assert _child(body, "clusters", "action_progress").children == ()


def test_a_bare_metadata_object_is_a_map_of_the_callers_keys() -> None:
    for ep in _endpoints("ecs_metadata_bare_object.rst"):  # /v2 and /v2.1
        request = _child(ep.request_body, "volume", "metadata")
        response = _child(next(r.body for r in ep.responses if r.body), "volume", "metadata")
        for meta in (request, response):
            assert meta.children == () and meta.type.values is not None and meta.type.values.base == "any"


def test_an_object_named_metadata_is_a_map_whatever_its_description_says() -> None:
    for ep in _endpoints("ecs_metadata_by_name.html"):  # /v2 and /v2.1
        meta = _child(ep.request_body, "createImage", "metadata")
        assert "image attribute" in meta.description
        assert meta.type.values is not None
        assert _child(ep.request_body, "createImage", "name").type.values is None


def test_tables_a_value_points_at_list_fields_beside_its_row_required_only_with_it() -> None:
    (ep,) = _endpoints("mrs_fields_of_a_value.rst")
    body = ep.request_body
    assert body is not None
    fields = {c.name: c for c in body.children}
    assert {"file_action", "hql"} <= set(fields)  # Table 3 (named "DistCp") and Table 4 (names nothing)
    assert [c.name for c in body.children].count("job_name") == 1  # repeated in both: the same field
    for name in ("file_action", "hql"):
        assert fields[name].required is False
        assert fields[name].required_note and "job_type" in fields[name].required_note
    assert fields["job_type"].required is True and fields["job_name"].required is True


def test_a_list_type_whose_every_example_is_one_object_of_its_table_is_an_object() -> None:
    path = DATA / "kms_list_type_object_examples.rst"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    body = next(r.body for r in ep.responses if r.body)
    key_info = _child(body, "key_info")
    assert key_info.type.base == "object" and key_info.type.raw == "Array of objects"
    assert {c.name for c in key_info.children} == {"key_id", "key_alias"}
    assert any(d.code == "type-from-examples" and d.level.name == "WARNING" for d in result.diagnostics)


def test_a_list_type_naming_a_model_stays_a_list_whatever_the_example_holds() -> None:
    # Generated pages (zh-md/smn, zh-md/dws, zh-md/iam) name the model in the Type cell; the
    # cell comes from the API definition, the example is hand-written: the cell wins.
    path = DATA / "smn_named_list_object_example_zh.md"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    body = next(r.body for r in ep.responses if r.status == "200" and r.body)
    resources = _child(body, "resources")
    assert resources.type.base == "array" and resources.type.items is not None
    assert resources.type.items.base == "object"
    assert {"resource_id", "resource_detail", "tags", "resource_name"} <= {c.name for c in resources.children}
    assert not any(d.code == "type-from-examples" and "resources" in d.message for d in result.diagnostics)


def test_an_object_type_whose_every_example_is_a_list_of_its_table_is_a_list() -> None:
    path = DATA / "ecs_object_type_list_examples.html"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    versions = _child(next(r.body for r in ep.responses if r.body), "versions")
    assert versions.type.base == "array" and versions.type.items is not None
    assert versions.type.items.base == "object"
    assert {"id", "links", "status"} <= {c.name for c in versions.children}
    assert _child(versions, "links").type.base == "array"
    assert sum(d.code == "type-from-examples" for d in result.diagnostics) == 2


def test_a_table_a_scalar_row_points_at_as_a_whole_lists_its_values_not_fields() -> None:
    path = DATA / "dli_table_of_values.rst"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    body = next(r.body for r in ep.responses if r.status.startswith("2") and r.body)
    names = {c.name for c in body.children}
    assert "state" in names and not names & {"starting", "running", "dead", "success", "recovering"}
    assert any(d.code == "table-of-values" for d in result.diagnostics)
    assert not any(d.code == "fields-of-a-value" for d in result.diagnostics)
