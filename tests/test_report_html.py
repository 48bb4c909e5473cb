"""drift.html: one self-contained triage page; parsed back to check structure, filters, links and escaping.

The filters and search are driven in a real browser by test_report_browser.py.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from docconform.extractor.drift.report.html import render_html
from tests.test_report_common import (
    CATALOGUE,
    DELETE,
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


def test_page_is_self_contained_utf8_with_one_inline_script() -> None:
    soup = _soup(sample_document())
    assert soup.find("meta", charset="utf-8") is not None
    assert soup.style is not None and "url(" not in soup.style.get_text()
    (script,) = soup.find_all("script")
    assert not script.get("src") and "fetch(" not in script.get_text() and "http" not in script.get_text()
    assert not soup.find_all(["link", "img", "iframe", "object", "embed"])
    assert not [t for t in soup.find_all(src=True)]
    assert all(a["href"].startswith("#") for a in soup.find_all("a", href=True))


def test_summary_starts_with_contradictions_then_counts_by_rule() -> None:
    soup = _soup(sample_document())
    summary = soup.find("nav", id="summary")
    assert summary.h3.get_text() == "Contradictions between versions: 3"
    listed = [li.code.get_text() for li in summary.find("ol", class_="top").find_all("li")]
    assert listed == [DELETE, STOP, STOP]  # errors first (status-code-, then type-mismatch), then info
    table = summary.find("table", class_="rules")
    rows = {tr.td.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    assert rows["type-mismatch"][1:] == ["error", CATALOGUE["type-mismatch"][1], "1", "1"]
    assert table.tbody.find("td", attrs={"data-count-rule": "type-mismatch"}) is not None
    assert table.tfoot.find_all("td")[-1].get_text() == "6"


def test_findings_are_ordered_by_level_then_rule_and_carry_filter_data() -> None:
    soup = _soup(many_document(40))
    cards = soup.find("section", id="findings").find_all("article", class_="finding")
    keys = [(["error", "warning", "info"].index(c["data-level"]), c["data-rule"]) for c in cards]
    assert keys == sorted(keys) and len(cards) == 40
    card = cards[0]
    assert card["data-sets"] == "" and card["data-endpoint"].startswith("POST /v1/")
    assert card.find("code", class_="endpoint").get_text() == card["data-endpoint"]
    filters = soup.find("form", id="filters")
    assert {s["id"] for s in filters.find_all("select")} == {"f-rule", "f-set", "f-folder", "f-endpoint"}
    assert filters.find("input", id="f-search") is not None
    assert [b["value"] for b in filters.find_all("input", class_="f-level")] == ["error", "warning", "info"]
    assert filters.find(attrs={"data-count-all": True}).get_text() == "40"


def test_version_sets_and_folders_come_from_the_inputs() -> None:
    document = many_document(10)
    document["inputs"] = [{"source": "corpus/rst"}, {"source": "corpus/zh-md"}]
    card = _soup(document).find("article", class_="finding")
    assert card["data-sets"].split("\t") == ["corpus/rst", "corpus/zh-md"]
    assert card["data-folders"].split("\t") == ["corpus/rst", "corpus/zh-md"]
    options = [o["value"] for o in _soup(document).find("select", id="f-set").find_all("option")]
    assert options == ["", "corpus/rst", "corpus/zh-md"]


def test_source_locations_link_through_the_source_url_template() -> None:
    document = sample_document()
    document["source_url"] = {"template": "https://git.example/docs/blob/{rev}/{path}#L{line}", "rev": "abc123"}
    soup = _soup(document)
    links = [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")]
    assert "https://git.example/docs/blob/abc123/seeds/001_ad97169fa3b2ed22.txt#L122" in links
    document["source_url"]["template"] = "javascript:alert({line})"
    assert all(a["href"].startswith("#") for a in _soup(document).find_all("a", href=True))


def test_findings_an_extraction_problem_explains_are_grouped_under_it() -> None:
    document = many_document(6)
    cause = {"code": "table-unplaced", "level": "info", "message": "table outside any section",
             "source": "corpus/zh-md/s0.md", "line": 12}
    for f in document["findings"][:2]:
        f["level"], f["extra"] = "info", {"caused_by": cause}
    soup = _soup(document)
    assert len(soup.find("section", id="findings").find_all("article")) == 4
    (group,) = soup.find("section", id="explained").find_all("section", class_="cause")
    assert "table-unplaced at corpus/zh-md/s0.md:12: 2 findings follow" in group.h3.get_text()
    assert len(group.find_all("article")) == 2


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
    endpoint_level = sample_document()
    endpoint_level["findings"][0]["pointer"] = ""  # a whole endpoint (endpoint-missing): no pointer shown
    card = BeautifulSoup(render_html(endpoint_level), "html.parser").find("article")
    assert card.find(class_="pointer") is None and card.find(class_="endpoint").get_text()


def test_hostile_page_text_is_shown_never_run() -> None:
    html = render_html(hostile_document())
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["img", "iframe", "b", "i"]) and len(soup.find_all("script")) == 1
    assert html.count("<script") == 1 and "<img" not in html and "<iframe" not in html
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
    assert soup.find("script") is None
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
    assert columns[0].find(class_="value").get_text() == "Object, mandatory"
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
    rules = soup.find("table", class_="rules")
    assert CATALOGUE["type-mismatch"][1] in rules.get_text()


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
