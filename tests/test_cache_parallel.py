"""Parallel extraction equals serial byte for byte; the cache is used, and never trusted blindly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from extractor import serialize
from extractor.cache import ExtractCache
from extractor.extract_command import run_extract
from extractor.pipeline import extract_bytes

from .conftest import REPO, SEEDS


def _run(out: Path, *, jobs: int, cache: Path | None) -> dict[str, bytes]:
    mp = pytest.MonkeyPatch()
    mp.chdir(REPO)
    try:
        run_extract([Path("seeds")], out, openapi=out / "openapi.json", fmt=None, stats=False,
                    fail_on=None, quiet=True, err=io.StringIO(), out=io.StringIO(),
                    jobs=jobs, cache_dir=cache)
    finally:
        mp.undo()
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_parallel_and_serial_outputs_are_identical(tmp_path: Path) -> None:
    serial = _run(tmp_path / "serial", jobs=1, cache=None)
    parallel = _run(tmp_path / "parallel", jobs=2, cache=None)
    assert serial == parallel
    assert len(serial) >= 7


def test_warm_run_uses_the_cache_and_gives_the_same_output(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _run(tmp_path / "cold", jobs=1, cache=cache)
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 6  # five seeds and the seeds README
    warm = _run(tmp_path / "warm", jobs=1, cache=cache)
    assert warm == cold


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],                       # truncated
        lambda text: "not json at all",                             # garbage
        lambda text: json.dumps({"format": "other-tool", "key": "x"}),  # foreign
        lambda text: text.replace('"$c": "Field"', '"$c": "os.system"'),  # tampered class
    ],
)
def test_damaged_or_foreign_entries_are_ignored_and_rewritten(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = ExtractCache(tmp_path)
    data = (SEEDS / next(p.name for p in SEEDS.glob("002_*"))).read_bytes()
    key = cache.key(data, "seed.rst", None)
    fresh = extract_bytes(data, "seed.rst")
    cache.put(key, fresh)
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    assert cache.get(key) is None
    cache.put(key, fresh)
    again = cache.get(key)
    assert again is not None and again.endpoints == fresh.endpoints


def test_an_entry_for_another_key_is_not_served(tmp_path: Path) -> None:
    cache = ExtractCache(tmp_path)
    a = extract_bytes(b"<h1>a</h1><p>GET /v1/a</p>", "a.html")
    cache.put("k1", a)
    other = tmp_path / "k2"[:2]
    other.mkdir(exist_ok=True)
    (other / "k2.json").write_bytes((tmp_path / "k1"[:2] / "k1.json").read_bytes())
    assert cache.get("k2") is None


def test_model_round_trips_through_json() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        result = extract_bytes(path.read_bytes(), path.name)
        encoded = json.loads(json.dumps(serialize.encode(tuple(result.endpoints))))
        assert serialize.decode(encoded) == tuple(result.endpoints)


def test_json_payloads_that_look_like_tags_round_trip() -> None:
    tricky = {"$c": "Field", "f": {}, "$t": [1], "list": [{"$n": 1}]}
    assert serialize.decode(json.loads(json.dumps(serialize.encode(tricky)))) == tricky
