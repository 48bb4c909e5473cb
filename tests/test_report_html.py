"""drift.html: one self-contained page; parsed back to check structure, links and escaping."""

from __future__ import annotations

from bs4 import BeautifulSoup

from docconform.extractor.drift.report.html import render_html
from tests.test_report_common import (
    CATALOGUE,
    DIAGNOSTIC,
    HOSTILE,
    LIST,
    STOP,
    hostile_document,
    many_document,
    sample_document,
    wide_document,
)


def _soup(document: dict) -> BeautifulSoup:
    return BeautifulSoup(render_html(document), "html.parser")


def test_page_is_self_contained_utf8_and_scriptless() -> None:
    soup = _soup(sample_document())
    assert soup.find("meta", charset="utf-8") is not None
    assert soup.style is not None and "url(" not in soup.style.get_text()
    assert not soup.find_all(["script", "link", "img", "iframe", "object", "embed"])
    assert not [t for t in soup.find_all(src=True)]
    assert all(a["href"].startswith("#") for a in soup.find_all("a", href=True))


def test_summary_counts_by_endpoint_and_rule_with_level_colours() -> None:
    soup = _soup(sample_document())
    table = soup.find("table", class_="summary")
    head = [th.get_text() for th in table.thead.find_all("th")]
    assert head[:2] == ["Endpoint", "Doc id"] and head[-1] == "Total"
    rows = {tr.td.get_text(): tr.find_all("td") for tr in table.tbody.find_all("tr")}
    assert list(rows)[1] == STOP and len(rows) == 3
    cells = rows[STOP]
    type_cell = cells[head.index("type-mismatch")]
    assert type_cell.get_text() == "1" and "lv-error" in type_cell["class"]
    assert "lv-info" in cells[head.index("default-mismatch")]["class"]
    assert cells[-1].get_text() == "4" and "lv-error" in cells[-1]["class"]
    assert table.tfoot.find_all("td")[-1].get_text() == "6"
    clean = soup.find("details", class_="clean")
    assert clean is not None and LIST in clean.get_text()


def test_every_link_reaches_an_element_and_ids_are_unique() -> None:
    soup = _soup(many_document(120))
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    hrefs = {a["href"][1:] for a in soup.find_all("a", href=True)}
    assert hrefs <= set(ids)
    assert len(soup.find_all("article", class_="finding")) == 120


def test_finding_shows_each_side_in_its_own_column() -> None:
    soup = _soup(sample_document())
    article = next(
        a for a in soup.find_all("article") if a.find(class_="rule").get_text() == "type-mismatch"
    )
    assert "lv-error" in article["class"]
    assert article.find(class_="pointer").get_text() == "/responses/200/body/properties/is_success"
    sides = article.find_all("div", class_="side")
    assert [s.find(class_="label").get_text() for s in sides] == [
        "en · html",
        "zh-CN · markdown",
        "en · rst",
    ]
    assert [s.find(class_="value").get_text() for s in sides] == ["String", "Boolean", "String"]
    assert sides[1].find(class_="loc").get_text() == "seeds/001_ad97169fa3b2ed22.txt:122"
    assert "执行请求是否成功" in sides[1].pre.get_text()
    missing = next(
        a for a in soup.find_all("article") if a.find(class_="rule").get_text() == "param-missing"
    )
    assert missing.find_all(class_="value")[1].get_text() == "not stated"


def test_hostile_page_text_is_shown_never_run() -> None:
    html = render_html(hostile_document())
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "b", "i"])
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    article = soup.find("article")
    side = article.find("div", class_="side")
    assert side.find(class_="value").get_text() == HOSTILE
    assert side.find(class_="label").get_text() == f"<b>{HOSTILE}</b>"
    assert side.pre.get_text() == f"</pre>{HOSTILE}\n<iframe>"
    assert article.find("dl", class_="extra").dd.get_text() == HOSTILE
    assert all(a["href"].startswith("#") for a in soup.find_all("a", href=True))


def test_empty_report_lists_the_agreeing_endpoints() -> None:
    soup = _soup(sample_document([]))
    assert "No findings" in soup.find(class_="empty").get_text()
    assert soup.find("table", class_="summary") is None and not soup.find_all("article")
    assert LIST in soup.find("details", class_="clean").get_text()
    document = sample_document([])
    document["baselined"] = 3
    assert _soup(document).find(class_="empty").get_text().startswith("No new findings: 3 findings")


def test_diff_reports_show_who_a_change_breaks() -> None:
    document = sample_document(command="diff")
    document["findings"][0]["breaks"] = "client"
    soup = _soup(document)
    assert soup.h1.get_text() == "Documentation revision diff"
    assert soup.find(class_="breaks").get_text() == "breaks client"


def test_many_pages_show_one_column_per_distinct_value() -> None:
    soup = _soup(wide_document(44))
    columns = soup.article.find_all("div", class_="side")
    assert len(columns) == 2
    assert (
        columns[0].find(class_="label").get_text() == "3 versions: html en, rst en, markdown zh-CN"
    )
    assert columns[0].find(class_="value").get_text() == '{"required": true, "type": "Object"}'
    assert columns[1].find(class_="value").get_text() == "not stated"
    shown = columns[1].find("ul", class_="loc").find_all("li")
    hidden = columns[1].details.find_all("li")
    assert len(shown) + len(hidden) == 41 and hidden
    assert columns[1].details.summary.get_text() == f"{len(hidden)} more"
    few = _soup(wide_document(4))
    assert len(few.article.find_all("div", class_="side")) == 4


def test_inputs_and_extraction_diagnostics_are_shown() -> None:
    soup = _soup(sample_document())
    assert "seeds (6 pages, 5 endpoints)" in soup.header.get_text()
    section = soup.find("section", id="diagnostics")
    cells = [td.get_text() for td in section.tbody.find_all("td")]
    assert cells == [
        "warning",
        DIAGNOSTIC["code"],
        f"{DIAGNOSTIC['source']}:{DIAGNOSTIC['line']}",
        DIAGNOSTIC["message"],
    ]
    legend = soup.find("details", class_="legend")
    assert CATALOGUE["type-mismatch"][1] in legend.get_text()


def test_messages_quote_names_as_code_and_fold_when_long() -> None:
    soup = _soup(wide_document(4))
    message = soup.article.find(class_="message")
    assert message.name == "p" and message.code.get_text() == "os-start"
    document = wide_document(4)
    long_message = "Request field `os-start` is documented in " + ", ".join(
        f"page_{i}.html" for i in range(80)
    )
    document["findings"][0]["message"] = long_message
    folded = _soup(document).article.find("details", class_="message")
    assert folded.summary.get_text().endswith(" …") and len(folded.summary.get_text()) < 310
    assert folded.p.get_text() == long_message.replace("`", "")
