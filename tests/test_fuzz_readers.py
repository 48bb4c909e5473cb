"""Fuzzing every reader and the interpreter: the short run, for CI.

Real pages (the seeds) are mutated (``tests/fuzzing.py``: byte flips,
truncation at table boundaries, deleted and duplicated tags, unbalanced
markup, deep nesting, very long lines, mixed encodings, NUL and control
bytes, spliced pages) and read by each reader; random Documents go straight
to the interpreter. The property: no exception escapes, no reader or
interpreter bug surfaces as the pipeline's last-resort ``reader-failed`` /
``interpret-failed``, every diagnostic and schema location names the page
and a line inside it, and no page takes longer than the hang bound. The
long run with figures is ``benchmarks/fuzz_long.py``; the regression tests at the
end are inputs the fuzzers found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from docconform.extractor.run.pipeline import extract_bytes
from tests.conftest import SEEDS
from tests.fuzzing import (
    FORMATS,
    SeedPage,
    check_document,
    check_page,
    grow_table,
    load_seed,
    mutated_pages,
    random_documents,
)

SEED_PAGES: list[SeedPage] = [load_seed(p) for p in sorted(SEEDS.glob("0*.txt"))]

_SHORT = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def _assert_fine(data: bytes, source: str, fmt: str | None) -> None:
    outcome = check_page(data, source, fmt)
    assert not outcome.problems, "\n".join(outcome.problems)


@pytest.mark.parametrize("fmt", FORMATS)
@_SHORT
@given(data=st.data())
def test_mutated_real_pages(fmt: str, data: st.DataObject) -> None:
    page = data.draw(mutated_pages(SEED_PAGES, fmt=fmt))
    note(repr(page))
    _assert_fine(page.data, "fuzz/page.txt", page.fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=random_documents())
def test_interpreter_on_random_documents(page) -> None:  # type: ignore[no-untyped-def]
    outcome = check_document(page)
    assert not outcome.problems, "\n".join(outcome.problems)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_seed_through_every_reader(fmt: str) -> None:
    """A page given to the wrong reader (``--format`` forced) is still read without a crash."""
    for seed in SEED_PAGES:
        _assert_fine(seed.data, seed.name, fmt)


@pytest.mark.parametrize("seed", SEED_PAGES, ids=lambda s: s.name[:3])
def test_truncation_at_every_table_boundary(seed: SeedPage) -> None:
    """Cut where each table starts, each row starts and each table ends, and mid-line there."""
    assert seed.boundaries, "the seed has tables"
    for at in seed.boundaries:
        for cut in (at, at + 5):
            _assert_fine(seed.data[:cut], seed.name, seed.fmt)


@pytest.mark.parametrize("seed", SEED_PAGES[:4], ids=lambda s: s.fmt)
def test_large_table_is_read_whole(seed: SeedPage) -> None:
    """1,500 extra rows in the page's own markup all come out (the long run times 10,000)."""
    result = extract_bytes(grow_table(seed, 1500), seed.name, seed.fmt)
    (ep,) = result.endpoints
    stack = [f for f in (ep.request_body, *(r.body for r in ep.responses)) if f is not None]
    widest = 0
    while stack:
        f = stack.pop()
        widest = max(widest, len(f.children))
        stack.extend(f.children)
    assert widest >= 1500
    assert not [d for d in result.diagnostics if d.code.endswith("-failed")]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "line",
    [b"-a" * 150_000, b"+-" * 150_000, b"a:" * 150_000, b"| " * 150_000, b"<b>" * 100_000,
     "参".encode() * 100_000, b"`" * 200_000],
    ids=["dash-letter", "grid", "colons", "pipes", "bold-tags", "cjk", "backticks"],
)
def test_very_long_line_in_each_reader(fmt: str, line: bytes) -> None:
    """One line of 200-300 KB inside a real page: read within the hang bound, no crash."""
    seed = next(s for s in SEED_PAGES if s.fmt == fmt)
    at = seed.boundaries[len(seed.boundaries) // 2]
    _assert_fine(seed.data[:at] + line + b"\n" + seed.data[at:], seed.name, fmt)



def test_grid_table_that_trips_a_docutils_assertion_costs_only_that_table() -> None:
    """Found by the long fuzz run: byte flips in a grid table's borders (a real OTC
    page, ``fuzz-docutils-table-assert.rst``) made docutils' GridTableParser fail an
    ``assert``, and the whole page was lost. Now that table is a malformed table."""
    data = (Path(__file__).parent / "fixtures" / "pathological" / "fuzz-docutils-table-assert.rst").read_bytes()
    result = extract_bytes(data, "damaged.rst", "rst")
    assert not [d for d in result.diagnostics if d.code.endswith("-failed")]
    (ep,) = result.endpoints
    assert ep.method == "GET" and ep.parameters
    malformed = [d for d in result.diagnostics if "Malformed table" in d.message]
    assert [(d.code, d.span.line) for d in malformed] == [("rst-warning", 60)]


def test_example_nested_thousands_deep_is_reported_not_a_crash() -> None:
    """Found by the long fuzz run: a response example of 5,000 nested arrays overflowed
    the JSON decoder's recursion and cost the page its endpoint."""
    seed = next(s for s in SEED_PAGES if s.name.startswith("003"))
    text = seed.data.decode()
    at = text.index("Example Responses")
    at = text.index("{", at)
    data = (text[:at] + "[" * 5000 + "]" * 5000 + "\n" + text[at:]).encode()
    result = extract_bytes(data, seed.name, "text")
    assert not [d for d in result.diagnostics if d.code.endswith("-failed")]
    assert len(result.endpoints) == 1
    deep = [d for d in result.diagnostics if "nested more than 100 levels" in d.message]
    assert deep and deep[0].code == "example-invalid-json" and deep[0].span.line > 200


@pytest.mark.parametrize("where", ["example", "markdown-delimiter"])
def test_long_blank_run_before_text_is_linear(where: str) -> None:
    """Found by the long fuzz run: 183,000 blanks before the rest of a line in an example
    request took 271 s (``^\\s*["]?\\s*METHOD``: two blank runs side by side re-split
    the blanks for every split point); the Markdown table-delimiter signal had the same
    shape. The bound is a hang bound, not a speed target: both took minutes."""
    import time

    from docconform.extractor.interpret.examples import parse_example
    from docconform.extractor.readers.detect import detect_format

    blanks = " " * 200_000
    start = time.perf_counter()
    if where == "example":
        assert parse_example(f"GET /v1/x\n{blanks}y/metadata/key1\n").method == "GET"
    else:
        assert detect_format(f"# T\n\n|---|---{blanks}x\n") == "markdown"
    assert time.perf_counter() - start < 5


def test_rst_definition_term_with_a_long_blank_run_is_linear() -> None:
    """Found by the long fuzz run: docutils splits definition-list terms at ``' +: +'``,
    quadratic on a long blank run without a colon (23 s for one 200 KB line). The bound
    is a hang bound, not a speed target."""
    import time

    page = "Title\n=====\n\nterm" + " " * 200_000 + "x : classifier\n   The definition.\n"
    start = time.perf_counter()
    result = extract_bytes(page.encode(), "term.rst", "rst")
    assert time.perf_counter() - start < 5
    assert not [d for d in result.diagnostics if d.code.endswith("-failed")]
