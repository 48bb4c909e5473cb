"""The reference implementation of the documented operations, apart from any HTTP server.

Responsible for: answering one request as the pages document it (the three
seed operations of ``seeds/`` and the pages of ``tests/data/served/``: request
formats and ways of stating a success status), and the single-fault variants of that behaviour,
each switched on by name (:data:`FAULTS`), each telling which conformance
check should catch it. :meth:`ReferenceApp.answer` reads the request body
only when the operation needs it, as web frameworks do, so a front-end
server sees the same "rejected before the body was read" answers (404, 405,
401, 415) that real deployments give.

Not responsible for: sockets, keep-alive or HTTP framing; the front-ends do
that (``reference_server`` with the standard library, ``reference_apps``
for uWSGI and uvicorn). Test fixture code: plain standard library.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = ["FAULTS", "Answer", "Fault", "ReferenceApp"]

INT64 = (-(2**63), 2**63 - 1)
INT32_MAX = 2**31 - 1
JSON_PATCH = "application/openstack-images-v2.1-json-patch"
OCTETS = "application/octet-stream"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Fault:
    """One injected fault; ``pages`` names the page set whose operation it breaks
    (``seeds``: ``seeds/``, ``served``: ``tests/data/served/``)."""

    name: str
    description: str
    check: str
    pages: str = "seeds"


FAULTS: dict[str, Fault] = {f.name: f for f in (
    Fault("server-error-on-empty-array", "stop answers 500 when job_ids is empty", "not-a-server-error"),
    Fault("server-error-on-long-array", "stop and delete answer 500 for more than 100 job ids", "not-a-server-error"),
    Fault("server-error-on-large-int", "stop answers 500 for a job id beyond 2**53 (float maths)",
          "not-a-server-error"),
    Fault("server-error-on-malformed-json", "stop and delete answer 500 to a body that is not JSON",
          "not-a-server-error"),
    Fault("server-error-on-non-ascii", "CDM stop answers 500 when job_name is not ASCII", "not-a-server-error"),
    Fault("server-error-on-container-in-string", "create topic answers 500 when a String field holds an "
          "array or an object (it calls a string method on it)", "not-a-server-error", "served"),
    Fault("server-error-on-null", "create topic answers 500 when a String field is null", "not-a-server-error",
          "served"),
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

_SEGMENT = "[^/]+"
_ROUTES = (
    (re.compile(rf"^/v1\.0/(?P<project_id>{_SEGMENT})/streaming/jobs/stop$"), "stop", "POST"),
    (re.compile(rf"^/v1\.0/(?P<project_id>{_SEGMENT})/streaming/jobs/delete$"), "delete", "POST"),
    (re.compile(rf"^/v1\.1/(?P<project_id>{_SEGMENT})/clusters/(?P<cluster_id>{_SEGMENT})/cdm/job/"
                rf"(?P<job_name>{_SEGMENT})/stop$"), "cdm_stop", "PUT"),
    (re.compile(rf"^/v2/(?P<project_id>{_SEGMENT})/notifications/topics$"), "create_topic", "POST"),
    (re.compile(rf"^/v2/images/(?P<image_id>{_SEGMENT})$"), "update_image", "PATCH"),
    (re.compile(rf"^/v2/images/(?P<image_id>{_SEGMENT})/file$"), "upload_image", "PUT"),
    (re.compile(r"^/v3\.0/OS-FEDERATION/tokens$"), "federation_token", "POST"),
    (re.compile(rf"^/v2(?:\.1)?/(?P<project_id>{_SEGMENT})/servers/(?P<server_id>{_SEGMENT})$"), "delete_server",
     "DELETE"),
    (re.compile(rf"^/v2/(?P<project_id>{_SEGMENT})/fgs/triggers/(?P<function_urn>{_SEGMENT})/"
                rf"(?P<trigger_type_code>{_SEGMENT})/(?P<trigger_id>{_SEGMENT})$"), "delete_trigger", "DELETE"),
)
TRIGGER_TYPES = frozenset({"SMN", "APIG", "OBS", "TIMER", "DMS", "DIS", "LTS", "DDS", "CTS", "kafka"})


@dataclass(frozen=True)
class Answer:
    """What to send back: a status, headers, and a JSON payload (``None``: no body)."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        return b"" if self.payload is None else json.dumps(self.payload).encode("utf-8")

    def header_pairs(self) -> list[tuple[str, str]]:
        headers = dict(self.headers)
        if self.payload is not None:
            headers.setdefault("Content-Type", "application/json")
        return [*headers.items(), ("Content-Length", str(len(self.body())))]


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


def _media_type(headers: Mapping[str, str]) -> str:
    return (headers.get("content-type") or "").split(";")[0].strip().lower()


class ReferenceApp:
    """The documented behaviour, with ``fault`` injected; safe to share between threads."""

    def __init__(self, fault: str | None = None) -> None:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        self.fault = fault
        self._topics: set[str] = set()
        self._lock = threading.Lock()

    def answer(self, method: str, target: str, headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        """The answer to one request; ``headers`` has lower-case names; ``body()`` reads the body."""
        path = urlsplit(target).path
        for pattern, name, documented in _ROUTES:
            match = pattern.match(path)
            if match:
                params = {k: unquote(v) for k, v in match.groupdict().items()}
                return self._route(name, documented, method, params, headers, body)
        return self._error(404, "no such resource", "DLI.0404")

    def _route(self, name: str, documented: str, method: str, params: dict[str, str],
               headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        if method != documented and self.fault == "undocumented-method" and method == "GET":
            return Answer(200, [{"is_success": True, "message": "listed"}])
        if method != documented:
            allow = {} if self.fault == "405-without-allow" else {"Allow": documented}
            return Answer(405, {"error_code": "DLI.0405", "error_msg": "method not allowed"}, allow)
        try:
            return getattr(self, "_" + name)(params, headers, body)  # type: ignore[no-any-return]
        except _Reject as exc:
            return self._error(exc.status, str(exc), exc.code)

    @staticmethod
    def _error(status: int, message: str, code: str) -> Answer:
        return Answer(status, {"error_code": code, "error_msg": message})

    # ------------------------------------------------------------ request parts

    def _json(self, raw: bytes) -> Any:
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            if self.fault == "server-error-on-malformed-json":
                raise _Reject(500, "internal error") from exc
            raise _Reject(400, "the request body is not valid JSON") from exc

    @staticmethod
    def _token(headers: Mapping[str, str], code: str) -> None:
        if not headers.get("x-auth-token"):
            raise _Reject(401, "X-Auth-Token is missing", code)

    @staticmethod
    def _media(headers: Mapping[str, str], expected: str, status: int = 415) -> None:
        if _media_type(headers) != expected:
            raise _Reject(status, f"Content-Type must be {expected}", "IMS.0415")

    # ------------------------------------------------------------ DLI and CDM (seeds/)

    def _savepoint(self, data: dict[str, Any]) -> None:
        if "trigger_savepoint" in data and not isinstance(data["trigger_savepoint"], bool):
            raise _Reject(400, "trigger_savepoint must be a Boolean")
        if self.fault == "rejects-valid-savepoint" and data.get("trigger_savepoint") is True:
            raise _Reject(400, "savepoints are not supported")
        if self.fault == "optional-treated-as-mandatory" and "trigger_savepoint" not in data:
            raise _Reject(400, "trigger_savepoint is mandatory")

    def _job_ids(self, raw: bytes, *, missing_ok: bool = False, savepoint: bool = False) -> list[Any]:
        data = self._json(raw)
        if not isinstance(data, dict):
            raise _Reject(400, "the request body must be a JSON object")
        if "job_ids" not in data and missing_ok:
            return []
        ids = data.get("job_ids")
        if not isinstance(ids, list):
            raise _Reject(400, "job_ids is mandatory and must be an array of Long")
        lenient = self.fault == "accepts-wrong-types"
        if not all(_int64(i) or (lenient and isinstance(i, str)) for i in ids):
            raise _Reject(400, "job_ids must hold Long values")
        if savepoint:
            self._savepoint(data)
        if self.fault == "server-error-on-long-array" and len(ids) > 100:
            raise _Reject(500, "internal error")
        return ids

    def _stop(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        ids = self._job_ids(body(), savepoint=True)
        if self.fault == "server-error-on-empty-array" and not ids:
            raise _Reject(500, "internal error")
        if self.fault == "server-error-on-large-int" and any(_number(i) and abs(i) > 2**53 for i in ids):
            raise _Reject(500, "internal error")
        success: Any = "true" if self.fault == "wrong-response-type" else True
        message = "The request for stopping DLI jobs is delivered successfully."
        return Answer(202 if self.fault == "undocumented-status" else 200,
                      [{"is_success": success, "message": message}])

    def _delete(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        ids = self._job_ids(body(), missing_ok=self.fault == "accepts-missing-field")
        if self.fault == "rejects-large-int" and any(_number(i) and abs(i) > INT32_MAX for i in ids):
            raise _Reject(400, "job id out of range")
        answer: Any = {"is_success": True, "message": "The job is deleted successfully."}
        return Answer(200, [answer] if self.fault == "wrong-response-shape" else answer)

    def _cdm_stop(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        if self.fault != "missing-auth-accepted":
            self._token(headers, "CDM.0001")
        name = params["job_name"]
        if self.fault == "server-error-on-non-ascii" and not name.isascii():
            raise _Reject(500, "internal error", "CDM.0500")
        submission_id = 2**31 + 7 if self.fault == "response-int-overflow" and len(name) > 16 else 1871
        submission = {
            "isIncrementing": False, "job-name": name, "submission-id": submission_id,
            "isStopingIncrement": "", "last-update-date": 1643081225548, "is-execute-auto": False,
            "delete_rows": 0, "update_rows": 0, "write_rows": 0, "last-udpate-user": "reference",
            "isDeleteJob": False, "creation-user": "reference", "progress": 100.0,
            "creation-date": 1643081225497, "status": "SUCCEEDED", "execute-date": 1643081225548,
        }
        ctype = "text/plain" if self.fault == "wrong-content-type" else "application/json"
        return Answer(200, {"submissions": [submission]}, {"Content-Type": ctype})

    # ------------------------------------------------------------ SMN (tests/data/served/)

    def _text(self, data: dict[str, Any], name: str, *, low: int, high: int) -> str:
        value = data.get(name)
        if self.fault == "server-error-on-null" and name in data and value is None:
            raise _Reject(500, "internal error", "SMN.0500")
        if self.fault == "server-error-on-container-in-string" and isinstance(value, list | dict):
            value.strip()  # type: ignore[union-attr]  # the fault: a string method on whatever came
        if not isinstance(value, str) or not low <= len(value) <= high:
            raise _Reject(400, f"{name} must be a string of {low} to {high} characters", "SMN.0400")
        return value

    def _create_topic(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        data = self._json(body())
        if not isinstance(data, dict):
            raise _Reject(400, "the request body must be a JSON object", "SMN.0400")
        try:
            name = self._text(data, "name", low=1, high=255)
            self._text(data, "display_name", low=0, high=192)
        except AttributeError as exc:
            raise _Reject(500, "internal error", "SMN.0500") from exc
        with self._lock:
            existed = name in self._topics
            self._topics.add(name)
        urn = f"urn:smn:reference:{params['project_id']}:{name}"
        return Answer(200 if existed else 201, {"request_id": "6a63a18b8bab40ffb71ebd9cb80d0085", "topic_urn": urn})

    # ------------------------------------------------------------ IMS and IAM (tests/data/served/)

    def _update_image(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        self._token(headers, "IMS.0401")
        self._media(headers, JSON_PATCH)
        patch = self._json(body())
        if not isinstance(patch, list) or not patch:
            raise _Reject(400, "the body must be a JSON Patch document (a non-empty array)", "IMS.0400")
        image = {"id": params["image_id"], "name": "reference-image", "status": "active"}
        for op in patch:
            if not isinstance(op, dict) or op.get("op") not in ("add", "replace", "remove"):
                raise _Reject(400, "every operation needs op add, replace or remove", "IMS.0400")
            if not isinstance(op.get("path"), str):
                raise _Reject(400, "every operation needs a path string", "IMS.0400")
            if op["op"] != "remove" and not isinstance(op.get("value"), str):
                raise _Reject(400, "add and replace need a string value", "IMS.0400")
            if op["path"] == "/name" and op["op"] != "remove":
                image["name"] = op["value"]
        return Answer(200, image)

    def _upload_image(self, params: dict[str, str], headers: Mapping[str, str], body: Callable[[], bytes]) -> Answer:
        self._token(headers, "IMS.0401")
        self._media(headers, OCTETS)
        body()
        return Answer(204)

    def _federation_token(self, params: dict[str, str], headers: Mapping[str, str],
                          body: Callable[[], bytes]) -> Answer:
        if not headers.get("x-idp-id"):
            raise _Reject(400, "X-Idp-Id is missing", "IAM.0400")
        self._media(headers, FORM, status=400)
        try:
            form = parse_qs(body().decode("ascii"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError as exc:
            raise _Reject(400, "the form is not URL-encoded", "IAM.0400") from exc
        if len(form.get("SAMLResponse", [])) != 1:
            raise _Reject(400, "SAMLResponse is mandatory", "IAM.0400")
        token = {
            "expires_at": "2018-03-13T03:00:01.168000Z", "issued_at": "2018-03-12T03:00:01.168000Z",
            "methods": ["mapped"],
            "user": {
                "OS-FEDERATION": {"identity_provider": {"id": headers["x-idp-id"]}, "protocol": {"id": "saml"},
                                  "groups": [{"name": "admin", "id": "45a8c8f1894444e9a016af065e152b91"}]},
                "domain": {"name": "reference", "id": "c0e20cc993a24ad4aa3251661ef37c87"},
                "name": "FederationUser", "id": "QNSzD0bycqUXE4hiRNfyFcWfoOs8z6gT",
            },
        }
        return Answer(201, {"token": token}, {"X-Subject-Token": "reference-unscoped-token"})

    # ------------------------------------------------------------ ECS and FunctionGraph (tests/data/served/)

    def _delete_server(self, params: dict[str, str], headers: Mapping[str, str],
                       body: Callable[[], bytes]) -> Answer:
        return Answer(204)  # "See Returned Values for General Requests": 204 is one of them

    def _delete_trigger(self, params: dict[str, str], headers: Mapping[str, str],
                        body: Callable[[], bytes]) -> Answer:
        if params["trigger_type_code"] not in TRIGGER_TYPES:
            raise _Reject(400, "Invalid trigger data", "FSS.0400")
        return Answer(204)
