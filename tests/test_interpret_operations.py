"""Where the interpreter finds the operation, and which table a row links to."""

from __future__ import annotations

import pytest

from docconform.extractor.interpret.operations import _operation
from docconform.extractor.model import Span
from docconform.extractor.run.pipeline import extract_bytes


@pytest.mark.parametrize(
    ("line", "path", "query"),
    [
        ("DELETE /v2.1/{project_id}/servers/{server_id}/os-volume_attachments/{volume_id}{?delete_flag}",
         "/v2.1/{project_id}/servers/{server_id}/os-volume_attachments/{volume_id}", ("delete_flag",)),
        ("GET /v2.1/{project_id}/flavors/detail{?minDisk,minRam,is_public}",
         "/v2.1/{project_id}/flavors/detail", ("minDisk", "minRam", "is_public")),
        ("DELETE /v1/{project_id}/volumes/{volume_id}\\", "/v1/{project_id}/volumes/{volume_id}", ()),
        ("GET /v1.0/{project_id}/jobs?page-size={size}&current-page={page}",
         "/v1.0/{project_id}/jobs", ("page-size", "current-page")),
    ],
)
def test_uri_lines(line: str, path: str, query: tuple[str, ...]) -> None:
    op = _operation(line, Span("p.md", 3))
    assert op is not None
    assert (op.method, op.path, op.query_names) == (line.split()[0], path, query)


_TWO_NAMESAKES = """# 创建镜像<a name="x_01"></a>

## URI<a name="s1"></a>

POST /v1/\\{project\\_id\\}/images

## 请求消息<a name="s2"></a>

**表 1**  请求参数

| 参数 | 是否必选 | 参数类型 | 描述 |
| --- | --- | --- | --- |
| image | 是 | image object | 镜像。 |

**表 2**  image

| 参数 | 是否必选 | 参数类型 | 描述 |
| --- | --- | --- | --- |
| name | 是 | String | 名称。 |

## 响应消息<a name="s3"></a>

**表 3**  响应参数

| 参数 | 参数类型 | 描述 |
| --- | --- | --- |
| image | image object | 镜像。 |

**表 4**  image

| 参数 | 参数类型 | 描述 |
| --- | --- | --- |
| id | String | 镜像ID。 |
| status | String | 状态。 |
"""


def test_a_response_row_links_to_the_response_namesake_table() -> None:
    (ep,) = extract_bytes(_TWO_NAMESAKES.encode(), "namesakes.md").endpoints
    assert ep.request_body is not None
    (request_image,) = ep.request_body.children
    assert [c.name for c in request_image.children] == ["name"]
    (ok,) = ep.responses
    assert ok.body is not None
    (response_image,) = ok.body.children
    assert [c.name for c in response_image.children] == ["id", "status"]
