"""Helpers for the tests that send variant pages' example requests to the mock.

One method and path documented by several pages (a page per Nova action, per
login mode): these helpers extract a folder of pages, serve it, send a page's
example (or a body made wrong on purpose) to its method and path, and read
the error-level body violations of the answer. Shared by
``test_variants_pages.py`` (pages copied into tests/data) and
``test_variants_corpus.py`` (the corpus's whole ECS and IAM sets).

Not responsible for choosing the pages a test covers or how many must pass;
``rejected_by_its_own_rule`` asserts what any wrong body of a variant must get
(its own variant named, only its own page's rules).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
from click.testing import CliRunner
from docconform.conformance.contract import Operation
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer

from docconform.cli import main


def extract(folder: Path, out: Path) -> Path:
    """``docconform extract FOLDER`` into OUT/schemas (and OUT/openapi.json); the bundle folder."""
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out / "schemas"),
                                       "--openapi", str(out / "openapi.json"), "-q"])
    assert result.exit_code in (0, 1), result.output
    return out / "schemas"


@contextmanager
def client(ops: list[Operation]) -> Iterator[httpx.Client]:
    with MockServer(ops, MockOptions(seed=1)) as mock, httpx.Client(base_url=mock.url, timeout=10) as http:
        yield http


def concrete(path: str) -> str:
    return "/".join("0a1b2c" if part.startswith("{") else part for part in path.split("/"))


def examples(ops: list[Operation]) -> Iterator[tuple[Operation, Any]]:
    """Each operation's example request bodies, with the operation."""
    for op in ops:
        for x in op.examples:
            if x.kind == "request":
                yield op, x.value


def send(http: httpx.Client, op: Operation, body: Any) -> httpx.Response:
    return http.request(op.method, concrete(op.path), content=json.dumps(body),
                        headers={"content-type": "application/json", "x-auth-token": "t"})


def body_errors(response: httpx.Response) -> list[dict[str, Any]]:
    """The error-level violations under /body of a rejection (none for an accepted request)."""
    if response.status_code < 400:
        return []
    return [v for v in response.json()["violations"]
            if v["level"] == "error" and v["pointer"].startswith("/body")]


def page_of(op: Operation) -> str:
    """The page file of an operation (its source without the line)."""
    return op.source.rsplit(":", 1)[0]


def quoted_scalar(error: dict[str, Any]) -> bool:
    """The page's own contradiction: its example quotes a number or boolean its table types
    Integer or Boolean (``"length": "50"``)."""
    return error["rule"] == "type-mismatch" and error["message"].startswith('"') and (
        "the document says integer" in error["message"] or "the document says boolean" in error["message"])


def _other_type(value: Any) -> Any:
    """A JSON value of another type than VALUE: what no schema typing VALUE's type accepts."""
    if isinstance(value, list):
        return "not an array"
    if isinstance(value, str):
        return 12345
    return ["not", "an", "object"]  # an object, a number, a boolean or null


def wrong_bodies(op: Operation, body: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Copies of the example BODY that still select OP's variant but break one of its rules, each
    with the pointer the rejection must name: the member that selects the action given a value
    of another type (``{"os-start": [...]}``), or, when a value selects it
    (``"action": "create"``), each other top-level member given a value of another type."""
    assert op.discriminator is not None
    path = op.discriminator.path()
    if op.discriminator.is_key:
        target = copy.deepcopy(body)
        node = target
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = _other_type(node[path[-1]])
        yield target, "/body/" + "/".join(path)
        return
    for key, value in body.items():
        if key == path[0]:
            continue
        target = copy.deepcopy(body)
        target[key] = _other_type(value)
        yield target, f"/body/{key}"


def judged_by(response: httpx.Response) -> str:
    """The variant the mock says it judged a request by (``X-Docconform-Variant``, unquoted)."""
    return unquote(response.headers["x-docconform-variant"])


def rejected_by_its_own_rule(http: httpx.Client, op: Operation, body: dict[str, Any]) -> bool:
    """Whether a wrong form of BODY is rejected at the member made wrong, by OP's page (the
    answer names OP's variant and every body error comes from OP's page)."""
    for wrong, pointer in wrong_bodies(op, body):
        response = send(http, op, wrong)
        errors = body_errors(response)
        if not any(e["pointer"] == pointer for e in errors):
            continue
        assert judged_by(response) == op.variant_label, (op.name, response.text)
        assert all(e["source"].startswith(page_of(op)) for e in errors), (op.name, errors)
        return True
    return False
