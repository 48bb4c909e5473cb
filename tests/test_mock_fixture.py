"""The ``docconform_mock`` pytest fixture, tested with pytester in a throwaway project."""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import httpx
import pytest

from tests.mock_support import SCHEMAS

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module", autouse=True)
def _import_the_server_stack_first() -> None:
    """pytester's in-process runs drop the modules first imported inside them; a C
    extension (httptools) re-imported that way raises exceptions of its old classes, which
    uvicorn then fails to catch in later tests. Serving one request here imports it all."""
    from docconform.conformance.contract import load_contract
    from docconform.conformance.mock.server import MockServer

    with MockServer(load_contract(SCHEMAS)) as server:
        httpx.get(server.url + "/")


def plugin_args() -> list[str]:
    """Load the plugin by name unless the installed pytest11 entry point already does."""
    installed = any(ep.value == "docconform.conformance.mock.fixtures" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "docconform.conformance.mock.fixtures"]


CLIENT_TESTS = '''
import httpx
import pytest

def test_valid_client(docconform_mock):
    r = httpx.post(docconform_mock.url + "/v1.0/p/streaming/jobs/stop", json={"job_ids": [1, 2]})
    assert r.status_code == 200
    assert [x["status"] for x in docconform_mock.exchanges()] == [200]

def test_invalid_client(docconform_mock):
    httpx.post(docconform_mock.url + "/v1.0/p/streaming/jobs/stop", json={"job_ids": ["1"]})

@pytest.mark.docconform_allow_invalid
def test_negative_test_marked(docconform_mock):
    r = httpx.put(docconform_mock.url + "/v1.1/p/clusters/c/cdm/job/j/stop")
    assert r.status_code == 400
    assert docconform_mock.violations()[0]["pointer"] == "/header/X-Auth-Token"

def test_negative_test_by_call(docconform_mock):
    docconform_mock.allow_invalid()
    httpx.get(docconform_mock.url + "/nowhere")

def test_warnings_do_not_fail(docconform_mock):
    r = httpx.post(docconform_mock.url + "/v1.0/p/streaming/jobs/stop", json={"job_ids": [1], "x": 1})
    assert r.status_code == 200
    assert docconform_mock.violations("warning")[0]["rule"] == "field-undocumented"

def test_failing_test_keeps_its_own_failure(docconform_mock):
    httpx.post(docconform_mock.url + "/v1.0/p/streaming/jobs/stop", json={})
    assert False, "own failure"
'''


def test_fixture_fails_tests_whose_client_broke_rules(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_client=CLIENT_TESTS)
    record = pytester.path / "cert.json"
    result = pytester.runpytest(*plugin_args(), f"--docconform-mock-schemas={SCHEMAS}",
                                f"--docconform-mock-record={record}", "--docconform-mock-seed=4")
    result.assert_outcomes(passed=4, failed=2)
    result.stdout.fnmatch_lines([
        "*the client sent 1 violation(s) of the documented contract:*",
        "*400 POST /v1.0/p/streaming/jobs/stop: error client type-mismatch /body/job_ids/0 [[]seeds/000_*:134[]]*",
    ])
    result.stdout.fnmatch_lines(["*own failure*"])
    assert "required-missing /body/job_ids" not in result.stdout.str()  # its own failure, not ours
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["totals"]["exchanges"] == 6


def test_fail_on_never_and_ini_schemas(pytester: pytest.Pytester) -> None:
    pytester.makeini(f"[pytest]\ndocconform_mock_schemas = {SCHEMAS}\ndocconform_mock_fail_on = never\n")
    pytester.makepyfile(test_client=CLIENT_TESTS)
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=5, failed=1)


def test_missing_schemas_fail_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_client="def test_x(docconform_mock):\n    pass\n")
    result = pytester.runpytest(*plugin_args(), "--docconform-mock-schemas=does-not-exist")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*docconform_mock: *does-not-exist: no such file or folder*"])


def test_plugin_does_nothing_when_unused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="def test_x():\n    assert True\n")
    result = pytester.runpytest(*plugin_args(), "--markers")
    result.stdout.fnmatch_lines(["*docconform_allow_invalid*"])
    assert pytester.runpytest(*plugin_args()).ret == 0
