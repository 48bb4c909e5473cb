"""Bad input never crashes a run and never loses the rest (extraction level)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.diagnostics import DiagnosticSink, Level
from docconform.extractor.run.pipeline import discover, extract_bytes, extract_file

from .conftest import seed


def _codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.code for d in result.diagnostics}


def test_empty_page_is_an_error_with_location() -> None:
    result = extract_bytes(b"  \n\n", "docs/empty.html")
    assert result.endpoints == []
    (diag,) = [d for d in result.diagnostics if d.code == "input-empty"]
    assert diag.level is Level.ERROR
    assert str(diag.span) == "docs/empty.html:1"


def test_binary_page_is_an_error() -> None:
    result = extract_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "img.png")
    assert "input-binary" in _codes(result)
    assert result.endpoints == []


def test_non_utf8_page_still_yields_its_endpoint() -> None:
    data = seed("002").read_bytes().replace(b"Function\n", b"Function \xff\xfe\n", 1)
    result = extract_bytes(data, "seed002-latin.rst")
    assert "input-encoding" in _codes(result)
    diag = next(d for d in result.diagnostics if d.code == "input-encoding")
    assert diag.span.line > 1
    assert [(e.method, e.path) for e in result.endpoints] == [
        ("POST", "/v1.0/{project_id}/streaming/jobs/stop")
    ]


def test_page_truncated_mid_table_keeps_what_came_before() -> None:
    data = seed("000").read_bytes()
    cut = data.index(b"trigger_savepoint")
    result = extract_bytes(data[:cut], "truncated.html")
    assert [(e.method, e.path) for e in result.endpoints] == [
        ("POST", "/v1.0/{project_id}/streaming/jobs/stop")
    ]
    params = {p.name for p in result.endpoints[0].parameters}
    assert "project_id" in params


def test_table_with_a_missing_column_is_read_without_crash() -> None:
    page = """Stopping a Job
==============

URI
---

PUT /v1/{project_id}/jobs/stop

.. table:: **Table 1** Path Parameters

   +------------+-----------+--------+
   | Parameter  | Mandatory | Type   |
   +============+===========+========+
   | project_id | Yes       | String |
   +------------+-----------+--------+
"""
    result = extract_bytes(page.encode(), "missing-column.rst")
    (ep,) = result.endpoints
    (param,) = ep.parameters
    assert (param.name, param.location, param.required, param.type.base) == (
        "project_id", "path", True, "string"
    )


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "gone.html"
    result = extract_file(missing, "gone.html")
    assert "input-unreadable" in _codes(result)


def test_discover_walks_folders_skips_metadata_and_survives_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text("<h1>x</h1>")
    (tmp_path / "a" / "ALL_META.TXT.json").write_text("[]")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "b page é.md").write_text("# t")
    sink = DiagnosticSink()
    found = discover([tmp_path, tmp_path / "nope"], sink)
    assert [p.name for p in found] == ["page.html", "b page é.md"]
    assert [d.code for d in sink.items] == ["input-missing"]


# ------------------------------------------------------------------ pages that yield nothing say why


def _why(result) -> str:  # type: ignore[no-untyped-def]
    (diag,) = [d for d in result.diagnostics if d.code == "no-endpoint"]
    assert diag.level is Level.INFO
    return diag.message


def _without_request_lines(prefix: str) -> bytes:
    return b"\n".join(line for line in seed(prefix).read_bytes().split(b"\n") if b"/v1.0/" not in line)


@pytest.mark.parametrize("data", [
    b'{\n  "openapi": "3.1.0",\n  "info": {"title": "x", "version": "1"},\n  "paths": {}\n}\n',
    b"# generated\nopenapi: 3.0.3\ninfo:\n  title: x\npaths: {}\n",
    b'swagger: "2.0"\ninfo:\n  title: x\n',
])
def test_an_openapi_document_is_sent_to_mock_and_test(data: bytes) -> None:
    result = extract_bytes(data, "api.yaml")
    assert result.endpoints == []
    assert "looks like an OpenAPI document" in _why(result) and "docconform mock" in _why(result)


def test_a_request_line_in_prose_is_named_with_its_line() -> None:
    page = b"# Tutorial\n\nFirst create a job.\n\nThen run:\n\n    POST /v1/{project_id}/jobs/stop\n"
    result = extract_bytes(page, "tutorial.md")
    (diag,) = [d for d in result.diagnostics if d.code == "no-endpoint"]
    assert "no request line: 'POST /v1/{project_id}/jobs/stop'" in diag.message
    assert diag.span.line == 7


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_a_page_of_tables_only_is_a_page_other_pages_link_to(prefix: str) -> None:
    result = extract_bytes(_without_request_lines(prefix), "structures.txt")
    assert result.endpoints == [] and result.exports
    assert _why(result).startswith("no request line (METHOD /path): a page of ")


def test_a_page_that_is_not_an_api_page_says_so() -> None:
    result = extract_bytes(b"# Docs\n\nThese pages document the service.\n", "docs/README.md")
    assert _why(result) == "not an API page: no request line (METHOD /path) and no parameter table"


def test_a_forced_wrong_page_format_is_named_as_the_likely_cause() -> None:
    result = extract_bytes(seed("000").read_bytes(), "seed.txt", "rst")
    assert result.endpoints == []
    assert _why(result).startswith("read as rst, as --page-format asked, but its content looks like html; ")


def test_pages_with_endpoints_or_read_errors_get_no_such_note() -> None:
    assert "no-endpoint" not in _codes(extract_bytes(seed("002").read_bytes(), "ok.rst"))
    assert _codes(extract_bytes(bytes(range(256)) * 4, "x.html")) == {"input-binary"}


# ------------------------------------------------------------------ byte order marks


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8"])
@pytest.mark.parametrize("prefix", ["001", "002"])
def test_pages_with_a_byte_order_mark_are_decoded(encoding: str, prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    data = text.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        data = "\ufeff".encode(encoding) + data  # -le/-be codecs and utf-8 write no mark themselves
    expected = extract_bytes(text.encode("utf-8"), "page.txt")
    result = extract_bytes(data, "page.txt")
    assert [d.code for d in result.diagnostics] == [d.code for d in expected.diagnostics]
    assert result.endpoints == expected.endpoints and result.endpoints


def test_a_byte_order_mark_and_blanks_are_an_empty_page() -> None:
    assert "input-empty" in _codes(extract_bytes(" \n\n".encode("utf-16"), "blank.md"))


def test_wide_text_that_is_not_valid_is_kept_with_a_problem() -> None:
    data = "\ufeff# Title\n\nPOST /v1/x/y\n".encode("utf-16-le") + b"\x00\xd8"  # a lone high surrogate
    result = extract_bytes(data, "odd.md")
    assert "input-encoding" in _codes(result) and "input-binary" not in _codes(result)


# ------------------------------------------------------------------ files beside the pages


def test_discover_skips_readme_license_and_changelog_unless_named(tmp_path: Path) -> None:
    for name in ("page.md", "README.md", "readme.zh-CN.md", "LICENSE.txt", "CHANGELOG.rst", "Contributing.md",
                 "history.md"):
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    assert [p.name for p in discover([tmp_path], DiagnosticSink())] == ["history.md", "page.md"]
    named = discover([tmp_path / "README.md"], DiagnosticSink())
    assert [p.name for p in named] == ["README.md"]


def test_the_seeds_are_five_pages_not_six() -> None:
    from .conftest import SEEDS

    assert [p.name for p in discover([SEEDS], DiagnosticSink())] == sorted(p.name for p in SEEDS.glob("0*.txt"))


def test_a_request_line_named_in_a_page_read_as_html_points_at_its_source_line() -> None:
    """The HTML reader joins an RST page's lines: the note still names a line of the page."""
    head = seed("002").read_bytes().split(b"\n")[:30]
    page = b"\n".join(head) + b"\n"
    result = extract_bytes(page, "forced.txt", "html")
    (diag,) = [d for d in result.diagnostics if d.code == "no-endpoint"]
    assert "POST /v1.0/{project_id}/streaming/jobs/stop" in diag.message
    assert 1 <= diag.span.line <= 30
    assert b"POST /v1.0/" in head[diag.span.line - 1]
