"""The reStructuredText reader: seed 002, small constructed pages, the corpus."""

from __future__ import annotations

import json
import re
import time

import pytest
from docutils.parsers.rst import directives, roles

from docconform.extractor.diagnostics import DiagnosticSink, Level
from docconform.extractor.model import Code, Heading, Page, Para, Ref, Table
from docconform.extractor.readers._rst_roles import ensure_registered, split_title
from docconform.extractor.readers.rst import read_rst

from .conftest import CORPUS, needs_corpus, seed


def _read(text: str, source: str = "t.rst") -> tuple[Page, DiagnosticSink]:
    sink = DiagnosticSink()
    return read_rst(text, source, sink), sink


def _tables(page: Page) -> list[Table]:
    return [b for b in page.blocks if isinstance(b, Table)]


@pytest.fixture(scope="module")
def seed002() -> tuple[Page, DiagnosticSink, list[str]]:
    text = seed("002").read_text(encoding="utf-8")
    page, sink = _read(text, "002.rst")
    return page, sink, text.split("\n")


# ---------------------------------------------------------------- seed 002


def test_seed_meta_headings_and_no_diagnostics(seed002) -> None:
    page, sink, lines = seed002
    assert page.format == "rst" and page.lang == "en"
    assert page.meta_value("original_name") == "dli_02_0241.html"
    assert page.meta_value("anchor") == "dli_02_0241"
    headings = [b for b in page.blocks if isinstance(b, Heading)]
    assert [(h.level, h.text) for h in headings[:3]] == [
        (1, "Stopping Jobs in Batches"), (2, "Function"), (2, "URI")]
    assert headings[0].anchor == "dli_02_0241"
    for h in headings:  # the title's own line, not its underline
        assert lines[h.span.line - 1].strip() == h.text
    assert sink.items == []


def test_seed_uri_list_is_flattened_in_order(seed002) -> None:
    page, _, lines = seed002
    start = next(i for i, b in enumerate(page.blocks) if isinstance(b, Heading) and b.text == "URI")
    fmt, uri, desc, table = page.blocks[start + 1: start + 5]
    assert isinstance(fmt, Para) and fmt.bullet and fmt.depth == 1 and fmt.text == "URI format"
    assert isinstance(uri, Para) and not uri.bullet and uri.depth == 1
    assert uri.text == "POST /v1.0/{project_id}/streaming/jobs/stop"
    assert lines[uri.span.line - 1].strip() == uri.text
    assert isinstance(desc, Para) and desc.bullet and desc.text == "Parameter description"
    assert isinstance(table, Table) and table.number == "1" and table.caption == "URI parameter"


def test_seed_tables_captions_anchors_headers(seed002) -> None:
    page, _, lines = seed002
    tables = _tables(page)
    assert [(t.number, t.caption) for t in tables] == [
        ("1", "URI parameter"), ("2", "Request parameters"), ("3", "Response parameters"),
        ("4", "Array element parameters"), ("5", "Status codes")]
    assert tables[3].anchors == ("dli_02_0241__t5995d65f65ba4ebca8606202112b407e",)
    assert tables[4].anchors == ("dli_02_0241__t43c1f1c0ba344f4cbcb270953d9cca2a",)
    assert tables[0].anchors == ()
    assert [c.text for c in tables[1].header] == ["Parameter", "Mandatory", "Type", "Description"]
    assert [[c.text for c in r.cells[:3]] for r in tables[1].rows] == [
        ["job_ids", "Yes", "Array of Long"], ["trigger_savepoint", "No", "Boolean"]]
    assert "**Table 2**" in lines[tables[1].span.line - 1]


def test_seed_refs_resolve_to_table_anchors(seed002) -> None:
    page, _, _ = seed002
    tables = _tables(page)
    (project_id,) = tables[0].rows
    assert project_id.cells[3].refs == (Ref("dli_02_0183", "Obtaining a Project ID"),)
    assert project_id.cells[3].text.endswith("see Obtaining a Project ID.")
    description = tables[2].rows[0].cells[3]
    assert description.refs == (Ref("dli_02_0241__t5995d65f65ba4ebca8606202112b407e", "Table 4"),)
    assert description.refs[0].target in tables[3].anchors
    assert "For details, see Table 4." in description.text and ":ref:" not in description.text


def test_seed_list_items_inside_cell(seed002) -> None:
    page, _, _ = seed002
    cell = _tables(page)[1].rows[1].cells[3]
    first, *items = cell.text.split("\n")
    assert first.startswith("Whether to create a savepoint")
    assert items == ["- If this parameter is set to true, a savepoint is created.",
                     ("- If this parameter is set to false, no savepoint is created. "
                      "The default value is false.")]
    assert cell.items == tuple(i[2:] for i in items)
    assert cell.strong == ("true", "false")


def test_seed_row_and_cell_lines_point_at_the_row(seed002) -> None:
    page, _, lines = seed002
    for table in _tables(page):
        for row in ((table.header,) if table.header else ()) + tuple(r.cells for r in table.rows):
            for cell in row:
                first = cell.text.split("\n")[0].removeprefix("- ")[:20]
                assert first in lines[cell.span.line - 1], (cell, lines[cell.span.line - 1])
        for row in table.rows:
            assert row.cells[0].text in lines[row.span.line - 1]
    status = _tables(page)[4]
    assert [r.span.line for r in status.rows] == [101, 102]


def test_seed_code_blocks(seed002) -> None:
    page, _, lines = seed002
    codes = [b for b in page.blocks if isinstance(b, Code)]
    assert len(codes) == 2
    assert json.loads(codes[0].text) == {"job_ids": [128, 137], "trigger_savepoint": False}
    assert codes[1].text.startswith('[{"is_success":"true",')
    assert all(lines[c.span.line - 1].startswith(".. code-block::") for c in codes)


def test_seed_tables_match_the_html_seed(seed002) -> None:
    """Seed 000 is the same page as HTML: same tables, rows and names."""
    html = pytest.importorskip("docconform.extractor.readers.html")
    sink = DiagnosticSink()
    html_page = html.read_html(seed("000").read_text(encoding="utf-8"), "000.html", sink)
    ours, theirs = _tables(seed002[0]), _tables(html_page)
    assert [t.number for t in ours] == [t.number for t in theirs]
    for a, b in zip(ours, theirs, strict=True):
        assert [c.text for c in a.header] == [c.text for c in b.header]
        assert [r.cells[0].text for r in a.rows] == [r.cells[0].text for r in b.rows]
    assert ours[1].rows[1].cells[3].items == theirs[1].rows[1].cells[3].items


# ---------------------------------------------------------------- constructs

BROKEN = """\
Broken
======

.. _t1:

+------+-------+
| A    | B     |
+======+=======+
| x    | too long |
+------+-------+

After the table :foo:`kept text` and |image1|.

.. mystery:: argument
   :opt: 1

   Body of an unknown directive.

Last paragraph.
"""


def test_broken_rst_prints_nothing_and_goes_on(capfd: pytest.CaptureFixture[str]) -> None:
    page, sink = _read(BROKEN)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    texts = [b.text for b in page.blocks if isinstance(b, Para)]
    assert texts == ["After the table kept text and |image1|.",
                     "Body of an unknown directive.", "Last paragraph."]
    assert all(d.code == "rst-warning" for d in sink.items)
    malformed = [d for d in sink.items if "Malformed table" in d.message]
    assert len(malformed) == 1 and malformed[0].level == Level.ERROR
    assert malformed[0].span.line == 6  # the table's top border
    by_text = {d.message.split('"')[0]: d for d in sink.items}
    assert by_text["docutils: Unknown interpreted text role "].span.line == 12
    assert by_text["docutils: Unknown directive type "].span.line == 14
    assert by_text["docutils: Unknown directive type "].level == Level.WARNING


def test_unknown_names_are_not_registered_globally() -> None:
    ensure_registered()
    ensure_registered()
    before = (dict(directives._directives), dict(roles._roles))
    _read(BROKEN)
    _read(BROKEN)
    assert (dict(directives._directives), dict(roles._roles)) == before
    assert "mystery" not in directives._directives and "foo" not in roles._roles


def test_ref_role_forms() -> None:
    assert split_title("Table 4 <dli_02_0241__t5995>") == ("Table 4", "dli_02_0241__t5995")
    assert split_title("dli_02_0183") == ("dli_02_0183", "dli_02_0183")
    page, _ = _read("See :ref:`dli_02_0183` and :doc:`Guide </a/b>` and `Web <http://x.y>`_.\n")
    (para,) = page.blocks
    assert isinstance(para, Para) and para.text == "See dli_02_0183 and Guide and Web."
    assert para.refs == (Ref("dli_02_0183", "dli_02_0183"), Ref("/a/b", "Guide"),
                         Ref("http://x.y", "Web"))


SIMPLE_AND_SPANS = """\
Query
-----

GET /v1.0/{project_id}/jobs?page-size=\\ *{size}*\\ &current-page=\\ *{page_number}*

.. table:: Parameter description

   ===== =============
   a     first
   b     second line
         continued
   ===== =============

+-------+-----------------------+
| Name  | Description           |
+=======+=======================+
| x     | para one              |
|       |                       |
|       | .. note::             |
|       |                       |
|       |    Mind **this**.     |
|       |                       |
|       | .. code-block:: json  |
|       |                       |
|       |    {"k": 1}           |
+-------+-----------------------+
"""


def test_uri_escapes_simple_table_without_header_and_caption_label() -> None:
    page, sink = _read(SIMPLE_AND_SPANS)
    uri = next(b for b in page.blocks if isinstance(b, Para))
    assert uri.text == "GET /v1.0/{project_id}/jobs?page-size={size}&current-page={page_number}"
    simple, grid = _tables(page)
    assert (simple.number, simple.caption, simple.header) == (None, "Parameter description", ())
    assert [[c.text for c in r.cells] for r in simple.rows] == [
        ["a", "first"], ["b", "second line continued"]]
    assert [r.span.line for r in simple.rows] == [9, 10]
    (row,) = grid.rows
    assert row.cells[1].text == 'para one\nNOTE: Mind this.\n{"k": 1}'
    assert row.cells[1].codes == ('{"k": 1}',) and row.cells[1].strong == ("this",)
    assert row.span.line == 17
    assert sink.items == []


def test_row_spans_are_repeated() -> None:
    text = ("+---+---+\n| H | I |\n+===+===+\n| x | 1 |\n+   +---+\n|   | 2 |\n+---+---+\n"
            "| y | 3 |\n+---+---+\n")
    (table,) = _tables(_read(text)[0])
    assert [[c.text for c in r.cells] for r in table.rows] == [["x", "1"], ["x", "2"], ["y", "3"]]
    assert [r.span.line for r in table.rows] == [4, 6, 8]


# ---------------------------------------------------------------- corpus


def _rst_unescaped(line: str) -> str:
    """A source line as RST reads its text: an escaped blank vanishes, ``\\x`` is ``x``.

    The reader's cells hold text, not markup: ``scaling\\_ configuration`` in the
    source is ``scaling_ configuration`` in the cell.
    """
    return _ESCAPE.sub(lambda m: "" if m[1].isspace() else m[1], line)


_ESCAPE = re.compile(r"\\(.)")


def test_rst_unescaped_reads_backslash_escapes() -> None:
    assert _rst_unescaped(r"| scaling\_ configuration \_id |") == "| scaling_ configuration _id |"
    assert _rst_unescaped(r"a\ b \\ c") == "ab \\ c"


@needs_corpus
def test_corpus_rst_pages_read(capfd: pytest.CaptureFixture[str]) -> None:
    files = sorted((CORPUS / "rst").rglob("*.rst"))
    assert files
    started = time.perf_counter()
    tables = rows = 0
    slowest = (0.0, "")
    for path in files:
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        page, _ = _read(text, str(path))
        slowest = max(slowest, (time.perf_counter() - t0, path.name))
        lines = text.split("\n")
        for table in _tables(page):
            tables += 1
            for row in table.rows:
                rows += 1
                first = next((c.text for c in row.cells if c.text), "")
                word = (first.removeprefix("- ").split() or [""])[0][:12]
                assert word in _rst_unescaped(lines[row.span.line - 1]), (path, row.span.line)
    elapsed = time.perf_counter() - started
    assert capfd.readouterr().err == ""
    assert tables > 500
    print(f"\nrst corpus: {len(files)} pages, {tables} tables, {rows} rows, {elapsed:.1f}s, "
          f"slowest {slowest[1]} {slowest[0]:.2f}s")


def test_defined_image_substitution_in_a_cell_reads_as_nothing() -> None:
    text = ("===== ========================\nName  Description\n===== ========================\n"
            "icon  Click |image1| to start.\n===== ========================\n\n"
            ".. |image1| image:: /_static/images/en-us_image_0000001.png\n")
    page, sink = _read(text)
    (table,) = _tables(page)
    assert table.rows[0].cells[1].text == "Click  to start."
    assert sink.items == []
