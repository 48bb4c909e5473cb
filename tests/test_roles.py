"""Caption classes (VARIANTS.md §4), section titles (§2), status lines and error-code references."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docconform.extractor.interpret.roles import (
    CaptionRole,
    classify_caption,
    classify_heading,
    mentions_error_codes,
    status_line,
)

CAPTIONS = [
    # path / URI
    ("Path Parameters", "path"),
    ("Path parameters", "path"),
    ("URI parameter", "path"),
    ("URI parameters", "path"),
    ("URI parameter(s)", "path"),
    ("路径参数", "path"),
    ("URI参数", "path"),
    ("URI参数说明", "path"),
    ("URI 参数", "path"),
    ("URI中的参数说明", "path"),
    # query
    ("Query Parameters", "query"),
    ("query parameter description", "query"),
    ("query parameter descriptions", "query"),
    ("Query参数", "query"),
    ("query参数说明", "query"),
    ("查询参数", "query"),
    # request headers
    ("Request header parameters", "header"),
    ("Parameters in the request header", "header"),
    ("请求Header参数", "header"),
    ("公共请求消息头", "header"),
    ("公共请求头", "header"),
    # request body
    ("Request body parameters", "body"),
    ("Parameters in the request body", "body"),
    ("请求Body参数", "body"),
    # request, unspecified
    ("Request parameters", "request"),
    ("Request parameter", "request"),
    ("请求参数", "request"),
    ("请求参数说明", "request"),
    ("创建云服务器请求参数说明", "request"),
    # response
    ("Response body parameters", "response"),
    ("Parameters in the response body", "response"),
    ("响应Body参数", "response"),
    ("Response parameters", "response"),
    ("Response parameter", "response"),
    ("响应参数", "response"),
    ("响应参数说明", "response"),
    # response headers
    ("Parameters in the response header", "response-header"),
    ("响应Header参数", "response-header"),
    # status and error codes
    ("Status codes", "status"),
    ("状态码", "status"),
    ("Error codes", "error-codes"),
    ("错误码", "error-codes"),
    # generic
    ("Parameter description", "generic"),
    ("Parameter descriptions", "generic"),
    ("Parameters", "generic"),
    ("参数说明", "generic"),
    ("要素说明", "generic"),
]


@pytest.mark.parametrize(("caption", "role"), CAPTIONS)
def test_caption_roles(caption: str, role: str) -> None:
    assert classify_caption(caption) == CaptionRole(role)  # type: ignore[arg-type]


NAMED = [
    ("StartJobSubmission", "StartJobSubmission"),
    ("Match", "Match"),
    ("PageInfo", "PageInfo"),
    ("UpdateNatGatewaySnatRuleOption", "UpdateNatGatewaySnatRuleOption"),
    ("role.policy.Statement", "role.policy.Statement"),
    ("**nics** field description", "nics"),
    ("nics field description", "nics"),
    ("Data structure of the spec field", "spec"),
    ("pools parameter description", "pools"),
    ("route objects", "route"),
    ("Description of the bandwidth field", "bandwidth"),
    ("server_group parameters", "server_group"),
    ("zoneState parameter information", "zoneState"),
    ("error field structure", "error"),
    ("response field description", "response"),
    ("metadata field description for creating disks", "metadata"),
    ("os:scheduler_hints field description (request parameters)", "os:scheduler_hints"),
    ("sub_jobs.entities field description", "sub_jobs.entities"),
    ("Parameters in the sub_jobs field", "sub_jobs"),
    ("Objects of response parameter security_group_rule", "security_group_rule"),
    ("addresses parameter structure description", "addresses"),
    ("Volume field data structure description", "Volume"),  # rst/mrs creating_clusters.rst
    ("extra\\_dhcp\\_opt对象", "extra_dhcp_opt"),
    ("volume字段数据结构说明", "volume"),
    ("nat_gateway字段说明", "nat_gateway"),
    ("nat\\_gateway字段说明", "nat_gateway"),
    ("tags参数", "tags"),
    ("hosts请求参数", "hosts"),
    ("响应参数security_group_rule对象", "security_group_rule"),
    ("请求参数security\\_group的对象", "security_group"),
    ("创建磁盘的metadata字段数据结构说明", "metadata"),
    ("创建弹性公网IP的extendparam字段数据结构说明", "extendparam"),
    ("os\\_extra\\_specs数据结构说明（仅列举常用参数）", "os_extra_specs"),
    ("Table 4 Match", "Match"),
    ("**Table 4** nics field description", "nics"),
    ("表 4 UpdateNatGatewaySnatRuleOption", "UpdateNatGatewaySnatRuleOption"),
]


@pytest.mark.parametrize(("caption", "name"), NAMED)
def test_named_captions(caption: str, name: str) -> None:
    assert classify_caption(caption) == CaptionRole("named", name)


@pytest.mark.parametrize("caption", ["Array element parameters", "数组元素参数说明"])
def test_array_element_tables_are_named_without_a_name(caption: str) -> None:
    assert classify_caption(caption) == CaptionRole("named", None)


@pytest.mark.parametrize(
    "caption",
    [
        "",
        "Connection status",
        "Parameters for creating an ECS",
        "Configuration parameters description",
        "Mapping between statuses",
        "连接状态",
        "tag内容保留字",
        "资源类型说明",
        "Reserved tag parameters",
        # rst/ces querying_the_alarm_history_of_an_alarm_rule.rst: a query table, no structure "Querying"
        "Querying parameter description",
        "Modifying parameter description",
    ],
)
def test_unknown_captions(caption: str) -> None:
    assert classify_caption(caption) is None


HEADINGS = [
    ("Function", "function"),
    ("功能介绍", "function"),
    ("URI", "uri"),
    ("URI format", "uri"),
    ("URI格式", "uri"),
    ("Request", "request"),
    ("Request Parameters", "request"),
    ("请求消息", "request"),
    ("请求参数", "request"),
    ("Response", "response"),
    ("Response Parameters", "response"),
    ("响应消息", "response"),
    ("响应参数", "response"),
    ("Normal Response", "response"),
    ("Example Request", "example-request"),
    ("Example Requests", "example-request"),
    ("请求示例", "example-request"),
    ("请求样例", "example-request"),
    ("Example Response", "example-response"),
    ("Example Responses", "example-response"),
    ("响应示例", "example-response"),
    ("响应样例", "example-response"),
    ("示例", "examples"),
    ("Examples", "examples"),
    ("Status Codes", "status-codes"),
    ("Status Code", "status-codes"),
    ("状态码", "status-codes"),
    ("Returned Values", "status-codes"),
    ("返回值", "status-codes"),
    ("Error Codes", "error-codes"),
    ("错误码", "error-codes"),
    ("Abnormal Response", "error-codes"),
    ("Constraints", "constraints"),
    ("接口约束", "constraints"),
    ("调试", "other"),
    ("Involved APIs", "other"),
    ("1. URI", "uri"),
    ("**Example Request**", "example-request"),
    ("Status Codes:", "status-codes"),
]


@pytest.mark.parametrize(("title", "role"), HEADINGS)
def test_headings(title: str, role: str) -> None:
    assert classify_heading(title) == role


@pytest.mark.parametrize(
    "title", ["Parameter description", "Stopping Jobs in Batches", "**nics** Field Description"]
)
def test_unknown_headings(title: str) -> None:
    assert classify_heading(title) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Status code: 200", "200"),
        ("**Status code: 200**", "200"),
        ("状态码： 200", "200"),
        ("状态码：400", "400"),
        ("STATUS CODE 200", "200"),
        ("Status Code: 201", "201"),
        ("Status code: 202 Accepted", "202"),
        ("Status code 200, indicating that the request succeeded and the response is long", None),
        ("The API returns status code 200 if the job is stopped.", None),
        ("Status code: 200\nmore", None),
        ("Status code: 999", None),
    ],
)
def test_status_line(text: str, code: str | None) -> None:
    assert status_line(text) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (
                "If an error occurs when this API is invoked, the system returns the error "
                "code and error information. For details, see Error Codes."
            ),
            True,
        ),
        ("See Error Codes.", True),
        (
            "调用接口出错后，将不会返回上述结果，而是返回错误码和错误信息，更多介绍请参见错误码。",
            True,
        ),
        ("请参考[错误码](错误码.md)。", True),
        ("The system returns the error code and error information.", False),
        ("For details, see Status Codes.", False),
    ],
)
def test_mentions_error_codes(text: str, expected: bool) -> None:
    assert mentions_error_codes(text) is expected


_OLD_ID = r"[A-Za-z_@$][A-Za-z0-9_.:/@$-]*"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", "1", "_", ".", "-", "$", " ", "的", "字段", "参数", "表", "，"]),
                max_size=30).map("".join))
def test_names_before_markers_equals_the_plain_regular_expression(text: str) -> None:
    """The run-by-run search finds exactly what ``finditer(ID + marker)`` found, in linear time."""
    import re

    from docconform.extractor.interpret import vocab
    from docconform.extractor.interpret.roles import _chinese_marker, _names_before

    markers = "|".join(re.escape(m) for m in vocab.load("roles")["zh_family_markers"])
    expected = [m.group(1) for m in re.finditer(rf"({_OLD_ID})\s*(?:的)?(?={markers})", text)]
    assert _names_before(text, _chinese_marker()) == expected


def test_long_identifier_run_in_a_caption_is_read_quickly() -> None:
    """Found by the long fuzz run: 20,000 letters in a caption took 140 s (quadratic regex)."""
    import time

    name = "job_" + "a" * 50_000
    start = time.perf_counter()
    assert classify_caption(f"表2 {name}字段说明") == CaptionRole("named", name)
    assert time.perf_counter() - start < 5  # a hang bound, not a speed target: it took minutes
