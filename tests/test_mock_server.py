"""The mock over real HTTP: each kind of invalid request gets the right 4xx, the right
violation and the document line stating the rule; valid ones get documented answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions, Router
from docconform.conformance.mock.server import MockServer
from tests.mock_support import SCHEMAS, seed_bundle, src, synthetic_contract

AUTH = {"X-Auth-Token": "t"}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    ops = synthetic_contract(tmp_path_factory.mktemp("contract"))
    with MockServer(ops, MockOptions(seed=1, max_body=4096)) as server:
        yield server


@pytest.fixture(scope="module")
def client(mock: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock.url, timeout=5) as c:
        yield c


CASES: list[tuple[str, str, dict[str, Any], int, tuple[str, str, str]]] = [
    ("GET", "/v2/p/jobs", {"headers": AUTH}, 400, ("required-missing", "/query/limit", src(11))),
    ("GET", "/v2/p/jobs?limit=10", {}, 400, ("required-missing", "/header/X-Auth-Token", src(15))),
    ("GET", "/v2/p/jobs?limit=x", {"headers": AUTH}, 400, ("type-mismatch", "/query/limit", src(11))),
    ("GET", "/v2/p/jobs?limit=500", {"headers": AUTH}, 400, ("constraint-violated", "/query/limit", src(11))),
    ("GET", "/v2/p/jobs?limit=1&status=GONE", {"headers": AUTH}, 400,
     ("enum-mismatch", "/query/status", src(12))),
    ("GET", "/v2/p/jobs/abc", {}, 400, ("type-mismatch", "/path/job_id", src(92))),
    ("POST", "/v2/p/jobs", {"json": {"job_ids": [1]}}, 400, ("required-missing", "/body/name", src(62))),
    ("POST", "/v2/p/jobs", {"json": {"name": "a", "job_ids": ["1"]}}, 400,
     ("type-mismatch", "/body/job_ids/0", src(63))),
    ("POST", "/v2/p/jobs", {"json": {"name": "a", "rules": [{"id": 1, "mode": "z"}]}}, 400,
     ("enum-mismatch", "/body/rules/0/mode", src(68))),
    ("POST", "/v2/p/jobs", {"json": {"name": "a", "config": {}}}, 400,
     ("required-missing", "/body/config/retries", src(65))),
    ("POST", "/v2/p/jobs", {"content": b'{"name": ', "headers": {"content-type": "application/json"}}, 400,
     ("body-invalid-json", "/body", src(61))),
    ("POST", "/v2/p/jobs", {}, 400, ("body-missing", "/body", src(61))),
    ("POST", "/v2/p/jobs", {"content": b"<job/>", "headers": {"content-type": "application/xml"}}, 415,
     ("content-type-unsupported", "/header/Content-Type", src(61))),
    ("POST", "/v2/p/jobs", {"content": b"x" * 5000, "headers": {"content-type": "application/json"}}, 413,
     ("body-too-large", "/body", "")),
    ("GET", "/v2/p/jobs?limit=1", {"headers": {**AUTH, "Accept": "text/html"}}, 406,
     ("not-acceptable", "/header/Accept", src(1))),
    ("DELETE", "/v2/p/jobs", {}, 405, ("method-undocumented", "/method", "")),
    ("GET", "/v3/nothing/here", {}, 404, ("path-unknown", "/path", "")),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "expected"), CASES,
                         ids=[c[4][0] + c[4][1] for c in CASES])
def test_invalid_request_gets_the_right_4xx(client: httpx.Client, method: str, url: str,
                                            kwargs: dict[str, Any], status: int,
                                            expected: tuple[str, str, str]) -> None:
    response = client.request(method, url, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail", "instance", "violations"} <= set(problem)
    assert problem["status"] == status
    assert problem["instance"] == url
    errors = [(v["rule"], v["pointer"], v["source"]) for v in problem["violations"] if v["level"] == "error"]
    assert errors == [expected]


def test_every_violation_is_named(client: httpx.Client) -> None:
    response = client.post("/v2/p/jobs", json={"name": "toolongname", "job_ids": ["a", 2**64], "jobIds": []})
    problem = response.json()
    assert response.status_code == 400 and problem["type"] == "urn:docconform:mock:request-invalid"
    assert [(v["level"], v["rule"], v["pointer"]) for v in problem["violations"]] == [
        ("error", "type-mismatch", "/body/job_ids/0"),
        ("error", "constraint-violated", "/body/job_ids/1"),
        ("error", "constraint-violated", "/body/name"),
        ("warning", "field-undocumented", "/body/jobIds"),
    ]


def test_405_lists_allowed_methods_and_404_suggests(client: httpx.Client) -> None:
    assert client.put("/v2/p/jobs").headers["allow"] == "GET, POST"
    problem = client.get("/v2/p/jobz").json()
    assert "closest documented: /v2/{project_id}/jobs" in problem["violations"][0]["message"]


def test_valid_request_gets_first_valid_documented_example(client: httpx.Client) -> None:
    response = client.get("/v2/p/jobs?limit=1", headers=AUTH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"count": 1, "jobs": [{"id": 7, "status": "RUNNING"}]}


def test_prefer_picks_documented_responses(client: httpx.Client) -> None:
    url = "/v2/p/jobs?limit=1"
    assert client.get(url, headers={**AUTH, "Prefer": "code=404"}).json() == {"error_code": "DLI.0001"}
    withheld = client.get(url, headers={**AUTH, "Prefer": "example=example2"})  # contradicts its table
    assert withheld.status_code == 400 and "contradicts the page's own schema" in withheld.json()["detail"]
    dynamic = client.get(url, headers={**AUTH, "Prefer": "dynamic=true"})
    assert dynamic.status_code == 200 and isinstance(dynamic.json()["count"], int)
    refused = client.get(url, headers={**AUTH, "Prefer": "code=503"})
    assert refused.status_code == 400
    assert refused.json()["violations"][0]["rule"] == "prefer-unsatisfiable"


def test_response_without_documented_body(client: httpx.Client) -> None:
    response = client.post("/v2/p/jobs", json={"name": "a"})
    assert response.status_code == 201 and response.content == b""


def test_undocumented_headers_are_served_and_noted(client: httpx.Client, mock: MockServer) -> None:
    before = mock.recorder.count
    response = client.post("/v2/p/jobs/stop", headers={"X-Sdk-Date": "20240101T000000Z"})
    assert response.status_code == 200 and response.headers["x-docconform-notes"] == "1"
    (exchange,) = mock.recorder.since(before)
    assert [v["rule"] for v in exchange["violations"]] == ["header-undocumented"]


def test_secrets_are_redacted_in_the_record(client: httpx.Client, mock: MockServer) -> None:
    before = mock.recorder.count
    client.get("/v2/p/jobs?limit=1", headers={"X-Auth-Token": "s3cret", "Authorization": "Bearer abc"})
    (exchange,) = mock.recorder.since(before)
    assert exchange["headers"]["x-auth-token"] == "<redacted>"
    assert exchange["headers"]["authorization"] == "Bearer <redacted>"
    assert "s3cret" not in str(exchange)


def test_most_literal_template_wins() -> None:
    ops = load_contract(SCHEMAS)
    (stop,) = [op for op in ops if op.path.endswith("/streaming/jobs/stop")]
    from dataclasses import replace
    generic = replace(stop, path="/v1.0/{project_id}/streaming/jobs/{action}")
    router = Router([generic, stop])
    op, values, _ = router.match("POST", "/v1.0/p%2F1/streaming/jobs/stop")
    assert op is stop and values == {"project_id": "p/1"}
    op, values, _ = router.match("POST", "/v1.0/p/streaming/jobs/start")
    assert op is generic and values == {"project_id": "p", "action": "start"}


def test_seed_contract_over_http(tmp_path: Path) -> None:
    """The seeds' schemas served as documented; lines come from the committed bundles."""
    cdm = seed_bundle("cdm_job_job_name_stop")
    token_line = cdm["request"]["header"]["properties"]["X-Auth-Token"]["x-source"]
    with MockServer(load_contract(SCHEMAS), MockOptions(seed=5)) as server, \
            httpx.Client(base_url=server.url) as c:
        missing = c.put("/v1.1/p/clusters/c/cdm/job/j/stop")
        ok = c.put("/v1.1/p/clusters/c/cdm/job/j/stop", headers=AUTH)
        stop = c.post("/v1.0/p/streaming/jobs/stop", json={"job_ids": [1], "trigger_savepoint": True})
    assert missing.status_code == 400
    assert [(v["pointer"], v["source"]) for v in missing.json()["violations"]] == [
        ("/header/X-Auth-Token", token_line)]
    assert ok.status_code == 200 and "submissions" in ok.json()
    assert stop.status_code == 200 and isinstance(stop.json(), list)


def test_openapi_contract_gives_the_same_answers() -> None:
    """``docconform mock schemas/openapi.json``: same matching, violations and lines."""
    bundle = seed_bundle("streaming_jobs_delete")
    ids_line = bundle["request"]["body"]["properties"]["job_ids"]["x-source"]
    with MockServer(load_contract(SCHEMAS / "openapi.json"), MockOptions(seed=5)) as server, \
            httpx.Client(base_url=server.url) as c:
        bad = c.post("/v1.0/p/streaming/jobs/delete", json={"job_ids": ["12"]})
        good = c.post("/v1.0/p/streaming/jobs/delete", json={"job_ids": [12]})
        wrong_method = c.get("/v1.0/p/streaming/jobs/delete")
    assert bad.status_code == 400
    assert [(v["pointer"], v["source"]) for v in bad.json()["violations"]] == [("/body/job_ids/0", ids_line)]
    assert good.status_code == 200 and isinstance(good.json()["is_success"], bool)
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "POST"


def test_a_client_that_connects_before_the_loop_serves_is_queued_not_refused() -> None:
    """The command prints the URL as soon as the server exists; a fast client must not be refused."""
    import socket

    server = MockServer(load_contract(SCHEMAS), MockOptions(seed=1), port=0)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass
    finally:
        server.start().stop()
