"""Pages read straight from git objects at given revisions, each distinct blob extracted once.

``diff`` and ``history`` compare a doc repository with itself over time. Checking
out every revision would be slow and would touch the user's work tree, so
pages are read from the object database: ``ls-tree`` lists a revision's page
files, one ``cat-file --batch`` process reads many blobs, and a process-wide
:class:`BlobMemo` extracts each distinct blob once however many revisions
hold it (a page that did not change in 20 commits is one blob). Results are
then re-labelled with the source ``<rev>:<path>`` of the revision asked for,
so every finding names the revision and the file (``v1.2:api-ref/source/x.rst``).

A repository is a work tree (its top folder), a bare repository, or a
``.bundle`` file (cloned once per process into a temporary bare repository).

Not responsible for comparing endpoints (:mod:`.compare`) or walking history
(:mod:`.history`). Errors in the repository or the revision raise
:class:`~docconform.extractor.diagnostics.InputError` naming both (exit 2); problems in a
page are that page's diagnostics, as everywhere else.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, InputError
from ..model import Endpoint, Field, Response, Span
from ..run.pipeline import PageResult, extract_bytes, is_page_name
from ..readers.detect import decode
from ..run.links import link_results
from ..run.workers import ignore_interrupts
from .excerpts import clean_line

__all__ = [
    "MEMO",
    "BlobMemo",
    "GitRepo",
    "Progress",
    "SourceLines",
    "check_pathspecs",
    "endpoints_at",
    "matches_pathspecs",
    "open_repo",
    "pages_at",
    "read_blobs",
    "relabel",
    "relabel_result",
    "revision_files",
]

_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_EXCLUDE = (":!", ":^", ":(exclude)")
#: Variables that would point git at another repository than the one asked for.
_GIT_LOCATION_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                      "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE")


def _env(ceiling: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARS}
    env["GIT_TERMINAL_PROMPT"] = "0"
    if ceiling is not None:  # never climb to an enclosing repository
        env["GIT_CEILING_DIRECTORIES"] = str(ceiling)
    return env


def _git(args: list[str], *, cwd: Path | None = None, stdin: bytes | None = None,
         ceiling: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=false", *args], input=stdin,
                              capture_output=True, cwd=cwd, env=_env(ceiling), check=False)
    except FileNotFoundError as exc:
        raise InputError("git is not installed or not on PATH") from exc


def _last_line(stderr: bytes) -> str:
    lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1].strip() if lines else "git failed"


@dataclass(eq=False)
class GitRepo:
    """An opened repository: where its objects are and how the user named it."""

    label: str
    git_dir: Path
    #: source (``<rev>:<path>``) -> blob id, for every source handed out, so excerpts need no lookup.
    sources: dict[str, str] = field(default_factory=dict)
    _commits: dict[str, str] = field(default_factory=dict)

    def run(self, args: list[str], stdin: bytes | None = None) -> bytes:
        proc = _git([f"--git-dir={self.git_dir}", *args], cwd=self.git_dir, stdin=stdin)
        if proc.returncode != 0:
            raise InputError(f"{self.label}: git {args[0]}: {_last_line(proc.stderr)}")
        return proc.stdout

    def commit(self, rev: str) -> str:
        """The full commit id ``rev`` names; InputError naming repo and revision if none.

        Only full ids are remembered: a branch or ``HEAD`` may move while the process runs.
        """
        if rev in self._commits:
            return self._commits[rev]
        if not rev or rev.startswith("-"):
            raise InputError(f"{self.label}: not a revision: {rev!r}")
        proc = _git([f"--git-dir={self.git_dir}", "rev-parse", "--verify", "--quiet",
                     "--end-of-options", f"{rev}^{{commit}}"], cwd=self.git_dir)
        if proc.returncode != 0:
            raise InputError(f"{self.label}: unknown revision {rev!r}")
        sha = proc.stdout.decode().strip()
        if rev == sha:
            self._commits[rev] = sha
        return sha

    def rev_label(self, rev: str) -> str:
        """How sources name ``rev``: as the user wrote it, or a short id for a full one."""
        sha = self.commit(rev)
        if not _HEX.fullmatch(rev):
            return rev
        return self.run(["rev-parse", "--short", sha]).decode().strip()


_OPEN: dict[tuple[str, int, int], GitRepo] = {}
_TEMP: list[tempfile.TemporaryDirectory[str]] = []  # bundle clones, removed at exit


def open_repo(repo: Path | GitRepo) -> GitRepo:
    """A work tree's top folder, a bare repository or a bundle file, opened once per process."""
    if isinstance(repo, GitRepo):
        return repo
    path = Path(repo)
    try:
        st = path.resolve().stat()
    except OSError as exc:
        raise InputError(f"{path}: no such git repository ({exc.strerror or exc})") from exc
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size if path.is_file() else 0)
    if key not in _OPEN:
        git_dir = _clone_bundle(path) if path.is_file() else _git_dir(path)
        _OPEN[key] = GitRepo(path.as_posix(), git_dir)
    return _OPEN[key]


def _git_dir(path: Path) -> Path:
    proc = _git(["rev-parse", "--absolute-git-dir"], cwd=path, ceiling=path.resolve().parent)
    if proc.returncode != 0:
        raise InputError(f"{path}: not a git repository (give the top folder of a clone, "
                         "a bare repository or a .bundle file)")
    return Path(proc.stdout.decode().strip())


def _clone_bundle(path: Path) -> Path:
    heads = _git(["bundle", "list-heads", str(path.resolve())])
    if heads.returncode != 0:
        raise InputError(f"{path}: not a git repository or bundle: {_last_line(heads.stderr)}")
    tmp = tempfile.TemporaryDirectory(prefix="docconform-bundle-")
    _TEMP.append(tmp)
    target = Path(tmp.name) / "repo.git"
    proc = _git(["clone", "--bare", "--quiet", "--", str(path.resolve()), str(target)])
    if proc.returncode != 0:
        raise InputError(f"{path}: cannot read bundle: {_last_line(proc.stderr)}")
    if _git([f"--git-dir={target}", "rev-parse", "--verify", "--quiet", "HEAD"]).returncode != 0:
        _point_head(target, heads.stdout.decode("utf-8", "replace"))
    return target


def _point_head(git_dir: Path, list_heads: str) -> None:
    """A bundle without HEAD: make HEAD its main branch (or its first branch)."""
    refs = [ln.split(" ", 1)[1] for ln in list_heads.splitlines() if " refs/heads/" in ln]
    preferred = [r for r in ("refs/heads/main", "refs/heads/master") if r in refs] or refs
    if preferred:
        _git([f"--git-dir={git_dir}", "symbolic-ref", "HEAD", preferred[0]])


def check_pathspecs(pathspecs: list[str]) -> None:
    """InputError for pathspec magic other than excludes: git would read it one way, this module another."""
    for spec in pathspecs:
        if spec.startswith(":") and not spec.startswith(_EXCLUDE):
            raise InputError(f"unsupported pathspec {spec!r}: use paths, globs and ':!' excludes")


def matches_pathspecs(path: str, pathspecs: list[str]) -> bool:
    """Git's pathspec rules for what this module supports: prefixes, globs, ``:!`` excludes.

    As in git, ``*`` also matches ``/``; no includes means everything.
    """
    includes = [s for s in pathspecs if not s.startswith(_EXCLUDE)]
    excludes = [s.split(")", 1)[1] if s.startswith(":(") else s[2:]
                for s in pathspecs if s.startswith(_EXCLUDE)]
    return (not includes or any(_match(path, s) for s in includes)) and \
        not any(_match(path, s) for s in excludes)


def _match(path: str, spec: str) -> bool:
    spec = spec.removeprefix("./").rstrip("/")
    if spec in ("", "."):
        return True
    if path == spec or path.startswith(spec + "/"):
        return True
    return any(c in spec for c in "*?[") and fnmatch.fnmatchcase(path, spec)


def revision_files(repo: Path | GitRepo, rev: str, pathspecs: list[str]) -> list[tuple[str, str]]:
    """(path, blob id) of every page file at ``rev`` under ``pathspecs``, sorted by path.

    Page files are named as pages (:func:`~..run.pipeline.is_page_name`, as
    folders are read by ``extract``); symlinks and submodules are not pages.
    """
    check_pathspecs(pathspecs)
    r = open_repo(repo)
    out = r.run(["ls-tree", "-r", "-z", "--full-tree", r.commit(rev)])
    files = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind == "blob" and mode != "120000" and is_page_name(path) and matches_pathspecs(path, pathspecs):
            files.append((path, sha))
    return sorted(files)


def read_blobs(repo: Path | GitRepo, shas: list[str]) -> dict[str, bytes]:
    """The content of many blobs through one ``git cat-file --batch`` process."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    r = open_repo(repo)
    out = r.run(["cat-file", "--batch"], stdin="".join(f"{s}\n" for s in wanted).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        if len(header) != 3:
            raise InputError(f"{r.label}: object {sha} is missing")
        size = int(header[2])
        blobs[sha] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


# ---------------------------------------------------------------- re-labelling


def relabel(ep: Endpoint, source: str) -> Endpoint:
    """``ep`` as if extracted from ``source``: the same page content under another name."""
    if ep.source == source:
        return ep
    return dataclasses.replace(
        ep, source=source, span=_span(ep.span, source),
        parameters=tuple(_field(f, source) for f in ep.parameters),
        request_body=_field(ep.request_body, source) if ep.request_body else None,
        responses=tuple(_response(r, source) for r in ep.responses),
        examples=tuple(dataclasses.replace(x, span=_span(x.span, source)) for x in ep.examples),
    )


def _span(span: Span, source: str) -> Span:
    return Span(source, span.line, span.column)


def _field(f: Field, source: str) -> Field:
    return dataclasses.replace(f, span=_span(f.span, source),
                               children=tuple(_field(c, source) for c in f.children))


def _response(r: Response, source: str) -> Response:
    return dataclasses.replace(r, span=_span(r.span, source),
                               body=_field(r.body, source) if r.body else None,
                               headers=tuple(_field(h, source) for h in r.headers))


def relabel_result(result: PageResult, source: str) -> PageResult:
    if result.source == source:
        return result
    return dataclasses.replace(
        result, source=source, endpoints=[relabel(e, source) for e in result.endpoints],
        diagnostics=[Diagnostic(_span(d.span, source), d.code, d.level, d.message)
                     for d in result.diagnostics])


# ---------------------------------------------------------------- the memo


#: Progress of a long extraction: (blobs done, blobs to do).
Progress = Callable[[int, int], None]

#: Blobs read per ``cat-file`` batch: bounds the memory held by page bytes at once.
_BATCH = 256
#: Fewer blobs than this per worker are extracted in this process (processes cost more).
_MIN_PER_WORKER = 4


def _extract(task: tuple[bytes, str, str | None]) -> PageResult:
    return extract_bytes(*task)


@contextmanager
def _pool(jobs: int, todo: int) -> Iterator[Executor | None]:
    if jobs < 2 or todo < jobs * _MIN_PER_WORKER:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor  # only runs that need it pay for it

    with ProcessPoolExecutor(max_workers=jobs, initializer=ignore_interrupts) as pool:
        yield pool


class BlobMemo:
    """Extraction results by blob id: content-addressed, so valid across revisions and repositories."""

    def __init__(self) -> None:
        self._results: dict[tuple[str, str | None], PageResult] = {}
        self.extracted = 0

    def ensure(self, repo: GitRepo, items: list[tuple[str, str]], fmt: str | None = None, *,
               jobs: int = 1, progress: Progress | None = None) -> None:
        """Extract every blob of ``items`` (source, blob id) not seen yet, once, under its first source.

        Blobs are read in batches through one ``cat-file`` each; with ``jobs > 1``
        they are extracted in worker processes (each result depends only on
        the blob's bytes, so the memo holds what a serial run would).
        """
        missing: dict[str, str] = {}
        for source, sha in items:
            if (sha, fmt) not in self._results:
                missing.setdefault(sha, source)
        todo = list(missing)
        with _pool(jobs, len(todo)) as pool:
            for start in range(0, len(todo), _BATCH):
                chunk = todo[start:start + _BATCH]
                blobs = read_blobs(repo, chunk)
                tasks = [(blobs[sha], missing[sha], fmt) for sha in chunk]
                results = pool.map(_extract, tasks, chunksize=2) if pool else map(_extract, tasks)
                for done, (sha, result) in enumerate(zip(chunk, results), start + 1):
                    self._results[(sha, fmt)] = result
                    self.extracted += 1
                    if progress is not None:
                        progress(done, len(todo))

    def result(self, sha: str, fmt: str | None = None) -> PageResult:
        """The result under the source of the blob's first sighting (call :meth:`ensure` first)."""
        return self._results[(sha, fmt)]

    def clear(self) -> None:
        self._results.clear()
        self.extracted = 0


#: The process-wide memo ``pages_at`` and ``history`` share.
MEMO = BlobMemo()


def pages_at(repo: Path | GitRepo, rev: str, pathspecs: list[str], *, fmt: str | None = None,
             memo: BlobMemo | None = MEMO) -> list[PageResult]:
    """Every page at ``rev`` extracted, sources ``<rev>:<path>``; ``memo=None`` extracts afresh."""
    r = open_repo(repo)
    commit, label = r.commit(rev), r.rev_label(rev)
    files = revision_files(r, commit, pathspecs)
    r.sources.update({f"{label}:{path}": blob for path, blob in files})
    memo = memo if memo is not None else BlobMemo()
    memo.ensure(r, [(f"{label}:{path}", blob) for path, blob in files], fmt)
    return link_results([relabel_result(memo.result(blob, fmt), f"{label}:{path}") for path, blob in files])


def endpoints_at(repo: Path | GitRepo, rev: str, pathspecs: list[str], *, fmt: str | None = None,
                 memo: BlobMemo | None = MEMO) -> list[Endpoint]:
    """Every endpoint documented at ``rev`` under ``pathspecs``, in path order."""
    return [ep for result in pages_at(repo, rev, pathspecs, fmt=fmt, memo=memo) for ep in result.endpoints]


class SourceLines:
    """Line N of a source ``<rev>:<path>``, read from the blob: the excerpts of findings.

    An :data:`~.excerpts.ExcerptProvider`; lines are cleaned as every provider cleans them.
    """

    def __init__(self, repo: Path | GitRepo) -> None:
        self.repo = open_repo(repo)
        self._lines: dict[str, list[str]] = {}

    def __call__(self, source: str, line: int) -> str:
        lines = self.lines(source)
        return clean_line(lines[line - 1], source) if 1 <= line <= len(lines) else ""

    def lines(self, source: str) -> list[str]:
        sha = self._blob(source)
        if sha is None:
            return []
        if sha not in self._lines:
            text = decode(read_blobs(self.repo, [sha])[sha]).text
            self._lines[sha] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return self._lines[sha]

    def _blob(self, source: str) -> str | None:
        known = self.repo.sources.get(source)
        if known is not None:
            return known
        rev, sep, path = source.partition(":")
        if not sep or rev.startswith("-"):
            return None
        proc = _git([f"--git-dir={self.repo.git_dir}", "rev-parse", "--verify", "--quiet",
                     "--end-of-options", f"{rev}:{path}"], cwd=self.repo.git_dir)
        sha = proc.stdout.decode().strip() if proc.returncode == 0 else None
        if sha:
            self.repo.sources[source] = sha
        return sha
