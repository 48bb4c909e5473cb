"""The conformance client against hostile servers, and its safety rules.

Every hostile behaviour must become a named transport error within the
time limit; nothing may hang, fill memory or leave the target host.
"""

from __future__ import annotations

import time

import httpx
import pytest

from docconform.conformance.suite.client import Client, ClientOptions, MutationRefused, Request, is_loopback
from tests.servers.hostile import serve_hostile

TIMEOUT = 1.0
LIMIT = 256 * 1024


def _send(url: str, method: str = "GET") -> tuple[object, float]:
    client = Client(ClientOptions(url, timeout=TIMEOUT, max_body=LIMIT))
    try:
        start = time.monotonic()
        exchange = client.send(Request(method, url + "/v1.0/p/streaming/jobs/stop", (("X-Auth-Token", "t"),)))
        return exchange, time.monotonic() - start
    finally:
        client.close()


@pytest.mark.parametrize(("behaviour", "kind", "words"), [
    ("never-answers", "no-answer", "sent nothing"),
    ("one-byte-per-second", "too-slow", "sent only"),
    ("endless-body", "body-too-large", "exceeds"),
    ("gzip-bomb", "body-too-large", "decompressed body exceeds"),
    ("redirect-off-host", "redirect-off-host", "elsewhere.invalid"),
    ("closes-mid-response", "connection-closed", "closed mid-response"),
    ("not-http", "not-http", "not valid HTTP"),
])
def test_hostile_server_becomes_a_named_error_in_bounded_time(behaviour: str, kind: str, words: str) -> None:
    with serve_hostile(behaviour) as url:
        exchange, took = _send(url)
    assert exchange.error is not None, exchange
    assert exchange.error.kind == kind
    assert words in exchange.error.message
    assert took < TIMEOUT + 1.5


def test_invalid_utf8_is_delivered_as_bytes_for_the_checks_to_name() -> None:
    from docconform.conformance.suite.checks import parse_json
    with serve_hostile("invalid-utf8") as url:
        exchange, _ = _send(url)
    assert exchange.error is None and exchange.response is not None
    value, problem = parse_json(exchange.response)
    assert value is None and problem is not None and "not valid UTF-8" in problem and "0xe9" in problem


def test_connection_refused_is_an_error_not_an_exception() -> None:
    with serve_hostile("not-http") as url:
        pass  # the port is closed again
    exchange, took = _send(url)
    assert exchange.error is not None and exchange.error.kind == "connection-failed"
    assert took < TIMEOUT + 1


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:8080", True), ("http://127.5.6.7", True), ("http://localhost:1", True),
    ("http://[::1]:80/x", True), ("http://api.localhost", True), ("http://192.0.2.1:8080", False),
    ("https://example.com", False), ("http://10.0.0.1", False), ("http://localhost.evil.com", False),
])
def test_is_loopback(url: str, expected: bool) -> None:
    assert is_loopback(url) is expected


def test_mutating_request_to_non_loopback_host_is_never_sent() -> None:
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json={}))
    client = Client(ClientOptions("http://192.0.2.1:8080"), transport=transport)
    for method in ("POST", "PUT", "PATCH", "DELETE", "post"):
        with pytest.raises(MutationRefused):
            client.send(Request(method, "http://192.0.2.1:8080/x", body=b"{}"))
    assert seen == []
    exchange = client.send(Request("GET", "http://192.0.2.1:8080/x"))
    assert exchange.response is not None and [r.method for r in seen] == ["GET"]


def test_allow_mutating_lets_mutating_requests_through() -> None:
    seen: list[str] = []
    transport = httpx.MockTransport(lambda r: seen.append(r.method) or httpx.Response(204))
    client = Client(ClientOptions("http://192.0.2.1", allow_mutating=True), transport=transport)
    assert client.send(Request("DELETE", "http://192.0.2.1/x")).response is not None
    assert seen == ["DELETE"]


def test_rate_limit_spaces_requests() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    client = Client(ClientOptions("http://127.0.0.1", rate_limit=20.0), transport=transport)
    start = time.monotonic()
    for _ in range(5):
        client.send(Request("GET", "http://127.0.0.1/x"))
    assert time.monotonic() - start >= 4 / 20.0 - 0.01


def test_same_host_redirect_is_a_plain_response() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(301, headers={"Location": "/other"}))
    client = Client(ClientOptions("http://127.0.0.1:9"), transport=transport)
    exchange = client.send(Request("GET", "http://127.0.0.1:9/x"))
    assert exchange.error is None and exchange.response is not None and exchange.response.status == 301


def test_json_nested_past_the_decoder_is_a_named_problem_not_a_crash() -> None:
    """A hostile answer of 100,000 nested arrays (200 KB, under the size bound)."""
    from docconform.conformance.suite.checks import parse_json
    from docconform.conformance.suite.client import Response

    body = b"[" * 100_000 + b"]" * 100_000
    value, problem = parse_json(Response(200, "OK", (("Content-Type", "application/json"),), body, 0.0))
    assert value is None and problem is not None and "nested too deeply" in problem


# ------------------------------------------------------------ connections the server drops


def _two_requests(url: str, method: str) -> tuple[object, object, Client]:
    client = Client(ClientOptions(url, timeout=TIMEOUT))
    try:
        first = client.send(Request(method, url + "/x", body=b"{}" if method in ("POST", "PUT") else None))
        second = client.send(Request(method, url + "/x", body=b"{}" if method in ("POST", "PUT") else None))
        return first, second, client
    finally:
        client.close()


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "PATCH", "DELETE"])
def test_request_on_a_connection_the_server_reset_unread_is_sent_again(method: str) -> None:
    """The server closed the kept-alive connection with the request unread: any method is safe to resend."""
    from tests.servers.dropping import serve_dropping
    with serve_dropping("reset-next") as server:
        first, second, client = _two_requests(server.url, method)
    assert first.response is not None and second.response is not None, second
    assert second.response.status == 200 and client.retried == 1
    assert server.connections == 2 and server.requests == 2


@pytest.mark.parametrize(("method", "retried"), [("GET", True), ("PUT", True), ("DELETE", True),
                                                 ("POST", False), ("PATCH", False)])
def test_request_the_server_read_and_dropped_is_sent_again_only_when_idempotent(method: str,
                                                                                retried: bool) -> None:
    from tests.servers.dropping import serve_dropping
    with serve_dropping("close-after-reading") as server:
        first, second, client = _two_requests(server.url, method)
    assert first.response is not None
    assert client.retried == int(retried)
    if retried:
        assert second.response is not None and server.requests == 3
    else:
        assert second.error is not None and second.error.kind == "closed-before-response"
        assert f"may have applied the {method}" in second.error.message and server.requests == 2


def test_connection_closed_before_any_byte_is_a_transport_event() -> None:
    from docconform.conformance.suite.client import TRANSPORT_EVENTS
    from tests.servers.dropping import serve_dropping
    with serve_dropping("close-every-time") as server:
        exchange, took = _send(server.url)
    assert exchange.error is not None and exchange.error.kind in TRANSPORT_EVENTS
    assert "before sending any byte of the response (on a fresh connection)" in exchange.error.message
    assert took < TIMEOUT + 1
