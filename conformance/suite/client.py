"""HTTP for the conformance suite: every exchange bounded, nothing unsafe sent.

Responsible for: sending one request and returning an :class:`Exchange` that
holds either a response or a :class:`TransportError` naming what went wrong
(no answer, answer too slow, endless body, decompression bomb, connection
closed before or during the answer, not HTTP at all, redirect to another
host). A hostile server makes a failed exchange within ``timeout`` seconds,
never a hang: every socket read is clamped to the request's overall
deadline, bodies are read (and gunzipped) up to ``max_body`` bytes,
redirects are never followed and proxies from the environment are ignored.
Mutating requests to a host that is not loopback are refused unless
explicitly allowed.

Connections are pooled by httpcore, which already drops a kept-alive
connection the server has visibly closed and honours ``Connection: close``
and HTTP/1.0 answers. What it leaves to its caller (httpx and httpcore retry
only failed connects) is the race in which the server closes an idle
connection just as the next request goes out on it, as uWSGI does after
every answer in ``--http-socket`` mode and after an answer that did not
read the request body in ``--http11-socket`` mode. Such a request is sent
once more on a fresh connection when RFC 9110 allows it: the method is
idempotent, or the server provably never read the request (it reset the
connection, which a peer does when it closes with our bytes unread, or the
request could not be written). A connection closed before any byte of the
answer is reported as ``closed-before-response``, a transport event and not
a judgement of the endpoint (:data:`TRANSPORT_EVENTS`).

Not responsible for: building requests from cases (``case``, ``encoding``),
judging responses (``checks``) or hiding secrets in output (``curl.Redactor``).
"""

from __future__ import annotations

import ipaddress
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

__all__ = [
    "IDEMPOTENT",
    "MUTATING",
    "TRANSPORT_EVENTS",
    "Client",
    "ClientOptions",
    "Exchange",
    "MutationRefused",
    "Request",
    "Response",
    "TransportError",
    "is_loopback",
]

MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: RFC 9110 9.2.2: a request with one of these methods may be sent again.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
#: Transport errors that say nothing about the endpoint's conformance.
TRANSPORT_EVENTS = frozenset({"closed-before-response"})


class MutationRefused(Exception):
    """A mutating request to a non-loopback host without ``--allow-mutating``."""


def is_loopback(url: str) -> bool:
    """True for ``localhost`` and loopback addresses; names are not resolved."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    elapsed: float

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class TransportError:
    """What went wrong below HTTP semantics; ``kind`` is a stable kebab-case id."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Exchange:
    request: Request
    response: Response | None = None
    error: TransportError | None = None


@dataclass(frozen=True, slots=True)
class ClientOptions:
    base_url: str
    timeout: float = 5.0
    max_body: int = 1 << 20
    rate_limit: float | None = None
    allow_mutating: bool = False


class _Deadline:
    """The current request's deadline and what the sockets saw of it: bytes read,
    connections opened, whether a write failed (the peer had reset the connection)."""

    def __init__(self) -> None:
        self.at = float("inf")
        self.received = 0
        self.connects = 0
        self.write_failed = False

    def clamp(self, timeout: float | None) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("deadline exceeded")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, self._deadline.clamp(timeout))
        self._deadline.received += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self._inner.write(buffer, self._deadline.clamp(timeout))
        except httpcore.WriteError:
            # httpcore goes on to read an answer after a failed write; the reset that
            # failed it is then gone, and the read only sees the end of the stream.
            self._deadline.write_failed = True
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: _Deadline) -> None:
        self._inner, self._deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, self._deadline.clamp(timeout), local_address,
                                         socket_options)
        self._deadline.connects += 1
        return _DeadlineStream(stream, self._deadline)


def _bounded_transport(deadline: _Deadline) -> tuple[httpx.BaseTransport, httpcore.ConnectionPool | None]:
    transport = httpx.HTTPTransport(retries=0)
    # httpx does not expose the network backend; swapping the pool is the one
    # place where every socket read can be held to the overall deadline.
    if not hasattr(transport, "_pool"):
        return transport, None
    pool = httpcore.ConnectionPool(network_backend=_DeadlineBackend(deadline))
    transport._pool = pool
    return transport, pool


@dataclass(frozen=True, slots=True)
class _Attempt:
    """One try at an exchange: the answer or what broke, and whether it could be tried again."""

    result: Response | TransportError
    stale: bool = False
    unread: bool = False


class Client:
    """Sends requests under the bounds of :class:`ClientOptions`; one thread at a time."""

    def __init__(self, options: ClientOptions, *, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self._deadline = _Deadline()
        self._pool: httpcore.ConnectionPool | None = None
        if transport is None:
            transport, self._pool = _bounded_transport(self._deadline)
        self._http = httpx.Client(
            transport=transport, trust_env=False,
            follow_redirects=False, timeout=httpx.Timeout(options.timeout),
            headers={"User-Agent": "docconform-conformance", "Accept-Encoding": "gzip, deflate"},
        )
        self._next_slot = 0.0
        self.sent = 0
        self.retried = 0

    @property
    def mutation_allowed(self) -> bool:
        return self.options.allow_mutating or is_loopback(self.options.base_url)

    def close(self) -> None:
        self._http.close()

    def send(self, request: Request) -> Exchange:
        """Send ``request``; raises only :class:`MutationRefused`, every other problem is in the result."""
        if request.method.upper() in MUTATING and not self.mutation_allowed:
            raise MutationRefused(f"{request.method} to a non-loopback host needs --allow-mutating")
        self._throttle()
        start = time.monotonic()
        self._deadline.at = start + self.options.timeout
        self.sent += 1
        try:
            attempt = self._attempt(request, start)
            if attempt.stale and (request.method.upper() in IDEMPOTENT or attempt.unread):
                self.retried += 1
                self._drop_idle_connections()
                attempt = self._attempt(request, start, retry=True)
        finally:
            self._deadline.at = float("inf")
        result = attempt.result
        if isinstance(result, TransportError):
            return Exchange(request, error=result)
        return Exchange(request, response=result, error=_off_host(request, result, self.options.base_url))

    def _attempt(self, request: Request, start: float, *, retry: bool = False) -> _Attempt:
        self._deadline.received, self._deadline.write_failed = 0, False
        connects = self._deadline.connects
        try:
            return _Attempt(self._exchange(request, start))
        except httpx.TimeoutException:
            return _Attempt(self._timed_out())
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            if self._deadline.received:
                return _Attempt(_broken(exc))
            reused = self._deadline.connects == connects
            unread = self._deadline.write_failed or _reset(exc)
            return _Attempt(_closed_before_answer(request, exc, reused=reused, retry=retry, unread=unread),
                            stale=reused, unread=unread)
        except httpx.HTTPError as exc:
            return _Attempt(TransportError("connection-failed", f"could not connect or send: {exc}"))

    def _drop_idle_connections(self) -> None:
        """Close pooled connections, so the next attempt opens a fresh one."""
        if self._pool is not None:
            self._pool.close()

    def _exchange(self, request: Request, start: float) -> Response | TransportError:
        with self._http.stream(request.method, request.url, headers=list(request.headers),
                               content=request.body) as answer:
            body = _read_body(answer, self.options.max_body)
            if isinstance(body, TransportError):
                return body
            return Response(answer.status_code, answer.reason_phrase, tuple(answer.headers.multi_items()),
                            body, time.monotonic() - start)

    def _timed_out(self) -> TransportError:
        got, limit = self._deadline.received, self.options.timeout
        if got == 0:
            return TransportError("no-answer", f"the server sent nothing within {limit:g} s")
        return TransportError("too-slow", f"the server sent only {got} bytes in {limit:g} s "
                                          "and did not finish its answer")

    def _throttle(self) -> None:
        if not self.options.rate_limit:
            return
        now = time.monotonic()
        if self._next_slot > now:
            time.sleep(self._next_slot - now)
        self._next_slot = max(now, self._next_slot) + 1.0 / self.options.rate_limit


def _read_body(answer: httpx.Response, limit: int) -> bytes | TransportError:
    if answer.is_stream_consumed:  # built in memory (mock transports): already read and decoded
        if len(answer.content) > limit:
            return TransportError("body-too-large", f"body exceeds {limit} bytes (status {answer.status_code})")
        return answer.content
    encoding = answer.headers.get("content-encoding", "identity").strip().lower()
    decode = _decoder(encoding)
    if decode is None:
        return TransportError("bad-encoding", f"unsupported Content-Encoding {encoding!r}")
    raw, out = 0, bytearray()
    for chunk in answer.iter_raw():
        raw += len(chunk)
        try:
            out += decode(chunk, limit + 1 - len(out))
        except zlib.error as exc:
            return TransportError("bad-encoding", f"body is not valid {encoding}: {exc}")
        if raw > limit or len(out) > limit:
            what = "decompressed body" if len(out) > limit else "body"
            return TransportError("body-too-large", f"{what} exceeds {limit} bytes "
                                  f"(status {answer.status_code}; endless body or decompression bomb)")
    return bytes(out)


def _decoder(encoding: str) -> Callable[[bytes, int], bytes] | None:
    if encoding in ("identity", ""):
        return lambda chunk, room: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return None
    inflater = zlib.decompressobj(47 if encoding != "deflate" else zlib.MAX_WBITS)
    # max_length bounds what one chunk may expand to, so a bomb never fills memory.
    return lambda chunk, room: inflater.decompress(chunk, max(room, 1))


def _reset(exc: Exception) -> bool:
    """Whether the server reset the connection: a peer closing with received bytes
    unread resets it, so the request was provably never read whole."""
    if isinstance(exc, httpx.WriteError):
        return True
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _closed_before_answer(request: Request, exc: Exception, *, reused: bool, retry: bool,
                         unread: bool) -> TransportError:
    if retry:
        note = "sent twice, the second time on a fresh connection"
    elif not reused:
        note = "on a fresh connection"
    else:
        note = f"on a kept-alive connection; not sent again, the server may have applied the {request.method}"
    how = "reset" if unread else "closed"
    return TransportError("closed-before-response", f"the server {how} the connection before sending any "
                          f"byte of the response ({note}): {exc}")


def _broken(exc: Exception) -> TransportError:
    text = str(exc)
    if "peer closed" in text or "incomplete" in text.lower() or isinstance(exc, httpx.ReadError):
        return TransportError("connection-closed", f"the connection was closed mid-response ({text})")
    return TransportError("not-http", f"the answer is not valid HTTP ({text})")


def _off_host(request: Request, response: Response, base_url: str) -> TransportError | None:
    location = response.header("location")
    if not (300 <= response.status < 400 and location):
        return None
    target, base = urlsplit(urljoin(request.url, location)), urlsplit(base_url)
    if (target.scheme, target.hostname, target.port) == (base.scheme, base.hostname, base.port):
        return None
    return TransportError("redirect-off-host", f"status {response.status} redirects to another host "
                          f"({target.scheme}://{target.hostname}); not followed")

