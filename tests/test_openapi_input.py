"""Contracts as users have them: OpenAPI 3.0 and 3.1, YAML or JSON, written by other tools.

The published file is the JupyterLab Server REST API (``jupyterlab_server/rest-api.yml``,
OpenAPI 3.0.3 YAML, BSD-3-Clause) as the jupyterlab_server wheel ships it; ``.ci/samples``
installs the wheel without its dependencies (only the file is used: its dependency
chain brings rfc3987-syntax, which makes every ``import jsonschema`` build a grammar
for seconds). ``docconform mock`` serves it and ``docconform test`` runs on it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from docconform.conformance.contract import ContractError, load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from docconform.conformance.openapi_input import normalize_openapi, read_contract_file, schema_31

YAML_30 = """\
openapi: 3.0.3
info: {title: Shelf, version: "1"}
servers:
  - url: https://api.example.com/{base}
    variables: {base: {default: v2}}
paths:
  /books/{id}:
    parameters:
      - $ref: '#/components/parameters/BookId'
    get:
      operationId: getBook
      responses:
        200:
          description: a book
          content:
            application/json; charset=utf-8:
              schema: {$ref: '#/components/schemas/Book'}
              example: {id: 1, title: Dune, published: 1965-08-01, on_loan: no}
    put:
      requestBody:
        required: true
        content:
          application/vnd.shelf+json:
            schema: {$ref: '#/components/schemas/Book'}
      responses:
        '204': {description: stored}
components:
  parameters:
    BookId: {name: id, in: path, required: true, schema: {type: integer, minimum: 0, exclusiveMinimum: true}}
  schemas:
    Book:
      type: object
      required: [id, title]
      properties:
        id: {type: integer}
        title: {type: string}
        subtitle: {type: string, nullable: true}
        published: {type: string, format: date}
        on_loan: {type: string, enum: ["yes", "no"]}
        sequel: {$ref: '#/components/schemas/Book'}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_30_becomes_what_the_contract_reads(tmp_path: Path) -> None:
    doc = read_contract_file(write(tmp_path, "shelf.yaml", YAML_30))
    assert doc["openapi"] == "3.1.0" and "components" not in doc
    (path,) = doc["paths"]
    assert path == "/v2/books/{id}"  # the servers' base path
    get = doc["paths"][path]["get"]
    media = get["responses"]["200"]["content"]["application/json"]  # from ...; charset=utf-8
    book = media["schema"]
    assert book["properties"]["subtitle"]["type"] == ["string", "null"]
    assert book["properties"]["sequel"]["description"].startswith("recursive reference")
    # YAML 1.2 scalars: a date and "no" stay strings; status keys are strings
    assert media["examples"]["example"]["value"] == {"id": 1, "title": "Dune", "published": "1965-08-01",
                                                     "on_loan": "no"}
    (param,) = doc["paths"][path]["parameters"]
    assert param["schema"] == {"type": "integer", "exclusiveMinimum": 0}


def test_loaded_operations(tmp_path: Path) -> None:
    ops = {op.method: op for op in load_contract(write(tmp_path, "shelf.yml", YAML_30))}
    assert ops["GET"].path == "/v2/books/{id}" and ops["GET"].doc_id == "getBook"
    assert [p.name for p in ops["GET"].params] == ["id"]
    assert ops["PUT"].body is not None and ops["PUT"].body_required  # from application/vnd.shelf+json
    assert [(e.kind, e.status) for e in ops["GET"].examples] == [("response", "200")]


@pytest.mark.parametrize(("name", "text", "needle"), [
    ("bad.yaml", "openapi: 3.0.0\npaths: [\n", "bad.yaml:3"),
    ("old.yaml", "swagger: '2.0'\npaths: {}\n", "Swagger 2.0 is not supported"),
    ("four.json", '{"openapi": "4.0.0", "paths": {}}', "OpenAPI 4.0.0 is not supported"),
    ("list.yaml", "- a\n- b\n", "mapping at the top"),
    ("ref.yaml", "openapi: 3.1.0\npaths:\n  /a:\n    get: {$ref: '#/nowhere'}\n", "#/nowhere"),
])
def test_input_errors_name_the_file(tmp_path: Path, name: str, text: str, needle: str) -> None:
    with pytest.raises(ContractError, match=needle):
        load_contract(write(tmp_path, name, text))


def test_schema_31_leaves_31_alone_and_names_are_not_keywords() -> None:
    schema = {"type": "object", "properties": {"nullable": {"type": "boolean"},
                                               "items": {"type": "string", "nullable": True}}}
    assert schema_31(schema) == {"type": "object", "properties": {
        "nullable": {"type": "boolean"}, "items": {"type": ["string", "null"]}}}
    written = {"type": ["integer", "null"], "exclusiveMinimum": 0}
    assert schema_31(written) == written
    assert normalize_openapi({"openapi": "3.1.0", "paths": {}})["paths"] == {}


def _jupyterlab_api() -> Path:
    """The file, found without importing the package (installed without its dependencies)."""
    spec = importlib.util.find_spec("jupyterlab_server")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("jupyterlab_server is not installed (bash .ci/samples, or "
                    "pip install --no-deps jupyterlab_server)")
    path = Path(next(iter(spec.submodule_search_locations))) / "rest-api.yml"
    if not path.is_file():
        pytest.skip(f"this jupyterlab_server ships no rest-api.yml ({path})")
    return path


def test_mock_serves_the_published_jupyterlab_api(tmp_path: Path) -> None:
    api = _jupyterlab_api()
    operations = load_contract(api)
    assert len(operations) >= 10
    record = tmp_path / "record.json"
    with MockServer(operations, MockOptions(seed=1), record=record) as mock:
        settings = httpx.get(f"{mock.url}/lab/api/settings/")
        assert settings.status_code == 200 and isinstance(settings.json(), dict)
        stored = httpx.put(f"{mock.url}/lab/api/workspaces/mine", json={"data": {}, "metadata": {"id": "mine"}})
        assert stored.status_code == 204
        wrong = httpx.get(f"{mock.url}/lab/api/licenses/", params={"full_text": "maybe"})
        assert wrong.status_code == 400 and wrong.json()["violations"][0]["pointer"] == "/query/full_text"
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    assert data["totals"]["exchanges"] == 3


def test_docconform_test_runs_on_the_published_jupyterlab_api(tmp_path: Path) -> None:
    # a copy: pytest would import the installed package's __init__ beside the file as a test package
    api = tmp_path / "rest-api.yml"
    api.write_bytes(_jupyterlab_api().read_bytes())
    with MockServer(load_contract(api), MockOptions(seed=1)) as mock:
        result = subprocess.run(
            [sys.executable, "-m", "docconform", "test", "--base-url", mock.url, str(api), "--seed", "1",
             "--max-examples", "5", "--check", "positive-data-acceptance", "--check",
             "response-schema-conformance", "--report-dir", str(tmp_path / "reports")],
            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "reports" / "docconform.conformance.json").read_text(encoding="utf-8"))
    assert len(report["endpoints"]) == len(load_contract(api))
    assert report["summary"]["failed"] == 0 and report["summary"]["passed"] > 0


def test_a_bundle_body_with_a_recursive_type_is_inlined_some_levels_deep() -> None:
    """A bundle body refers to its own ``$defs`` for a recursive type (cbr ``children``); the mock's
    walks follow no ``$ref``, so the contract inlines it three levels and leaves the fourth open."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from docconform.conformance.openapi_input import inline_local_refs

    node = {"type": "object", "properties": {"id": {"type": "string"},
                                             "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}
    body = {"type": "object", "properties": {"backup": {"$ref": "#/$defs/Node", "x-source": "p.rst:3"}},
            "$defs": {"Node": node}}
    flat = inline_local_refs(body)
    assert "$defs" not in flat and "$ref" not in json.dumps(flat)
    level = flat["properties"]["backup"]
    assert level["x-source"] == "p.rst:3"
    for _ in range(2):
        level = level["properties"]["children"]["items"]
        assert level["properties"]["id"] == {"type": "string"}
    assert level["properties"]["children"]["items"]["description"].startswith("recursive reference")
    check = Draft202012Validator(flat)
    assert check.is_valid({"backup": {"children": [{"children": [{"id": "x", "children": [{"anything": 1}]}]}]}})
    assert not check.is_valid({"backup": {"children": [{"children": [{"id": 5}]}]}})
    assert inline_local_refs({"type": "object"}) == {"type": "object"}  # nothing to inline
