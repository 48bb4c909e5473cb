"""The whole suite against the reference server and each of its single-fault variants.

The reference implements the seed pages as documented and must pass; every
variant injects one fault and must fail, with the check that names the
broken promise among the failures, and each failure must point at a page
line and show a runnable request.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import docconform.conformance.suite.items
import docconform.conformance.suite.plugin  # noqa: F401
from tests.conformance_support import ARGS as CONFORMANCE_ARGS
from tests.conformance_support import failed_checks
from tests.servers.reference_server import FAULTS, RunningServer, serve

pytest_plugins = ("pytester",)

REPO = Path(__file__).resolve().parents[1]
ARGS = [*CONFORMANCE_ARGS, "--conformance-schemas", "openapi.json"]


@pytest.fixture(scope="module")
def reference() -> Iterator[RunningServer]:
    with serve() as server:
        yield server


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copy(REPO / "schemas" / "openapi.json", pytester.path / "openapi.json")
    return pytester


_failed = failed_checks


def test_reference_server_passes(suite: pytest.Pytester, reference: RunningServer) -> None:
    reprec = suite.inline_run(*ARGS, "--conformance-base-url", reference.url)
    assert _failed(reprec) == {}
    passed, _, failed = reprec.listoutcomes()
    assert len(passed) >= 24 and not failed


@pytest.mark.parametrize("fault", sorted(f for f in FAULTS if FAULTS[f].pages == "seeds"))
def test_fault_variant_fails_with_the_right_check(suite: pytest.Pytester, fault: str) -> None:
    with serve(fault) as server:
        reprec = suite.inline_run(*ARGS, "--conformance-base-url", server.url)
    failed = _failed(reprec)
    checks = {node.rsplit("::", 1)[1] for node in failed}
    assert FAULTS[fault].check in checks, f"{fault}: failed checks {sorted(checks)}"
    for text in failed.values():
        assert "promised:  seeds/" in text and "curl -sS -X" in text and "seed:      11" in text
    report = json.loads((suite.path / "reports" / "docconform.conformance.json").read_text())
    assert report["summary"]["failed"] == len(failed)


def test_failure_points_at_the_promising_line_and_the_schema_path(suite: pytest.Pytester) -> None:
    with serve("wrong-response-type") as server:
        reprec = suite.inline_run(*ARGS, "--conformance-base-url", server.url,
                                  "--conformance-check", "response-schema-conformance")
    (text,) = _failed(reprec).values()
    assert "$[0].is_success: 'true' is not of type 'boolean'" in text
    assert "promised:  seeds/000_8182a592d8aed670.txt:304" in text  # the is_success row of Table 4
    assert "schema:    $[0].is_success (schema: items/properties/is_success/type)" in text
    assert "response:  200 OK" in text and "content-type: application/json" in text


def test_value_dependent_response_fault_names_the_field_line(suite: pytest.Pytester) -> None:
    with serve("response-int-overflow") as server:
        reprec = suite.inline_run(*ARGS, "--conformance-base-url", server.url, "--conformance-check",
                                  "response-schema-conformance", "--conformance-method", "PUT")
    (text,) = _failed(reprec).values()
    assert "$.submissions[0]['submission-id']" in text  # only long job names trigger it
    assert "promised:  seeds/003_49cb9d45244a94ce.txt:117" in text and "format" in text
