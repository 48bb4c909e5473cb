"""The official ECS and IAM SDKs against the mock serving the corpus's zh-md schemas.

huaweicloudsdkecs and huaweicloudsdkiam (the ``sdk`` extra) drive at least 15
operations each (``benchmarks/_sdk_drive.py``), signing with AK/SK, against
``docconform mock`` serving what ``docconform extract`` writes from
``../shared/corpus/zh-md/ecs`` and ``zh-md/iam``. Every rejection of these
correct requests must be classed ``contract-doubt`` with its reason (none is
blamed on the client), every violation is reported once, and the certification
report accounts for every call. ``benchmarks/bench_sdk.py`` prints the table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.certify import certify
from docconform.conformance.mock.doubts import load_notes
from docconform.conformance.mock.server import MockServer
from tests.conftest import CORPUS

pytestmark = [pytest.mark.corpus, pytest.mark.realserver, pytest.mark.slow]

pytest.importorskip("huaweicloudsdkecs", reason="huaweicloudsdkecs not installed (pip install -e '.[sdk]')")
pytest.importorskip("huaweicloudsdkiam", reason="huaweicloudsdkiam not installed (pip install -e '.[sdk]')")
if not (CORPUS / "zh-md" / "ecs").is_dir():
    pytest.skip(f"no corpus at {CORPUS}", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import _sdk_drive as drive  # noqa: E402


@pytest.fixture(scope="module", params=["ecs", "iam"])
def certified(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    sdk = request.param
    folder = tmp_path_factory.mktemp(sdk) / "schemas"
    subprocess.run([sys.executable, "-m", "docconform", "extract", str(CORPUS / "zh-md" / sdk), "-o",
                    str(folder)], check=True, capture_output=True, timeout=600)
    record = folder.parent / "record.json"
    runs = {}
    with MockServer(load_contract(folder), MockOptions(seed=1), record=record,
                    notes=load_notes(folder)) as mock, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for token in (False, True):
            client, calls = drive.clients(mock.url, token)[sdk]
            runs[token] = drive.drive(sdk, client, calls, mock.recorder)
    data = json.loads(record.read_text(encoding="utf-8"))
    return {"sdk": sdk, "runs": runs, "record": data, "report": certify(data)}


def test_at_least_15_operations_each_matched_a_documented_one(certified: dict[str, Any]) -> None:
    outcomes = certified["runs"][False]
    assert len(outcomes) >= 15
    report = certified["report"]
    assert report["summary"]["requests"] == 2 * len(outcomes)
    assert report["summary"]["unmatched"] == 0
    assert not [o for o in outcomes if o.error], [o.error for o in outcomes if o.error]


def test_the_sdk_signs_with_aksk(certified: dict[str, Any]) -> None:
    headers = [x["headers"] for x in certified["record"]["exchanges"]]
    assert all(h.get("authorization", "").startswith("SDK-HMAC-SHA256") for h in headers)


def test_every_rejection_is_a_doubt_with_its_reason(certified: dict[str, Any]) -> None:
    for outcomes in certified["runs"].values():
        for o in outcomes:
            if not o.accepted:
                assert o.violations, f"{o.operation}: rejected without a violation"
                for klass, rule, pointer, source, doubts in o.violations:
                    assert klass == "contract-doubt" and doubts, (o.operation, rule, pointer, source)
    assert certified["report"]["summary"]["classes"]["client"] == 0
    assert certified["report"]["verdict"] == "pass"


def test_each_violation_once_per_exchange(certified: dict[str, Any]) -> None:
    for exchange in certified["record"]["exchanges"]:
        facts = Counter((v["rule"], v["pointer"]) for v in exchange["violations"])
        assert max(facts.values(), default=1) == 1, exchange["target"]
        assert all(v["class"] in ("client", "contract-doubt") for v in exchange["violations"])


def test_with_a_token_most_calls_are_accepted(certified: dict[str, Any]) -> None:
    """The pages document token authentication; with a token, what is left to reject is
    an operation whose pages the contract does not tell apart yet (variants)."""
    outcomes = certified["runs"][True]
    rejected = [o for o in outcomes if not o.accepted]
    assert len(rejected) <= 2, [(o.operation, o.violations) for o in rejected]
    assert all(v[4].startswith("variant-ambiguous") for o in rejected for v in o.violations)
