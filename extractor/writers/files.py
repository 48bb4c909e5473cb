"""Bytes on disk: deterministic JSON, atomic writes, safe file names under a root.

Responsible for the three promises the design makes about outputs: the same
value gives the same bytes, a crash never leaves a half-written file, and a
name made from page content can never point outside the output folder.
Not responsible for what is written (:mod:`.jsonschema`, :mod:`.openapi`) or
for choosing names (:func:`.jsonschema.bundle_file_name`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

__all__ = ["dump_json", "safe_child", "write_atomic", "write_json"]


def dump_json(obj: Any) -> bytes:
    """``obj`` as UTF-8 JSON, indented by 2, with a trailing newline.

    Keys keep their insertion order (the writers fix it) rather than being
    sorted, so schemas read in a natural order (type before properties).
    NaN and infinities are refused: they are not JSON. A lone surrogate
    (text decoded with ``surrogateescape``) is written as a ``\\udcXX``
    escape, which JSON parsers read back to the same string.
    """
    text = json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8", "backslashreplace")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file.

    The data goes to a temporary file in the same folder (same file system,
    so the rename is atomic), is flushed to disk, then renamed over the
    target. On any failure the temporary file is removed and the old file is
    untouched. Parent folders are created.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def safe_child(root: Path, name: str) -> Path:
    """``root / name``, or ValueError if ``name`` is not one plain file name.

    Refuses empty names, ``.`` and ``..``, separators of either system, NUL,
    and absolute or drive-qualified names, so a hostile title cannot write
    outside ``root``.
    """
    if not name or name in (".", "..") or "\0" in name or "/" in name or "\\" in name:
        raise ValueError(f"unsafe file name: {name!r}")
    win = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or win.is_absolute() or win.drive:
        raise ValueError(f"unsafe file name: {name!r}")
    child = Path(root) / name
    if child.parent != Path(root) or child.name != name:
        raise ValueError(f"unsafe file name: {name!r}")
    return child


def write_json(root: Path, name: str, obj: Any) -> Path:
    """Write ``obj`` as JSON to ``root/name`` atomically; returns the path."""
    path = safe_child(root, name)
    write_atomic(path, dump_json(obj))
    return path
