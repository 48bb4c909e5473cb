"""OpenAPI writer: the seed endpoints, every place where pages and OpenAPI
disagree, determinism, and validity for random endpoints."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from docconform.extractor.model import NOT_STATED, Endpoint, Example, Field, Response, Span, TypeRef
from docconform.extractor.writers.files import dump_json
from docconform.extractor.writers.jsonschema import field_schema
from docconform.extractor.writers.openapi import openapi_document

# The seed endpoints and Field strategies live beside the JSON Schema tests.
from .test_writer_jsonschema import CDM, DLI, cdm_stop, dli_stop, fields, json_values, spans

STRING = TypeRef("string", "String")


def ep(
    method: str = "GET", path: str = "/a", source: str = "s.rst", line: int = 1, **kw
) -> Endpoint:
    return Endpoint(method, path, source, Span(source, line), **kw)


def param(name: str, location: str = "path", required: bool | None = True, **kw) -> Field:
    return Field(name, location, STRING, Span("s.rst", 5), required=required, **kw)


def only_op(doc: dict) -> dict:
    [item] = doc["paths"].values()
    [op] = item.values()
    return op


def test_dli_document() -> None:
    doc = openapi_document([dli_stop()])
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc["jsonSchemaDialect"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(doc["paths"]) == ["/v1.0/{project_id}/streaming/jobs/stop"]
    op = doc["paths"]["/v1.0/{project_id}/streaming/jobs/stop"]["post"]
    assert op["operationId"] == "dli_02_0241"
    assert op["summary"] == "Stopping Jobs in Batches"
    assert op["x-source"] == f"{DLI}:17"
    assert op["parameters"] == [
        {
            "name": "project_id",
            "in": "path",
            "description": "Project ID.",
            "required": True,
            "schema": {"type": "string", "x-source": f"{DLI}:29", "x-raw-type": "String"},
        }
    ]
    body = op["requestBody"]
    assert body["required"] is True
    media = body["content"]["application/json"]
    assert media["schema"] == field_schema(dli_stop().request_body)
    assert media["examples"] == {
        "example1": {
            "value": {"job_ids": [128, 137], "trigger_savepoint": False},
            "x-source": f"{DLI}:86",
        }
    }
    assert list(op["responses"]) == ["200", "400", "4XX"]
    ok = op["responses"]["200"]
    assert ok["content"]["application/json"]["examples"]["example1"]["value"] == [
        {"is_success": "true", "message": "ok"}
    ]
    assert "content" not in op["responses"]["400"]
    assert op["responses"]["4XX"]["content"]["application/json"]["schema"]["properties"] == {
        "error_code": {"type": "string"},
        "error_msg": {"type": "string"},
    }


def test_cdm_document() -> None:
    doc = openapi_document([cdm_stop()])
    validate(doc)
    op = doc["paths"]["/v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"]["put"]
    assert op["operationId"] == "put_v1_1_project_id_clusters_cluster_id_cdm_job_job_name_stop"
    assert [(p["name"], p["in"], p["required"]) for p in op["parameters"]] == [
        ("project_id", "path", True),
        ("cluster_id", "path", True),
        ("job_name", "path", True),
        ("X-Auth-Token", "header", True),
    ]
    assert "requestBody" not in op
    assert "x-docconform-unattached-examples" not in op  # the request example has no body
    status = op["responses"]["200"]["content"]["application/json"]["schema"]["properties"][
        "submissions"
    ]["items"]["properties"]["status"]
    assert status["enum"][:2] == ["BOOTING", "FAILURE_ON_SUBMIT"]
    assert op["responses"]["200"]["x-source"] == f"{CDM}:67"
    assert op["responses"]["200"]["content"]["application/json"]["examples"]["example1"][
        "value"
    ] == {"submissions": [{"status": "STOPPED"}]}


def test_path_parameters_matched_renamed_moved_inferred() -> None:
    e = ep(
        "GET",
        "/v1/{project_id}/jobs/{job_id}/{x}",
        parameters=(
            param("projectId", required=False),  # loose match, not required on the page
            param("limit"),  # no placeholder: a query parameter really
            param("job_id"),
        ),
    )
    doc = openapi_document([e])
    validate(doc)
    params = only_op(doc)["parameters"]
    assert [(p["name"], p["in"]) for p in params] == [
        ("project_id", "path"),
        ("job_id", "path"),
        ("x", "path"),
        ("limit", "query"),
    ]
    assert params[0]["x-docconform-documented-name"] == "projectId"
    assert params[0]["x-docconform-documented-required"] is False
    assert params[2] == {
        "name": "x",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "x-docconform-inferred": True,
    }
    assert params[3]["x-docconform-documented-in"] == "path"


def test_name_used_twice_in_path_fills_both_slots() -> None:
    e = ep(
        "GET",
        "/v2.1/{project_id}/os-quota-sets/{project_id}",
        parameters=(param("project_id"), param("project_id"), param("projectId")),
    )
    doc = openapi_document([e])
    validate(doc)
    params = only_op(doc)["parameters"]
    assert [(p["name"], p["in"]) for p in params] == [
        ("project_id", "path"),
        ("project_id_2", "path"),
    ]
    assert params[1]["x-docconform-documented-name"] == "project_id"
    assert "x-docconform-inferred" not in params[1]


def test_same_template_different_names_share_one_path() -> None:
    get = ep("GET", "/a/{id}", "a.rst", parameters=(param("id"),), doc_id="show")
    delete = ep("DELETE", "/a/{uuid}", "b.rst", parameters=(param("uuid"),), doc_id="drop")
    doc = openapi_document([delete, get])
    validate(doc)
    assert list(doc["paths"]) == ["/a/{id}"]
    op = doc["paths"]["/a/{id}"]["delete"]
    assert op["parameters"][0]["name"] == "id"
    assert op["parameters"][0]["x-docconform-documented-name"] == "uuid"
    assert op["x-docconform-documented-path"] == "/a/{uuid}"


def test_first_source_wins_and_others_are_alternatives() -> None:
    # versions of one page in two formats (one doc set each: a different title in another
    # format is still a version; one doc set with two titles under one doc id is two pages)
    versions = [
        ep("POST", "/x", src, line, doc_id="op", title=src, format=fmt)
        for src, line, fmt in (("b.rst", 1, "rst"), ("a.md", 30, "markdown"), ("a.md", 4, "markdown"))
    ]
    doc = openapi_document(versions)
    op = doc["paths"]["/x"]["post"]
    assert op["summary"] == "a.md"
    assert op["x-source"] == "a.md:4"
    assert op["x-docconform-alternatives"] == ["a.md:30", "b.rst:1"]


def test_output_independent_of_input_order() -> None:
    eps = [
        dli_stop(),
        cdm_stop(),
        ep("GET", "/a/{id}", doc_id="dli_02_0241"),
        ep("DELETE", "/a/{b}", "z.rst"),
        ep("get", "/b"),
    ]
    first = dump_json(openapi_document(eps))
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(eps)
        assert dump_json(openapi_document(eps)) == first


def test_operation_ids_unique() -> None:
    twins = [
        ep("POST", "/v2.1/servers", doc_id="en-us_topic_0020212648"),
        ep("POST", "/v2/servers", doc_id="en-us_topic_0020212648"),
        ep("GET", "/v2/servers", doc_id="en-us_topic_0020212648__2"),
    ]
    doc = openapi_document(twins)
    validate(doc)
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(set(ids)) == 3 and "en-us_topic_0020212648" in ids


def test_reserved_and_repeated_headers() -> None:
    e = ep(
        parameters=(
            param("Content-Type", "header"),
            param("Accept", "header"),
            param("authorization", "header"),
            param("X-Auth-Token", "header"),
            param("x-auth-token", "header"),
            param("q", "query", required=None),
            param("q", "query"),
        )
    )
    op = only_op(openapi_document([e]))
    assert [(p["name"], p["in"], p["required"]) for p in op["parameters"]] == [
        ("q", "query", False),
        ("X-Auth-Token", "header", True),
    ]
    assert op["x-docconform-omitted-headers"] == ["Content-Type", "Accept", "authorization"]


def test_responses_default_unmapped_and_examples() -> None:
    bare = only_op(openapi_document([ep()]))
    assert list(bare["responses"]) == ["default"]
    e = ep(
        responses=(
            Response("200 OK", Span("s.rst", 8), "fine"),
            Response("2xx", Span("s.rst", 9)),
            Response("OK", Span("s.rst", 10)),
            Response("200", Span("s.rst", 11)),
        ),
        examples=(
            Example("response", "", Span("s.rst", 20), value={"a": 1}),
            Example("response", "", Span("s.rst", 21), value={"e": 1}, status="404"),
            Example("response", "", Span("s.rst", 22), value=1, status="weird"),
            Example("response", "", Span("s.rst", 23), status="200"),
            Example("request", "", Span("s.rst", 24), value={"r": 1}, strict=False),
        ),
    )
    doc = openapi_document([e])
    validate(doc)
    op = only_op(doc)
    assert list(op["responses"]) == ["200", "2XX", "404"]
    assert op["x-docconform-unmapped-statuses"] == ["OK", "200"]
    assert op["responses"]["200"]["content"]["application/json"]["examples"]["example1"][
        "value"
    ] == {"a": 1}
    assert op["responses"]["404"]["x-docconform-inferred"] is True
    assert op["x-docconform-unattached-examples"] == ["s.rst:22", "s.rst:24"]


def test_odd_paths_and_methods() -> None:
    eps = [
        ep("GET", "v1/{a:b}/{}/{ x }/x{/{a:b}?limit={limit}"),
        ep("PROPFIND", "/dav"),
        ep("PUT", "/b{/}/c"),
        ep("GET", "https://{endpoint}/v3/{project_id}/x", parameters=(param("project_id"),)),
    ]
    doc = openapi_document(eps)
    validate(doc)
    assert set(doc["paths"]) == {
        "/v1/{a_b}/{param2}/{x}/x/{a_b_2}",
        "/v3/{project_id}/x",
        "/b{_}/c",
    }
    assert doc["x-docconform-skipped"] == [
        {"method": "PROPFIND", "path": "/dav", "x-source": "s.rst:1"}
    ]


def test_body_required_follows_page_or_children() -> None:
    loose = Field(
        "", "body", TypeRef("object"), Span("s", 1), children=(param("a", "body", False),)
    )
    op = only_op(openapi_document([ep("POST", request_body=loose)]))
    assert op["requestBody"]["required"] is False
    stated = Field("", "body", TypeRef("object"), Span("s", 1), required=True)
    assert (
        only_op(openapi_document([ep("POST", request_body=stated)]))["requestBody"]["required"]
        is True
    )


def test_response_headers() -> None:
    headers = (
        param("X-Subject-Token", "response-header", True, description="token"),
        param("Content-Type", "response-header"),
        param("x-subject-token", "response-header"),
    )
    e = ep(responses=(Response("201", Span("s", 3), "created", headers=headers),))
    doc = openapi_document([e])
    validate(doc)
    hs = only_op(doc)["responses"]["201"]["headers"]
    assert list(hs) == ["X-Subject-Token"]
    assert (
        hs["X-Subject-Token"]["description"] == "token"
        and hs["X-Subject-Token"]["required"] is True
    )


# ---------------------------------------------------------------- property test

segments = st.sampled_from(
    [
        "v1",
        "{project_id}",
        "{id}",
        "{projectId}",
        "{a:b}",
        "{}",
        "x{",
        "}",
        "jobs",
        "{ id }",
        "{id}?q={q}",
        "作业",
        "{a!r}",
        "{a[0]}",
    ]
)


def named(location: str) -> st.SearchStrategy[Field]:
    names = [
        "project_id",
        "projectId",
        "id",
        "limit",
        "Content-Type",
        "accept",
        "X-Auth-Token",
        "x-auth-token",
        "",
        "a:b",
    ]
    return st.builds(
        Field,
        name=st.sampled_from(names),
        location=st.just(location),
        type=st.just(STRING),
        span=spans,
        required=st.none() | st.booleans(),
    )


examples = st.builds(
    Example,
    kind=st.sampled_from(["request", "response"]),
    text=st.just(""),
    span=spans,
    value=st.just(NOT_STATED) | json_values,
    status=st.none() | st.sampled_from(["200", "404", "5xx", "bad"]),
    strict=st.booleans(),
)
responses = st.builds(
    Response,
    status=st.sampled_from(["200", "201", "2xx", "400", "default", "200 OK", "x", ""]),
    span=spans,
    description=st.text(max_size=5),
    body=st.none() | fields("response"),
    headers=st.lists(named("response-header"), max_size=2).map(tuple),
)
endpoints = st.builds(
    Endpoint,
    method=st.sampled_from(["GET", "post", "PUT", "DELETE", "PATCH", "HEAD", "COPY", ""]),
    path=st.lists(segments, max_size=5).map("/".join),
    source=st.sampled_from(["a.rst", "b.md"]),
    span=spans,
    doc_id=st.none() | st.sampled_from(["dli_02_0241", "x", ""]),
    title=st.text(max_size=6),
    parameters=st.lists(
        st.sampled_from(["path", "query", "header"]).flatmap(named), max_size=5
    ).map(tuple),
    request_body=st.none() | fields(),
    responses=st.lists(responses, max_size=3).map(tuple),
    examples=st.lists(examples, max_size=3).map(tuple),
    documents_error_codes=st.booleans(),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(endpoints, max_size=4))
def test_random_endpoints_give_a_valid_stable_document(eps: list[Endpoint]) -> None:
    doc = openapi_document(eps)
    validate(doc)
    assert dump_json(openapi_document(list(reversed(eps)))) == dump_json(doc)


# ---------------------------------------------------------------- variants


def _action_page(doc_id: str, key: str | None, source: str, *, action: str | None = None,
                 title: str = "") -> Endpoint:
    """A page of ``POST /v2/{project_id}/servers/{server_id}/action``: one action key, or an
    ``action`` value named in the description and shown by the example."""
    if action is None:
        assert key is not None
        body = Field("", "body", TypeRef("object"), Span(source, 40), children=(
            Field(key, "body", TypeRef("object", "Object"), Span(source, 41), required=True),))
        example: dict = {key: {}}
    else:
        body = Field("", "body", TypeRef("object"), Span(source, 40), children=(
            Field("action", "body", STRING, Span(source, 41), required=True,
                  description=f"The operation: **{action}**."),
            Field("tags", "body", TypeRef("array", "Array"), Span(source, 42), required=True)))
        example = {"action": action, "tags": []}
    return ep("POST", "/v2/{project_id}/servers/{server_id}/action", source, 10, doc_id=doc_id,
              title=title or doc_id, request_body=body,
              parameters=(param("project_id"), param("server_id")),
              examples=(Example("request", "{}", Span(source, 60), example),),
              responses=(Response("200", Span(source, 70)),))


def test_pages_of_one_operation_are_variants_in_one_of() -> None:
    pages = [_action_page("nova_start", "os-start", "start.rst"), _action_page("nova_stop", "os-stop", "stop.rst"),
             _action_page("nova_start", "os-start", "zh/start.md")]
    doc = openapi_document(pages)
    validate(doc)
    op = only_op(doc)
    assert [v["id"] for v in op["x-docconform-variants"]] == ["nova_start", "nova_stop"]
    assert op["x-docconform-variants"][0]["alternatives"] == ["zh/start.md:10"]
    assert op["x-docconform-variants"][0]["discriminator"] == {"pointer": "/body/os-start", "present": True,
                                                               "stated": True}
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert [b["x-docconform-variant"] for b in schema["oneOf"]] == ["nova_start", "nova_stop"]
    assert [b["required"] for b in schema["oneOf"]] == [["os-start"], ["os-stop"]]
    assert "discriminator" not in schema  # keys, not a property value: oneOf alone tells them apart
    examples = op["requestBody"]["content"]["application/json"]["examples"]
    assert [x["x-docconform-variant"] for x in examples.values()] == ["nova_start", "nova_stop"]
    assert [p["name"] for p in op["parameters"]] == ["project_id", "server_id"]


def test_a_value_discriminator_becomes_the_openapi_discriminator() -> None:
    doc = openapi_document([_action_page("tags_create", None, "a.rst", action="create"),
                            _action_page("tags_delete", None, "b.rst", action="delete")])
    validate(doc)
    schema = only_op(doc)["requestBody"]["content"]["application/json"]["schema"]
    assert schema["discriminator"]["propertyName"] == "action"
    target = schema["discriminator"]["mapping"]["delete"]
    assert target.endswith("/post/requestBody/content/application~1json/schema/oneOf/1")
    node = doc
    for part in target[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    assert node["x-docconform-variant"] == "tags_delete"
    assert node["properties"]["action"]["enum"] == ["delete"]


def test_pages_nothing_tells_apart_are_any_of() -> None:
    a = ep("POST", "/q", "a.rst", request_body=Field("", "body", TypeRef("object"), Span("a.rst", 3), children=(
        Field("name", "body", STRING, Span("a.rst", 4)),)), doc_id="old")
    b = ep("POST", "/q", "b.rst", request_body=Field("", "body", TypeRef("object"), Span("b.rst", 3), children=(
        Field("name", "body", STRING, Span("b.rst", 4)), Field("size", "body", STRING, Span("b.rst", 5)))),
        doc_id="new", parameters=(param("verbose", "query", required=True),))
    doc = openapi_document([a, b])
    validate(doc)
    op = only_op(doc)
    assert list(op["requestBody"]["content"]["application/json"]["schema"]) == ["anyOf"]
    (verbose,) = op["parameters"]
    assert verbose["x-docconform-variants"] == ["new"] and verbose["required"] is False


def test_variants_load_back_from_openapi_as_from_bundles(tmp_path) -> None:
    from docconform.conformance.contract import load_contract

    pages = [_action_page("nova_start", "os-start", "start.rst"), _action_page("nova_stop", "os-stop", "stop.rst"),
             _action_page("tags_create", None, "c.rst", action="create")]
    path = tmp_path / "openapi.json"
    path.write_bytes(dump_json(openapi_document(pages)))
    ops = load_contract(path)
    found = {o.doc_id: o for o in ops}
    assert {d: o.discriminator.describe() if o.discriminator else None for d, o in found.items()} == {
        "nova_start": "os-start present", "nova_stop": "os-stop present", "tags_create": "action present"}
    assert found["nova_start"].body is not None and found["nova_start"].body["required"] == ["os-start"]
    assert [x.value for x in found["nova_stop"].examples if x.kind == "request"] == [{"os-stop": {}}]
    assert all(len(o.siblings) == 2 for o in ops)


def test_variants_load_in_schemathesis() -> None:
    schemathesis = __import__("pytest").importorskip("schemathesis", reason="schemathesis (extra 'bench') not installed")
    doc = openapi_document([_action_page("nova_start", "os-start", "start.rst"),
                            _action_page("tags_create", None, "c.rst", action="create"),
                            _action_page("tags_delete", None, "d.rst", action="delete"), dli_stop(), cdm_stop()])
    schema = schemathesis.openapi.from_dict(doc)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3


def _node_table_body(location: str = "body") -> Field:
    """A body built from one table "Table 2 Node" whose ``children`` row points back at it
    (the body itself), and a ``parent`` row whose table "Table 3 Parent" has a row back at Table 3."""
    obj = TypeRef("object", "Parent object")
    back = Field("up", location, obj, Span("s.rst", 30), source_table="Table 3 Parent", recursive=True)
    parent = Field("parent", location, obj, Span("s.rst", 12), source_table="Table 3 Parent",
                   children=(Field("id", location, STRING, Span("s.rst", 29)), back))
    kids = Field("children", location, TypeRef("array", "Array of Node objects", items=TypeRef("object")),
                 Span("s.rst", 11), source_table="Table 2 Node", recursive=True)
    return Field("", location, TypeRef("object"), Span("s.rst", 9), source_table="Table 2 Node",
                 children=(Field("name", location, STRING, Span("s.rst", 10)), kids, parent))


def test_recursive_types_become_component_references() -> None:
    """cbr ``children | Array of BackupResp objects`` inside BackupResp: the recursion is kept as a
    ``$ref``; in a bundle to the body's ``$defs``, in OpenAPI to ``components.schemas``, and the
    document stays valid; two operations with the same table names get distinct components."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from docconform.extractor.writers.jsonschema import part_schema

    body = _node_table_body()
    schema = part_schema(body)
    assert schema["$ref"] == "#/$defs/Node" and set(schema["$defs"]) == {"Node", "Parent"}
    node = schema["$defs"]["Node"]
    assert node["properties"]["children"]["items"]["$ref"] == "#/$defs/Node"
    assert node["properties"]["parent"]["$ref"] == "#/$defs/Parent"
    assert schema["$defs"]["Parent"]["properties"]["up"]["$ref"] == "#/$defs/Parent"
    check = Draft202012Validator(schema)
    assert check.is_valid({"name": "a", "children": [{"name": "b", "children": [{"parent": {"up": {"id": "x"}}}]}]})
    assert not check.is_valid({"children": [{"children": [{"name": 3}]}]})  # a String two levels down

    ops = [ep("POST", "/a", request_body=body), ep("GET", "/b", line=2,
               responses=(Response("200", Span("s.rst", 40), body=_node_table_body("response")),))]
    doc = openapi_document(ops)
    validate(doc)
    text = dump_json(doc).decode()
    assert "#/$defs/" not in text and "$defs" not in text  # every reference points into components
    components = doc["components"]["schemas"]
    assert len(components) == 4  # Node and Parent of each operation
    post = doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    target = post["$ref"].removeprefix("#/components/schemas/")
    children = components[target]["properties"]["children"]["items"]["$ref"]
    assert children == post["$ref"]
