"""A verdict with confidence: violations classed client or contract-doubt, each doubt with the
page line (and diagnostic) behind it; what was not validated; the response side; --fail-on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.certify import certify, render_markdown, render_text
from docconform.conformance.mock.command import certify as certify_command
from docconform.conformance.mock.doubts import load_notes
from docconform.conformance.mock.server import MockServer

from tests.mock_support import src

FILE = src(0).rsplit(":", 1)[0]

CREATE: dict[str, Any] = {
    "method": "POST", "path": "/v1/{project_id}/volumes", "doc_id": "vol_create", "title": "Creating",
    "x-source": src(300),
    "request": {
        "path": {"type": "object", "properties": {"project_id": {"type": "string", "x-source": src(301)}},
                 "required": ["project_id"]},
        "header": {"type": "object", "required": ["X-Auth-Token"],
                   "properties": {"X-Auth-Token": {"type": "string", "x-source": src(302)}}},
        "body": {"type": "object", "x-source": src(310), "required": ["name", "image_id", "size"],
                 "properties": {
                     "name": {"type": "string", "x-source": src(311)},
                     "image_id": {"type": "string", "x-source": src(312),
                                  "x-required-when": "the volume is created from an image"},
                     "metadata": {"type": "object", "x-source": src(313)},
                     "size": {"type": "integer", "x-source": src(314)},
                     "options": {"type": "object", "x-source": src(315), "properties": {
                         "tier": {"type": "string", "x-source": src(331)},
                         "iops": {"type": "integer", "x-source": src(332)}}},
                 }},
    },
    "responses": {
        "202": {"description": "accepted", "x-source": src(340), "body": {
            "type": "object", "x-source": src(340), "required": ["id"], "properties": {
                "id": {"type": "string", "format": "uuid", "x-source": src(341)},
                "created": {"type": "string", "format": "date-time", "x-source": src(342)},
                "address": {"type": "string", "format": "ipv4", "x-source": src(343)},
                "status": {"type": "string", "enum": ["creating", "error", "available"], "x-source": src(344)},
                "kind": {"type": "string", "enum": ["ssd", "sata"], "x-source": src(345)}}}},
        "400": {"description": "bad request", "x-source": src(350), "body": {
            "type": "object", "properties": {"error_code": {"type": "string", "x-source": src(351)}}}},
    },
    "examples": [
        # the page's own request omits size: the same rule as a client omitting it
        {"kind": "request", "value": {"name": "v", "image_id": "i"}, "x-source": src(360)},
        # a typo'd key (kind -> knid): withheld, a generated answer instead
        {"kind": "response", "status": "202", "value": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                                                        "knid": "ssd"}, "x-source": src(370)},
        # an error body filed under the success status
        {"kind": "response", "status": "202", "value": {"error_code": "EVS.0001", "error_msg": "x"},
         "x-source": src(375)},
        {"kind": "response", "status": "400", "value": {"error_code": "EVS.0001"}, "x-source": src(380)},
    ],
}
DIAGNOSTICS = {"diagnostics": [
    {"code": "type-unknown", "level": "warning", "message": "iops: unknown type phrase 'Int'",
     "source": FILE, "line": 332},
    {"code": "example-invalid-json", "level": "warning", "message": "elsewhere on the page",
     "source": FILE, "line": 500},
]}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("doubts")
    (folder / "create.json").write_text(json.dumps(CREATE), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(DIAGNOSTICS), encoding="utf-8")
    record = folder / "record.json"
    answers = {}
    with MockServer(load_contract(folder), MockOptions(seed=5), record=record,
                    notes=load_notes(folder)) as mock, httpx.Client(base_url=mock.url) as http:
        token = {"X-Auth-Token": "t"}
        answers["size"] = http.post("/v1/p/volumes", headers=token, json={"name": "a", "image_id": "i"})
        answers["image"] = http.post("/v1/p/volumes", headers=token, json={"name": "a", "size": 1})
        answers["iops"] = http.post("/v1/p/volumes", headers=token, json={
            "name": "a", "image_id": "i", "size": 1, "options": {"iops": "fast"}})
        answers["name"] = http.post("/v1/p/volumes", headers=token, json={"image_id": "i", "size": 1})
        answers["aksk"] = http.post("/v1/p/volumes", headers={"Authorization": "SDK-HMAC-SHA256 Access=x"},
                                    json={"name": "a", "image_id": "i", "size": 1})
        answers["none"] = http.post("/v1/p/volumes", json={"name": "a", "image_id": "i", "size": 1})
        answers["ok"] = http.post("/v1/p/volumes", headers=token, json={
            "name": "a", "image_id": "i", "size": 1, "metadata": {"owner": "me", "tags": ["x"]}})
        answers["form"] = http.post("/v1/p/volumes", headers={**token, "Content-Type": "text/plain"},
                                    content=b"name=a")
        http.get("/v1/p/snapshots")
    data = json.loads(record.read_text(encoding="utf-8"))
    return {"answers": answers, "record": data, "report": certify(data), "path": record}


def errors(response: httpx.Response) -> list[dict[str, Any]]:
    return [v for v in response.json()["violations"] if v["level"] == "error"]


def test_the_pages_own_example_breaking_the_rule_is_a_doubt(run: dict[str, Any]) -> None:
    # served (the page's own example omits size too: a precedent), with the doubt on record
    assert run["answers"]["size"].status_code == 202
    (v,) = [v for x in run["record"]["exchanges"] for v in x["violations"] if v["pointer"] == "/body/size"]
    assert (v["rule"], v["level"], v["class"], v["precedent"]) == ("required-missing", "warning",
                                                                   "contract-doubt", src(360))
    assert [(d["reason"], d["source"]) for d in v["doubts"]] == [("example-breaks-rule", src(360))]


def test_a_conditional_requirement_is_a_doubt(run: dict[str, Any]) -> None:
    (v,) = errors(run["answers"]["image"])
    assert v["class"] == "contract-doubt"
    (doubt,) = v["doubts"]
    assert doubt["reason"] == "conditional-requirement" and "created from an image" in doubt["message"]


def test_a_diagnostic_in_the_fields_table_is_a_doubt(run: dict[str, Any]) -> None:
    (v,) = errors(run["answers"]["iops"])
    assert (v["rule"], v["pointer"], v["source"]) == ("type-mismatch", "/body/options/iops", src(332))
    (doubt,) = v["doubts"]  # the diagnostic at line 500 is not in this table
    assert (doubt["reason"], doubt["source"]) == ("extraction-diagnostic", src(332))
    assert "type-unknown" in doubt["message"]


def test_a_clear_rule_is_the_clients(run: dict[str, Any]) -> None:
    (v,) = errors(run["answers"]["name"])
    assert (v["pointer"], v["class"]) == ("/body/name", "client") and "doubts" not in v


def test_a_missing_token_is_a_doubt_only_when_the_request_signs_another_way(run: dict[str, Any]) -> None:
    (signed,) = errors(run["answers"]["aksk"])
    assert signed["class"] == "contract-doubt" and signed["doubts"][0]["reason"] == "auth-ambiguous"
    (bare,) = errors(run["answers"]["none"])
    assert bare["class"] == "client"


def test_verdict_fails_on_client_violations_only_by_default(run: dict[str, Any]) -> None:
    report = run["report"]
    # client: the missing name, the missing token with no other credential, the text/plain body
    # (415) and the undocumented path (404); the missing size is served (a page precedent)
    assert report["summary"]["classes"] == {"client": 4, "contract-doubt": 3}
    assert report["summary"]["rejected_by_class"] == {"client": 4, "contract-doubt": 3}
    assert report["verdict"] == "fail"
    doubts = {(d["pointer"], d["doubts"][0]["reason"]) for d in report["doubts"]}
    assert doubts == {("/body/size", "example-breaks-rule"), ("/body/image_id", "conditional-requirement"),
                      ("/body/options/iops", "extraction-diagnostic"),
                      ("/header/X-Auth-Token", "auth-ambiguous")}
    text = render_text(report)
    assert f"doubt: example-breaks-rule [{src(360)}]" in text
    md = render_markdown(report)
    assert "## Contract doubts" in md and f"extraction-diagnostic at {src(332)}" in md


def test_fail_on_option(run: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    out = ["--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md")]
    assert runner.invoke(certify_command, [str(run["path"]), *out]).exit_code == 1
    assert runner.invoke(certify_command, [str(run["path"]), "--fail-on", "never", *out]).exit_code == 0
    # only doubts left: passes by default, fails with --fail-on error
    record = dict(run["record"])
    record["exchanges"] = []
    record["operations"] = {k: {**v, "violations": [x for x in v["violations"] if x["class"] != "client"]}
                            for k, v in run["record"]["operations"].items() if k != "(unmatched)"}
    assert certify(record)["verdict"] == "pass"
    assert certify(record, fail_on="error")["verdict"] == "fail"


def test_not_validated_is_listed_and_never_covered(run: dict[str, Any]) -> None:
    report = run["report"]
    listed = {(u["endpoint"], u["pointer"]) for u in report["not_validated"]}
    assert ("POST /v1/{project_id}/volumes (vol_create)", "/body/metadata/owner") in listed
    assert ("POST /v1/{project_id}/volumes (vol_create)", "/body/metadata/tags") in listed
    assert ("POST /v1/{project_id}/volumes (vol_create)", "/body/metadata") in listed  # the bare object
    assert ("(unmatched)", "GET /v1/p/snapshots") in listed
    (endpoint,) = report["endpoints"]
    assert "/body/metadata" not in {i["pointer"] for i in endpoint["coverage"]["exercised"]}
    assert [i["pointer"] for i in endpoint["coverage"]["not_validated"]] == ["/body/metadata"]
    assert "not validated: /body/metadata/owner x1" in render_text(report)


def test_response_side(run: dict[str, Any]) -> None:
    ok = run["answers"]["ok"]
    assert ok.status_code == 202
    body = ok.json()
    assert body.get("knid") is None and "error_code" not in body  # neither withheld example is served
    assert body["status"] == "available"  # a documented terminal value
    assert body["kind"] in ("ssd", "sata")
    assert body["created"] == "2024-01-01T00:00:00Z" and body["address"] == "192.0.2.1"
    assert len(body["id"]) == 36
    exchange = next(x for x in run["record"]["exchanges"] if x["status"] == 202)
    assert (exchange["answer"], exchange["response"]) == ("generated", "202")
    assert {x["answer"] for x in run["record"]["exchanges"] if x["status"] >= 400} == {"error-document"}
    (endpoint,) = run["report"]["endpoints"]
    withheld = [(w["example"], w["source"]) for w in endpoint["examples_withheld"]]
    assert withheld == [("example1", src(370)), ("example2", src(375))]
    assert "error document (error_code, error_msg) filed under the success status 202" in \
        endpoint["examples_withheld"][1]["problems"][0]
    shown = {r["status"]: r["shown"] for r in endpoint["responses"]}
    assert shown == {"202": 2, "400": 0}  # the valid request, and the one excused by a precedent
    assert run["report"]["summary"]["responses"] == {"documented": 2, "shown": 1}
    assert "responses never shown: 400" in render_text(run["report"])


def _action_page(key: str, line: int) -> dict[str, Any]:
    return {"method": "POST", "path": "/v1/{project_id}/servers/action", "doc_id": f"servers_{key}",
            "title": key, "x-source": f"api/{key}.md:1",
            "request": {"body": {"type": "object", "required": [key], "x-source": f"api/{key}.md:{line}",
                                 "properties": {key: {"type": "object", "x-source": f"api/{key}.md:{line + 1}"}}}},
            "responses": {"200": {"description": "ok", "x-source": f"api/{key}.md:40", "body": None}}}


def test_a_request_matching_no_variant_is_judged_with_a_doubt(tmp_path: Path) -> None:
    for key, line in (("os-start", 10), ("os-stop", 20)):
        (tmp_path / f"{key}.json").write_text(json.dumps(_action_page(key, line)), encoding="utf-8")
    version = {**_action_page("os-start", 10), "x-source": "api/v2/os-start.md:1"}  # same page, other version
    (tmp_path / "os-start-v2.json").write_text(json.dumps(version), encoding="utf-8")
    ops = load_contract(tmp_path)
    assert len(ops) == 2 and all(op.siblings for op in ops)
    with MockServer(ops, notes=load_notes(tmp_path)) as mock:
        stop = httpx.post(f"{mock.url}/v1/p/servers/action", json={"os-stop": {}})
        reboot = httpx.post(f"{mock.url}/v1/p/servers/action", json={"os-reboot": {}})
    assert stop.status_code == 200  # the os-stop page's own rule, no doubt needed
    (v,) = errors(reboot)
    assert (v["rule"], v["class"]) == ("required-missing", "contract-doubt")
    (doubt,) = v["doubts"]
    assert doubt["reason"] == "variant-ambiguous" and doubt["message"].startswith("2 pages document")
    assert "matches none of them" in doubt["message"] and "v2" not in doubt["message"]
