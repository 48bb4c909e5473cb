"""The words random pages are made of: names, schema names, sentences, enums.

Drawn from the vocabulary of real pages (VARIANTS.md §4-§10) and kept apart
from the words a reader or the interpreter treats as structure: column names,
type words, Yes/No, section titles, header names (``X-...``) and array-root
pseudo names are never parameter names. This module draws words only; tables
and pages are :mod:`.strategies`' business. The fixed wording of each page
language and template (section titles, captions, column names) is here too,
so that all the page's words live in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from . import Lang, Style

__all__ = [
    "HEADERS",
    "WORDS",
    "ZH_NOUNS",
    "default_value",
    "doc_id",
    "enum_values",
    "page_title",
    "param_names",
    "sentence",
    "status_rows",
    "type_names",
    "words_for",
]

# fmt: off
WORDS = (
    "job", "queue", "cluster", "node", "pool", "tag", "key", "value", "limit", "offset", "size",
    "mode", "region", "flavor", "volume", "image", "policy", "rule", "target", "source", "user",
    "owner", "domain", "version", "port", "address", "zone", "group", "task", "stage", "quota",
    "member", "backup", "snapshot", "network", "subnet", "router", "bucket", "topic", "alias",
    "label", "level", "scope", "phase", "metric", "name", "status", "id"
)
_SUFFIXES = (
    "id", "name", "type", "status", "count", "time", "ids", "enabled", "size", "list", "info"
)
_RESERVED = frozenset((
    "-", "accept", "accept-language", "array", "authorization", "boolean", "content-length",
    "content-type", "description", "double", "float", "function", "integer", "items", "list",
    "long", "mandatory", "no", "none", "object", "parameter", "request", "response", "string",
    "strings", "type", "uri", "user-agent", "yes"
))
_TYPE_PARTS = (
    "Job", "Node", "Pool", "Tag", "Match", "Flavor", "Volume", "Server", "Rule", "Cert", "Member",
    "Listener", "Quota", "Image", "Policy", "Queue", "Subnet", "Route"
)
_TYPE_SUFFIXES = (
    "Info", "Option", "Spec", "Detail", "Ref", "Item", "Entry", "Config", "Summary"
)
# fmt: on
_ALL_TYPE_NAMES = tuple(p + s for p in _TYPE_PARTS for s in _TYPE_SUFFIXES)
# fmt: off
ZH_NOUNS = (
    "作业", "队列", "集群", "节点", "资源", "任务", "项目", "用户", "镜像", "网络", "子网", "规格", "标签", "配额", "区域", "实例",
    "磁盘", "快照", "策略", "规则", "版本", "端口"
)
_ZH_ATTRS = (
    "名称", "编号", "数量", "状态", "创建时间", "列表", "大小", "模式", "标识"
)
_EN_VERBS = (
    "Specifies the", "Indicates the", "The", "Returns the"
)
_ENUMS = (
    "ACTIVE", "BOOTING", "RUNNING", "FAILED", "STOPPED", "PENDING", "DELETED", "UNKNOWN",
    "SUCCEEDED", "FAILURE_ON_SUBMIT", "NEVER_EXECUTED", "SOFT", "HARD", "AUTO", "MANUAL"
)
_EN_STATES = (
    "running", "stopped", "being created", "deleted", "available", "frozen"
)
_ZH_STATES = (
    "运行中", "已停止", "创建中", "已删除", "可用", "已冻结"
)
_STRING_DEFAULTS = (
    "auto", "standard", "normal", "all", "public", "private"
)
HEADERS = (
    "X-Auth-Token", "X-Language", "X-Project-Id", "X-Sdk-Date", "X-Client-Token"
)
# fmt: on


def _join(parts: list[str], case: str) -> str:
    if case == "snake":
        return "_".join(parts)
    if case == "kebab":
        return "-".join(parts)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


@st.composite
def param_names(draw: st.DrawFn) -> str:
    """snake_case, camelCase or kebab-case identifiers made of API words."""
    first = draw(st.sampled_from(WORDS))
    rest = draw(st.lists(st.sampled_from(WORDS + _SUFFIXES), max_size=2))
    case = draw(st.sampled_from(("snake", "camel", "kebab")))
    name = _join([first, *rest], case)
    if name.casefold() in _RESERVED or name.casefold().startswith("x-"):
        name = f"{name}_value" if case != "kebab" else f"{name}-value"
    return name


def type_names(*, unused: Callable[[str], bool] | None = None) -> st.SearchStrategy[str]:
    """PascalCase schema names such as ``PoolSpec``, never a role word.

    ``unused`` narrows the choice up front (rather than filtering draws), so
    a page with many schema tables never runs out of tries.
    """
    return st.sampled_from([n for n in _ALL_TYPE_NAMES if unused is None or unused(n)])


def sentence(draw: st.DrawFn, lang: str) -> str:
    """A one-sentence description in the page's language."""
    if lang == "zh":
        return f"{draw(st.sampled_from(ZH_NOUNS))}的{draw(st.sampled_from(_ZH_ATTRS))}。"
    verb, word, suffix, owner = (
        draw(st.sampled_from(choices)) for choices in (_EN_VERBS, WORDS, _SUFFIXES, WORDS)
    )
    return f"{verb} {word} {suffix} of the {owner}."


def enum_values(draw: st.DrawFn, lang: str) -> tuple[tuple[str, str], ...]:
    """Two to four ``(VALUE, meaning)`` pairs, as enum bullets list them."""
    values = draw(st.lists(st.sampled_from(_ENUMS), min_size=2, max_size=4, unique=True))
    if lang == "zh":
        return tuple((v, draw(st.sampled_from(_ZH_STATES))) for v in values)
    return tuple(
        (v, f"The {draw(st.sampled_from(WORDS))} is {draw(st.sampled_from(_EN_STATES))}.")
        for v in values
    )


def default_value(
    draw: st.DrawFn,
    type_key: str,
    enum: tuple[tuple[str, str], ...],
    bounds: tuple[int | None, int] | None = None,
) -> Any:
    """A default of the row's type, inside its enum and bounds."""
    if enum:
        return draw(st.sampled_from([v for v, _ in enum]))
    if type_key == "String":
        return draw(st.sampled_from(_STRING_DEFAULTS))
    if type_key == "Integer":
        low, high = bounds if bounds else (0, 5000)
        return draw(st.integers(low or 0, high))
    return draw(st.booleans())


def doc_id(draw: st.DrawFn, style: Style) -> str:
    """An operation id on API-Explorer pages, a topic id (``dli_02_0241``) on classic ones."""
    if style == "explorer":
        return draw(st.sampled_from(("List", "Create", "Update", "Delete", "Show"))) + draw(
            type_names()
        )
    return f"{draw(st.sampled_from(('dli', 'ecs', 'cdm', 'evs')))}_02_{draw(st.integers(100, 9999)):04d}"


def page_title(draw: st.DrawFn, lang: Lang) -> str:
    """An H1 title such as "Stopping Tag Jobs" or "批量停止作业"."""
    if lang == "zh":
        return draw(st.sampled_from(("查询", "创建", "更新", "删除", "批量停止"))) + draw(
            st.sampled_from(ZH_NOUNS)
        )
    verb = draw(st.sampled_from(("Querying", "Creating", "Updating", "Deleting", "Stopping")))
    noun = draw(st.sampled_from(("Jobs", "Queues", "Nodes", "Tags")))
    return f"{verb} {draw(st.sampled_from(WORDS)).capitalize()} {noun}"


def status_rows(draw: st.DrawFn, lang: Lang, status: str) -> tuple[tuple[str, str], ...]:
    """The rows of a Status Codes table (the success code and 400), or none."""
    if not draw(st.booleans()):
        return ()
    ok, bad = (
        ("请求成功。", "请求参数错误。")
        if lang == "zh"
        else ("The request succeeded.", "Invalid request parameters.")
    )
    return ((status, ok), ("400", bad))


# ---------------------------------------------------------- template wording

_EN = {
    "function": "Function",
    "uri": "URI",
    "status-codes": "Status Codes",
    "error-codes": "Error Codes",
    "request": {"classic": "Request", "explorer": "Request Parameters"},
    "response": {"classic": "Response", "explorer": "Response Parameters"},
    "uri-format": "URI format",
    "param-desc": "Parameter description",
    "none": "None",
    "errors": "See Error Codes.",
    "status-caption": "Status codes",
    "caption": {
        ("classic", "uri"): "URI parameters",
        ("classic", "header"): "Request header parameters",
        ("classic", "request"): "Request parameters",
        ("classic", "response"): "Response parameters",
        ("explorer", "path"): "Path Parameters",
        ("explorer", "query"): "Query Parameters",
        ("explorer", "header"): "Request header parameters",
        ("explorer", "request"): "Request body parameters",
        ("explorer", "response"): "Response body parameters",
    },
    "headers": (
        ("Parameter", "Mandatory", "Type", "Description"),
        ("Name", "Mandatory", "Type", "Description"),
    ),
    "status-header": ("Status Code", "Description"),
    "yes": "Yes",
    "no": "No",
}
_ZH = {
    "function": "功能介绍",
    "uri": "URI",
    "status-codes": "状态码",
    "error-codes": "错误码",
    "request": {"classic": "请求消息", "explorer": "请求参数"},
    "response": {"classic": "响应消息", "explorer": "响应参数"},
    "uri-format": "URI格式",
    "param-desc": "参数说明",
    "none": "无",
    "errors": "请参见错误码。",
    "status-caption": "状态码",
    "caption": {
        ("classic", "uri"): "URI参数说明",
        ("classic", "header"): "请求Header参数",
        ("classic", "request"): "请求参数说明",
        ("classic", "response"): "响应参数说明",
        ("explorer", "path"): "路径参数",
        ("explorer", "query"): "Query参数",
        ("explorer", "header"): "请求Header参数",
        ("explorer", "request"): "请求Body参数",
        ("explorer", "response"): "响应Body参数",
    },
    "headers": (("参数", "是否必选", "参数类型", "描述"), ("名称", "是否必选", "参数类型", "说明")),
    "status-header": ("状态码", "描述"),
    "yes": "是",
    "no": "否",
}


def words_for(lang: str) -> dict[str, Any]:
    """The fixed wording of one page language."""
    return _EN if lang == "en" else _ZH
