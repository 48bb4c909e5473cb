"""Request media types: named by the page, written under OpenAPI requestBody.content, and read
by the mock as the page says (a form, multipart parts, a JSON Patch array, a file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate

from docconform.cli import main
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from docconform.extractor.model import Example, Field, Span, TypeRef
from docconform.extractor.interpret.media import request_media_types
from docconform.extractor.writers.jsonschema import JSON_PATCH, is_json_media, media_schema

DATA = Path(__file__).resolve().parent / "data" / "media"


def test_media_types_from_the_header_row_and_the_examples() -> None:
    row = Field("Content-Type", "header", TypeRef("string"), Span("p.rst", 9), required=True,
                description="The value must be application/x-www-form-urlencoded")
    curl = Example("request", "curl -H 'Content-Type:multipart/form-data' -X POST ...", Span("p.rst", 30))
    assert request_media_types([row], [curl]) == ("application/x-www-form-urlencoded", "multipart/form-data")
    json_only = Field("Content-Type", "header", TypeRef("string"), Span("p.rst", 9),
                      description="Fill application/json;charset=utf-8 in this field. 缺省值application/json")
    assert request_media_types([json_only], []) == ()  # JSON pages stay as they were


def test_media_schemas() -> None:
    table = {"type": "object", "properties": {"name": {"type": "string"}}}
    assert media_schema("application/openstack-images-v2.1-json-patch", table) is JSON_PATCH
    assert media_schema("application/vnd.openstack.compute+json", table) is table
    assert media_schema("multipart/form-data; boundary=x", table) is table
    assert media_schema("application/octet-stream", None) == {"type": "string",
                                                               "contentMediaType": "application/octet-stream"}
    assert is_json_media("application/json; charset=utf-8") and not is_json_media("application/json-patch+json")


def test_a_form_page_end_to_end(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(DATA), "-o", str(tmp_path / "s"), "--openapi",
                                       str(tmp_path / "openapi.json")])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads((tmp_path / "openapi.json").read_text(encoding="utf-8"))
    validate(doc)
    body = doc["paths"]["/v3.0/OS-FEDERATION/tokens"]["post"]["requestBody"]
    assert list(body["content"]) == ["application/x-www-form-urlencoded"]
    assert body["content"]["application/x-www-form-urlencoded"]["schema"]["required"] == ["SAMLResponse"]
    for source in ("s", "openapi.json"):
        ops = load_contract(tmp_path / source)
        with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url) as http:
            headers = {"X-Idp-Id": "idp"}
            form = http.post("/v3.0/OS-FEDERATION/tokens", headers=headers, data={"SAMLResponse": "PD94bWw"})
            empty = http.post("/v3.0/OS-FEDERATION/tokens", headers=headers, data={"other": "x"})
            as_json = http.post("/v3.0/OS-FEDERATION/tokens", headers=headers, json={"SAMLResponse": "x"})
        assert form.status_code < 400, form.text
        assert [v["rule"] for v in empty.json()["violations"] if v["level"] == "error"] == ["required-missing"]
        assert as_json.status_code == 415
        assert "application/x-www-form-urlencoded" in as_json.json()["violations"][0]["message"]


def bundle(media: list[str], body: dict[str, Any] | None) -> dict[str, Any]:
    return {"method": "PATCH", "path": "/v2/images/{image_id}", "doc_id": "ims_patch", "x-source": "p.md:1",
            "request": {"path": {"type": "object", "properties": {"image_id": {"type": "string"}},
                                 "required": ["image_id"]}, "body": body},
            "responses": {"200": {"description": "ok", "x-source": "p.md:40", "body": None}},
            "examples": [], "x-extra": {"request_media_types": media}}


TABLE = {"type": "object", "properties": {"name": {"type": "string", "x-source": "p.md:12"},
                                          "size": {"type": "integer", "x-source": "p.md:13"}},
         "required": ["name"], "x-source": "p.md:11"}


@pytest.mark.parametrize("media, good, bad, rule", [
    ("application/openstack-images-v2.1-json-patch", [{"op": "replace", "path": "/name", "value": "x"}],
     {"name": "x"}, "type-mismatch"),
    ("multipart/form-data", {"name": "n", "size": "3"}, {"size": "three"}, "required-missing"),
])
def test_the_mock_reads_each_media_type(tmp_path: Path, media: str, good: Any, bad: Any, rule: str) -> None:
    (tmp_path / "b.json").write_text(json.dumps(bundle([media], TABLE)), encoding="utf-8")
    ops = load_contract(tmp_path)

    def send(http: httpx.Client, value: Any) -> httpx.Response:
        if media.startswith("multipart"):
            return http.patch("/v2/images/i1", files={k: (None, v) for k, v in value.items()})
        return http.patch("/v2/images/i1", content=json.dumps(value), headers={"content-type": media})

    with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url) as http:
        ok, wrong = send(http, good), send(http, bad)
        plain = http.patch("/v2/images/i1", json=good)
    assert ok.status_code == 200, ok.text
    assert rule in {v["rule"] for v in wrong.json()["violations"] if v["level"] == "error"}, wrong.text
    assert plain.status_code == 415


def test_a_file_upload_takes_any_bytes(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text(json.dumps(bundle(["application/octet-stream"], None)), encoding="utf-8")
    ops = load_contract(tmp_path)
    with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url) as http:
        ok = http.patch("/v2/images/i1", content=b"\x00\x01binary", headers={"content-type": "application/octet-stream"})
        missing = http.patch("/v2/images/i1", headers={"content-type": "application/octet-stream"})
    assert ok.status_code == 200, ok.text
    assert [v["rule"] for v in missing.json()["violations"]] == ["body-missing"]


def test_the_suite_sends_bodies_in_the_documented_media_type() -> None:
    from docconform.conformance.suite.encoding import encode_body

    body, media = encode_body({"SAMLResponse": "PD94+bWw=", "n": 3, "on": True}, "application/x-www-form-urlencoded")
    assert (body, media) == (b"SAMLResponse=PD94%2BbWw%3D&n=3&on=true", "application/x-www-form-urlencoded")
    body, media = encode_body({"name": "n", "tags": ["a", "b"]}, "multipart/form-data")
    assert media.startswith("multipart/form-data; boundary=docconform-")
    assert body.count(b'name="tags"') == 2 and b"\r\n\r\nn\r\n" in body
    patch = [{"op": "remove", "path": "/name"}]
    assert encode_body(patch, "application/openstack-images-v2.1-json-patch")[0] == json.dumps(
        patch, separators=(",", ":")).encode()


pytest_plugins = ("pytester",)


def test_the_suite_and_the_mock_agree_on_a_form_page(pytester: pytest.Pytester) -> None:
    import docconform.conformance.suite.plugin  # noqa: F401
    out = pytester.path / "contract"
    result = CliRunner().invoke(main, ["extract", str(DATA), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    with MockServer(load_contract(out), MockOptions(seed=4)) as mock:
        reprec = pytester.inline_run(
            "--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin", "-p", "no:cacheprovider",
            "-W", "ignore::pytest.PytestAssertRewriteWarning", "--conformance-seed", "3",
            "--conformance-max-examples", "6", "--conformance-base-url", mock.url,
            "--conformance-schemas", str(out), "--conformance-header", "X-Idp-Id=idp")
    reports = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"]
    assert {r.nodeid.rsplit("::", 1)[1]: r.longreprtext[:300] for r in reports if r.failed} == {}
    assert "positive-data-acceptance" in {r.nodeid.rsplit("::", 1)[1] for r in reports if r.passed}
