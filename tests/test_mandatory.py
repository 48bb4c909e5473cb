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
