"""How fast ``docconform extract`` is over a whole corpus, against the cost of parsing alone.

    .venv/bin/python benchmarks/bench_extract.py [CORPUS] [--jobs N] [--repeat N] [--no-history]

CORPUS defaults to ../shared/corpus. One run measures, side by side:

(a) the parse floor: every page parsed, and nothing else, with the libraries
    the readers use (beautifulsoup4 with lxml for HTML, docutils for
    reStructuredText, markdown-it-py for Markdown plus beautifulsoup4 for the
    HTML tables inside it), in one process, in a child that imports nothing
    of docconform's readers. Only the parse calls are timed (no start-up,
    imports, file reading or writing). The same with lxml.etree instead of
    beautifulsoup4, which is how the HTML reader really parses, is printed too;
(b) ``docconform extract`` cold (empty cache, empty output folder), with one
    process and with all cores, as a user runs it: the whole command,
    interpreter start-up, file reading and writing included;
(c) the same command warm: cache full, outputs in place, nothing changed
    (best of ``--repeat``); then once more after one page changed;
(d) ``history`` over the git bundles in CORPUS/history against extracting
    every revision separately (see benchmarks/bench_history.py, whose
    building blocks this calls).

(b) and (c) run on a copy of the corpus in a temporary folder, so that a page
can be changed. It checks that serial and parallel runs wrote byte-identical files, that the
warm run served every page from the cache and changed no file, and prints
pages per second, the ratios the speed issue sets targets for, and peak
memory: the largest single process (``ru_maxrss``) and the sampled sum over
the command's process tree (the parent and its workers). CPU times are those
of the whole process tree; the load average shows how busy the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
MB = 1024 * 1024

# The child that measures the floor: formats come from the content sniffing
# docconform uses (cheap, done before timing); only the parse calls are timed.
_FLOOR = r"""
import io, json, sys, time
from pathlib import Path
from bs4 import BeautifulSoup
from docutils.core import publish_doctree
from lxml import etree
from markdown_it import MarkdownIt
from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.run.pipeline import discover
from docconform.extractor.readers.detect import decode, detect_format

assert "docconform.extractor.readers.rst" not in sys.modules  # stock docutils, nothing of ours loaded
files = discover([Path(sys.argv[1])], DiagnosticSink())
pages = []
for p in files:
    text = decode(p.read_bytes()).text.replace("\r\n", "\n")
    pages.append((detect_format(text), text))
md = MarkdownIt("commonmark").enable("table")

def html(text, lxml_only):
    if lxml_only:
        etree.fromstring(text.encode("utf-8", "replace"), etree.HTMLParser(recover=True))
    else:
        BeautifulSoup(text, "lxml")

def parse(fmt, text, lxml_only):
    if fmt == "html":
        html(text, lxml_only)
    elif fmt == "rst":
        settings = {"report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
                    "_disable_config": True, "file_insertion_enabled": False, "raw_enabled": False,
                    "line_length_limit": 1_000_000}
        publish_doctree(text, settings_overrides=settings)
    elif fmt == "markdown":
        for tok in md.parse(text):
            if tok.type == "html_block" and tok.content.strip():
                html(tok.content, lxml_only)

out = {}
for lxml_only in (False, True):
    wall, cpu = time.perf_counter(), time.process_time()
    for fmt, text in pages:
        parse(fmt, text, lxml_only)
    out["lxml" if lxml_only else "bs4"] = [time.perf_counter() - wall, time.process_time() - cpu]
counts = {}
for fmt, _ in pages:
    counts[fmt] = counts.get(fmt, 0) + 1
out["counts"] = counts
out["bytes"] = sum(p.stat().st_size for p in files)
print(json.dumps(out))
"""


@dataclass
class Measure:
    """One command: wall and CPU seconds, peak RSS of one process and of the whole tree."""

    wall: float
    cpu: float
    max_rss: int
    tree_rss: int
    stderr: str


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc (0 where unavailable)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str], cwd: Path) -> Measure:
    """Run ``cmd``, sampling its process tree's memory every 20 ms."""
    start = time.perf_counter()
    # Byte-code caching on, as for an installed package (some CI images turn it off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, peak[0], err)


def floor(corpus: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", _FLOOR, str(corpus)], cwd=REPO,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def extract_cmd(out: Path, jobs: int, cache: Path | None) -> list[str]:
    """The command a user runs, over the copy ``corpus/`` in the working folder."""
    cmd = [sys.executable, "-m", "docconform.cli", "extract", "corpus", "-o", str(out),
           "--openapi", str(out / "openapi.json"), "-q", "-j", str(jobs)]
    return cmd + (["--cache-dir", str(cache)] if cache else ["--no-cache"])


@dataclass
class Runs:
    serial: Measure
    cold: Measure
    warm: list[Measure]
    changed: Measure
    identical: bool
    unchanged: bool
    served: bool
    files: int


def extract_runs(corpus: Path, pages: int, jobs: int, repeat: int) -> Runs:
    """(b), (c) and one changed page, on a copy of the corpus (so a page can be changed)."""
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        t = Path(tmp)
        shutil.copytree(corpus, t / "corpus", ignore=shutil.ignore_patterns("*.bundle"))
        serial = run(extract_cmd(t / "serial", 1, t / "cache-serial"), t)
        cold = run(extract_cmd(t / "out", jobs, t / "cache"), t)
        identical = snapshot(t / "serial") == snapshot(t / "out")
        before = snapshot(t / "out")
        warm = [run(extract_cmd(t / "out", jobs, t / "cache"), t) for _ in range(max(1, repeat))]
        unchanged = snapshot(t / "out") == before
        served = all(f"{pages} pages ({pages} from the cache)" in m.stderr for m in warm)
        page = max((t / "corpus" / "rst").rglob("*.rst"), key=lambda p: p.stat().st_size)
        page.write_bytes(page.read_bytes() + b"\nA paragraph added by the benchmark.\n")
        changed = run(extract_cmd(t / "out", jobs, t / "cache"), t)
        served = served and f"{pages} pages ({pages - 1} from the cache)" in changed.stderr
        if not served:  # the key covers the extractor's code: was it edited meanwhile?
            print("warm runs said:", *[m.stderr.strip() for m in [*warm, changed]], sep="\n  ",
                  file=sys.stderr)
        return Runs(serial, cold, warm, changed, identical, unchanged, served, len(before))


def history(corpus: Path) -> list[tuple[str, int, float, float, float, float]]:
    """Per bundle: (name, revisions, history wall, CPU, separate wall, CPU), in this process.

    The same measurement as benchmarks/bench_history.py, with its building blocks.
    """
    from docconform.extractor.drift.gitrepo import MEMO, open_repo, pages_at
    from docconform.extractor.drift.history import build_history, commits

    rows = []
    for bundle in sorted((corpus / "history").glob("*.bundle")):
        repo = open_repo(bundle)  # the clone is paid once, outside both timings
        revisions = [r.sha for r in commits(repo, "HEAD", ["api-ref"])]
        MEMO.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        build_history(repo, ["api-ref"])
        t_h, c_h = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        for sha in revisions:
            pages_at(repo, sha, ["api-ref"], memo=None)
        rows.append((bundle.stem, len(revisions), t_h, c_h,
                     time.perf_counter() - wall, time.process_time() - cpu))
    return rows


def _line(label: str, wall: float, cpu: float, pages: int, base: float, m: Measure | None = None) -> str:
    rss = f"{m.max_rss / MB:6.0f} MB {max(m.tree_rss, m.max_rss) / MB:6.0f} MB" if m else ""
    return f"{label:<44} {wall:8.2f} {cpu:8.2f} {pages / wall:9.0f} {wall / base:8.2f}  {rss}"


def report(fl: dict[str, Any], r: Runs, rows: list[tuple[str, int, float, float, float, float]],
           jobs: int) -> list[tuple[str, str, str, bool | None]]:
    """Print the table; return the checks as (label, value, target, ok or None)."""
    pages = sum(fl["counts"].values())
    floor_wall, floor_cpu = fl["bs4"]
    lxml_wall, lxml_cpu = fl["lxml"]
    warm = min(r.warm, key=lambda m: m.wall)
    print(f"{'':<44} {'wall s':>8} {'CPU s':>8} {'pages/s':>9} {'x floor':>8}  "
          f"{'peak RSS: process':>17} {'tree':>6}")
    print(_line("(a) parse floor, bs4+lxml/docutils/markdown-it", floor_wall, floor_cpu, pages, floor_wall))
    print(_line("    parse floor, lxml.etree for HTML", lxml_wall, lxml_cpu, pages, floor_wall))
    print(_line("(b) extract cold, serial (-j 1)", r.serial.wall, r.serial.cpu, pages, floor_wall, r.serial))
    print(_line(f"(b) extract cold, all cores (-j {jobs})", r.cold.wall, r.cold.cpu, pages, floor_wall, r.cold))
    print(_line(f"(c) extract warm, best of {len(r.warm)}", warm.wall, warm.cpu, pages, floor_wall, warm))
    print(_line("    warm, one page changed", r.changed.wall, r.changed.cpu, pages, floor_wall, r.changed))
    for name, revs, t_h, c_h, t_s, c_s in rows:
        print(f"(d) history {name} ({revs} revisions): {t_h:.2f} s wall, {c_h:.2f} s CPU; every "
              f"revision separately: {t_s:.2f} s wall, {c_s:.2f} s CPU")
    peak = max(max(m.tree_rss, m.max_rss) for m in (r.serial, r.cold, warm, r.changed))
    checks: list[tuple[str, str, str, bool | None]] = [
        ("cold all cores / parse floor", f"{r.cold.wall / floor_wall:.2f}", "<= 0.75",
         r.cold.wall <= 0.75 * floor_wall),
        ("  the same against the lxml.etree floor", f"{r.cold.wall / lxml_wall:.2f}", "", None),
        ("  cold serial / parse floor", f"{r.serial.wall / floor_wall:.2f}", "", None),
        ("  parallel speed-up over serial", f"{r.serial.wall / r.cold.wall:.2f}x", "", None),
        ("cold all cores / warm", f"{r.cold.wall / warm.wall:.1f}x", ">= 20x", r.cold.wall >= 20 * warm.wall),
        ("  cold serial / warm", f"{r.serial.wall / warm.wall:.1f}x", "", None),
        ("peak memory (process tree)", f"{peak / MB:.0f} MB", "< 500 MB", peak < 500 * MB),
        ("parallel and serial outputs", f"{'identical' if r.identical else 'DIFFERENT'} ({r.files} files)",
         "identical", r.identical),
        ("warm runs: cache used, unchanged files kept", "yes" if r.served and r.unchanged else "NO",
         "yes", r.served and r.unchanged),
    ]
    for name, _, t_h, _, t_s, _ in rows:
        target = "<= 0.30" if "elastic" in name else ""
        checks.append((f"history / separately, {name.split('-api-ref')[0]}", f"{t_h / t_s:.2f}", target,
                       t_h <= 0.3 * t_s if target else None))
    return checks


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="all cores by default")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (the best is shown)")
    parser.add_argument("--no-history", action="store_true", help="skip (d)")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    load0 = os.getloadavg()
    fl = floor(corpus)
    pages = sum(fl["counts"].values())
    runs = extract_runs(corpus, pages, args.jobs, args.repeat)
    rows = [] if args.no_history else history(corpus)
    load1 = os.getloadavg()
    counts = ", ".join(f"{k} {v}" for k, v in sorted(fl["counts"].items()))
    print(f"corpus: {corpus} -- {pages} pages ({counts}), {fl['bytes'] / MB:.1f} MB")
    print(f"machine: {os.cpu_count()} cores, --jobs {args.jobs}; load average {load0[0]:.2f} before, "
          f"{load1[0]:.2f} after; Python {sys.version.split()[0]}\n")
    checks = report(fl, runs, rows, args.jobs)
    print()
    for label, value, target, ok in checks:
        verdict = "" if ok is None else ("ok" if ok else "MISSED")
        print(f"{label:<46} {value:>22}  {target:>8}  {verdict}")
    return 0 if all(ok is not False for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
