"""Stateful, authenticated, safe runs against a small real server (``tests/servers/stateful_server.py``).

What must hold on any server: the run logs in through the documented login
operation and never prints or revokes its token; it tests in create, read,
update, delete order; it deletes only what it created and cleans up what it
created, also when stopped early; a mutating undocumented method never reaches
a resource it found; a 404 caused by missing data is its own outcome; every
failing case is reported; the stateful sequence catches a DELETE that keeps
the resource. Links, settings files and header scoping are tested alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from docconform.conformance.contract import Operation, ParamSpec, ResponseSpec, load_contract
from docconform.conformance.suite.auth import AuthError, flow_from
from docconform.conformance.suite.config import ConfigError, load_config
from docconform.conformance.suite.headers import HeaderScope
from docconform.conformance.suite.links import Links, resource_of, singular
from tests.conftest import REPO
from tests.servers.stateful_server import ADMIN_ID, PASSWORD, serve

CONTRACT = REPO / "tests" / "data" / "stateful" / "openapi.json"
BIN = Path(sys.executable).parent
SETTINGS = """\
[auth]
login = "POST /v3/auth/tokens"
token = "header:X-Subject-Token"
header = "X-Auth-Token"
expires = "token.expires_at"
body = { auth = { identity = { methods = ["password"], password = { user = { name = "admin", password = "${STATEFUL_PASSWORD}" } } } } }
"""


def _run(url: str, work: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    (work / "docconform.toml").write_text(SETTINGS)
    env = {**os.environ, "STATEFUL_PASSWORD": PASSWORD,
           "HYPOTHESIS_STORAGE_DIRECTORY": str(work / "hypothesis")}
    done = subprocess.run(
        [str(BIN / "docconform"), "test", "--base-url", url, str(CONTRACT), "--auth", "config",
         "--path-param", "group_id=g-staff", "--max-examples", "6", "--seed", "3", "--report-dir", "reports",
         *extra], cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False)
    report = work / "reports" / "docconform.conformance.json"
    return done, json.loads(report.read_text()) if report.is_file() else {}


def _statuses(report: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(e["endpoint"].split(" (")[0], c["check"]): c for e in report["endpoints"] for c in e["checks"]}


def test_correct_server_passes_cleanly_and_safely(tmp_path: Path) -> None:
    with serve() as server:
        done, report = _run(server.url, tmp_path, "--sequences", "-v")
        world = server.world
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert report["summary"]["failed"] == 0 and report["left_on_server"] == []
    # Everything the run made is gone; the user that was there before is untouched.
    assert sorted(world.users) == [ADMIN_ID] and world.members == set()
    assert all(not (m in ("DELETE", "PATCH") and path == f"/v3/users/{ADMIN_ID}") for m, path, _ in world.log)
    # Create, read, update, delete: the first PATCH and DELETE of a user come after every plain read.
    order = [m for m, path, _ in world.log if path.startswith("/v3/users/") and m in ("GET", "PATCH", "DELETE")]
    assert order.index("PATCH") < order.index("DELETE")
    reads = [i for i, (m, path, _) in enumerate(world.log) if m == "GET" and path.startswith("/v3/users/")]
    first_delete = next(i for i, (m, path, _) in enumerate(world.log) if m == "DELETE"
                        and path.startswith("/v3/users/"))
    assert reads and reads[0] < first_delete
    # The run's own token is never revoked, never printed; undocumented DELETE never hits the collection.
    run_tokens = {t for _, _, t in world.log if t}
    assert world.revoked and world.revoked.isdisjoint(run_tokens)  # it revoked tokens of its own, only
    assert ("DELETE", "/v3/users") not in {(m, p) for m, p, _ in world.log}
    assert PASSWORD not in output and not any(t in output for t in run_tokens)
    statuses = _statuses(report)
    # The membership is made (PUT) before it is checked (HEAD) and removed (DELETE).
    for op in ("PUT", "HEAD", "DELETE"):
        assert statuses[(f"{op} /v3/groups/{{group_id}}/users/{{user_id}}", "positive-data-acceptance")][
            "status"] == "passed", op
    sequences = [c for (e, check), c in statuses.items() if check == "stateful-sequence"]
    assert [c["status"] for c in sequences] == ["passed"]


def test_token_is_renewed_when_it_expires(tmp_path: Path) -> None:
    with serve(token_seconds=61) as server:  # the run renews a minute before expiry: on every use
        done, report = _run(server.url, tmp_path, "--path", "/v3/users*", "--check", "not-a-server-error")
        logins = sum(1 for m, p, _ in server.world.log if (m, p) == ("POST", "/v3/auth/tokens"))
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert logins > 3 and report["summary"]["failed"] == 0


def test_a_delete_that_keeps_the_resource_fails_the_sequence_shown_as_curl(tmp_path: Path) -> None:
    with serve("delete-keeps") as server:
        done, report = _run(server.url, tmp_path, "--sequences", "--check", "not-a-server-error")
    record = _statuses(report)[("sequence user: create, read, update, read, delete, read", "stateful-sequence")]
    assert done.returncode == 1 and record["status"] == "failed"
    failure = record["failure"]
    assert failure["title"] == "read after delete: answered 200; 404 was expected"
    steps = failure["detail"].splitlines()
    assert [line.split(" -> ")[0] for line in steps if line.startswith("# ")] == [
        "# 1. create", "# 2. read", "# 3. update", "# 4. read after update", "# 5. delete", "# 6. read after delete"]
    assert sum(line.startswith("curl -sS -X ") for line in steps) == 6


def test_users_that_cannot_be_made_are_missing_test_data_not_failures(tmp_path: Path) -> None:
    with serve("create-fails") as server:
        done, report = _run(server.url, tmp_path, "--path", "/v3/users/*", "--check", "positive-data-acceptance")
        deletes = [p for m, p, _ in server.world.log if m == "DELETE"]
    record = _statuses(report)[("GET /v3/users/{user_id}", "positive-data-acceptance")]
    # The admin user is found by the list operation, so reads still have real data ...
    assert record["status"] == "passed"
    # ... but changing or deleting it is refused, and without a user of its own the check has no data.
    patch = _statuses(report)[("PATCH /v3/users/{user_id}", "positive-data-acceptance")]
    assert patch["status"] == "skipped" and "which the run did not create" in patch["reason"]
    delete = _statuses(report)[("DELETE /v3/users/{user_id}", "positive-data-acceptance")]
    assert delete["status"] == "missing-test-data" and "POST /v3/users answered 503" in delete["reason"]
    assert f"/v3/users/{ADMIN_ID}" not in deletes
    assert done.returncode == 0


def test_a_login_the_run_holds_no_credentials_for_is_missing_test_data(tmp_path: Path) -> None:
    """A federated login answers 401 because the run set up no identity provider: that is the run's
    data (missing test data), not a pass and not a failure. The operation is recognised as a login
    by its answer, which documents the header the run's own login returns its token in; the page
    also takes the run's token, so the 401 is not explained by a token left out."""
    with serve() as server:
        done, report = _run(server.url, tmp_path, "--path", "/v3/OS-FEDERATION/*")
        sent = [m for m, p, _ in server.world.log if p.startswith("/v3/OS-FEDERATION/") and m == "POST"]
    statuses = _statuses(report)
    endpoint = "POST /v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth"
    record = statuses[(endpoint, "positive-data-acceptance")]
    assert sent, "the federated login was not tried"
    assert record["status"] == "missing-test-data", record
    assert "logs in with credentials of its own" in record["reason"]
    # The 401 itself is still judged where it can be: it is no server error and is documented.
    assert statuses[(endpoint, "not-a-server-error")]["status"] == "passed"
    assert statuses[(endpoint, "status-code-conformance")]["status"] == "passed"
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]


def test_validating_a_token_is_not_taken_for_a_login() -> None:
    """An operation that answers the token header but takes it in the request (token validation)
    is not a login: a 401 there is the server's answer to the run's own token."""
    contract = load_contract(CONTRACT)
    ops = {(op.method, op.path): op for op in contract}
    federated = ops[("POST", "/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols/{protocol_id}/auth")]
    answer = ResponseSpec("200", "ok", {"type": "object"}, headers=("X-Subject-Token",))
    validate = Operation("GET", "/v3/auth/tokens", None, "validate", "x.rst:1", responses=(answer,),
                         params=(ParamSpec("X-Subject-Token", "header", True, {"type": "string"}),))
    links = Links([*contract, validate], token_header="X-Subject-Token")
    assert links.logs_in(federated)
    assert not links.logs_in(validate) and not links.logs_in(ops[("POST", "/v3/users")])
    assert not Links(contract).logs_in(federated)  # no login flow: no token header to recognise


def test_every_failing_case_is_reported(tmp_path: Path) -> None:
    with serve("update-500") as server:
        done, report = _run(server.url, tmp_path, "--path", "/v3/users/*", "--method", "PATCH",
                            "--check", "not-a-server-error")
    record = _statuses(report)[("PATCH /v3/users/{user_id}", "not-a-server-error")]
    assert done.returncode == 1 and record["status"] == "failed"
    assert len(record["failures"]) + record["more_failures"] >= 2
    assert all(f["response"]["status"] == 500 for f in record["failures"])


def test_an_interrupted_run_still_cleans_up(tmp_path: Path) -> None:
    with serve("update-500") as server:
        done, report = _run(server.url, tmp_path, "-x", "--check", "not-a-server-error")
        users = sorted(server.world.users)
    assert done.returncode == 1  # stopped at the first failure (PATCH), before the deletes ran
    assert users == [ADMIN_ID] and report["left_on_server"] == []


def test_links_are_inferred_from_names_and_answers() -> None:
    ops = load_contract(CONTRACT)
    links = Links(ops, token_header="X-Subject-Token")
    user = links.resource_link("user")
    assert user is not None
    assert [(c.operation.key, c.field, c.delete.key if c.delete else None) for c in user.creators] == [
        ("POST /v3/users", "user.id", "DELETE /v3/users/{}")]
    assert [(op.key, where) for op, where in user.listers] == [("GET /v3/users", "users[].id")]
    revoke = next(op for op in ops if op.key == "DELETE /v3/auth/tokens")
    token = links.for_param(revoke, "header", "X-Subject-Token")
    assert token is not None and token.login
    assert links.for_field("default_user_id") is user or links.for_field("default_user_id") == user
    assert resource_of("/v3/OS-FEDERATION/identity_providers/{idp_id}/protocols", "idp_id") == "identity_provider"
    assert resource_of("/v1.0/{project_id}/jobs", "project_id") == "project"
    assert [singular(w) for w in ("policies", "users", "addresses", "mappings")] == [
        "policy", "user", "address", "mapping"]


def test_settings_file_errors_name_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "docconform.toml"
    bad.write_text("[links.user_id]\ncreate = 'POST /v3/users'\nfeild = 'user.id'\n")
    with pytest.raises(ConfigError, match=r"docconform.toml links.user_id: unknown key\(s\) feild"):
        load_config(None, tmp_path)
    (tmp_path / "docconform.toml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.docconform.links.access_key]\nresource = 'credential'\n")
    config = load_config(None, tmp_path)
    assert config.links["access_key"].resource == "credential" and config.source.endswith("pyproject.toml")
    with pytest.raises(AuthError, match="OS_PASSWORD"):
        flow_from("keystone", {}, {"OS_USERNAME": "admin"})
    flow = flow_from("keystone", {}, {"OS_USERNAME": "a", "OS_PASSWORD": "p", "OS_PROJECT_NAME": "x"})
    assert flow.body["auth"]["scope"]["project"] == {"name": "x", "domain": {"name": "Default"}}


def test_headers_go_only_where_the_pages_document_them() -> None:
    ops = {op.key: op for op in load_contract(CONTRACT)}
    scope = HeaderScope(ops.values(), {"X-Subject-Token": "abc", "X-Trace": "t"}, auth_header="X-Auth-Token")
    assert scope.for_operation(ops["DELETE /v3/auth/tokens"]) == {"X-Subject-Token": "abc", "X-Trace": "t"}
    assert scope.for_operation(ops["GET /v3/users"]) == {"X-Trace": "t"}  # no page sends X-Subject-Token there
    assert scope.sends_auth(ops["GET /v3/users"]) and not scope.sends_auth(ops["POST /v3/auth/tokens"])
    query = HeaderScope(ops.values(), {}, query={"nocatalog": "1"})
    assert query.query_for(ops["GET /v3/users"]) == {"nocatalog": "1"}  # no page documents it: sent everywhere


def test_raw_bodies_written_from_the_example_are_bound_like_structured_ones() -> None:
    from docconform.conformance.suite.case import Fixed
    from docconform.conformance.suite.cases import robustness_cases
    from docconform.conformance.suite.state import RunState
    ops = load_contract(CONTRACT)
    create = next(op for op in ops if op.key == "POST /v3/users")
    state = RunState(ops, Links(ops, token_header="X-Subject-Token"), fixed=Fixed(), run_id="ab12")
    case = robustness_cases(create)[0]  # {"user": [], ..., "user": {"name": "jamesdoe", ...}}
    assert b'"jamesdoe"' in case.raw_body
    raw = state.bind(create, case).case.raw_body
    assert b'"jamesdoe"' not in raw and b'"jamesdoe-ab12' in raw  # unique per create, as the parsed body
    assert state.template_case(create, case) == state.template_case(create, case)  # a stable cache key


def test_a_create_whose_body_names_its_own_kind_nests_under_the_oldest(tmp_path: Path) -> None:
    """A project's parent_id is the oldest project the run made, not the newest: otherwise every
    create nests one level deeper, until the server refuses the depth (Keystone: 403)."""
    from docconform.conformance.suite.case import Fixed
    from docconform.conformance.suite.cases import base_case
    from docconform.conformance.suite.config import LinkOverride
    from docconform.conformance.suite.state import Owned, RunState
    body = {"type": "object", "required": ["project"], "properties": {"project": {
        "type": "object", "required": ["name"],
        "properties": {"name": {"type": "string"}, "parent_id": {"type": "string"}}}}}
    example = {"project": {"name": "p", "parent_id": "c6f09a0b5bd04e4fb1b8c5c2bd4e0a55"}}
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
        "/v3/projects": {
            "post": {"requestBody": {"required": True, "content": {"application/json": {
                "schema": body, "example": example}}},
                     "responses": {"201": {"description": "made", "content": {"application/json": {
                         "schema": {"type": "object", "properties": {"project": {
                             "type": "object", "properties": {"id": {"type": "string"}}}}}}}}}}},
        "/v3/projects/{project_id}": {"delete": {
            "parameters": [{"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "gone"}}}}}}
    (tmp_path / "openapi.json").write_text(json.dumps(spec))
    ops = load_contract(tmp_path / "openapi.json")
    links = Links(ops, {"parent_id": LinkOverride("parent_id", resource="project")})
    state = RunState(ops, links, fixed=Fixed(), run_id="ab12")
    state.owned += [Owned("project", value, "POST /v3/projects", None) for value in ("first", "second", "third")]
    create = next(op for op in ops if op.key == "POST /v3/projects")
    assert state.bind(create, base_case(create)).case.body["project"]["parent_id"] == "first"
