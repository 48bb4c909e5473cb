"""Drift on every pair of version sets of one service in ../shared/corpus (rst against zh-md).

For each pair: ``endpoint-missing`` reports exactly the endpoints one set
documents and the other does not, checked against a count this test makes
on its own from the extracted pages (method and path with placeholders
blanked; an endpoint the other set holds under the same doc id or title is
not missing), and drift.md stays under the 60,000 characters of a
pull-request comment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from docconform.extractor.drift.command import run_drift
from docconform.extractor.run.pipeline import extract_file

from .conftest import CORPUS, needs_corpus

SERVICES = sorted(p.name for p in (CORPUS / "rst").iterdir() if (CORPUS / "zh-md" / p.name).is_dir()) \
    if CORPUS.is_dir() else []
_PAGES = (".rst", ".md")


def _key(method: str, path: str) -> str:
    path = re.sub(r"\{[^{}]*\}", "{}", path)
    return f"{method.upper()} {re.sub(r'/+', '/', path).rstrip('/') or '/'}"


def _doc(doc_id: str | None) -> str | None:
    return re.sub(r"^(en-us|zh-cn)_", "", doc_id.strip().lower()) if doc_id and doc_id.strip() else None


def _endpoints(folder: Path) -> list:  # type: ignore[type-arg]
    out = []
    for page in sorted(folder.rglob("*")):
        if page.suffix in _PAGES:
            out += extract_file(page, page.as_posix()).endpoints
    return out


def _expected_missing(have: list, other: list) -> tuple[set[str], set[str]]:  # type: ignore[type-arg]
    """(keys only ``have`` documents, those of them the other set holds under no doc id or title)."""
    only = {_key(e.method, e.path) for e in have} - {_key(e.method, e.path) for e in other}
    docs = {_doc(e.doc_id) for e in other} - {None}
    titles = {(e.lang, " ".join(e.title.lower().split())) for e in other if e.title}
    explained = {_key(e.method, e.path) for e in have
                 if _doc(e.doc_id) in docs or (e.lang, " ".join(e.title.lower().split())) in titles}
    return only, only - explained


def missing(service: str, document: dict) -> dict[str, tuple[set[str], set[str], set[str]]]:  # type: ignore[type-arg]
    """Per set that lacks endpoints: (keys only the other set documents, those expected missing,
    those drift reported missing), the last read from the pages its findings name."""
    rst, md = CORPUS / "rst" / service, CORPUS / "zh-md" / service
    sets = {str(rst): _endpoints(rst), str(md): _endpoints(md)}
    names = [i["source"] for i in document["inputs"]]
    by_place = {(Path(e.source).resolve(), e.span.line): _key(e.method, e.path)
                for eps in sets.values() for e in eps}
    out = {}
    for (_, have), (lack_name, other) in zip(sets.items(), list(sets.items())[::-1]):
        only, expected = _expected_missing(have, other)
        lacking = names[list(sets).index(lack_name)]
        reported = {by_place.get((Path(s["source"]).resolve(), s["line"]), "?")
                    for f in document["findings"] if f["rule"] == "endpoint-missing"
                    and f["extra"]["missing_from"] == [lacking] for s in f["sides"] if s["line"] > 0}
        out[lacking] = (only, expected, reported)
    return out


@needs_corpus
@pytest.mark.slow
@pytest.mark.parametrize("service", SERVICES)
def test_pair_reports_the_endpoints_one_set_lacks(service: str, tmp_path: Path) -> None:
    rst, md = CORPUS / "rst" / service, CORPUS / "zh-md" / service
    assert run_drift([rst, md], tmp_path, fail_on=None, quiet=True, jobs=1) == 0
    document = json.loads((tmp_path / "drift.json").read_text(encoding="utf-8"))
    assert len((tmp_path / "drift.md").read_text(encoding="utf-8")) < 60_000
    for lacking, (only, expected, reported) in missing(service, document).items():
        assert reported <= only, (lacking, sorted(reported - only)[:5])
        assert expected <= reported, (lacking, sorted(expected - reported)[:5])
