"""Table roles from captions, section roles from headings (VARIANTS.md §2, §4).

A parameter table says where its rows go through its caption ("Path
Parameters", 请求Header参数, "Table 4 StartJobSubmission", "**nics** field
description", "volume字段数据结构说明") or, when the caption is generic or
missing, through the section it stands in ("Request", 响应消息). This module
reads both vocabularies, plus the ``Status code: 200`` lines that group
responses on API-Explorer pages and the "see Error Codes" references.

Decisions:

* captions that name a structure ("StartJobSubmission", "nics field
  description", "Objects of response parameter security_group") are
  ``named`` with the name extracted; "Array element parameters"/数组元素参数说明
  is ``named`` with no name: it describes the elements of an array root and
  is reached by a link, never placed by its section;
* ``classify_heading`` returns ``None`` for titles it does not know and
  ``'other'`` for titles it knows to be irrelevant (调试, "Involved APIs").

Not responsible for linking a named table to its parent row, nor for what
the page's sections contain. Vocabulary in ``vocab/roles.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import vocab

__all__ = [
    "CaptionRole",
    "Role",
    "SectionRole",
    "classify_caption",
    "classify_heading",
    "example_outcome",
    "qualified_example_title",
    "mentions_error_codes",
    "status_line",
]

Role = Literal[
    "path",
    "query",
    "header",
    "body",
    "request",
    "response",
    "response-header",
    "status",
    "error-codes",
    "generic",
    "named",
]
SectionRole = Literal[
    "function",
    "uri",
    "request",
    "response",
    "example-request",
    "example-response",
    "examples",
    "status-codes",
    "error-codes",
    "constraints",
    "other",
]


@dataclass(frozen=True)
class CaptionRole:
    """What a caption says a table is; ``name`` for tables that describe a structure."""

    role: Role
    name: str | None = None


# Written so that no blank run is retried from each of its positions (linear time).
_LABEL = re.compile(r"^\s*(?:(?:\*+\s*)?(?:table|表)\s*\d+[a-z]?\s*\**\s*[:.：]?\s*)", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|`|\\")
_PAREN = re.compile(r"(?:(?<!\s)|(?=[（(]))\s*[（(][^()（）]*[)）]\s*")
_FOR = re.compile(r"(?<!\s)\s+(?:for|in case of|when)\s+.*$", re.IGNORECASE)
_ID = r"[A-Za-z_@$][A-Za-z0-9_.:/@$-]*"
_ID_RE = re.compile(_ID)
#: A maximal run of identifier characters; a name is the run from its first possible start.
_ID_RUN = re.compile(r"[A-Za-z0-9_.:/@$-]+")
_ID_START = re.compile(r"[A-Za-z_@$]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBERING = re.compile(  # "1.", "4.2", "a.", "一、" before a section title
    r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z]\.|[一二三四五六七八九十]+、)\s+", re.IGNORECASE
)
_SEE = re.compile(r"参见|参考|请见|详见")
_ROLE_TOKENS = frozenset({"uri", "url", "query", "header", "body", "api", "http", "https", "json"})


def _clean(caption: str) -> str:
    text = _MARKUP.sub("", vocab.unescape_md(caption))
    text = _LABEL.sub("", text)
    return " ".join(text.split()).strip().rstrip(":：").strip()


def _alternation(key: str) -> str:
    words = sorted(vocab.load("roles")[key], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _family_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    family, tails = _alternation("family_words"), _alternation("family_tails")
    prefixes, words = _alternation("family_prefixes"), _alternation("family_prefix_words")
    names = rf"(?P<name>{_ID})(?:\s*(?:,|and|&)\s*{_ID})*"
    prefix_form = rf"^(?:{prefixes})\s+(?:(?:{words})\s+)*{names}(?:\s+(?:{family}))?$"
    # a tail may be followed by what the structure belongs to: "**configurations** parameter
    # description of services, roles, and instances" (rst/mrs saving_configurations)
    suffix_form = rf"^{names}(?:\s+(?P<family>{family}))?(?:\s+(?P<tail>{tails})(?:\s+of\s+\S.*)?)?$"
    return re.compile(prefix_form, re.IGNORECASE), re.compile(suffix_form, re.IGNORECASE)


def _plausible_name(name: str, *, family: str | None) -> bool:
    """Reject role words posing as names ("Request parameters description").

    After "field" or "object" any identifier is a name ("response field
    description" documents a field called ``response``); with no structure
    word at all the name must look like an identifier, not an English word.
    """
    if family and family.casefold().startswith(("field", "object")):
        return True
    if vocab.fold(name) in vocab.words("roles", "family_stop"):
        return False
    if family is not None:
        return True
    return name[0].islower() or bool(re.search(r"[_.:/-]|[a-z][A-Z]", name))


def _english_family(text: str) -> str | None:
    text = _FOR.sub("", _PAREN.sub(" ", text)).strip()
    prefix_form, suffix_form = _family_patterns()
    if m := prefix_form.match(text):
        return m.group("name") if _plausible_name(m.group("name"), family="") else None
    m = suffix_form.match(text)
    if m and (m.group("family") or m.group("tail")):
        name = m.group("name")
        return name if _plausible_name(name, family=m.group("family")) else None
    return None


def _chinese_family(text: str) -> str | None:
    """The one ASCII name directly followed by a structure word (字段, 参数, 对象 ...).

    Prefixes such as 创建弹性公网IP的 or 响应参数 and trailing notes in
    brackets are ignored; two candidates make the caption ambiguous.
    """
    text = _PAREN.sub("", text)
    found = [name for name in _names_before(text, _chinese_marker()) if name.casefold() not in _ROLE_TOKENS]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def _chinese_marker() -> re.Pattern[str]:
    markers = "|".join(re.escape(m) for m in vocab.load("roles")["zh_family_markers"])
    return re.compile(rf"\s*(?:的)?(?:{markers})")


def _names_before(text: str, follower: re.Pattern[str]) -> list[str]:
    """Identifiers directly followed by ``follower``, as ``re.finditer(ID + follower)`` finds them.

    Searched run by run: the regular expression alone retries every position
    of a long identifier run to its end (quadratic: minutes for a 20,000
    character run on a damaged page). The markers are not identifier
    characters, so a name always extends to the end of its run.
    """
    found = []
    for run in _ID_RUN.finditer(text):
        start = _ID_START.search(run.group())
        if start is not None and follower.match(text, run.end()):
            found.append(run.group()[start.start():])
    return found


def _contains_role(text: str) -> Role | None:
    compact = vocab.fold_compact(text)
    for role, keywords in vocab.load("roles")["caption_contains"].items():
        if any(vocab.fold_compact(k) in compact for k in keywords):
            return role  # type: ignore[no-any-return]
    return None


def classify_caption(caption: str) -> CaptionRole | None:
    """The role a caption gives its table, or ``None`` when it says nothing known."""
    text = _clean(caption)
    if not text:
        return None
    exact = vocab.table("roles", "captions").get(vocab.fold(text))
    if exact is not None:
        return CaptionRole(exact)  # type: ignore[arg-type]
    name = _chinese_family(text) if _CJK.search(text) else _english_family(text)
    if name:
        return CaptionRole("named", name)
    if _ID_RE.fullmatch(text) and _plausible_name(text, family=""):
        return CaptionRole("named", text)
    role = _contains_role(text)
    return CaptionRole(role) if role else None


def classify_heading(text: str) -> SectionRole | None:
    """The role of a section title (English or Chinese); ``None`` if unknown."""
    title = _NUMBERING.sub("", _clean(text))
    headings = vocab.table("roles", "headings")
    for candidate in (title, re.sub(r"\s*\d+$", "", title)):
        role = headings.get(vocab.fold(candidate))
        if role is not None:
            return role  # type: ignore[return-value]
    return None


@lru_cache(maxsize=1)
def _status_re() -> re.Pattern[str]:
    words, joins, tails = (_alternation(k) for k in ("status_line", "status_line_joins", "status_line_tails"))
    return re.compile(
        # possessive (*+): blanks are never handed back, so a long blank run costs linear time
        rf"^[\s*]*(?:{words})\s*+(?:(?:{joins})\s*+)?[:：]?\s*+\**+\s*+([1-5]\d\d)(?![0-9A-Za-z])\s*+"
        rf"(?:(?:{tails})\s*+[:：]?\s*+)?\**+"
        r"(?:\s*+[A-Za-z][A-Za-z -]{0,30})?[\s*]*$",
        re.IGNORECASE,
    )


def status_line(text: str) -> str | None:
    """``"200"`` for a line such as "Status code: 200", "状态码： 200" or 状态码为 200 时：, else ``None``.

    Only a line that is nothing but the status (plus a reason phrase such as
    "OK") counts, so prose that mentions a code is not taken for a grouping line.
    """
    stripped = text.strip()
    if "\n" in stripped:
        return None
    match = _status_re().match(stripped)
    return match.group(1) if match else None


@lru_cache(maxsize=1)
def _error_ref_re() -> re.Pattern[str]:
    words = _alternation("error_code_refs")
    return re.compile(
        r"(?:\bsee\b|\brefer to\b|\bdescribed in\b|参见|参考|请见|详见)\W{0,12}"
        rf"(?:the\s+)?(?:{words})",
        re.IGNORECASE,
    )


def mentions_error_codes(text: str) -> bool:
    """Whether the text sends the reader to the error-code list ("see Error Codes", 参见错误码)."""
    return bool(_error_ref_re().search(vocab.unescape_md(text)))


def qualified_example_title(text: str) -> SectionRole | None:
    """``data_location为OBS时的请求样例``, ``action为filter时响应样例``, ``Spark作业请求示例``: a Chinese
    example title after a qualifier (a condition, a variant) is still that example's title.

    Only Chinese titles, where the qualifier comes first and the title word ends the
    line; an English title that merely starts with "Example request" may be prose.
    """
    text = vocab.unescape_md(text).strip().rstrip(":：").strip()
    if not _CJK.search(text) or _SEE.search(text):
        return None  # 请参见请求示例 points at the title, it is not one
    headings = vocab.load("roles")["headings"]
    for role in ("example-request", "example-response"):
        if any(_CJK.search(title) and text.endswith(title) for title in headings[role]):
            return role  # type: ignore[return-value]
    return None


def example_outcome(title: str) -> Literal["error", "success"] | None:
    """What an example-response title says its examples show: a failure, a success, or nothing.

    "Example response (request failed)", 失败响应样例 and "Example Error
    Response" introduce error bodies, which must never be filed under the
    success status; "(request successful)", 成功响应样例 the success body.
    """
    compact = vocab.fold_compact(vocab.unescape_md(title))
    outcomes = vocab.load("roles")["example_outcomes"]
    for outcome in ("error", "success"):
        if any(vocab.fold_compact(w) in compact for w in outcomes[outcome]):
            return outcome  # type: ignore[return-value]
    return None
