"""Pathological but valid inputs: each gets a located diagnostic and the run goes on.

Why: real documentation exports hold recursive types, copy-pasted rows and
sections, pages sharing a doc id, absurdly nested lists, stray binaries and
empty files, broken symbolic links, and file names with spaces and CJK. The
design promises that bad input never crashes a run nor loses the rest. Each
test holds one such input to that promise: a stable diagnostic code and
message, the source as given and a line inside the file that points at the
problem, the other tables and pages still extracted, no traceback, and the
exit code the README documents (0 nothing at or above ``--fail-on``, default
``error``; 1 when there is; 2 for an input that is missing).

Per-page cases go through the library (:func:`extract_file`,
:func:`extract_bytes`); folder-level cases run ``docconform extract`` in a
child process, end to end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

import docconform.extractor
from docconform.extractor.diagnostics import Diagnostic, Level
from docconform.extractor.model import Endpoint, Field
from docconform.extractor.run.pipeline import PageResult, extract_bytes, extract_file
from docconform.extractor.writers.files import dump_json
from docconform.extractor.writers.jsonschema import endpoint_bundle

from .conftest import seed

FIXTURES = Path(__file__).parent / "fixtures" / "pathological"
PACKAGE_ROOT = Path(docconform.extractor.__file__).resolve().parents[1]
#: Fixture suffix -> the format the page must be detected as.
SUFFIXES = {"html": "html", "md": "markdown", "rst": "rst", "txt": "text"}
#: What a bundle file name may be made of (README: names are sanitised).
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")


# ------------------------------------------------------------------ helpers


def _read_fixture(stem: str, suffix: str) -> tuple[PageResult, list[str]]:
    path = FIXTURES / f"{stem}.{suffix}"
    result = extract_file(path, path.name)
    assert result.format == SUFFIXES[suffix]
    return result, path.read_text(encoding="utf-8").split("\n")


def _with_code(result: PageResult, code: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == code]


def _errors(result: PageResult) -> list[str]:
    return [str(d) for d in result.diagnostics if d.level >= Level.ERROR]


def _line(lines: list[str], d: Diagnostic) -> str:
    """The text of the file line a diagnostic points at (which must exist)."""
    assert 1 <= d.span.line <= len(lines), str(d)
    return lines[d.span.line - 1]


def _only_endpoint(result: PageResult) -> Endpoint:
    assert len(result.endpoints) == 1, [(e.method, e.path) for e in result.endpoints]
    return result.endpoints[0]


def _child(parent: Field, name: str) -> Field:
    (found,) = [c for c in parent.children if c.name == name]
    return found


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _docconform(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``docconform ARGS`` in a child process (the console script's entry point),
    running the ``extractor`` this test imports."""
    path = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path}
    proc = subprocess.run(
        [sys.executable, "-c", "from docconform.cli import main; main()", *map(str, args)],
        check=False, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _index(out: Path) -> dict[str, Any]:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def _pages(index: dict[str, Any]) -> dict[str, int]:
    return {p["source"]: p["endpoints"] for p in index["pages"]}


def _bundles(out: Path) -> dict[str, dict[str, Any]]:
    """Bundle file name -> bundle, for every file the run's index lists."""
    return {name: json.loads((out / name).read_text(encoding="utf-8"))
            for name in _index(out)["files"]}


def _symlink(link: Path, target: str) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as exc:  # e.g. Windows without the privilege
        pytest.skip(f"symbolic links unavailable: {exc}")


# ------------------------------------------------------------------ 1. cyclic tables


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_cyclic_table_references_are_cut_with_a_located_warning(suffix: str) -> None:
    """Table 3 -> Table 5 -> Table 3, and Node's ``children`` of type ``Array of Node
    objects``: each cycle is a ``table-cycle`` warning on the row that closes it,
    and the schema is finite, the tables around the cycle still expanded; the row that
    closes a cycle is a ``$ref`` to its table's schema, so the recursion is kept."""
    result, lines = _read_fixture("cyclic-tables", suffix)
    ep = _only_endpoint(result)
    assert (ep.method, ep.path) == ("POST", "/v1/{project_id}/trees")
    assert _errors(result) == []

    cycles = _with_code(result, "table-cycle")
    assert len(cycles) == 2, [str(d) for d in cycles]
    assert all(d.level is Level.WARNING and d.span.source == f"cyclic-tables.{suffix}"
               for d in cycles)
    by_row = {d.message.split(":")[0]: d for d in cycles}
    assert set(by_row) == {"children", "config"}
    assert "children" in _line(lines, by_row["children"])  # the row of the self-reference
    assert "Node" in by_row["children"].message
    assert "config" in _line(lines, by_row["config"])  # Rule's row back to Table 3
    assert by_row["config"].span.line > by_row["children"].span.line  # Table 5 comes last
    assert "Config" in by_row["config"].message

    assert ep.request_body is not None
    tree = _child(ep.request_body, "tree")
    assert [c.name for c in tree.children] == ["id", "children"]  # Node expanded once
    assert _child(tree, "children").children == ()  # ... and its self-reference not entered
    rule = _child(_child(ep.request_body, "config"), "rule")
    assert [c.name for c in rule.children] == ["kind", "config"]  # Table 5 expanded
    assert _child(rule, "config").children == ()  # ... back to Table 3: cut
    bundle = endpoint_bundle(ep)
    assert _depth(bundle) < 30
    assert len(dump_json(bundle)) < 20_000
    # the recursion is kept: the row that closes each cycle refers to its table's schema in $defs
    schema = bundle["request"]["body"]
    body, defs = schema["properties"], schema["$defs"]
    assert body["tree"]["$ref"] == "#/$defs/Node"
    assert defs["Node"]["properties"]["children"]["items"] == {"x-type-name": "Node", "$ref": "#/$defs/Node"}
    assert defs["Config"]["properties"]["rule"]["properties"]["config"]["$ref"] == "#/$defs/Config"
    check = Draft202012Validator(schema)
    deep = {"tree": {"id": "a", "children": [{"id": "b", "children": [{"id": "c"}]}]}}
    assert check.is_valid(deep)
    deep["tree"]["children"][0]["children"][0] = {"children": []}  # a Node two levels down without its id
    assert not check.is_valid(deep)
    # and a bundle reads back (diff of schema folders) as the tree it was written from
    from docconform.extractor.drift.bundles import endpoint_from_bundle

    again = endpoint_from_bundle(bundle).request_body
    assert again is not None
    assert [c.name for c in _child(again, "tree").children] == ["id", "children"]
    assert _child(_child(again, "tree"), "children").children == ()
    assert [c.name for c in _child(_child(again, "config"), "rule").children] == ["kind", "config"]


# ------------------------------------------------------------------ 2. duplicate parameters


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_duplicate_parameter_names_keep_the_first_with_a_warning(suffix: str) -> None:
    """A name stated twice in one table (path, query, header, response body): a
    ``param-duplicate`` warning on the second row, and the first row's definition kept."""
    result, lines = _read_fixture("duplicate-params", suffix)
    ep = _only_endpoint(result)
    assert (ep.method, ep.path) == ("GET", "/v1/{project_id}/jobs")
    assert _errors(result) == []

    dups = _with_code(result, "param-duplicate")
    names = ["project_id", "limit", "X-Auth-Token", "count"]
    assert [re.search(r"'([^']+)'", d.message).group(1) for d in dups] == names  # type: ignore[union-attr]
    for d, name in zip(dups, names):
        assert d.level is Level.WARNING and d.span.source == f"duplicate-params.{suffix}"
        assert name in _line(lines, d)  # the second row
        first = int(re.search(r"first at line (\d+)", d.message).group(1))  # type: ignore[union-attr]
        assert first < d.span.line and name in lines[first - 1]  # the first row
        assert "first kept" in d.message

    params = {(p.location, p.name): p for p in ep.parameters}
    assert [(p.location, p.name) for p in ep.parameters] == [
        ("path", "project_id"), ("query", "limit"), ("query", "offset"), ("header", "X-Auth-Token")]
    assert params["path", "project_id"].description == "Project ID."
    assert params["query", "limit"].type.raw == "Integer"
    assert params["header", "X-Auth-Token"].required is True
    # Body fields stay in the model (lint and drift see both rows); the schema keeps the
    # first and records where the other was stated.
    count = endpoint_bundle(ep)["responses"]["200"]["body"]["properties"]["count"]
    assert (count["x-raw-type"], count["description"]) == ("Integer", "Number of jobs.")
    assert count["x-duplicate-sources"] == [f"duplicate-params.{suffix}:{dups[-1].span.line}"]


# ------------------------------------------------------------------ 3. one endpoint stated twice


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_same_endpoint_twice_in_one_page_is_one_endpoint(suffix: str) -> None:
    """``DELETE /v1/{project_id}/jobs/{job_id}`` stated in two sections: one endpoint
    with the tables of both, an ``operation-repeated`` info on the second request line."""
    result, lines = _read_fixture("same-endpoint-twice", suffix)
    ep = _only_endpoint(result)
    assert (ep.method, ep.path) == ("DELETE", "/v1/{project_id}/jobs/{job_id}")
    assert _errors(result) == []

    (repeated,) = _with_code(result, "operation-repeated")
    assert repeated.level is Level.INFO
    assert repeated.span.source == f"same-endpoint-twice.{suffix}"
    assert "DELETE /v1/" in _line(lines, repeated)
    first = int(re.search(r"first at line (\d+)", repeated.message).group(1))  # type: ignore[union-attr]
    assert first < repeated.span.line and "DELETE /v1/" in lines[first - 1]

    # The second URI table restates both path parameters: the first statement wins.
    assert [(p.location, p.name) for p in ep.parameters] == [
        ("path", "project_id"), ("path", "job_id")]
    assert {d.message.split("'")[1] for d in _with_code(result, "param-duplicate")} == {
        "project_id", "job_id"}
    job_id = next(p for p in ep.parameters if p.name == "job_id")
    assert (job_id.type.raw, job_id.description) == ("Long", "Job ID.")
    (ok,) = [r for r in ep.responses if r.status == "200"]
    assert ok.body is not None and [c.name for c in ok.body.children] == ["is_success"]


# ------------------------------------------------------------------ 4. one doc id, many pages


def test_pages_sharing_a_doc_id_are_all_extracted_without_collision(tmp_path: Path) -> None:
    """Four pages claiming doc id ``dli_02_0241``: the HTML seed, the same bytes under
    another name, the RST seed (same endpoint, other format) and an HTML copy that
    documents another endpoint. Every page keeps its own bundle (names are made
    from the doc id, the operation *and* the source), nothing is overwritten, and
    the OpenAPI document holds both operations."""
    src = tmp_path / "src"
    (src / "html").mkdir(parents=True)
    (src / "rst").mkdir()
    (src / "copy").mkdir()
    html = seed("000").read_bytes()
    (src / "html" / "stop.html").write_bytes(html)
    (src / "copy" / "stop.html").write_bytes(html)
    (src / "rst" / "stop.rst").write_bytes(seed("002").read_bytes())
    start = html.replace(b"/streaming/jobs/stop", b"/streaming/jobs/start")
    assert start != html
    (src / "html" / "start.html").write_bytes(start)

    proc = _docconform("extract", "src", "-o", "out", "--openapi", "out/openapi.json",
                       "--no-cache", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr

    sources = ["src/copy/stop.html", "src/html/start.html", "src/html/stop.html", "src/rst/stop.rst"]
    assert _pages(_index(tmp_path / "out")) == dict.fromkeys(sources, 1)
    bundles = _bundles(tmp_path / "out")
    assert len(bundles) == 4
    assert all(SAFE_NAME.fullmatch(name) for name in bundles)
    assert sorted(b["source"] for b in bundles.values()) == sources
    assert {b["doc_id"] for b in bundles.values()} == {"dli_02_0241"}
    paths = {b["source"]: b["path"] for b in bundles.values()}
    assert paths["src/html/start.html"] == "/v1.0/{project_id}/streaming/jobs/start"
    assert {paths[s] for s in sources if "start" not in s} == {
        "/v1.0/{project_id}/streaming/jobs/stop"}

    openapi = json.loads((tmp_path / "out" / "openapi.json").read_text(encoding="utf-8"))
    assert {"/v1.0/{project_id}/streaming/jobs/start",
            "/v1.0/{project_id}/streaming/jobs/stop"} <= set(openapi["paths"])


# ------------------------------------------------------------------ 5. 1,000-deep lists

DEPTH = 1000


def _deep_html_list() -> str:
    return "".join(f"<ul><li>level {i}" for i in range(DEPTH)) + "</li></ul>" * DEPTH


#: Two cells holding the deep list one element apart: the parser's depth limit then
#: falls between a ``<ul>`` and its ``<li>`` in one of them, whatever frame the page has.
DEEP_CELLS = {"project_id": "<p>Project ID.</p>\n{}", "region": "<div><p>Region.</p>\n{}</div>"}


def _deep_html() -> str:
    row = "<tr><td><p>{}</p></td><td><p>Yes</p></td><td><p>String</p></td><td>{}</td></tr>"
    head = ("<thead><tr><th>Parameter</th><th>Mandatory</th><th>Type</th>"
            "<th>Description</th></tr></thead>")
    return "\n".join([
        '<a name="deep_page"></a>',
        '<h1 class="topictitle1">Deep Page</h1>',
        '<div class="section"><h4 class="sectiontitle">URI</h4>',
        "<p>POST /v1/{project_id}/deep</p>",
        f"<table><caption><b>Table 1 </b>URI parameters</caption>{head}<tbody>",
        *(row.format(name, cell.format(_deep_html_list())) for name, cell in DEEP_CELLS.items()),
        "</tbody></table></div>",
        '<div class="section"><h4 class="sectiontitle">Request Parameters</h4>',
        f"<table><caption><b>Table 2 </b>Request body parameters</caption>{head}<tbody>",
        row.format("after_deep", "<p>After.</p>"),
        "</tbody></table></div>",
    ]) + "\n"


def _deep_markdown() -> str:
    """A Markdown list nested 1,000 deep, then a raw HTML table whose cells hold one."""
    def table(n: int, caption: str, rows: dict[str, str]) -> str:
        return (f"**表 {n}**  {caption}\n\n<a name=\"t{n}\"></a>\n"
                "<table><thead><tr><th><p>参数</p></th><th><p>是否必选</p></th>"
                "<th><p>参数类型</p></th><th><p>描述</p></th></tr></thead>\n<tbody>\n"
                + "".join(f"<tr><td><p>{name}</p></td><td><p>是</p></td><td><p>String</p></td>\n"
                          f"<td>{cell}\n</td></tr>\n" for name, cell in rows.items())
                + "</tbody>\n</table>\n")
    md_list = "\n".join("  " * i + f"- level {i}" for i in range(DEPTH))
    deep = {name: cell.format(_deep_html_list()) for name, cell in DEEP_CELLS.items()}
    return "\n".join([
        '# Deep Page<a name="deep_page"></a>', "",
        '## URI<a name="s1"></a>', "",
        "POST /v1/\\{project\\_id\\}/deep", "",
        md_list, "",
        table(1, "URI parameters", deep),
        '## 请求参数<a name="s2"></a>', "",
        table(2, "Request body parameters", {"after_deep": "<p>After.</p>"}),
    ])


def _deep_rst() -> str:
    """A list-table cell holding a bullet list nested 1,000 deep."""
    items = "\n\n".join("       " + "  " * i + f"- level {i}" for i in range(DEPTH))
    simple = ("   =========== ========== ======= ============\n"
              "   Parameter   Mandatory  Type    Description\n"
              "   =========== ========== ======= ============\n"
              "   {:<11} Yes        String  {}\n"
              "   =========== ========== ======= ============\n")
    return "\n".join([
        ":original_name: deep_page.html", "", ".. _deep_page:", "",
        "Deep Page", "=========", "", "URI", "---", "",
        "POST /v1/{project_id}/deep", "",
        ".. table:: **Table 1** URI parameters", "",
        simple.format("project_id", "Project ID."),
        ".. list-table:: **Table 2** Query parameters", "   :header-rows: 1", "",
        "   * - Parameter", "     - Mandatory", "     - Type", "     - Description",
        "   * - verbose", "     - No", "     - Boolean", "     - Deep list:", "",
        items, "",
        "Request Parameters", "------------------", "",
        ".. table:: **Table 3** Request body parameters", "",
        simple.format("after_deep", "After."),
    ])


def _deep_text() -> str:
    """A text cell of bullets as a browser copies them, indented one tab per level."""
    items = "\n".join("\t" * i + f"• level {i}" for i in range(DEPTH))
    header = "Parameter\n\nMandatory\n\nType\n\nDescription"
    return "\n\n".join([
        "Updated on 2024-05-15 GMT+08:00", "Deep Page", "URI", "POST /v1/{project_id}/deep",
        "Table 1 Path parameters", header,
        "project_id\n\nYes\n\nString\n\nProject ID. Values:\n" + items,
        "Request Parameters", "Table 2 Request body parameters", header,
        "after_deep\n\nYes\n\nString\n\nAfter.",
    ]) + "\n"


#: suffix -> (page, the parameters whose cells hold a deep list, warnings expected and
#: what the line each points at must look like).
DEEP_PAGES = {
    "html": (_deep_html, tuple(DEEP_CELLS), {"html-too-deep": "<ul><li>level 0"}),
    "md": (_deep_markdown, tuple(DEEP_CELLS),
           {"md-too-deep": "- level", "html-too-deep": "<ul><li>level 0"}),
    "rst": (_deep_rst, ("verbose",), {"rst-too-deep": "- level"}),
    # Nothing is cut in text (items are lines; depth only indents them): no warning.
    "txt": (_deep_text, ("project_id",), {}),
}


@pytest.mark.parametrize("suffix", DEEP_PAGES)
def test_list_nested_a_thousand_deep_keeps_the_page(suffix: str) -> None:
    """A cell (and, in Markdown, the page) holding a list nested 1,000 deep: the
    page is read, the table after it is still extracted, the deepest item's text is
    kept, and where the reader had to cut the nesting a warning says where."""
    make, deep_params, expected = DEEP_PAGES[suffix]
    page = make()
    lines = page.split("\n")
    started = time.monotonic()
    result = extract_bytes(page.encode(), f"deep page.{suffix}")
    assert time.monotonic() - started < 30  # generous: linear readers take well under 1 s

    assert result.format == SUFFIXES[suffix]
    assert _errors(result) == []
    ep = _only_endpoint(result)
    assert (ep.method, ep.path) == ("POST", "/v1/{project_id}/deep")
    assert ep.request_body is not None
    assert [c.name for c in ep.request_body.children] == ["after_deep"]  # the table after
    for name in deep_params:
        deep = next(p for p in ep.parameters if p.name == name)
        assert "level 0" in deep.description and "level 999" in deep.description, name

    warned = {d.code: d for d in result.diagnostics if d.code.endswith("-too-deep")}
    assert set(warned) == set(expected)
    for code, looks_like in expected.items():
        d = warned[code]
        assert d.level is Level.WARNING and d.span.source == f"deep page.{suffix}"
        assert looks_like in _line(lines, d), (code, _line(lines, d)[:80])


# ------------------------------------------------------------------ 6. files that are no pages


def _good_pages(src: Path) -> list[str]:
    """Three readable pages, one of them inside a folder named like a page."""
    (src / "sub").mkdir(parents=True)
    (src / "x.html").mkdir()  # a folder with a page suffix: walked as a folder
    (src / "good.rst").write_bytes(seed("002").read_bytes())
    (src / "sub" / "good.txt").write_bytes(seed("003").read_bytes())
    (src / "x.html" / "inside.html").write_bytes(seed("004").read_bytes())
    return ["src/good.rst", "src/sub/good.txt", "src/x.html/inside.html"]


def test_files_that_are_no_pages_are_reported_and_the_rest_extracted(tmp_path: Path) -> None:
    """Binary, empty, whitespace-only files and broken symbolic links (dangling,
    a loop of two, one to itself) beside real pages, and symlinked folders that
    loop (``a -> ..``, ``b -> a``): each bad file is one error naming it at line 1,
    the good pages are each extracted once, and the run exits 1 (errors, at the
    default ``--fail-on error``), or 0 with ``--fail-on never``."""
    src = tmp_path / "src"
    good = _good_pages(src)
    (src / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(256))
    (src / "empty.md").write_bytes(b"")
    (src / "blank.txt").write_bytes(b"  \n\t\n   \r\n")
    _symlink(src / "sub" / "a", "..")
    _symlink(src / "sub" / "b", "a")
    _symlink(src / "dangling.md", "nowhere.md")
    _symlink(src / "loop1.rst", "loop2.rst")
    _symlink(src / "loop2.rst", "loop1.rst")
    _symlink(src / "self.txt", "self.txt")
    bad = {
        "src/image.html": ("input-binary", "binary"),
        "src/empty.md": ("input-empty", "empty file"),
        "src/blank.txt": ("input-empty", "empty file"),
        "src/dangling.md": ("input-unreadable", "broken symbolic link to 'nowhere.md'"),
        "src/loop1.rst": ("input-unreadable", "broken symbolic link to 'loop2.rst'"),
        "src/loop2.rst": ("input-unreadable", "broken symbolic link to 'loop1.rst'"),
        "src/self.txt": ("input-unreadable", "broken symbolic link to 'self.txt'"),
    }

    proc = _docconform("extract", "src", "-o", "out", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    index = _index(tmp_path / "out")
    assert _pages(index) == {**dict.fromkeys(good, 1), **dict.fromkeys(bad, 0)}
    assert sorted(b["source"] for b in _bundles(tmp_path / "out").values()) == good
    for source, (code, words) in bad.items():
        (d,) = [d for d in index["diagnostics"] if d["source"] == source]
        assert (d["code"], d["level"], d["line"]) == (code, "error", 1)
        assert words in d["message"]
        assert f"{source}:1: error: " in proc.stderr and f"[{code}]" in proc.stderr
    assert not {d["source"] for d in index["diagnostics"] if d["level"] == "error"} & set(good)

    again = _docconform("extract", "src", "-o", "out", "--no-cache", "--fail-on", "never",
                        cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _index(tmp_path / "out")["files"] == index["files"]


def test_a_broken_link_named_on_the_command_line_is_a_missing_input(tmp_path: Path) -> None:
    """A SOURCE that is a dangling link is a missing input (exit 2), said as such."""
    _symlink(tmp_path / "gone.md", "nowhere.md")
    proc = _docconform("extract", "gone.md", "-o", "out", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2
    assert "gone.md:1: error: broken symbolic link [input-missing]" in proc.stderr


def test_a_folder_named_like_a_page_given_as_a_file_is_unreadable(tmp_path: Path) -> None:
    """The library, handed a folder where a page should be, reports it and does not raise."""
    (tmp_path / "x.html").mkdir()
    result = extract_file(tmp_path / "x.html", "x.html")
    assert result.endpoints == []
    (d,) = result.diagnostics
    assert (d.code, d.level, str(d.span)) == ("input-unreadable", Level.ERROR, "x.html:1")
    assert d.message.startswith("cannot read file: ")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_an_unreadable_page_is_reported_and_the_rest_extracted(tmp_path: Path) -> None:
    """A page with mode 000 beside readable pages: an ``input-unreadable`` error naming
    it, the others extracted, exit 1."""
    src = tmp_path / "src"
    good = _good_pages(src)
    locked = src / "locked.rst"
    locked.write_bytes(seed("002").read_bytes())
    locked.chmod(0)
    try:
        proc = _docconform("extract", "src", "-o", "out", "--no-cache", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 1, proc.stderr
    index = _index(tmp_path / "out")
    assert _pages(index) == {**dict.fromkeys(good, 1), "src/locked.rst": 0}
    (d,) = [d for d in index["diagnostics"] if d["source"] == "src/locked.rst"]
    assert (d["code"], d["level"], d["line"]) == ("input-unreadable", "error", 1)
    assert "src/locked.rst:1: error: cannot read file: " in proc.stderr


# ------------------------------------------------------------------ 7. file names


def test_file_names_with_spaces_and_non_ascii_letters(tmp_path: Path) -> None:
    """``作业 管理 (v2).md`` and ``café page.html`` (and, where the file system allows,
    a Latin-1 byte name): extracted, bundle names plain ASCII, and diagnostics and
    the index name each file exactly as it is spelled on disk, with a line inside it."""
    src = tmp_path / "src"
    src.mkdir()
    cjk, cafe = "作业 管理 (v2).md", "café page.html"
    (src / cjk).write_bytes((FIXTURES / "duplicate-params.md").read_bytes())
    (src / cafe).write_bytes((FIXTURES / "cyclic-tables.html").read_bytes())
    pages: dict[str, str | None] = {f"src/{cjk}": "patho_dup", f"src/{cafe}": "patho_cycle"}
    latin1 = b"src/caf\xe9 latin-1.txt"
    if sys.platform.startswith("linux"):
        try:
            (tmp_path / os.fsdecode(latin1)).write_bytes(seed("003").read_bytes())
            pages[os.fsdecode(latin1)] = None  # seed 003 has no doc id
        except (OSError, UnicodeError):
            pass  # a file system that refuses non-UTF-8 names

    proc = _docconform("extract", "src", "-o", "out", "--no-cache", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr  # warnings only
    index = _index(tmp_path / "out")
    assert _pages(index) == dict.fromkeys(pages, 1)
    bundles = _bundles(tmp_path / "out")
    assert {b["source"]: b["doc_id"] for b in bundles.values()} == pages
    for name in bundles:
        assert SAFE_NAME.fullmatch(name) and len(name.encode()) <= 255, name
    for source in pages:  # the recorded source finds the file again, byte for byte
        assert (tmp_path / source).is_file()

    expect = {f"src/{cjk}": ("param-duplicate", "project_id", 4),
              f"src/{cafe}": ("table-cycle", "children", 2)}
    for source, (code, first_row, count) in expect.items():
        found = [d for d in index["diagnostics"] if d["source"] == source]
        assert [d["code"] for d in found] == [code] * count
        lines = (tmp_path / source).read_text(encoding="utf-8").split("\n")
        assert first_row in lines[found[0]["line"] - 1]
        assert f"{source}:{found[0]['line']}: warning: " in proc.stderr
