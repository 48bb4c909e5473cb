"""Time ``history`` over a bundled doc repository against extracting every revision separately.

Issue 6 asks that walking a history extract each distinct page blob once,
not once per revision: the target is history <= 0.3 x separate extraction.
Both runs read the same revisions (every first-parent commit touching the
pathspecs, plus the base) from git objects; "separate" gives each revision a
fresh memo, as a loop of ``extract`` over checkouts would.

    .venv/bin/python benchmarks/bench_history.py [BUNDLE] [PATHSPEC...]

Defaults to ../shared/corpus/history/elastic-cloud-server-api-ref.bundle and
``api-ref``. Both timings are serial; a third run times history with one
worker process per CPU. Prints the two times (wall clock, and CPU time of this process,
which a busy machine disturbs less), the ratios and the blob counts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from docconform.extractor.drift.gitrepo import MEMO, open_repo, pages_at, read_blobs, revision_files
from docconform.extractor.drift.history import build_history, commits
from docconform.extractor.run.pipeline import extract_bytes

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "history" / \
    "elastic-cloud-server-api-ref.bundle"


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else DEFAULT
    specs = argv[1:] or ["api-ref"]
    if not bundle.exists():
        print(f"no such repository or bundle: {bundle}", file=sys.stderr)
        return 2
    repo = open_repo(bundle)  # the bundle clone is paid once, outside both timings
    revisions = [r.sha for r in commits(repo, "HEAD", specs)]
    files = [revision_files(repo, sha, specs) for sha in revisions]
    pages = sum(len(f) for f in files)
    distinct = {sha for f in files for _, sha in f}
    blobs = len(distinct)
    sizes = {sha: len(data) for sha, data in read_blobs(repo, list(distinct)).items()}
    size_ratio = sum(sizes.values()) / sum(sizes[sha] for f in files for _, sha in f)

    warm = files[-1][:20]  # imports and vocabularies loaded before either timing starts
    for data in read_blobs(repo, [sha for _, sha in warm]).values():
        extract_bytes(data, "warm-up")

    MEMO.clear()
    start, cpu = time.perf_counter(), time.process_time()
    h = build_history(repo, specs)
    t_history, c_history = time.perf_counter() - start, time.process_time() - cpu
    extracted = MEMO.extracted

    start, cpu = time.perf_counter(), time.process_time()
    endpoints = sum(len(r.endpoints) for sha in revisions for r in pages_at(repo, sha, specs, memo=None))
    t_separate, c_separate = time.perf_counter() - start, time.process_time() - cpu

    jobs = os.cpu_count() or 1
    MEMO.clear()
    start = time.perf_counter()
    build_history(repo, specs, jobs=jobs)
    t_parallel = time.perf_counter() - start

    changes = sum(len(e.changes) for e in h.endpoints)
    print(f"repository: {bundle.name}, pathspecs: {' '.join(specs)}")
    print(f"revisions: {len(revisions)}, page files over all revisions: {pages}, distinct blobs: {blobs}")
    print(f"history: {t_history:.1f} s wall, {c_history:.1f} s CPU ({extracted} blobs extracted, "
          f"{len(h.endpoints)} endpoints, {changes} changes)")
    print(f"separate extraction: {t_separate:.1f} s wall, {c_separate:.1f} s CPU "
          f"({pages} pages, {endpoints} endpoints)")
    print(f"ratio history / separate: {t_history / t_separate:.2f} wall, "
          f"{c_history / c_separate:.2f} CPU (target <= 0.30)")
    print(f"history with {jobs} jobs: {t_parallel:.1f} s wall, "
          f"{t_parallel / t_separate:.2f} x serial separate extraction")
    print(f"distinct blobs are {blobs / pages:.0%} of the page files but {size_ratio:.0%} of their bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
