"""Certify a client nobody on this project wrote: the official Huawei Cloud Python SDK.

The DLI and CDM SDK clients (huaweicloudsdkdli, huaweicloudsdkcdm from PyPI) are pointed
at the mock serving the schemas extracted from the seeds and the DLI doc set's
authentication page (``tests/data/auth``: token in ``X-Auth-Token`` or AK/SK signing), call
the three documented operations, and the certification report must account for every
request and say where the SDK departs from the documents. Skipped when the SDK packages are not installed
(``pip install huaweicloudsdkdli huaweicloudsdkcdm``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("huaweicloudsdkcore", reason="Huawei Cloud SDK not installed")
dli = pytest.importorskip("huaweicloudsdkdli.v1", reason="huaweicloudsdkdli not installed")
cdm = pytest.importorskip("huaweicloudsdkcdm.v1", reason="huaweicloudsdkcdm not installed")

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

from docconform.conformance.mock.certify import certify, render_text
from docconform.conformance.contract import load_contract
from docconform.conformance.mock.app import MockOptions
from docconform.conformance.mock.server import MockServer
from click.testing import CliRunner

from docconform.cli import main
from tests.mock_support import REPO, seed_bundle

PROJECT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Drive the SDK against the mock once; the record, the report and what the SDK returned."""
    work = tmp_path_factory.mktemp("sdk")
    record = work / "client-cert.json"
    extracted = CliRunner().invoke(main, ["extract", str(REPO / "seeds"), str(REPO / "tests" / "data" / "auth"),
                                          "-o", str(work / "schemas")])
    assert extracted.exit_code in (0, 1), extracted.output
    outcome: dict[str, Any] = {}
    with MockServer(load_contract(work / "schemas"), MockOptions(seed=7), record=record,
                    contract_source="schemas/") as mock:
        credentials = BasicCredentials("any-ak", "any-sk", PROJECT)
        dli_client = dli.DliClient.new_builder().with_credentials(credentials) \
            .with_endpoints([mock.url]).build()
        cdm_client = cdm.CdmClient.new_builder().with_credentials(credentials) \
            .with_endpoints([mock.url]).build()
        outcome["stop"] = dli_client.batch_stop_flink_jobs(dli.BatchStopFlinkJobsRequest(
            body=dli.StopFlinkJobsRequestBody(job_ids=[128, 137], trigger_savepoint=False)))
        outcome["delete"] = dli_client.batch_delete_flink_jobs(dli.BatchDeleteFlinkJobsRequest(
            body=dli.BatchDeleteFlinkJobsRequestBody(job_ids=[12, 232])))
        try:
            outcome["cdm"] = cdm_client.stop_job(cdm.StopJobRequest(cluster_id="6ec9a0a4", job_name="jdbc2hive"))
        except ClientRequestException as exc:
            outcome["cdm"] = exc
    data = json.loads(record.read_text(encoding="utf-8"))
    outcome["record"] = data
    outcome["report"] = certify(data, str(record))
    print(render_text(outcome["report"]))  # the findings, with -s
    yield outcome


def by_path(report: dict[str, Any], suffix: str) -> dict[str, Any]:
    return next(e for e in report["endpoints"] if e["path"].endswith(suffix))


def test_every_sdk_request_matched_a_documented_operation(run: dict[str, Any]) -> None:
    report = run["report"]
    assert report["summary"]["requests"] == 3
    assert report["summary"]["unmatched"] == 0
    assert report["summary"]["endpoints"] == {"documented": 3, "exercised": 3}
    assert [x["operation"] for x in run["record"]["exchanges"]] == [
        "POST /v1.0/{project_id}/streaming/jobs/stop (dli_02_0241)",
        "POST /v1.0/{project_id}/streaming/jobs/delete (dli_02_0243)",
        "PUT /v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop",
    ]
    assert [x["target"].split("/")[2] for x in run["record"]["exchanges"]] == [PROJECT] * 3


def test_dli_batch_operations_follow_the_documents(run: dict[str, Any]) -> None:
    for suffix in ("/streaming/jobs/stop", "/streaming/jobs/delete"):
        endpoint = by_path(run["report"], suffix)
        assert endpoint["statuses"] == {"200": 1}
        assert [v for v in endpoint["violations"] if v["level"] != "info"] == []
        exercised = {i["pointer"] for i in endpoint["coverage"]["exercised"]}
        assert {"/path/project_id", "/body", "/body/job_ids"} <= exercised
    assert "/body/trigger_savepoint" in {
        i["pointer"] for i in by_path(run["report"], "/jobs/stop")["coverage"]["exercised"]}
    assert run["record"]["exchanges"][0]["body"] == '{"trigger_savepoint": false, "job_ids": [128, 137]}'


def test_sdk_signs_with_aksk_which_the_authentication_page_documents(run: dict[str, Any]) -> None:
    """The CDM page lists X-Auth-Token as mandatory; the doc set's authentication page offers
    AK/SK signing as the alternative, which is what the SDK does: accepted, and said so."""
    assert seed_bundle("cdm_job_job_name_stop")["request"]["header"]["required"] == ["X-Auth-Token"]
    endpoint = by_path(run["report"], "/cdm/job/{job_name}/stop")
    assert [v for v in endpoint["violations"] if v["level"] == "error"] == []
    assert not isinstance(run["cdm"], ClientRequestException)
    notes = {v["pointer"] for v in endpoint["violations"] if v["rule"] == "header-undocumented"}
    assert not {"/header/authorization", "/header/x-sdk-date"} & notes  # documented auth headers
    headers = run["record"]["exchanges"][2]["headers"]
    assert headers["authorization"] == "SDK-HMAC-SHA256 <redacted>"  # AK/SK signature, secret kept out
    assert all(x["status"] < 400 for x in run["record"]["exchanges"])


def test_what_the_sdk_makes_of_the_documented_responses(run: dict[str, Any]) -> None:
    """Response side: the SDK's models against the documented schemas the mock answers with."""
    stop_schema = seed_bundle("stop__fa986a91")["responses"]["200"]["body"]  # seed 000, the contract
    assert stop_schema["items"]["properties"]["is_success"]["type"] == "boolean"
    assert dli.FlinkSuccessResponse.openapi_types["is_success"] == "str"  # as the RST page (002) says
    # a documented JSON boolean comes out of the SDK as Python's str(bool): "True"/"False"
    assert {item.is_success for item in run["stop"].body} <= {"True", "False"}
    delete_schema = seed_bundle("streaming_jobs_delete")["responses"]["200"]["body"]
    assert delete_schema["type"] == "object"  # the page's table; the SDK model is a list
    assert dli.BatchDeleteFlinkJobsResponse.openapi_types["body"] == "list[FlinkSuccessResponse]"
    (only,) = run["delete"].body  # the SDK wraps the documented object into a one-item list
    assert only.is_success in ("True", "False")
