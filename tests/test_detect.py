"""Format detection from content and byte decoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.readers.detect import decode, detect_format, looks_binary

from .conftest import seed


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("000", "html"), ("001", "markdown"), ("002", "rst"), ("003", "text"), ("004", "html")],
)
def test_seeds_are_recognised_from_content(prefix: str, expected: str) -> None:
    assert detect_format(decode(seed(prefix).read_bytes()).text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n=====\n\n.. _x:\n\n.. table:: **Table 1** A\n", "rst"),
        ("# 标题\n\n## URI\n\nGET /v1/x\n\n**表 1**  参数\n", "markdown"),
        ("<html><body><h1>T</h1><p>x</p><table><tr><td>a</td></tr></table></body></html>", "html"),
        ("Stopping a Job\n\nFunction\n\nThis API stops a job.\n", "text"),
        ("Name\n----\n\n+-----+-----+\n| a   | b   |\n+=====+=====+\n", "rst"),
    ],
)
def test_small_samples(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_plain_text_quoting_an_html_answer_is_text() -> None:
    """text/ecs en-us_topic_0065820825: four tags of a quoted answer near the end make no HTML page."""
    page = Path(__file__).parent / "data" / "families" / "ecs_text_quoting_html_answer.txt"
    text = decode(page.read_bytes()).text
    assert detect_format(text) == "text"
    # the same tags spread over a page are markup
    assert detect_format("<html>\n" + text.replace("\n\n", "\n<p>\n") + "</html>") == "html"


def test_pipe_rows_of_an_rst_grid_table_are_not_markdown() -> None:
    text = "T\n=\n\n" + "   |    |    |\n" * 20 + "   +----+----+\n"
    assert detect_format(text) == "rst"


def test_decode_utf8_with_bom() -> None:
    assert decode("\ufeffé".encode("utf-8")).text == "é"


def test_decode_gb18030_falls_back_and_says_so() -> None:
    decoded = decode("第一行\n参数说明".encode("gb18030"))
    assert decoded.text == "第一行\n参数说明"
    assert decoded.encoding == "gb18030"
    assert decoded.problem and "UTF-8" in decoded.problem


def test_decode_invalid_bytes_are_replaced_and_located() -> None:
    decoded = decode(b"line one\nline two \xff\xfe end\n")
    assert "line one" in decoded.text
    assert decoded.problem_line == 2


def test_binary_detection() -> None:
    assert looks_binary(b"\x00\x01\x02PK")
    assert not looks_binary("plain text, 中文".encode())
    assert not looks_binary(b"")
