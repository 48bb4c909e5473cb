"""Parallel extraction equals serial byte for byte; the cache is used, and never trusted blindly."""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docconform.extractor.run.cache_format import MAGIC
from docconform.extractor.run import workers as runner_module
from docconform.extractor.run import serialize
from docconform.extractor.run.cache import ExtractCache, _installed_versions
from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.run.command import extract_all, run_extract
from docconform.extractor.run.pipeline import extract_bytes
from docconform.extractor.run.workers import Task, _chunks, render_bundles

from .conftest import REPO, SEEDS


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(out: Path, *, jobs: int = 1, cache: Path | None, cwd: Path = REPO, src: str = "seeds",
         err: io.StringIO | None = None, quiet: bool = True) -> dict[str, bytes]:
    mp = pytest.MonkeyPatch()
    mp.chdir(cwd)
    try:
        code = run_extract([Path(src)], out, openapi=out / "openapi.json", fmt=None, stats=False,
                           fail_on=None, quiet=quiet, err=err or io.StringIO(), out=io.StringIO(),
                           jobs=jobs, cache_dir=cache)
    finally:
        mp.undo()
    assert code == 0
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def made_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the size of every worker pool started."""
    made: list[int] = []

    class Spy(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            made.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    return made


@pytest.fixture
def pools(made_pools: list[int], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Worker pools even for the six seeds."""
    monkeypatch.setattr(runner_module, "MIN_PAGES_PER_WORKER", 1)
    monkeypatch.setattr(runner_module, "MIN_BYTES_PER_WORKER", 0)
    return made_pools


def test_small_runs_stay_in_one_process(tmp_path: Path, made_pools: list[int]) -> None:
    _run(tmp_path / "out", jobs=8, cache=None)
    assert made_pools == []  # six pages do not pay for starting workers


def test_parallel_and_serial_outputs_are_identical(tmp_path: Path, pools: list[int]) -> None:
    serial = _run(tmp_path / "serial", jobs=1, cache=None)
    assert pools == []
    parallel = _run(tmp_path / "parallel", jobs=2, cache=None)
    cached_parallel = _run(tmp_path / "cached", jobs=2, cache=tmp_path / "cache")
    assert pools == [2, 2]
    assert serial == parallel == cached_parallel
    assert len(serial) >= 7 and "openapi.json" in serial and "index.json" in serial


def test_warm_run_reads_nothing_but_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    cold = _run(tmp_path / "cold", cache=cache)
    assert len(list(cache.rglob("*.entry"))) == 5  # the five seeds (their README is not a page)
    monkeypatch.setattr(runner_module, "extract_bytes", _fail)
    _forbid_openapi(monkeypatch)
    err = io.StringIO()
    assert _run(tmp_path / "cold", cache=cache, err=err) == cold  # in place: nothing to rewrite
    assert _run(tmp_path / "warm", cache=cache, err=err) == cold  # into a new folder
    assert "5 pages (5 from the cache)" in err.getvalue()


def _fail(*args: object, **kwargs: object) -> None:
    raise AssertionError("extracted although the cache holds the page")


def _forbid_openapi(monkeypatch: pytest.MonkeyPatch) -> None:
    from docconform.extractor.writers import openapi

    monkeypatch.setattr(openapi, "openapi_document", _fail)


def test_only_the_changed_page_is_extracted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs / "seeds")
    cache = tmp_path / "cache"
    _run(tmp_path / "out", cache=cache, cwd=docs)
    page = next((docs / "seeds").glob("002_*"))
    page.write_bytes(page.read_bytes().replace(b"Stopping Jobs in Batches", b"Stopping Some Jobs", 1))
    calls: list[str] = []

    def counting(data: bytes, source: str, fmt: str | None = None):  # type: ignore[no-untyped-def]
        calls.append(source)
        return extract_bytes(data, source, fmt)

    monkeypatch.setattr(runner_module, "extract_bytes", counting)
    again = _run(tmp_path / "out", cache=cache, cwd=docs)
    assert calls == [f"seeds/{page.name}"]
    assert again == _run(tmp_path / "fresh", cache=None, cwd=docs)
    assert any(b'"title": "Stopping Some Jobs"' in data for data in again.values())


_DAMAGE: list[Callable[[bytes], bytes]] = [
    lambda raw: raw[: len(raw) // 2],                                   # truncated
    lambda raw: b"not an entry at all",                                 # garbage
    lambda raw: raw.replace(MAGIC.strip(), b"other-tool-cache", 1),  # foreign
    lambda raw: raw.replace(b'"bundles":[["', b'"bundles":[["../', 1),  # tampered, checksum fails
    lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),                        # one bit of the model flipped
    lambda raw: b"",                                                    # empty
]


@pytest.mark.parametrize("damage", _DAMAGE)
def test_damaged_or_foreign_entries_are_ignored_and_rewritten(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = ExtractCache(tmp_path)
    data = next(SEEDS.glob("002_*")).read_bytes()
    key = cache.key(data, "seed.rst", None)
    fresh = extract_bytes(data, "seed.rst")
    cache.put(key, fresh, render_bundles(fresh.endpoints))
    (entry,) = tmp_path.rglob("*.entry")
    entry.write_bytes(damage(entry.read_bytes()))
    loaded = cache.load(key)  # a damaged model leaves the checked summary and bundles usable
    assert loaded is None or loaded.endpoints() is None
    assert cache.get(key) is None
    cache.put(key, fresh, render_bundles(fresh.endpoints))
    again = cache.get(key)
    assert again is not None and again == fresh


def _forge(entry: Path, *, header: Callable[[bytes], bytes] = lambda h: h,
           model: Callable[[bytes], bytes] = lambda m: m) -> None:
    """Edit an entry and fix its checksums: only validation can catch it now."""
    raw = entry.read_bytes()
    first, rest = raw.split(b"\n", 1)
    covered = int(first.split(b" ")[-1])
    head, bundles = rest[:covered].split(b"\n", 1)
    new_model = model(rest[covered:])
    meta = json.loads(header(head))
    meta["model"] = [len(new_model), hashlib.sha256(new_model).hexdigest()]
    covered_bytes = json.dumps(meta, separators=(",", ":")).encode() + b"\n" + bundles
    magic = first.split(b" ")[0]
    entry.write_bytes(magic + b" " + hashlib.sha256(covered_bytes).hexdigest().encode()
                      + b" %d\n" % len(covered_bytes) + covered_bytes + new_model)


def test_forged_entries_are_not_trusted(tmp_path: Path) -> None:
    cache = ExtractCache(tmp_path)
    data = next(SEEDS.glob("000_*")).read_bytes()
    fresh = extract_bytes(data, "seed.html")
    key = cache.key(data, "seed.html", None)
    bundles = render_bundles(fresh.endpoints)
    cache.put(key, fresh, bundles)
    (entry,) = tmp_path.rglob("*.entry")
    original = entry.read_bytes()
    _forge(entry)
    assert cache.get(key) == fresh  # the forging helper itself changes nothing
    name = bundles[0][0].encode()
    for edit in (lambda h: h.replace(name, b"../../escape.json", 1),  # leaves the output folder
                 lambda h: h.replace(b'"tables":', b'"tables":0.5,"x":', 1),  # a count that is no int
                 lambda h: h.replace(key.encode(), b"0" * 64, 1)):       # another key
        entry.write_bytes(original)
        _forge(entry, header=edit)
        assert cache.load(key) is None
    entry.write_bytes(original)
    _forge(entry, model=lambda m: m.replace(b'"$c":"Field"', b'"$c":"os.system"', 1))
    loaded = cache.load(key)
    assert loaded is not None and loaded.endpoints() is None  # an unknown class in the model
    assert cache.get(key) is None


def test_a_run_survives_and_repairs_a_damaged_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _run(tmp_path / "cold", cache=cache)
    for entry in cache.rglob("*.entry"):
        _forge(entry, model=lambda m: m.replace(b'"$c":"TypeRef"', b'"$c":"nope"'))
    for blob in cache.rglob("*.blob"):
        blob.write_bytes(blob.read_bytes()[:100])
    assert _run(tmp_path / "warm", cache=cache) == cold  # OpenAPI rebuilt from re-extracted pages
    store = ExtractCache(cache)
    keys = [p.stem for p in cache.rglob("*.entry")]
    assert keys and all(store.get(k) is not None for k in keys)  # models rewritten too


def test_the_key_covers_bytes_source_format_and_extractor(tmp_path: Path) -> None:
    cache = ExtractCache(tmp_path)
    keys = {cache.key(b"page", "a.rst", None), cache.key(b"page!", "a.rst", None),
            cache.key(b"page", "b.rst", None), cache.key(b"page", "a.rst", "rst")}
    assert len(keys) == 4
    assert cache.key(b"page", "a.rst", None) == ExtractCache(tmp_path / "other").key(b"page", "a.rst", None)
    assert "docutils=" in _installed_versions() and "docconform=" in _installed_versions()


def test_an_entry_for_another_key_is_not_served(tmp_path: Path) -> None:
    cache = ExtractCache(tmp_path)
    a = extract_bytes(b"<h1>a</h1><p>GET /v1/a</p>", "a.html")
    cache.put("k1" * 32, a, render_bundles(a.endpoints))
    other = tmp_path / "k2"
    other.mkdir(exist_ok=True)
    (other / ("k2" * 32 + ".entry")).write_bytes((tmp_path / "k1" / ("k1" * 32 + ".entry")).read_bytes())
    assert cache.get("k2" * 32) is None


def test_extract_all_is_the_same_serial_parallel_and_cached(tmp_path: Path, pools: list[int],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    serial = extract_all([Path("seeds")], None, None, DiagnosticSink())
    parallel = extract_all([Path("seeds")], None, None, DiagnosticSink(), jobs=2)
    cold = extract_all([Path("seeds")], None, None, DiagnosticSink(), cache_dir=tmp_path)
    monkeypatch.setattr(runner_module, "extract_bytes", _fail)
    warm = extract_all([Path("seeds")], None, None, DiagnosticSink(), jobs=2, cache_dir=tmp_path)
    assert serial == parallel == cold == warm
    assert [r.source for r in serial] == sorted(r.source for r in serial)
    assert sum(len(r.endpoints) for r in serial) >= 5


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(tmp_path: Path) -> None:
    plain, tty, quiet_tty = io.StringIO(), _Tty(), _Tty()
    _run(tmp_path / "a", cache=None, err=plain, quiet=False)
    _run(tmp_path / "b", cache=None, err=tty, quiet=False)
    _run(tmp_path / "c", cache=None, err=quiet_tty, quiet=True)
    assert "extracting" not in plain.getvalue()
    pages = len(list((REPO / "seeds").glob("0*.txt")))
    assert "extracting" in tty.getvalue() and f"{pages}/" in tty.getvalue() and "pages/s" in tty.getvalue()
    assert "extracting" not in quiet_tty.getvalue() and "pages" in quiet_tty.getvalue()


def test_chunks_send_the_largest_pages_first_and_every_page_once() -> None:
    tasks = [Task(i, f"p{i}", f"p{i}", size) for i, size in enumerate([5, 900, 10, 3, 700, 1, 1, 2] * 5)]
    chunks = _chunks(tasks, 2)
    flat = [t.index for chunk in chunks for t in chunk]
    assert sorted(flat) == list(range(len(tasks)))
    assert chunks[0][0].size == 900 and len(chunks[0]) == 1
    assert all(len(c) <= 16 for c in chunks)


def test_model_round_trips_through_json() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        result = extract_bytes(path.read_bytes(), path.name)
        encoded = json.loads(json.dumps(serialize.encode(tuple(result.endpoints))))
        assert serialize.decode(encoded) == tuple(result.endpoints)


def test_json_payloads_that_look_like_tags_round_trip() -> None:
    tricky = {"$c": "Field", "f": {}, "$t": [1], "list": [{"$n": 1}]}
    assert serialize.decode(json.loads(json.dumps(serialize.encode(tricky)))) == tricky
