"""Checks, the runner (shrinking, sharing, breaker, safety), reports, options and the command."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from docconform.conformance.suite import checks as checks_module
from docconform.conformance.suite import command as command_module
from docconform.conformance.suite.case import Case, Fixed
from docconform.conformance.suite.checks import CHECKS, CheckContext, CheckSpec, Failure, check
from docconform.conformance.suite.client import Request, Response
from docconform.conformance.contract import load_contract
from docconform.conformance.suite.curl import MASK, Redactor, to_curl
from docconform.conformance.suite.report import build_report, outcome_record, render_failure
from docconform.conformance.suite.runner import NotApplicable, Session, run_check
from docconform.conformance.suite.settings import (
    Settings,
    SettingsError,
    headers_from_env,
    parse_pairs,
    parse_rate,
    select,
)
from tests.servers.reference_server import serve

REPO = Path(__file__).resolve().parents[1]
OPS = load_contract(REPO / "schemas")
STOP = next(op for op in OPS if op.doc_id == "dli_02_0241")
CDM = next(op for op in OPS if op.method == "PUT")
CTX = CheckContext(STOP, frozenset({"POST"}))


def _response(status: int, body: object = None, ctype: str = "application/json", **headers: str) -> Response:
    raw = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    pairs = (("Content-Type", ctype),) + tuple(headers.items())
    return Response(status, "", pairs, raw, 0.01)


def _judge(name: str, response: Response, case: Case | None = None) -> list[Failure]:
    case = case or Case("POST", kind="random", label="x", source="seeds/x.txt:1")
    return list(CHECKS[name].fn(CTX, case, response) or ())


GOOD = [{"is_success": True, "message": "ok"}]


@pytest.mark.parametrize(("name", "response", "fails"), [
    ("not-a-server-error", _response(200, GOOD), False),
    ("not-a-server-error", _response(503), True),
    ("status-code-conformance", _response(400), False),
    ("status-code-conformance", _response(409), False),  # 4XX: the page refers to its error codes
    ("status-code-conformance", _response(202, GOOD), True),
    ("content-type-conformance", _response(200, GOOD, "application/json; charset=utf-8"), False),
    ("content-type-conformance", _response(200, GOOD, "text/plain"), True),
    ("response-schema-conformance", _response(200, GOOD), False),
    ("response-schema-conformance", _response(200, [{"is_success": "true"}]), True),
    ("response-schema-conformance", _response(200, b"\xff\xfe"), True),
    ("response-schema-conformance", _response(200, b""), True),
    ("positive-data-acceptance", _response(200, GOOD), False),
    ("positive-data-acceptance", _response(422), True),
    ("negative-data-rejection", _response(400), False),
    ("negative-data-rejection", _response(200, GOOD), True),
    ("negative-data-rejection", _response(500), True),
    ("missing-required-header", _response(401), False),
    ("missing-required-header", _response(200, GOOD), True),
    ("unsupported-method", _response(405, Allow="GET"), False),
    ("unsupported-method", _response(405, Allow="GET, POST"), True),  # refuses POST, yet lists it
    ("unsupported-method", _response(405), True),
    ("unsupported-method", _response(404), True),
    ("example-conformance", _response(200, GOOD), False),
    ("example-conformance", _response(400), True),
])
def test_builtin_checks(name: str, response: Response, fails: bool) -> None:
    failures = _judge(name, response)
    assert bool(failures) is fails
    assert all(f.check == name for f in failures)


def test_schema_failure_names_path_and_promising_line() -> None:
    (failure,) = _judge("response-schema-conformance", _response(200, [{"is_success": "true"}]))
    assert failure.title.startswith("$[0].is_success: 'true' is not of type 'boolean'")
    assert failure.schema_path == "$[0].is_success (schema: items/properties/is_success/type)"
    assert failure.promise == "seeds/000_8182a592d8aed670.txt:304"
    (bad,) = _judge("response-schema-conformance", _response(200, b'{"a": "caf\xe9"}'))
    assert "not valid UTF-8" in bad.title and "0xe9 at offset 10" in bad.title


def test_check_registry_rejects_unknown_case_kinds() -> None:
    with pytest.raises(ValueError):
        check("x", cases="sometimes")
    assert set(CHECKS) >= {"not-a-server-error", "status-code-conformance", "content-type-conformance",
                           "response-schema-conformance", "positive-data-acceptance", "negative-data-rejection",
                           "missing-required-header", "unsupported-method", "example-conformance"}
    assert checks_module.CASE_KINDS[0] == "all"


def _session(url: str, **changes: object) -> Session:
    values = {"base_url": url, "schemas": REPO / "schemas", "seed": 5, "max_examples": 20,
              "fixed": Fixed(headers={"X-Auth-Token": "tok"}), **changes}
    return Session(Settings(**values), OPS)  # type: ignore[arg-type]


def test_hypothesis_shrinks_a_value_dependent_failure() -> None:
    def ids_in_band(ctx: CheckContext, case: Case, response: Response) -> list[Failure]:
        band = [i for i in (case.body or {}).get("job_ids", []) if 1000 < i < 10**12]
        return [Failure("band", f"ids {band}")] if band else []

    with serve() as server:
        session = _session(server.url, max_examples=60)
        outcome = run_check(session, STOP, CheckSpec("band", ids_in_band, "valid", "test"))
        session.close()
    assert outcome.status == "failed" and outcome.shrunk
    assert outcome.case is not None and outcome.case.kind == "random"
    assert outcome.case.body["job_ids"] == [1001]  # Hypothesis' minimal failing case
    text = render_failure(outcome_record(outcome, Redactor(), "again"))
    assert "minimal failing case found by Hypothesis" in text and '"job_ids":[1001]' in text


def test_checks_share_requests_and_pass_against_the_reference() -> None:
    with serve() as server:
        session = _session(server.url)
        names = ["not-a-server-error", "status-code-conformance", "response-schema-conformance"]
        outcomes = [run_check(session, STOP, CHECKS[names[0]])]
        first = session.client.sent
        outcomes += [run_check(session, STOP, CHECKS[n]) for n in names[1:]]
        session.close()
    assert [o.status for o in outcomes] == ["passed"] * 3
    assert 0 < first <= outcomes[0].cases_run
    assert session.client.sent == first  # the second and third check sent nothing new
    assert session.hits >= 2 * first


def test_mutating_endpoint_on_remote_target_is_not_applicable() -> None:
    seen: list[str] = []
    session = Session(Settings("http://192.0.2.1", REPO / "schemas"), OPS,
                      transport=httpx.MockTransport(lambda r: seen.append(r.method) or httpx.Response(405)))
    with pytest.raises(NotApplicable, match="--allow-mutating"):
        run_check(session, STOP, CHECKS["not-a-server-error"])
    outcome = run_check(session, STOP, CHECKS["unsupported-method"])
    assert outcome.status == "failed"  # no Allow header in the mock's 405
    assert set(seen) == {"GET", "OPTIONS"}  # mutating methods are only asked about, with OPTIONS


def test_endpoint_that_never_answers_fails_fast_after_the_first_timeouts() -> None:
    from tests.servers.hostile import serve_hostile
    with serve_hostile("never-answers") as url:
        session = _session(url, timeout=0.3)
        first = run_check(session, STOP, CHECKS["not-a-server-error"])
        again = run_check(session, STOP, CHECKS["status-code-conformance"])  # same case: answered from cache
        bodies = [session.exchange(STOP, Case("POST", body={"job_ids": [n]}, has_body=True))[0] for n in range(5)]
        session.close()
    assert first.failure is not None and first.failure.title.startswith("no-answer")
    # Every case of the first check is judged, but after three silent answers nothing more is sent.
    assert again.status == "failed" and session.client.sent == 3
    assert [b.error.kind for b in bodies] == ["no-answer"] * 5  # type: ignore[union-attr]
    assert all("not sent" in b.error.message for b in bodies)  # type: ignore[union-attr]


def test_report_record_is_redacted_and_renders() -> None:
    secret = "tok-1234567"
    request = Request("PUT", "http://127.0.0.1/x?api_key=" + secret, (("X-Auth-Token", secret),), None)
    response = Response(200, "OK", (("Content-Type", "text/plain"), ("Set-Cookie", "a=b")),
                        f"echo {secret}".encode(), 0.1)
    from docconform.conformance.suite.client import Exchange
    from docconform.conformance.suite.runner import Outcome
    outcome = Outcome("content-type-conformance", CDM.name, "failed",
                      Failure("content-type-conformance", "Content-Type is 'text/plain'", promise="seeds/x:1"),
                      Case("PUT", kind="example", label="documented"), Exchange(request, response), False, 3, 9)
    record = outcome_record(outcome, Redactor([secret]), "docconform test ...")
    text = render_failure(record)
    assert secret not in json.dumps(record) and secret not in text
    assert "curl -sS -X PUT" in text and "X-Auth-Token: [REDACTED]" in text and "Set-Cookie: [REDACTED]" in text
    assert "promised:  seeds/x:1" in text and "seed:      9" in text
    report = build_report([record, {"endpoint": CDM.name, "check": "a", "status": "passed"}], base_url="u", seed=9)
    assert report["summary"] == {"passed": 1, "failed": 1, "missing-test-data": 0, "skipped": 0}


def test_redactor_and_curl() -> None:
    redactor = Redactor(["p@ss word", "ab"])
    assert redactor.text("x p@ss word y p%40ss%20word z") == f"x {MASK} y {MASK} z"
    assert redactor.text("ab stays") == "ab stays"  # too short to search for in free text
    assert redactor.header("Authorization", "Bearer zzz") == MASK and redactor.header("Accept", "ab") == MASK
    line = to_curl(Request("POST", "http://h/a b", (("Accept", "*/*"),), b"{\"a\": \"it's\"}"), redactor)
    assert line == "curl -sS -X POST 'http://h/a b' -H 'Accept: */*' --data-binary '{\"a\": \"it'\"'\"'s\"}'"


def test_settings_parsing() -> None:
    assert parse_pairs(["a=b=c", "X-Token: v", "Authorization: Bearer x=y"], "--h") == {
        "a": "b=c", "X-Token": "v", "Authorization": "Bearer x=y"}
    with pytest.raises(SettingsError) as exc:
        parse_pairs(["secretvalue"], "--header")
    assert "secretvalue" not in str(exc.value)
    assert parse_rate("10") == 10 and parse_rate("120/m") == 2 and parse_rate(None) is None
    with pytest.raises(SettingsError):
        parse_rate("fast")
    assert headers_from_env(["X-Auth-Token=TOK"], {"TOK": "v"}) == {"X-Auth-Token": "v"}
    with pytest.raises(SettingsError):
        headers_from_env(["X-Auth-Token=MISSING"], {})
    chosen = select(OPS, Settings("u", Path("."), methods=("post",), paths=("/v1.0/*",), doc_ids=("dli_02_0243",)))
    assert [op.doc_id for op in chosen] == ["dli_02_0243"]
    assert Settings("http://u:pw1234@h", Path(".")).secrets == ["pw1234"]


def test_pytest_args_mapping() -> None:
    args = command_module.pytest_args("http://h", Path("schemas"), {
        "header": ("X-Auth-Token=t",), "path_param": ("project_id=p",), "seed": 3, "max_examples": None,
        "allow_mutating": True, "report_dir": "out", "workers": "2", "exitfirst": True, "pytest_args": ("-k", "x")})
    assert "--conformance-header=X-Auth-Token=t" in args and "--conformance-path-param=project_id=p" in args
    assert "--conformance-seed=3" in args and "--conformance-allow-mutating" in args
    assert args[-2:] == ["-k", "x"] and "-n" in args and "--disable-plugin-autoload" in args
    assert not any(a.startswith("--conformance-max-examples") for a in args)


def test_docconform_test_command_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    common = [str(REPO / "schemas"), "--doc-id", "dli_02_0243", "--max-examples", "5", "--seed", "1",
              "--header", "X-Auth-Token=cli-secret-999", "-q", "--", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    with serve() as server:
        ok = runner.invoke(command_module.test, ["--base-url", server.url, *common])
    with serve("wrong-response-shape") as server:
        bad = runner.invoke(command_module.test, ["--base-url", server.url, *common])
    usage = runner.invoke(command_module.test, ["--base-url", "http://127.0.0.1:1", str(REPO / "schemas"),
                                                "--check", "no-such-check"])
    assert (ok.exit_code, bad.exit_code, usage.exit_code) == (0, 1, 2), ok.output + bad.output
    assert (tmp_path / "reports" / "docconform.conformance.json").is_file()
    assert "cli-secret-999" not in (tmp_path / "reports" / "docconform.conformance.md").read_text()
