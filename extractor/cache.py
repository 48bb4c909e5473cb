"""A content-addressed cache of extraction results, so re-runs read only what changed.

Key: the page's bytes, the source name it is reported under, the forced
format, and the extractor's fingerprint (its version plus a hash of its own
code and vocabularies, so a changed interpreter never serves stale results).
Entries are JSON (see :mod:`.serialize`), written atomically, and checked on
load: an entry that is corrupt, truncated, written by something else or for
another key is ignored and rewritten, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import serialize
from .pipeline import PageResult
from .writers.files import write_atomic

__all__ = ["ExtractCache", "default_cache_dir", "extractor_fingerprint"]

_FORMAT = "docconform-cache-1"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docconform"


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Version plus the bytes of every module and vocabulary that shapes a result."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        digest = hashlib.sha256(version("docconform").encode())
    except PackageNotFoundError:
        digest = hashlib.sha256(b"unknown")
    root = Path(__file__).resolve().parent
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


class ExtractCache:
    """One folder of entries named by their key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes, source: str, fmt: str | None) -> str:
        digest = hashlib.sha256(data)
        digest.update(b"\0" + source.encode() + b"\0" + (fmt or "").encode())
        digest.update(b"\0" + extractor_fingerprint().encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> PageResult | None:
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            if raw.get("format") != _FORMAT or raw.get("key") != key:
                raise ValueError("foreign entry")
            result = _result_from_json(raw["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, serialize.SerializeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: PageResult) -> None:
        entry = {"format": _FORMAT, "key": key, "result": _result_to_json(result)}
        try:
            write_atomic(self._path(key), json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        except OSError:
            return  # a cache that cannot be written only costs speed


def _result_to_json(r: PageResult) -> dict[str, object]:
    return {
        "source": r.source,
        "format": r.format,
        "endpoints": serialize.encode(tuple(r.endpoints)),
        "diagnostics": serialize.encode(tuple(r.diagnostics)),
        "tables": r.tables,
        "tables_classified": r.tables_classified,
        "states_operation": r.states_operation,
        "unknown_types": dict(r.unknown_types),
    }


def _result_from_json(d: dict[str, object]) -> PageResult:
    endpoints = serialize.decode(d["endpoints"])
    diagnostics = serialize.decode(d["diagnostics"])
    unknown = d["unknown_types"]
    if not isinstance(endpoints, tuple) or not isinstance(diagnostics, tuple) or not isinstance(unknown, dict):
        raise ValueError("malformed entry")
    return PageResult(
        source=str(d["source"]),
        format=d["format"] if isinstance(d["format"], str) else None,
        endpoints=list(endpoints),
        diagnostics=list(diagnostics),
        tables=int(d["tables"]),  # type: ignore[call-overload]
        tables_classified=int(d["tables_classified"]),  # type: ignore[call-overload]
        states_operation=bool(d["states_operation"]),
        unknown_types=Counter({str(k): int(v) for k, v in unknown.items()}),
    )
