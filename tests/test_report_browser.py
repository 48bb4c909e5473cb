"""drift.html as a real browser shows it: headless Chromium (Debian ``chromium``).

The structural tests (test_report_html.py) parse the markup; these check
what a reader gets: every finding of the committed seeds report is in the
rendered page, the screenshot is a page of content, and the filter and
search controls work when a user drives them (through ``chromium-driver``
and Selenium): the visible findings and the counts follow each control, as
counted independently from drift.json. The last test does it on the
largest corpus pair (ECS, rst against zh-md) and saves screenshots of the
top and of a filtered view (``$DOCCONFORM_SCREENSHOTS`` or a temporary
folder). ``.ci/install-chromium`` installs both packages; the tests skip with
the reason where they are missing.
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

pytestmark = [pytest.mark.realserver,
              pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine (.ci/install-chromium)")]


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


# ---------------------------------------------------------------- the filters, driven


@pytest.fixture(scope="module")
def driver():  # type: ignore[no-untyped-def]
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (.[test])")
    from selenium.webdriver.chrome.service import Service

    chromedriver = shutil.which("chromedriver")
    if chromedriver is None:
        pytest.skip("no chromedriver on this machine (Debian chromium-driver, .ci/install-chromium)")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1600",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.binary_location = shutil.which(BROWSER or "") or ""
    browser = webdriver.Chrome(options=options, service=Service(chromedriver))
    browser.set_page_load_timeout(120)
    yield browser
    browser.quit()


def _visible(driver) -> int:  # type: ignore[no-untyped-def]
    return int(driver.execute_script("return document.querySelectorAll('article.finding:not([hidden])').length"))


def _shown(driver) -> int:  # type: ignore[no-untyped-def]
    return int(driver.find_element("css selector", "#filters [data-count-all]").text)


def _choose(driver, select_id: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_value(value)


def _search(driver, text: str) -> None:  # type: ignore[no-untyped-def]
    box = driver.find_element("id", "f-search")
    box.clear()
    box.send_keys(text)


def _matches(findings: list[dict], query: str) -> int:
    """Findings whose shown text holds every word of ``query`` (counted from drift.json)."""
    words = query.lower().split()
    shown = [" ".join([f["endpoint"], f.get("doc_id") or "", f["pointer"], f["message"]]
                      + [" ".join([s["label"], s.get("text") or "", s["source"], s["excerpt"]]) for s in f["sides"]])
             .lower() for f in findings]
    return sum(1 for text in shown if all(w in text for w in words))


def drive_filters(driver, html: Path, findings: list[dict], sets: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Drive every control of a report and check visible cards and counts against drift.json."""
    driver.get(html.as_uri())
    total = len(findings)
    assert _visible(driver) == _shown(driver) == total
    seen: dict[str, int] = {"all": total}
    driver.find_element("id", "show-error").click()  # hide errors
    expected = sum(1 for f in findings if f["level"] != "error")
    assert _visible(driver) == _shown(driver) == expected
    seen["without errors"] = expected
    driver.find_element("id", "show-error").click()
    rules = sorted({f["rule"] for f in findings}, key=lambda r: -sum(f["rule"] == r for f in findings))
    for rule in rules[:3]:
        _choose(driver, "f-rule", rule)
        expected = sum(1 for f in findings if f["rule"] == rule)
        assert _visible(driver) == _shown(driver) == expected, rule
        count = driver.find_element("css selector", f'td[data-count-rule="{rule}"]').text
        assert int(count) == expected
        others = driver.find_elements("css selector", "td[data-count-rule]")
        assert sum(int(td.text) for td in others) == expected
        seen[f"rule {rule}"] = expected
    _choose(driver, "f-rule", "")
    for name in sets:
        _choose(driver, "f-set", name)
        expected = sum(1 for f in findings
                       if any(s["source"] == name or s["source"].startswith(name + "/") for s in f["sides"]))
        assert _visible(driver) == expected, name
        seen[f"set {name}"] = expected
    _choose(driver, "f-set", "")
    field = next(f["pointer"].rsplit("/", 1)[-1] for f in findings if "/properties/" in f["pointer"])
    _search(driver, field)
    expected = _matches(findings, field)
    assert _visible(driver) == _shown(driver) == expected > 0
    seen[f"search {field}"] = expected
    driver.find_element("id", "f-reset").click()
    assert _visible(driver) == total
    return seen


def test_filters_and_search_follow_the_controls(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from docconform.extractor.drift.report import render_bytes

    from .test_report_common import many_document

    document = many_document(60)
    document["inputs"] = [{"source": "corpus/rst", "pages": 6}, {"source": "corpus/zh-md", "pages": 6}]
    for f in document["findings"][::7]:
        f["sides"] = f["sides"][:1]  # found in one set only
    html = tmp_path / "drift.html"
    html.write_bytes(render_bytes(document)["drift.html"])
    seen = drive_filters(driver, html, document["findings"], ["corpus/rst", "corpus/zh-md"])
    assert seen["set corpus/zh-md"] < seen["all"]
    driver.get(html.as_uri() + "#rule=type-mismatch&q=field_1")  # a linked, filtered view
    assert _visible(driver) == sum(1 for f in document["findings"]
                                   if f["rule"] == "type-mismatch" and "field_1" in f["message"])


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (REPORT.parents[1].parent / "shared" / "corpus").is_dir(), reason="../shared/corpus is not present")
def test_largest_pair_report_in_the_browser(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ECS, rst against zh-md (the pair with the most pages): filters, search, screenshots."""
    import os

    from docconform.extractor.drift.command import run_drift

    corpus = REPORT.parents[1].parent / "shared" / "corpus"
    sets = [corpus / "rst" / "ecs", corpus / "zh-md" / "ecs"]
    out = tmp_path / "ecs"
    assert run_drift(sets, out, fail_on=None, quiet=True, jobs=os.cpu_count() or 1) == 0
    document = json.loads((out / "drift.json").read_text(encoding="utf-8"))
    names = [i["source"] for i in document["inputs"]]
    seen = drive_filters(driver, out / "drift.html", document["findings"], names)
    assert seen["all"] > 100 and all(seen[f"set {n}"] > 0 for n in names)
    shots = Path(os.environ.get("DOCCONFORM_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    driver.get((out / "drift.html").as_uri())
    driver.save_screenshot(str(shots / "ecs-top.png"))
    _choose(driver, "f-rule", "type-mismatch" if seen.get("rule type-mismatch") else document["findings"][0]["rule"])
    _search(driver, "")
    driver.execute_script("document.getElementById('filters').scrollIntoView()")
    driver.save_screenshot(str(shots / "ecs-filtered.png"))
    for name in ("ecs-top.png", "ecs-filtered.png"):
        inked, height = _rows_with_ink((shots / name).read_bytes())
        assert inked > height // 3, name
