"""Variants on the corpus's whole ECS and IAM doc sets, in every format the corpus holds.

``test_variants_pages.py`` proves the behaviour on pages copied into tests/data;
this module proves it where users meet it: every ECS set (rst, zh-md, html,
browser-copied text) and both IAM sets are extracted whole and served by the
mock. For each page on a Nova ``…/servers/{server_id}/action`` path or an ECS
``…/cloudservers/…/action`` path (batch start/stop/reboot, server-group
members, tags), the page's own example requests are accepted and judged by
that page's variant, and a wrong body of that action is rejected at the member
made wrong by a rule of that page. ``POST /v3/auth/tokens`` offers every login
page of the set as a variant with its own ``auth.identity.methods``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docconform.conformance.contract import Operation, load_contract

from tests.conftest import CORPUS
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

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

ACTION = re.compile(r"/servers/\{[^}/]+\}/action$|/cloudservers/(.+/)?action$")
ECS_SETS = ("rst/ecs", "zh-md/ecs", "html/ecs", "text/ecs")
#: The URI line of a login page (a guide's example request names a host, a table of actions
#: links the page: neither is a page of the operation).
_LOGIN_LINE = re.compile(r"(?m)^POST /v3/auth/tokens\s*$")


def _contract(where: str, tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    source = CORPUS / where
    if not source.is_dir():
        pytest.skip(f"no corpus set at {source}")
    return load_contract(extract(source, tmp_path_factory.mktemp(where.replace("/", "-"))))


@pytest.fixture(scope="module", params=ECS_SETS)
def ecs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    return _contract(request.param, tmp_path_factory)


def action_pages(ops: list[Operation]) -> list[Operation]:
    return [op for op in ops if op.method == "POST" and ACTION.search(op.path)]


def test_each_action_page_is_its_own_variant(ecs: list[Operation]) -> None:
    actions = action_pages(ecs)
    nova = [op for op in actions if "/servers/{server_id}/action" in op.path and op.siblings]
    assert len(nova) >= 14, sorted(op.name for op in actions)
    for op in actions:
        if op.siblings:
            assert op.discriminator is not None, (op.name, op.source)


def test_each_action_example_is_accepted_by_its_own_page(ecs: list[Operation]) -> None:
    sent = 0
    with client(ecs) as http:
        for op, body in examples(action_pages(ecs)):
            response = send(http, op, body)
            errors = body_errors(response)
            # a rejection is only ever the page contradicting itself on its own line: its example
            # quotes a number its table types Integer (os-getConsoleOutput's "length": "50")
            assert all(quoted_scalar(e) and e["source"].startswith(page_of(op)) for e in errors), (
                op.name, op.source, errors)
            if op.siblings:
                assert judged_by(response) == op.variant_label, (op.name, body)
            sent += 1
    assert sent >= 20


def test_each_actions_wrong_body_is_rejected_with_that_actions_rule(ecs: list[Operation]) -> None:
    checked = 0
    with client(ecs) as http:
        for op, body in examples(action_pages(ecs)):
            if not isinstance(body, dict) or op.discriminator is None:
                continue
            assert rejected_by_its_own_rule(http, op, body), (op.name, op.source, body)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("where", ["rst/iam", "zh-md/iam"])
def test_login_offers_every_documented_login_page(where: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    ops = _contract(where, tmp_path_factory)
    tokens = [op for op in ops if op.method == "POST" and op.path == "/v3/auth/tokens"]
    pages = {path.name for path in (CORPUS / where).rglob("*")
             if path.is_file() and _LOGIN_LINE.search(path.read_text(encoding="utf-8", errors="replace"))}
    assert {Path(page_of(op)).name for op in tokens} == pages
    assert all(op.discriminator is not None for op in tokens)
    methods = {op.discriminator.describe() for op in tokens if op.discriminator}
    assert len(methods) == len(tokens)  # each page told apart by what it sends
    assert {'["password"]', '["token"]', '["assume_role"]'} <= {m.split(" = ", 1)[1].split(" or ")[0]
                                                                for m in methods}
    with client(ops) as http:
        for op, body in examples(tokens):
            response = send(http, op, body)
            # the pages that contradict themselves (rst: the agency example sends xrole_name where
            # the table makes agency_name mandatory; the MFA example names the totp user where the
            # table wants its id) are rejected as contract doubts, never blamed on the client
            assert all(e["class"] == "contract-doubt" and e["source"].startswith(page_of(op))
                       for e in body_errors(response)), (op.name, op.source, body)
            assert judged_by(response) in {
                o.variant_label for o in tokens if o.discriminator and o.discriminator.matches(body)}
