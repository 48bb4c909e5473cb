"""Served examples against their own pages, over every zh-md and rst set of the corpus.

For each set, ``docconform extract`` writes the bundles, and for every operation
and documented status the mock's responder is asked for its default answer. The
script counts the page examples the mock serves as documented, those it
withholds as ``example-schema-mismatch`` (they contradict their own table: an
undocumented or typo'd key, a missing mandatory field, a wrong type, an error
body under a success status), and, the figure that must be 0, served
"documented" examples that fail the strict form of their status's schema
(documented fields only, mandatory fields present, formats and enums kept).

    .venv/bin/python benchmarks/bench_examples.py [--corpus ../shared/corpus] [--schemas DIR] [--sets ecs,iam]

``--schemas DIR`` keeps (and reuses) the extracted bundles under DIR/<format>/<set>.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docconform.conformance.contract import Operation, load_contract
from docconform.conformance.mock.respond import DOCUMENTED, PreferError, Responder
from docconform.conformance.mock.schema import strict_schema
from docconform.conformance.mock.violations import FORMAT_CHECKER
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("zh-md", "rst")


@dataclass
class Counts:
    operations: int = 0
    examples: int = 0
    served: int = 0
    withheld: int = 0
    failing: int = 0
    samples: list[str] = field(default_factory=list)


def count(operations: list[Operation]) -> Counts:
    out = Counts(operations=len(operations))
    for op in operations:
        responder = Responder(op, seed=1)
        out.examples += sum(1 for e in op.examples if e.kind == "response")
        out.withheld += len(responder.withheld)
        out.samples += [f"{op.name} {w.status} {w.name} [{w.source}]: {w.problems[0]}" for w in responder.withheld]
        for spec in op.responses:
            if not spec.status.isdigit():
                continue
            try:
                reply = responder.reply({"code": spec.status}, b"bench")
            except PreferError:
                continue
            if reply.kind != DOCUMENTED:
                continue
            out.served += 1
            if spec.schema is not None and reply.body is not None:
                strict = Draft202012Validator(strict_schema(spec.schema), format_checker=FORMAT_CHECKER)
                if not strict.is_valid(json.loads(reply.body)):
                    out.failing += 1
    return out


def extract(source: Path, out: Path) -> Path:
    if not (out / "index.json").is_file():
        subprocess.run([sys.executable, "-m", "docconform", "extract", str(source), "-o", str(out)],
                       check=True, capture_output=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--schemas", type=Path, default=None, help="keep the extracted bundles here")
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--withheld", type=int, default=0, help="print this many withheld examples per set")
    args = parser.parse_args()
    wanted = {s for s in args.sets.split(",") if s}
    rows = [("| set | operations | response examples | served as documented | withheld "
             "(example-schema-mismatch) | served failing their strict schema |"),
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    total = Counts()
    samples: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.schemas or Path(tmp)
        for fmt in FORMATS:
            for source in sorted(p for p in (args.corpus / fmt).iterdir() if p.is_dir()):
                if wanted and source.name not in wanted:
                    continue
                folder = extract(source, base / fmt / source.name)
                try:
                    c = count(load_contract(folder))
                except Exception as exc:  # noqa: BLE001 - a set the contract loader refuses is reported
                    rows.append(f"| {fmt}/{source.name} | error: {exc} | | | | |")
                    continue
                rows.append(f"| {fmt}/{source.name} | {c.operations} | {c.examples} | {c.served} | "
                            f"{c.withheld} | {c.failing} |")
                samples += c.samples[: args.withheld]
                for name in ("operations", "examples", "served", "withheld", "failing"):
                    setattr(total, name, getattr(total, name) + getattr(c, name))
    rows.append(f"| all | {total.operations} | {total.examples} | {total.served} | {total.withheld} | "
                f"{total.failing} |")
    print("\n".join(rows))
    if samples:
        print("\nWithheld examples (sample):")
        print("\n".join(f"- {s}" for s in samples))


if __name__ == "__main__":
    main()
