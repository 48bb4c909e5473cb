"""The long fuzz run: every reader and the interpreter, for minutes, with figures.

    .venv/bin/python benchmarks/fuzz_long.py [--minutes 25] [--corpus DIR] [--pages-per-format 40]
                                        [--out DIR] [--rows 10000] [--megabytes 10] [--no-scaling]

The short run in CI is ``tests/test_fuzz_readers.py``; this one uses the same
mutations and property (``tests/fuzzing.py``) on the seeds plus real pages of
the corpus (``../shared/corpus`` when present), with inputs drawn by
Hypothesis from random bytes (``fuzz_one_input``), one reader at a time in a
worker process watched by a watchdog, so that a hang is caught, recorded and
the run goes on. It prints, per reader: inputs tried, crashes (an exception
escaping ``extract_bytes``, a ``reader-failed``/``interpret-failed``
diagnostic, or a location outside the page), hangs (over the 10 s bound, or
killed by the watchdog), the slowest input; then the linear-time figures:
the time to read a real page of each format whose longest table has N, 2N
and 4N rows (N = rows/4) and whose size is M/4, M/2 and M megabytes, with the
ratios (2.0 per doubling is linear). Every crash and hang is saved under
``--out`` (input bytes plus a ``.txt`` saying what broke) with a summary
``fuzz-long.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import queue
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzzing import (  # noqa: E402 - the repository root must be on the path first
    FORMATS,
    TIME_BOUND,
    SeedPage,
    check_document,
    check_page,
    grow_page,
    grow_table,
    load_seed,
    mutated_pages,
    random_documents,
)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
#: Seconds without word from a worker before its current input counts as a hang.
WATCHDOG = 60.0
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".rst": "rst"}


def corpus_pages(corpus: Path, per_format: int) -> list[Path]:
    """Up to ``per_format`` corpus pages of each suffix, spread evenly over the sorted list."""
    chosen: list[Path] = []
    for suffix in sorted(set(_SUFFIXES)):
        pages = sorted(p for p in corpus.rglob(f"*{suffix}")
                       if p.is_file() and p.parent != corpus)  # not the corpus' own notes
        step = max(1, len(pages) // per_format) if pages else 1
        chosen += pages[::step][:per_format]
    return chosen


def load_seeds(corpus: Path | None, per_format: int) -> list[SeedPage]:
    paths = sorted((REPO / "seeds").glob("0*.txt"))
    if corpus is not None and corpus.is_dir():
        paths += corpus_pages(corpus, per_format)
    seeds = []
    for path in paths:
        try:
            seeds.append(load_seed(path, os.path.relpath(path, REPO.parent)))
        except Exception as exc:  # noqa: BLE001 - reported, the run goes on
            print(f"cannot load {path}: {exc}", file=sys.stderr)
    return seeds


# ------------------------------------------------------------------ the worker


def _worker(target: str, seeds: list[SeedPage], deadline: float, out: Path, report: Any) -> None:
    """Fuzz ``target`` (a format or "interpreter") until ``deadline``; talk through ``report``."""
    from hypothesis import HealthCheck, given, settings

    current = out / f"current-{target}.bin"
    stats = {"inputs": 0, "crashes": 0, "hangs": 0, "slowest": 0.0, "slowest_input": ""}

    def record(outcome: Any, label: str, data: bytes | None) -> None:
        stats["inputs"] += 1
        if outcome.seconds > stats["slowest"]:
            stats["slowest"], stats["slowest_input"] = outcome.seconds, label
        if outcome.problems:
            stats["crashes" if outcome.crashed else "hangs"] += 1
            save(out, target, data, label, outcome.problems)

    if target == "interpreter":
        @given(random_documents())
        def one(page: Any) -> None:
            current.write_bytes(repr(page).encode("utf-8", "backslashreplace"))
            record(check_document(page), f"{len(page.blocks)} blocks", repr(page).encode("utf-8", "replace"))
    else:
        @given(mutated_pages(seeds, fmt=target))
        def one(page: Any) -> None:  # type: ignore[misc]
            current.write_bytes(page.data)
            record(check_page(page.data, "fuzz/page.txt", page.fmt), repr(page), page.data)

    one = settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))(one)
    last_report = 0.0
    while time.time() < deadline:
        one.hypothesis.fuzz_one_input(os.urandom(8192))
        if time.time() - last_report > 5:
            report.put(dict(stats))
            last_report = time.time()
    report.put(dict(stats, finished=True))


def save(out: Path, target: str, data: bytes | None, label: str, problems: list[str]) -> None:
    digest = hashlib.sha256(data or label.encode()).hexdigest()[:12]
    if data is not None:
        (out / f"{target}-{digest}.bin").write_bytes(data)
    (out / f"{target}-{digest}.txt").write_text(label + "\n\n" + "\n".join(problems) + "\n", encoding="utf-8")


def fuzz_target(target: str, seeds: list[SeedPage], seconds: float, out: Path) -> dict[str, Any]:
    """Run workers for ``seconds``; a worker silent for WATCHDOG seconds is a hang and is replaced."""
    ctx = mp.get_context("fork")
    total = {"inputs": 0, "crashes": 0, "hangs": 0, "slowest": 0.0, "slowest_input": ""}
    deadline = time.time() + seconds
    while time.time() < deadline:
        report: Any = ctx.Queue()
        worker = ctx.Process(target=_worker, args=(target, seeds, deadline, out, report), daemon=True)
        worker.start()
        latest: dict[str, Any] = {}
        while True:
            try:
                latest = report.get(timeout=WATCHDOG)
            except queue.Empty:
                worker.kill()
                current = out / f"current-{target}.bin"
                data = current.read_bytes() if current.exists() else None
                save(out, target, data, "killed by the watchdog", [f"hang: no answer in {WATCHDOG:.0f} s"])
                latest = dict(latest, hangs=latest.get("hangs", 0) + 1, inputs=latest.get("inputs", 0) + 1,
                              slowest=max(latest.get("slowest", 0.0), WATCHDOG), slowest_input="watchdog")
                break
            if latest.get("finished"):
                break
        worker.join(5)
        _merge(total, latest)
    (out / f"current-{target}.bin").unlink(missing_ok=True)
    return total


def _merge(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key in ("inputs", "crashes", "hangs"):
        total[key] += part.get(key, 0)
    if part.get("slowest", 0.0) > total["slowest"]:
        total["slowest"], total["slowest_input"] = part["slowest"], part.get("slowest_input", "")


# ------------------------------------------------------------------ linear time


def _timed(data: bytes, fmt: str) -> float:
    outcome = check_page(data, "scaled", fmt, bound=float("inf"))
    if outcome.problems:
        print(f"  problem at {len(data)} bytes: {outcome.problems[0][:200]}", file=sys.stderr)
    return outcome.seconds


def scaling(seeds: list[SeedPage], rows: int, megabytes: float) -> list[dict[str, Any]]:
    """Time N, 2N, 4N rows and M/4, M/2, M megabytes for one real page of each format."""
    figures = []
    for fmt in FORMATS:
        seed = next((s for s in seeds if s.fmt == fmt and s.rows and s.name[:3].isdigit()), None)
        seed = seed or next((s for s in seeds if s.fmt == fmt and s.rows), None)
        if seed is None:
            continue
        for kind, sizes in (("rows", [rows // 4, rows // 2, rows]),
                            ("MB", [megabytes / 4, megabytes / 2, megabytes])):
            points = []
            for size in sizes:
                data = grow_table(seed, int(size)) if kind == "rows" else grow_page(seed, int(size * 2**20))
                points.append((size, len(data), _timed(data, fmt)))
                print(f"  {fmt:8} {size:>8g} {kind:4} {len(data) / 2**20:7.2f} MB  {points[-1][2]:7.2f} s", flush=True)
            figures.append({"format": fmt, "seed": seed.name, "kind": kind, "points": points,
                            "ratios": [round(b[2] / a[2], 2) if a[2] else None
                                       for a, b in zip(points, points[1:])]})
    return figures


# ------------------------------------------------------------------ report


def table(results: dict[str, dict[str, Any]], figures: list[dict[str, Any]]) -> str:
    lines = ["| reader | inputs tried | crashes | hangs | slowest input |", "| --- | ---: | ---: | ---: | ---: |"]
    for target, r in results.items():
        lines.append(f"| {target} | {r['inputs']:,} | {r['crashes']} | {r['hangs']} | {r['slowest']:.2f} s |")
    if figures:
        lines += ["", "| format | growth | sizes | seconds | ratio per doubling |", "| --- | --- | --- | --- | --- |"]
        for f in figures:
            sizes = " / ".join(f"{p[0]:g} {f['kind']} ({p[1] / 2**20:.1f} MB)" for p in f["points"])
            secs = " / ".join(f"{p[2]:.2f}" for p in f["points"])
            ratios = ", ".join(f"{r:.2f}" for r in f["ratios"] if r is not None)
            lines.append(f"| {f['format']} | {f['kind']} | {sizes} | {secs} | {ratios} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=25.0, help="total fuzzing time, split over the readers")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages-per-format", type=int, default=40)
    parser.add_argument("--out", type=Path, default=REPO / "out" / "fuzz")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--no-scaling", action="store_true")
    parser.add_argument("--targets", default=",".join([*FORMATS, "interpreter"]))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds(args.corpus, args.pages_per_format)
    targets = args.targets.split(",")
    print(f"{len(seeds)} real pages; {args.minutes:g} min over {', '.join(targets)}; "
          f"hang bound {TIME_BOUND:g} s; findings in {args.out}", flush=True)
    results = {}
    for target in targets:
        results[target] = fuzz_target(target, seeds, 60 * args.minutes / len(targets), args.out)
        r = results[target]
        print(f"{target:12} {r['inputs']:8,} inputs  {r['crashes']} crashes  {r['hangs']} hangs  "
              f"slowest {r['slowest']:.2f} s ({r['slowest_input'][:100]})", flush=True)
    figures = [] if args.no_scaling else scaling(seeds, args.rows, args.megabytes)
    report = table(results, figures)
    print("\n" + report)
    summary = {"results": results, "scaling": figures, "seeds": len(seeds), "minutes": args.minutes}
    (args.out / "fuzz-long.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["crashes"] or r["hangs"] for r in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
