"""The mock against hostile clients: malformed HTTP, invalid JSON, oversized bodies, slow
and aborted clients, many connections. Each gets the right answer, the others keep being
served, and the record says what happened."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from tests.mock_support import SCHEMAS

STOP = b"POST /v1.0/p/streaming/jobs/stop HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\n"
VALID = b'{"job_ids": [1, 2]}'


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    options = MockOptions(seed=1, max_body=4096, read_timeout=0.5)
    with MockServer(load_contract(SCHEMAS), options) as server:
        yield server
    assert not [e for e in server.recorder.events() if e["kind"] == "server-error"]


def exchange(mock: MockServer, data: bytes, wait: float = 2.0) -> bytes:
    """Send raw bytes, read until the server closes or goes quiet."""
    with socket.create_connection((mock.host, mock.port), timeout=wait) as sock:
        sock.sendall(data)
        out = b""
        try:
            while chunk := sock.recv(65536):
                out += chunk
                if b"\r\n\r\n" in out and _complete(out):
                    break
        except TimeoutError:
            pass
    return out


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def still_serving(mock: MockServer) -> None:
    response = httpx.post(f"{mock.url}/v1.0/p/streaming/jobs/stop", json={"job_ids": [1]}, timeout=2)
    assert response.status_code == 200


@pytest.mark.parametrize("garbage", [
    b"NOT HTTP AT ALL\r\n\r\n",
    b"GET /v1.0 HTTP/1.1\r\nHost mock\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(64)),  # a TLS hello
    b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
])
def test_malformed_http(mock: MockServer, garbage: bytes) -> None:
    before = len([e for e in mock.recorder.events() if e["kind"] == "malformed-http"])
    assert exchange(mock, garbage).startswith(b"HTTP/1.1 400")
    still_serving(mock)
    after = [e for e in mock.recorder.events() if e["kind"] == "malformed-http"]
    assert len(after) == before + 1


def test_invalid_json_bodies_on_one_keep_alive_connection(mock: MockServer) -> None:
    bodies = [b"{", b"[1,]", b"\xff\xfe\x00", b'{"job_ids": [1e999999]}', b"nul", rb'"\ud800"']
    with httpx.Client(base_url=mock.url, headers={"content-type": "application/json"}) as client:
        for body in bodies:
            response = client.post("/v1.0/p/streaming/jobs/stop", content=body)
            assert response.status_code == 400, body
            assert {v["rule"] for v in response.json()["violations"]} <= {
                "body-invalid-json", "type-mismatch", "required-missing"}
        assert client.post("/v1.0/p/streaming/jobs/stop", content=VALID).status_code == 200


def test_oversized_declared_body_is_refused_without_reading_it(mock: MockServer) -> None:
    before = mock.recorder.count
    answer = exchange(mock, STOP + b"Content-Length: 1000000000\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413") and b"connection: close" in answer.lower()
    (record,) = mock.recorder.since(before)
    assert record["status"] == 413 and record["violations"][0]["rule"] == "body-too-large"
    still_serving(mock)


def test_oversized_chunked_body(mock: MockServer) -> None:
    chunks = (b"1000\r\n" + b"a" * 4096 + b"\r\n") * 3 + b"0\r\n\r\n"
    assert exchange(mock, STOP + b"Transfer-Encoding: chunked\r\n\r\n" + chunks).startswith(b"HTTP/1.1 413")
    still_serving(mock)


@pytest.fixture(scope="module")
def unhurried_mock() -> Iterator[MockServer]:
    """A mock whose read timeout (5 s) outlasts serving another client even on a busy machine."""
    with MockServer(load_contract(SCHEMAS), MockOptions(seed=1, max_body=4096, read_timeout=5)) as server:
        yield server


def test_slow_body_gets_408_while_others_are_served(unhurried_mock: MockServer) -> None:
    mock = unhurried_mock
    result: dict[str, bytes] = {}
    slow = threading.Thread(target=lambda: result.update(
        answer=exchange(mock, STOP + b'Content-Length: 100\r\n\r\n{"job', wait=30)))
    slow.start()
    time.sleep(0.1)
    still_serving(mock)
    # answered while the slow client still holds its request (it waits up to 3 s for its own answer)
    assert slow.is_alive() and "answer" not in result
    slow.join()
    assert result["answer"].startswith(b"HTTP/1.1 408")
    assert b"body-incomplete" in result["answer"]


def test_slow_headers_do_not_block_others(mock: MockServer) -> None:
    with socket.create_connection((mock.host, mock.port)) as sock:
        sock.sendall(b"POST /v1.0/p/streaming/jobs/stop HTTP/1.1\r\nHost: mo")
        for _ in range(3):
            still_serving(mock)


def test_aborted_client_is_recorded(mock: MockServer) -> None:
    with socket.create_connection((mock.host, mock.port)) as sock:
        sock.sendall(STOP + b'Content-Length: 50\r\n\r\n{"job_ids"')
        time.sleep(0.05)
    deadline = time.monotonic() + 2
    while not [e for e in mock.recorder.events() if e["kind"] == "client-aborted"]:
        assert time.monotonic() < deadline, "the aborted client was not recorded"
        time.sleep(0.02)
    still_serving(mock)


@pytest.fixture()
def patient_mock() -> Iterator[MockServer]:
    """The mock with a read timeout no busy machine reaches: the test is about concurrency, not timeouts."""
    with MockServer(load_contract(SCHEMAS), MockOptions(seed=1, max_body=4096, read_timeout=60)) as server:
        yield server


def test_many_concurrent_connections(patient_mock: MockServer) -> None:
    mock = patient_mock
    idle = [socket.create_connection((mock.host, mock.port)) for _ in range(200)]
    before = mock.recorder.count
    try:
        with httpx.Client(base_url=mock.url, limits=httpx.Limits(max_connections=50)) as client, \
                ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(
                lambda i: client.post("/v1.0/p/streaming/jobs/stop",
                                      json={"job_ids": [i]} if i % 2 else {"job_ids": [str(i)]}).status_code,
                range(400)))
    finally:
        for sock in idle:
            sock.close()
    assert statuses == [400 if i % 2 == 0 else 200 for i in range(400)]
    assert mock.recorder.count - before == 400
