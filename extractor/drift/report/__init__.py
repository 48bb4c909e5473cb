"""Views of a drift report: Markdown for pull requests, HTML for people, SARIF for tools.

The drift command builds the report document (the drift.json machine
contract: ``version``, ``tool``, ``command``, ``inputs``, ``endpoints``,
``summary``, ``findings`` as :func:`docconform.extractor.drift.findings.finding_to_json`
writes them, ``baselined``) and writes drift.json itself; :func:`write_reports`
then writes the three views beside it. Each view is a pure function of the
document, and the files are written atomically, so the same document gives
the same bytes and a crash never leaves half a report.

Not responsible for building the document, for drift.json, or for exit codes.
Renderers are looked up by format name in :data:`RENDERERS`, as readers are.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...writers.files import dump_json, remove_stale_temps, write_atomic
from .html import render_html
from .markdown import render_markdown
from .sarif import render_sarif

__all__ = [
    "RENDERERS",
    "render_bytes",
    "render_html",
    "render_markdown",
    "render_sarif",
    "write_reports",
]


def _text(render: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], bytes]:
    """UTF-8 bytes; a lone surrogate from a badly encoded page becomes a visible ``\\udcXX``."""
    return lambda document: render(document).encode("utf-8", "backslashreplace")


#: File name -> renderer to bytes, in the order the files are written.
RENDERERS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "drift.md": _text(render_markdown),
    "drift.html": _text(render_html),
    "drift.sarif": lambda document: dump_json(render_sarif(document)),
}


def render_bytes(document: dict[str, Any]) -> dict[str, bytes]:
    """Every view's file name and bytes, without touching the disk."""
    document = _plain(document)
    return {name: render(document) for name, render in RENDERERS.items()}


def write_reports(document: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write drift.md, drift.html and drift.sarif into ``out_dir``; returns their paths.

    All three are rendered before the first is written, so a renderer that
    fails leaves the previous reports in place rather than a mixed set. Then
    the temporary files a killed earlier run left beside the report set
    (drift.json included, which the drift command writes just before) go.
    """
    started = time.time()
    rendered = render_bytes(document)
    paths = []
    for name, data in rendered.items():
        path = Path(out_dir) / name
        write_atomic(path, data)
        paths.append(path)
    remove_stale_temps(Path(out_dir), started, [*_SET_NAMES, *rendered])
    return paths


#: Written beside the views by the drift command; its leftovers are cleared with theirs.
_SET_NAMES = ("drift.json",)


def _plain(document: dict[str, Any]) -> dict[str, Any]:
    """The document as drift.json would read back: tuples become lists, odd values strings.

    Rendering what a JSON round trip gives makes the views agree with the
    machine contract even when the caller passes tuples, paths or Level
    values; NaN and infinities (not JSON) become their names as strings.
    """
    text = json.dumps(document, ensure_ascii=False, default=str)
    plain: dict[str, Any] = json.loads(text, parse_constant=str)
    return plain
