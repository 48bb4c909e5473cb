"""HTML reader, HTML block extraction and forge-chrome stripping.

Seeds 000 (chrome with ``|`` gutter lines) and 004 (forge header) are real
pages; small inline fixtures cover spans, broken markup and empty input. A
corpus smoke test runs over the ECS HTML export when ../shared is present.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.model import Code, Heading, Page, Para, Table
from docconform.extractor.readers._chrome import strip_chrome
from docconform.extractor.readers._html_blocks import html_blocks
from docconform.extractor.readers.html import read_html

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def read_seed(prefix: str) -> tuple[Page, DiagnosticSink, list[str]]:
    path = seed(prefix)
    text = path.read_text(encoding="utf-8")
    sink = DiagnosticSink()
    return read_html(text, str(path), sink), sink, text.split("\n")


def tables(page: Page) -> list[Table]:
    return [b for b in page.blocks if isinstance(b, Table)]


def blocks(html: str, **kw: object) -> tuple[list, DiagnosticSink]:
    sink = DiagnosticSink()
    return html_blocks(html, "t.html", sink, **kw), sink  # type: ignore[arg-type]


# ------------------------------------------------------------------ chrome


def test_chrome_seed_000_gutter_and_preamble_removed_with_exact_line_map() -> None:
    text = seed("000").read_text(encoding="utf-8")
    original = text.split("\n")
    cleaned, line_map = strip_chrome(text)
    lines = cleaned.split("\n")
    assert lines[0].startswith('<a name="dli_02_0241">')
    assert not any(line.strip() == "|" for line in lines)
    assert not any(s in cleaned for s in ("forked from", "KiB", "162 lines", "Reviewed-by"))
    assert len(lines) == len(line_map)
    assert all(original[n - 1] == line for line, n in zip(lines, line_map))
    assert line_map == sorted(line_map)


def test_chrome_seed_004_header_removed() -> None:
    text = seed("004").read_text(encoding="utf-8")
    original = text.split("\n")
    cleaned, line_map = strip_chrome(text)
    assert cleaned.startswith('<a name="dli_02_0243">')
    assert line_map[0] == 12
    assert all(original[n - 1] == line for line, n in zip(cleaned.split("\n"), line_map))


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_chrome_is_a_no_op_on_clean_seeds(prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    cleaned, line_map = strip_chrome(text)
    assert cleaned == text
    assert line_map == list(range(1, text.count("\n") + 2))


PROSE = "".join(f"Prose line {i}.\n" for i in range(20))


@pytest.mark.parametrize(
    "text",
    [
        "| a | b |\n|---|---|\n| 1 | 2 |\n",  # a pipe table
        "para\n|\nmore text\nand more\nstill more\n",  # one lone bar is content
        PROSE + "162 lines\n13 KiB\n",  # a file-info box deep in the text
        "# Title\n\n12 lines\n3 KiB\nHTML\n",  # after a Markdown heading
        "<p>x</p>\n12 lines\n3 KiB\n",  # after HTML content
    ],
)
def test_chrome_left_alone_when_not_clearly_chrome(text: str) -> None:
    cleaned, line_map = strip_chrome(text)
    assert cleaned == text
    assert line_map == list(range(1, text.count("\n") + 2))


def test_chrome_header_before_rst_page_is_stripped() -> None:
    rst = ":original_name: dli_02_0241.html\n\n.. _dli_02_0241:\n"
    text = "forked from docs/x\n108 lines\n3.1 KiB\nreStructuredText\n" + rst
    cleaned, line_map = strip_chrome(text)
    assert cleaned == rst
    assert line_map[0] == 5


# ------------------------------------------------------------------ seed 000


def test_seed_000_tables_captions_headers() -> None:
    page, sink, _ = read_seed("000")
    found = [(t.number, t.caption) for t in tables(page)]
    assert found == [
        ("1", "URI parameters"),
        ("2", "Request parameters"),
        ("3", "Response parameters"),
        ("4", "Array element parameters"),
        ("5", "Status codes"),
    ]
    for table in tables(page)[:4]:
        assert [c.text for c in table.header] == ["Parameter", "Mandatory", "Type", "Description"]
    assert [c.text for c in tables(page)[4].header] == ["Status Code", "Description"]
    assert [r.cells[0].text for r in tables(page)[4].rows] == ["200", "400"]
    assert not [d for d in sink.items if d.level >= 2]


def test_seed_000_rows_cells_items_refs() -> None:
    page, _, _ = read_seed("000")
    request = tables(page)[1]
    job_ids, trigger = request.rows
    assert [c.text for c in job_ids.cells[:3]] == ["job_ids", "Yes", "Array of Long"]
    description = trigger.cells[3]
    assert description.items == (
        "If this parameter is set to true, a savepoint is created.",
        "If this parameter is set to false, no savepoint is created. The default value is false.",
    )
    assert (
        description.text.split("\n")[1]
        == "- If this parameter is set to true, a savepoint is created."
    )
    assert description.strong == ("true", "false")
    see = tables(page)[2].rows[0].cells[3]
    assert [(r.target, r.text) for r in see.refs] == [
        ("dli_02_0241__t5995d65f65ba4ebca8606202112b407e", "Table 4")
    ]
    assert tables(page)[0].rows[0].cells[3].refs[0].target == "dli_02_0183.html"


def test_seed_000_anchors_meta_headings_code() -> None:
    page, _, _ = read_seed("000")
    assert page.format == "html" and page.lang == "en"
    assert page.meta_value("anchor") == "dli_02_0241"
    assert page.meta_value("title") == "Stopping Jobs in Batches"
    assert tables(page)[3].anchors == (
        "dli_02_0241__t5995d65f65ba4ebca8606202112b407e",
        "t5995d65f65ba4ebca8606202112b407e",
    )
    heads = [(b.level, b.text) for b in page.blocks if isinstance(b, Heading)]
    assert heads[0] == (1, "Stopping Jobs in Batches")
    assert [t for lvl, t in heads[1:] if lvl == 2] == [
        "Function",
        "URI",
        "Request",
        "Response",
        "Example Request",
        "Example Response",
        "Status Codes",
        "Error Codes",
    ]
    paras = [b for b in page.blocks if isinstance(b, Para)]
    uri = next(p for p in paras if p.text.startswith("POST "))
    assert (
        uri.text == "POST /v1.0/{project_id}/streaming/jobs/stop"
        and uri.depth == 1
        and not uri.bullet
    )
    assert [p.text for p in paras if p.bullet] == ["URI format", "Parameter description"]
    codes = [b for b in page.blocks if isinstance(b, Code)]
    assert json.loads(codes[0].text) == {"job_ids": [128, 137], "trigger_savepoint": False}
    assert "|" not in codes[0].text


def test_seed_000_spans_point_into_the_original_file() -> None:
    page, _, lines = read_seed("000")
    checked = 0
    for table in tables(page):
        for row in table.rows:
            for cell in row.cells:
                first_word = cell.text.split()[0]
                assert first_word in lines[cell.span.line - 1], (cell.span, cell.text)
                checked += 1
        assert "<table" in lines[table.span.line - 1]
    assert checked == 4 + 8 + 4 + 8 + 4
    for block in page.blocks:
        if isinstance(block, (Heading, Para)):
            assert block.text.split()[0] in lines[block.span.line - 1]


# ------------------------------------------------------------------ seed 004


def test_seed_004_header_chrome_never_becomes_blocks() -> None:
    page, sink, lines = read_seed("004")
    assert page.meta_value("anchor") == "dli_02_0243"
    assert page.meta_value("title") == "Deleting Jobs in Batches"
    assert isinstance(page.blocks[0], Heading) and page.blocks[0].level == 1
    texts = [getattr(b, "text", "") for b in page.blocks]
    assert not any(s in t for t in texts for s in ("KiB", "130 lines", "Reviewed-by", "Xiaomeng"))
    found = tables(page)
    assert [t.number for t in found] == [str(i) for i in range(1, len(found) + 1)]
    assert len(found) >= 4
    for table in found:
        for row in table.rows:
            assert row.cells[0].text.split()[0] in lines[row.cells[0].span.line - 1]
    assert not [d for d in sink.items if d.level >= 2]


# ------------------------------------------------------------------ fragments


def test_markdown_fragment_with_line_offset_and_duplicated_anchors() -> None:
    text = seed("001").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("<table>"))
    end = next(i for i in range(start, len(lines)) if "</table>" in lines[i])
    fragment = "\n".join(lines[start : end + 1])
    found, sink = blocks(fragment, line_offset=start)
    (table,) = found
    assert [c.text for c in table.header] == ["参数名称", "是否必选", "参数类型", "说明"]
    assert [c.text for c in table.rows[0].cells[:3]] == ["project_id", "是", "String"]
    for cell in table.rows[0].cells:
        assert cell.text[:4] in lines[cell.span.line - 1]
    assert table.rows[0].cells[3].refs[0].target == "获取项目ID.md"
    assert sink.items == []


def test_line_map_and_offset_compose() -> None:
    found, _ = blocks("<p>a</p>\n<p>b</p>", line_map=[10, 20, 30, 40], line_offset=1)
    assert [(b.text, b.span.line) for b in found] == [("a", 20), ("b", 30)]


def test_inline_pieces_join_without_separator() -> None:
    found, _ = blocks(
        "<table><tr><th>Parameter</th></tr><tr><td><p><span>last_exec</span>ute_time</p></td></tr></table>"
    )
    assert found[0].rows[0].cells[0].text == "last_execute_time"


def test_rowspan_colspan_resolve_to_rectangular_grid() -> None:
    html = """<table>
<thead><tr><th>Code</th><th colspan="2">Meaning</th></tr></thead>
<tbody><tr><td rowspan="2">400</td><td>a</td><td>b</td></tr>
<tr><td colspan="2">c</td></tr>
<tr><td>500</td><td>d</td><td rowspan="9">e</td></tr></tbody></table>"""
    (table,), sink = blocks(html)
    assert [c.text for c in table.header] == ["Code", "Meaning", "Meaning"]
    grid = [[c.text for c in r.cells] for r in table.rows]
    assert grid == [["400", "a", "b"], ["400", "c", "c"], ["500", "d", "e"]]
    assert table.rows[1].cells[0] is table.rows[0].cells[0]
    assert table.rows[1].cells[0].span.line == 3 and table.rows[1].span.line == 4
    assert not sink.items


def test_header_from_first_row_of_th_and_none_without() -> None:
    (with_th,), _ = blocks(
        "<table><tr><th>Name</th><th>Type</th></tr><tr><td>a</td><td>b</td></tr></table>"
    )
    assert [c.text for c in with_th.header] == ["Name", "Type"] and len(with_th.rows) == 1
    (without,), _ = blocks("<table><tr><td>x</td><td>y</td></tr></table>")
    assert without.header == () and len(without.rows) == 1


@pytest.mark.parametrize(
    ("caption", "number", "text"),
    [
        ("<b>Table 1 </b>URI parameters", "1", "URI parameters"),
        ("<b>表1 </b>请求参数", "1", "请求参数"),
        ("<b>表 12</b> 响应参数", "12", "响应参数"),
        ("Parameters", None, "Parameters"),
    ],
)
def test_caption_number_split(caption: str, number: str | None, text: str) -> None:
    (table,), _ = blocks(f"<table><caption>{caption}</caption><tr><td>a</td></tr></table>")
    assert (table.number, table.caption) == (number, text)


def test_tablecap_paragraph_becomes_caption_and_anchor_before_table() -> None:
    html = '<p class="tablecap">Table 3 Tags</p><a name="tbl3"></a><table><tr><th>Key</th></tr><tr><td>k</td></tr></table>'
    found, _ = blocks(html)
    assert len(found) == 1
    assert (found[0].number, found[0].caption, found[0].anchors) == ("3", "Tags", ("tbl3",))


def test_cell_structure_notes_nested_lists_code_and_nested_table() -> None:
    html = """<table><tr><th>Parameter</th><th>Description</th></tr><tr><td>x</td><td>
<p>Specifies <strong>x</strong>.</p>
<ul><li><p>on</p><ul><li>deep</li></ul></li><li>off</li></ul>
<div class="note"><span class="notetitle"> NOTE: </span><div class="notebody"><ul><li><b>not</b> an enum</li></ul></div></div>
<pre class="screen">{"a": 1}</pre>
<table><tr><td>v1</td><td>meaning 1</td></tr></table>
</td></tr></table>"""
    found, _ = blocks(html)
    assert len(found) == 1  # the nested table stays in the cell
    cell = found[0].rows[0].cells[1]
    assert cell.text.split("\n") == [
        "Specifies x.",
        "- on",
        "  - deep",
        "- off",
        "NOTE: - not an enum",
        '{"a": 1}',
        "v1 | meaning 1",
    ]
    assert cell.items == ("on", "deep", "off")
    assert cell.strong == ("x",)
    assert cell.codes == ('{"a": 1}',)


def test_lists_flatten_with_depth_and_nested_blocks_follow_their_item() -> None:
    html = "<ul><li><p>first</p><p>more</p><ul><li>inner</li></ul></li><li>second<pre>GET /x</pre></li></ul>"
    found, _ = blocks(html)
    summary = [
        (type(b).__name__, b.text, getattr(b, "bullet", None), getattr(b, "depth", None))
        for b in found
    ]
    assert summary == [
        ("Para", "first", True, 1),
        ("Para", "more", False, 1),
        ("Para", "inner", True, 2),
        ("Para", "second", True, 1),
        ("Code", "GET /x", None, None),
    ]


# ------------------------------------------------------------------ bad input


def test_broken_html_never_raises_and_reports() -> None:
    html = "<div><table><tr><td>a</p></div><td>b<tr><td>c</table></span><h2>Next</h3><p>tail"
    found, sink = blocks(html)
    table = next(b for b in found if isinstance(b, Table))
    assert [[c.text for c in r.cells] for r in table.rows] == [["a", "b"], ["c", ""]]
    assert {d.code for d in sink.items} >= {"html-malformed", "html-table-ragged"}
    assert [b.text for b in found if isinstance(b, (Heading, Para))] == ["Next", "tail"]


def test_table_truncated_mid_row_is_padded_and_reported() -> None:
    html = "<table><thead><tr><th>Parameter</th><th>Mandatory</th><th>Type</th></tr></thead><tbody><tr><td>a</td><td>Yes</td><td>String</td></tr>\n<tr><td>b</td><td>N"
    (table,), sink = blocks(html)
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["a", "Yes", "String"],
        ["b", "N", ""],
    ]
    ragged = [d for d in sink.items if d.code == "html-table-ragged"]
    assert ragged and ragged[0].span.line == 2


@pytest.mark.parametrize(
    "text", ["", "   \n\n", '<p class="x>hello</p>', "<html><head><title>t</title></head></html>"]
)
def test_empty_or_unusable_input_gives_an_empty_page_and_a_diagnostic(text: str) -> None:
    sink = DiagnosticSink()
    page = read_html(text, "e.html", sink)
    assert page.blocks == ()
    assert [d.code for d in sink.items][-1] == "html-empty"


def test_title_from_title_tag_and_chinese_language() -> None:
    html = "<html><head><title>创建 作业</title></head><body><p>该API用于创建作业，参数如下。</p><p>job_id 是 String</p></body></html>"
    page = read_html(html, "z.html", DiagnosticSink())
    assert page.meta_value("title") == "创建 作业"
    assert page.lang == "zh-CN"


def test_deep_nesting_does_not_escape() -> None:
    html = "<div>" * 3000 + "x" + "</div>" * 3000
    found, _ = blocks(html)
    assert all(isinstance(b, Para) for b in found)


# ------------------------------------------------------------------ corpus


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "html" / "ecs").is_dir(), reason="shared corpus not present")
def test_corpus_ecs_html_smoke() -> None:
    pages = sorted((CORPUS / "html" / "ecs").glob("*.html"))
    assert len(pages) > 100
    started = time.perf_counter()
    with_tables = 0
    for path in pages:
        sink = DiagnosticSink()
        page = read_html(path.read_text(encoding="utf-8"), str(path), sink)
        found = tables(page)
        with_tables += bool(found)
        for table in found:
            assert table.header or table.rows
            widths = {len(r.cells) for r in table.rows} | (
                {len(table.header)} if table.header else set()
            )
            assert len(widths) == 1, (path.name, table.number)
    elapsed = time.perf_counter() - started
    print(f"\n{len(pages)} ECS HTML pages read in {elapsed:.2f}s; {with_tables} with tables")
    # index pages (topic lists) have none; API pages do
    assert with_tables / len(pages) > 0.7


HTML_TOKENS = st.sampled_from(
    ["<table>", "</table>", "<tr>", "<td>", "</td>", "<th>", "<thead>", "<caption>", "Table 1 x",
     '<td rowspan="3">', '<td colspan="0">', '<td rowspan="-1">', "<ul>", "<li>", "</li>", "<p>",
     "</p>", "<pre>", "</pre>", '<a name="x">', "</a>", '<a href="#y">', "<b>", "text", "\n", "|",
     "162 lines", "13 KiB", "HTML", '<div class="note">', "</div>", '<h4 class="sectiontitle">',
     "</h4>", "\x00", "<br>", "<code>", "</html>", "&amp;", "<<", "表1 参数"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(HTML_TOKENS, max_size=50))
def test_any_markup_reads_without_raising_and_spans_stay_in_the_file(tokens: list[str]) -> None:
    text = "".join(tokens)
    page = read_html(text, "f.html", DiagnosticSink())
    last = text.count("\n") + 1
    for block in page.blocks:
        assert 1 <= block.span.line <= last
        if isinstance(block, Table):
            widths = {len(r.cells) for r in block.rows} | (
                {len(block.header)} if block.header else set()
            )
            assert len(widths) <= 1
            assert all(1 <= c.span.line <= last for r in block.rows for c in r.cells)


def test_li_and_p_ids_and_a_names_become_para_anchors() -> None:
    """`<li id>`/`<p id>` and `<a name>` inside the text point at that paragraph."""
    html = ('<ul><li id="li1"><a name="li1"></a>agency</li></ul>'
            '<p id="p7">see <a name="x9"></a>below</p><p>plain</p>')
    paras = [b for b in html_blocks(html, "t.html", DiagnosticSink()) if isinstance(b, Para)]
    assert [(p.text, p.anchors) for p in paras] == [
        ("agency", ("li1",)), ("see below", ("p7", "x9")), ("plain", ())]
