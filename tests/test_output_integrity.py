"""Outputs survive kills, failed runs and hostile names.

Why: schemas/, reports/ and the OpenAPI document are committed and diffed,
and other tools read them while docconform rewrites them. Three promises
(extractor/writers/files.py, extractor/extract_command.py) keep that safe, and
each is tested here the hard way:

1. A run killed at any moment leaves every output file whole: the old bytes
   or the new bytes, never a torn file. Tested by really SIGKILLing
   ``docconform extract`` and ``docconform drift`` at seeded random moments
   spread over a timed run, and, so that every step between two file
   operations is covered whatever the timing, by stopping an in-process run
   before its k-th write or removal for every k. A killed run can leave a
   hidden ``.<name>.<8 random>.tmp`` file (the temporary file of
   :func:`~docconform.extractor.writers.files.write_atomic`): never ``*.json``, never in
   an index, removed by the next run. After any kill, one normal run gives
   exactly the outputs of an uninterrupted one.
2. A failed run never deletes earlier outputs: a missing input or an output
   place that cannot be written stops the run before it writes anything; a
   page that fails to read keeps its earlier files (listed in index.json); a
   write failing late deletes nothing.
3. Names made from doc ids, titles, anchors, paths and file names stay inside
   the output folder, at most 255 bytes, and distinct for distinct endpoints.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docconform.extractor.run import command as extract_command, outputs as run_outputs
from docconform.extractor.drift import outcome as drift_outcome
from docconform.extractor.drift import report as drift_report
from docconform.extractor.drift.command import run_drift
from docconform.extractor.run.command import run_extract
from docconform.extractor.model import Endpoint, Span
from docconform.extractor.writers import files
from docconform.extractor.writers.files import MAX_NAME_BYTES, safe_child, write_json
from docconform.extractor.writers.jsonschema import bundle_file_name

from .conftest import SEEDS

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

#: A temporary file of write_atomic: ``.<first bytes of the target name>.<8 random>.tmp``.
TEMP = re.compile(r"\.(?P<stem>.+)\.[a-z0-9_]{8}\.tmp", re.DOTALL)
#: What bundle_file_name makes: a plain name, never hidden, ending in its hash.
BUNDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*__[0-9a-f]{8}\.json")

EXTRACT_KILLS = 8
DRIFT_KILLS = 3
KILL_SEED = 20241121


# ------------------------------------------------------------------ page sets


def write_pages(folder: Path, variant: str, copies: int) -> None:
    """``copies`` edited copies of each seed page into ``folder`` (emptied first).

    Copy k moves every operation under its own path (``streaming{k}``,
    ``cdm{k}``) so the copies are distinct endpoints. Variant B starts every
    page one line lower, so every bundle, index and report changes (they cite
    source lines) under the same names, and renames copy 0's ``/stop``
    operations, so some A files are stale in B and some B files are new.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for k in range(copies):
        for seed in sorted(SEEDS.glob("0*.txt")):
            text = seed.read_text(encoding="utf-8")
            text = text.replace("streaming/jobs", f"streaming{k}/jobs").replace("cdm/job", f"cdm{k}/job")
            if variant == "B":
                text = "\n" + text
                if k == 0:
                    text = text.replace("/stop", "/halt")
            (folder / f"c{k}_{seed.name}").write_text(text, encoding="utf-8")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP.fullmatch(p.name))


def tree(root: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (except under ``skip``): size and mtime."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        if skip is not None and Path(dirpath) == skip:
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if skip is not None and path == skip:
                continue
            st_ = path.lstat()
            found[os.path.relpath(path, root)] = (st_.st_size, st_.st_mtime_ns)
    return found


def states(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> Counter[str]:
    """Assert every file in ``out`` is whole (old or new bytes); count which.

    ``old`` (previous bytes), ``new`` (new bytes), ``gone`` (stale file already
    removed), ``temp`` (a hidden temporary file left by a kill).
    """
    seen: Counter[str] = Counter()
    for path in sorted(out.iterdir()):
        name = path.name
        temp = TEMP.fullmatch(name)
        if temp:
            assert any(n.startswith(temp["stem"]) for n in {*old, *new}), f"temporary file of what? {name!r}"
            seen["temp"] += 1
            continue
        assert name in old or name in new, f"{name} is neither an old nor a new output"
        data = path.read_bytes()
        if path.suffix in (".json", ".sarif"):
            json.loads(data)  # a torn file would not parse
        if data == new.get(name):
            seen["new"] += 1
        elif data == old.get(name):
            seen["old"] += 1
        else:
            pytest.fail(f"{name} holds neither the old nor the new bytes ({len(data)} bytes)")
    seen["gone"] = sum(1 for name in old.keys() - new.keys() if not (out / name).exists())
    return seen


def index_consistent(out: Path, new: dict[str, bytes]) -> None:
    """Every file the index lists exists; a new index means every new file is in place."""
    index = (out / "index.json").read_bytes()
    listed = json.loads(index)["files"]
    assert [n for n in listed if not (out / n).is_file()] == []
    if index == new["index.json"]:
        assert {n: (out / n).read_bytes() for n in new if (out / n).is_file()} == new


# ------------------------------------------------------------------ running


def cli() -> list[str]:
    script = Path(sys.executable).with_name("docconform")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "docconform.cli"]


def extract_args(out: str) -> list[str]:
    return ["extract", "in", "-o", out, "--openapi", f"{out}/openapi.json", "--no-cache", "--jobs", "1",
            "-q", "--fail-on", "never"]


def drift_args(out: str) -> list[str]:
    return ["drift", "in", "-o", out, "-q", "--fail-on", "never", "--jobs", "1"]


def run_cli(cwd: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cli(), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def kill_after(cwd: Path, args: list[str], delay: float) -> int | None:
    """Start the command, SIGKILL it after ``delay`` s; its return code, or None if it was killed."""
    proc = subprocess.Popen([*cli(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return None


def kill_points(duration: float, n: int, lo: float = 0.0) -> list[float]:
    """One seeded random moment in each of ``n`` equal slices of [lo, 1] x duration."""
    rng = random.Random(KILL_SEED + n)
    return [round(duration * (lo + (1 - lo) * (i + rng.random()) / n), 3) for i in range(n)]


def extract_here(cwd: Path, *, sources: tuple[str, ...] = ("in",), out: str = "out",
                 openapi: str | None = "out/openapi.json", quiet: bool = True) -> tuple[int, str]:
    """``docconform extract`` in this process (so tests can patch it); exit code and stderr."""
    err = io.StringIO()
    mp = pytest.MonkeyPatch()
    mp.chdir(cwd)
    try:
        code = run_extract([Path(s) for s in sources], Path(out), openapi=Path(openapi) if openapi else None,
                           fmt=None, stats=False, fail_on=None, quiet=quiet, err=err, out=io.StringIO())
    finally:
        mp.undo()
    return code, err.getvalue()


def drift_here(cwd: Path) -> int:
    mp = pytest.MonkeyPatch()
    mp.chdir(cwd)
    try:
        return run_drift([Path("in")], Path("reports"), fail_on=None, quiet=True,
                         err=io.StringIO(), out=io.StringIO())
    finally:
        mp.undo()


@dataclass
class Versions:
    """A work folder whose ``in/`` holds the B pages, and both complete outputs."""

    root: Path
    old: dict[str, bytes]
    new: dict[str, bytes]
    old_dir: Path
    duration: float = 0.0

    def reset(self, out: Path) -> None:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(self.old_dir, out)


def versions_by_cli(root: Path, args: Callable[[str], list[str]], copies: int) -> Versions:
    """A complete run over A, a complete run over B elsewhere, and a timed B run over A's outputs."""
    write_pages(root / "in", "A", copies)
    assert run_cli(root, args("out")).returncode == 0
    shutil.copytree(root / "out", root / "old")
    write_pages(root / "in", "B", copies)
    assert run_cli(root, args("fresh")).returncode == 0
    old, new = outputs(root / "old"), outputs(root / "fresh")
    assert len(new) >= 4 and not any(old.get(n) == new[n] for n in new), "B must change every output"
    start = time.monotonic()
    assert run_cli(root, args("out")).returncode == 0  # B over A: the run the kills interrupt
    duration = time.monotonic() - start
    assert outputs(root / "out") == new and temps(root / "out") == []
    return Versions(root, old, new, root / "old", duration)


@pytest.fixture(scope="module")
def extract_versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return versions_by_cli(tmp_path_factory.mktemp("kill-extract"), extract_args, copies=8)


@pytest.fixture(scope="module")
def drift_versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return versions_by_cli(tmp_path_factory.mktemp("kill-drift"), drift_args, copies=3)


@pytest.fixture(scope="module")
def small_made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """In-process A and B outputs of 10 pages, made once: ``in/`` (B pages), ``old/``, ``fresh/``."""
    root = tmp_path_factory.mktemp("small")
    write_pages(root / "in", "A", 2)
    assert extract_here(root)[0] == 0
    (root / "out").rename(root / "old")
    write_pages(root / "in", "B", 2)
    assert extract_here(root, out="fresh", openapi="fresh/openapi.json")[0] == 0
    return root


@pytest.fixture
def small(small_made: Path, tmp_path: Path) -> Versions:
    """A copy of ``small_made`` of this test's own, with A's outputs in ``out/``."""
    for name in ("in", "old"):
        shutil.copytree(small_made / name, tmp_path / name)
    versions = Versions(tmp_path, outputs(tmp_path / "old"), outputs(small_made / "fresh"), tmp_path / "old")
    versions.reset(tmp_path / "out")
    assert not any(versions.old.get(n) == versions.new[n] for n in versions.new)
    assert versions.old.keys() - versions.new.keys() and versions.new.keys() - versions.old.keys()
    return versions


# ------------------------------------------------------------------ 1. kills


def test_extract_killed_at_random_moments_leaves_whole_files(extract_versions: Versions) -> None:
    """SIGKILL ``extract`` at 8 seeded moments; each time every file is old or new, then one run repairs all."""
    v, out = extract_versions, extract_versions.root / "out"
    steps = len(v.new) + len(v.old.keys() - v.new.keys())  # files written + stale files removed
    report = []
    for delay in kill_points(v.duration, EXTRACT_KILLS):
        v.reset(out)
        code = kill_after(v.root, extract_args("out"), delay)
        seen = states(out, v.old, v.new)
        index_consistent(out, v.new)
        report.append((delay, code, dict(seen)))
        assert run_cli(v.root, extract_args("out")).returncode == 0
        assert outputs(out) == v.new, f"after a kill at {delay}s one run did not give the new outputs"
        assert temps(out) == []
    print(f"\nextract run {v.duration:.3f}s; kills (s, exit, files): {report}")
    assert any(0 < s.get("new", 0) + s["gone"] < steps for _, _, s in report), \
        f"no kill landed while files were being replaced: {report}"


def test_drift_killed_at_random_moments_leaves_whole_reports(drift_versions: Versions) -> None:
    """SIGKILL ``drift`` late in its run (it writes at the end); every report is old or new, then one run repairs."""
    v, out = drift_versions, drift_versions.root / "out"
    report = []
    for delay in kill_points(v.duration, DRIFT_KILLS, lo=0.5):
        v.reset(out)
        code = kill_after(v.root, drift_args("out"), delay)
        report.append((delay, code, dict(states(out, v.old, v.new))))
        assert run_cli(v.root, drift_args("out")).returncode == 0
        assert outputs(out) == v.new and temps(out) == []
    print(f"\ndrift run {v.duration:.3f}s; kills (s, exit, files): {report}")
    assert any(code is None for _, code, _ in report), "every drift run finished before its kill"


class Crash(BaseException):
    """Stands for the process dying: nothing catches it, and no later file operation happens."""


def crash_at(monkeypatch: pytest.MonkeyPatch, k: int, targets: Sequence[tuple[object, str]]) -> list[str]:
    """Make the k-th and every later file operation among ``targets`` raise :class:`Crash`."""
    done: list[str] = []
    lock = threading.Lock()

    def gated(real: Callable[..., None]) -> Callable[..., None]:
        def op(path: Path, *args: object) -> None:
            with lock:
                if len(done) >= k:
                    raise Crash
                done.append(Path(path).name)
            real(path, *args)
        return op

    for module, name in targets:
        monkeypatch.setattr(module, name, gated(getattr(module, name)))
    return done


EXTRACT_OPS = [(run_outputs, "write_atomic"), (extract_command, "remove_output")]


def test_extract_stopped_before_each_file_operation(small: Versions, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every prefix of a run's writes and removals leaves whole files, a true index, and is repaired by one run."""
    out = small.root / "out"
    small.reset(out)
    every = crash_at(monkeypatch, 10**6, EXTRACT_OPS)
    assert extract_here(small.root)[0] == 0
    monkeypatch.undo()
    assert "index.json" in every and "openapi.json" in every and len(every) >= 14
    assert every.index("openapi.json") < every.index("index.json")  # the index comes last: it lets stale files go
    for k in range(len(every)):
        small.reset(out)
        crash_at(monkeypatch, k, EXTRACT_OPS)
        with pytest.raises(Crash):
            extract_here(small.root)
        monkeypatch.undo()
        seen = states(out, small.old, small.new)
        assert seen["new"] + seen["gone"] == k, (k, seen)
        index_consistent(out, small.new)
        assert extract_here(small.root)[0] == 0
        assert outputs(out) == small.new, f"stopped before operation {k} ({every[k]}): not repaired"


def test_orphans_of_a_killed_run_are_removed_by_the_next(small: Versions) -> None:
    """Bundles no index lists (a run killed before its index) and temporary files go on the next run."""
    out = small.root / "out"
    small.reset(out)
    orphan = json.loads(next(data for name, data in small.new.items() if BUNDLE.fullmatch(name)))
    orphan["path"] = "/orphan"
    (out / "x__POST__orphan__0123abcd.json").write_text(json.dumps(orphan), encoding="utf-8")
    (out / "notes__GET__mine__0123abcd.json").write_text('{"mine": true}', encoding="utf-8")  # not a bundle
    (out / ".index.json.abcd1234.tmp").write_bytes(b"{ torn")
    old_temp = out / ".c0_000.json.zz_9y8x7.tmp"
    old_temp.write_bytes(b"{")
    past = time.time() - 60
    for path in (out / ".index.json.abcd1234.tmp", old_temp):
        os.utime(path, (past, past))
    busy = out / ".openapi.json.busy1234.tmp"  # another writer's, still being written: not ours to remove
    busy.write_bytes(b"{")
    os.utime(busy, (past + 3600, past + 3600))
    assert extract_here(small.root)[0] == 0
    assert sorted(outputs(out)) == sorted([*small.new, busy.name, "notes__GET__mine__0123abcd.json"])


#: The only modules that may create, replace or remove files: the atomic writer, and
#: the cache, whose entries are written the same way and are not outputs.
WRITERS = {"extractor/writers/files.py", "extractor/run/cache.py"}


def test_every_output_goes_through_the_atomic_writer() -> None:
    """No other module opens a file for writing, renames, copies or removes one."""
    import ast

    repo = SEEDS.parent
    found = []
    for path in sorted([*repo.glob("extractor/**/*.py"), *repo.glob("conformance/**/*.py"), *repo.glob("docconform/**/*.py")]):
        rel = path.relative_to(repo).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            name = func.rsplit(".", 1)[-1]
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            writes = (
                name in ("write_text", "write_bytes", "unlink", "rmdir", "mkstemp", "NamedTemporaryFile")
                or func in ("os.replace", "os.rename", "os.remove", "os.unlink", "json.dump")
                or (func.startswith("shutil.") and name in ("copy", "copy2", "copyfile", "copytree", "move", "rmtree"))
                or (name in ("open", "fdopen") and any(isinstance(m, str) and set(m) & set("wax+") for m in modes))
            )
            if writes and rel not in WRITERS:
                found.append(f"{rel}:{node.lineno}: {func}")
    assert found == []


def test_drift_stopped_before_each_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """drift.json, .md, .html, .sarif: stopped before any of them, each is old or new; one run repairs."""
    write_pages(tmp_path / "in", "A", 1)
    assert drift_here(tmp_path) == 0
    old = outputs(tmp_path / "reports")
    shutil.copytree(tmp_path / "reports", tmp_path / "old")
    write_pages(tmp_path / "in", "B", 1)
    assert drift_here(tmp_path) == 0
    new = outputs(tmp_path / "reports")
    assert sorted(new) == ["drift.html", "drift.json", "drift.md", "drift.sarif"]
    assert not any(old[n] == new[n] for n in new)
    targets = [(drift_outcome, "write_atomic"), (drift_report, "write_atomic")]
    for k in range(4):
        shutil.rmtree(tmp_path / "reports")
        shutil.copytree(tmp_path / "old", tmp_path / "reports")
        crash_at(monkeypatch, k, targets)
        with pytest.raises(Crash):
            drift_here(tmp_path)
        monkeypatch.undo()
        assert states(tmp_path / "reports", old, new)["new"] == k
        assert drift_here(tmp_path) == 0
        assert outputs(tmp_path / "reports") == new


# ------------------------------------------------------------------ 2. failed runs


def stamp(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("sources", [("missing",), ("in", "missing"), ("dangling",)])
def test_missing_input_writes_nothing(small: Versions, sources: tuple[str, ...]) -> None:
    out = small.root / "out"
    (small.root / "dangling").symlink_to(small.root / "nowhere")
    before = stamp(out)
    code, err = extract_here(small.root, sources=sources)
    assert code == 2 and sources[-1] in err and "nothing written" in err
    assert stamp(out) == before


@pytest.mark.parametrize("how", ["chmod", "simulated"])
def test_unreadable_input_folder_writes_nothing(small: Versions, monkeypatch: pytest.MonkeyPatch,
                                                how: str) -> None:
    """A folder that cannot be listed looks empty to the walk; its pages' outputs must not look stale."""
    out, folder = small.root / "out", small.root / "in"
    before = stamp(out)
    if how == "chmod":
        if IS_ROOT:
            pytest.skip("root lists folders whatever their mode")
        os.chmod(folder, 0)
    else:  # what listing a mode-000 folder does for anyone but root
        real = os.scandir

        def scandir(path: Any = ".") -> Any:
            if not isinstance(path, int) and Path(os.fsdecode(path)).resolve() == folder.resolve():
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        code, err = extract_here(small.root)
    finally:
        monkeypatch.undo()
        os.chmod(folder, 0o755)
    assert code == 2 and "in:1: error: cannot read folder" in err
    assert stamp(out) == before


def test_unreadable_sub_folder_keeps_its_pages_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sub-folder that cannot be listed: the rest of the run completes, its pages' files stay."""
    seeds = sorted(SEEDS.glob("0*.txt"))
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(seeds[0], tmp_path / "in" / "top.txt")
    for seed in seeds[1:4]:
        shutil.copy(seed, tmp_path / "in" / "sub" / seed.name)
    assert extract_here(tmp_path, openapi=None)[0] == 0
    first = outputs(tmp_path / "out")
    in_sub = {n for n, data in first.items() if b'"in/sub/' in data and n != "index.json"}
    assert len(in_sub) == 3
    top = tmp_path / "in" / "top.txt"
    top.write_bytes(b"\n" + top.read_bytes())  # every line moves: its bundle changes
    sub = (tmp_path / "in" / "sub").resolve()
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and Path(os.fsdecode(path)).resolve() == sub:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, err = extract_here(tmp_path, openapi=None, quiet=False)
    monkeypatch.undo()
    assert code == 0 and "in/sub:1: error: cannot read folder: Permission denied" in err
    second = outputs(tmp_path / "out")
    assert {n: second.get(n) for n in in_sub} == {n: first[n] for n in in_sub}
    assert in_sub <= set(json.loads(second["index.json"])["files"])
    changed = [n for n in second if n not in in_sub and n != "index.json" and first.get(n) != second[n]]
    assert changed, "the readable page was extracted anew"


FAILED_PAGE = "c1_002_3b5adef0544234b8.txt"


@pytest.mark.parametrize("how", ["reader", "interpreter", "chmod"])
def test_page_that_fails_keeps_its_earlier_files(small: Versions, monkeypatch: pytest.MonkeyPatch,
                                                 how: str) -> None:
    """One page fails this time: its earlier bundles stay and stay listed; every other page is new."""
    out = small.root / "out"
    source = f"in/{FAILED_PAGE}"
    mine = {n for n, data in small.old.items() if BUNDLE.fullmatch(n) and json.loads(data)["source"] == source}
    assert mine
    if how == "reader":
        from docconform.extractor import readers

        real_reader_for = readers.reader_for

        def reader_for(fmt: str) -> Callable[..., Any]:
            def read(text: str, src: str, sink: Any) -> Any:
                if src == source:
                    raise RuntimeError("reader bug")
                return real_reader_for(fmt)(text, src, sink)
            return read

        monkeypatch.setattr(readers, "reader_for", reader_for)
        code = "reader-failed"
    elif how == "interpreter":
        from docconform.extractor.interpret import endpoints

        real_interpret = endpoints.interpret_page

        def interpret(page: Any, sink: Any) -> Any:
            if getattr(page, "source", None) == source:
                raise RuntimeError("interpreter bug")
            return real_interpret(page, sink)

        monkeypatch.setattr(endpoints, "interpret_page", interpret)
        code = "interpret-failed"
    else:
        if IS_ROOT:
            pytest.skip("root reads files whatever their mode")
        os.chmod(small.root / source, 0)
        code = "input-unreadable"
    assert extract_here(small.root)[0] == 0
    monkeypatch.undo()
    got = outputs(out)
    assert {n: got[n] for n in mine} == {n: small.old[n] for n in mine}
    index = json.loads(got["index.json"])
    assert mine <= set(index["files"])
    assert any(d["code"] == code and source in json.dumps(d) for d in index["diagnostics"])
    others = {n for n in small.new if n not in ("index.json", "openapi.json")
              and json.loads(small.new[n])["source"] != source}
    assert {n: got[n] for n in others} == {n: small.new[n] for n in others}
    os.chmod(small.root / source, 0o644)
    assert extract_here(small.root)[0] == 0  # readable again: its new files replace the kept ones
    assert outputs(out) == small.new


def unwritable_by_probe(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Creating a file in ``folder`` fails as in a read-only folder (works as root too)."""
    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:
        if dir is not None and Path(str(dir)).resolve() == folder.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)


@pytest.mark.parametrize("case", ["out-is-a-file", "out-unwritable", "out-read-only", "openapi-under-a-file",
                                  "openapi-is-a-folder", "openapi-folder-unwritable"])
def test_unwritable_output_place_fails_before_writing(small: Versions, monkeypatch: pytest.MonkeyPatch,
                                                      case: str) -> None:
    """Exit 2 with a message naming the place; every earlier output untouched (same bytes, same mtime)."""
    root, out = small.root, small.root / "out"
    target, openapi = "out", "out/openapi.json"
    if case == "out-is-a-file":
        (root / "file").write_bytes(b"keep me\n")
        target = "file"
        openapi = "out/openapi.json"
    elif case == "out-unwritable":
        unwritable_by_probe(monkeypatch, out)
    elif case == "out-read-only":
        if IS_ROOT:
            pytest.skip("root writes into read-only folders")
        os.chmod(out, 0o555)
    elif case == "openapi-under-a-file":
        (root / "file").write_bytes(b"keep me\n")
        target = openapi = "file/openapi.json"
    elif case == "openapi-is-a-folder":
        (root / "api").mkdir()
        target = openapi = "api"
    else:
        (root / "api").mkdir()
        unwritable_by_probe(monkeypatch, root / "api")
        target = openapi = "api/openapi.json"
    before = stamp(out)
    try:
        code, err = extract_here(root, out="file" if case == "out-is-a-file" else "out", openapi=openapi)
    finally:
        os.chmod(out, 0o755)
    assert code == 2, err
    assert "cannot write" in err and target in err
    assert stamp(out) == before
    if (root / "file").exists():
        assert (root / "file").read_bytes() == b"keep me\n"
    assert all(not TEMP.fullmatch(p.name) for p in root.rglob("*"))


def test_write_failing_late_deletes_nothing(small: Versions, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up at the OpenAPI document: exit 2, the old index stays and no earlier file is removed."""
    out = small.root / "out"
    real = run_outputs.write_atomic

    def write_atomic(path: Path, data: bytes) -> None:
        if Path(path).name == "openapi.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(run_outputs, "write_atomic", write_atomic)
    code, err = extract_here(small.root)
    assert code == 2 and "No space left" in err
    got = outputs(out)
    assert set(small.old) <= set(got)
    assert got["index.json"] == small.old["index.json"] and got["openapi.json"] == small.old["openapi.json"]


# ------------------------------------------------------------------ 3. names


HOSTILE = ["../../etc/passwd", "..", "/abs/path", "a/../../b", "C:\\x", "\\\\server\\share\\x", "L" * 300,
           "批" * 120, "Ünïcödé", "cafe\u0301", "caf\u00e9", "CASE", "case", "x" * 20 + "\u202e" + "nosj.exe"]


def hostile_pages(folder: Path, absolute: str) -> int:
    """Pages whose doc id, anchor, title and path are hostile, under hostile file names; endpoints expected."""
    folder.mkdir(parents=True)
    values = [*HOSTILE, absolute]
    for i, v in enumerate(values):
        (folder / f"{i:02d}.md").write_text(
            f'# Title {v}<a name="{v}"></a>\n\n## URI\n\nPOST /v1/{v}/items\n', encoding="utf-8")
        (folder / f"{i:02d}.rst").write_text(
            f":original_name: {v}\n\n.. _{v}:\n\nTitle {v}\n=====\n\nURI\n---\n\nGET /v1/{v}/items\n",
            encoding="utf-8")
        (folder / f"{i:02d}.html").write_text(
            f'<html><head><title>{v}</title></head><body><h1><a name="{v}"></a>{v}</h1>'
            f"<div><h4>URI</h4><p>PUT /v1/{v}/items</p></div></body></html>", encoding="utf-8")
    names = ["Page.md", "page.md", "caf\u00e9.md", "cafe\u0301.md", "a\\b.md", "a/b.md", "x..md", " .md",
             "-x.md", "y" * 240 + ".md", "批" * 80 + ".md"]
    (folder / "a").mkdir()
    for name in names:  # the same page under names that differ by case, normal form, a backslash, oddities
        (folder / name).write_text("# Same<a name=\"same\"></a>\n\n## URI\n\nDELETE /v1/same\n", encoding="utf-8")
    (folder / "nul.md").write_bytes(b"# x<a name=\"a\0b\"></a>\n\nPOST /v1/a\0b\n")  # binary: no endpoint
    return 3 * len(values) + len(names)


def test_hostile_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    """Every output lands in OUT, named at most 255 bytes, one file per endpoint even across case and Unicode forms."""
    out = tmp_path / "a" / "b" / "c" / "out"  # so that ../../.. still lands inside tmp_path, where we look
    expected = hostile_pages(tmp_path / "in", f"{tmp_path}/a/abs/evil")
    before = tree(tmp_path)
    code, err = extract_here(tmp_path, out=str(out), openapi=str(out / "openapi.json"))
    assert code == 0, err
    after = tree(tmp_path, skip=out)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {"a": after["a"], "a/b": after["a/b"],
                                                                    "a/b/c": after["a/b/c"]}
    assert all(p.is_file() and not p.is_symlink() for p in out.iterdir())
    names = sorted(p.name for p in out.iterdir())
    bundles = [n for n in names if n not in ("index.json", "openapi.json")]
    assert all(BUNDLE.fullmatch(n) and len(os.fsencode(n)) <= MAX_NAME_BYTES for n in bundles)
    assert len(bundles) == expected  # no two endpoints share a file
    assert len({unicodedata.normalize("NFC", n).casefold() for n in bundles}) == expected  # nor would they on macOS
    index = json.loads((out / "index.json").read_bytes())
    assert index["files"] == bundles and sum(p["endpoints"] for p in index["pages"]) == expected
    keys = {(b["source"], b["method"], b["path"]) for b in (json.loads((out / n).read_bytes()) for n in bundles)}
    assert len(keys) == expected


def test_hostile_index_cannot_remove_files_outside_the_output_folder(tmp_path: Path) -> None:
    """A tampered index.json naming files outside OUT (or the index itself) makes the next run remove none of them."""
    out = tmp_path / "a" / "b" / "out"
    (tmp_path / "in").mkdir()
    shutil.copy(SEEDS / "003_49cb9d45244a94ce.txt", tmp_path / "in" / "page.txt")
    victims = [tmp_path / "a" / "victim.json", tmp_path / "victim.json", tmp_path / "a" / "b" / "victim.json"]
    assert extract_here(tmp_path, out=str(out), openapi=str(out / "openapi.json"))[0] == 0
    for victim in victims:
        victim.write_text("{}", encoding="utf-8")
    index = json.loads((out / "index.json").read_bytes())
    index["files"] += ["../victim.json", "../../victim.json", "../../../victim.json", str(victims[0]),
                       "..", ".", "", "index.json", "openapi.json", "sub/x.json", "C:\\victim.json", "a\0b"]
    (out / "index.json").write_text(json.dumps(index), encoding="utf-8")
    assert extract_here(tmp_path, out=str(out), openapi=str(out / "openapi.json"))[0] == 0
    assert all(v.read_text(encoding="utf-8") == "{}" for v in victims)
    assert (out / "openapi.json").is_file() and json.loads((out / "index.json").read_bytes())["files"]


NAME_PARTS = st.sampled_from(["a", "Z", "9", ".", "..", "/", "\\", ":", "C:", "\0", " ", "-", "_", "é",
                              "e\u0301", "批", "\udcff", "\ud800", "\U0001f600", "~", "$", "*", "\n"])
NAMES = st.one_of(
    st.lists(NAME_PARTS, max_size=30).map("".join),
    st.text(st.characters(blacklist_categories=()), max_size=40),
    st.builds(lambda part, n: part * n, NAME_PARTS, st.integers(60, 300)),
    st.sampled_from(HOSTILE),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_safe_child_names_stay_in_the_root(name: str, tmp_path: Path) -> None:
    """Any name is refused, or is one component of at most 255 bytes that writes exactly one file in the root."""
    with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
        root = Path(scratch) / "root"
        root.mkdir()
        try:
            child = safe_child(root, name)
        except ValueError:
            return
        assert child.parent == root and child.name == name
        assert len(os.fsencode(name)) <= MAX_NAME_BYTES
        write_json(root, name, {"n": 1})
        assert [p.name for p in Path(scratch).iterdir()] == ["root"]
        assert os.listdir(root) == [name] and json.loads(child.read_bytes()) == {"n": 1}


@pytest.mark.parametrize("name", ["a" * 255, "批" * 85, "é" * 127 + "x"])
def test_the_longest_names_can_be_written_and_one_byte_more_is_refused(tmp_path: Path, name: str) -> None:
    """A 255-byte name is written (its temporary file's name must fit too); 256 bytes is a ValueError."""
    assert len(os.fsencode(name)) == 255
    write_json(tmp_path, name, [])
    assert os.listdir(tmp_path) == [name]
    with pytest.raises(ValueError):
        safe_child(tmp_path, name + "x")


TEXT = st.text(st.characters(blacklist_categories=()), max_size=400)
ENDPOINTS = st.builds(
    lambda method, path, source, doc_id, title: Endpoint(method, path, source, Span(source, 1), doc_id, title),
    st.one_of(st.sampled_from(["GET", "POST", "put", ""]), TEXT),
    st.one_of(st.sampled_from(HOSTILE).map(lambda v: f"/v1/{v}"), TEXT),
    st.one_of(st.sampled_from(HOSTILE), TEXT),
    st.one_of(st.none(), st.sampled_from(HOSTILE), TEXT),
    TEXT,
)


@settings(max_examples=300, deadline=None)
@given(a=ENDPOINTS, b=ENDPOINTS)
def test_bundle_file_names_are_plain_short_and_distinct(a: Endpoint, b: Endpoint) -> None:
    """A plain visible ``*.json`` name of at most 150 bytes; endpoints on different (source, method, path) never share one."""
    name = bundle_file_name(a)
    assert BUNDLE.fullmatch(name) and len(name.encode()) <= 150
    assert safe_child(Path("/out"), name) == Path("/out") / name
    assert not TEMP.fullmatch(name) and name not in ("index.json", "openapi.json")
    assert bundle_file_name(a) == name
    other = bundle_file_name(b)
    if (a.source, a.method, a.path) != (b.source, b.method, b.path):
        assert name.casefold() != other.casefold()


def test_bundle_names_differ_by_case_and_normal_form() -> None:
    """Keys that a case-insensitive or normalising file system would merge still get different names."""
    def ep(path: str, source: str = "p.md") -> Endpoint:
        return Endpoint("GET", path, source, Span(source, 1), "doc")

    names = [bundle_file_name(e) for e in (ep("/Users"), ep("/users"), ep("/caf\u00e9"), ep("/cafe\u0301"),
                                           ep("/x", "Page.md"), ep("/x", "page.md"),
                                           ep("/x", "caf\u00e9.md"), ep("/x", "cafe\u0301.md"))]
    assert len({unicodedata.normalize("NFC", n).casefold() for n in names}) == len(names)

