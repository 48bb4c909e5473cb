"""JSON Schema writer: exact output for the seed endpoints, keyword placement,
metaschema validity of everything written (also for random Field trees) and
the bundle file name."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from docconform.extractor.model import NOT_STATED, Endpoint, Example, Field, Response, Span, TypeRef
from docconform.extractor.writers.files import dump_json
from docconform.extractor.writers.jsonschema import (
    bundle_file_name,
    endpoint_bundle,
    field_schema,
    object_schema,
    type_schema,
)

DLI = "seeds/002_3b5adef0544234b8.txt"
CDM = "seeds/003_49cb9d45244a94ce.txt"
STRING = TypeRef("string", "String")
LONG = TypeRef("integer", "Long", format="int64")


def dli_stop() -> Endpoint:
    """The DLI "stop jobs in batches" page (seed 002), as the interpreter would build it."""

    def at(line: int) -> Span:
        return Span(DLI, line)

    body = Field(
        "",
        "body",
        TypeRef("object"),
        at(36),
        children=(
            Field(
                "job_ids",
                "body",
                TypeRef("array", "Array of Long", items=LONG),
                at(40),
                required=True,
                description="Job ID.",
            ),
            Field(
                "trigger_savepoint",
                "body",
                TypeRef("boolean", "Boolean"),
                at(42),
                required=False,
                description="Whether to create a savepoint.",
                default=False,
            ),
        ),
    )
    response = Field(
        "",
        "response",
        TypeRef("array", "Array of objects", items=TypeRef("object")),
        at(58),
        required=False,
        children=(
            Field("is_success", "response", TypeRef("boolean", "Boolean"), at(70), required=False),
            Field(
                "message", "response", STRING, at(72), required=False, description="Message content"
            ),
        ),
    )
    return Endpoint(
        "POST",
        "/v1.0/{project_id}/streaming/jobs/stop",
        DLI,
        at(17),
        doc_id="dli_02_0241",
        title="Stopping Jobs in Batches",
        lang="en",
        format="rst",
        parameters=(
            Field("project_id", "path", STRING, at(29), required=True, description="Project ID."),
        ),
        request_body=body,
        responses=(
            Response(
                "200", at(119), "The request of stopping a job is sent successfully.", body=response
            ),
            Response("400", at(120), "The input parameter is invalid."),
        ),
        examples=(
            Example(
                "request",
                '{"job_ids": [128, 137]}',
                at(86),
                value={"job_ids": [128, 137], "trigger_savepoint": False},
            ),
            Example("response", "[...]", at(96), value=[{"is_success": "true", "message": "ok"}]),
        ),
        documents_error_codes=True,
    )


STATUSES = (
    "BOOTING",
    "FAILURE_ON_SUBMIT",
    "RUNNING",
    "SUCCEEDED",
    "FAILED",
    "UNKNOWN",
    "NEVER_EXECUTED",
)


def cdm_stop() -> Endpoint:
    """The CDM "stop a job" page (seed 003): headers, three path params, a named type."""

    def at(line: int) -> Span:
        return Span(CDM, line)

    path = tuple(
        Field(n, "path", STRING, at(line), required=True, description=d)
        for n, line, d in (
            ("project_id", 23, "Project ID"),
            ("cluster_id", 31, "Cluster ID"),
            ("job_name", 39, "Job name"),
        )
    )
    submission = TypeRef("object", "StartJobSubmission", ref="StartJobSubmission")
    body = Field(
        "",
        "response",
        TypeRef("object"),
        at(65),
        children=(
            Field(
                "submissions",
                "response",
                TypeRef("array", "Array of StartJobSubmission objects", items=submission),
                at(73),
                description="Job running information.",
                source_table="StartJobSubmission",
                children=(
                    Field("submission-id", "response", TypeRef("integer", "Integer"), at(105)),
                    Field(
                        "creation-date",
                        "response",
                        TypeRef("integer", "Long", format="int64"),
                        at(117),
                    ),
                    Field(
                        "status",
                        "response",
                        STRING,
                        at(133),
                        description="Job status",
                        enum=STATUSES,
                    ),
                ),
            ),
        ),
    )
    return Endpoint(
        "PUT",
        "/v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop",
        CDM,
        at(13),
        doc_id=None,
        title="Stopping a Job",
        lang="en",
        format="text",
        parameters=path
        + (
            Field(
                "X-Auth-Token", "header", STRING, at(55), required=True, description="User token."
            ),
        ),
        responses=(Response("200", at(67), "ok", body=body),),
        examples=(
            Example("request", "PUT /v1.1/...", at(180), http_line="PUT /v1.1/x/stop"),
            Example(
                "response",
                "{...}",
                at(190),
                status="200",
                value={"submissions": [{"status": "STOPPED"}]},
            ),
        ),
        documents_error_codes=True,
    )


def all_schemas(bundle: dict) -> list[dict]:
    req = bundle["request"]
    found = [req["path"], req["query"], req["header"]] + ([req["body"]] if req["body"] else [])
    for resp in bundle["responses"].values():
        found.append(resp["headers"])
        if resp["body"] is not None:
            found.append(resp["body"])
    return found


# ---------------------------------------------------------------- exact output


def test_dli_request_body_exact() -> None:
    body = endpoint_bundle(dli_stop())["request"]["body"]
    assert body == {
        "type": "object",
        "properties": {
            "job_ids": {
                "type": "array",
                "items": {"type": "integer", "format": "int64"},
                "description": "Job ID.",
                "x-source": f"{DLI}:40",
                "x-raw-type": "Array of Long",
            },
            "trigger_savepoint": {
                "type": "boolean",
                "description": "Whether to create a savepoint.",
                "default": False,
                "x-source": f"{DLI}:42",
                "x-raw-type": "Boolean",
            },
        },
        "required": ["job_ids"],
        "x-source": f"{DLI}:36",
        "x-raw-type": "",
    }
    assert list(body["properties"]["job_ids"]) == [
        "type",
        "items",
        "description",
        "x-source",
        "x-raw-type",
    ]


def test_dli_bundle_exact_frame() -> None:
    bundle = endpoint_bundle(dli_stop())
    assert list(bundle) == [
        "$schema",
        "x-docconform",
        "method",
        "path",
        "doc_id",
        "title",
        "lang",
        "format",
        "source",
        "x-source",
        "request",
        "responses",
        "examples",
        "documents_error_codes",
    ]
    assert bundle["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert bundle["x-docconform"] == {"version": 1}
    assert (bundle["method"], bundle["doc_id"], bundle["x-source"]) == (
        "POST",
        "dli_02_0241",
        f"{DLI}:17",
    )
    assert bundle["request"]["path"] == {
        "type": "object",
        "properties": {
            "project_id": {
                "type": "string",
                "description": "Project ID.",
                "x-source": f"{DLI}:29",
                "x-raw-type": "String",
            }
        },
        "required": ["project_id"],
    }
    assert bundle["request"]["query"] == {"type": "object", "properties": {}}
    assert bundle["responses"]["200"]["body"] == {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "is_success": {"type": "boolean", "x-source": f"{DLI}:70", "x-raw-type": "Boolean"},
                "message": {
                    "type": "string",
                    "description": "Message content",
                    "x-source": f"{DLI}:72",
                    "x-raw-type": "String",
                },
            },
        },
        "x-source": f"{DLI}:58",
        "x-raw-type": "Array of objects",
    }
    assert bundle["responses"]["400"] == {
        "description": "The input parameter is invalid.",
        "x-source": f"{DLI}:120",
        "body": None,
        "headers": {"type": "object", "properties": {}},
    }
    assert bundle["examples"][0] == {
        "kind": "request",
        "status": None,
        "http_line": None,
        "value": {"job_ids": [128, 137], "trigger_savepoint": False},
        "strict": True,
        "x-source": f"{DLI}:86",
    }
    assert bundle["documents_error_codes"] is True


def test_cdm_response_and_headers_exact() -> None:
    bundle = endpoint_bundle(cdm_stop())
    assert list(bundle["request"]["path"]["properties"]) == ["project_id", "cluster_id", "job_name"]
    assert bundle["request"]["path"]["required"] == ["project_id", "cluster_id", "job_name"]
    assert bundle["request"]["header"]["required"] == ["X-Auth-Token"]
    assert bundle["request"]["body"] is None
    submissions = bundle["responses"]["200"]["body"]["properties"]["submissions"]
    assert submissions == {
        "type": "array",
        "items": {
            "type": "object",
            "x-type-name": "StartJobSubmission",
            "properties": {
                "submission-id": {
                    "type": "integer",
                    "x-source": f"{CDM}:105",
                    "x-raw-type": "Integer",
                },
                "creation-date": {
                    "type": "integer",
                    "format": "int64",
                    "x-source": f"{CDM}:117",
                    "x-raw-type": "Long",
                },
                "status": {
                    "type": "string",
                    "description": "Job status",
                    "enum": list(STATUSES),
                    "x-source": f"{CDM}:133",
                    "x-raw-type": "String",
                },
            },
        },
        "description": "Job running information.",
        "x-source": f"{CDM}:73",
        "x-raw-type": "Array of StartJobSubmission objects",
    }
    # A request example without a body keeps its request line and has no "value".
    assert bundle["examples"][0] == {
        "kind": "request",
        "status": None,
        "http_line": "PUT /v1.1/x/stop",
        "strict": True,
        "x-source": f"{CDM}:180",
    }


@pytest.mark.parametrize("endpoint", [dli_stop, cdm_stop])
def test_every_schema_passes_metaschema(endpoint) -> None:
    bundle = endpoint_bundle(endpoint())
    Draft202012Validator.check_schema(bundle)
    for schema in all_schemas(bundle):
        Draft202012Validator.check_schema(schema)
    assert json.loads(dump_json(bundle)) == bundle


# ---------------------------------------------------------------- type_schema


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (TypeRef("integer", "Long", format="int64"), {"type": "integer", "format": "int64"}),
        (TypeRef("string", "String(255)", max_length=255), {"type": "string", "maxLength": 255}),
        (TypeRef("null", "Null"), {"type": ["null", "object"], "maxProperties": 0}),
        (TypeRef("any", "AnyType", known=False), {}),
        (TypeRef("yaml-ish"), {}),
        (TypeRef("object", "Object"), {"type": "object"}),
        (TypeRef("array", "Array"), {"type": "array"}),
        (
            TypeRef("array", "[Long]", items=LONG),
            {"type": "array", "items": {"type": "integer", "format": "int64"}},
        ),
        (
            TypeRef("object", "Map<String,String>", values=STRING),
            {"type": "object", "additionalProperties": {"type": "string"}},
        ),
        (
            TypeRef("object", "Map<String,Array<String>>", values=TypeRef("array", items=STRING)),
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        ),
        (
            TypeRef(
                "array",
                "Array<Array<AvailabilityZone>>",
                items=TypeRef("array", items=TypeRef("object", ref="AvailabilityZone")),
            ),
            {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "object", "x-type-name": "AvailabilityZone"},
                },
            },
        ),
    ],
)
def test_type_schema(t: TypeRef, expected: dict) -> None:
    assert type_schema(t) == expected
    Draft202012Validator.check_schema(expected)


# ---------------------------------------------------------------- placement


def field(name: str = "f", t: TypeRef = STRING, **kw) -> Field:
    return Field(name, "body", t, Span("p.md", 7), **kw)


def test_children_of_nested_arrays_go_to_innermost_object() -> None:
    t = TypeRef("array", "Array<Array<Zone>>", items=TypeRef("array", items=TypeRef("object")))
    s = field_schema(field("zones", t, children=(field("name", required=True), field("id"))))
    inner = s["items"]["items"]
    assert inner["type"] == "object"
    assert list(inner["properties"]) == ["name", "id"]
    assert inner["required"] == ["name"]
    assert "properties" not in s and "properties" not in s["items"]
    assert "additionalProperties" not in inner


def test_children_of_untyped_array_and_map_of_objects() -> None:
    s = field_schema(field("a", TypeRef("array", "Array"), children=(field("x"),)))
    assert s["items"] == {"type": "object", "properties": {"x": field_schema(field("x"))}}
    m = field_schema(
        field(
            "m",
            TypeRef("object", "Map<String,Detail>", values=TypeRef("object")),
            children=(field("x"),),
        )
    )
    assert list(m["additionalProperties"]["properties"]) == ["x"]
    tags = field_schema(
        field(
            "tags", TypeRef("object", "Map<String,String>", values=STRING), children=(field("k"),)
        )
    )
    assert list(tags["properties"]) == ["k"] and tags["additionalProperties"] == {"type": "string"}


def test_enum_and_value_constraints_go_on_array_elements() -> None:
    t = TypeRef("array", "Array of strings", items=STRING)
    s = field_schema(
        field("kinds", t, enum=("a", "b", "a"), constraints=(("maxItems", 5), ("maxLength", 8)))
    )
    assert s["items"] == {"type": "string", "enum": ["a", "b"], "maxLength": 8}
    assert s["maxItems"] == 5
    Draft202012Validator.check_schema(s)
    assert Draft202012Validator(s).is_valid(["a", "b"])
    lists = field_schema(field("pairs", t, enum=(["a"], ["b"])))
    assert lists["enum"] == [["a"], ["b"]]


def test_enum_keeps_true_and_one_apart() -> None:
    s = field_schema(field("x", TypeRef("any"), enum=(1, True, 1, "1")))
    assert s["enum"] == [1, True, "1"]


def test_constraints_merge_tightest_and_keep_conflicts() -> None:
    t = TypeRef("string", "String(255)", max_length=255)
    s = field_schema(
        field(
            "name",
            t,
            constraints=(
                ("maxLength", 64),
                ("minLength", 1),
                ("minLength", 3),
                ("pattern", "^[a-z]+$"),
                ("pattern", "^a"),
            ),
        )
    )
    assert s["maxLength"] == 64 and s["minLength"] == 3
    assert s["pattern"] == "^[a-z]+$" and s["allOf"] == [{"pattern": "^a"}]
    v = Draft202012Validator(s)
    assert v.is_valid("abc") and not v.is_valid("bcd") and not v.is_valid("ab")


def test_invalid_constraints_are_kept_aside_not_applied() -> None:
    s = field_schema(
        field(
            "n",
            TypeRef("integer", "Integer"),
            constraints=(
                ("maximum", float("nan")),
                ("minLength", -1),
                ("minimum", True),
                ("multipleOf", 0),
                ("pattern", "(["),
                ("unknownKeyword", 3),
                ("minimum", 2),
            ),
        )
    )
    assert s["minimum"] == 2
    assert s["x-unapplied-constraints"] == [
        ["maximum", "nan"],
        ["minLength", -1],
        ["minimum", True],
        ["multipleOf", 0],
        ["pattern", "(["],
        ["unknownKeyword", 3],
    ]
    Draft202012Validator.check_schema(s)
    dump_json(s)


@pytest.mark.parametrize(
    ("t", "default", "kept"),
    [
        (TypeRef("boolean"), False, True),
        (TypeRef("boolean"), "false", False),
        (TypeRef("string"), None, False),
        (TypeRef("integer", format="int32"), 2**31, False),
        (TypeRef("integer", format="int64"), 2**31, True),
        (TypeRef("array", items=TypeRef("integer")), 1, True),
        (TypeRef("array", items=TypeRef("integer")), [1, 2], True),
        (TypeRef("array", items=TypeRef("integer")), ["x"], False),
    ],
)
def test_default_kept_only_when_it_fits(t: TypeRef, default, kept: bool) -> None:
    s = field_schema(field("d", t, default=default, enum=()))
    text = json.dumps(s)
    assert ('"default"' in text) is kept
    assert ("x-documented-default" in s) is (not kept)
    if not kept:
        assert s["x-documented-default"] == default


def test_default_contradicting_enum_or_range_is_kept_aside() -> None:
    s = field_schema(field("mode", STRING, enum=("a", "b"), default="c"))
    assert "default" not in s and s["x-documented-default"] == "c"
    s = field_schema(field("n", TypeRef("integer"), constraints=(("maximum", 10),), default=11))
    assert s["x-documented-default"] == 11


def test_notes_duplicates_and_non_json_values() -> None:
    s = field_schema(
        field(
            "o",
            TypeRef("object"),
            required_note="Mandatory for AK/SK",
            children=(
                field("a", required=True),
                field("a", required=False),
                field("b", default=float("inf"), t=TypeRef("any")),
            ),
        )
    )
    assert s["x-required-note"] == "Mandatory for AK/SK"
    assert s["required"] == ["a"]
    assert s["properties"]["a"]["x-duplicate-sources"] == ["p.md:7"]
    assert s["properties"]["b"]["default"] == "inf"
    dump_json(s)


def test_object_schema_group() -> None:
    assert object_schema(()) == {"type": "object", "properties": {}}
    g = object_schema((field("a", required=None), field("b", required=True)))
    assert g["required"] == ["b"]


# ---------------------------------------------------------------- file names

SAFE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")


def test_bundle_file_name_shape() -> None:
    name = bundle_file_name(dli_stop(), "seeds/002_3b5adef0544234b8.txt")
    assert re.fullmatch(
        r"dli_02_0241__POST__v1\.0_project_id_streaming_jobs_stop__[0-9a-f]{8}\.json", name
    )
    assert bundle_file_name(dli_stop(), "seeds/002_3b5adef0544234b8.txt") == name
    cdm = bundle_file_name(cdm_stop())
    assert cdm.startswith("page__PUT__v1.1_project_id_clusters_cluster_id_cdm_job_job_name_stop__")


def test_bundle_file_name_depends_on_key_not_checkout() -> None:
    a = Endpoint("GET", "/x", "/home/a/run/docs/p.rst", Span("/home/a/run/docs/p.rst", 1))
    b = Endpoint("GET", "/x", "C:\\b\\docs\\p.rst", Span("C:\\b\\docs\\p.rst", 1))
    assert bundle_file_name(a, "docs/p.rst") == bundle_file_name(b, "docs\\p.rst")
    assert bundle_file_name(a) != bundle_file_name(b)


@pytest.mark.parametrize(
    ("doc_id", "method", "path"),
    [
        ("../../etc/passwd", "GET", "/../../x"),
        ("a\0b", "PO\0ST", "/a\0/b"),
        ("", "", ""),
        (None, "get", "/"),
        (".hidden", "GET", "/.git/config"),
        ("批量停止作业", "POST", "/v1.0/{项目}/作业"),
        ("x" * 500, "M" * 80, "/" + "seg/" * 300),
        ("C:\\Windows\\system32", "GET", "\\\\server\\share"),
        ("-rf", "GET", "/-x"),
    ],
)
def test_bundle_file_name_hostile(doc_id, method, path) -> None:
    ep = Endpoint(method, path, "p", Span("p", 1), doc_id=doc_id)
    name = bundle_file_name(ep)
    assert SAFE.match(name) and name.endswith(".json")
    assert len(name) <= 150
    assert "/" not in name and "\\" not in name and ".." not in name


def test_bundle_file_name_unique_per_source_method_path() -> None:
    long = "/" + "a/" * 200
    eps = [
        Endpoint(m, p, s, Span(s, 1), doc_id="same")
        for s in ("x.rst", "y.rst")
        for m in ("GET", "PUT")
        for p in (long + "1", long + "2", "/a/{b}", "/a/b")
    ]
    names = {bundle_file_name(ep) for ep in eps}
    assert len(names) == len(eps)


# ---------------------------------------------------------------- property tests

KEYWORDS = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "format",
    "uniqueItems",
    "multipleOf",
    "bogus",
]
json_scalars = (
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=6)
)
json_values = st.recursive(
    json_scalars,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=4), c, max_size=3),
    max_leaves=5,
)
spans = st.builds(Span, st.sampled_from(["a.rst", "zh/批量.md", "c.html"]), st.integers(1, 900))
leaf_types = st.builds(
    TypeRef,
    base=st.sampled_from(
        ["string", "integer", "number", "boolean", "null", "object", "any", "odd"]
    ),
    raw=st.text(max_size=10),
    format=st.none() | st.sampled_from(["int64", "int32", "double", "date-time", ""]),
    max_length=st.none() | st.integers(-2, 300),
    ref=st.none() | st.text(max_size=6),
)
typerefs = st.recursive(
    leaf_types,
    lambda inner: (
        st.builds(TypeRef, base=st.just("array"), raw=st.text(max_size=5), items=st.none() | inner)
        | st.builds(TypeRef, base=st.just("object"), values=st.none() | inner)
    ),
    max_leaves=4,
)
constraints = st.lists(
    st.tuples(
        st.sampled_from(KEYWORDS),
        json_scalars | st.sampled_from(["[", "^a+$", "(?P<x>a)", "\\d{1,3}", "a{2,1}"]),
    ),
    max_size=4,
).map(lambda pairs: tuple(sorted(pairs, key=lambda kv: kv[0])))


def fields(location: str = "body") -> st.SearchStrategy[Field]:
    def build(children: st.SearchStrategy[tuple[Field, ...]]) -> st.SearchStrategy[Field]:
        return st.builds(
            Field,
            name=st.text(max_size=8),
            location=st.just(location),
            type=typerefs,
            span=spans,
            required=st.none() | st.booleans(),
            description=st.text(max_size=10),
            enum=st.lists(json_values, max_size=3).map(tuple),
            default=st.just(NOT_STATED) | json_values,
            constraints=constraints,
            children=children,
            required_note=st.none() | st.text(max_size=5),
        )

    leaf = build(st.just(()))
    return st.recursive(leaf, lambda c: build(st.lists(c, max_size=3).map(tuple)), max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields())
def test_random_fields_give_valid_stable_schemas(f: Field) -> None:
    schema = field_schema(f)
    Draft202012Validator.check_schema(schema)
    data = dump_json(schema)
    assert data == dump_json(field_schema(f))
    assert dump_json(json.loads(data)) == data  # plain JSON data, nothing Python-only


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(fields("path"), max_size=2),
    st.none() | fields(),
    st.lists(fields("response"), max_size=2),
    st.lists(
        st.builds(
            Example,
            kind=st.sampled_from(["request", "response"]),
            text=st.text(max_size=4),
            span=spans,
            value=st.just(NOT_STATED) | json_values,
        ),
        max_size=2,
    ),
)
def test_random_bundles_pass_metaschema(params, body, headers, examples) -> None:
    ep = Endpoint(
        "GET",
        "/a/{b}",
        "a.rst",
        Span("a.rst", 3),
        parameters=tuple(params),
        request_body=body,
        responses=(Response("200", Span("a.rst", 9), body=body, headers=tuple(headers)),),
        examples=tuple(examples),
    )
    bundle = endpoint_bundle(ep)
    Draft202012Validator.check_schema(bundle)
    for schema in all_schemas(bundle):
        Draft202012Validator.check_schema(schema)
    assert dump_json(bundle) == dump_json(endpoint_bundle(ep))
