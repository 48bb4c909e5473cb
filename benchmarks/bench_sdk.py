"""Certify the official ECS and IAM SDKs against the mock serving the corpus's zh-md schemas.

Extracts ``CORPUS/zh-md/ecs`` and ``CORPUS/zh-md/iam`` (``docconform extract``,
so the bundle folders carry their ``index.json`` diagnostics), serves each with
``docconform``'s mock, drives the SDK through the calls of ``_sdk_drive.py``
(AK/SK signing, correct requests built with the SDK's own models) and prints
per SDK: calls, accepted, rejected by class (``client`` vs ``contract-doubt``),
other SDK errors, and answers the SDK could not fully deserialize into its
response model; then every rejection with its rule, page line and doubt, and
every deserialization loss. Each SDK runs twice: as it is (AK/SK signing
only), and with an ``X-Auth-Token`` header added to every request (the pages
document token authentication), which shows what the mock makes of the rest
of each request.

    .venv/bin/pip install -e ".[sdk]"
    .venv/bin/python benchmarks/bench_sdk.py [--corpus ../shared/corpus] [--schemas DIR]

``--schemas DIR`` keeps (and reuses) the extracted bundles under DIR/ecs and
DIR/iam.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _sdk_drive as drive
from bench_examples import extract
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.doubts import load_notes
from docconform.conformance.mock.server import MockServer

REPO = Path(__file__).resolve().parents[1]
SETS = ("ecs", "iam")


def run(folder: Path, sdk: str, token: bool) -> list[drive.Outcome]:
    with MockServer(load_contract(folder), MockOptions(seed=1), notes=load_notes(folder)) as mock:
        client, calls = drive.clients(mock.url, token)[sdk]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the SDK warns for each date it cannot read; counted below
            return drive.drive(sdk, client, calls, mock.recorder)


def table(results: dict[str, list[drive.Outcome]]) -> list[str]:
    lines = [("| SDK | calls | accepted | rejected: client | rejected: contract-doubt | SDK errors "
              "| answers not fully deserialized |"), "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for sdk, outcomes in results.items():
        classes = Counter(o.rejected_class for o in outcomes if o.rejected_class)
        lines.append(f"| {sdk} | {len(outcomes)} | {sum(o.accepted for o in outcomes)} | "
                     f"{classes.get('client', 0)} | {classes.get('contract-doubt', 0)} | "
                     f"{sum(1 for o in outcomes if o.error)} | {sum(1 for o in outcomes if o.losses)} |")
    return lines


def details(results: dict[str, list[drive.Outcome]]) -> list[str]:
    lines = ["", "Rejections (class, rule, pointer, page line, doubt):"]
    for mode, outcomes in results.items():
        for o in outcomes:
            for klass, rule, pointer, source, doubts in o.violations:
                lines.append(f"- {mode} {o.operation}: {klass} {rule} {pointer} [{source}]"
                             + (f"; doubt: {doubts}" if doubts else ""))
            if o.error:
                lines.append(f"- {mode} {o.operation}: SDK error {o.error}")
    lines += ["", "Answers the SDK model could not fully read (first 3 per call):"]
    for mode, outcomes in results.items():
        for o in outcomes:
            if o.losses and "X-Auth-Token" in mode:
                shown = "; ".join(o.losses[:3]) + (f"; +{len(o.losses) - 3} more" if len(o.losses) > 3 else "")
                lines.append(f"- {o.sdk} {o.operation}: {shown}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--schemas", type=Path, default=None, help="keep the extracted bundles here")
    args = parser.parse_args()
    if not (args.corpus / "zh-md").is_dir():
        sys.exit(f"bench_sdk: no corpus at {args.corpus}")
    try:
        import huaweicloudsdkecs  # noqa: F401
        import huaweicloudsdkiam  # noqa: F401
    except ImportError:
        sys.exit('bench_sdk: install the SDKs first: pip install -e ".[sdk]"')
    with tempfile.TemporaryDirectory() as tmp:
        out = args.schemas or Path(tmp)
        results = {}
        for sdk in SETS:
            folder = extract(args.corpus / "zh-md" / sdk, out / sdk)
            results[f"{sdk} (AK/SK)"] = run(folder, sdk, token=False)
            results[f"{sdk} (AK/SK + X-Auth-Token)"] = run(folder, sdk, token=True)
    print("\n".join(table(results) + details(results)))


if __name__ == "__main__":
    main()
