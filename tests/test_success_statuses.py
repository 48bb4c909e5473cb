"""Success statuses in every documented form (fixtures in tests/data/success and tests/data/served).

Each fixture page is copied unchanged from the dev corpus (the READMEs of both
folders name its origin) and states its success status one way: "Normal" and a
code in a "Returned Values" section (rst/ces, rst/as, rst/ims), a "Normal
response" section (rst/dds), a status table whose only success is 300
(rst/iam), a class ("If a 2xx status code is returned", rst/dns), a sentence
("删除成功，返回码为200", zh-md/dli; "the status code is 201", rst/smn), an
``HTTP/1.1 201`` or ``STATUS CODE 204`` line in the response example
(zh-md/functiongraph, IMS), or only a pointer to the doc set's general status page
("请参考通用请求返回值", zh-md/ecs; "See Returned Values for General Requests",
rst/ecs). tests/test_conformance_served.py runs the served ones against a
correct server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docconform.extractor.diagnostics import DiagnosticSink
from docconform.extractor.interpret.endpoints import interpret
from docconform.extractor.model import Endpoint
from docconform.extractor.readers import read_page

DATA = Path(__file__).resolve().parent / "data"


def endpoints(relative: str) -> list[Endpoint]:
    path = DATA / relative
    sink = DiagnosticSink()
    return interpret(read_page(path.read_bytes(), str(path), sink, None), sink)


def statuses(ep: Endpoint) -> dict[str, bool]:
    """Each documented status and whether a body is documented for it."""
    return {r.status: r.body is not None for r in ep.responses}


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # "Returned Values / - Normal / 201": the body table and example describe the 201
        ("success/ces_creating_an_alarm_rule.rst",
         {"201": True, "400": False, "401": False, "403": False, "408": False, "429": False, "500": False,
          "503": False}),
        # "Normal response" section and "Status Code:200."
        ("success/dds_task_normal_response.rst", {"200": True}),
        # 删除成功，返回码为200 / 删除不存在的资源包，返回码为404 (an error in prose is a condition, not read)
        ("success/dli_deleting_a_resource_package.md", {"200": False}),
        # "If a 2xx status code is returned, for example, 200, 202, or 204, the request is successful."
        ("success/dns_creating_a_private_zone.rst", {"2XX": True}),
        # 返回值: 请参考[通用请求返回值](通用请求返回值.md): the general success codes, no body documented
        ("success/ecs_resetting_a_password.md", {"2XX": False}),
        # status table whose only success is 300: the response table describes the 300, no 200 invented
        ("success/iam_keystone_versions.rst", {"300": True, "400": False, "404": False, "503": False}),
        # HTTP/1.1 201 Created / HTTP/1.1 404 Not Found in the examples, 状态码请参见[状态码](状态码.md)
        ("success/fg_creating_a_trigger.md", {"201": True, "404": False}),
        # "If a topic of the same name already exists, the status code is 200. Otherwise, ... 201."
        ("served/smn_creating_a_topic.rst", {"200": True, "201": True}),
        # STATUS CODE 200 in the example, "Returned Values / - Normal / 200"
        ("served/ims_updating_image_information.rst",
         {"200": True, "400": False, "401": False, "404": False, "415": False}),
        # STATUS CODE 204, no response body
        ("served/ims_uploading_an_image_file.rst",
         {"204": False, "400": False, "401": False, "404": False, "415": False}),
        # HTTP/1.1 204 No Content / HTTP/1.1 400 Bad Request in the examples
        ("served/fg_deleting_a_trigger.md", {"204": False, "400": False}),
    ],
)
def test_page_yields_its_documented_statuses(page: str, expected: dict[str, bool]) -> None:
    [ep] = endpoints(page)
    assert statuses(ep) == expected


def test_a_pointer_to_the_general_status_page_promises_the_general_successes() -> None:
    """rst/ecs deleting_an_ecs.rst: "Returned Values: See Returned Values for General Requests", for both
    request lines; the pointer carries no span of an error-code page."""
    eps = endpoints("served/ecs_deleting_an_ecs.rst")
    assert sorted(ep.path for ep in eps) == ["/v2.1/{project_id}/servers/{server_id}",
                                             "/v2/{project_id}/servers/{server_id}"]
    for ep in eps:
        assert statuses(ep) == {"2XX": False}
        [response] = ep.responses
        assert response.span is not None and response.span.line > 0


def test_every_stated_status_keeps_the_line_that_states_it() -> None:
    [ep] = endpoints("success/dli_deleting_a_resource_package.md")
    [response] = ep.responses
    lines = (DATA / "success/dli_deleting_a_resource_package.md").read_text().splitlines()
    assert "返回码为200" in lines[response.span.line - 1]


RST_ONE_LINE = """\
Deleting a Thing
================

Function
--------

This API is used to delete a thing.

URI
---

DELETE /v1/{project_id}/things/{thing_id}

Returned Values
---------------

-  Normal 204

-  Abnormal

   =============== =============
   Returned Value  Description
   =============== =============
   404 Not Found   No such thing.
   =============== =============
"""

MD_ONE_LINE = """\
# 删除物品

## 功能介绍

删除物品。

## URI

DELETE /v1/\\{project\\_id\\}/things/\\{thing\\_id\\}

## 返回值

-   正常：202
"""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("thing.rst", RST_ONE_LINE, {"204": False, "404": False}),
        ("thing.md", MD_ONE_LINE, {"202": False}),
    ],
)
def test_an_outcome_and_its_code_on_one_line(tmp_path: Path, name: str, text: str,
                                             expected: dict[str, bool]) -> None:
    """"Normal 204" / "正常：202" on one line, the form the issue names beside the two-line one."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sink = DiagnosticSink()
    [ep] = interpret(read_page(path.read_bytes(), str(path), sink, None), sink)
    assert statuses(ep) == expected
