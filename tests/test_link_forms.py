"""Every way a row links to the table of its nested object, on real pages (tests/data/links).

Each test names the layout family it stands for; what must not happen is
tested beside it (a bare field never goes unreported, a link to a page that
is not in the run is reported as such, a link to a table that exists is
never reported).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from click.testing import CliRunner

from docconform.cli import main
from docconform.extractor.crosslinks import LinkRegistry, resolve_endpoints
from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.run.command import extract_all
from docconform.extractor.model import Endpoint, Field, Ref, Span, TableExport, TypeRef
from docconform.extractor.run.pipeline import PageResult, extract_file

LINKS = Path(__file__).parent / "data" / "links"


def _page(name: str) -> PageResult:
    return extract_file(LINKS / name, name)


def _run(*paths: Path) -> dict[str, PageResult]:
    results = extract_all(list(paths), None, None, DiagnosticSink())
    return {Path(r.source).name: r for r in results}


def _child(f: Field | None, *names: str) -> Field:
    assert f is not None
    for name in names:
        found = {c.name: c for c in f.children}
        assert name in found, (name, sorted(found))
        f = found[name]
    return f


def _codes(result: PageResult, *codes: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code in codes]


# ---------------------------------------------------------------- on one page


def test_link_in_the_name_cell_to_a_list_item_caption() -> None:
    """IAM: ``:ref:`agency <x__li153>``` in the Parameter cell; ``-  .. _x__li153:`` / ``agency`` / table."""
    (ep,) = _page("creating_an_agency.rst").endpoints
    agency = _child(ep.request_body, "agency")
    assert {c.name for c in agency.children} == {
        "name", "domain_id", "trust_domain_id", "trust_domain_name", "description", "duration"}
    assert agency.required is True and _child(agency, "name").required is True
    response = next(r for r in ep.responses if r.status == "201")
    assert "expire_time" in {c.name for c in _child(response.body, "agency").children}
    # the nested rows are not also at the top level (the flattening this fixes)
    assert {c.name for c in ep.request_body.children} == {"agency"}  # type: ignore[union-attr]


def test_intro_paragraph_gives_the_table_its_role() -> None:
    """"-  Parameters in the request header" before an uncaptioned table: header parameters."""
    (ep,) = _page("creating_an_agency.rst").endpoints
    assert {(p.location, p.name) for p in ep.parameters} >= {
        ("header", "Content-Type"), ("header", "X-Auth-Token")}


def test_dotted_captions_are_found_by_path() -> None:
    """IAM: Table 5 ``role_assignments.user`` describes the ``user`` row of table ``role_assignments``."""
    (ep,) = _page("querying_permission_assignment_records.rst").endpoints
    body = next(r.body for r in ep.responses if r.body)
    items = _child(body, "role_assignments")
    assert _child(items, "user").children and _child(items, "scope").children
    assert [c.name for c in _child(items, "user").children] == ["id"]
    page = _page("querying_permission_assignment_records.rst")
    assert not _codes(page, "table-unresolved")


def test_get_parameter_table_is_the_query_string() -> None:
    """A GET page's "Parameters in the request header/body" table is never a request body."""
    (ep,) = _page("querying_the_metadata_file_of_keystone.rst").endpoints
    assert ep.request_body is None


def test_envelope_that_the_examples_show_is_restored() -> None:
    """MRS: the table lists ``key``/``value``; the example request is ``{"tag": {"key": …}}``."""
    result = _page("adding_a_tag_to_a_specified_cluster.rst")
    (ep,) = result.endpoints
    tag = _child(ep.request_body, "tag")
    assert {c.name for c in tag.children} == {"key", "value"}
    assert _codes(result, "body-envelope")


# ---------------------------------------------------------------- across the pages of a run


def test_rst_ref_to_a_label_on_another_page() -> None:
    """AS: ``:ref:`ipv6_bandwidth <as_06_0101__table389911412219>``` on the modify page, label on the create page."""
    pages = _run(LINKS / "rst_cross")
    modify = pages["modifying_an_as_group.rst"]
    (ep,) = modify.endpoints
    linked = _child(ep.request_body, "networks", "ipv6_bandwidth")
    assert [c.name for c in linked.children] == ["id"]
    assert linked.source_table and "creating_an_as_group.rst" in linked.source_table
    assert linked.link is None
    assert not _codes(modify, "table-unresolved", "table-unlinked")


def test_rst_ref_alone_is_reported_as_outside_the_run() -> None:
    """The same page without the page that holds the label: a warning on the row, never silence."""
    pages = _run(LINKS / "rst_cross" / "modifying_an_as_group.rst")
    modify = pages["modifying_an_as_group.rst"]
    (ep,) = modify.endpoints
    assert not _child(ep.request_body, "networks", "ipv6_bandwidth").children
    (message,) = _codes(modify, "table-unresolved")
    assert "as_06_0101__table389911412219" in message and "not in this run" in message
    (d,) = [d for d in modify.diagnostics if d.code == "table-unresolved"]
    assert d.span.line == 173


def test_markdown_link_to_another_files_anchor() -> None:
    """DNS: ``<a href="数据结构.md#table11888161342410">表4</a>`` in a row of 批量创建Record-Set.md."""
    pages = _run(LINKS / "md_cross")
    create = pages["批量创建Record-Set.md"]
    fields = [f for ep in create.endpoints for f in ep.all_fields() if f.name == "alias_target"]
    assert fields and all(f.children for f in fields)
    assert {c.name for c in fields[0].children} >= {"resource_type", "resource_domain_name"}
    assert fields[0].source_table and "数据结构.md" in fields[0].source_table
    assert not _codes(create, "table-unresolved", "table-unlinked")


def test_rst_ref_to_another_pages_doc_id_label() -> None:
    """ECS rst: ``:ref:`… <en-us_topic_0170710254>``` names a page by its doc id; its table is the field's."""
    pages = _run(LINKS / "rst_page_label")
    details = pages["querying_details_about_an_ecs.rst"]
    specs = [f for ep in details.endpoints for f in ep.all_fields() if f.name == "extra_specs"]
    assert specs and all("ecs:performancetype" in {c.name for c in f.children} for f in specs)
    assert not _codes(details, "table-unresolved", "table-unlinked")
    # alone, the field is reported bare (it was silently bare before)
    alone = _run(LINKS / "rst_page_label" / "querying_details_about_an_ecs.rst")
    messages = _codes(alone["querying_details_about_an_ecs.rst"], "table-unresolved")
    assert any(m.startswith("extra_specs:") and "en-us_topic_0170710254" in m for m in messages)


_TASK_PAGES = {"md": ("弹性云服务器挂载磁盘.md", "响应（任务类）.md"),
               "html": ("en-us_topic_0022472987.html", "en-us_topic_0022067714.html"),
               "text": ("en-us_topic_0022472987.txt", "en-us_topic_0022067714.txt")}


@pytest.mark.parametrize("fmt", sorted(_TASK_PAGES))
def test_a_response_section_that_only_points_at_another_page(fmt: str) -> None:
    """ECS task APIs: the Response section is only "See [Responses (Task)](…)." /
    "请参考[响应（任务类）](响应（任务类）.md)。" (plain text: "See Responses (Task)." with no
    link, the page named by its title); the body is that page's normal-response table,
    not its error table."""
    page, shared = _TASK_PAGES[fmt]
    pages = _run(LINKS / "task_pointer" / fmt)
    (ep,) = pages[page].endpoints
    (ok,) = [r for r in ep.responses if r.status.startswith("2") and r.body is not None]
    assert [c.name for c in ok.body.children] == ["job_id"]
    assert ok.body.source_table and shared in ok.body.source_table
    assert not _codes(pages[page], "table-unresolved", "table-unlinked")
    # alone, the pointer is reported, never silently bare
    alone = _run(LINKS / "task_pointer" / fmt / page)
    assert _codes(alone[page], "table-unresolved")


def test_a_pointer_that_says_more_than_a_page_is_not_a_body() -> None:
    """"For details about abnormal responses, see Responses (Task)." (ECS rst/html, under a
    response table) names the error body: it is not a pointer for the success body."""
    from docconform.extractor.interpret.bodyrefs import _pointer

    ref = Ref("en-us_topic_0022067714.html", "Responses (Task)")
    assert _pointer("For details about abnormal responses, see Responses (Task).", (ref,)) is None
    assert _pointer("See Responses (Task).", (ref,)) is ref
    assert _pointer("请参考响应（任务类）。", (Ref("响应（任务类）.md", "响应（任务类）"),)) is not None
    assert _pointer("See Responses (Task).", ()) == Ref("Responses (Task)", "Responses (Task)")
    assert _pointer("See the response example, which shows every field.", ()) is None


def test_a_table_from_another_page_is_shaped_by_the_linking_pages_examples() -> None:
    """ECS zh-md: the server list's ``servers`` row sends the reader to the server-details page,
    whose ``addresses`` is ``Map<String, Object>`` of its Table 1; every example of the list page
    holds lists under each network id. Settled on the details page alone, it must be settled
    the same once linked into the list page."""
    pages = _run(LINKS / "map_across_pages")
    for name in ("查询云服务器详情列表.md", "查询云服务器详情.md"):
        (ep,) = pages[name].endpoints
        ok = next(r for r in ep.responses if r.status == "200")
        top = "servers" if "列表" in name else "server"
        addresses = _child(ok.body, top, "addresses")
        assert addresses.type.values is not None and addresses.type.values.base == "array", name
        assert addresses.type.values.items is not None and addresses.type.values.items.base == "object"
        assert {"addr", "version"} <= {c.name for c in addresses.children}
    notes = [d for d in pages["查询云服务器详情列表.md"].diagnostics if d.code == "type-from-examples"]
    assert any(d.message.startswith("addresses:") and d.span.source.endswith("查询云服务器详情.md") for d in notes)


def test_link_to_a_page_that_holds_one_table() -> None:
    """ECS html: ``extra_specs`` links to a whole page (no anchor) whose only table is os_extra_specs'."""
    pages = _run(LINKS / "html_page_link")
    listing = pages["en-us_topic_0020212689.html"]
    specs = [f for ep in listing.endpoints for f in ep.all_fields() if f.name == "extra_specs"]
    assert specs and all("ecs:performancetype" in {c.name for c in f.children} for f in specs)
    assert not _codes(listing, "table-unresolved", "table-unlinked")


def test_plain_text_table_number_of_another_page() -> None:
    """ECS text: "For details, see Table 1." under ``publicip``; Table 1 of this page is its URI table."""
    pages = _run(LINKS / "text_cross")
    create = pages["en-us_topic_0020212668.txt"]
    (ep,) = create.endpoints
    publicip = _child(ep.request_body, "server", "publicip")
    assert {"id", "eip", "delete_on_termination"} <= {c.name for c in publicip.children}
    assert publicip.source_table and "en-us_topic_0167957246.txt" in publicip.source_table
    assert {c.name for c in _child(ep.request_body, "server", "security_groups").children} == {"id"}
    # "For details, see metadata Field Description for Creating Disks.": a caption, written out
    metadata = _child(ep.request_body, "server", "root_volume", "metadata")
    assert {"__system__encrypted", "__system__cmkid"} <= {c.name for c in metadata.children}
    assert not _codes(create, "table-unlinked")


def test_plain_text_naming_another_pages_title() -> None:
    """ECS text: "For details, see Data Structure for Query Details About Specifications." under
    ``extra_specs``: the page of the run with that title, as the HTML page's link means."""
    pages = _run(LINKS / "text_page_title")
    listing = pages["en-us_topic_0020212689.txt"]
    specs = [f for ep in listing.endpoints for f in ep.all_fields() if f.name == "extra_specs"]
    assert specs and all("ecs:performancetype" in {c.name for c in f.children} for f in specs)
    assert all(f.source_table and "en-us_topic_0170710254.txt" in f.source_table for f in specs)
    assert not _codes(listing, "table-unresolved", "table-unlinked")


def test_plain_text_naming_a_page_title_alone_is_reported() -> None:
    """Without the data-structure page the row is reported, never silent."""
    pages = _run(LINKS / "text_page_title" / "en-us_topic_0020212689.txt")
    messages = _codes(pages["en-us_topic_0020212689.txt"], "table-unresolved")
    assert any(m.startswith("extra_specs:") and "Data Structure for Query Details" in m for m in messages)


def test_plain_text_table_number_alone_is_reported() -> None:
    """The same page without the data-structure page: each such row is reported, never silent."""
    pages = _run(LINKS / "text_cross" / "en-us_topic_0020212668.txt")
    create = pages["en-us_topic_0020212668.txt"]
    messages = _codes(create, "table-unresolved")
    assert any(m.startswith("publicip:") and "Table 1" in m for m in messages)


def test_link_to_a_section_of_another_page() -> None:
    """ECS: ``数据结构(创建云服务器).md#section1846944811410`` names the section; its table follows a paragraph."""
    pages = _run(LINKS / "md_section")
    (ep,) = pages["创建云服务器.md"].endpoints
    publicip = _child(ep.request_body, "publicip")
    assert {"id", "eip", "delete_on_termination"} <= {c.name for c in publicip.children}
    assert all(c.location == "body" for c in publicip.children)
    # the data page's own broken "see Table 3" (Table 3 is not in the fixture) is reported there
    data = pages["数据结构(创建云服务器).md"]
    assert any("表3" in m for m in _codes(data, "table-unresolved"))


def test_linked_rows_take_the_location_of_the_linking_row() -> None:
    target = TableExport(("t1",), ("thing",), "Table 1 thing", Field(
        "", "body", TypeRef("object"), Span("b.md", 3),
        children=(Field("id", "body", TypeRef("string"), Span("b.md", 4)),)))
    registry = LinkRegistry()
    registry.add_page("docs/b.md", ("b.md", "b"), [target])
    bare = Field("thing", "response", TypeRef("object"), Span("a.md", 9), link=Ref("b.md#t1", "表1"))
    ep = Endpoint("GET", "/x", "a.md", Span("a.md", 1),
                  responses=(_response(bare),))
    (linked,), diagnostics = resolve_endpoints([ep], registry)
    thing = _child(linked.responses[0].body, "thing")
    assert [(c.name, c.location) for c in thing.children] == [("id", "response")]
    assert thing.source_table == "Table 1 thing (docs/b.md:3)" and not diagnostics


def test_a_cycle_of_links_between_pages_ends() -> None:
    """a.md's table links to b.md's, which links back: followed once, then reported, never looped."""
    back = Field("again", "body", TypeRef("object"), Span("b.md", 5), link=Ref("a.md#ta", "表1"))
    tb = TableExport(("tb",), ("b",), "Table 1 b", Field("", "body", TypeRef("object"), Span("b.md", 4),
                                                        children=(back,)))
    forth = Field("more", "body", TypeRef("object"), Span("a.md", 7), link=Ref("b.md#tb", "表1"))
    ta = TableExport(("ta",), ("a",), "Table 1 a", Field("", "body", TypeRef("object"), Span("a.md", 6),
                                                        children=(forth,)))
    registry = LinkRegistry()
    registry.add_page("a.md", ("a.md",), [ta])
    registry.add_page("b.md", ("b.md",), [tb])
    root = Field("", "body", TypeRef("object"), Span("a.md", 2), children=(forth,))
    ep = Endpoint("POST", "/x", "a.md", Span("a.md", 1), request_body=root)
    (linked,), diagnostics = resolve_endpoints([ep], registry)
    more = _child(linked.request_body, "more", "again", "more")
    assert not more.children
    assert [d.code for d in diagnostics] == ["table-unlinked"]


def test_web_links_are_not_tables_and_say_so() -> None:
    bare = Field("conf", "body", TypeRef("object"), Span("a.md", 9),
                 link=Ref("https://spark.apache.org/docs/latest/configuration.html", "Spark Configuration"))
    ep = Endpoint("POST", "/x", "a.md", Span("a.md", 1),
                  request_body=Field("", "body", TypeRef("object"), Span("a.md", 2), children=(bare,)))
    _, (d,) = resolve_endpoints([ep], LinkRegistry())
    assert d.code == "table-unresolved" and "outside the doc set" in d.message and d.span.line == 9


# ---------------------------------------------------------------- the command line


def test_extract_writes_linked_bundles_the_same_serial_parallel_and_warm(tmp_path: Path) -> None:
    outputs = []
    cache = tmp_path / "cache"
    for i, jobs in enumerate(("1", "2", "2")):
        out = tmp_path / f"out{i}"
        if i == 2:  # warm: served by the cache, same bytes, nothing rewritten
            out = tmp_path / "out1"
            before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
        result = CliRunner().invoke(main, ["extract", str(LINKS / "rst_cross"), str(LINKS / "md_cross"),
                                           "-o", str(out), "-j", jobs, "-q", "--cache-dir", str(cache)])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1] == outputs[2]
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out1").iterdir()} == before
    modify = [json.loads(data) for name, data in outputs[0].items()
              if name != "index.json" and b"modifying_an_as_group.rst" in data]
    assert modify
    # the linked rows keep their own source: the page that holds the table
    assert "creating_an_as_group.rst" in json.dumps(modify)


def _response(body_field: Field):  # type: ignore[no-untyped-def]
    from docconform.extractor.model import Response

    return Response("200", Span("a.md", 8), body=Field("", "response", TypeRef("object"), Span("a.md", 8),
                                                       children=(body_field,)))


def test_see_table_n_of_another_page_is_not_this_pages_table_n() -> None:
    """ECS creating_ecss.rst: ``see :ref:`Table 1 <en-us_topic_0167957246__table2785…>``` (another page's
    Table 1) must not pull in this page's Table 1, or the request body's table becomes a child."""
    page = (
        ":original_name: page_a.html\n\n.. _page_a:\n\nCreating\n========\n\nURI\n---\n\n"
        "POST /v1/{project_id}/things\n\n"
        ".. _page_a__t1:\n\n.. table:: **Table 1** Parameter description\n\n"
        "   ========== ========= ===========\n   Parameter  Mandatory Description\n"
        "   ========== ========= ===========\n   project_id Yes       Project ID.\n"
        "   ========== ========= ===========\n\nRequest\n-------\n\n"
        ".. table:: **Table 2** Request parameters\n\n"
        "   +----------+-----------+--------+-----------------------------------------------+\n"
        "   | Parameter| Mandatory | Type   | Description                                   |\n"
        "   +==========+===========+========+===============================================+\n"
        "   | publicip | No        | Object | For details, see :ref:`Table 1 <page_b__t1>`. |\n"
        "   +----------+-----------+--------+-----------------------------------------------+\n"
        "   | count    | No        | Integer| How many.                                     |\n"
        "   +----------+-----------+--------+-----------------------------------------------+\n"
    )
    from docconform.extractor.run.pipeline import extract_bytes

    (ep,) = extract_bytes(page.encode(), "page_a.rst").endpoints
    assert {c.name for c in ep.request_body.children} == {"publicip", "count"}  # type: ignore[union-attr]
    publicip = _child(ep.request_body, "publicip")
    assert not publicip.children and publicip.link == Ref("page_b__t1", "Table 1")


def test_examples_decide_the_root_shape_a_table_of_fields_leaves_open() -> None:
    """CES 上报事件: the table lists one event's fields, the example request is ``[{...}, {...}]``."""
    from docconform.extractor.diagnostics import DiagnosticSink as Sink
    from docconform.extractor.interpret.envelopes import with_envelope
    from docconform.extractor.model import Example

    row = Field("event_name", "body", TypeRef("string"), Span("p.md", 5))
    body = Field("", "body", TypeRef("object"), Span("p.md", 4), children=(row,))
    array = [Example("request", "", Span("p.md", 9), value=[{"event_name": "a"}, {"event_name": "b"}])]
    sink = Sink()
    got = with_envelope(body, array, sink)
    assert got is not None and got.type.base == "array" and got.children == (row,)
    assert [d.code for d in sink.items] == ["body-envelope"]
    # examples that disagree (an array and an object) change nothing
    mixed = array + [Example("request", "", Span("p.md", 19), value={"event_name": "c"})]
    assert with_envelope(body, mixed, Sink()) is body
    # an example whose keys are not the table's is just a wrong example
    other = [Example("request", "", Span("p.md", 9), value=[{"x": 1, "y": 2}])]
    assert with_envelope(body, other, Sink()) is body


def test_fields_listed_beside_their_object_are_moved_under_it() -> None:
    """MRS adding_and_executing_a_job.rst: ``job_submit_result | Object``, then ``job_id``, ``state``;
    the example answers ``{"job_submit_result": {"job_id": …, "state": …}}``."""
    from docconform.extractor.diagnostics import DiagnosticSink as Sink
    from docconform.extractor.interpret.envelopes import regrouped
    from docconform.extractor.model import Example

    def f(name: str, base: str = "string") -> Field:
        return Field(name, "response", TypeRef(base), Span("p.rst", 3))

    body = Field("", "response", TypeRef("object"), Span("p.rst", 2),
                 children=(f("job_submit_result", "object"), f("job_id"), f("state"), f("error_msg")))
    ok = [Example("response", "", Span("p.rst", 9),
                  value={"job_submit_result": {"job_id": "4", "state": "COMPLETE"}})]
    sink = Sink()
    got = regrouped(body, ok, sink)
    assert got is not None
    assert [c.name for c in got.children] == ["job_submit_result", "error_msg"]
    assert [c.name for c in got.children[0].children] == ["job_id", "state"]
    assert [d.code for d in sink.items] == ["fields-regrouped"]
    # keys that an example also shows beside the object stay where the table put them
    beside = ok + [Example("response", "", Span("p.rst", 19), value={"job_id": "4"})]
    assert regrouped(body, beside, Sink()) is body


def test_plain_see_table_n_only_reaches_a_later_table_about_this_row() -> None:
    """Plain text keeps no link targets: "see Table 6" of another page reads like this page's Table 6
    (text/ecs en-us_topic_0020212668.txt: ``extendparam`` -> "Table 6 data_volumes field description")."""
    from docconform.extractor.interpret.linking import _same_structure

    assert _same_structure("security_group", "security_groups")
    assert _same_structure("security_group_rule", "rules")
    assert _same_structure("tag", "tags")
    assert not _same_structure("data_volumes", "extendparam")
    text = (
        "Creating\n\nURI\n\nPOST /v1/{project_id}/things\n\nRequest\n\n"
        "Table 1 Request parameters\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\n"
        "extendparam\n\nNo\n\nObject\n\nFor details, see Table 2.\n\n"
        "data_volumes\n\nNo\n\nArray of objects\n\nFor details, see Table 2.\n\n"
        "Table 2 data_volumes field description\n\nParameter\n\nMandatory\n\nType\n\nDescription\n\n"
        "size\n\nYes\n\nInteger\n\nDisk size.\n"
    )
    from docconform.extractor.run.pipeline import extract_bytes

    (ep,) = extract_bytes(text.encode(), "t.txt", "text").endpoints
    assert not _child(ep.request_body, "extendparam").children
    assert [c.name for c in _child(ep.request_body, "data_volumes").children] == ["size"]


def test_a_relative_link_means_the_page_in_the_linking_pages_folder(tmp_path: Path) -> None:
    """Every service has its 数据结构.md: a run over two services links each page to its own."""
    import shutil

    for svc in ("one", "two"):
        shutil.copytree(LINKS / "md_cross", tmp_path / svc)
    data = tmp_path / "two" / "数据结构.md"
    data.write_text(data.read_text(encoding="utf-8").replace("resource_domain_name", "renamed_in_two"),
                    encoding="utf-8")
    results = extract_all([tmp_path], None, None, DiagnosticSink())
    seen = {}
    for r in results:
        for ep in r.endpoints:
            for f in ep.all_fields():
                if f.name == "alias_target" and f.children:
                    seen.setdefault(Path(r.source).parent.name, set()).update(c.name for c in f.children)
    assert "resource_domain_name" in seen["one"] and "renamed_in_two" not in seen["one"]
    assert "renamed_in_two" in seen["two"] and "resource_domain_name" not in seen["two"]


def test_a_link_back_to_the_top_level_table_keeps_the_response() -> None:
    """A nested row pointing back at the response's own table (a recursive type) must not turn
    that table into a child, which dropped the whole response."""
    from docconform.extractor.run.pipeline import extract_bytes

    page = (
        ":original_name: page_r.html\n\n.. _page_r:\n\nQuerying\n========\n\nURI\n---\n\n"
        "GET /v1/nodes\n\nResponse\n--------\n\n"
        ".. _page_r__t2:\n\n.. table:: **Table 2** Response parameters\n\n"
        "   +-----------+------------------------------------------+-------------+\n"
        "   | Parameter | Type                                     | Description |\n"
        "   +===========+==========================================+=============+\n"
        "   | name      | String                                   | Name.       |\n"
        "   +-----------+------------------------------------------+-------------+\n"
        "   | children  | Array of :ref:`child <page_r__t3>` objects | Children. |\n"
        "   +-----------+------------------------------------------+-------------+\n\n"
        ".. _page_r__t3:\n\n.. table:: **Table 3** child\n\n"
        "   +-----------+------------------------------------+-------------+\n"
        "   | Parameter | Type                               | Description |\n"
        "   +===========+====================================+=============+\n"
        "   | id        | String                             | ID.         |\n"
        "   +-----------+------------------------------------+-------------+\n"
        "   | node      | :ref:`Node <page_r__t2>` object    | The node.   |\n"
        "   +-----------+------------------------------------+-------------+\n"
    )
    result = extract_bytes(page.encode(), "page_r.rst")
    (ep,) = result.endpoints
    body = next(r.body for r in ep.responses if r.body)
    assert {c.name for c in body.children} == {"name", "children"}
    assert not _child(body, "children", "node").children  # the recursion is cut, and said so
    assert _codes(result, "table-cycle")


def test_a_parent_the_table_forgot_is_restored_from_the_examples() -> None:
    """MRS configuring_an_auto_scaling_rule.rst: ``node_group`` and the policy's fields in one table;
    the example is ``{"node_group": …, "auto_scaling_policy": {"auto_scaling_enable": …}}``.
    Keys that are values (a network id keying a map of addresses) never become a parent."""
    from docconform.extractor.diagnostics import DiagnosticSink as Sink
    from docconform.extractor.interpret.envelopes import regrouped
    from docconform.extractor.model import Example

    def f(name: str) -> Field:
        return Field(name, "body", TypeRef("string"), Span("p.rst", 3))

    body = Field("", "body", TypeRef("object"), Span("p.rst", 2),
                 children=(f("node_group"), f("auto_scaling_enable"), f("min_capacity")))
    ex = [Example("request", "", Span("p.rst", 9), value={
        "node_group": "task", "auto_scaling_policy": {"auto_scaling_enable": True, "min_capacity": 1}})]
    got = regrouped(body, ex, Sink())
    assert got is not None and [c.name for c in got.children] == ["node_group", "auto_scaling_policy"]
    assert [c.name for c in got.children[1].children] == ["auto_scaling_enable", "min_capacity"]
    mapped = [Example("response", "", Span("p.rst", 9), value={
        "node_group": "x", "68269e6e-4a27-441b-8029-35373ad50bd9": {"auto_scaling_enable": 1, "min_capacity": 2}})]
    assert regrouped(body, mapped, Sink()) is body


def test_link_to_a_section_of_one_table_per_case() -> None:
    """zh-md/functiongraph ``event_data | String | …请参考<a href="…触发器模型.md#section…">触发器实例数据</a>``,
    a section of ten tables, one per trigger type: the field is an object that is one of them
    (``anyOf`` in the schema, each branch titled by its table and sourced on the other page),
    the page's own example fits, the mock's strict reading accepts it, OpenAPI stays valid."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    from openapi_spec_validator import validate

    from docconform.conformance.mock.schema import strict_schema
    from docconform.extractor.writers.jsonschema import endpoint_bundle
    from docconform.extractor.writers.openapi import openapi_document

    pages = _run(LINKS / "md_section_cases")
    page = pages["获取指定触发器的信息.md"]
    (ep,) = page.endpoints
    body = next(r.body for r in ep.responses if r.status == "200")
    event = _child(body, "event_data")
    assert event.type.base == "object" and event.type.raw == "String" and not event.children
    titles = [v.description for v in event.variants]
    assert len(titles) == 10 and titles[0].startswith("Table 3 SMN") and titles[-1].startswith("Table 12 Kafka")
    timer = next(v for v in event.variants if "TIMER" in v.description)
    assert [c.name for c in timer.children] == ["name", "schedule_type", "schedule", "user_event"]
    assert timer.span.source.endswith("函数Trigger-Management触发器模型.md")
    assert any("one table per case" in m for m in _codes(page, "type-by-table"))

    schema = endpoint_bundle(ep)["responses"]["200"]["body"]
    branches = schema["properties"]["event_data"]["anyOf"]
    assert [b["title"].split(" (")[0] for b in branches] == titles
    assert all(b["x-source"].startswith(str(LINKS / "md_section_cases")) or "触发器模型.md:" in b["x-source"]
               for b in branches)
    (example,) = [x.value for x in ep.examples if x.kind == "response" and x.status == "200"]
    assert Draft202012Validator(schema).is_valid(example)
    assert Draft202012Validator(strict_schema(schema)).is_valid(example)  # fits the TIMER table closed
    wrong = {**example, "event_data": {"schedule": "3m", "no_such_field": 1}}
    assert not Draft202012Validator(strict_schema(schema)).is_valid(wrong)
    validate(openapi_document([ep]))
    from docconform.extractor.drift.bundles import endpoint_from_bundle

    again = next(r.body for r in endpoint_from_bundle(endpoint_bundle(ep)).responses if r.status == "200")
    assert [v.children for v in _child(again, "event_data").variants][7] != ()  # read back for diff
    assert len(_child(again, "event_data").variants) == 10
    # lint: an example whose event_data is a string gets one finding, the type's, not a dump of the cases
    from dataclasses import replace

    from docconform.extractor.drift.lint import lint_endpoint

    wrong_type = tuple(replace(x, value={**x.value, "event_data": "oops"}) if x.kind == "response"
                       and isinstance(x.value, dict) else x for x in ep.examples)
    findings = lint_endpoint(replace(ep, examples=wrong_type))
    assert [(f.rule, f.pointer) for f in findings] == [
        ("example-schema-mismatch", "/responses/200/body/properties/event_data")]


_RST_CASES_MODEL = ':original_name: fg_model.html\n\n.. _fg_model:\n\nTrigger Models\n==============\n\n.. _fg_model__section_data:\n\nTrigger Instance Data\n---------------------\n\n-  SMN trigger data\n\n   .. table:: **Table 1** SMN trigger data\n\n      ============ ===================\n      Parameter    Description\n      ============ ===================\n      topic_urn    Topic URN.\n      ============ ===================\n\n-  TIMER trigger data\n\n   .. table:: **Table 2** TIMER trigger data\n\n      ============= ===================\n      Parameter     Description\n      ============= ===================\n      name          Trigger name.\n      schedule      Schedule.\n      ============= ===================\n'

_RST_CASES_PAGE = ':original_name: fg_get.html\n\n.. _fg_get:\n\nQuerying a Trigger\n==================\n\nURI\n---\n\nGET /v2/{project_id}/fgs/triggers/{trigger_id}\n\nResponse Parameters\n-------------------\n\n.. table:: **Table 1** Response body parameters\n\n   +------------+--------+----------------------------------------------------------------------------------+\n   | Parameter  | Type   | Description                                                                      |\n   +============+========+==================================================================================+\n   | trigger_id | String | Trigger ID.                                                                      |\n   +------------+--------+----------------------------------------------------------------------------------+\n   | event_data | String | Trigger data. See :ref:`Trigger Instance Data <fg_model__section_data>`.         |\n   +------------+--------+----------------------------------------------------------------------------------+\n'


def test_rst_ref_to_a_section_of_one_table_per_case(tmp_path: Path) -> None:
    """The same layout in RST: a ``:ref:`` to another page's section label (``<doc>__<id>``) whose
    section holds a table per case under list items; the String row is one of those tables."""
    (tmp_path / "model.rst").write_text(_RST_CASES_MODEL, encoding="utf-8")
    (tmp_path / "get.rst").write_text(_RST_CASES_PAGE, encoding="utf-8")
    pages = _run(tmp_path)
    (ep,) = pages["get.rst"].endpoints
    body = next(r.body for r in ep.responses if r.body)
    event = _child(body, "event_data")
    assert event.type.base == "object"
    assert [(v.description, [c.name for c in v.children]) for v in event.variants] == [
        ("Table 1 SMN trigger data", ["topic_urn"]), ("Table 2 TIMER trigger data", ["name", "schedule"])]
    assert _child(body, "trigger_id").type.base == "string" and not _child(body, "trigger_id").variants
