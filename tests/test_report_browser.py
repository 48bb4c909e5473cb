"""drift.html as a real browser shows it: headless Chromium, when the machine has one.

The structural tests (test_report_html.py) parse the markup; this one checks
what a reader gets: the browser lays out the committed seeds report without
scripts, every finding is in the rendered page, and the screenshot is a page
of content, not an empty or error page. Skipped where no Chromium is
installed (CI machines need not have one).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[1] / "reports" / "drift.html"
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


def test_every_finding_is_in_the_rendered_page() -> None:
    dom = _run("--dump-dom", REPORT.as_uri()).stdout
    findings = json.loads(REPORT.with_suffix(".json").read_text(encoding="utf-8"))["findings"]
    assert findings
    for finding in findings:
        assert finding["fingerprint"] in dom, finding["rule"]
    assert "Documentation drift report" in dom


def _rows_with_ink(png: bytes) -> tuple[int, int]:
    """(rows holding a non-white pixel, all rows) of an 8-bit RGB(A) PNG, decoded by hand."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, previous, inked = zlib.decompress(idat), width * channels, bytearray(width * channels), 0
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):  # undo the PNG row filters
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        inked += any(v < 200 for i, v in enumerate(line) if channels == 3 or i % 4 != 3)
        previous = line
    return inked, height


def test_screenshot_is_a_page_of_content(tmp_path: Path) -> None:
    shot = tmp_path / "drift.png"
    _run("--window-size=1000,1400", f"--screenshot={shot}", REPORT.as_uri())
    inked, height = _rows_with_ink(shot.read_bytes())
    assert height == 1400
    assert inked > height // 3, f"only {inked} of {height} rows have any text or rule on them"
