"""schemas/ is what the seeds yield: regenerating it changes nothing.

To accept a deliberate change, regenerate with the README command
(``docconform extract seeds/ -o schemas/ --openapi schemas/openapi.json``)
and review the diff before committing, as pandoc's ``--accept`` does.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from docconform.extractor.run.command import run_extract

from .conftest import REPO

SCHEMAS = REPO / "schemas"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    mp = pytest.MonkeyPatch()
    mp.chdir(REPO)
    try:
        code = run_extract(
            [Path("seeds")], out, openapi=out / "openapi.json", fmt=None, stats=False,
            fail_on=None, quiet=True, err=io.StringIO(), out=io.StringIO(),
        )
    finally:
        mp.undo()
    assert code == 0
    return out


def test_regenerating_schemas_changes_nothing(regenerated: Path) -> None:
    committed = sorted(p.name for p in SCHEMAS.glob("*.json"))
    fresh = sorted(p.name for p in regenerated.glob("*.json"))
    assert fresh == committed
    for name in fresh:
        assert (regenerated / name).read_bytes() == (SCHEMAS / name).read_bytes(), name


def _bundle(doc_id: str, source_prefix: str) -> dict:
    for path in SCHEMAS.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("doc_id") == doc_id and data.get("source", "").startswith(source_prefix):
            return data
    raise AssertionError(f"no bundle for {doc_id} from {source_prefix}")


def test_stop_page_body_and_response() -> None:
    bundle = _bundle("dli_02_0241", "seeds/000")
    body = bundle["request"]["body"]
    assert body["required"] == ["job_ids"]
    job_ids = body["properties"]["job_ids"]
    assert job_ids["type"] == "array"
    assert job_ids["items"] == {"type": "integer", "format": "int64"}
    savepoint = body["properties"]["trigger_savepoint"]
    assert savepoint["type"] == "boolean"
    assert savepoint["default"] is False
    ok = bundle["responses"]["200"]["body"]
    assert ok["type"] == "array"
    assert set(ok["items"]["properties"]) == {"is_success", "message"}


def test_cdm_page_parameters_and_submissions() -> None:
    bundle = next(
        json.loads(p.read_text(encoding="utf-8"))
        for p in SCHEMAS.glob("*.json")
        if json.loads(p.read_text(encoding="utf-8")).get("source", "").startswith("seeds/003")
    )
    assert bundle["method"] == "PUT"
    assert sorted(bundle["request"]["path"]["properties"]) == ["cluster_id", "job_name", "project_id"]
    assert bundle["request"]["header"]["required"] == ["X-Auth-Token"]
    submissions = bundle["responses"]["200"]["body"]["properties"]["submissions"]
    item = submissions["items"]
    assert len(item["properties"]) == 16
    assert item["properties"]["status"]["enum"] == [
        "BOOTING", "FAILURE_ON_SUBMIT", "RUNNING", "SUCCEEDED", "FAILED", "UNKNOWN", "NEVER_EXECUTED",
    ]


def test_three_versions_of_dli_02_0241_are_one_endpoint() -> None:
    seen = {
        (b["method"], b["path"])
        for b in (json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json"))
        if b.get("doc_id") == "dli_02_0241"
    }
    assert seen == {("POST", "/v1.0/{project_id}/streaming/jobs/stop")}
    sources = {
        b["source"][:9]
        for b in (json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json"))
        if b.get("doc_id") == "dli_02_0241"
    }
    assert sources == {"seeds/000", "seeds/001", "seeds/002"}


def test_every_schema_passes_the_2020_12_metaschema() -> None:
    from jsonschema import Draft202012Validator

    for path in SCHEMAS.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "request" not in data:
            continue
        for group in ("path", "query", "header", "body"):
            if data["request"].get(group):
                Draft202012Validator.check_schema(data["request"][group])
        for response in data["responses"].values():
            if response.get("body"):
                Draft202012Validator.check_schema(response["body"])


def test_openapi_document_is_valid() -> None:
    from openapi_spec_validator import validate

    validate(json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8")))
