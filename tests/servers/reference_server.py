"""A real HTTP server implementing the three seed operations as their pages document them.

Responsible for: the correct reference (DLI ``POST .../streaming/jobs/stop``
and ``.../delete``, CDM ``PUT .../cdm/job/{job_name}/stop`` with a mandatory
``X-Auth-Token``), and single-fault variants of it, each switched on by name
(:data:`FAULTS`), each telling which conformance check should catch it. It
listens on 127.0.0.1 on a free port, keeps connections alive, and logs what it
received so tests can see what a client sent.

Not responsible for: hostile transport behaviour (``hostile.py``). It is a test
fixture, so it is plain standard library.

Run it by hand: ``python tests/servers/reference_server.py [--fault NAME]``;
it prints its base URL and serves until interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["FAULTS", "Fault", "RunningServer", "serve"]

INT64 = (-(2**63), 2**63 - 1)
INT32_MAX = 2**31 - 1


@dataclass(frozen=True)
class Fault:
    name: str
    description: str
    check: str


FAULTS: dict[str, Fault] = {f.name: f for f in (
    Fault("server-error-on-empty-array", "stop answers 500 when job_ids is empty", "not-a-server-error"),
    Fault("server-error-on-long-array", "stop and delete answer 500 for more than 100 job ids", "not-a-server-error"),
    Fault("server-error-on-large-int", "stop answers 500 for a job id beyond 2**53 (float maths)",
          "not-a-server-error"),
    Fault("server-error-on-malformed-json", "stop and delete answer 500 to a body that is not JSON",
          "not-a-server-error"),
    Fault("server-error-on-non-ascii", "CDM stop answers 500 when job_name is not ASCII", "not-a-server-error"),
    Fault("accepts-wrong-types", "stop and delete accept job ids given as strings", "negative-data-rejection"),
    Fault("accepts-missing-field", "delete treats a missing job_ids as empty", "negative-data-rejection"),
    Fault("rejects-valid-savepoint", "stop answers 400 when trigger_savepoint is true", "positive-data-acceptance"),
    Fault("rejects-large-int", "delete answers 400 for job ids beyond int32 (Long read as Integer)",
          "positive-data-acceptance"),
    Fault("optional-treated-as-mandatory", "stop answers 400 without the optional trigger_savepoint",
          "positive-data-acceptance"),
    Fault("wrong-response-type", "stop answers is_success as the string \"true\"", "response-schema-conformance"),
    Fault("wrong-response-shape", "delete answers an array instead of an object", "response-schema-conformance"),
    Fault("response-int-overflow", "CDM stop answers a submission-id beyond int32 for job names over 16 characters",
          "response-schema-conformance"),
    Fault("undocumented-status", "stop answers 202 instead of the documented 200", "status-code-conformance"),
    Fault("wrong-content-type", "CDM stop answers its JSON as text/plain", "content-type-conformance"),
    Fault("missing-auth-accepted", "CDM stop works without X-Auth-Token", "missing-required-header"),
    Fault("undocumented-method", "GET on every documented path answers 200", "unsupported-method"),
    Fault("405-without-allow", "undocumented methods answer 405 without an Allow header", "unsupported-method"),
)}

_ROUTES = (
    (re.compile(r"^/v1\.0/(?P<project_id>[^/]+)/streaming/jobs/stop$"), "stop", "POST"),
    (re.compile(r"^/v1\.0/(?P<project_id>[^/]+)/streaming/jobs/delete$"), "delete", "POST"),
    (re.compile(r"^/v1\.1/(?P<project_id>[^/]+)/clusters/(?P<cluster_id>[^/]+)/cdm/job/(?P<job_name>[^/]+)/stop$"),
     "cdm_stop", "PUT"),
)


class _Reject(Exception):
    def __init__(self, status: int, message: str, code: str = "DLI.0001") -> None:
        super().__init__(message)
        self.status, self.code = status, code


def _int64(value: Any) -> bool:
    """A JSON number that is a whole number within Long; ``12.0`` is one, as JSON Schema says."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and INT64[0] <= value <= INT64[1]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # one write per answer, no 40 ms delayed-ACK stalls
    wbufsize = 1 << 16
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read self.server.log
        pass

    def _dispatch(self) -> None:
        body = self._read_body()
        self.server.log.append((self.command, self.path, dict(self.headers.items()), body))
        path = urlsplit(self.path).path
        for pattern, name, method in _ROUTES:
            match = pattern.match(path)
            if match:
                params = {k: unquote(v) for k, v in match.groupdict().items()}
                return self._route(name, method, params, body)
        self._send(404, {"error_code": "DLI.0404", "error_msg": "no such resource"})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # any method, even QUERY or FOO, is routed (and gets 405 where undocumented)
            return self._dispatch
        raise AttributeError(name)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 4 << 20)) if length > 0 else b""

    def _route(self, name: str, method: str, params: dict[str, str], body: bytes) -> None:
        fault = self.server.fault
        if self.command != method and fault == "undocumented-method" and self.command == "GET":
            return self._send(200, [{"is_success": True, "message": "listed"}])
        if self.command != method:
            headers = {} if fault == "405-without-allow" else {"Allow": method}
            return self._send(405, {"error_code": "DLI.0405", "error_msg": "method not allowed"}, headers)
        try:
            status, answer, ctype = getattr(self, "_" + name)(params, body, fault)
        except _Reject as exc:
            return self._send(exc.status, {"error_code": exc.code, "error_msg": str(exc)})
        self._send(status, answer, {"Content-Type": ctype})

    def _json(self, body: bytes, fault: str | None) -> Any:
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            if fault == "server-error-on-malformed-json":
                raise _Reject(500, "internal error") from exc
            raise _Reject(400, "the request body is not valid JSON") from exc

    def _savepoint(self, data: dict[str, Any], fault: str | None) -> None:
        if "trigger_savepoint" in data and not isinstance(data["trigger_savepoint"], bool):
            raise _Reject(400, "trigger_savepoint must be a Boolean")
        if fault == "rejects-valid-savepoint" and data.get("trigger_savepoint") is True:
            raise _Reject(400, "savepoints are not supported")
        if fault == "optional-treated-as-mandatory" and "trigger_savepoint" not in data:
            raise _Reject(400, "trigger_savepoint is mandatory")

    def _job_ids(self, body: bytes, fault: str | None, *, missing_ok: bool = False,
                 savepoint: bool = False) -> list[Any]:
        data = self._json(body, fault)
        if not isinstance(data, dict):
            raise _Reject(400, "the request body must be a JSON object")
        if "job_ids" not in data and missing_ok:
            return []
        ids = data.get("job_ids")
        if not isinstance(ids, list):
            raise _Reject(400, "job_ids is mandatory and must be an array of Long")
        lenient = fault == "accepts-wrong-types"
        if not all(_int64(i) or (lenient and isinstance(i, str)) for i in ids):
            raise _Reject(400, "job_ids must hold Long values")
        if savepoint:
            self._savepoint(data, fault)
        if fault == "server-error-on-long-array" and len(ids) > 100:
            raise _Reject(500, "internal error")
        return ids

    def _stop(self, params: dict[str, str], body: bytes, fault: str | None) -> tuple[int, Any, str]:
        ids = self._job_ids(body, fault, savepoint=True)
        if fault == "server-error-on-empty-array" and not ids:
            raise _Reject(500, "internal error")
        if fault == "server-error-on-large-int" and any(_number(i) and abs(i) > 2**53 for i in ids):
            raise _Reject(500, "internal error")
        success: Any = "true" if fault == "wrong-response-type" else True
        message = "The request for stopping DLI jobs is delivered successfully."
        return (202 if fault == "undocumented-status" else 200), [{"is_success": success, "message": message}], \
            "application/json"

    def _delete(self, params: dict[str, str], body: bytes, fault: str | None) -> tuple[int, Any, str]:
        ids = self._job_ids(body, fault, missing_ok=fault == "accepts-missing-field")
        if fault == "rejects-large-int" and any(_number(i) and abs(i) > INT32_MAX for i in ids):
            raise _Reject(400, "job id out of range")
        answer: Any = {"is_success": True, "message": "The job is deleted successfully."}
        return 200, ([answer] if fault == "wrong-response-shape" else answer), "application/json"

    def _cdm_stop(self, params: dict[str, str], body: bytes, fault: str | None) -> tuple[int, Any, str]:
        if not self.headers.get("X-Auth-Token") and fault != "missing-auth-accepted":
            raise _Reject(401, "X-Auth-Token is missing", "CDM.0001")
        name = params["job_name"]
        if fault == "server-error-on-non-ascii" and not name.isascii():
            raise _Reject(500, "internal error", "CDM.0500")
        submission_id = 2**31 + 7 if fault == "response-int-overflow" and len(name) > 16 else 1871
        submission = {
            "isIncrementing": False, "job-name": name, "submission-id": submission_id,
            "isStopingIncrement": "", "last-update-date": 1643081225548, "is-execute-auto": False,
            "delete_rows": 0, "update_rows": 0, "write_rows": 0, "last-udpate-user": "reference",
            "isDeleteJob": False, "creation-user": "reference", "progress": 100.0,
            "creation-date": 1643081225497, "status": "SUCCEEDED", "execute-date": 1643081225548,
        }
        ctype = "text/plain" if fault == "wrong-content-type" else "application/json"
        return 200, {"submissions": [submission]}, ctype

    def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        headers = {"Content-Type": "application/json", **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, fault: str | None) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        super().__init__(("127.0.0.1", 0), Handler)
        self.fault = fault
        self.log: list[tuple[str, str, dict[str, str], bytes]] = []


@dataclass
class RunningServer:
    server: Server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def log(self) -> list[tuple[str, str, dict[str, str], bytes]]:
        return self.server.log


@contextlib.contextmanager
def serve(fault: str | None = None) -> Iterator[RunningServer]:
    """The reference server (with ``fault`` injected) running in a thread on a free loopback port."""
    server = Server(fault)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield RunningServer(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=sorted(FAULTS), default=None)
    args = parser.parse_args(argv)
    server = Server(args.fault)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
