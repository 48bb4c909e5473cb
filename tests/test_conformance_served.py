"""The pages of tests/data/served against the reference server that implements them.

They document a JSON Patch body (``application/openstack-images-v2.1-json-patch``),
a raw-bytes upload (``application/octet-stream``), a form
(``application/x-www-form-urlencoded``) and a plain JSON body, read off the
wire: each must go out in its format, and no body where none is documented.
They state their success statuses in prose ("the status code is 201"), as
"Normal" and a code, as ``STATUS CODE 204`` or ``HTTP/1.1 204`` in an example,
or by referring to the doc set's general list: the correct server answers
those statuses and must pass every check; its String-field faults must be found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import docconform.conformance.suite.plugin  # noqa: F401
from docconform.conformance.suite.encoding import SAMPLE_FILE
from docconform.conformance.suite.values import LARGE_FILE
from tests.conformance_support import ARGS, SERVED, extract, failed_checks, read_report
from tests.servers.reference_app import FAULTS
from tests.servers.reference_server import RunningServer, serve

pytest_plugins = ("pytester",)

Logged = tuple[str, str, dict[str, str], bytes]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract(SERVED, tmp_path_factory.mktemp("served") / "schemas")


@pytest.fixture(scope="module")
def wire(bundles: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Logged]]:
    """What the reference server received during one whole run over the format pages."""
    pytester_dir = tmp_path_factory.mktemp("run")
    with serve() as server:
        _run(bundles, server, pytester_dir)
        yield list(server.log)


def _run(bundles: Path, server: RunningServer, where: Path) -> subprocess.CompletedProcess[str]:
    """``docconform test`` as a user runs it, in its own process (the server answers from this one)."""
    command = [sys.executable, "-m", "docconform", "test", "--base-url", server.url, str(bundles),
               "--seed", "11", "--max-examples", "20", "--header", "X-Auth-Token=reference-token",
               "--report-dir", str(where), "-q"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def _to(log: list[Logged], method: str, path_start: str) -> list[tuple[dict[str, str], bytes]]:
    return [({k.lower(): v for k, v in h.items()}, body) for m, p, h, body in log
            if m == method and p.startswith(path_start) and not p.endswith("/file")]


def test_json_patch_operation_goes_out_as_a_patch_document(wire: list[Logged]) -> None:
    sent = [(h, b) for h, b in _to(wire, "PATCH", "/v2/images/") if b]
    assert sent
    for headers, body in sent:
        assert headers["content-type"] == "application/openstack-images-v2.1-json-patch"
    # the operation the page documents never goes out alone (the malformed-JSON case aside)
    parsed = [json.loads(b) for _, b in sent if b != b'{"job_ids": [1, 2,']
    assert not [value for value in parsed if isinstance(value, dict)]
    documented = b'[{"op":"replace","path":"/name","value":"ims_image_name"}]'
    assert documented in [b for _, b in sent]
    ops = [op for value in parsed if isinstance(value, list) for op in value if isinstance(op, dict)]
    assert {"add", "replace", "remove"} <= {op["op"] for op in ops if isinstance(op.get("op"), str)}


def test_octet_stream_upload_goes_out_as_raw_bytes(wire: list[Logged]) -> None:
    sent = [(h, b) for m, p, h0, b in wire if m == "PUT" and p.endswith("/file")
            for h in [{k.lower(): v for k, v in h0.items()}]]
    assert sent and all(h["content-type"] == "application/octet-stream" for h, _ in sent)
    bodies = [b for _, b in sent]
    assert SAMPLE_FILE in bodies  # the bytes themselves, not a JSON string of them
    assert any(len(b) == LARGE_FILE and b.startswith(SAMPLE_FILE) for b in bodies)


def test_form_goes_out_url_encoded(wire: list[Logged]) -> None:
    sent = [(h, b) for h, b in _to(wire, "POST", "/v3.0/OS-FEDERATION/tokens") if b]
    assert sent
    for headers, body in sent:
        assert headers["content-type"] == "application/x-www-form-urlencoded"
        assert "SAMLResponse" in parse_qs(body.decode("ascii"), keep_blank_values=True)


def test_json_body_goes_out_as_json(wire: list[Logged]) -> None:
    sent = [({k.lower(): v for k, v in h.items()}, b) for m, p, h, b in wire
            if m == "POST" and p.endswith("/notifications/topics") and b]
    assert sent and all(h["content-type"] == "application/json" for h, _ in sent)
    # the page's example, sent as compact JSON; the suite makes a created resource's name
    # unique per run, so the name carries a suffix
    examples = [json.loads(b) for _, b in sent if b.startswith(b'{"name":"test_topic_v2')]
    assert any(e == {"name": e["name"], "display_name": "testtest"} and e["name"].startswith("test_topic_v2-")
               for e in examples)


def test_no_body_and_no_content_type_where_the_page_documents_none(wire: list[Logged]) -> None:
    bodiless = [(m, p, h, b) for m, p, h, b in wire if m in ("GET", "DELETE")]
    assert bodiless
    assert all(b == b"" and "content-type" not in {k.lower() for k in h} for _, _, h, b in bodiless)


def test_no_placeholder_from_a_documented_request_line_is_sent(wire: list[Logged]) -> None:
    """``POST https://{SMN_Endpoint}/v2/{project_id}/...`` shows the template, not a project id."""
    assert not [p for _, p, _, _ in wire if "%7Bproject_id%7D" in p]


def test_correct_server_passes_every_check(bundles: Path, pytester: pytest.Pytester) -> None:
    with serve() as server:
        reprec = pytester.inline_run(*ARGS, "--conformance-schemas", str(bundles),
                                     "--conformance-base-url", server.url)
    assert failed_checks(reprec) == {}
    report = read_report(pytester.path)
    ran = {(e["endpoint"].split(" (")[0], c["check"]) for e in report["endpoints"] for c in e["checks"]
           if c["status"] == "passed"}
    for endpoint in ("DELETE /v2/{project_id}/servers/{server_id}", "POST /v2/{project_id}/notifications/topics",
                     "PUT /v2/images/{image_id}/file", "POST /v3.0/OS-FEDERATION/tokens",
                     "DELETE /v2/{project_id}/fgs/triggers/{function_urn}/{trigger_type_code}/{trigger_id}"):
        assert (endpoint, "status-code-conformance") in ran


@pytest.mark.parametrize("fault", sorted(f for f in FAULTS if FAULTS[f].pages == "served"))
def test_structural_faults_are_found(bundles: Path, pytester: pytest.Pytester, fault: str) -> None:
    with serve(fault) as server:
        reprec = pytester.inline_run(*ARGS, "--conformance-schemas", str(bundles),
                                     "--conformance-base-url", server.url, "--conformance-path", "*/topics")
    failed = {node.rsplit("::", 1)[1]: text for node, text in failed_checks(reprec).items()}
    text = failed[FAULTS[fault].check]  # 500 is also undocumented and no 4xx: other checks fail with it
    assert "server error 500" in text and "smn_creating_a_topic.rst" in text
