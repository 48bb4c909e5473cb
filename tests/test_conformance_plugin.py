"""The pytest plugin, run with pytester against the real reference server.

Collection names, options, switching checks off, user-defined checks, secret
redaction everywhere, the non-loopback safety rule, reports, and pytest-xdist.
"""

from __future__ import annotations

import json
import shutil
import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

import docconform.conformance.suite.items
import docconform.conformance.suite.plugin  # noqa: F401  imported here, once: pytester drops modules first imported by an inner run
from docconform.conformance.suite.checks import CHECKS
from tests.servers.reference_server import RunningServer, serve

pytest_plugins = ("pytester",)

REPO = Path(__file__).resolve().parents[1]
SECRET = "s3cr3t-T0ken-4b9f"
BASE = ["--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin", "-p", "no:cacheprovider",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
        "--conformance-seed", "7", "--conformance-max-examples", "8"]


@pytest.fixture(scope="module")
def reference() -> Iterator[RunningServer]:
    with serve() as server:
        yield server


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copytree(REPO / "schemas", pytester.path / "schemas")
    return pytester


@pytest.fixture
def restore_checks() -> Iterator[None]:
    saved = dict(CHECKS)
    yield
    CHECKS.clear()
    CHECKS.update(saved)


def _run(p: pytest.Pytester, url: str, *extra: str) -> pytest.HookRecorder:
    return p.inline_run(*BASE, "--conformance-base-url", url, "--conformance-schemas", "schemas", *extra)


def _ids(reprec: pytest.HookRecorder, outcome: str) -> list[str]:
    reports = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"]
    return sorted(r.nodeid.split("::", 1)[1] for r in reports if r.outcome == outcome)


def test_one_item_per_endpoint_and_check_named_after_both(project: pytest.Pytester,
                                                          reference: RunningServer) -> None:
    result = project.runpytest_inprocess(*BASE, "--conformance-base-url", reference.url,
                                         "--conformance-schemas", "schemas", "--collect-only", "-q")
    ids = [line for line in result.outlines if "::" in line]
    assert len(ids) == 3 * len(CHECKS)
    assert "schemas::POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)::not-a-server-error" in ids
    assert ("schemas::PUT /v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"
            "::missing-required-header") in ids


def test_reference_server_passes_and_reports_are_written(project: pytest.Pytester,
                                                         reference: RunningServer) -> None:
    reprec = _run(project, reference.url, "--conformance-header", f"X-Auth-Token={SECRET}")
    passed, skipped = _ids(reprec, "passed"), _ids(reprec, "skipped")
    assert _ids(reprec, "failed") == []
    assert len(passed) + len(skipped) == 3 * len(CHECKS)
    assert all("missing-required-header" in s for s in skipped)  # the DLI pages document no header
    report = json.loads((project.path / "reports" / "docconform.conformance.json").read_text())
    assert report["summary"] == {"passed": len(passed), "failed": 0, "missing-test-data": 0,
                                 "skipped": len(skipped)}
    assert {e["endpoint"] for e in report["endpoints"]} >= {"POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)"}
    assert "| endpoint | check | result |" in (project.path / "reports" / "docconform.conformance.md").read_text()


def test_selection_by_method_path_doc_id_and_check(project: pytest.Pytester, reference: RunningServer) -> None:
    reprec = _run(project, reference.url, "--conformance-doc-id", "dli_02_0241",
                  "--conformance-check", "not-a-server-error", "--conformance-check", "status-code-conformance")
    assert _ids(reprec, "passed") == [
        "POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)::not-a-server-error",
        "POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)::status-code-conformance"]
    reprec = _run(project, reference.url, "--conformance-method", "put", "--conformance-path", "/v1.1/*",
                  "--conformance-exclude-check", "unsupported-method", "--conformance-header", "X-Auth-Token=t")
    ran = _ids(reprec, "passed") + _ids(reprec, "skipped")
    assert len(ran) == len(CHECKS) - 1 and all(i.startswith("PUT /v1.1/") for i in ran)
    assert not any("unsupported-method" in i for i in ran)


def test_unknown_check_name_is_a_usage_error(project: pytest.Pytester, reference: RunningServer) -> None:
    result = project.runpytest_inprocess(*BASE, "--conformance-base-url", reference.url,
                                         "--conformance-schemas", "schemas", "--conformance-check", "no-such")
    assert result.ret != 0
    assert "unknown check(s): no-such" in result.stdout.str() + result.stderr.str()


def test_user_defined_check_runs_and_fails_by_name(project: pytest.Pytester, reference: RunningServer,
                                                    restore_checks: None) -> None:
    project.makeconftest("""
        from docconform.conformance.suite.checks import Failure, check

        @check("no-server-banner")
        def no_server_banner(ctx, case, response):
            '''The server does not say what software it runs.'''
            if response.header("server"):
                yield Failure("no-server-banner", "Server header present: " + response.header("server"))
    """)
    reprec = _run(project, reference.url, "--conformance-doc-id", "dli_02_0243",
                  "--conformance-check", "no-server-banner")
    assert _ids(reprec, "failed") == ["POST /v1.0/{project_id}/streaming/jobs/delete (dli_02_0243)::no-server-banner"]
    failed = next(r for r in reprec.getreports("pytest_runtest_logreport") if r.failed)
    assert "Server header present: BaseHTTP" in failed.longreprtext


def test_secret_given_with_header_appears_nowhere(project: pytest.Pytester) -> None:
    with serve("missing-auth-accepted") as server:  # failures print requests and responses
        result = project.runpytest_inprocess(
            *BASE, "--conformance-base-url", server.url, "--conformance-schemas", "schemas",
            "--conformance-header", f"X-Auth-Token={SECRET}", "--conformance-header", f"X-Api-Key: {SECRET}2",
            "--junitxml", "out/junit.xml", "-rA", "-v")
        assert any(SECRET in str(headers) for _, _, headers, _ in server.log)  # it was really sent
    assert result.ret == 1
    texts = [result.stdout.str(), result.stderr.str()]
    texts += [p.read_text() for p in [project.path / "out" / "junit.xml", *(project.path / "reports").iterdir()]]
    assert all(SECRET not in text for text in texts)
    assert "[REDACTED]" in result.stdout.str()
    ET.fromstring(texts[2])  # the JUnit file is well-formed


def test_non_loopback_target_gets_no_mutating_request(project: pytest.Pytester,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project.makeconftest("""
        import httpx
        SENT = []

        def pytest_conformance_transport(config):
            def answer(request):
                SENT.append(request.method)
                with open("sent.txt", "a") as fh:
                    fh.write(request.method + "\\n")
                allow = "PUT" if "/cdm/" in request.url.path else "POST"
                return httpx.Response(405, headers={"Allow": allow}, json={"error_code": "x", "error_msg": "y"})
            return httpx.MockTransport(answer)
    """)
    real_connect = socket.create_connection

    def loopback_only(address, *args, **kwargs):  # defence in depth: nothing may leave the machine
        assert address[0] in ("127.0.0.1", "localhost", "::1"), f"attempted connection to {address[0]}"
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_only)
    reprec = _run(project, "http://192.0.2.1:8080", "--conformance-header", f"X-Auth-Token={SECRET}")
    sent = (project.path / "sent.txt").read_text().split()
    assert sent and set(sent) == {"GET", "OPTIONS"}  # safe methods only; OPTIONS asks about the others
    skipped = [r for r in reprec.getreports("pytest_runtest_logreport") if r.skipped]
    assert skipped and all("--allow-mutating" in str(r.longrepr) or "mandatory header" in str(r.longrepr)
                           for r in skipped)
    assert _ids(reprec, "passed") == sorted(
        f"{op}::unsupported-method" for op in (
            "POST /v1.0/{project_id}/streaming/jobs/delete (dli_02_0243)",
            "POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)",
            "PUT /v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"))


def test_allow_mutating_sends_them_to_non_loopback(project: pytest.Pytester) -> None:
    project.makeconftest("""
        import httpx

        def pytest_conformance_transport(config):
            def answer(request):
                with open("sent.txt", "a") as fh:
                    fh.write(request.method + "\\n")
                return httpx.Response(200, json=[{"is_success": True}])
            return httpx.MockTransport(answer)
    """)
    _run(project, "http://192.0.2.1:8080", "--conformance-allow-mutating", "--conformance-doc-id", "dli_02_0241",
         "--conformance-check", "positive-data-acceptance")
    assert set((project.path / "sent.txt").read_text().split()) == {"POST"}


def test_hanging_server_makes_a_failed_check_in_bounded_time(project: pytest.Pytester) -> None:
    from tests.servers.hostile import serve_hostile
    with serve_hostile("never-answers") as url:
        reprec = _run(project, url, "--conformance-timeout", "0.5", "--conformance-doc-id", "dli_02_0243")
    failed = [r for r in reprec.getreports("pytest_runtest_logreport") if r.failed]
    assert failed and all("no-answer" in r.longreprtext for r in failed)
    assert sum(r.duration for r in failed) < 15


def test_usage_errors(project: pytest.Pytester) -> None:
    result = project.runpytest_inprocess(*BASE, "--conformance-base-url", "http://127.0.0.1:1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result = project.runpytest_inprocess(*BASE, "--conformance-base-url", "http://127.0.0.1:1",
                                         "--conformance-schemas", "schemas", "--conformance-header", f"{SECRET}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert SECRET not in result.stdout.str() + result.stderr.str()


def test_inactive_without_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_ok():\n    assert True\n")
    result = pytester.runpytest_inprocess("--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin",
                                          "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert not (pytester.path / "reports").exists()


@pytest.mark.skipif(shutil.which("true") is None or not __import__("importlib").util.find_spec("xdist"),
                    reason="pytest-xdist is not installed")
def test_works_under_xdist(project: pytest.Pytester, reference: RunningServer) -> None:
    result = project.runpytest_subprocess(*BASE, "-p", "xdist", "-n", "2", "--conformance-base-url", reference.url,
                                          "--conformance-schemas", "schemas", "--conformance-header", "X-Auth-Token=t",
                                          "--junitxml", "junit.xml")
    assert result.ret == 0, result.stdout.str()
    report = json.loads((project.path / "reports" / "docconform.conformance.json").read_text())
    assert report["seed"] == 7 and report["summary"]["failed"] == 0
    assert sum(report["summary"].values()) == 3 * len(CHECKS)
