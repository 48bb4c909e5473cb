"""Header vocabulary (VARIANTS.md §5): every listed header tuple and synonym."""

from __future__ import annotations

import pytest

from docconform.extractor.interpret.columns import (
    ColumnMap,
    classify_header,
    classify_headerless,
    first_row_header,
    name_column_by_content,
)


def params(**cols: int) -> ColumnMap:
    return ColumnMap("params", **cols)


HEADERS = [
    (["Parameter", "Type", "Description"], params(name=0, type=1, description=2)),
    (
        ["Parameter", "Mandatory", "Type", "Description"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (["Parameter", "Mandatory", "Description"], params(name=0, mandatory=1, description=2)),
    (["Name", "Type", "Description"], params(name=0, type=1, description=2)),
    (
        ["Parameter", "Type", "Mandatory", "Description"],
        params(name=0, type=1, mandatory=2, description=3),
    ),
    (["Name", "Mandatory", "Description"], params(name=0, mandatory=1, description=2)),
    (
        ["Name", "Mandatory", "Type", "Description"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (["参数", "参数类型", "描述"], params(name=0, type=1, description=2)),
    (["参数", "是否必选", "参数类型", "描述"], params(name=0, mandatory=1, type=2, description=3)),
    (["名称", "参数类型", "说明"], params(name=0, type=1, description=2)),
    (
        ["参数名称", "是否必选", "参数类型", "说明"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (["参数", "是否必选", "描述"], params(name=0, mandatory=1, description=2)),
    (["名称", "是否必选", "参数类型", "说明"], params(name=0, mandatory=1, type=2, description=3)),
    (["名称", "是否必选", "说明"], params(name=0, mandatory=1, description=2)),
    (["参数", "参数类型", "是否必选", "描述"], params(name=0, type=1, mandatory=2, description=3)),
    (["属性", "类型", "说明"], params(name=0, type=1, description=2)),
    (["属性", "是否必选", "类型", "说明"], params(name=0, mandatory=1, type=2, description=3)),
    (["参数", "类型", "必选", "说明"], params(name=0, type=1, mandatory=2, description=3)),
    (["参数名称", "类型", "必选", "说明"], params(name=0, type=1, mandatory=2, description=3)),
    (["名称", "描述", "是否必选", "示例"], params(name=0, description=1, mandatory=2, example=3)),
    (
        ["参数名称", "是 否必选", "参数类型", "说明"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (
        ["参数名称", "是否可选", "参数类型", "说明"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (
        ["参数名", "是否必选", "参数类型", "说明"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (["Parameter Name", "Parameter Type", "Remarks"], params(name=0, type=1, description=2)),
    (["Parameter ID", "Type", "Description"], params(name=0, type=1, description=2)),
    (["Attribute", "Type", "Description"], params(name=0, type=1, description=2)),
    (["Key", "Type", "Description"], params(name=0, type=1, description=2)),
    (["字段", "类型", "备注"], params(name=0, type=1, description=2)),
    (["参数", "类型", "含义"], params(name=0, type=1, description=2)),
    (["参数", "类型", "参数解释"], params(name=0, type=1, description=2)),
    (["Parameter", "Description"], params(name=0, description=1)),
    (["Parameter", "Description", "Mandatory"], params(name=0, description=1, mandatory=2)),
    (
        ["  parameter ", "MANDATORY", "type", "description\n"],
        params(name=0, mandatory=1, type=2, description=3),
    ),
    (
        ["Attribute", "Type", "CRUD", "Default Value", "Constraint", "Remarks"],
        params(name=0, type=1, default=3, constraint=4, description=5),
    ),
    (["Status Code", "Description"], ColumnMap("status", status=0, description=1)),
    (["Returned Value", "Description"], ColumnMap("status", status=0, description=1)),
    (["HTTP Status Code", "Description"], ColumnMap("status", status=0, description=1)),
    (["Normal Status Code", "Description"], ColumnMap("status", status=0, description=1)),
    (["Error Status Code", "Description"], ColumnMap("status", status=0, description=1)),
    (["Response Code", "Description"], ColumnMap("status", status=0, description=1)),
    (
        ["Status Code", "Message", "Description"],
        ColumnMap("status", status=0, message=1, description=2),
    ),
    (["状态码", "描述"], ColumnMap("status", status=0, description=1)),
    (["返回值", "描述"], ColumnMap("status", status=0, description=1)),
    (["返回值", "说明"], ColumnMap("status", status=0, description=1)),
    (["正常返回码", "说明"], ColumnMap("status", status=0, description=1)),
    (["错误返回码", "说明"], ColumnMap("status", status=0, description=1)),
    (["Error Code", "Error Message"], ColumnMap("error-codes", code=0, message=1)),
    (["错误码", "错误信息"], ColumnMap("error-codes", code=0, message=1)),
    (
        ["HTTP Status Code", "Error Code", "Error Message", "Description", "Solution"],
        ColumnMap("error-codes", status=0, code=1, message=2, description=3),
    ),
]


@pytest.mark.parametrize(("header", "expected"), HEADERS)
def test_classify_header(header: list[str], expected: ColumnMap) -> None:
    assert classify_header(header) == expected


@pytest.mark.parametrize(
    "header",
    [
        ["Key", "Value"],
        ["Permission", "API", "Action", "Dependent Permission"],
        ["Permission", "API", "Action", "IAM Project", "Enterprise Project"],
        ["权限", "对应API接口", "授权项(Action)", "依赖的授权项", "IAM项目 \n (Project)"],
        ["Metric", "Name", "Description", "Value Range", "Remarks"],
        ["Status", "Description"],  # a list of ECS statuses, not of HTTP codes
        ["名称", "含义", "说明"],  # enum value list with two description columns
        ["Parameter", "Definition", "Description"],
        ["Type", "Description"],
        ["Released On", "Description"],
        ["vm_state", "task_state", "status"],
        [],
    ],
)
def test_other_tables(header: list[str]) -> None:
    assert classify_header(header).kind == "other"


def test_headerless_parameter_table() -> None:
    rows = [
        ["project_id", "Yes", "String", "Project ID"],
        ["cluster_id", "Yes", "String", "Cluster ID"],
        ["limit", "No", "Integer", "Page size, from 1 to 100"],
    ]
    assert classify_headerless(rows) == params(name=0, mandatory=1, type=2, description=3)


def test_headerless_status_table() -> None:
    rows = [["200", "OK"], ["400", "Bad request"], ["404", "Not found"]]
    assert classify_headerless(rows) == ColumnMap("status", status=0, description=1)


@pytest.mark.parametrize(
    "rows",
    [
        [["Content-Type", "application/json"], ["X-Auth-Token", "${token}"]],
        [["CREATING", "创建中"], ["ACTIVE", "已激活"]],
        [["only one column"]],
        [],
        [["生命周期管理", "包括创建、删除"], ["状态管理", "包括开机、关机"]],
    ],
)
def test_headerless_unsure_is_other(rows: list[list[str]]) -> None:
    assert classify_headerless(rows).kind == "other"


def test_first_row_header() -> None:
    rows = [["Parameter", "Type", "Description"], ["name", "String", "Name"]]
    assert first_row_header(rows) == params(name=0, type=1, description=2)
    assert first_row_header([["name", "String", "Name"]]) is None
    assert first_row_header([]) is None


def test_unknown_name_header_found_by_its_identifiers() -> None:
    """zh-md/ces/创建告警规则.md Table 6 heads its name column 名 (名称 cut short)."""
    header = ["名", "是否必选", "参数类型", "说明"]
    rows = [["type", "条件必选", "String", "告警恢复触发告警通知类型"],
            ["notificationList", "条件必选", "Array of objects", "被通知对象的列表"]]
    assert classify_header(header).kind == "other"
    assert name_column_by_content(header, rows) == params(name=0, mandatory=1, type=2, description=3)
    # an unknown column of prose, or a table with neither Type nor Mandatory, stays 'other'
    assert name_column_by_content(header, [["告警恢复", "是", "String", "x"]] * 2) is None
    assert name_column_by_content(["名", "说明"], rows) is None
    assert name_column_by_content(["权限", "是否必选", "参数类型"], rows) is None
