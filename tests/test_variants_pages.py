"""Variants on real pages: one method and path documented by a page per action or login mode.

The ECS action pages (a page per Nova action on ``…/servers/{server_id}/action``,
batch start/stop/restart on ``…/cloudservers/action``, tag create/delete, ECS
group add/remove member) and the four IAM login pages of ``POST /v3/auth/tokens``
(``tests/data/variants``, copied from the corpus) are extracted and served by
the mock: each page's own example request is accepted and judged by its own
page, and a wrong body for an action is rejected with a rule of that action's
page, never with another page's ("field os-getConsoleOutput is missing").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docconform.conformance.contract import Operation, load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer

from tests.variant_support import (
    body_errors,
    client,
    examples,
    extract,
    judged_by,
    page_of,
    quoted_scalar,
    rejected_by_its_own_rule,
    send,
)

DATA = Path(__file__).resolve().parent / "data" / "variants"


@pytest.fixture(scope="module")
def ecs(tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    return load_contract(extract(DATA / "ecs", tmp_path_factory.mktemp("ecs")))


@pytest.fixture(scope="module")
def iam(tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    return load_contract(extract(DATA / "iam", tmp_path_factory.mktemp("iam")))


ACTION_PATHS = ("/servers/{server_id}/action", "/cloudservers/action", "/tags/action", "/os-server-groups/")


def action_variants(ops: list[Operation]) -> list[Operation]:
    return [op for op in ops if op.method == "POST" and any(p in op.path for p in ACTION_PATHS)]


def test_every_action_page_is_a_variant_with_its_own_discriminator(ecs: list[Operation]) -> None:
    actions = action_variants(ecs)
    v21 = [op for op in actions if op.path.startswith("/v2.1/")]
    assert len(v21) == 15  # fifteen pages, one operation each: none hidden as an "alternative"
    keys = {op.discriminator.describe() for op in v21 if op.discriminator}
    assert {"os-start present", "os-stop present", "reboot present", "os-getConsoleOutput present",
            "lock present", "resize present", "createImage present"} <= keys
    assert all(len(op.siblings) == 14 for op in v21)
    tags = [op for op in actions if op.path.endswith("/tags/action")]
    assert {op.discriminator.describe() for op in tags if op.discriminator} == {
        'action = "create"', 'action = "delete"'}


def test_each_action_example_is_accepted_by_its_own_page(ecs: list[Operation]) -> None:
    actions = action_variants(ecs)
    with client(ecs) as http:
        sent = accepted = 0
        for op, body in examples(actions):
            response = send(http, op, body)
            errors = body_errors(response)
            page = page_of(op)
            # a rejection is only ever the page contradicting itself, on its own line
            assert all(quoted_scalar(e) and e["source"].startswith(page) for e in errors), (op.name, errors)
            assert judged_by(response) == op.variant_label, (op.name, body)
            sent += 1
            accepted += not errors
    assert sent >= 35 and accepted >= sent - 2


def test_a_wrong_body_is_rejected_with_that_actions_rule(ecs: list[Operation]) -> None:
    checked = 0
    with client(ecs) as http:
        for op, body in examples(action_variants(ecs)):
            if not isinstance(body, dict) or op.discriminator is None:
                continue
            assert rejected_by_its_own_rule(http, op, body), (op.name, body)
            checked += 1
    assert checked >= 20


def test_a_body_of_no_action_names_the_closest_page(ecs: list[Operation]) -> None:
    start = next(op for op in ecs if op.path.startswith("/v2.1/") and op.discriminator
                 and op.discriminator.describe() == "os-start present")
    with client(ecs) as http:
        response = send(http, start, {"os-startt": {}})
    assert response.status_code == 400
    notes = [v for v in response.json()["violations"] if v["rule"] == "variant-unmatched"]
    assert len(notes) == 1 and "matches no documented variant" in notes[0]["message"]
    assert "closest is" in notes[0]["message"]


def test_iam_exposes_every_documented_login_variant(iam: list[Operation]) -> None:
    tokens = [op for op in iam if op.method == "POST" and op.path == "/v3/auth/tokens"]
    assert len(tokens) == 4
    methods = {op.doc_id: op.discriminator.describe() for op in tokens if op.discriminator}
    assert sorted(methods.values()) == sorted([
        'auth/identity/methods = ["password"]',
        'auth/identity/methods = ["password"] or ["password", "totp"]',
        'auth/identity/methods = ["assume_role"]',
        'auth/identity/methods = ["token"]'])
    with client(iam) as http:
        for op, body in examples(tokens):
            response = send(http, op, body)
            assert judged_by(response) in {o.variant_label for o in tokens
                                                                if o.discriminator.matches(body)}


def test_openapi_of_the_pages_validates_loads_in_schemathesis_and_keeps_the_variants(
        tmp_path: Path) -> None:
    from openapi_spec_validator import validate

    out = tmp_path / "ecs"
    extract(DATA / "ecs", out)
    doc = json.loads((out / "openapi.json").read_text(encoding="utf-8"))
    validate(doc)
    op = doc["paths"]["/v2.1/{project_id}/servers/{server_id}/action"]["post"]
    assert len(op["x-docconform-variants"]) == 15
    assert len(op["requestBody"]["content"]["application/json"]["schema"]["oneOf"]) == 15
    from_openapi = load_contract(out / "openapi.json")
    from_bundles = load_contract(out / "schemas")
    assert sorted((o.key, o.doc_id, o.discriminator) for o in action_variants(from_openapi)) == sorted(
        (o.key, o.doc_id, o.discriminator) for o in action_variants(from_bundles))
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (extra 'bench') not installed")
    loaded = [r.ok() for r in schemathesis.openapi.from_dict(doc).get_all_operations()]
    assert len(loaded) == sum(len(item) for item in doc["paths"].values())


pytest_plugins = ("pytester",)


def test_suite_against_the_mock_judges_each_variant_by_its_own_page(pytester: pytest.Pytester) -> None:
    """The mock serving the action pages is a correct server of them: the suite, which tests
    each page as a variant of its own (``--conformance-doc-id`` selects them), finds nothing,
    in particular no "negative" case that another page of the path documents as valid."""
    import docconform.conformance.suite.plugin  # noqa: F401
    out = extract(DATA / "ecs", pytester.path / "contract")
    # os-start, os-stop, resize, tags create, tags delete
    picked = ["en-us_topic_0020212648", "en-us_topic_0020212652", "en-us_topic_0028714261",
              "en-us_topic_0167811963", "en-us_topic_0167811964"]
    with MockServer(load_contract(out), MockOptions(seed=3)) as mock:
        args = ["--disable-plugin-autoload", "-p", "docconform.conformance.suite.plugin",
                "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestAssertRewriteWarning",
                "--conformance-seed", "5", "--conformance-max-examples", "6",
                "--conformance-base-url", mock.url, "--conformance-schemas", str(out),
                "--conformance-header", "X-Auth-Token=t",
                # these pages state no status (they refer to a common "Returned Values" page)
                "--conformance-exclude-check", "status-code-conformance"]
        for doc_id in picked:
            args += ["--conformance-doc-id", doc_id]
        reprec = pytester.inline_run(*args)
    reports = [r for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"]
    failed = {r.nodeid: r.longreprtext[:400] for r in reports if r.failed}
    assert failed == {}
    ran = {r.nodeid.split("::", 1)[1].split("::")[0] for r in reports if r.passed}
    assert sum(any(d in node for node in ran) for d in picked) == 5


def test_two_pages_given_one_doc_id_are_variants_not_versions(tmp_path: Path) -> None:
    # zh-md/dli 上传资源包 and 上传分组资源 are both dli_02_0130: read as versions, the first
    # judged both, and 上传资源包's own example (上传资源包.md:143) was refused for `group`
    ops = load_contract(extract(DATA / "dli_shared_doc_id", tmp_path))
    uploads = [op for op in ops if op.method == "POST" and op.path.endswith("/resources")]
    assert sorted(op.title for op in uploads) == ["上传分组资源", "上传资源包"]
    assert all(op.doc_id == "dli_02_0130" and op.siblings and op.name.endswith(f": {op.title})")
               for op in uploads)
    assert not any(op.alternatives for op in uploads)
    with client(ops) as http:
        for op, body in examples(uploads):
            assert body_errors(send(http, op, body)) == [], (op.title, body)
        (group,) = [op for op in uploads if op.title == "上传分组资源"]
        wrong = send(http, group, {"paths": ["x"], "kind": "jar", "group": 5})
        assert [e["pointer"] for e in body_errors(wrong)] == ["/body/group"]
    spec = json.loads((tmp_path / "openapi.json").read_text(encoding="utf-8"))
    post = spec["paths"]["/v2.0/{project_id}/resources"]["post"]
    assert len(post["x-docconform-variants"]) == 2
