"""The Markdown reader: seed 001, small constructed pages, the corpus."""

from __future__ import annotations

import json
import re
import time

import pytest

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.model import Code, Heading, Page, Para, Ref, Table
from docconform.extractor.readers.markdown import read_markdown

from .conftest import CORPUS, needs_corpus, seed


def _read(text: str, source: str = "t.md") -> tuple[Page, DiagnosticSink]:
    sink = DiagnosticSink()
    return read_markdown(text, source, sink), sink


def _tables(page: Page) -> list[Table]:
    return [b for b in page.blocks if isinstance(b, Table)]


@pytest.fixture(scope="module")
def seed001() -> tuple[Page, DiagnosticSink, list[str]]:
    text = seed("001").read_text(encoding="utf-8")
    page, sink = _read(text, "001.md")
    return page, sink, text.split("\n")


# ---------------------------------------------------------------- seed 001


def test_seed_meta_and_heading_anchors(seed001) -> None:
    page, sink, lines = seed001
    assert page.format == "markdown" and page.lang == "zh-CN"
    assert page.meta_value("anchor") == "dli_02_0241"
    headings = [b for b in page.blocks if isinstance(b, Heading)]
    assert (headings[0].level, headings[0].text, headings[0].anchor) == (
        1, "批量停止作业", "dli_02_0241")
    assert (headings[1].level, headings[1].text) == (2, "功能介绍")
    assert headings[1].anchor == "s89ff8bc59cba4c3b94dc17e85c8fa1ea"
    for h in headings:
        assert lines[h.span.line - 1].startswith("#") and h.text in lines[h.span.line - 1]
    assert sink.items == []


def test_seed_uri_list_is_flattened_and_unescaped(seed001) -> None:
    page, _, lines = seed001
    start = next(i for i, b in enumerate(page.blocks) if isinstance(b, Heading) and b.text == "URI")
    fmt, uri, desc, table = page.blocks[start + 1: start + 5]
    assert isinstance(fmt, Para) and fmt.bullet and fmt.depth == 1 and fmt.text == "URI格式"
    assert isinstance(uri, Para) and not uri.bullet and uri.depth == 1
    assert uri.text == "POST /v1.0/{project_id}/streaming/jobs/stop"
    assert lines[uri.span.line - 1].strip() == r"POST /v1.0/\{project\_id\}/streaming/jobs/stop"
    assert isinstance(desc, Para) and desc.bullet and desc.text == "参数说明"
    assert isinstance(table, Table) and (table.number, table.caption) == ("1", "URI参数说明")


def test_seed_captions_and_anchors_attach_to_tables(seed001) -> None:
    page, _, _ = seed001
    tables = _tables(page)
    assert [(t.number, t.caption) for t in tables] == [
        ("1", "URI参数说明"), ("2", "请求参数说明"), ("3", "响应参数说明"),
        ("4", "数组元素参数说明"), ("5", "状态码")]
    assert tables[0].anchors[0] == "t219b031199884ac1bb9e91158ddc9efb"
    assert tables[3].anchors[0] == "t5995d65f65ba4ebca8606202112b407e"
    # the caption paragraphs are consumed by their tables, not emitted
    assert not any(isinstance(b, Para) and b.text.startswith("表") for b in page.blocks)


def test_seed_table_content_and_refs(seed001) -> None:
    page, _, lines = seed001
    tables = _tables(page)
    assert [c.text for c in tables[1].header] == ["参数名称", "是否必选", "参数类型", "说明"]
    assert [[c.text for c in r.cells[:3]] for r in tables[1].rows] == [
        ["job_ids", "是", "Array of Long"], ["trigger_savepoint", "否", "Boolean"]]
    savepoint = tables[1].rows[1].cells[3]
    assert len(savepoint.items) == 2 and savepoint.items[0].startswith("当triggerSavePoint为true时")
    ref = tables[2].rows[0].cells[3].refs
    assert ref == (Ref("t5995d65f65ba4ebca8606202112b407e", "表4"),)
    assert ref[0].target in tables[3].anchors
    assert tables[0].rows[0].cells[3].refs == (Ref("获取项目ID.md", "获取项目ID"),)
    for table in tables:
        for row in table.rows:
            assert row.cells[0].text in lines[row.span.line - 1]


def test_seed_code_blocks_and_paragraph_links(seed001) -> None:
    page, _, lines = seed001
    codes = [b for b in page.blocks if isinstance(b, Code)]
    assert [json.loads(c.text) for c in codes] == [
        {"job_ids": [128, 137], "trigger_savepoint": False},
        {"is_success": "true", "message": "作业停止请求下发成功"}]
    assert all(lines[c.span.line - 1].strip() == "```" for c in codes)
    status = next(b for b in page.blocks if isinstance(b, Para) and b.text.startswith("状态码如"))
    assert status.text == "状态码如表5所示。"
    assert status.refs == (Ref("t43c1f1c0ba344f4cbcb270953d9cca2a", "表5"),)
    last = [b for b in page.blocks if isinstance(b, Para)][-1]
    assert last.refs == (Ref("错误码.md", "错误码"),)


# ---------------------------------------------------------------- constructs

PIPE = """\
# 制作镜像

-   参数说明

    **表 3**  请求参数

    <a name="t3"></a>
    | 参数 | 是否必选 | 描述 |
    |---|---|---|
    | name | 是 | 名称，见[表4](#t4)<br>**最大长度**：255 |
    | a\\|b | 否 | `x` |

**表 9**  孤立的标题

后续段落。
"""


def test_pipe_table_takes_caption_and_anchor() -> None:
    page, sink = _read(PIPE)
    (table,) = _tables(page)
    assert (table.number, table.caption, table.anchors) == ("3", "请求参数", ("t3",))
    assert [c.text for c in table.header] == ["参数", "是否必选", "描述"]
    name, ab = table.rows
    assert name.cells[2].text == "名称，见表4\n最大长度：255"
    assert name.cells[2].refs == (Ref("t4", "表4"),) and name.cells[2].strong == ("最大长度",)
    assert [c.text for c in ab.cells] == ["a|b", "否", "x"]
    assert [r.span.line for r in table.rows] == [10, 11]
    assert table.span.line == 8
    paras = [b.text for b in page.blocks if isinstance(b, Para)]
    assert paras == ["参数说明", "表 9  孤立的标题", "后续段落。"]  # an orphan caption stays
    assert sink.items == []


UNCLOSED = """\
# 创建PV

## 请求示例

```
{
  "kind": "PersistentVolume"
}

## 响应示例<a name="resp"></a>

**表 1**  响应

| a | b |
|---|---|
| 1 | 2 |

```
trailing code
"""


def test_unclosed_fence_is_reported_and_cut_before_the_next_heading() -> None:
    page, sink = _read(UNCLOSED)
    codes = [b for b in page.blocks if isinstance(b, Code)]
    assert json.loads(codes[0].text) == {"kind": "PersistentVolume"}
    assert codes[0].span.line == 5
    heading = next(b for b in page.blocks if isinstance(b, Heading) and b.anchor == "resp")
    assert (heading.text, heading.span.line) == ("响应示例", 10)
    (table,) = _tables(page)
    assert table.number == "1" and table.rows[0].span.line == 16
    assert codes[1].text == "trailing code"
    found = [(d.code, d.span.line) for d in sink.items]
    assert found == [("md-unclosed-fence", 5), ("md-unclosed-fence", 18)]


def test_indented_code_nested_lists_and_escapes() -> None:
    text = "- a\n    - b \\_c\\_\n\n1. one\n\n       code here\n\n[x](other.md#frag) and [y](#z)\n"
    page, sink = _read(text)
    a, b, one, code, link = page.blocks
    assert (a.text, a.depth, a.bullet) == ("a", 1, True)
    assert (b.text, b.depth, b.bullet) == ("b _c_", 2, True)
    assert (one.text, one.depth) == ("one", 1)
    assert isinstance(code, Code) and code.text == "code here" and code.lang is None
    assert link.refs == (Ref("other.md#frag", "x"), Ref("z", "y"))
    assert sink.items == []


# ---------------------------------------------------------------- corpus


#: A caption line as the pages write it before a table: ``**表 3**  xxx`` or
#: ``**Table 3** xxx``, possibly indented or as a list item's text.
_CAPTION_LINE = re.compile(r"[ \t]*+(?:[-*+][ \t]++)?\*\*(?:表|Table)[ \t]*+(\d++)\*\*(.*)")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _written_caption(lines: list[str], table_line: int) -> tuple[str, str] | None:
    """The number and caption text the source writes right before a table starting at ``table_line``.

    Blank lines and ``<a name>`` anchors may stand between them; the caption's
    Markdown backslash escapes are undone (the reader's caption is text).
    """
    i = table_line - 2
    while i >= 0 and (not lines[i].strip() or lines[i].strip().startswith("<a name")):
        i -= 1
    m = _CAPTION_LINE.fullmatch(lines[i]) if i >= 0 else None
    return (m[1], _MD_ESCAPE.sub(r"\1", m[2]).strip()) if m else None


def test_written_caption_finds_indented_and_escaped_captions() -> None:
    lines = ["-   **表 3**  scheduled\\_policy字段数据结构说明", "", '    <a name="t3"></a>', "<table>"]
    assert _written_caption(lines, 4) == ("3", "scheduled_policy字段数据结构说明")
    assert _written_caption(["**表 3** 说明", "正文", "<table>"], 3) is None
    assert _written_caption(["<table>"], 1) is None


def test_list_item_anchor_fills_para_anchors_and_indented_caption_stays_a_caption() -> None:
    """`-   <a name="x"></a>text` keeps its anchor on the Para; an indented caption is no code."""
    from pathlib import Path
    text = (Path(__file__).parent / "data" / "md_list_item_anchor.md").read_text(encoding="utf-8")
    page, _ = _read(text)
    item = next(b for b in page.blocks if isinstance(b, Para) and b.text == "policy格式说明")
    assert item.bullet and item.anchors == ("li1261001510429",)
    tables = _tables(page)
    assert tables[0].anchors[0] == "table91819610348"
    assert "li1261001510429" not in tables[0].anchors  # the Para's anchor is the Para's
    assert (tables[1].number, tables[1].caption) == ("2", "请求参数")
    assert tables[1].anchors[0] == "table4997382820112"
    assert not any(isinstance(b, Code) for b in page.blocks)
    assert not any(isinstance(b, Para) and "表 2" in b.text for b in page.blocks)


def test_para_without_anchor_has_none() -> None:
    page, _ = _read("plain paragraph\n")
    assert page.blocks[0].anchors == ()


@needs_corpus
def test_corpus_markdown_pages_read() -> None:
    """Tables are found, and every table the source captions gets that number and caption.

    Not "most tables are captioned": the API-Explorer pages have genuinely
    uncaptioned tables (status codes after ``<a name="status_code">``, overviews).
    """
    files = sorted((CORPUS / "zh-md").rglob("*.md"))
    assert files
    started = time.perf_counter()
    tables = written = 0
    missed: list[tuple[str, int, tuple[str, str], str | None, str]] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        page, _ = _read(text, str(path))
        lines = text.split("\n")
        for table in _tables(page):
            tables += 1
            caption = _written_caption(lines, table.span.line)
            if caption is None:
                continue
            written += 1
            if (table.number, table.caption.strip()) != caption:
                missed.append((path.name, table.span.line, caption, table.number, table.caption))
    elapsed = time.perf_counter() - started
    assert tables > 1000 and written > 1000
    assert missed == []
    print(f"\nmd corpus: {len(files)} pages, {tables} tables ({written} captioned in the source), "
          f"{elapsed:.1f}s")


def test_closed_fence_with_comment_lines_is_left_alone() -> None:
    text = ("## 示例\n\n```bash\n# install\n## build step\necho ok\n```\n\n"
            '## 状态码<a name="s"></a>\n')
    page, sink = _read(text)
    code = next(b for b in page.blocks if isinstance(b, Code))
    assert code.lang == "bash" and code.text == "# install\n## build step\necho ok"
    assert [b.text for b in page.blocks if isinstance(b, Heading)] == ["示例", "状态码"]
    assert sink.items == []
