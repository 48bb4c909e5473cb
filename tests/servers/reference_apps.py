"""The reference implementation as a WSGI and an ASGI application, for production servers.

Responsible for: :func:`application` (WSGI, what uWSGI serves) and
:func:`asgi` (ASGI, what uvicorn serves over h11), both answering with
:class:`~tests.servers.reference_app.ReferenceApp`, the fault taken from
the environment variable ``DOCCONFORM_REFERENCE_FAULT``. The WSGI side
reads the request body only when the operation needs it, as frameworks do,
so a server in front sees answers given before the body was read.

Not responsible for: starting the servers (``realservers``) or the answers
themselves (``reference_app``).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from tests.servers.reference_app import Answer, ReferenceApp

__all__ = ["FAULT_VARIABLE", "application", "asgi"]

FAULT_VARIABLE = "DOCCONFORM_REFERENCE_FAULT"
_APP = ReferenceApp(os.environ.get(FAULT_VARIABLE) or None)
_REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
            404: "Not Found", 405: "Method Not Allowed", 415: "Unsupported Media Type",
            500: "Internal Server Error"}


def _status_line(answer: Answer) -> str:
    return f"{answer.status} {_REASONS.get(answer.status, 'Status')}"


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """WSGI entry point."""
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]

    def body() -> bytes:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        return environ["wsgi.input"].read(length) if length > 0 else b""

    target = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        target += "?" + environ["QUERY_STRING"]
    # PATH_INFO is already percent-decoded, as WSGI says; REQUEST_URI keeps the wire form.
    target = environ.get("REQUEST_URI") or target
    answer = _APP.answer(environ["REQUEST_METHOD"], target, headers, body)
    start_response(_status_line(answer), answer.header_pairs())
    return [answer.body()]


class _NeedBody(Exception):
    """The operation asked for the body: read it, then answer again."""


Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def asgi(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    """ASGI entry point (HTTP only; lifespan events are acknowledged)."""
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    target = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
    if scope.get("query_string"):
        target += "?" + scope["query_string"].decode("latin-1")

    def unread() -> bytes:
        raise _NeedBody

    try:
        answer = _APP.answer(scope["method"], target, headers, unread)
    except _NeedBody:
        data = bytearray()
        while True:
            message = await receive()
            data += message.get("body", b"")
            if not message.get("more_body"):
                break
        answer = _APP.answer(scope["method"], target, headers, lambda: bytes(data))
    pairs = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.header_pairs()]
    await send({"type": "http.response.start", "status": answer.status, "headers": pairs})
    await send({"type": "http.response.body", "body": answer.body()})
