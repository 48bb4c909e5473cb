"""Authentication schemes: read from the doc set's authentication page, written as OpenAPI
securitySchemes, loaded into the contract, and accepted by the mock whichever one a client uses."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from openapi_spec_validator import validate

from docconform.cli import main
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.interpret.auth import auth_schemes
from docconform.extractor.readers import read_page

REPO = Path(__file__).resolve().parents[1]
AUTH_PAGE = REPO / "tests" / "data" / "auth" / "认证鉴权.md"

RST_PAGE = """\
Authentication
==============

Requests for calling an API can be authenticated using either of the following methods:

-  Token-based authentication: Requests are authenticated using a token.
-  AK/SK-based authentication: Requests are authenticated by encrypting the request body using an AK/SK pair.

Token-based Authentication
--------------------------

.. code-block::

   GET https://iam.example.com/v3/auth/projects
   X-Project-Token: ABCDEFJ....
"""


def test_the_authentication_page_of_a_doc_set() -> None:
    page = read_page(AUTH_PAGE.read_bytes(), "认证鉴权.md", DiagnosticSink())
    assert page is not None
    token, aksk = auth_schemes(page)
    assert (token.kind, token.header) == ("token", "X-Auth-Token")
    assert (aksk.kind, aksk.header, aksk.scheme, aksk.headers) == (
        "aksk", "Authorization", "SDK-HMAC-SHA256", ("X-Sdk-Date",))
    assert token.span.line == 5 and aksk.span.line == 6  # the two list items that name them


def test_the_header_a_page_shows_wins_and_other_pages_say_nothing() -> None:
    page = read_page(RST_PAGE.encode(), "auth.rst", DiagnosticSink())
    assert page is not None
    assert [a.header for a in auth_schemes(page)] == ["X-Project-Token", "Authorization"]
    seed = read_page((REPO / "seeds" / "002_3b5adef0544234b8.txt").read_bytes(), "s.rst", DiagnosticSink())
    assert seed is not None and auth_schemes(seed) == ()


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("auth")
    result = CliRunner().invoke(main, ["extract", str(REPO / "seeds"), str(AUTH_PAGE.parent), "-o",
                                       str(out / "schemas"), "--openapi", str(out / "openapi.json")])
    assert result.exit_code in (0, 1), result.output
    return out


def test_openapi_security_schemes_replace_the_mandatory_token_header(extracted: Path) -> None:
    doc = json.loads((extracted / "openapi.json").read_text(encoding="utf-8"))
    validate(doc)
    schemes = doc["components"]["securitySchemes"]
    assert schemes["token"]["type"] == "apiKey" and schemes["token"]["name"] == "X-Auth-Token"
    assert schemes["aksk"] == {**schemes["aksk"], "type": "http", "scheme": "SDK-HMAC-SHA256",
                               "x-docconform-headers": ["X-Sdk-Date"]}
    assert schemes["aksk"]["x-source"].endswith("认证鉴权.md:6")
    cdm = doc["paths"]["/v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"]["put"]
    assert cdm["security"] == [{"token": []}, {"aksk": []}]
    assert "X-Auth-Token" not in [p["name"] for p in cdm.get("parameters", [])]
    assert cdm["x-docconform-auth-headers"] == ["X-Auth-Token"]
    index = json.loads((extracted / "schemas" / "index.json").read_text(encoding="utf-8"))
    assert [a["kind"] for a in index["auth"]] == ["token", "aksk"]


@pytest.mark.parametrize("source", ["schemas", "openapi.json"])
def test_the_mock_accepts_either_scheme_and_says_which(extracted: Path, source: str) -> None:
    ops = load_contract(extracted / source)
    (cdm,) = [op for op in ops if op.path.endswith("/stop") and op.method == "PUT"]
    assert [a.name for a in cdm.auth] == ["token", "aksk"] and cdm.auth_required
    target = "/v1.1/p1/clusters/c1/cdm/job/j1/stop"
    signed = {"Authorization": "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc",
              "X-Sdk-Date": "20240416T095341Z"}
    with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url) as http:
        by_token = http.put(target, headers={"X-Auth-Token": "t"})
        by_signature = http.put(target, headers=signed)
        unsigned_date = http.put(target, headers={"Authorization": signed["Authorization"]})
        other_scheme = http.put(target, headers={"Authorization": "Bearer abc", "X-Sdk-Date": "1"})
        nothing = http.put(target)
    assert by_token.status_code == 200 and by_token.headers["x-docconform-auth"] == "token"
    assert by_signature.status_code == 200 and by_signature.headers["x-docconform-auth"] == "aksk"
    for refused in (unsigned_date, other_scheme, nothing):
        assert refused.status_code == 400 and "x-docconform-auth" not in refused.headers
        (violation,) = [v for v in refused.json()["violations"] if v["level"] == "error"]
        assert violation["rule"] == "auth-missing"
        assert "X-Auth-Token (token) or Authorization: SDK-HMAC-SHA256" in violation["message"]


def test_a_warm_run_served_from_the_cache_keeps_the_schemes(tmp_path: Path) -> None:
    args = ["extract", str(AUTH_PAGE.parent), str(REPO / "seeds" / "003_49cb9d45244a94ce.txt"),
            "--cache-dir", str(tmp_path / "cache")]
    for run, more in (("cold", []), ("warm", [str(REPO / "seeds" / "004_88eb16538c58c7f1.txt")])):
        # the warm run adds a page: the run-wide documents are built again, the auth page
        # comes from its cache entry
        out = tmp_path / run
        result = CliRunner().invoke(main, [*args, *more, "-o", str(out), "--openapi", str(out / "openapi.json")])
        assert result.exit_code in (0, 1), result.output
    cold = json.loads((tmp_path / "cold" / "openapi.json").read_text(encoding="utf-8"))
    warm = json.loads((tmp_path / "warm" / "openapi.json").read_text(encoding="utf-8"))
    assert warm["components"] == cold["components"] and "aksk" in warm["components"]["securitySchemes"]
    index = json.loads((tmp_path / "warm" / "index.json").read_text(encoding="utf-8"))
    assert [a["kind"] for a in index["auth"]] == ["token", "aksk"]


pytest_plugins = ("pytester",)


@pytest.mark.parametrize("how", ["token", "aksk"])
def test_the_suite_takes_either_credential(pytester: pytest.Pytester, extracted: Path, how: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Against the mock, the suite authenticates with a token header or signs with AK/SK, and its
    missing-credentials case (neither) is answered 4xx."""
    pytest.importorskip("huaweicloudsdkcore", reason="AK/SK signing uses the Huawei Cloud SDK core (extra 'sdk')")
    import docconform.conformance.suite.plugin  # noqa: F401
    monkeypatch.setenv("TEST_AK", "AK0123")
    monkeypatch.setenv("TEST_SK", "SK-secret-4567")
    credential = ["--conformance-header", "X-Auth-Token=t0ken"] if how == "token" else [
        "--conformance-aksk-env", "TEST_AK:TEST_SK"]
    with MockServer(load_contract(extracted / "schemas"), MockOptions(seed=2)) as mock:
        reprec = pytester.inline_run(
            "--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin", "-p", "no:cacheprovider",
            "-W", "ignore::pytest.PytestAssertRewriteWarning", "--conformance-seed", "3",
            "--conformance-max-examples", "4", "--conformance-base-url", mock.url,
            "--conformance-schemas", str(extracted / "schemas"), "--conformance-path", "*/cdm/*", *credential)
    reports = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"]
    assert {r.nodeid.rsplit("::", 1)[1]: r.outcome for r in reports if r.failed} == {}
    passed = {r.nodeid.rsplit("::", 1)[1] for r in reports if r.passed}
    assert {"missing-required-header", "positive-data-acceptance", "example-conformance"} <= passed
    assert "SK-secret-4567" not in (pytester.path / "reports" / "docconform.conformance.json").read_text()
