"""Full conformance runs against the reference app behind production servers and connection styles.

uWSGI in both of its HTTP modes (``--http-socket`` closes the connection
after every answer; ``--http11-socket`` keeps it alive but closes it after
an answer that did not read the request body), uvicorn over h11, and the
standard-library server answering ``Connection: close`` or HTTP/1.0. The app
is correct, so every check must pass: a connection the server closed between
requests must never become a failure, nor a case left unjudged. Each runs
the seed pages and the pages of tests/data/served (JSON Patch, raw bytes and
form bodies that the app rejects, before reading them, when they are wrong).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import docconform.conformance.suite.plugin  # noqa: F401
from tests.conformance_support import ARGS, SERVED, extract, failed_checks, read_report
from tests.servers.realservers import MODES, missing, running
from tests.servers.reference_server import serve

pytest_plugins = ("pytester",)

REPO = Path(__file__).resolve().parents[1]
RUN = [*ARGS, "--conformance-max-examples", "40"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract(SERVED, tmp_path_factory.mktemp("served") / "schemas")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    shutil.copy(REPO / "schemas" / "openapi.json", pytester.path / "openapi.json")
    return pytester


def _assert_clean_run(suite: pytest.Pytester, url: str, served: Path) -> None:
    for schemas, least in (("openapi.json", 24), (str(served), 40)):
        reprec = suite.inline_run(*RUN, "--conformance-schemas", schemas, "--conformance-base-url", url)
        assert failed_checks(reprec) == {}
        report = read_report(suite.path)
        events = [(e["endpoint"], c["check"], c["transport_events"]) for e in report["endpoints"]
                  for c in e["checks"] if "transport_events" in c]
        assert events == []
        assert report["summary"]["passed"] >= least


@pytest.mark.realserver
@pytest.mark.parametrize("mode", MODES)
def test_correct_app_passes_behind_a_production_server(suite: pytest.Pytester, served: Path, mode: str,
                                                       tmp_path: Path) -> None:
    reason = missing(mode)
    if reason:
        pytest.skip(reason)
    with running(mode, tmp_path) as url:
        _assert_clean_run(suite, url, served)


@pytest.mark.parametrize("connection", ["close", "http/1.0"])
def test_correct_app_passes_when_every_connection_is_closed(suite: pytest.Pytester, served: Path,
                                                           connection: str) -> None:
    with serve(connection=connection) as server:
        _assert_clean_run(suite, server.url, served)
