"""Output files: deterministic JSON bytes, atomic replacement, names that stay under the root."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from docconform.extractor.writers import files
from docconform.extractor.writers.files import dump_json, safe_child, write_atomic, write_json


def test_dump_json_format() -> None:
    data = dump_json({"b": 1, "a": ["参数", None, True]})
    assert data == '{\n  "b": 1,\n  "a": [\n    "参数",\n    null,\n    true\n  ]\n}\n'.encode()
    assert dump_json({"b": 1, "a": ["参数", None, True]}) == data


def test_dump_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        dump_json({"x": float("nan")})


def test_dump_json_lone_surrogate_round_trips() -> None:
    text = b"caf\xe9".decode("utf-8", "surrogateescape")
    data = dump_json({"t": text})
    data.decode("utf-8")  # valid UTF-8 on disk
    assert json.loads(data) == {"t": text}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "out.json"
    write_atomic(target, b"one\n")
    assert target.read_bytes() == b"one\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.chmod(target, 0o600)
    write_atomic(target, b"two\n")
    assert target.read_bytes() == b"two\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_write_atomic_failure_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old content\n")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, failing, boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new content that never lands\n" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_write_atomic_interrupted_mid_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after part of the data reached the temp file leaves the target alone."""
    target = tmp_path / "out.json"
    target.write_bytes(b"old\n")
    real_fdopen = os.fdopen

    class Torn:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data: bytes) -> None:
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Torn(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"x" * 10000)
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.parametrize(
    "name",
    [
        "",
        ".",
        "..",
        "../x.json",
        "a/b.json",
        "a\\b.json",
        "/etc/passwd",
        "x\0.json",
        "C:x.json",
        "C:\\x.json",
        "\\\\server\\share",
        "..\\..\\x",
    ],
)
def test_safe_child_refuses(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        safe_child(tmp_path, name)


@pytest.mark.parametrize(
    "name", ["a.json", "..json", "x..y.json", "批量停止作业.json", ".hidden", "a b"]
)
def test_safe_child_accepts_plain_names(tmp_path: Path, name: str) -> None:
    child = safe_child(tmp_path, name)
    assert child.parent == tmp_path and child.name == name


def test_write_json(tmp_path: Path) -> None:
    path = write_json(tmp_path / "out", "x.json", {"k": [1, "二"]})
    assert path == tmp_path / "out" / "x.json"
    assert json.loads(path.read_text(encoding="utf-8")) == {"k": [1, "二"]}
    with pytest.raises(ValueError):
        write_json(tmp_path, "../escape.json", {})
    assert not (tmp_path.parent / "escape.json").exists()
