"""Bytes on disk: deterministic JSON, atomic writes, safe file names under a root.

Responsible for the three promises the design makes about outputs: the same
value gives the same bytes, a crash never leaves a half-written file, and a
name made from page content can never point outside the output folder.
A run killed between writing a temporary file and renaming it leaves that
hidden ``.<name>.<random>.tmp`` file behind; nothing reads such names as
outputs, and :func:`remove_stale_temps` clears them on a later run.
Not responsible for what is written (:mod:`.jsonschema`, :mod:`.openapi`) or
for choosing names (:func:`.jsonschema.bundle_file_name`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

__all__ = [
    "MAX_NAME_BYTES",
    "dump_json",
    "is_temp_name",
    "output_problem",
    "remove_output",
    "remove_stale_temps",
    "safe_child",
    "unwritable_reason",
    "write_atomic",
    "write_json",
]

#: The longest file name (one path component) the common file systems accept.
MAX_NAME_BYTES = 255

#: Bytes of the target's name kept in a temporary file's name: with the dot,
#: the random part and the suffix the temporary name stays well under 255 bytes.
_TEMP_STEM_BYTES = 100

#: What :func:`write_atomic` names its temporary files: ``.<target name>.<8 random>.tmp``.
#: Hidden, never ``*.json``, never listed in an index: a run killed between the
#: write and the rename leaves one behind, which every reader of an output
#: folder ignores and :func:`remove_stale_temps` removes on a later run.
_TEMP_NAME = re.compile(r"\..*\.[a-z0-9_]{8}\.tmp", re.DOTALL)


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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{_temp_stem(path.name)}.", suffix=".tmp")
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


def _temp_stem(name: str) -> str:
    """At most :data:`_TEMP_STEM_BYTES` bytes of ``name``, cut between characters.

    Counted in bytes, not characters: 100 CJK characters are 300 bytes, and a
    temporary name longer than 255 bytes would make a valid target unwritable.
    """
    return os.fsencode(name)[:_TEMP_STEM_BYTES].decode("utf-8", "ignore")


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is what :func:`write_atomic` calls its temporary files."""
    return _TEMP_NAME.fullmatch(name) is not None


def remove_stale_temps(folder: Path, before: float, names: Iterable[str] | None = None) -> list[str]:
    """Remove temporary files an interrupted writer left in ``folder``; returns their names.

    Only files named as :func:`write_atomic` names them (for one of ``names``
    when given) and last modified before ``before`` (a :func:`time.time`
    value: the start of the caller's run) are removed, so a writer still
    running beside this one keeps its file. Errors are ignored: a leftover is
    harmless, only untidy.
    """
    stems = None if names is None else tuple(f".{_temp_stem(n)}." for n in names)
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_name(entry.name) or (stems is not None and not entry.name.startswith(stems)):
            continue
        with contextlib.suppress(OSError):
            stat = entry.stat(follow_symlinks=False)
            if entry.is_file(follow_symlinks=False) and stat.st_mtime < before:
                os.unlink(entry.path)
                removed.append(entry.name)
    return sorted(removed)


def remove_output(path: Path) -> None:
    """Delete an output file the run no longer produces (gone already is fine)."""
    Path(path).unlink(missing_ok=True)


def unwritable_reason(path: Path, *, folder: bool) -> str | None:
    """Why ``path`` cannot become an output (a folder, or a file when ``folder`` is false), or None.

    Checked before a run does any work, so that an output place that cannot
    be written fails the run at once, while every earlier output is still
    untouched. Nothing is created: the nearest folder that exists on the way
    is probed with a temporary file named as :func:`write_atomic` names them
    (removed at once), so a missing folder is fine when it can be made.
    """
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        return "it is a file, not a folder"
    if not folder and path.is_dir():
        return "it is a folder, not a file"
    place = path if folder else path.parent
    while not place.exists() and not place.is_symlink() and place != place.parent:
        place = place.parent
    if not place.is_dir():
        return f"{place} is not a folder"
    try:
        fd, probe = tempfile.mkstemp(dir=place, prefix=".docconform-probe.", suffix=".tmp")
    except OSError as exc:
        return exc.strerror or str(exc)
    try:
        os.close(fd)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None


def output_problem(places: Iterable[tuple[Path | None, bool]]) -> str | None:
    """``cannot write PATH: why`` for the first place that cannot be written, or None.

    ``places`` are (path as the user gave it, whether it is a folder); ``None``
    paths (outputs not asked for) are skipped. See :func:`unwritable_reason`.
    """
    for path, folder in places:
        reason = None if path is None else unwritable_reason(path, folder=folder)
        if reason is not None:
            return f"cannot write {os.fspath(path)}: {reason}"  # type: ignore[arg-type]
    return None


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
    absolute or drive-qualified names, and names longer than 255 bytes (or not
    encodable for the file system), so a hostile title cannot write outside
    ``root`` and a long one fails here rather than half-way through a run.
    """
    if not name or name in (".", "..") or "\0" in name or "/" in name or "\\" in name:
        raise ValueError(f"unsafe file name: {name!r}")
    if len(os.fsencode(name)) > MAX_NAME_BYTES:  # UnicodeEncodeError is a ValueError too
        raise ValueError(f"file name longer than {MAX_NAME_BYTES} bytes: {name[:40]!r}...")
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
