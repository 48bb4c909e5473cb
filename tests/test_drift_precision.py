"""What each drift rule must not report: the negative cases behind its precision.

A doc team stops reading a report whose first findings are false. Each test
here pins one thing a rule deliberately stays quiet about (a path parameter
that only the URI template names, a rarer spelling proposed as the right
one, a finding that only repeats an extraction problem...), beside the
positive case that shows the rule still fires.
"""

from __future__ import annotations

from docconform.extractor.diagnostics import Level
from docconform.extractor.drift.align import Version
from docconform.extractor.drift.engine import VersionSet, drift_findings

from .test_drift_engine import endpoint, field


def _drift(*eps, sets: int = 0):
    versions = [Version(ep, i) for i, ep in enumerate(eps)]
    names = [VersionSet(f"set{i}") for i in range(len(eps))] if sets else ()
    return drift_findings(versions, names)[1]


# ---------------------------------------------------------------- param-missing


def test_path_parameter_named_by_the_uri_template_is_never_missing() -> None:
    documented = endpoint("/v1/{project_id}/jobs/{job_id}", params=(
        field("project_id", location="path", required=True), field("job_id", location="path", required=True)))
    template_only = endpoint("/v1/{project_id}/jobs/{job_id}", source="b.md",
                             params=(field("job_id", location="path", required=True),))
    assert [f for f in _drift(documented, template_only) if f.rule == "param-missing"] == []


def test_path_parameter_the_template_lacks_is_still_missing() -> None:
    a = endpoint("/v1/{project_id}/jobs", params=(field("project_id", location="path", required=True),
                                                  field("job_id", location="query", required=True)))
    b = endpoint("/v1/{project_id}/jobs", source="b.md")
    (f,) = [f for f in _drift(a, b) if f.rule == "param-missing"]
    assert f.pointer == "/request/query/properties/job_id" and f.level == Level.ERROR


# ---------------------------------------------------------------- name-suspect


def _described(name: str, description: str):
    f = field(name)
    return type(f)(**{**_fields(f), "description": description})


def test_name_suspect_never_proposes_a_rarer_spelling_from_a_description() -> None:
    page = endpoint(body=(_described("availability_zone", "AZ of the server."),
                          _described("flavor", "Flavor, available in the avaliability zone.")))
    others = [endpoint(f"/v1/{{project_id}}/x{i}", source=f"o{i}.rst",
                       body=(_described("availability_zone", "AZ."),)) for i in range(3)]
    assert [f for f in _drift(page, *others) if f.rule == "name-suspect"] == []
    assert [f for f in _drift(page) if f.rule == "name-suspect"] == []  # a tie proposes nothing


def test_name_suspect_proposes_the_majority_spelling() -> None:
    page = endpoint(body=(_described("last-udpate-user", "User."),
                          _described("last-update-date", "Date of the last update.")))
    (f,) = [f for f in _drift(page) if f.rule == "name-suspect"]
    assert "`udpate` looks like a typo of `update`" in f.message


def test_description_spelling_is_proposed_only_when_the_run_favours_it() -> None:
    typo = endpoint(body=(_described("avaliability_zone", "Name of the availability_zone."),))
    clean = [endpoint(f"/v1/{{project_id}}/x{i}", source=f"o{i}.rst",
                      body=(_described("availability_zone", "AZ."),)) for i in range(2)]
    (f,) = [f for f in _drift(typo, *clean) if f.rule == "name-suspect"]
    assert f.message.startswith("`avaliability_zone` looks like a typo of `availability_zone`")
    right = endpoint(body=(_described("availability_zone", "Unlike avaliability_zone, ..."),))
    (g,) = [f for f in _drift(right, *clean) if f.rule == "name-suspect"]
    assert g.message == "The description of `availability_zone` misspells it as `avaliability_zone`"


def test_versions_spelling_a_name_differently_name_the_majority() -> None:
    a = endpoint(body=(field("availabilityZone"),))
    b = endpoint(source="b.rst", body=(field("availability_zone"),))
    c = endpoint("/v1/{project_id}/other", source="c.rst", body=(field("availability_zone"),))
    (f,) = [f for f in _drift(a, b, c) if f.rule == "name-suspect"]
    assert f.message.endswith("mostly write `availability_zone` (2 pages)")


# ---------------------------------------------------------------- endpoint-missing


def _missing(versions, sets):
    return [f for f in drift_findings(versions, sets)[1] if f.rule == "endpoint-missing"]


def test_endpoint_missing_works_whatever_the_folder_layouts() -> None:
    """Topic folders in one set, one flat (or differently named) folder in the other: compared whole."""
    en = [Version(endpoint("/v1/{project_id}/jobs", source="en/jobs/a.rst", doc_id="d1"), 0, "jobs"),
          Version(endpoint("/v1/{project_id}/queues", source="en/queues/b.rst", doc_id="d2"), 0, "queues")]
    for zh_component in ("", "API参考"):
        zh = [Version(endpoint("/v1/{project_id}/jobs", source="zh/x.md", doc_id="d1"), 1, zh_component)]
        sets = [VersionSet("en", frozenset({"jobs", "queues"})), VersionSet("zh", frozenset({zh_component}))]
        (f,) = _missing(en + zh, sets)
        assert f.endpoint == "POST /v1/{project_id}/queues"
        assert dict(f.extra) == {"missing_from": ["zh"], "present_in": ["en"]}
        assert f.message.startswith("Missing from `zh`: documented in version set `en`")


def test_sets_sharing_service_folders_are_compared_folder_by_folder() -> None:
    html = [Version(endpoint("/v2/servers", source="html/ecs/a.html", doc_id="e1"), 0, "ecs")]
    rst = [Version(endpoint("/v2/servers", source="rst/ecs/a.rst", doc_id="e1"), 1, "ecs"),
           Version(endpoint("/v1.0/jobs", source="rst/dli/b.rst", doc_id="l1"), 1, "dli"),
           Version(endpoint("/v2/flavors", source="rst/ecs/c.rst", doc_id="e2"), 1, "ecs")]
    sets = [VersionSet("html", frozenset({"ecs"})), VersionSet("rst", frozenset({"ecs", "dli"}))]
    (f,) = _missing(html + rst, sets)  # the DLI page is not expected in an ECS-only export
    assert f.endpoint == "POST /v2/flavors" and f.sides[-1].source == "html/ecs"


def test_endpoint_present_under_its_doc_id_or_title_is_not_missing() -> None:
    a = [Version(endpoint("/v1/jobs", source="a.rst", doc_id="d1"), 0),
         Version(endpoint("/v1/old-path", source="b.rst", doc_id=None), 0)]
    b = [Version(endpoint("/v2/jobs", source="c.rst", doc_id="d1"), 1),  # moved path, same doc id
         Version(endpoint("/v2/new-path", source="d.rst", doc_id=None), 1)]
    a[1] = Version(type(a[1].endpoint)(**{**_fields(a[1].endpoint), "title": "Querying Jobs"}), 0)
    b[1] = Version(type(b[1].endpoint)(**{**_fields(b[1].endpoint), "title": "Querying  jobs"}), 1)
    assert _missing(a + b, [VersionSet("a"), VersionSet("b")]) == []


def _fields(obj):
    return {s: getattr(obj, s) for s in obj.__slots__}


# ---------------------------------------------------------------- findings an extraction problem explains


def _with_diagnostics(v: Version, *diags) -> Version:
    return Version(v.endpoint, v.set_index, v.component, v.label, tuple(diags))


def test_fields_of_a_table_the_page_lost_are_grouped_under_its_diagnostic() -> None:
    from docconform.extractor.diagnostics import Diagnostic
    from docconform.extractor.model import Span

    a = endpoint(body=(field("job_ids", required=True), field("flink_version"), field("mode")))
    b = endpoint(source="b.md", body=(field("job_ids", required=True),))
    lost = Diagnostic(Span("b.md", 20), "table-unplaced", Level.INFO, "Table 2: parameter table outside ...")
    page = {21: "参数名称", 24: "flink_version", 25: "String"}  # the lost table holds flink_version only
    versions = [Version(a, 0), _with_diagnostics(Version(b, 1), lost)]
    found = {f.pointer: f for f in drift_findings(versions, excerpts=lambda s, n: page.get(n, "") if s == "b.md" else "")[1]}
    explained = found["/request/body/properties/flink_version"]
    assert explained.level == Level.INFO
    assert dict(explained.extra)["caused_by"] == {"code": "table-unplaced", "level": "info", "line": 20,
                                                  "message": lost.message, "source": "b.md"}
    kept = found["/request/body/properties/mode"]  # not in the lost table: still a finding
    assert kept.level == Level.WARNING and "caused_by" not in dict(kept.extra)


def test_properties_of_a_row_whose_table_was_not_found_follow_from_that_row() -> None:
    from docconform.extractor.diagnostics import Diagnostic
    from docconform.extractor.model import Span

    a = endpoint(body=(field("queues", "Array of objects", children=(field("name"), field("cu_count"))),))
    b = endpoint(source="b.md", body=(field("queues", "Array of objects", line=33),))
    bare = Diagnostic(Span("p", 33), "table-unresolved", Level.WARNING, "see Table 5: no such table")
    versions = [Version(a, 0), _with_diagnostics(Version(b, 1), bare)]
    (f,) = [f for f in drift_findings(versions)[1] if f.rule == "param-missing"]
    assert f.level == Level.INFO and dict(f.extra)["caused_by"]["code"] == "table-unresolved"


def test_fields_listed_without_their_wrapper_are_compared_under_it() -> None:
    """One version: functions[] of items; the other lists the items' fields flat: one finding, not N."""
    from docconform.extractor.model import Response, Span

    items = (field("func_urn"), field("func_name"), field("memory_size", "Integer"))
    wrapped = endpoint("/v2/{project_id}/fgs/functions", method="GET")
    wrapped = type(wrapped)(**{**_fields(wrapped), "responses": (Response("200", Span("a.rst", 60), body=field(
        "", "Object", children=(field("functions", "Array of objects", children=items), field("next_marker", "Long")))),)})
    flat_items = (field("func_urn"), field("func_name"), field("memory_size", "String"), field("next_marker", "Long"))
    flat = endpoint("/v2/{project_id}/fgs/functions", method="GET", source="b.md")
    flat = type(flat)(**{**_fields(flat), "responses": (Response("200", Span("b.md", 80), body=field(
        "", "Object", children=flat_items)),)})
    found = _drift(wrapped, flat)
    assert sorted((f.rule, f.pointer) for f in found) == [
        ("param-missing", "/responses/200/body/properties/functions"),
        ("type-mismatch", "/responses/200/body/properties/functions/items/properties/memory_size")]
    (envelope,) = [f for f in found if f.rule == "param-missing"]
    assert "lists its fields at the top level, without it" in envelope.message
    assert [s.text for s in envelope.sides] == ["Array of objects", ""]


# ---------------------------------------------------------------- sides


def test_an_excerpt_never_shows_a_table_border_and_values_read_as_written() -> None:
    from docconform.extractor.drift.context import Context
    from docconform.extractor.drift.values import as_written
    from docconform.extractor.model import Span

    page = {10: "+-----------+--------+", 11: "| Parameter | Type   |", 12: "+===========+========+"}
    ctx = Context("GET /x", None, (Version(endpoint(), 0),), lambda s, n: page.get(n, ""))
    side = ctx.side(Span("a.rst", 10), {"raw": "Array of String", "type": "array of string"}, 0, kind="type")
    assert (side.line, side.excerpt, side.text) == (11, "| Parameter | Type   |", "Array of String")
    assert as_written("field", {"type": "String", "required": True}) == "String, mandatory"
    assert as_written("required", False) == "optional" and as_written("enum", ["A", 1]) == "A, 1"
    assert as_written("field", None) == ""


def test_a_request_line_alone_is_not_an_invalid_json_body() -> None:
    from docconform.extractor.model import Example, Span

    line = "GET /v2/7aad/fgs/functions/urn:fss:x:function:default:test:latest / aliases/dev HTTP/1.1"
    ep = endpoint(method="GET")
    ep = type(ep)(**{**_fields(ep), "examples": (
        Example("request", line, Span("a.md", 120), strict=False, problem="Expecting value: line 1 column 1"),
        Example("request", "GET /v2/7aad/fgs/triggers/urn:fss:x:latest \nHTTP/1.1", Span("a.md", 125),
                strict=False, problem="Expecting value: line 2 column 1"),
        Example("request", '{"a": 1,}', Span("a.md", 130), strict=False, problem="Expecting property name"))})
    (f,) = [f for f in _drift(ep) if f.rule == "example-invalid-json"]
    assert f.sides[0].line == 130


def test_a_markup_body_is_another_media_type_not_invalid_json() -> None:
    """nova answers a tag PUT with an HTML page, Keystone its metadata with SAML XML."""
    from docconform.extractor.model import Example, Span

    html = "<html>\n<head>\n      <title>201 Created</title>\n</head>\n</html>"
    problem = "not JSON: the body is XML or markup"
    ep = endpoint(method="PUT")
    ep = type(ep)(**{**_fields(ep), "examples": (
        Example("response", html, Span("a.rst", 81), strict=False, problem=problem),
        Example("response", "HTTP/1.1 200 OK\n\n<?xml version=\"1.0\"?>\n<EntityDescriptor/>", Span("a.rst", 90),
                strict=False, problem=problem),
        Example("response", '    "jid": "65b6",\n    "nodes": [{"id": 1}]', Span("a.rst", 136), strict=False,
                problem="Extra data: line 1 column 10"))})
    (f,) = [f for f in _drift(ep) if f.rule == "example-invalid-json"]
    assert f.sides[0].line == 136  # a body's inside without its braces is still reported
