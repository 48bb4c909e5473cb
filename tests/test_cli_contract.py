"""What every command promises a user, whatever it computes (issue 15, first list).

- A run that finds no page (an empty folder, a folder of binaries, a PDF, a
  pathspec or revision range that matches nothing) exits 2 and changes nothing.
- Page diagnostics at or above ``--fail-on`` make the exit code 1 in every command.
- Every output place is checked before any work, and the message names the
  path as the user gave it.
- Ctrl-C (SIGINT to a real process) exits 130 with every output whole.
- ``mock --record`` to a place that cannot be written, and ``mock`` on a busy
  port, fail at start; ``test`` against a port where nothing listens says
  "cannot connect" once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docconform.cli import main
from tests.conftest import REPO, SEEDS
from tests.test_gitrepo import build_repo, commit, git, page

PAIR = REPO / "tests/fixtures/drift/type-mismatch"
QUIET_PAGE = REPO / "tests/fixtures/drift/enum-mismatch/base.rst"  # no error-level finding alone


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and modification time (what "unchanged" means)."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder an earlier, successful run wrote (bundles, index, OpenAPI)."""
    out = tmp_path_factory.mktemp("earlier") / "out"
    result = run("extract", SEEDS, "-o", out, "--openapi", out / "openapi.json", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return out


def binaries(folder: Path) -> Path:
    """A folder of binary files, one of them named as a page."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "dump.html").write_bytes(bytes(range(256)) * 8)
    (folder / "archive.bin").write_bytes(b"\x00\x01\x02" * 500)
    return folder


# ------------------------------------------------------------------ no pages: exit 2, nothing changed


@pytest.mark.parametrize("kind", ["empty", "binaries"])
def test_extract_without_pages_exits_2_and_keeps_earlier_outputs(earlier: Path, tmp_path: Path,
                                                                 kind: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)
    source = tmp_path / kind
    source.mkdir()
    if kind == "binaries":
        binaries(source)
    result = run("extract", source, "-o", out, "--openapi", out / "openapi.json", "--no-cache")
    assert result.exit_code == 2, result.output
    assert ("no page in" if kind == "empty" else "no API page in") in result.output
    assert str(source.name) in result.output
    assert snapshot(out) == before


def test_extract_without_pages_creates_no_output_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("extract", tmp_path / "empty", "-o", tmp_path / "new" / "out", "--no-cache")
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("kind", ["empty", "pdf"])
def test_drift_without_pages_exits_2_and_writes_no_report(tmp_path: Path, kind: str) -> None:
    if kind == "empty":
        source = tmp_path / "empty"
        source.mkdir()
    else:
        source = tmp_path / "manual.pdf"
        source.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 16)
    result = run("drift", source, "-o", tmp_path / "reports")
    assert result.exit_code == 2, result.output
    assert source.name in result.output
    assert not (tmp_path / "reports").exists()


def test_drift_with_one_empty_version_set_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("drift", PAIR / "base.rst", tmp_path / "empty", "-o", tmp_path / "reports")
    assert result.exit_code == 2 and "empty" in result.output
    assert not (tmp_path / "reports").exists()


def test_diff_with_an_empty_side_exits_2(tmp_path: Path) -> None:
    binaries(tmp_path / "new")
    result = run("diff", PAIR / "base.rst", tmp_path / "new", "-o", tmp_path / "reports")
    assert result.exit_code == 2 and "no API page in" in result.output
    assert not (tmp_path / "reports").exists()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_repo(tmp_path_factory.mktemp("contract"))[0]


def test_diff_with_a_pathspec_matching_nothing_exits_2(repo: Path, tmp_path: Path) -> None:
    result = run("diff", "--repo", repo, "HEAD~2", "HEAD", "-o", tmp_path / "r", "--", "no/such/place")
    assert result.exit_code == 2 and "no/such/place" in result.output and "matches no page" in result.output
    assert not (tmp_path / "r").exists()
    matched = run("diff", "--repo", repo, "HEAD~2", "HEAD", "--fail-on", "never", "--", "api-ref")
    assert matched.exit_code == 0, matched.output


def test_history_with_a_pathspec_or_range_matching_nothing_exits_2(repo: Path, tmp_path: Path) -> None:
    nothing = run("history", "--repo", repo, "-o", tmp_path / "h", "--", "no/such/place")
    assert nothing.exit_code == 2 and "no commit in HEAD" in nothing.output and "no/such/place" in nothing.output
    empty_range = run("history", "--repo", repo, "--rev", "HEAD..HEAD", "--", "api-ref")
    assert empty_range.exit_code == 2 and "no commit in HEAD..HEAD" in empty_range.output
    assert not (tmp_path / "h").exists()


def test_an_openapi_document_given_to_extract_is_sent_to_mock(tmp_path: Path) -> None:
    result = run("extract", REPO / "schemas" / "openapi.json", "-o", tmp_path / "out", "--no-cache")
    assert result.exit_code == 2
    assert "[no-endpoint]" in result.output and "looks like an OpenAPI document" in result.output
    assert not (tmp_path / "out").exists()


def test_readme_beside_the_pages_is_not_a_page_in_folders_or_revisions(tmp_path: Path) -> None:
    from docconform.extractor.drift.gitrepo import revision_files

    docs = tmp_path / "docs"
    docs.mkdir()
    git(docs, "init", "-q")
    commit(docs, {"api/stop.rst": page("String"), "api/README.md": "# About these pages\n",
                  "api/LICENSE.txt": "Apache-2.0\n"}, "pages", 0)
    assert [path for path, _ in revision_files(docs, "HEAD", ["api"])] == ["api/stop.rst"]
    result = run("extract", docs / "api", "-o", tmp_path / "out", "--no-cache")
    assert result.exit_code == 0 and "1 pages" in result.output


# ------------------------------------------------------------------ diagnostics count toward --fail-on


def test_page_errors_count_toward_fail_on_in_drift_and_diff(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(QUIET_PAGE, docs / "page.rst")
    clean = run("drift", docs, "-o", tmp_path / "a")
    assert clean.exit_code == 0, clean.output
    (docs / "broken.html").write_bytes(bytes(range(256)) * 8)  # an error-level diagnostic
    broken = run("drift", docs, "-o", tmp_path / "b")
    assert broken.exit_code == 1 and "[input-binary]" in broken.output
    assert run("drift", docs, "-o", tmp_path / "c", "--fail-on", "never").exit_code == 0
    changed = run("diff", QUIET_PAGE, docs)
    assert changed.exit_code == 1 and "[input-binary]" in changed.output
    assert run("diff", QUIET_PAGE, QUIET_PAGE).exit_code == 0


# ------------------------------------------------------------------ output places checked first


def test_drift_to_a_file_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("keep me\n", encoding="utf-8")
    result = run("drift", PAIR / "base.rst", "-o", "afile")
    assert result.exit_code == 2
    assert "cannot write afile: it is a file, not a folder" in result.output
    assert Path("afile").read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("command", ["extract", "extract-openapi", "drift", "diff", "history", "test",
                                     "test-junit"])
def test_an_output_under_a_file_fails_before_any_work(command: str, repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "reports"
    dead = f"http://127.0.0.1:{_dead_port()}"
    args = {"extract": ["extract", SEEDS, "-o", target],
            "extract-openapi": ["extract", SEEDS, "-o", tmp_path / "out", "--openapi", target],
            "drift": ["drift", PAIR / "base.rst", "-o", target],
            "diff": ["diff", PAIR / "base.rst", PAIR / "revision.rst", "-o", target],
            "history": ["history", "--repo", repo, "-o", target, "--", "api-ref"],
            "test": ["test", "--base-url", dead, REPO / "schemas", "--report-dir", target],
            "test-junit": ["test", "--base-url", dead, REPO / "schemas", "--junitxml", target]}[command]
    result = run(*args)
    assert result.exit_code == 2
    assert f"cannot write {target}:" in result.output
    assert "endpoints" not in result.output and "history of" not in result.output  # no work was done
    assert "cannot connect" not in result.output
    assert not (tmp_path / "out").exists()


def test_certify_checks_its_report_places_first(tmp_path: Path) -> None:
    record = tmp_path / "rec.json"
    record.write_text("{}", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run("certify", record, "--json", tmp_path / "file" / "r.json")
    assert result.exit_code == 2 and "cannot write" in result.output and "file/r.json" in result.output


# ------------------------------------------------------------------ mock and test fail at start


def test_mock_record_to_an_unwritable_place_fails_at_start(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for record in (tmp_path / "file" / "rec.json", tmp_path):  # under a file; a folder
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "docconform", "mock", str(REPO / "schemas"), "--port", "0",
                               "--record", str(record)], check=False, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert str(record) in proc.stderr and "operations from" not in proc.stderr
        assert time.monotonic() - started < 60


def test_mock_on_a_busy_port_names_it() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("mock", REPO / "schemas", "--port", str(port))
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}: address already in use" in result.output


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_test_against_a_dead_port_says_cannot_connect_once(tmp_path: Path) -> None:
    port = _dead_port()
    result = run("test", "--base-url", f"http://u:s3cret@127.0.0.1:{port}", REPO / "schemas",
                 "--report-dir", tmp_path / "reports")
    assert result.exit_code == 2, result.output
    assert result.output.count("cannot connect") == 1
    assert f"cannot connect to http://127.0.0.1:{port}: connection refused" in result.output
    assert "s3cret" not in result.output and "failed" not in result.output
    assert not (tmp_path / "reports").exists()


# ------------------------------------------------------------------ Ctrl-C


def _many_pages(folder: Path, copies: int) -> Path:
    """``copies`` of each seed page, under distinct names: a run long enough to interrupt."""
    folder.mkdir()
    for path in sorted(SEEDS.glob("0*.txt")):
        data = path.read_bytes()
        for i in range(copies):
            (folder / f"{path.stem}-{i:04d}.txt").write_bytes(data)
    return folder


def _interrupt_when(proc: subprocess.Popen[str], ready: callable, group: bool) -> None:  # type: ignore[valid-type]
    deadline = time.monotonic() + 120
    while not ready():
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.01)
    if group:  # as a terminal does: the whole process group, workers included
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used (Linux /proc): past the imports means it is at work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _whole_json_files(folder: Path) -> None:
    for p in folder.rglob("*"):
        assert not p.name.endswith(".tmp"), f"temporary file left: {p}"
        if p.suffix == ".json":
            json.loads(p.read_bytes())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_extract_exits_130_with_outputs_whole(earlier: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(earlier, out)
    before = snapshot(out)
    pages = _many_pages(tmp_path / "pages", 120)
    proc = subprocess.Popen([sys.executable, "-m", "docconform", "extract", str(pages), "-o", str(out),
                             "--no-cache", "-j", jobs], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _interrupt_when(proc, lambda: len(list(out.glob("*.json"))) > len(before), group=jobs != "1")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    _whole_json_files(out)
    index = json.loads((out / "index.json").read_bytes())
    assert (out / "index.json").read_bytes() == before["index.json"][0]  # the old run's index stands
    assert all((out / name).is_file() for name in index["files"])
    assert all(name in snapshot(out) for name in before)  # nothing of the earlier run was removed


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to see the run at work")
def test_ctrl_c_in_drift_exits_130_and_leaves_the_reports(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    assert run("drift", PAIR / "base.rst", PAIR / "revision.rst", "-o", reports).exit_code == 1
    before = snapshot(reports)
    pages = _many_pages(tmp_path / "pages", 120)
    proc = subprocess.Popen([sys.executable, "-m", "docconform", "drift", str(pages), "-o", str(reports),
                             "-j", "1"], cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _interrupt_when(proc, lambda: _cpu_seconds(proc.pid) > 1.5, group=False)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert snapshot(reports) == before


# ------------------------------------------------------------------ one option vocabulary


def _commands() -> dict[str, object]:
    import click

    ctx = click.Context(main)
    return {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}


def _options(command: object) -> dict[str, object]:
    import click

    assert isinstance(command, click.Command)
    return {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}


def test_every_command_has_quiet_and_verbose_with_the_same_spelling() -> None:
    commands = _commands()
    assert set(commands) >= {"extract", "drift", "diff", "history", "test", "mock", "certify"}
    for name, command in commands.items():
        options = _options(command)
        assert {"-q", "--quiet", "-v", "--verbose"} <= set(options), name
    assert run("drift", "-q", "-v").exit_code == 2


def test_page_format_and_print_format_mean_one_thing_everywhere() -> None:
    import click

    for name, command in _commands().items():
        options = _options(command)
        if name in ("extract", "drift", "diff", "history"):
            page = options["--page-format"]
            assert isinstance(page, click.Option) and list(page.type.choices) == ["html", "rst", "markdown", "text"]
        if "--format" in options:  # what is printed; never a page format
            printed = options["--format"]
            assert isinstance(printed, click.Option) and "text" in printed.type.choices, name
            assert "md" not in printed.type.choices and "html" not in printed.type.choices, name


def test_old_spellings_still_work_with_a_note(tmp_path: Path, repo: Path) -> None:
    old = run("extract", SEEDS / "000_8182a592d8aed670.txt", "-o", tmp_path / "a", "--format", "html", "--no-cache")
    assert old.exit_code == 0, old.output
    assert "note: --format is now --page-format" in old.output
    new = run("extract", SEEDS / "000_8182a592d8aed670.txt", "-o", tmp_path / "b", "--page-format", "html",
              "--no-cache")
    assert (tmp_path / "a" / "index.json").read_bytes() == (tmp_path / "b" / "index.json").read_bytes()
    assert "note:" not in new.output and "--format" not in run("extract", "--help").output
    md = run("history", "--repo", repo, "--format", "md", "--", "api-ref")
    assert md.exit_code == 0 and "note: --format md is now --format markdown" in md.output
    assert "# Documentation history" in md.output
    assert "md|" not in run("history", "--help").output


class _Silent:
    """A loopback server that accepts connections, reads nothing and never answers; counts them."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def test_ctrl_c_in_test_exits_130_with_whole_reports(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "docconform.conformance.json").write_text('{"earlier": true}\n', encoding="utf-8")
    server = _Silent()  # every exchange waits for its timeout: a long run
    try:
        proc = subprocess.Popen([sys.executable, "-m", "docconform", "test", "--base-url", server.url,
                                 str(REPO / "schemas"), "--timeout", "30", "--report-dir", str(reports)],
                                cwd=tmp_path, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # the first connection is the start-up check; a second one is a check of the suite under way
        _interrupt_when(proc, lambda: len(server.held) >= 2, group=False)
        out, err = proc.communicate(timeout=120)
    finally:
        server.close()
    assert proc.returncode == 130, (proc.returncode, out[-3000:], err[-3000:])
    _whole_json_files(reports)


def test_quiet_silences_the_progress_bar_of_drift(tmp_path: Path) -> None:
    import io

    from docconform.extractor.drift.command import run_drift

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for quiet in (False, True):
        err = Tty()
        run_drift([SEEDS], tmp_path / str(quiet), quiet=quiet, err=err, out=io.StringIO())
        assert ("extracting" in err.getvalue()) is not quiet
        assert "11 findings" in err.getvalue()
