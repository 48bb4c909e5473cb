"""Alignment, comparison and revision diffs on small hand-built endpoints.

The fixture pairs (test_drift_rules.py) show each rule firing on real-looking
pages; these tests pin the decisions behind them: what is the same endpoint,
what is the same field, what a silent version means, and whom a change
breaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.diagnostics import Level
from docconform.extractor.drift.align import Version, doc_key, endpoint_key, group_versions
from docconform.extractor.drift.compare import differences
from docconform.extractor.drift.engine import compare_endpoints, drift_findings
from docconform.extractor.drift.values import canonical, type_conflict
from docconform.extractor.interpret.types import parse_type
from docconform.extractor.model import NOT_STATED, Endpoint, Field, Response, Span

from .conftest import REPO
from .test_drift_rules import _endpoints, _pair


def field(name: str, typ: str = "String", *, required: bool | None = None, children: tuple[Field, ...] = (),
          enum: tuple = (), default=NOT_STATED, constraints: tuple = (), location: str = "body",
          line: int = 10) -> Field:
    return Field(name, location, parse_type(typ), Span("p", line), required=required, children=children,
                 enum=enum, default=default, constraints=constraints)


def endpoint(path: str = "/v1/{project_id}/jobs", *, method: str = "POST", source: str = "a.rst",
             doc_id: str | None = "doc_1", body: tuple[Field, ...] = (), params: tuple[Field, ...] = (),
             statuses: tuple[str, ...] = ()) -> Endpoint:
    root = Field("", "body", parse_type("Object"), Span(source, 5), children=body) if body else None
    responses = tuple(Response(s, Span(source, 90), "documented") for s in statuses)
    return Endpoint(method, path, source, Span(source, 1), doc_id=doc_id, parameters=params,
                    request_body=root, responses=responses)


def kinds(*eps: Endpoint) -> list[tuple[str, str]]:
    return [(d.kind, d.pointer) for d in differences(eps)]


# ---------------------------------------------------------------- alignment


def test_keys_blank_placeholders_and_doc_ids_drop_language_prefixes() -> None:
    assert endpoint_key(endpoint("/v1/{project_id}/jobs/")) == endpoint_key(endpoint("/v1/{tenant_id}/jobs"))
    assert doc_key("EN-US_TOPIC_0020212653") == doc_key("en-us_topic_0020212653") == "topic_0020212653"
    assert doc_key(" ") is None


def test_renamed_path_parameter_is_the_same_parameter() -> None:
    a = endpoint("/v1/{project_id}/jobs", params=(field("project_id", location="path", required=True),))
    b = endpoint("/v1/{tenant_id}/jobs", source="b.rst", params=(field("tenant_id", location="path", required=True),))
    (group,) = group_versions([Version(a, 0), Version(b, 1)])
    assert len(group.versions) == 2
    assert kinds(a, b) == []


def test_a_page_whose_path_changed_stays_the_same_endpoint_by_doc_id() -> None:
    old = endpoint("/v1/{project_id}/jobs/stop", doc_id="dli_02_0241")
    new = endpoint("/v2/{project_id}/jobs/stop", source="moved/b.rst", doc_id="dli_02_0241")
    assert len(group_versions([Version(old, 0), Version(new, 1)])) == 1
    # within one set two paths under one doc id are two operations, not one that moved
    assert len(group_versions([Version(old, 0), Version(new, 0)])) == 2


def test_operations_sharing_a_path_pair_by_doc_id_then_by_body() -> None:
    def action(doc: str | None, name: str, source: str) -> Endpoint:
        return endpoint("/v2.1/{project_id}/servers/{server_id}/action", doc_id=doc, source=source,
                        body=(field(name, "Object", required=True),))

    versions = [Version(action("topic_1", "lock", "h/lock.html"), 0), Version(action("topic_2", "unlock", "h/unlock.html"), 0),
                Version(action("topic_1", "lock", "r/lock.rst"), 1), Version(action("topic_2", "unlock", "r/unlock.rst"), 1),
                Version(action("ecs_02_1", "unlock", "z/解锁.md"), 2)]
    groups = group_versions(versions)
    assert sorted(sorted(v.source for v in g.versions) for g in groups) == [
        ["h/lock.html", "r/lock.rst"], ["h/unlock.html", "r/unlock.rst", "z/解锁.md"]]
    _, findings = drift_findings(versions)
    assert findings == []


def test_pages_that_share_every_name_pair_by_the_value_that_tells_them_apart() -> None:
    """Tag create and delete pages (same names, "action": "create" / "delete") in two sets whose
    doc ids differ: each pairs with its own action, whatever order the pages come in."""
    from dataclasses import replace

    from docconform.extractor.model import Example

    def tags(doc: str, action: str, source: str) -> Endpoint:
        ep = endpoint("/v1/{project_id}/cloudservers/{server_id}/tags/action", doc_id=doc, source=source,
                      body=(field("tags", "Array of objects", required=True), field("action", required=True)))
        assert ep.request_body is not None
        action_row = replace(ep.request_body.children[1], description=f"**{action}**: the operation.")
        body = replace(ep.request_body, children=(ep.request_body.children[0], action_row))
        return replace(ep, request_body=body, examples=(
            Example("request", "", Span(source, 50), {"action": action, "tags": []}),))

    versions = [Version(tags("en-us_topic_3", "delete", "r/delete.rst"), 0),
                Version(tags("en-us_topic_4", "create", "r/create.rst"), 0),
                Version(tags("ecs_02_1002", "create", "z/添加.md"), 1),
                Version(tags("ecs_02_1003", "delete", "z/删除.md"), 1)]
    groups = group_versions(versions)
    assert sorted(sorted(v.source for v in g.versions) for g in groups) == [
        ["r/create.rst", "z/添加.md"], ["r/delete.rst", "z/删除.md"]]


# ---------------------------------------------------------------- comparison


def test_object_against_array_is_found_at_any_depth() -> None:
    inner = (field("c", "Integer"),)
    a = endpoint(body=(field("a", "Object", children=(field("b", "Object", children=inner),)),))
    b = endpoint(source="b", body=(field("a", "Object", children=(field("b", "Array of objects", children=inner),)),))
    assert kinds(a, b) == [("type", "/request/body/properties/a/properties/b")]


def test_children_of_an_array_are_compared_through_items() -> None:
    a = endpoint(body=(field("a", "Array of objects", children=(field("b", "Integer"),)),))
    b = endpoint(source="b", body=(field("a", "Array of objects", children=(field("b", "String"),)),))
    assert kinds(a, b) == [("type", "/request/body/properties/a/items/properties/b")]


@pytest.mark.parametrize("one, other", [("[Long]", "Array of Long"), ("Array of Objects", "Array of objects"),
                                        ("Number", "Double"), ("Array", "Array of Strings"), ("String", "Strnig")])
def test_equivalent_or_silent_types_agree(one: str, other: str) -> None:
    assert type_conflict(parse_type(one), parse_type(other)) is None


@pytest.mark.parametrize("one, other, conflict", [("Integer", "Long", "format"), ("String", "Boolean", "structure"),
                                                  ("Array of Long", "Array of Strings", "structure"),
                                                  ("Object", "Array of objects", "structure")])
def test_different_types_conflict(one: str, other: str, conflict: str) -> None:
    assert type_conflict(parse_type(one), parse_type(other)) == conflict


def test_a_version_that_says_nothing_is_not_a_contradiction() -> None:
    a = endpoint(body=(field("x", required=True, enum=("a", "b"), default="a", constraints=(("maxLength", 5),)),))
    b = endpoint(source="b", body=(field("x"),))
    assert kinds(a, b) == []


def test_stated_values_compare_by_meaning_not_spelling() -> None:
    a = endpoint(body=(field("x", "Integer", default=1000, enum=(1, 2)),))
    b = endpoint(source="b", body=(field("x", "Integer", default="1,000", enum=("2", "“1”")),))
    assert kinds(a, b) == []
    assert canonical(False) == canonical("false") and canonical("ACTIVE") != canonical("Active")


def test_missing_table_is_one_finding_not_one_per_row() -> None:
    a = endpoint(body=(field("a", "Object", children=(field("b"), field("c"))),))
    b = endpoint(source="b", body=(field("a", "Object"),))
    assert kinds(a, b) == [("children", "/request/body/properties/a")]
    assert kinds(a, endpoint(source="c")) == [("field", "/request/body")]


def test_status_codes_compare_only_where_a_status_table_exists() -> None:
    a = endpoint(statuses=("200", "400"))
    assert kinds(a, endpoint(source="b", statuses=("200",))) == [("status-codes", "/responses")]
    silent = Endpoint("POST", "/v1/{project_id}/jobs", "c", Span("c", 1), responses=(Response("200", Span("c", 9)),))
    assert kinds(a, silent) == []


def test_header_names_ignore_case_and_body_names_do_not() -> None:
    a = endpoint(params=(field("X-Auth-Token", location="header"),), body=(field("Key"),))
    b = endpoint(source="b", params=(field("x-auth-token", location="header"),), body=(field("key"),))
    assert kinds(a, b) == [("name", "/request/body/properties/Key")]


# ---------------------------------------------------------------- revision diffs


def _diff(case: str, reverse: bool = False) -> list[tuple[str, str, Level]]:
    base, revision = (_endpoints(p) for p in _pair(case))
    old, new = (revision, base) if reverse else (base, revision)
    return [(f.rule, f.breaks, f.level) for f in compare_endpoints(old, new)]


@pytest.mark.parametrize("case, reverse, expected", [
    ("required-mismatch", False, ("required-mismatch", "server", Level.WARNING)),   # became optional
    ("required-mismatch", True, ("required-mismatch", "client", Level.ERROR)),      # became required
    ("param-missing", False, ("param-missing", "none", Level.INFO)),                # optional request field removed
    ("param-missing", True, ("param-missing", "server", Level.WARNING)),            # optional request field added
    ("type-mismatch", False, ("type-mismatch", "both", Level.ERROR)),
    ("enum-mismatch", False, ("enum-mismatch", "server", Level.WARNING)),           # request value added
    ("enum-mismatch", True, ("enum-mismatch", "client", Level.ERROR)),              # request value removed
    ("constraint-mismatch", False, ("constraint-mismatch", "server", Level.WARNING)),  # request bound relaxed
    ("constraint-mismatch", True, ("constraint-mismatch", "client", Level.ERROR)),     # request bound tightened
    ("default-mismatch", False, ("default-mismatch", "both", Level.ERROR)),
    ("status-code-mismatch", False, ("status-code-mismatch", "none", Level.INFO)),  # an error code added
    ("name-suspect--spelling", False, ("name-suspect", "both", Level.ERROR)),
])
def test_whom_a_revision_breaks(case: str, reverse: bool, expected: tuple) -> None:
    assert _diff(case, reverse) == [expected]


def test_removed_response_field_breaks_clients_added_one_servers() -> None:
    a = Endpoint("GET", "/v1/x", "a", Span("a", 1), responses=(
        Response("200", Span("a", 9), "ok", Field("", "response", parse_type("Object"), Span("a", 5),
                                                  children=(field("id", location="response"),))),))
    b = Endpoint("GET", "/v1/x", "b", Span("b", 1), responses=(
        Response("200", Span("b", 9), "ok", Field("", "response", parse_type("Object"), Span("b", 5),
                                                  children=(field("name", location="response"),))),))
    assert [(f.message, f.breaks) for f in compare_endpoints([a], [b])] == [
        ("Response 200 field `id` removed", "client"), ("Response 200 field `name` added", "server")]


def test_endpoint_removed_breaks_clients_added_breaks_servers() -> None:
    a, b = endpoint(), endpoint("/v1/{project_id}/other", doc_id="doc_2", source="b")
    removed, added = compare_endpoints([a, b], [a], new_set="new/"), compare_endpoints([a], [a, b], old_set="old/")
    assert [(f.rule, f.breaks, f.sides[-1].source, f.sides[-1].line) for f in removed] == [
        ("endpoint-missing", "client", "new/", 0)]
    assert [(f.rule, f.breaks) for f in added] == [("endpoint-missing", "server")]
    assert compare_endpoints([a, b], [a, b]) == []


def test_fingerprints_survive_line_shifts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base, revision = _pair("type-mismatch")
    monkeypatch.chdir(tmp_path)
    Path("base.rst").write_bytes(base.read_bytes())
    Path("revision.rst").write_bytes(revision.read_bytes())
    from docconform.extractor.run.pipeline import extract_file

    def run() -> list:
        eps = [extract_file(Path(n), n).endpoints for n in ("base.rst", "revision.rst")]
        return compare_endpoints(eps[0], eps[1])

    before = run()
    Path("revision.rst").write_text("\n\n\n" + revision.read_text(encoding="utf-8"), encoding="utf-8")
    after = run()
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    assert [s.line for s in before[0].sides] != [s.line for s in after[0].sides]
    assert REPO.is_dir()


def test_placeholder_names_pair_across_languages_and_are_not_compared_as_names() -> None:
    a = endpoint(body=(field("User customization"), field("id")))
    b = endpoint(source="b", body=(field("用户自定义"), field("id")))
    assert kinds(a, b) == []
    c = endpoint(source="c", body=(field("用户自定义", "Integer"), field("id")))
    assert kinds(a, c) == [("type", "/request/body/properties/User customization")]
