"""A content-addressed cache of extraction results, so re-runs read only what changed.

Key: the page's bytes, the source name it is reported under, the forced
format, and the extractor's fingerprint: the installed versions of
docconform and of the parsers its readers use, plus a hash of every module
and vocabulary that shapes a result, so a changed interpreter or a new
docutils never serves stale results.

An entry (see :mod:`.cache_format`) holds the page's summary, its rendered
bundle files byte for byte and its endpoint model, decoded only on demand:
a warm re-run copies bundle files from the cache without parsing,
interpreting or encoding anything. Whole-run blobs (:meth:`ExtractCache.get_blob`)
hold what depends on every page, such as the OpenAPI document, under a key
made of the run's page keys.

Entries are checked on load and a damaged, foreign or forged one is ignored
(and rewritten by the caller), never trusted. Writes are atomic (temporary
file, rename) but not fsynced: an entry torn by a crash fails its checksum
and costs one re-extraction. Not responsible for extracting or for choosing
which pages to look up (:mod:`.workers`).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache_format import decode_entry, encode_entry, model_bytes
from ..model import Endpoint, TableExport
from .pipeline import PageResult, PageSummary

__all__ = ["CacheEntry", "ExtractCache", "default_cache_dir", "extractor_fingerprint"]

_BLOB_MAGIC = b"docconform-blob-1 "
#: Whole-run blobs kept per kind: one per recent distinct run (they are a few MB each).
KEEP_BLOBS = 8
#: Code that does not shape an entry: editing it must not empty the cache.
_NOT_SHAPING = ("drift/", "run/command.py")
#: Distributions whose code shapes a result: docconform and the parsers of the readers.
_DISTRIBUTIONS = frozenset({"docconform", "docutils", "lxml", "markdown_it_py"})


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docconform"


def _installed_versions() -> str:
    """``name=version`` of :data:`_DISTRIBUTIONS`, from the dist-info folders beside docutils.

    Reading the folder names is enough and cheap; importing
    ``importlib.metadata`` would cost a warm run more than all its look-ups.
    It is the fallback for a layout where the folders are elsewhere.
    """
    found: dict[str, str] = {}
    spec = importlib.util.find_spec("docutils")
    site = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else None
    with contextlib.suppress(OSError):
        for name in os.listdir(site) if site else ():
            dist, _, version = name.removesuffix(".dist-info").partition("-")
            if name.endswith(".dist-info") and dist.lower() in _DISTRIBUTIONS:
                found[dist.lower()] = version
    if len(found) < len(_DISTRIBUTIONS):
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        for dist in _DISTRIBUTIONS - set(found):
            try:
                found[dist] = installed(dist)
            except PackageNotFoundError:
                found[dist] = "unknown"
    return ";".join(f"{d}={found[d]}" for d in sorted(found))


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Installed versions plus the bytes of every module and vocabulary that shapes an entry.

    That is the readers, the interpreter, the writers (bundles and the OpenAPI
    document are cached rendered), the model, and the cache's own format.
    """
    digest = hashlib.sha256(_installed_versions().encode())
    root = Path(__file__).resolve().parents[1]  # the extractor package
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json")]):
        name = path.relative_to(root).as_posix()
        if not name.startswith(_NOT_SHAPING):
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


@dataclass(slots=True)
class CacheEntry:
    """A loaded entry: the summary and bundles at once, the endpoints on demand."""

    summary: PageSummary
    bundles: list[tuple[str, bytes]]
    model: bytes
    model_sha256: str

    def endpoints(self) -> list[Endpoint] | None:
        """The page's endpoints, or ``None`` if the model part is damaged or does not decode."""
        model = self._model()
        return list(model[0]) if model is not None else None

    def exports(self) -> list[TableExport] | None:
        """The tables the page exports to other pages' links (``None``: damaged)."""
        model = self._model()
        return list(model[1]) if model is not None else None

    def _model(self) -> tuple[tuple[Endpoint, ...], tuple[TableExport, ...]] | None:
        from . import serialize

        data = model_bytes(self.model, self.model_sha256)
        try:
            value = serialize.decode(json.loads(data)) if data is not None else None
        except (ValueError, RecursionError):  # SerializeError is a ValueError
            return None
        if (not isinstance(value, tuple) or len(value) != 2
                or not all(isinstance(v, tuple) for v in value)
                or not all(isinstance(e, Endpoint) for e in value[0])
                or not all(isinstance(e, TableExport) for e in value[1])):
            return None
        return value

    def result(self) -> PageResult | None:
        model = self._model()
        if model is None:
            return None
        s = self.summary
        return PageResult(s.source, s.format, list(model[0]), list(s.diagnostics), s.tables,
                          s.tables_classified, s.states_operation, Counter(s.unknown_types),
                          list(model[1]), s.page_keys)


class ExtractCache:
    """One folder of entries named by their key (``ab/abcdef....entry``), and ``runs/`` of blobs."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._root = str(self.folder)

    def key(self, data: bytes, source: str, fmt: str | None) -> str:
        digest = hashlib.sha256(data)
        digest.update(b"\0" + source.encode("utf-8", "surrogatepass") + b"\0" + (fmt or "").encode())
        digest.update(b"\0" + extractor_fingerprint().encode())
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key + ".entry")  # str: this runs per page

    def load(self, key: str) -> CacheEntry | None:
        """The entry for ``key`` if there is a sound one."""
        try:
            with open(self._path(key), "rb") as fh:
                decoded = decode_entry(fh.read(), key)
        except OSError:
            return None
        return CacheEntry(*decoded) if decoded is not None else None

    def get(self, key: str) -> PageResult | None:
        """The full result (endpoints decoded), or ``None``."""
        entry = self.load(key)
        return entry.result() if entry is not None else None

    def put(self, key: str, result: PageResult, bundles: list[tuple[str, bytes]]) -> None:
        """Store ``result`` and its rendered bundle files under ``key``."""
        _write(Path(self._path(key)), encode_entry(key, result, bundles))

    def get_blob(self, kind: str, key: str) -> bytes | None:
        """A whole-run blob (e.g. ``kind="openapi"``), or ``None`` if absent or damaged."""
        try:
            data = self._blob_path(kind, key).read_bytes()
        except OSError:
            return None
        head = len(_BLOB_MAGIC) + 65
        body = data[head:]
        if (not data.startswith(_BLOB_MAGIC) or data[head - 1:head] != b"\n"
                or hashlib.sha256(body).hexdigest().encode() != data[len(_BLOB_MAGIC):head - 1]
                or not body.startswith(key.encode() + b"\n")):
            return None
        return body[len(key) + 1:]

    def has_blob(self, kind: str, key: str) -> bool:
        """Whether a blob is stored (not whether it is sound: :meth:`get_blob` checks)."""
        return self._blob_path(kind, key).is_file()

    def put_blob(self, kind: str, key: str, data: bytes) -> None:
        """Store a blob; only the :data:`KEEP_BLOBS` newest of its kind are kept."""
        body = key.encode() + b"\n" + data
        path = self._blob_path(kind, key)
        _write(path, _BLOB_MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        with contextlib.suppress(OSError):
            blobs = sorted(path.parent.glob(f"{kind}-*.blob"), key=lambda p: p.stat().st_mtime_ns)
            for old in blobs[:-KEEP_BLOBS]:
                old.unlink(missing_ok=True)

    def _blob_path(self, kind: str, key: str) -> Path:
        return self.folder / "runs" / f"{kind}-{key}.blob"


def _write(path: Path, data: bytes) -> None:
    """Atomic, not durable: a torn entry fails its checksum. Errors only cost speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
