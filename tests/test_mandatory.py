"""Mandatory cells (VARIANTS.md §5): Yes/No, 是/否, free text, conditionals, empty."""

from __future__ import annotations

import pytest

from docconform.extractor.interpret.mandatory import parse_required

CASES = [
    ("Yes", True, None),
    ("No", False, None),
    ("yes", True, None),
    ("NO", False, None),
    ("是", True, None),
    ("否", False, None),
    ("是。", True, None),
    ("否。", False, None),
    ("Mandatory", True, None),
    ("Optional", False, None),
    ("必选", True, None),
    ("可选", False, None),
    ("True", True, None),
    ("False", False, None),
    (" Yes \n", True, None),
    (
        "Yes (If the volume is created from a snapshot, this parameter is optional.)",
        True,
        "If the volume is created from a snapshot, this parameter is optional.",
    ),
    ("是（如果卷快照创卷，size为可选。）", True, "如果卷快照创卷，size为可选。"),
    (
        "No This parameter is mandatory for AK/SK authentication.",
        False,
        "This parameter is mandatory for AK/SK authentication.",
    ),
    ("否 使用AK/SK认证时该字段必选。", False, "使用AK/SK认证时该字段必选。"),
    ("否\n使用Token认证时该字段必选。", False, "使用Token认证时该字段必选。"),
    # conditional text: not required, the text kept as the note
    ("POST/PUT请求必填。 GET不能包含。", False, "POST/PUT请求必填。 GET不能包含。"),
    ("使用AK/SK认证时必选。", False, "使用AK/SK认证时必选。"),
    ("取值三选一", False, "取值三选一"),
    ("Mandatory for any of the three values", False, "Mandatory for any of the three values"),
    ("Optional. Only used for v2 requests", False, "Only used for v2 requests"),
    # nothing said
    ("", None, None),
    ("-", None, None),
    ("N/A", None, None),
    ("   ", None, None),
]


@pytest.mark.parametrize(("text", "required", "note"), CASES)
def test_parse_required(text: str, required: bool | None, note: str | None) -> None:
    assert parse_required(text) == (required, note)


@pytest.mark.parametrize("text", ["Integer", "String", "Array of objects", "see below"])
def test_other_text_says_nothing_but_is_kept(text: str) -> None:
    # a type word in the Mandatory column (column swap) is not an answer
    assert parse_required(text) == (None, text)


def test_is_not_confused_by_words_starting_like_yes_no() -> None:
    assert parse_required("Note")[0] is None
    assert parse_required("Yesterday")[0] is None
    assert parse_required("是否")[0] is None


# ---------------------------------------------------------------- conditions in descriptions

from docconform.extractor.interpret.mandatory import conditional_requirement, required_condition  # noqa: E402


@pytest.mark.parametrize("description, condition", [
    ("Specifies the user ID. This parameter is mandatory when **keyname** is used.",
     "This parameter is mandatory when **keyname** is used"),
    ("SQL program path\nThis parameter is needed by Spark Script and Hive Script jobs only.",
     "This parameter is needed by Spark Script and Hive Script jobs only"),
    ("This parameter must be specified if multiple tenant networks are used.",
     "This parameter must be specified if multiple tenant networks are used"),
    ("数据源连接ID。当数据源为MRS时为必选字段。", "当数据源为MRS时为必选字段"),
    ("- 当“code_type”为“inline”时，必选，且代码必须要进行base64编码", "当“code_type”为“inline”时，必选，且代码必须要进行base64编码"),
    # a field that may be left out, or is to be filled in, only under a condition
    ("新增表的列。列相关参数请参考 表3 。data_location为VIEW时可不填写。", "data_location为VIEW时可不填写"),
    ("创建视图时依赖的查找语句。data_location为VIEW时填写。", "data_location为VIEW时填写"),
    ("totp认证信息，仅在您已开启虚拟MFA方式的登录保护功能时需要填写该参数。",
     "totp认证信息，仅在您已开启虚拟MFA方式的登录保护功能时需要填写该参数"),
    ("The image ID. This parameter can be omitted when a volume is the system disk.",
     "This parameter can be omitted when a volume is the system disk"),
    ("The key name. It is optional if adminPass is specified.", "It is optional if adminPass is specified"),
    # filling in at a moment, not under a condition; a default when left out
    ("创建时填写的描述信息，长度不超过255。", None),
    ("用户组名，创建时填写。长度小于等于64。", None),
    ("Specifies the name. If this parameter is left blank, the default value is used.", None),
    ("The value is mandatory.", None),
    ("Query statement required for creating a view.", None),
])
def test_conditions_in_descriptions(description: str, condition: str | None) -> None:
    assert required_condition(description) == condition


def test_a_conditional_field_is_not_required() -> None:
    # "Yes" with a condition in the description: required only when the condition holds
    assert conditional_requirement(True, None, "It is mandatory if MFA is enabled.") == (
        False, "It is mandatory if MFA is enabled")
    # "Yes (If ..., this parameter is optional.)": the cell's note is the condition
    note = "If the volume is created from a snapshot, this parameter is optional."
    assert conditional_requirement(True, note, "Volume size.") == (False, note)
    # optional and unmarked fields keep their answer and gain the condition
    assert conditional_requirement(False, None, "Mandatory when type is ecs.") == (False, "Mandatory when type is ecs")
    assert conditional_requirement(None, None, "Mandatory when type is ecs.") == (None, "Mandatory when type is ecs")
    # nothing conditional: unchanged
    assert conditional_requirement(True, None, "The job name.") == (True, None)


def test_a_field_the_request_carries_only_under_a_condition() -> None:
    """zh-md/mrs/创建集群并执行作业.md:381 marks cluster_master_secret 是, and its description (and
    login_mode's, line 458) says when the request body contains it; rst/mrs
    creating_a_cluster_and_running_a_job.rst:203 says the same in English."""
    zh = "当“login_mode”配置为“0”时，请求消息体中包含cluster_master_secret字段"
    own = f"配置访问集群节点的root密码。{zh}。\n密码设置约束如下："
    assert conditional_requirement(True, None, own, "cluster_master_secret") == (False, zh)
    # the same sentence in login_mode's description is about another field
    assert conditional_requirement(True, None, f"集群登录方式。\n- {zh}。", "login_mode") == (True, None)
    en = "If **login_mode** is set to **0**, the request body contains the **cluster_master_secret** field"
    assert conditional_requirement(True, None, f"Password of user root. {en}.", "cluster_master_secret") == (False, en)
    assert conditional_requirement(True, None, f"{en}.", "cluster") == (True, None)  # a prefix of the name
    # a condition on the request's content that names no field is no requirement
    assert conditional_requirement(True, None, "If the request body contains full-width characters, convert them.",
                                   "name") == (True, None)


def test_a_field_not_transferred_in_some_case_is_not_unconditionally_required() -> None:
    # rst/dds restoring_data_to_a_new_db_instance.rst:146: "num | Yes | Integer | Specifies node
    # quantity. … This parameter is not transferred for shard nodes." (the example's shard has none)
    from docconform.extractor.interpret.mandatory import conditional_requirement

    text = "Specifies node quantity.\nValid value:\n- This parameter is not transferred for shard nodes.\n" \
           "- mongos: The value ranges from 2 to 32."
    assert conditional_requirement(True, None, text) == (False, "This parameter is not transferred for shard nodes")
    assert conditional_requirement(True, None, "Specifies node quantity. It is transferred as a string.") == (True, None)
