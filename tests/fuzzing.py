"""Mutated real pages and the property every reader must keep on them.

Shared by the short fuzz run in CI (``tests/test_fuzz_readers.py``) and the
long one (``benchmarks/fuzz_long.py``). A :class:`SeedPage` is a real page with
the places where its tables start, its rows start and its tables end (found
by reading it once); :func:`mutated_pages` is a Hypothesis strategy that
applies a few mutations to one (byte flips, truncation at a table boundary,
deleted and duplicated tags, unbalanced markup, deep nesting, very long
lines, mixed encodings, NUL and other control bytes, spliced pages);
:func:`check_page` runs the pipeline on one input and lists every broken
promise: an exception escaping, a ``reader-failed``/``interpret-failed``
diagnostic (the pipeline's last-resort catch, so a reader bug), a
diagnostic or schema location outside the page, or a page over the time
bound. :func:`grow_table` and :func:`grow_page` scale a real page up for
the linear-time figures.

Not responsible for deciding what a page means (the readers and the
interpreter) nor for reporting figures (the long run does).
"""

from __future__ import annotations

import functools
import re
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.model import Endpoint, Field, Page, Span, Table
from docconform.extractor.run.pipeline import PageResult, extract_bytes
from docconform.extractor.readers import FORMATS, read_page
from docconform.extractor.readers.detect import decode, detect_format

__all__ = [
    "FORMATS",
    "Outcome",
    "SeedPage",
    "check_document",
    "check_page",
    "grow_page",
    "grow_table",
    "line_count",
    "load_seed",
    "mutated_pages",
    "random_documents",
    "MUTATIONS",
]

#: CPU seconds one page may take before it counts as a hang (CPU time of this process, not
#: wall time: other work on a busy machine must not make a page look hung).
TIME_BOUND = 10.0


@dataclass(frozen=True)
class SeedPage:
    """A real page, its format and the byte offsets of its table boundaries."""

    name: str
    data: bytes
    fmt: str
    boundaries: tuple[int, ...]
    rows: tuple[tuple[int, int, str], ...] = ()  # (start, end, first cell) of the longest table's rows


def _line_starts(data: bytes) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(rb"\n", data))
    return starts


def _tables(page: Page) -> Iterator[tuple[Table, int | None]]:
    """Each table with the line of the block after it (its end), if any."""
    blocks = page.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Table):
            nxt = blocks[i + 1].span.line if i + 1 < len(blocks) else None
            yield block, nxt


def load_seed(path: Path, name: str | None = None) -> SeedPage:
    """Read ``path`` once to find where its tables and rows start and end."""
    data = path.read_bytes()
    text = decode(data).text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = detect_format(text)
    page = read_page(data, name or path.name, DiagnosticSink(), fmt)
    starts = _line_starts(data)
    at = lambda line: starts[min(max(line, 1), len(starts)) - 1]  # noqa: E731
    offsets: set[int] = set()
    longest: tuple[Table, int | None] | None = None
    for table, end in _tables(page) if page else ():
        lines = [table.span.line, *(r.span.line for r in table.rows), *([end] if end else [])]
        offsets.update(at(line) for line in lines)
        if len(table.rows) >= 2 and (longest is None or len(table.rows) > len(longest[0].rows)):
            longest = (table, end)
    rows: list[tuple[int, int, str]] = []
    if longest is not None:
        table, _ = longest
        for a, b in zip(table.rows, table.rows[1:]):
            if a.cells and b.span.line > a.span.line:
                rows.append((at(a.span.line), at(b.span.line), a.cells[0].text.strip()))
    return SeedPage(name or path.name, data, fmt, tuple(sorted(offsets)), tuple(rows))


# ------------------------------------------------------------------ mutations

_TAG = re.compile(rb"<[^<>\n]{0,300}>")
_MARKUP = [
    b"<table>", b"</table>", b"<tr>", b"</tr>", b"<td>", b"</td>", b"<th>", b"<thead>", b"</tbody>",
    b'<td rowspan="100000">', b'<td colspan="100000">', b'<td rowspan="-3" colspan="0">',
    b"<ul><li>", b"</li></ul>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<caption>", b"<a name=",
    b'<a href="#', b"&#0;", b"&#99999999;", b"&", b"<", b">", b"<pre>", b"<script>", b"**", b"`",
    b"```\n", b"\n```", b"\n+---+---+\n", b"\n+===+\n", b"\n.. table:: **Table 9** x\n\n",
    b"\n.. code-block::\n\n", b"\n.. _label:\n", b":ref:`", b"`_", b"\n| a | b |\n|---|---|\n",
    b"\n-  ", b"\n\n   ", b"|", b"\\", b"\n**\xe8\xa1\xa8 1**\n", b"\nTable 1 x\n", b"{", b"}",
    b"\nPOST /v1/{a}/b\n", b"\n## \n", b"\n====\n", b"\t", b"\x0c", b"\x0b", b"\r",
    b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\x1c\x1d\x1e", b"\xef\xbb\xbf", b"\x00",
]
_NESTING = [
    (b"<ul><li>", b"</li></ul>"), (b"<div>", b"</div>"), (b"<table><tr><td>", b"</td></tr></table>"),
    (b"<b>", b"</b>"), (b"<ol><li><p>", b"</p></li></ol>"), (b"<blockquote>", b"</blockquote>"),
]
_LONG_UNITS = [b"a", b"x ", b"| ", b"<b>", b"</td>", b"-", b"=", b"+-", b"*", b"`", b"\xe5\x8f\x82",
               b"{", b"[", b"\\", b" "]
_ENCODINGS = ["gb18030", "latin-1", "cp1252", "utf-16-le", "utf-16", "shift_jis", "big5", "utf-7"]


def _pos(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def _byte_flips(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 16))):
        if out:
            i = draw(st.integers(0, len(out) - 1))
            out[i] ^= draw(st.integers(1, 255))
    return bytes(out)


def _truncate(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    at = draw(st.sampled_from(seed.boundaries)) if seed.boundaries else _pos(draw, data)
    at += draw(st.sampled_from([0, 0, 1, -1, 7, 40]))
    return data[: max(0, min(at, len(data)))]


def _tag_edit(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    tags = list(_TAG.finditer(data))
    if not tags:
        return data
    if draw(st.booleans()):  # every occurrence of one tag name (all </td>, all <tr ...>)
        name = draw(st.sampled_from(tags)).group()[:4]
        return re.sub(re.escape(name) + rb"[^<>\n]{0,300}>", b"", data)
    tag = draw(st.sampled_from(tags))
    times = draw(st.sampled_from([0, 0, 2, 3, 50]))
    return data[: tag.start()] + tag.group() * times + data[tag.end():]


def _unbalanced(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    at = _pos(draw, data)
    piece = draw(st.sampled_from(_MARKUP)) * draw(st.sampled_from([1, 1, 2, 5, 100]))
    return data[:at] + piece + data[at:]


def _nest(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    a, b = sorted((_pos(draw, data), _pos(draw, data)))
    depth = draw(st.sampled_from([2, 10, 100, 1000]))
    if draw(st.booleans()):
        opener, closer = draw(st.sampled_from(_NESTING))
        closer = closer if draw(st.booleans()) else b""
        return data[:a] + opener * depth + data[a:b] + closer * depth + data[b:]
    lines = data[a:b].split(b"\n")  # a deep list or block quote by indentation
    bullet = draw(st.sampled_from([b"-  ", b"-   ", b"* ", b"1. ", b"> ", b"   "]))
    nested = [bullet * min(depth, 200) + line for line in lines]
    return data[:a] + b"\n".join(nested) + data[b:]


def _long_line(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    if draw(st.booleans()):  # join a run of lines into one
        a, b = sorted((_pos(draw, data), _pos(draw, data)))
        return data[:a] + data[a:b].replace(b"\n", b" ") + data[b:]
    at = _pos(draw, data)
    unit = draw(st.sampled_from(_LONG_UNITS))
    size = draw(st.sampled_from([1_000, 20_000, 200_000]))
    return data[:at] + unit * (size // len(unit)) + data[at:]


def _mixed_encoding(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    text = data.decode("utf-8", "replace")
    a, b = sorted((draw(st.integers(0, len(text))), draw(st.integers(0, len(text)))))
    encoding = draw(st.sampled_from(_ENCODINGS))
    middle = text[a:b].encode(encoding, "replace")
    return text[:a].encode() + middle + text[b:].encode()


def _controls(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    out = data
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(min(len(out), 9000) if draw(st.booleans()) else 0, len(out)))
        char = draw(st.sampled_from([b"\x00", b"\x0c", b"\x0b", b"\x1b", b"\x7f", b"\r", b"\xc2\x85"]))
        out = out[:at] + char + out[at:]
    return out


def _lines_edit(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    lines = data.split(b"\n")
    a, b = sorted((draw(st.integers(0, len(lines))), draw(st.integers(0, len(lines)))))
    how = draw(st.sampled_from(["delete", "duplicate", "reverse", "shuffle-move"]))
    chunk = lines[a:b]
    if how == "delete":
        chunk = []
    elif how == "duplicate":
        chunk = chunk * draw(st.integers(2, 4))
    elif how == "reverse":
        chunk = chunk[::-1]
    else:
        rest = lines[:a] + lines[b:]
        at = draw(st.integers(0, len(rest)))
        return b"\n".join(rest[:at] + chunk + rest[at:])
    return b"\n".join(lines[:a] + chunk + lines[b:])


def _splice(draw: st.DrawFn, data: bytes, seed: SeedPage) -> bytes:
    other = draw(st.sampled_from(_SPLICE_POOL)) if _SPLICE_POOL else data
    a, b = sorted((draw(st.integers(0, len(other))), draw(st.integers(0, len(other)))))
    at = _pos(draw, data)
    return data[:at] + other[a:b] + data[at:]


_SPLICE_POOL: list[bytes] = []

#: name -> mutation; each takes (draw, data, seed) and returns new bytes.
MUTATIONS = {
    "byte-flip": _byte_flips,
    "truncate-at-table-boundary": _truncate,
    "tag-delete-or-duplicate": _tag_edit,
    "unbalanced-markup": _unbalanced,
    "deep-nesting": _nest,
    "long-line": _long_line,
    "mixed-encoding": _mixed_encoding,
    "nul-and-control-bytes": _controls,
    "lines-edit": _lines_edit,
    "splice": _splice,
}


@dataclass(frozen=True)
class Mutated:
    """One fuzz input: which seed, which mutations, which reader, the bytes."""

    seed: str
    mutations: tuple[str, ...]
    fmt: str | None
    data: bytes

    def __repr__(self) -> str:  # the bytes would drown Hypothesis' report
        return f"Mutated({self.seed!r}, {self.mutations!r}, fmt={self.fmt!r}, {len(self.data)} bytes)"


def mutated_pages(seeds: Sequence[SeedPage], *, fmt: str | None = None,
                  max_mutations: int = 3) -> st.SearchStrategy[Mutated]:
    """Seed pages with 1..``max_mutations`` mutations, read by ``fmt``.

    With ``fmt`` given, nine inputs in ten go to that reader (so each reader
    gets its own figures) and the rest to sniffing; seeds of that format are
    preferred but every seed can be fed to every reader.
    """
    _SPLICE_POOL[:] = [s.data for s in seeds]
    own = [s for s in seeds if s.fmt == fmt] or list(seeds)

    @st.composite
    def build(draw: st.DrawFn) -> Mutated:
        seed = draw(st.sampled_from(own) if draw(st.integers(0, 4)) else st.sampled_from(list(seeds)))
        names = draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=max_mutations))
        data = seed.data
        for name in names:
            data = MUTATIONS[name](draw, data, seed)
        reader = fmt if fmt is None or draw(st.integers(0, 9)) else None
        return Mutated(seed.name, tuple(names), reader, data)

    return build()


# ------------------------------------------------------------------ the property


@dataclass
class Outcome:
    """What one input did: time taken, promises broken (empty when fine)."""

    seconds: float
    problems: list[str] = field(default_factory=list)
    result: PageResult | None = None

    @property
    def crashed(self) -> bool:
        return any(not p.startswith("slow") for p in self.problems)

    @property
    def hung(self) -> bool:
        return any(p.startswith("slow") for p in self.problems)


def line_count(data: bytes) -> int:
    """Lines of the page as the readers number them (``\\r\\n`` and ``\\r`` end lines too)."""
    text = decode(data).text
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def _spans(ep: Endpoint) -> Iterator[tuple[str, Span]]:
    yield "endpoint", ep.span
    stack: list[Field] = [*ep.parameters, *([ep.request_body] if ep.request_body else [])]
    for r in ep.responses:
        yield f"response {r.status}", r.span
        stack += [*([r.body] if r.body else []), *r.headers]
    for ex in ep.examples:
        yield "example", ex.span
    while stack:
        f = stack.pop()
        yield f"field {f.name!r}", f.span
        stack.extend(f.children)


def check_page(data: bytes, source: str, fmt: str | None = None, *,
               bound: float = TIME_BOUND) -> Outcome:
    """Extract one page and list every broken promise (see the module docstring)."""
    start = time.process_time()
    try:
        result = extract_bytes(data, source, fmt)
    except BaseException as exc:  # noqa: BLE001 - that is what we are looking for
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.format_exc(limit=-4)
        return Outcome(time.process_time() - start, [f"uncaught {type(exc).__name__}: {exc}\n{tb}"])
    out = Outcome(time.process_time() - start, result=result)
    if out.seconds > bound:
        out.problems.append(f"slow: {out.seconds:.1f} CPU s for {len(data)} bytes")
    lines = line_count(data)
    for d in result.diagnostics:
        if d.code in ("reader-failed", "interpret-failed"):
            out.problems.append(f"{d.code}: {d.message}")
        if d.span.source != source or not 1 <= d.span.line <= lines:
            out.problems.append(f"diagnostic outside the page ({lines} lines): {d}")
    for ep in result.endpoints:
        for what, span in _spans(ep):
            if span.source != source or not 1 <= span.line <= lines:
                out.problems.append(f"{what} at {span}, outside the page ({lines} lines)")
                break
    return out


# ------------------------------------------------------------------ scaled pages


def grow_table(seed: SeedPage, rows: int) -> bytes:
    """``seed`` with its longest table grown to about ``rows`` rows (distinct names).

    The rows repeated are the page's own (their exact markup), with the
    parameter name numbered, so every reader sees its real row syntax.
    """
    if not seed.rows:
        raise ValueError(f"{seed.name}: no table with enough rows to grow")
    start, end, name = seed.rows[0]
    block = seed.data[start:end]
    key = name.encode() if name and name.isascii() and name.encode() in block else None
    grown = [block.replace(key, _numbered(key, i), 1) if key else block for i in range(rows)]
    return seed.data[:end] + b"".join(grown) + seed.data[end:]


def _numbered(name: bytes, i: int) -> bytes:
    """``name`` with its tail replaced by ``i`` in base 36, same width (RST grids stay aligned)."""
    digits = ""
    while True:
        i, d = divmod(i, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[d] + digits
        if not i:
            break
    width = max(len(digits), min(4, len(name)))
    return name[: max(0, len(name) - width)] + digits.rjust(width, "0").encode()


def grow_page(seed: SeedPage, size: int) -> bytes:
    """``seed`` with its rows repeated until the page is about ``size`` bytes."""
    if not seed.rows:
        raise ValueError(f"{seed.name}: no table with enough rows to grow")
    start, end, _ = seed.rows[0]
    per_row = max(1, end - start)
    return grow_table(seed, max(1, (size - len(seed.data)) // per_row))


# ------------------------------------------------------------------ random Documents for the interpreter


@functools.cache
def _vocab_words() -> list[str]:
    """Every phrase of the interpreter's vocabularies, so random pages hit its branches."""
    import json

    from docconform.extractor.interpret import vocab

    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) < 80:
            words.add(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "_doc":
                    walk(k)
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    folder = Path(vocab.__file__).resolve().parents[1] / "vocab"
    for path in sorted(folder.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(words) + _PHRASES


_PHRASES = [
    "POST /v1.0/{project_id}/jobs/stop", "GET /v2/{project_id}/servers?limit={limit}&marker=x",
    "DELETE https://{endpoint}/v1/{a}/{b}", "Table 1", "Table 3", "表4", "see Table 2",
    "Array of Table 3 objects", "Array of Long", "[Long]", "List<String>", "Map<String,Object>",
    "Job", "Job object", "Array of Job objects", "Yes", "No", "是", "否", "Default: 5",
    "Value range: 1 to 100", "Enumerated values: - a - b", '{"a": 1, "b": [', "{}", "200", "400",
    "Status code: 200", "Example Request", "Example Response", "URI", "Request Parameters",
    "Response Parameters", "Status Codes", "Error Codes", "Array elements", "数组元素", "",
    "x-auth-token", "X-Auth-Token", "project_id", "a" * 500, "{", "}", "\\", "|", "-",
]


@st.composite
def random_documents(draw: st.DrawFn, source: str = "random.page") -> Page:
    """A Page of random headings, paragraphs, code and tables made of API words.

    Readers only ever build well-formed Pages from real markup; these go
    straight to the interpreter with shapes no reader may produce yet
    (ragged rows, empty headers, tables referring to each other, spans
    at any line), so its own assumptions are tested, not the readers'.
    """
    from docconform.extractor.model import Cell, Code, Heading, Para, Ref, Row

    text = st.lists(st.sampled_from(_vocab_words()), max_size=4).map(" ".join)
    line = st.integers(1, 400)

    def cell(draw: st.DrawFn) -> Cell:
        refs = draw(st.lists(st.builds(Ref, st.sampled_from(["t1", "t3", "x__t2", "p.html#t1", ""]), text), max_size=2))
        items = draw(st.lists(text, max_size=3))
        return Cell(draw(text), Span(source, draw(line)), tuple(items), tuple(refs), tuple(draw(st.lists(text, max_size=2))))

    cells = st.composite(lambda d: cell(d))()
    row = st.builds(lambda cs, n: Row(tuple(cs), Span(source, n)), st.lists(cells, max_size=6), line)
    table = st.builds(
        lambda cap, hdr, rows, n, num, anchors: Table(cap, tuple(hdr), tuple(rows), Span(source, n), num, tuple(anchors)),
        text, st.lists(cells, max_size=6), st.lists(row, max_size=6), line,
        st.sampled_from([None, "1", "2", "3", "4"]), st.lists(st.sampled_from(["t1", "t2", "t3", "x__t2"]), max_size=2),
    )
    block = st.one_of(
        st.builds(lambda lvl, t, n: Heading(lvl, t, Span(source, n)), st.integers(1, 6), text, line),
        st.builds(lambda t, n, b, dp: Para(t, Span(source, n), bullet=b, depth=dp), text, line, st.booleans(), st.integers(0, 3)),
        st.builds(lambda t, n: Code(t, Span(source, n)), text, line),
        table,
    )
    blocks = draw(st.lists(block, max_size=14))
    lang = draw(st.sampled_from(["en", "zh-CN"]))
    return Page(source, draw(st.sampled_from(FORMATS)), lang, tuple(blocks), (("anchor", "x"),))



def check_document(page: Page, *, bound: float = TIME_BOUND) -> Outcome:
    """Interpret one Document; problems as in :func:`check_page` (lines 1..400)."""
    from docconform.extractor.interpret.endpoints import interpret

    sink = DiagnosticSink()
    start = time.process_time()
    try:
        endpoints = interpret(page, sink)
    except Exception as exc:  # noqa: BLE001 - that is what we are looking for
        tb = traceback.format_exc(limit=-4)
        return Outcome(time.process_time() - start, [f"uncaught {type(exc).__name__}: {exc}\n{tb}"])
    out = Outcome(time.process_time() - start)
    if out.seconds > bound:
        out.problems.append(f"slow: {out.seconds:.1f} CPU s")
    spans = [d.span for d in sink.items] + [s for ep in endpoints for _, s in _spans(ep)]
    out.problems += [f"location outside the page: {s}" for s in spans
                     if s.source != page.source or not 1 <= s.line <= 400]
    return out
