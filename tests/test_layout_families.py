"""Layout families of the RST, HTML and plain-text sets, each on a real page (tests/data/families).

One test per family; the fixture's origin is in tests/data/families/README.md,
so these run without /work/shared.
"""

from __future__ import annotations

from pathlib import Path

from docconform.extractor.model import Field
from docconform.extractor.run.pipeline import extract_bytes
from docconform.extractor.writers.jsonschema import field_schema

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
    body = next(r for r in ep.responses if r.status == "200").body
    attributes = _child(body, "attributes")
    # the named keys are the map's own (``{"attributes": {"access_policy": …}}``), so they are its
    # properties, not properties of its values (which put them one level too deep in the schema)
    assert attributes.type.base == "object" and attributes.type.values is None
    assert [c.name for c in attributes.children] == ["access_policy", "introduction"]
    schema = field_schema(attributes)
    assert set(schema["properties"]) == {"access_policy", "introduction"}
    assert "additionalProperties" not in schema or "properties" not in schema["additionalProperties"]


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


def test_a_wrapper_object_that_no_example_shows_is_not_kept() -> None:
    """ECS rst: "Table 3 floating_ip objects" puts the element's fields in ``floating_ip``; the example
    (and OpenStack) list them directly in each element of ``floating_ips``."""
    endpoints = _endpoints("ecs_wrapper_no_example_shows.rst")
    assert len(endpoints) == 2  # /v2 and /v2.1
    for ep in endpoints:
        ips = _child(next(r for r in ep.responses if r.status == "200").body, "floating_ips")
        assert {c.name for c in ips.children} == {"fixed_ip", "id", "instance_id", "ip", "pool"}


def test_a_wrapper_an_example_shows_is_kept() -> None:
    """The same page with an example that does hold ``floating_ip``: the table is right, nothing moves."""
    page = (DATA / "ecs_wrapper_no_example_shows.rst").read_text(encoding="utf-8")
    shown = page.replace('{\n         "id": "05f71f43', '{"floating_ip": {\n         "id": "05f71f43', 1).replace(
        '"instance_id": "8b380f68-5057-4aa2-a33a-170b37218fa8"\n       },',
        '"instance_id": "8b380f68-5057-4aa2-a33a-170b37218fa8"\n       }},', 1)
    assert shown != page
    from docconform.extractor.run.pipeline import extract_bytes as extract

    for ep in extract(shown.encode(), "ecs_wrapper_shown.rst").endpoints:
        ips = _child(next(r for r in ep.responses if r.status == "200").body, "floating_ips")
        assert {c.name for c in ips.children} == {"floating_ip"}


def test_a_map_body_its_examples_wrap_in_one_key_is_inside_that_key() -> None:
    """ECS rst: "User customization | String | Specifies the key pair of the metadata." and the example
    ``{"metadata": {"__os_version": …}}``: the map is the value of ``metadata``."""
    for ep in _endpoints("ecs_map_body_in_envelope.rst"):
        body = next(r for r in ep.responses if r.status == "200").body
        assert body is not None and body.type.values is None
        metadata = _child(body, "metadata")
        assert metadata.type.values is not None and metadata.type.values.base == "string"


def test_a_map_body_whose_example_is_the_map_itself_stays_a_map() -> None:
    """The same page with the example unwrapped: the keys are the map's, nothing is wrapped."""
    page = (DATA / "ecs_map_body_in_envelope.rst").read_text(encoding="utf-8")
    start = page.index('       "metadata": {')
    unwrapped = page[:start] + page[start:].replace('       "metadata": {\n', "", 1).replace("       }\n   }", "   }", 1)
    assert unwrapped != page
    for ep in extract_bytes(unwrapped.encode(), "ecs_map_unwrapped.rst").endpoints:
        body = next(r for r in ep.responses if r.status == "200").body
        assert body is not None and body.type.values is not None and not body.children
        assert any(e.strict and "__os_version" in e.value for e in ep.examples if e.kind == "response")


def test_a_response_row_said_to_be_returned_in_a_header_is_a_header() -> None:
    """ECS rst createImage: ``Location | … returned in the request header.`` beside ``image_id``."""
    for ep in _endpoints("ecs_header_row_in_response_table.rst"):
        ok = next(r for r in ep.responses if r.status == "200")
        assert ok.body is not None and {c.name for c in ok.body.children} == {"image_id"}
        assert [h.name for h in ok.headers] == ["Location"]


def test_a_body_field_named_in_lower_case_stays_in_the_body() -> None:
    """The same row written ``location`` (a body field's spelling, as many APIs name one) stays a body field."""
    page = (DATA / "ecs_header_row_in_response_table.rst").read_text(encoding="utf-8")
    lower = page.replace("| Location        |", "| location        |", 1)
    assert lower != page
    for ep in extract_bytes(lower.encode(), "ecs_lower.rst").endpoints:
        ok = next(r for r in ep.responses if r.status == "200")
        assert ok.body is not None and {c.name for c in ok.body.children} == {"location", "image_id"}
        assert not ok.headers


def test_an_object_with_no_table_whose_examples_hold_keys_has_open_keys() -> None:
    path = DATA / "swr_object_without_members.rst"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    params = _child(next(r.body for r in ep.responses if r.body), "rules", "params")
    assert params.type.base == "object" and params.children == ()
    assert params.type.values is not None and params.type.values.base == "any"
    opened = [d for d in result.diagnostics if d.code == "object-keys-open"]
    assert len(opened) == 1 and opened[0].span.line == params.span.line
    # a sibling with a table of its own keeps its fields, not opened
    selectors = _child(next(r.body for r in ep.responses if r.body), "rules", "tag_selectors")
    assert selectors.type.items is not None and selectors.type.items.values is None
    assert {c.name for c in selectors.children} == {"kind", "pattern"}


def test_an_array_of_unstated_elements_whose_examples_hold_objects_has_open_objects() -> None:
    (ep,) = _endpoints("mrs_array_of_unstated_elements.rst")
    job = _child(next(r.body for r in ep.responses if r.body), "job")
    libs = _child(job, "libs")
    assert libs.type.base == "array" and libs.type.items is not None
    assert libs.type.items.base == "object" and libs.type.items.values is not None
    mains = _child(job, "mains")  # every example holds an empty list: nothing says what its elements are
    assert mains.type.items is None or mains.type.items.base == "any"


def test_an_object_whose_description_points_at_a_table_is_not_opened() -> None:
    text = DATA / "swr_object_without_members.rst"
    said = "If **template** is set to **date_rule**, set"
    instead = "See Table 9 (absent from the page)."
    page = text.read_text(encoding="utf-8").replace(said, instead.ljust(len(said)), 1)
    assert instead in page
    (ep,) = extract_bytes(page.encode(), str(text)).endpoints
    params = _child(next(r.body for r in ep.responses if r.body), "rules", "params")
    assert params.type.values is None


def test_a_one_row_table_whose_row_is_a_key_of_the_callers_is_a_map() -> None:
    (ep,) = _endpoints("iam_condition_custom_keys.rst")
    statement = _child(next(r.body for r in ep.responses if r.body), "role", "policy", "Statement")
    condition = _child(statement, "Condition")
    assert condition.children == ()  # "operator" and "attribute" are keys, not fields
    operators = condition.type.values
    assert operators is not None and operators.base == "object"
    attributes = operators.values
    assert attributes is not None and attributes.base == "array"
    assert attributes.items is not None and attributes.items.base == "string"
    # a one-row table whose row is a plain field stays an object with that field
    assert {c.name for c in _child(next(r.body for r in ep.responses if r.body), "role", "links").children} == {"self"}


def test_a_link_into_the_other_section_yields_to_the_namesake_of_the_rows_own_section() -> None:
    (ep,) = _endpoints("iam_link_into_other_section.rst")
    request = ep.request_body
    assert request is not None
    assert [c.name for c in request.children] == ["console_acl_policy"]  # Table 8 is no longer left over
    ipv6 = _child(request, "console_acl_policy", "allow_ip_ranges_ipv6")
    assert {c.name for c in ipv6.children} == {"description", "ip_range"}
    assert {c.span.line for c in ipv6.children} == {102, 104}  # the request's Table 8, not the response's
    response = next(r.body for r in ep.responses if r.body)
    assert {c.span.line for c in _child(response, "console_acl_policy", "allow_ip_ranges_ipv6").children} == {176, 178}


def test_case_tables_that_repeat_nested_fields_add_nothing_at_the_body_root() -> None:
    # rst/iam obtaining_a_temporary_ak_sk: auth / auth.identity / … tables, then one flat table per
    # "(**methods** is set to **assume_role**)" / "(… **token**)" list item repeating methods, token…
    path = DATA / "iam_header_tables_in_case_items.rst"
    result = extract_bytes(path.read_bytes(), str(path))
    (ep,) = result.endpoints
    assert ep.request_body is not None
    assert [c.name for c in ep.request_body.children] == ["auth"]
    assert {c.name for c in _child(ep.request_body, "auth", "identity").children} == {"methods", "token", "policy"}
    found = [d for d in result.diagnostics if d.code == "table-case-summary"]
    assert [(d.span.source, d.span.line) for d in found] == [(str(path), 140), (str(path), 176)]
    assert "assume_role" in found[0].message and found[0].level.name == "INFO"


_CASE_ONLY = """Querying Things
===============

URI
---

POST /v2/{project_id}/things/action

Request
-------

-  Parameter description

   +-----------+-----------+--------+----------------------+
   | Parameter | Mandatory | Type   | Description          |
   +===========+===========+========+======================+
   | action    | Yes       | String | filter or count      |
   +-----------+-----------+--------+----------------------+

   -  Request body when **action** is set to **filter**

      +-----------+-----------+--------+----------------------+
      | Parameter | Mandatory | Type   | Description          |
      +===========+===========+========+======================+
      | limit     | No        | String | Page size            |
      +-----------+-----------+--------+----------------------+
"""


def test_a_case_table_of_fields_documented_nowhere_else_keeps_its_rows() -> None:
    # the case table is then the only description of its fields: never dropped
    result = extract_bytes(_CASE_ONLY.encode(), "things.rst")
    (ep,) = result.endpoints
    assert ep.request_body is not None
    assert {c.name for c in ep.request_body.children} == {"action", "limit"}
    assert not [d for d in result.diagnostics if d.code == "table-case-summary"]


def test_case_statements_in_both_languages() -> None:
    from docconform.extractor.interpret.cases import states_a_case

    assert states_a_case("Obtaining a temporary AK/SK with an agency token (**methods** is set to **assume_role**)")
    assert states_a_case("When the **methods** parameter is set to **token**")
    assert states_a_case("当**action**为**filter**时")
    assert not states_a_case("Parameters in the request body")
    assert not states_a_case("auth.identity")


def test_example_items_inside_the_request_and_response_sections() -> None:
    """MRS Manager pages: "Request" / "-  Example:" / a raw HTTP request / "-  Parameter description"."""
    (ep,) = _endpoints("mrs_manager_example_items.rst")
    assert [(x.kind, x.status, x.strict) for x in ep.examples] == [("request", None, True), ("response", "200", True)]
    request = next(x for x in ep.examples if x.kind == "request")
    assert request.http_line is not None and request.http_line.startswith("POST /web/v1/config/cluster/")
    # the sibling item "Parameter description" ends the example: its tables are the request body again
    assert [c.name for c in ep.request_body.children] == ["id", "user_password", "configurations_summary"]
    # the URI table's header is "Parameter | Mandatory or Not | Description"
    assert [(p.name, p.required) for p in ep.parameters if p.location == "path"] == [("cluster_id", True)]


def test_a_caption_naming_what_the_structure_belongs_to() -> None:
    """"**configurations** parameter description of services, roles, and instances" names ``configurations``."""
    (ep,) = _endpoints("mrs_manager_example_items.rst")
    components = _child(ep.request_body, "configurations_summary", "components")
    assert components.type.base == "array" and _child(components, "configurations").type.base == "array"
    assert {"name", "value", "weak_reference"} <= {c.name for c in _child(components, "configurations").children}
    assert {"name", "value"} <= {c.name for c in _child(components, "children", "configurations").children}
    assert "weak_reference" not in {c.name for c in ep.request_body.children}


def test_example_sections_titled_with_their_variant_keep_their_examples() -> None:
    """"Example Response (Creating an SSH Key)": the bracket names a variant, the section stays an example."""
    for name in ("ecs_example_titles_per_variant.html", "ecs_example_titles_per_variant.txt"):
        for ep in _endpoints(name):
            requests = [e.value for e in ep.examples if e.kind == "request" and isinstance(e.value, dict)]
            responses = [e for e in ep.examples if e.kind == "response"]
            assert [r["keypair"]["name"] for r in requests] == ["demo1", "demo"], name
            assert [e.status for e in responses] == ["200", "200"], name
            assert {"fingerprint", "public_key"} <= set(responses[0].value["keypair"]), name


def test_a_list_type_whose_examples_key_such_lists_by_ids_is_a_map_of_them() -> None:
    path = DATA / "ecs_list_type_keyed_by_ids.rst"
    result = extract_bytes(path.read_bytes(), str(path))
    for ep in result.endpoints:
        server = _child(next(r.body for r in ep.responses if r.status == "200"), "server")
        addresses = _child(server, "addresses")
        values = addresses.type.values
        assert addresses.type.base == "object" and values is not None and values.base == "array"
        assert values.items is not None and values.items.base == "object"
        assert values.items.values is not None  # no table: the address objects' keys are open
        # a list whose examples hold lists (links) stays a list
        assert _child(server, "links").type.base == "array"
        # no table, and its example keys (id, links) are also the server's own: another thing of the
        # same names, not fields put in the wrong place, so its keys are open
        image = _child(server, "image")
        assert image.type.values is not None and image.children == ()
    warned = [d for d in result.diagnostics if d.code == "type-from-examples" and "addresses" in d.message]
    assert warned and all(d.level.name == "WARNING" and d.span.line == 161 for d in warned)


def test_plain_text_quoting_an_html_answer_keeps_its_endpoint() -> None:
    (ep,) = _endpoints("ecs_text_quoting_html_answer.txt")
    assert (ep.method, ep.path) == ("PUT", "/v2.1/{project_id}/servers/{server_id}/tags/{tag}")


def test_a_map_of_strings_takes_the_table_its_plain_text_description_numbers() -> None:
    # plain text keeps no link: "For details, see Table 4." is the reference
    for ep in _endpoints("ecs_map_of_strings_table_number.txt"):
        metadata = _child(ep.request_body, "server", "metadata")
        assert metadata.type.values is not None and metadata.type.values.base == "string"
        assert {c.name for c in metadata.children} == {"admin_pass"}


def test_two_bodies_one_block_shows_with_or_between_are_two_examples() -> None:
    (ep,) = _endpoints("ecs_two_bodies_in_one_block.html")
    bodies = [(e.value, e.strict, e.span.line) for e in ep.examples if e.kind == "request" and isinstance(e.value, dict)]
    assert bodies == [({"migrate": {"dedicated_host_id": "459a2b9d-804a-4745-ab19-a113bb1b4ddc"}}, True, 90),
                      ({"migrate": None}, True, 96)]


def test_a_list_of_objects_with_no_members_whose_examples_hold_strings_is_a_list_of_strings() -> None:
    (ep,) = _endpoints("ces_array_of_objects_holding_strings.rst")
    ok = _child(ep.request_body, "ok_actions", "notificationList")
    assert (ok.type.base, ok.type.items.base if ok.type.items else None) == ("array", "string")
    assert field_schema(ok)["items"]["type"] == "string"
    # the row that links its table keeps its objects
    actions = _child(ep.request_body, "ok_actions")
    assert actions.type.items is not None and actions.type.items.base == "object"
