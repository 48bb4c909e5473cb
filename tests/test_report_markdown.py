"""drift.md: a pull-request summary, read back through a real GFM table parser (markdown-it-py)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from docconform.extractor.drift.report._common import message_parts
from docconform.extractor.drift.report.markdown import (
    MAX_CHARS,
    MAX_MESSAGE,
    md_code,
    md_message,
    md_text,
    render_markdown,
)
from tests.test_report_common import (
    CATALOGUE,
    DIAGNOSTIC,
    HOSTILE,
    hostile_document,
    many_document,
    sample_document,
    wide_document,
)

_GFM = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def _html(markdown: str) -> BeautifulSoup:
    return BeautifulSoup(_GFM.render(markdown), "html.parser")


def _tables(soup: BeautifulSoup) -> list[list[list[str]]]:
    return [
        [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in t.find_all("tr")]
        for t in soup.find_all("table")
    ]


def test_summary_starts_with_counts_then_contradictions_with_values_as_written() -> None:
    text = render_markdown(sample_document())
    soup = _html(text)
    assert soup.h1.get_text() == "Documentation drift report"
    assert "6 findings (2 errors, 2 warnings, 2 info) in 3 of 4 endpoints" in soup.p.get_text()
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings[:3] == ["Counts by rule", "Contradictions between versions (3)", "Other findings (3)"]
    counts, *per_finding = _tables(soup)
    assert counts[0] == ["Rule", "Level", "Findings", "Explained by extraction"]
    assert ["type-mismatch", "error", "1", ""] in counts and counts[-1][2] == "6"
    type_table = next(t for t in per_finding if len(t) == 4)
    assert type_table[0] == ["Version", "Value", "Location"]
    assert type_table[2] == ["zh-CN · markdown", "Boolean", "seeds/001_ad97169fa3b2ed22.txt:122"]
    assert "is_success" in text and "作业停止请求下发成功" in text
    assert any(r[1] == "not stated" for t in per_finding for r in t)
    assert "**Full report:** `drift.html`" in text


def test_findings_are_in_triage_order_level_then_rule() -> None:
    text = render_markdown(many_document(30))
    contradictions, others = text.split("## Other findings")
    assert "## Contradictions between versions" in contradictions
    for section in (contradictions, others):
        heads = [line for line in section.splitlines() if line.startswith("#### ")]
        keys = [(["error", "warning", "info"].index(h.split("**")[1]), h.split("`")[1]) for h in heads]
        assert heads and keys == sorted(keys)


def test_hostile_values_neither_format_link_nor_break_tables() -> None:
    text = render_markdown(hostile_document())
    soup = _html(text)
    assert not soup.find_all(["script", "img", "iframe", "b", "i"])
    assert not soup.find_all("a", href=True)
    for table in _tables(soup):
        assert len({len(row) for row in table}) == 1, table
    codes = [c.get_text() for c in soup.find_all("code")]
    assert HOSTILE in codes
    # Backtick-quoted parts of a message become code; everything else stays literal.
    expected = "".join(part for _, part in message_parts(f"# {HOSTILE}"))
    assert expected in soup.get_text() and "# <script>alert('x')</script> | tick" in expected


def test_code_spans_survive_backticks_and_pipes() -> None:
    for value in ["`", "a``b`c", "``x``", "| `tick` |", "plain"]:
        rendered = _html(md_code(value, table=False)).code.get_text()
        assert rendered == value
        row = _tables(_html(f"| h |\n| --- |\n| {md_code(value)} |"))[0][1]
        assert row == [value]


def test_prose_escaping_keeps_text_literal() -> None:
    for value in [
        "# heading?",
        "1. list?",
        "- item",
        "**b** _i_ [x](y) <u>",
        "a & b &amp; c",
        "> quote",
    ]:
        assert _html(md_text(value)).get_text().strip() == value


def test_summary_stays_under_the_comment_limit_whatever_the_run_size() -> None:
    for n in (10, 500, 5000):
        document = many_document(n)
        for f in document["findings"]:
            f["message"] = f["message"] + " " + "word " * 80
        text = render_markdown(document)
        assert len(text) <= MAX_CHARS, n
        assert f"{n} findings" in text and "drift.html" in text
        heads = text.count("\n#### ")
        assert 0 < heads <= 40
    small = render_markdown(many_document(10))
    assert small.count("\n#### ") == 10


def test_missing_endpoints_are_counted_by_the_set_that_lacks_them() -> None:
    from docconform.extractor.diagnostics import Level
    from docconform.extractor.drift.findings import Finding, Side

    found = [Finding("endpoint-missing", Level.WARNING, f"GET /v1/x{i}", "", "Missing from `zh`",
                     (Side(f"en/x{i}.rst", 3, {"title": "X"}, "rst en"), Side("zh", 0)),
                     extra=(("missing_from", ["zh"]), ("present_in", ["en"]))) for i in range(3)]
    tables = _tables(_html(render_markdown(sample_document(found))))
    assert ["Missing from", "Endpoints"] in tables[1] and ["zh", "3"] in tables[1]


def test_empty_report_says_so() -> None:
    text = render_markdown(sample_document([]))
    assert "0 findings" in text and "No findings" in text
    assert "## Counts by rule" not in text and "#### " not in text
    diagnostics = _tables(_html(text))
    assert diagnostics == [
        [
            ["Level", "Code", "Where", "Message"],
            [
                "warning",
                "table-no-header",
                f"{DIAGNOSTIC['source']}:{DIAGNOSTIC['line']}",
                DIAGNOSTIC["message"],
            ],
        ]
    ]


def test_long_values_are_cut_in_markdown_only() -> None:
    document = sample_document()
    document["findings"][0]["sides"][0]["value"] = "x" * 1000
    text = render_markdown(document)
    assert "x" * 1000 not in text and "x" * 150 in text and "…" in text


def test_many_pages_read_as_one_row_per_distinct_value() -> None:
    table = _tables(_html(render_markdown(wide_document(44))))[1]
    assert table[0] == ["Value", "Versions", "Where"]
    assert [row[0] for row in table[1:]] == ["Object, mandatory", "not stated"]
    assert table[2][1] == "41: html en, rst en, markdown zh-CN"
    assert table[2][2].endswith("and 38 more")


def test_inputs_and_rule_legend_are_listed() -> None:
    text = render_markdown(sample_document())
    assert "`seeds (6 pages, 5 endpoints)`" in text
    assert f"- `type-mismatch`: {CATALOGUE['type-mismatch'][1]}" in text


def test_messages_quote_names_as_code_and_are_cut_when_long() -> None:
    assert (
        md_message("Request field `os-start` is missing") == "Request field `os-start` is missing"
    )
    assert md_message("a `|` b *c*") == "a `|` b \\*c\\*"
    long_message = "Field `x` is documented in " + ", ".join(f"page_{i}.html" for i in range(80))
    cut = _html(md_message(long_message, MAX_MESSAGE)).get_text().strip()
    assert cut.startswith("Field x is documented in page_0.html") and cut.endswith("…")
    assert len(cut) <= MAX_MESSAGE + 2
