"""API specifications as versions: an OpenAPI document or SDK ground truth read into Endpoints.

Pages are one side of drift; a spec a server or an SDK publishes is the
other a team wants to compare them with. This package reads such a file
into the same :class:`~docconform.extractor.model.Endpoint` values the
interpreter makes of pages, so ``drift`` and ``diff`` take it as one more
version:

* OpenAPI 3.0 or 3.1, JSON or YAML (:mod:`.openapi`);
* the SDK ground-truth records of ``../shared/groundtruth`` (a JSON list of
  operations with ``http_method``, ``path_template``, parameter lists and
  body trees; :mod:`.groundtruth`).

Every element keeps the line (and column) of the file it came from, so a
finding points into the spec as it points into a page. It sits beside the
readers: it knows file formats and the model, nothing of drift. Not
responsible for pages (readers and the interpreter) nor for writing OpenAPI
(:mod:`docconform.extractor.writers.openapi`).
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import InputError
from ..model import Endpoint
from ._load import load_document
from .groundtruth import endpoints_from_groundtruth, is_groundtruth
from .openapi import endpoints_from_openapi, is_openapi

__all__ = ["SPEC_SUFFIXES", "is_spec_file", "load_spec", "spec_kind"]

#: File names a spec may have; anything else is a page or a folder.
SPEC_SUFFIXES = (".json", ".yaml", ".yml")


def spec_kind(path: Path) -> str | None:
    """``openapi`` or ``groundtruth`` when ``path`` is such a file, else ``None`` (never raises)."""
    if not path.is_file() or path.suffix.lower() not in SPEC_SUFFIXES:
        return None
    try:
        head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return None
    if '"openapi"' in head or head.lstrip().startswith("openapi:") or "\nopenapi:" in head:
        return "openapi"
    if '"http_method"' in head and '"path_template"' in head:
        return "groundtruth"
    return None


def is_spec_file(path: Path) -> bool:
    return spec_kind(path) is not None


def load_spec(path: Path, source: str | None = None) -> list[Endpoint]:
    """The endpoints of a spec file; :class:`InputError` naming the file when it cannot be read."""
    source = source or path.as_posix()
    document = load_document(path, source)
    if is_openapi(document.value):
        return endpoints_from_openapi(document)
    if is_groundtruth(document.value):
        return endpoints_from_groundtruth(document)
    raise InputError(f"{source}: neither an OpenAPI document nor SDK ground-truth records")
