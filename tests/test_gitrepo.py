"""Pages read from git objects: listing, batch blob reads, the blob memo, labels, errors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from docconform.extractor.diagnostics import InputError
from docconform.extractor.drift.gitrepo import (
    BlobMemo,
    SourceLines,
    endpoints_at,
    matches_pathspecs,
    open_repo,
    pages_at,
    read_blobs,
    relabel,
    relabel_result,
    revision_files,
)
from docconform.extractor.run.pipeline import extract_bytes
from tests.conftest import CORPUS, SEEDS

HISTORY = CORPUS / "history"
DLI = HISTORY / "data-lake-insight-api-ref.bundle"

PAGE = """:original_name: {doc}.html

.. _{doc}:

{title}
{underline}

Function
--------

This API is used to stop jobs.

URI
---

POST /v1.0/{{project_id}}/jobs/{action}

.. table:: **Table 1** URI parameter

   ========== ========= ====== ===========
   Parameter  Mandatory Type   Description
   ========== ========= ====== ===========
   project_id Yes       String Project ID.
   ========== ========= ====== ===========

Response Parameters
-------------------

.. table:: **Table 2** Response parameters

   ========== ========= ============ ===========================
   Parameter  Mandatory Type         Description
   ========== ========= ============ ===========================
   is_success No        {flag:<12} Whether the request worked.
   message    No        String       Message content.
   ========== ========= ============ ===========================
"""


def page(flag: str, *, doc: str = "demo_02_0001", title: str = "Stopping Jobs", action: str = "stop") -> str:
    """A small classic RST API page; ``flag`` is the type of ``is_success``."""
    return PAGE.format(doc=doc, title=title, underline="=" * len(title), action=action, flag=flag)


def git(repo: Path, *args: str, when: int = 0) -> str:
    """Run git in ``repo`` with a fixed identity, dates and no user configuration."""
    date = f"2024-01-{1 + when:02d}T12:00:00+00:00"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Doc Writer", "GIT_AUTHOR_EMAIL": "doc@example.com",
           "GIT_COMMITTER_NAME": "Doc Writer", "GIT_COMMITTER_EMAIL": "doc@example.com",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    return subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, files: dict[str, str | None], message: str, when: int) -> str:
    """Write (or with ``None`` delete) files, commit them all; returns the commit id."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            git(repo, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def build_repo(root: Path) -> tuple[Path, list[str]]:
    """Three revisions: is_success String -> Boolean -> String, the page moved in the third.

    An unrelated page (same content in every revision), an index page, a
    ``conf.py`` and a page outside ``api-ref`` are there to be filtered or memoised.
    """
    repo = root / "docs"
    repo.mkdir()
    git(repo, "init", "-q")
    other = page("Long", doc="demo_02_0002", title="Starting Jobs", action="start")
    shas = [
        commit(repo, {"api-ref/source/jobs/stopping_jobs.rst": page("String"),
                      "api-ref/source/jobs/starting_jobs.rst": other,
                      "api-ref/source/index.rst": "API Reference\n=============\n",
                      "api-ref/source/conf.py": "project = 'x'\n",
                      "umn/source/guide.rst": "Guide\n=====\n"}, "Import API reference", 0),
        commit(repo, {"api-ref/source/jobs/stopping_jobs.rst": page("Boolean")}, "Fix is_success type", 1),
        commit(repo, {"api-ref/source/jobs/stopping_jobs.rst": None,
                      "api-ref/source/flink/batch_stopping_jobs.rst": page("String", title="Batch Stopping Jobs")},
               "Move and rename the stop page", 2),
    ]
    git(repo, "tag", "v1", shas[0])
    return repo, shas


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    return build_repo(tmp_path_factory.mktemp("git"))


def test_revision_files_lists_pages_under_the_pathspecs(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    files = revision_files(path, shas[0], ["api-ref"])
    assert [f for f, _ in files] == ["api-ref/source/index.rst", "api-ref/source/jobs/starting_jobs.rst",
                                     "api-ref/source/jobs/stopping_jobs.rst"]
    assert all(len(sha) == 40 for _, sha in files)
    assert [f for f, _ in revision_files(path, "HEAD", ["*stopping*"])] == \
        ["api-ref/source/flink/batch_stopping_jobs.rst"]
    assert "umn/source/guide.rst" in [f for f, _ in revision_files(path, "HEAD", [])]
    assert [f for f, _ in revision_files(path, "v1", ["api-ref/source/jobs/", ":!*starting*"])] == \
        ["api-ref/source/jobs/stopping_jobs.rst"]


def test_pathspec_rules() -> None:
    assert matches_pathspecs("a/b/c.rst", [])
    assert matches_pathspecs("a/b/c.rst", ["a"]) and matches_pathspecs("a/b/c.rst", ["./a/b/"])
    assert not matches_pathspecs("ab/c.rst", ["a"])
    assert matches_pathspecs("a/b/c.rst", ["*.rst"]) and matches_pathspecs("a/b/c.rst", ["a/*/c.rst"])
    assert not matches_pathspecs("a/b/c.rst", ["a", ":(exclude)a/b"])
    assert matches_pathspecs("a/x.rst", [":^a/b"])
    with pytest.raises(InputError, match="unsupported pathspec"):
        revision_files(Path("."), "HEAD", [":(icase)A"])


def test_read_blobs_reads_many_blobs_in_one_batch(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    files = revision_files(path, shas[0], [])
    blobs = read_blobs(path, [sha for _, sha in files] * 2)
    assert set(blobs) == {sha for _, sha in files}
    for _, sha in files:
        assert blobs[sha] == git(path, "cat-file", "blob", sha).encode("utf-8")
    assert read_blobs(path, []) == {}
    with pytest.raises(InputError, match="missing"):
        read_blobs(path, ["0" * 40])


def test_sources_name_the_revision_and_the_file(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    (ep,) = [e for e in endpoints_at(path, "v1", ["api-ref"]) if e.doc_id == "demo_02_0001"]
    assert ep.source == "v1:api-ref/source/jobs/stopping_jobs.rst"
    body = ep.responses[0].body
    assert body is not None and body.children[0].span.source == ep.source
    assert body.children[0].type.raw == "String"
    short = open_repo(path).rev_label(shas[1])
    assert 7 <= len(short) < 40 and shas[1].startswith(short)
    (ep1,) = [e for e in endpoints_at(path, shas[1], ["*stopping*"])]
    assert ep1.source == f"{short}:api-ref/source/jobs/stopping_jobs.rst"
    assert ep1.responses[0].body.children[0].type.raw == "Boolean"  # type: ignore[union-attr]


def test_each_distinct_blob_is_extracted_once(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    memo = BlobMemo()
    per_rev = [pages_at(path, sha, ["api-ref"], memo=memo) for sha in shas]
    distinct = {sha for rev in shas for _, sha in revision_files(path, rev, ["api-ref"])}
    assert memo.extracted == len(distinct) == 5  # index, starting, and three stop versions
    starting = [r for rev in per_rev for r in rev if r.source.endswith("starting_jobs.rst")]
    assert len({r.source for r in starting}) == 3  # one blob, three labels
    assert [r.endpoints[0].source for r in starting] == [r.source for r in starting]


def test_parallel_extraction_gives_the_serial_results(tmp_path: Path) -> None:
    repo = tmp_path / "many"
    repo.mkdir()
    git(repo, "init", "-q")
    pages = {f"api/p{i}.rst": page("Boolean", doc=f"demo_03_{i:04d}", action=f"a{i}") for i in range(10)}
    sha = commit(repo, pages, "Ten pages", 0)
    items = [(f"r:{path}", blob) for path, blob in revision_files(repo, sha, [])]
    serial, parallel, seen = BlobMemo(), BlobMemo(), []
    serial.ensure(open_repo(repo), items)
    parallel.ensure(open_repo(repo), items, jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert parallel.extracted == serial.extracted == 10
    assert seen == [(i, 10) for i in range(1, 11)]
    for _, blob in items:
        assert parallel.result(blob) == serial.result(blob)
        assert parallel.result(blob).endpoints[0].doc_id.startswith("demo_03_")  # type: ignore[union-attr]


def _seed_results() -> list[tuple[bytes, str]]:
    return [(p.read_bytes(), p.name) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.parametrize("data, name", _seed_results())
def test_relabel_equals_extracting_under_the_new_source(data: bytes, name: str) -> None:
    first = extract_bytes(data, f"aaaa:{name}")
    again = extract_bytes(data, f"v2.0:docs/{name}")
    assert relabel_result(first, again.source).endpoints == again.endpoints
    assert relabel_result(first, again.source).diagnostics == again.diagnostics
    assert [relabel(e, e.source) for e in first.endpoints] == first.endpoints


def test_excerpts_read_the_line_from_the_blob(repo: tuple[Path, list[str]]) -> None:
    path, shas = repo
    lines = SourceLines(path)
    (ep,) = endpoints_at(path, "v1", ["*stopping*"])
    field = ep.responses[0].body.children[0]  # type: ignore[union-attr]
    assert "is_success" in lines(field.span.source, field.span.line)
    assert "Boolean" in lines(f"{shas[1]}:api-ref/source/jobs/stopping_jobs.rst", field.span.line)
    assert lines("v1:api-ref/source/jobs/stopping_jobs.rst", 10_000) == ""
    assert lines("v1:no/such/file.rst", 1) == ""


def test_errors_name_the_repository_and_the_revision(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = repo
    with pytest.raises(InputError, match="not a git repository"):
        open_repo(tmp_path)
    with pytest.raises(InputError, match="no such"):
        open_repo(tmp_path / "missing")
    (tmp_path / "notes.bundle").write_text("not a bundle")
    with pytest.raises(InputError, match="notes.bundle"):
        open_repo(tmp_path / "notes.bundle")
    with pytest.raises(InputError, match=r"docs: unknown revision 'v9'"):
        endpoints_at(path, "v9", [])
    with pytest.raises(InputError, match="not a revision"):
        endpoints_at(path, "--output=/tmp/x", [])
    with pytest.raises(InputError, match="not a git repository"):
        open_repo(path / "api-ref")  # a folder inside a clone is not the clone


def test_bare_repositories_and_bundles_without_head(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, shas = repo
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(path), str(bare))
    assert revision_files(bare, "HEAD", ["*stopping*"]) == revision_files(path, "HEAD", ["*stopping*"])
    bundle = tmp_path / "docs.bundle"
    git(path, "bundle", "create", "-q", str(bundle), "main")  # no HEAD in it
    assert "HEAD" not in git(path, "bundle", "list-heads", str(bundle))
    opened = open_repo(bundle)
    assert opened.commit("HEAD") == shas[-1]
    assert open_repo(bundle) is opened  # cloned once per process
    assert [e.source for e in endpoints_at(bundle, "main", ["*stopping*"])] == \
        ["main:api-ref/source/flink/batch_stopping_jobs.rst"]


def test_a_moving_head_is_read_again(tmp_path: Path) -> None:
    path, _ = build_repo(tmp_path)
    assert [e.doc_id for e in endpoints_at(path, "HEAD", ["api-ref"])] == ["demo_02_0001", "demo_02_0002"]
    commit(path, {"api-ref/source/jobs/starting_jobs.rst": None}, "Drop the start page", 5)
    assert [e.doc_id for e in endpoints_at(path, "HEAD", ["api-ref"])] == ["demo_02_0001"]


@pytest.mark.corpus
@pytest.mark.skipif(not DLI.is_file(), reason="../shared/corpus/history is not present")
def test_real_bundle_pages_at_two_revisions() -> None:
    old = endpoints_at(DLI, "5d4faa3", ["*stopping_jobs*"])
    new = endpoints_at(DLI, "HEAD", ["*stopping_jobs*"])
    assert [e.doc_id for e in old] == [e.doc_id for e in new] == ["dli_02_0241"]
    assert old[0].source == "5d4faa3:api-ref/source/flink_job-related_apis/stopping_jobs_in_batches.rst"
    assert new[0].source == "HEAD:api-ref/source/flink_job-related_apis/batch_stopping_jobs.rst"
    bodies = [ep.responses[0].body for ep in (old[0], new[0])]  # an array: children are its items' fields
    types = [[c.type.raw for c in body.children if c.name == "is_success"] for body in bodies if body]
    assert types == [["String"], ["Boolean"]]
