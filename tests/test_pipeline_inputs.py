"""Bad input never crashes a run and never loses the rest (extraction level)."""

from __future__ import annotations

from pathlib import Path

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
