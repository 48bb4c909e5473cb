"""No example the mock serves as "documented" fails its own strict schema: counted on the
seeds' committed schemas here, and on two corpus sets (``benchmarks/bench_examples.py``
counts every zh-md and rst set)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from docconform.conformance.contract import load_contract
from tests.conftest import CORPUS
from tests.mock_support import SCHEMAS, synthetic_contract

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_examples  # noqa: E402


def test_seeds_serve_no_example_that_contradicts_its_page() -> None:
    counts = bench_examples.count(load_contract(SCHEMAS))
    # dli_02_0241 shows "true" for a Boolean, dli_02_0243 an array for an object, the CDM page a
    # status its table does not list: all three withheld, each with the reason
    assert (counts.examples, counts.withheld, counts.served, counts.failing) == (3, 3, 0, 0)
    assert len(counts.samples) == 3


def test_valid_examples_are_served_and_counted(tmp_path: Path) -> None:
    counts = bench_examples.count(synthetic_contract(tmp_path))
    # jobs_list: example1 (200) and the 404 example served, example2 ("count": "many") withheld
    assert (counts.served, counts.withheld, counts.failing) == (2, 1, 0)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("where", ["zh-md/iam", "rst/ecs"])
def test_corpus_sets_serve_no_example_that_contradicts_its_page(where: str, tmp_path: Path) -> None:
    source = CORPUS / where
    if not source.is_dir():
        pytest.skip(f"no corpus set at {source}")
    subprocess.run([sys.executable, "-m", "docconform", "extract", str(source), "-o", str(tmp_path / "s")],
                   check=True, capture_output=True, timeout=600)
    counts = bench_examples.count(load_contract(tmp_path / "s"))
    assert counts.served > 0 and counts.failing == 0, counts.samples[:5]
