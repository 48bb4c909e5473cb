"""Enums, defaults and bounds mined from descriptions (VARIANTS.md §9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docconform.extractor.interpret.constraints import NOT_STATED, Mined, mine
from docconform.extractor.interpret.types import parse_type

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
STRING, INTEGER, LONG = parse_type("String"), parse_type("Integer"), parse_type("Long")
FLOAT, BOOLEAN, STRINGS = parse_type("Float"), parse_type("Boolean"), parse_type("Array of strings")


def test_seed_003_status_bullets() -> None:
    text = (SEEDS / "003_49cb9d45244a94ce.txt").read_text(encoding="utf-8")
    start = text.index("Job status\n")
    cell = text[start : text.index("\nisStopingIncrement", start)]
    assert "•" in cell  # the plain-text kind renders bullets as "  • "
    mined = mine(cell, type=STRING)
    assert mined.enum == (
        "BOOTING",
        "FAILURE_ON_SUBMIT",
        "RUNNING",
        "SUCCEEDED",
        "FAILED",
        "UNKNOWN",
        "NEVER_EXECUTED",
    )
    assert mined.default is NOT_STATED


def test_bullets_given_as_items() -> None:
    items = ("BOOTING: The job is starting.", "RUNNING: The job is running.", "FAILED: failed.")
    assert mine("Job status", items=items, type=STRING).enum == ("BOOTING", "RUNNING", "FAILED")


def test_seed_002_savepoint_default_but_no_enum() -> None:
    text = (
        "Whether to create a savepoint for a job to store the job status information before "
        "stopping it. The data type is Boolean.\n"
        "- If this parameter is set to true, a savepoint is created.\n"
        "- If this parameter is set to false, no savepoint is created. The default value is false."
    )
    assert mine(text, strong=("true", "false", "false"), type=BOOLEAN) == Mined(default=False)


def test_seed_001_chinese_default() -> None:
    text = (
        "在停止作业之前，用户可以选择是否对作业创建保存点，保存作业的状态信息。类型为boolean。\n"
        "- 当triggerSavePoint为true时，表示创建保存点。\n"
        "- 当triggerSavePoint为false时，表示不创建保存点。默认为false。"
    )
    assert mine(text, type=BOOLEAN) == Mined(default=False)


ENUMS: list[tuple[str, Any, tuple[Any, ...]]] = [
    ("This parameter can be set to AUTO or MANUAL.", STRING, ("AUTO", "MANUAL")),
    ("The value is one of the following: gp2, gp3, io1.", STRING, ("gp2", "gp3", "io1")),
    ("Valid values: ascend, descend", STRING, ("ascend", "descend")),
    ("Supported values: 2, 4, 8", INTEGER, (2, 4, 8)),
    ("枚举值：\n- ReadWriteOnce\n- ReadOnlyMany", STRING, ("ReadWriteOnce", "ReadOnlyMany")),
    ("状态。取值如下：\n- creating：创建中\n- active：可用", STRING, ("creating", "active")),
    ("可选值：SOFT、HARD", STRING, ("SOFT", "HARD")),
    ("The value can be **filter** or **count**.", STRING, ("filter", "count")),
    ("The value can be filter or count.", STRING, ("filter", "count")),
    ("The value can be **v1** or **v2**. The default value is **v1**.", STRING, ("v1", "v2")),
    (
        "Its value can be volume, image, snapshot, or blank.",
        STRING,
        ("volume", "image", "snapshot", "blank"),
    ),
    (
        "Possible values:\n- application/json;charset=utf-8",
        STRING,
        ("application/json;charset=utf-8",),
    ),
    (
        "Enumeration values:\n- NoSchedule\n- PreferNoSchedule\n- NoExecute",
        STRING,
        ("NoSchedule", "PreferNoSchedule", "NoExecute"),
    ),
    ("Options: **virtio** and **scsi**", STRING, ("virtio", "scsi")),
    ("Options: 0, 1, 2, 3, and 4", INTEGER, (0, 1, 2, 3, 4)),
    (
        "Options:\nfluent-bit: collects logs\ncop-logs: collects more",
        STRING,
        ("fluent-bit", "cop-logs"),
    ),
    ("The value can be:\n- self: a link\n- bookmark: another link", STRING, ("self", "bookmark")),
    (
        "Range\nDDL, DCL, IMPORT, and QUERY.\n- DDL: metadata\n- DCL: permissions",
        STRING,
        ("DDL", "DCL"),
    ),
    (
        "Definition\nJob type\nRange\nDDL, DCL, IMPORT, EXPORT, QUERY, and INSERT.",
        STRING,
        ("DDL", "DCL", "IMPORT", "EXPORT", "QUERY", "INSERT"),
    ),
    ("The options are 16, 64, and 256.", INTEGER, (16, 64, 256)),
    ("- 1：表示按照CU时收费。\n- 2：表示按照包年包月收费。", INTEGER, (1, 2)),
    (
        "云服务器状态。\n取值范围：\nACTIVE， BUILD，ERROR，SHUTOFF",
        STRING,
        ("ACTIVE", "BUILD", "ERROR", "SHUTOFF"),
    ),
    (
        "取值范围：\nAUTO: API使用单个分区。\nMANUAL:API使用源映像中的分区方案。",
        STRING,
        ("AUTO", "MANUAL"),
    ),
    ("作业执行模式：\n- async：异步\n- sync：同步", STRING, ("async", "sync")),
    ("取值为“true”或“false”。", STRING, ("true", "false")),
    ("- **true**: the disk is deleted\n- **false**: it is kept", STRING, ("true", "false")),
    (
        "Anti-affinity policy. Options:\n- anti-affinity: different hosts\n- affinity: same host",
        STRINGS,
        ("anti-affinity", "affinity"),
    ),
    ("The value can be 0 (encryption disabled) or 1 (encryption enabled).", INTEGER, (0, 1)),
    ("The value can only be **true**. The value can be true or false.", BOOLEAN, ()),
]


@pytest.mark.parametrize(("text", "typ", "enum"), ENUMS)
def test_enums(text: str, typ: Any, enum: tuple[Any, ...]) -> None:
    assert mine(text, type=typ).enum == enum


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The value can be **icmp**, **tcp**, **udp**, or the IP protocol number.", STRING),
        ("The value can be true or false.", BOOLEAN),  # no restriction on a boolean
        ("The value can be **true** or **false**.", BOOLEAN),
        (
            "- If this parameter is set to true, a savepoint is created.\n- Otherwise none is.",
            STRING,
        ),
        ("- cond:operation:status: abandon\n- cond:operation:az: az0(normal)", STRING),
        ("- Linux服务器：#!/bin/bash\n- Windows服务器：rem cmd", STRING),
        ("- NOTE: the value is case sensitive.\n- Example: abc", STRING),
        ("The value can be a string of 1 to 64 characters.", STRING),
        ("Options: 0, 1 and two", INTEGER),  # "two" is not an integer
        ("取值范围：1-65535", INTEGER),  # a range, not a one-value enum
        ("取值为true，表示开启", STRING),
        ("Specifies the job status.", STRING),
    ],
)
def test_no_enum_when_unsure(text: str, typ: Any) -> None:
    assert mine(text, type=typ).enum == ()


DEFAULTS: list[tuple[str, Any, Any]] = [
    ("The default value is false", BOOLEAN, False),
    ("The default value is **false**.", BOOLEAN, False),
    ("The default value is true, indicating that it is on.", BOOLEAN, True),
    ("Default value: 10", INTEGER, 10),
    ("Default value: **1**.", INTEGER, 1),
    ("Page size. The default value is 100.", LONG, 100),
    ("The default value is -1, indicating no limit.", INTEGER, -1),
    ("It defaults to asc.", STRING, "asc"),
    ("The default value is **exactly_once**.", STRING, "exactly_once"),
    ("默认为false。", BOOLEAN, False),
    ("默认值为10", INTEGER, 10),
    ("默认值为“false”，表示不使用异步方式。", BOOLEAN, False),
    ("每个taskmanager的CU数，默认值为“1”。", INTEGER, 1),
    ("实例数，默认为：1", INTEGER, 1),
    ("Devicemapper模式下默认值为10", INTEGER, 10),
    ("缺省值为30", INTEGER, 30),
    ("指定日期格式，默认值：“yyyy-MM-dd”。", STRING, "yyyy-MM-dd"),
    (
        "中断行为。\n- terminate：释放。\n- noTermination：不释放。\n默认值：terminate",
        STRING,
        "terminate",
    ),
    ("Definition\nWhether to enable it. The default value is false.\nRange\nNone", BOOLEAN, False),
    ("Definition\nQueue size\nConstraints\nNone\nRange\nNone\nDefault Value\n16", INTEGER, 16),
    ("参数解释：\n队列大小。\n约束限制：\n不涉及。\n默认取值：\n16", INTEGER, 16),
    ("The default value is 0.5.", FLOAT, 0.5),
]


@pytest.mark.parametrize(("text", "typ", "default"), DEFAULTS)
def test_defaults(text: str, typ: Any, default: Any) -> None:
    found = mine(text, type=typ).default
    assert found == default and type(found) is type(default)


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("Default value: N/A", STRING),
        ("The default value is None.", STRING),
        ("默认值：无", STRING),
        ("Definition\nName\nDefault Value\nN/A", STRING),
        ("The default value is the current time.", STRING),
        ("用户自定义数据分隔符，默认为逗号。", STRING),
        ("The value of this parameter is used by default.", STRING),
        ("The default value is yes.", BOOLEAN),  # not a boolean literal
        (
            "The default value is 1. For v2 the default value is 2.",
            INTEGER,
        ),  # two different defaults
        ("This replaces the default settings in sc_type.", STRING),
    ],
)
def test_no_default_when_unsure(text: str, typ: Any) -> None:
    assert mine(text, type=typ).default is NOT_STATED


BOUNDS: list[tuple[str, Any, tuple[tuple[str, Any], ...]]] = [
    ("The value ranges from 1 to 1000.", INTEGER, (("maximum", 1000), ("minimum", 1))),
    ("The value ranges from 1 to 65,535.", INTEGER, (("maximum", 65535), ("minimum", 1))),
    ("Value range: 16 to 256", INTEGER, (("maximum", 256), ("minimum", 16))),
    ("Minimum: 2\nMaximum: 30", INTEGER, (("maximum", 30), ("minimum", 2))),
    ("Minimum value: 0\nMaximum value: 100", INTEGER, (("maximum", 100), ("minimum", 0))),
    ("取值范围：40~1024", INTEGER, (("maximum", 1024), ("minimum", 40))),
    ("系统盘取值范围：40-1024", INTEGER, (("maximum", 1024), ("minimum", 40))),
    ("最小值：1\n最大值：65535", INTEGER, (("maximum", 65535), ("minimum", 1))),
    ("取值为[1-9]", INTEGER, (("maximum", 9), ("minimum", 1))),
    ("An integer greater than or equal to 0", LONG, (("minimum", 0),)),
    ("The value ranges from 0.1 to 0.9.", FLOAT, (("maximum", 0.9), ("minimum", 0.1))),
    ("It can contain a maximum of 36 characters.", STRING, (("maxLength", 36),)),
    ("The value can contain up to 64 characters.", STRING, (("maxLength", 64),)),
    (
        "Enter 1 to 56 characters starting with a letter",
        STRING,
        (("maxLength", 56), ("minLength", 1)),
    ),
    ("Length range: 0 to 512 characters.", STRING, (("maxLength", 512), ("minLength", 0))),
    ("Maximum length: 255 characters", STRING, (("maxLength", 255),)),
    ("最大长度：16384", STRING, (("maxLength", 16384),)),
    ("长度为1-56位", STRING, (("maxLength", 56), ("minLength", 1))),
    ("长度范围1-56位", STRING, (("maxLength", 56), ("minLength", 1))),
    ("不超过64个字符", STRING, (("maxLength", 64),)),
    ("名称长度为1~128个字符。", STRING, (("maxLength", 128), ("minLength", 1))),
    (
        "Minimum: 1\nMaximum: 64",
        STRING,
        (("maxLength", 64), ("minLength", 1)),
    ),  # API Explorer strings
    ("Array Length: 1 - 10", STRINGS, (("maxItems", 10), ("minItems", 1))),
    # a bound written as a product is its value, never its last factor (rst/dli, zh-md/dli)
    ("长度限制：0-1024*1024个字符。", STRING, (("maxLength", 1048576), ("minLength", 0))),
    ("The value can contain 1 to 1,024 x 1,024 characters.", STRING, (("maxLength", 1048576), ("minLength", 1))),
    ("Length range: 1,024 x 1,024 characters.", STRING, ()),
    (
        (
            "Definition\nBandwidth\nConstraints\nN/A\nRange\n"
            "The value ranges from 1 to 1,000.\nDefault Value\nN/A"
        ),
        INTEGER,
        (("maximum", 1000), ("minimum", 1)),
    ),
    (
        "Definition\nJob name\nConstraints\nThe value can contain 0 to 57 characters.\nRange\nNone",
        STRING,
        (("maxLength", 57), ("minLength", 0)),
    ),
]


@pytest.mark.parametrize(("text", "typ", "constraints"), BOUNDS)
def test_bounds(text: str, typ: Any, constraints: tuple[tuple[str, Any], ...]) -> None:
    assert mine(text, type=typ).constraints == constraints


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("The value ranges from 1 to 1000.", STRING),  # numbers are no string bound
        ("It can contain a maximum of 36 characters.", INTEGER),  # lengths are no number bound
        (
            (
                "Job progress. If a job fails, the value is -1. "
                "Otherwise, the value ranges from 0 to 100."
            ),
            FLOAT,
        ),
        ("The value ranges from 100 to 1.", INTEGER),  # min > max
        ("Value range: -1 or greater than 0. The default value is -1.", INTEGER),
        ("The value ranges from 0 to the number of ECSs created in the batch.", INTEGER),
        ("The value ranges from 1 to 100.", BOOLEAN),
        ("Minimum: 0.5", INTEGER),
        # a size in kilobytes (of the content before base64 encoding), not a count of characters
        ("user_data的值为base64编码之后的内容。注入内容（编码之前的内容）最大长度为32K。", STRING),
        ("Maximum length: 1 MB", STRING),
        # a value allowed beside the range: no bound (a schema cannot say "0 or 7-732" with them)
        ("Specifies the number of days for storing audit logs. The value can be 0 or ranges from 7 to 732.",
         INTEGER),
        ("审计日志保存天数，取值为0或7~732。", INTEGER),
    ],
)
def test_no_bounds_when_unsure(text: str, typ: Any) -> None:
    assert mine(text, type=typ).constraints == ()


def test_two_different_maxima_drop_the_maximum_only() -> None:
    text = "The value ranges from 1 to 10 for v1 and from 1 to 20 for v2."
    assert mine(text, type=INTEGER).constraints == (("minimum", 1),)


def test_structured_range_that_says_none_gives_no_enum() -> None:
    text = "Definition\nJob name\nConstraints\nNone\nRange\nNone\nDefault Value\nNone"
    assert mine(text, type=STRING) == Mined()


def test_constraints_are_sorted_by_key() -> None:
    found = mine("Enter 1 to 56 characters", type=STRING).constraints
    assert [k for k, _ in found] == sorted(k for k, _ in found)


def test_everything_at_once() -> None:
    text = (
        "Job running mode. The options are as follows:\n- shared_cluster: shared\n"
        "- exclusive_cluster: "
        "exclusive\n- edge_node: edge\nThe default value is shared_cluster."
    )
    assert mine(text, type=STRING) == Mined(
        enum=("shared_cluster", "exclusive_cluster", "edge_node"), default="shared_cluster"
    )


@pytest.mark.parametrize(
    "text",
    [
        "The UTC time format is used: YYYY-MM-DDTHH:MM:SSZ.",  # rst/ces
        "采用UTC时间格式，格式为：YYYY-MM-DDTHH:MM:SSZ",  # zh-md/ces
        "Specifies the image update time. The value is in ISO8601 format, such as **2013-06-09T06:42:18Z**.",
        "创建时间，格式为yyyy-MM-dd'T'HH:mm:ss'Z'",
        "Snapshot creation time. The format is ISO8601: YYYY-MM-DDThh:mm:ssZ.",
    ],
)
def test_date_time_format(text: str) -> None:
    assert ("format", "date-time") in mine(text, type=STRING).constraints


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        ("截止时间，UTC时间格式。永久有效为forever", STRING),  # another shape allowed
        ("Creation time, in the format of yyyy-MM-dd HH:mm:ss.", STRING),  # no T: not RFC 3339
        ("Creation time (UTC timestamp in milliseconds).", STRING),
        ("The UTC time format is used: YYYY-MM-DDTHH:MM:SSZ.", LONG),  # numbers get no date-time
        ("The value is in ISO8601 format.", STRINGS),
        ("Time zone of the cluster, for example UTC+8.", STRING),
        ('创建时间，例如:"2020-02-05T10:38:34.209782"', STRING),  # zh-md/cbr: no zone
        ("The value format is yyyy-MM-dd'T'HH:mm:ss.SSS.", STRING),  # rst/dns: no zone
        ("The time format is YYYY-MM-DDThh:mmZ.", STRING),  # rst/as: no seconds
        ('The value must be a valid value in the "hh:mm-HH:MM" format. The current time is in the UTC format.', STRING),
        ('Additional information. The event is {"version": "v1.0", "time": "2018-06-01T08:30:00+08:00"}.', STRING),
    ],
)
def test_no_date_time_format(text: str, typ: Any) -> None:
    assert not any(key == "format" for key, _ in mine(text, type=typ).constraints)


@pytest.mark.parametrize(
    ("text", "typ", "constraints"),
    [
        ("The name must be less than or equal to 64 characters.", STRING, (("maxLength", 64),)),
        ("名称，小于等于64字符", STRING, (("maxLength", 64),)),
        ("Greater than 0", INTEGER, (("exclusiveMinimum", 0),)),
        ("取值大于0", INTEGER, (("exclusiveMinimum", 0),)),
        ("Range:\nAn integer greater than 0\nDefault: 10", INTEGER, (("exclusiveMinimum", 0),)),
        ("greater than or equal to 1 and less than 100", INTEGER, (("minimum", 1),)),  # prose: no exclusive
        # zh-md/mrs: the quota sentence's 大于500 is no bound; the range stays
        ("Core节点数量。\n取值范围：[1～500]\nCore节点默认的最大值为500，如果用户需要的Core节点数大于500，请申请扩大配额。",
         INTEGER, (("maximum", 500), ("minimum", 1))),
        ("不大于10", INTEGER, (("maximum", 10),)),  # negated: a maximum, not an exclusive minimum
        ("not greater than 10", INTEGER, (("maximum", 10),)),
        ("If this parameter is not set, all are returned. The value ranges from 1 to 100.", INTEGER,
         (("maximum", 100), ("minimum", 1))),
    ],
)
def test_more_bounds(text: str, typ: Any, constraints: tuple[tuple[str, Any], ...]) -> None:
    assert mine(text, type=typ).constraints == constraints


_DWS = "**Definition**\nX.\n**Constraints**\nN/A\n**Range**\n{}\n**Default Value**\nN/A"


@pytest.mark.parametrize(
    ("text", "typ"),
    [
        # rst/dws: a range that holds only under a condition is not the field's range
        (_DWS.format("If **resource_name** is **cpu**, the value is an integer from **1** to **99**."), INTEGER),
        ("当类型为A时，取值范围1~10。", INTEGER),
        ("If operation is set to SET, the value ranges from 0 to 200.", INTEGER),
        # rst/ecs: the ICMP sentence states another range, so neither holds for every value
        ("The value ranges from 1 to 65,535 and cannot be less than from_port.\n"
         "When ip_protocol is icmp, this parameter indicates the ICMP code field with a length from 0 to 255", INTEGER),
        ("The value must be less than 64 characters.", INTEGER),  # a length, not a value bound
        ("按流量分配时，大于1000Mbit/s：默认最小单位为500Mbit/s", INTEGER),  # zh-md/as: other units
        ("取值范围10分钟~12小时，小于10分钟时取默认值", INTEGER),  # zh-md/iam
        ("It can hold less than 1,000 items.", INTEGER),
    ],
)
def test_no_conditional_bounds(text: str, typ: Any) -> None:
    assert mine(text, type=typ).constraints == ()


def test_semicolon_items_in_a_structured_range_are_an_enum() -> None:
    # rst/dws: "**Range** ⏎ **1**: enabled; **0**: disabled."
    assert mine(_DWS.format("**1**: enabled; **0**: disabled."), type=INTEGER).enum == (1, 0)
    assert mine(_DWS.format("**on**: enabled; **off**: disabled"), type=STRING).enum == ("on", "off")


def test_semicolons_outside_a_range_block_are_not_an_enum() -> None:
    assert mine("Name of the rule; it must be unique.", type=STRING).enum == ()


# Descriptions that explain values rather than close a set (issue 10 item 4). Each one is
# a real description cell as the reader hands it over, with its page.
NOT_ENUMS: list[tuple[str, Any, str | None]] = [
    # rst/mrs cluster_management_apis_v1/creating_a_cluster_and_running_a_job.rst (add_jobs.input):
    # the bullets name file systems and say what a path in each looks like
    ("Address for inputting data.\n\nFiles can be stored in HDFS or OBS. The path varies depending on the "
     "file system.\n\n-  OBS: The path must start with **s3a://**. Files or programs encrypted by KMS are "
     "not supported.\n-  HDFS: The path starts with a slash (**/**).\n\nThe parameter contains a maximum of "
     "1,023 characters", STRING, "input"),
    # zh-md/mrs 创建集群并执行作业.md (add_jobs.job_log)
    ("作业日志存储地址，该日志信息记录作业运行状态。 文件可存储于HDFS或者OBS中，不同的文件系统对应的路径存在差异。\n"
     "- OBS：以“s3a://”开头。\n- HDFS：以“/”开头。\n最多为1023字符，不能包含;|&>'<$特殊字符，可为空。", STRING, "job_log"),
    # the same shape without the lead-in: every meaning states a form
    ("Path of the script.\n- OBS: The path must start with s3a://.\n- HDFS: The path starts with a slash (/).",
     STRING, "uri"),
    # zh-md/dli 修改队列网段.md (cidr_in_vpc): ranges per queue size
    ("队列虚拟私有云网段。\n不同CU规格队列支持的网段范围：\n- 16cu: 10.0.0.0/8 ~ 10.255.255.0/24\n"
     "- 64cu: 10.0.0.0/8 ~ 10.255.252.0/24\n- 256cu: 10.0.0.0/8 ~ 10.255.252.0/22", STRING, "cidr_in_vpc"),
    # rst/dds: the same per-case bullets when one case states no value list
    ("Specifies the node type.\n\nValid value:\n\n-  For a cluster instance, the value can be **mongos**, "
     "**shard**, or **config**.\n-  For a replica set instance, see the replica set guide.", STRING, "type"),
    # rst/ces alarm rule policies.count: the list holds for one kind of alarm only
    ("Number of times that the alarm triggering conditions are met. For event alarms, the value ranges from 1 "
     "to 180. For metric and website alarms, the value can be 1, 2, 3, 4, 5, 10, 15, 30, 60, 90, 120, or 180.",
     INTEGER, "count"),
    # zh-md/dds 设置自动备份策略 (backup_policy.period): values of one retention case
    ("备份周期配置。\n取值范围：格式为半角逗号隔开的数字，数字代表星期。保留天数取值不同，备份周期约束如下：\n"
     "- 0天，不传该参数。\n- 1～6天，备份周期全选，取值为：1,2,3,4,5,6,7。\n- 7～732天，备份周期至少选择一周中的一天。示例：1,2,3,4。",
     STRING, "period"),
    # rst/cbr cbr_apis/policies/creating_a_policy.rst (pattern): BYDAY's values inside a rule string
    ("Scheduling rule of the scheduler. The scheduling rule complies with iCalendar RFC 2445, but it supports "
     "only the **FREQ**, **BYDAY**, **BYHOUR**, **BYMINUTE**, and **INTERVAL** parameters. **FREQ** can be set "
     "only to **WEEKLY** or **DAILY**. **BYDAY** can be set to **MO**, **TU**, **WE**, **TH**, **FR**, **SA**, "
     "and **SU** (seven days of a week).", STRINGS, "pattern"),
    # rst/cts key_event_notification_management/creating_a_key_event_notification.rst (filter.rule)
    ("Advanced filter criteria rule. Example: **key != value**. The format is *field rule value*. - Field "
     "options: **api_version**, **code**, **trace_rating**, **trace_type**, **resource_id**, or "
     "**resource_name**. - Rule: **!=** or **=**.", STRINGS, "rule"),
    # rst/ecs creating an ECS (server.count): per-case default and maximum are not values
    ("Specifies the number of ECSs to be created.\nConstraints:\n- If this parameter is not specified, the "
     "default value is 1.\n- If the quota is sufficient, the maximum value is 500.", INTEGER, "count"),
    # rst/mrs auto_scaling_apis/configuring_an_auto_scaling_rule.rst (exec_scripts.parameters)
    ("Parameters of a custom automation script.\n\n-  Multiple parameters are separated by space.\n"
     "-  The following predefined system parameters can be transferred:\n\n"
     "   -  *${mrs_scale_node_num}*: Number of the nodes to be added or removed\n"
     "   -  *${mrs_scale_type}*: Scaling type. The value can be **scale_out** or **scale_in**.", STRING,
     "parameters"),
]


@pytest.mark.parametrize(("text", "typ", "name"), NOT_ENUMS)
def test_explanations_are_not_enums(text: str, typ: Any, name: str | None) -> None:
    assert mine(text, type=typ, name=name).enum == ()


REAL_ENUMS: list[tuple[str, Any, str | None, tuple[Any, ...]]] = [
    # rst/mrs auto scaling rule (fail_action): the label ends a bullet, the values follow
    ("Whether to continue executing subsequent scripts. Notes:\n- You are advised to set this parameter to "
     "continue in the commissioning phase.\n- The scale-in operation cannot be undone. fail_action must be set "
     "to continue for the scripts that are executed after scale-in. Possible values:\n"
     "- continue: Continue to execute subsequent scripts.\n- errorout: Stop the action.", STRING, "fail_action",
     ("continue", "errorout")),
    # zh-md/as 创建伸缩配置 (disk.volume_type): a later NOTE speaks of 不同磁盘类型, not the lead-in
    ("云服务器系统盘对应的磁盘类型，需要与系统所提供的磁盘类型相匹配。\n- SATA：普通IO磁盘类型。\n- SAS：高IO磁盘类型。\n"
     "- SSD：超高IO磁盘类型。\nNOTE: 了解不同磁盘类型的详细信息，请参见磁盘类型及性能介绍。", STRING, "volume_type",
     ("SATA", "SAS", "SSD")),
    # rst/mrs creating a cluster (bootstrap_scripts.nodes)
    ("Type of a node where the bootstrap action script is executed. The value can be **Master**, **Core**, or "
     "**Task**.", STRINGS, "nodes", ("Master", "Core", "Task")),
    # zh-md/swr (category): a clause before 取值为 is not a case
    ("镜像仓库类型，取值为app_server、linux、framework_app、database。", STRING, "category",
     ("app_server", "linux", "framework_app", "database")),
    # rst/dws event subscription (source_type): structured Range block
    ("**Definition**\n\nEvent source type.\n\n**Range**\n\ncluster, backup, or disaster-recovery", STRING,
     "source_type", ("cluster", "backup", "disaster-recovery")),
    # rst/dds restore (type): an enumeration label before VALUE: meaning bullets
    ("Specifies the recovery mode. The enumerated values are as follows:\n- backup: indicates restoration "
     "from backup files.\n- timestamp: indicates point-in-time restoration.", STRING, "type",
     ("backup", "timestamp")),
    # rst/dds db_instance_management/creating_a_db_instance.rst (flavor.type): one bullet per
    # case, every case states its values: together they close the set
    ("Specifies the node type.\n\nValid value:\n\n-  For a cluster instance, the value can be **mongos**, "
     "**shard**, or **config**.\n-  For a replica set instance, the value is **replica**.\n"
     "-  For a single node instance, the value is **single**.", STRING, "type",
     ("mongos", "shard", "config", "replica", "single")),
    # zh-md/dds 查询实例列表和详情 (engine): one value per edition
    ("存储引擎。\n- 对于社区版实例，取值为“wiredTiger”。\n- 对于增强版实例，取值为“rocksDB”。", STRING, "engine",
     ("wiredTiger", "rocksDB")),
    # the field named as the subject of the phrase is its own
    ("source_type can be set to volume or image.", STRING, "source_type", ("volume", "image")),
    ("The possible values: a, b, c", STRING, None, ("a", "b", "c")),
]


@pytest.mark.parametrize(("text", "typ", "name", "enum"), REAL_ENUMS)
def test_value_lists_stay_enums(text: str, typ: Any, name: str | None, enum: tuple[Any, ...]) -> None:
    assert mine(text, type=typ, name=name).enum == enum


@pytest.mark.parametrize(("text", "width"), [
    # rst/dds restoring_data_to_a_new_db_instance.rst:124
    ("Specifies the time point of data restoration in the UNIX timestamp. The unit is millisecond "
     "and the time zone is UTC.", "int64"),
    ("事件发生时间。UNIX时间戳，单位毫秒。", "int64"),  # zh-md/ces 上报事件.md:79
    ("creation time, which is a 10-bit timestamp.", "int32"),  # rst/mrs: seconds fit int32
    ("Average latency, in milliseconds.", "int32"),  # rst/functiongraph: a duration
])
def test_an_integer_holding_a_millisecond_unix_time_is_read_as_int64(text: str, width: str) -> None:
    from docconform.extractor.interpret.constraints import widened

    assert widened(parse_type("Integer"), text).format == width
    assert widened(parse_type("String"), text).format is None


# rst/dli creating_an_elastic_resource_pool.rst:48 (max_cu) and :53 (min_cu), as the reader hands them over
_POOL = ("Maximum number of CUs. The value of this parameter must be greater than or equal to the sum of "
         "maximum CUs allowed for any queue in the resource pool, and greater than min_cu.\n"
         "- Standard edition: The minimum value is 64 CUs.\n"
         "- Basic edition: The minimum value is 16 CUs, and the maximum value is 64 CUs.")


def test_bounds_of_bullets_keyed_by_a_case_are_not_the_fields() -> None:
    # each edition's bounds hold for that edition only: the example's 684 CUs is a Standard pool
    assert mine(_POOL, type=INTEGER).constraints == ()
    # a different bound beside the per-case one is doubtful, as a conditional one makes it
    own = "Minimum number of CUs. The maximum value is 2048.\n" + _POOL.split("\n", 1)[1]
    assert mine(own, type=INTEGER).constraints == ()
    assert dict(mine("Minimum number of CUs. The minimum value is 64.\n" + _POOL.split("\n", 1)[1],
                     type=INTEGER).constraints).get("maximum") is None


@pytest.mark.parametrize("text", [
    "Port.\n- Value range: 1 to 65535",  # the bullet's label names the bound itself
    "Port.\n- 取值范围：1~65535",
])
def test_bullets_labelled_with_the_bound_are_the_fields(text: str) -> None:
    assert dict(mine(text, type=INTEGER).constraints) == {"minimum": 1, "maximum": 65535}


@pytest.mark.parametrize(("text", "expected"), [
    # rst/functiongraph creating_a_trigger.rst:198: every trigger's range starts at 1
    ("Batch size, that is, the maximum amount of data that can be processed at a time. This parameter is "
     "mandatory for DDS, Kafka, RocketMQ, triggers.\n- DDS trigger: Enter a value from 1 to 10,000.\n"
     "- Kafka trigger: Enter a value from 1 to 1,000.\n- RocketMQ trigger: Enter a value from 1 to 1,000.",
     {"minimum": 1}),
    # zh-md/as 创建弹性伸缩策略.md: both operations allow at most 300
    ("操作实例个数，默认为1。当配额为默认配额时，取值范围如下：\n- operation为SET时，取值范围为：0~300。\n"
     "- operation为ADD或REMOVE/REDUCE时，取值范围为：1~300。", {"maximum": 300}),
])
def test_a_bound_every_case_shares_is_the_fields(text: str, expected: dict[str, int]) -> None:
    assert dict(mine(text, type=INTEGER).constraints) == expected
