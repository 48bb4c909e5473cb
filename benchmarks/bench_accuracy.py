"""Extraction accuracy over the corpus: the SDK score table and two structural figures.

Usage::

    .venv/bin/python benchmarks/bench_accuracy.py [--only rst/dds ...] [--jobs N] [--keep DIR]
        [--json] [--detail N] [--corpus DIR] [--truth DIR] [--tools DIR]

For every ``FORMAT/SVC`` folder of the corpus it runs this venv's
``docconform extract SET -o OUT/schemas --openapi OUT/openapi.json --stats -q
--no-cache --fail-on never`` (``--jobs`` sets at a time, one worker each),
scores the OpenAPI file with ``score_openapi.py`` (a subprocess: the scorer
is the shared tool, not code of this project; recursive types are cut at their
first recurrence as the SDK truth writes them, ``_accuracy.cut_recursion``,
in ``OUT/openapi.scored.json``) and, from the bundles the run
wrote, computes two figures that need no ground truth:

- example fit: the share of strict-JSON examples whose every key path exists
  at the same place in the page's own extracted schema (request examples
  against the request body, response examples against the body of the
  response of their status); examples with no schema at their place are
  counted apart;
- bare links: the ``table-unlinked`` diagnostics (an object field whose table
  exists in the run but was not attached), beside ``table-unresolved``.

Exit status 2 when the corpus or the tools are missing, 1 when a set failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _accuracy import cut_recursion, missing_paths, value_paths  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("rst", "zh-md", "html", "text")
#: Sets scored against more than their own truth file (the kms chapter covers three SDKs).
EXTRA_TRUTH = {"kms": ("csms", "kps")}
UNLINKED, UNRESOLVED = "table-unlinked", "table-unresolved"


@dataclass
class Fit:
    """Example-fit counts of one set, and sample misses for ``--detail``."""

    fit: int = 0
    misfit: int = 0
    no_schema: int = 0
    no_keys: int = 0
    samples: list[tuple[str, str, str]] = field(default_factory=list)

    def share(self) -> float | None:
        judged = self.fit + self.misfit
        return 100.0 * self.fit / judged if judged else None


def docconform_command() -> list[str]:
    """This venv's CLI: the ``docconform`` script beside the interpreter, else the module."""
    script = Path(sys.executable).with_name("docconform")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "docconform.cli"]


def find_sets(corpus: Path, only: list[str]) -> list[tuple[str, str]]:
    """``(format, service)`` for every service folder, in the score table's order."""
    sets = []
    for fmt in FORMATS:
        folder = corpus / fmt
        if not folder.is_dir():
            continue
        for svc in sorted(p.name for p in folder.iterdir() if p.is_dir()):
            if not only or f"{fmt}/{svc}" in only:
                sets.append((fmt, svc))
    return sets


def extract(fmt: str, svc: str, corpus: Path, out: Path) -> str | None:
    """One extraction into ``out``; the stats text, None when it failed."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [*docconform_command(), "extract", str(corpus / fmt / svc), "-o", str(out / "schemas"),
           "--openapi", str(out / "openapi.json"), "--stats", "-q", "--no-cache", "--fail-on", "never",
           "--jobs", "1"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    (out / "stderr.txt").write_text(run.stderr, encoding="utf-8")
    if run.returncode != 0 or not (out / "openapi.json").is_file():
        return None
    return run.stdout + run.stderr


def pages_read(stats: str) -> int | None:
    for line in stats.splitlines():
        if line.startswith("pages read:"):
            return int(line.split(":", 1)[1].split()[0])
    return None


def score(openapi: Path, truths: list[Path], score_tool: Path) -> dict[str, Any]:
    """The shared scorer's raw counts for one OpenAPI file."""
    run = subprocess.run([sys.executable, str(score_tool), str(openapi), *map(str, truths), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def example_place(bundle: dict[str, Any], example: dict[str, Any]) -> Any:
    """The schema an example should fit: the request body, or the body of its status's response."""
    if example.get("kind") == "request":
        return (bundle.get("request") or {}).get("body")
    status = example.get("status")
    response = (bundle.get("responses") or {}).get(str(status)) if status is not None else None
    return response.get("body") if isinstance(response, dict) else None


def bundle_fit(bundle: dict[str, Any], fit: Fit, detail: int) -> None:
    """Add one bundle's strict examples to ``fit``."""
    for example in bundle.get("examples") or []:
        if not example.get("strict") or "value" not in example:
            continue
        schema = example_place(bundle, example)
        if not isinstance(schema, dict):
            fit.no_schema += 1
            continue
        if not value_paths(example["value"]):
            fit.no_keys += 1
            continue
        missing = missing_paths(example["value"], schema)
        if not missing:
            fit.fit += 1
            continue
        fit.misfit += 1
        if len(fit.samples) < detail:
            where = example["kind"] if example["kind"] == "request" else f"response {example.get('status')}"
            fit.samples.append((sorted(missing)[0], where, str(example.get("x-source", bundle.get("x-source")))))


def structure(schemas: Path, detail: int) -> tuple[Fit, Counter[str]]:
    """Example fit over the bundles index.json lists, and its diagnostics by code."""
    index = json.loads((schemas / "index.json").read_text(encoding="utf-8"))
    fit = Fit()
    for name in index.get("files", []):
        path = schemas / name
        if name == "index.json" or not name.endswith(".json") or not path.is_file():
            continue
        bundle = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(bundle, dict) and "examples" in bundle:
            bundle_fit(bundle, fit, detail)
    codes = Counter(d.get("code") for d in index.get("diagnostics", []))
    return fit, codes


def run_set(fmt: str, svc: str, a: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Extract, score and measure one set; the row (score counts plus the structural figures)."""
    out = work / f"{fmt}-{svc}"
    row: dict[str, Any] = {"service": svc, "format": fmt}
    stats = extract(fmt, svc, a.corpus, out)
    if stats is None:
        row["error"] = "extract failed"
        return row
    row["pages"] = pages_read(stats) or sum(1 for p in (a.corpus / fmt / svc).rglob("*") if p.is_file())
    truths = [a.truth / f"{svc}.json"] + [a.truth / f"{x}.json" for x in EXTRA_TRUTH.get(svc, ())]
    truths = [t for t in truths if t.is_file()]
    if truths:
        scored = out / "openapi.scored.json"  # recursive types on the SDK's terms (_accuracy.cut_recursion)
        doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
        scored.write_text(json.dumps(cut_recursion(doc), ensure_ascii=False), encoding="utf-8")
        row.update(score(scored, truths, a.tools / "score_openapi.py"))
    else:
        row["error"] = "no ground truth"
    fit, codes = structure(out / "schemas", a.detail)
    row.update(example_fit=fit.fit, example_misfit=fit.misfit, example_no_schema=fit.no_schema,
               example_no_keys=fit.no_keys, bare_links=codes[UNLINKED], unresolved_links=codes[UNRESOLVED])
    row["_samples"] = fit.samples
    return row


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f}%" if d else "-"


def print_structure(rows: list[dict[str, Any]]) -> None:
    """The structural figures, one line per set and a total."""
    hdr = ["service", "format", "example fit", "fit / judged", "no schema", "no keys",
           "bare links (table-unlinked)", "table-unresolved"]
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    tot: Counter[str] = Counter()
    for r in rows:
        if "example_fit" not in r:
            print(f"| {r['service']} | {r['format']} | {r.get('error', '')} |" + " |" * (len(hdr) - 3))
            continue
        tot.update({k: v for k, v in r.items() if k.startswith(("example_", "bare_", "unresolved_"))})
        print(_structure_line(r))
    print(_structure_line({"service": "**all**", "format": "(sums over the rows)", **tot}))


def _structure_line(r: dict[str, Any]) -> str:
    judged = r.get("example_fit", 0) + r.get("example_misfit", 0)
    cells = [r["service"], r["format"], pct(r.get("example_fit", 0), judged), f"{r.get('example_fit', 0)}/{judged}",
             str(r.get("example_no_schema", 0)), str(r.get("example_no_keys", 0)), str(r.get("bare_links", 0)),
             str(r.get("unresolved_links", 0))]
    return "| " + " | ".join(cells) + " |"


def add_set_arguments(ap: argparse.ArgumentParser, jobs_help: str) -> None:
    """The options every corpus benchmark takes: which sets, how many at a time, where."""
    ap.add_argument("--only", action="append", default=[], metavar="FORMAT/SVC", help="only this set (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help=jobs_help)
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the outputs under DIR and keep them")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")


def corpus_sets(prog: str, corpus: Path, only: list[str]) -> list[tuple[str, str]] | None:
    """The sets to run, or None after saying on stderr why there are none."""
    if not corpus.is_dir():
        print(f"{prog}: no corpus at {corpus} (give --corpus)", file=sys.stderr)
        return None
    sets = find_sets(corpus, only)
    if not sets:
        print(f"{prog}: no service folder in {corpus} matches", file=sys.stderr)
        return None
    return sets


@contextmanager
def work_folder(keep: Path | None, prog: str) -> Iterator[Path]:
    """``keep`` (made if needed and left in place), or a temporary folder removed afterwards."""
    work = keep if keep else Path(tempfile.mkdtemp(prefix=f"{prog}."))
    work.mkdir(parents=True, exist_ok=True)
    try:
        yield work
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = REPO.parent / "shared"
    add_set_arguments(ap, "sets extracted at a time, one core each (default 2)")
    ap.add_argument("--json", action="store_true", help="print one JSON object per set instead of the tables")
    ap.add_argument("--detail", type=int, default=0, metavar="N", help="print N non-fitting key paths per set")
    ap.add_argument("--truth", type=Path, default=shared / "groundtruth")
    ap.add_argument("--tools", type=Path, default=shared / "tools")
    a = ap.parse_args(argv)
    a.jobs = max(1, a.jobs)
    return a


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    if not (a.tools / "score_openapi.py").is_file():
        print(f"bench_accuracy: no score_openapi.py in {a.tools} (give --tools)", file=sys.stderr)
        return 2
    sets = corpus_sets("bench_accuracy", a.corpus, a.only)
    if sets is None:
        return 2
    with work_folder(a.keep, "bench_accuracy") as work:
        with ThreadPoolExecutor(a.jobs) as pool:
            rows = list(pool.map(lambda s: run_set(*s, a, work), sets))
        report(rows, a, work)
    return 1 if any(r.get("error") == "extract failed" for r in rows) else 0


def report(rows: list[dict[str, Any]], a: argparse.Namespace, work: Path) -> None:
    """The score table (through the shared scorer), the structural table, samples."""
    if a.json:
        for r in rows:
            print(json.dumps({k: v for k, v in r.items() if k != "_samples"} | {"samples": r["_samples"]}
                             if "_samples" in r else r, ensure_ascii=False))
        return
    scored = work / "rows.jsonl"
    with scored.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: v for k, v in r.items() if k != "_samples"}) + "\n")
    sys.stdout.flush()
    subprocess.run([sys.executable, str(a.tools / "score_openapi.py"), "--table", str(scored)], check=True)
    print()
    print_structure(rows)
    for r in rows:
        for path, where, source in r.get("_samples", []):
            print(f"  {r['format']}/{r['service']}: {path} ({where}) {source}")
    if a.keep:
        print(f"\noutputs kept in {work}{os.sep}")


if __name__ == "__main__":
    sys.exit(main())
