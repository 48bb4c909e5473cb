"""Enumerations, defaults and ranges mined from a description cell (VARIANTS.md §9).

Descriptions state constraints in prose, in English and Chinese: "The value
can be **filter** or **count**.", bullets of ``VALUE: meaning``, "The default
value is **false**.", "默认值为10", "The value ranges from 1 to 1000.",
"取值范围：40~1024", "It can contain a maximum of 36 characters.",
"Minimum: 2 ⏎ Maximum: 30", and the structured blocks
"Definition/Constraints/Range/Default Value" and 参数解释/约束限制/取值范围/默认取值,
which are the most reliable and are read first.

The rule is confidence over coverage: an enum is produced only from bullets
that *all* start with a value token or from an explicit enumeration phrase
whose pieces are *all* value tokens; a default only when the value is a
single token (or quoted/bold); a bound only from a known phrase with numbers.
Two different statements of the same thing, or a minimum above the maximum,
give nothing. Values are converted to the field's type (the element type for
arrays). Boolean fields get no enum unless it restricts them.

The numeric and length bounds themselves are read by :mod:`.bounds`; this
module finds the structured block, the enum and the default and puts the
three together. Not responsible for patterns, formats ("in the format of
...") or the semantics of notes. Phrase words live in
``vocab/constraints.json``; the regular expressions live here and in
:mod:`.bounds`, nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import NOT_STATED, TypeRef
from . import vocab
from .bounds import NUM, TOKEN_END, bounds, number, phrases

__all__ = ["NOT_STATED", "Mined", "mine", "widened"]


@dataclass(frozen=True)
class Mined:
    """What a description says beyond prose; empty values mean "not stated"."""

    enum: tuple[Any, ...] = ()
    default: Any = NOT_STATED
    constraints: tuple[tuple[str, Any], ...] = ()


# ---------------------------------------------------------------- regexes

_VALUE = re.compile(r"[A-Za-z0-9_$*][A-Za-z0-9_.\-/+@#*$;=]*")
_QUOTED = re.compile(r"^[“\"'‘「『](.{1,60}?)[”\"'’」』]$")
_BULLET = re.compile(r"^\s*(?:[-•*·●▪◦]|\d+[.)、])\s+")
_ITEM = re.compile(  # "VALUE: meaning"; a colon inside a name (os:type) does not count
    rf"^[“\"'‘「]?(?P<v>{_VALUE.pattern})[”\"'’」]?\s*(?:：|:(?!//|[A-Za-z0-9_-]+:))"
)
_SENTENCE_END = re.compile(r"\.(?=\s|$)|。|;|；|\n")
# A leading \s* is tried only where a blank run starts (or right at the separator), so
# long blank runs cost linear, not quadratic, time; the matches are the same.
_SPLIT = re.compile(r"(?:(?<!\s)|(?=,|，|、|\bor\b|\band\b|或|和|及))\s*(?:,|，|、|\bor\b|\band\b|或者|或|和|及)\s*")
_PAREN = re.compile(r"(?<!\s)\s*[（(][^()（）]*[)）]")
_RANGE_PIECE = re.compile(rf"^(?:{NUM})\s*[-~～]\s*(?:{NUM})$")
_MARKUP = re.compile(r"\*\*|`")
# A bullet that starts with a key and a colon ("${mrs_scale_type}: Scaling type. ...").
_KEYED = re.compile(r"^\*?[^\s:：*]{1,60}\*?\s*(?:：|:(?!//))\s")
# A word right before an enumeration label that says whose values follow ("Field options:");
# articles and quantifiers ("The possible values:", "All values:") do not.
_QUALIFIER = re.compile(r"(?<![A-Za-z])(?!(?:the|all|its|their|other|following)\b)[A-Za-z][A-Za-z0-9_]*$", re.IGNORECASE)
# A name that is not an English word: BYDAY, mrs_scale_type, maxPods, ${var}.
_IDENTIFIER = re.compile(r"[A-Z][A-Z0-9_]+|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*|[a-z]+[A-Z][A-Za-z0-9]*|\*?\$\{[^}]*\}\*?")
_ITEM_SEP = re.compile(r"[;；]")
_LABEL_LINE = re.compile(r"^(.{1,20}?)\s*[:：]\s*(.*)$")
# A written date-time layout (YYYY-MM-DDTHH:MM, %YYYY-%mm-..., CCYY-..., quotes around
# the T) or an example value like 2013-06-09T06:42:18Z, with its zone if any: the T is
# what makes it RFC 3339 (not "yyyy-MM-dd HH:mm:ss"), seconds and a zone (Z, +08:00) what
# make a value valid as format date-time ("2020-02-05T10:38:34.209782", "...T10:00Z" are not).
_DATETIME = re.compile(
    r"(?:%?(?:yyyy|ccyy)-%?mm-%?dd'?t'?%?hh:%?mm(?P<s>:%?ss)?+(?:\.s++)?+"
    r"|\b\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?P<t>:\d{2})?+(?:\.\d++)?+)"
    r"(?P<zone>'?z'?(?![a-z])|(?:[+-]|±|\+/-)(?:hh|\d{2}):?(?:mm|\d{2}))?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _enum_opener() -> re.Pattern[str]:
    return re.compile(
        rf"(?:{phrases('enum_phrases')})\s*[:：]?\s*|(?:^|(?<=[\s,，。.]))(?P<label>{phrases('enum_labels')})\s*(?:[:：]\s*|$)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _default_re() -> re.Pattern[str]:
    quoted = "|".join(f"{a}[^{b}]{{1,60}}{b}" for a, b in ("“”", '""', "''", "‘’", "「」"))
    value = rf"(?P<v>{quoted}|{NUM}|[A-Za-z0-9_$*][A-Za-z0-9_.\-/+@#*$:]*?)"
    return re.compile(
        rf"(?:(?:{phrases('default_phrases')})\s*[:：]?|(?:{phrases('default_labels')})\s*[:：])\s*{value}{TOKEN_END}",
        re.IGNORECASE,
    )


# ---------------------------------------------------------------- values


class _Fail:
    pass


_FAIL = _Fail()


def _element_type(t: TypeRef) -> TypeRef:
    return t.items if t.base == "array" and t.items is not None else t


def _convert(text: str, t: TypeRef) -> Any:
    """A value as the field's type, or ``_FAIL`` when it is not one."""
    base = _element_type(t).base
    if base == "boolean":
        return {"true": True, "false": False}.get(text.casefold(), _FAIL)
    if base in ("integer", "number"):
        value = number(text)
        if value is None or (base == "integer" and not isinstance(value, int)):
            return _FAIL
        return value
    if base in ("object", "array", "null"):
        return _FAIL
    return text


def _unquote(text: str) -> str:
    m = _QUOTED.match(text.strip())
    return m.group(1) if m else text.strip()


def _is_value(piece: str, strong: frozenset[str]) -> str | None:
    """The value a list piece names, or ``None`` when the piece is prose."""
    piece = _PAREN.sub("", piece).strip().rstrip(".。")
    quoted = _QUOTED.match(piece)
    value = quoted.group(1) if quoted else piece
    if not value or vocab.fold(value) in vocab.words("constraints", "not_values"):
        return None
    if quoted or value in strong or (_VALUE.fullmatch(value) and not _RANGE_PIECE.match(value)):
        return value
    return None


def _typed(values: Sequence[str], t: TypeRef) -> tuple[Any, ...]:
    out: list[Any] = []
    for value in values:
        converted = _convert(value, t)
        if converted is _FAIL:
            return ()
        if converted not in out:
            out.append(converted)
    if _element_type(t).base == "boolean" and set(out) == {True, False}:
        return ()
    return tuple(out)


# ---------------------------------------------------------------- enums


def _bullet_values(bullets: Sequence[str], strong: frozenset[str], *, bare: bool) -> list[str]:
    """Values when every bullet starts with one (``VALUE: meaning``, or ``VALUE`` if bare)."""
    values: list[str] = []
    for bullet in bullets:
        text = bullet.strip()
        m = _ITEM.match(text)
        value = m.group("v") if m else (_is_value(text, strong) if bare else None)
        if value is None or vocab.fold(value) in vocab.words("constraints", "not_values"):
            return []
        values.append(value)
    return values if len(set(values)) == len(values) else []


def _list_values(text: str, strong: frozenset[str]) -> list[str]:
    """Values of an inline list ("a, b, or c"); empty when any piece is prose."""
    text = _SENTENCE_END.split(text, maxsplit=1)[0]
    pieces = [p for p in _SPLIT.split(text) if p.strip()]
    values = [_is_value(p, strong) for p in pieces]
    return [v for v in values if v] if pieces and all(values) else []


def _following(lines: Sequence[str], strong: frozenset[str]) -> list[str]:
    """Values in the lines after an opener that ends its line."""
    block: list[str] = []
    bulleted = False
    for line in lines:
        if not line.strip():
            continue
        if not block and not _BULLET.match(line) and not _ITEM.match(line.strip()):
            return _list_values(line, strong)
        if not block:
            bulleted = bool(_BULLET.match(line))
        # A bullet list ends at its first unbulleted line ("Default: X" after it).
        if not _BULLET.match(line) and (bulleted or not _ITEM.match(line.strip())):
            break
        block.append(_BULLET.sub("", line))
    return _bullet_values(block, strong, bare=True)


@lru_cache(maxsize=1)
def _case_start() -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{phrases('condition_openers')}|{phrases('case_openers')})(?:\s|[\u4e00-\u9fff])", re.IGNORECASE
    )


def _own_subject(prefix: str, name: str | None, *, label: bool = False) -> bool:
    """Whether an enumeration phrase after ``prefix`` states the field's own values.

    Not when its sentence states one case ("For a cluster instance, the value
    can be ..."; "If ..., the value can be ...") or when its subject is another
    named thing: an identifier other than the field ("BYDAY can be set to MO,
    TU, ..." in the description of a whole iCalendar rule string), nor a
    label qualified by a noun before it ("The format is field rule value. -
    Field options: api_version, code, ...": the values of one part of the
    string).
    """
    prefix = _BULLET.sub("", _SENTENCE_END.split(prefix)[-1]).strip()
    if label and _QUALIFIER.search(prefix):  # "Field options: ..." lists one part's values
        return False
    if _case_start().match(prefix):
        return False
    if _IDENTIFIER.fullmatch(prefix) and (name is None or vocab.fold(prefix) != vocab.fold(name)):
        return False
    return True


def _phrase_values(lines: Sequence[str], strong: frozenset[str], name: str | None = None) -> list[str]:
    """Values after an enumeration phrase or label that speaks of the field itself.

    A phrase inside a keyed bullet ("- ${mrs_scale_type}: Scaling type. The
    value can be ...") belongs to that key, and one after other words of its
    sentence in a bullet ("- 1～6天，备份周期全选，取值为：1,2,...") or in a sentence that
    states a case ("For a replica set instance, the value is ...") to that
    case, not to the field.
    """
    for i, line in enumerate(lines):
        bullet = _BULLET.match(line)
        keyed = bool(bullet and _KEYED.match(line[bullet.end() :]))
        for m in _enum_opener().finditer(line):
            prefix = line[bullet.end() if bullet else 0 : m.start()]
            in_case = bool(bullet) and bool(_SENTENCE_END.split(prefix)[-1].strip())
            if keyed or in_case or not _own_subject(prefix, name, label=bool(m.group("label"))):
                continue
            rest = line[m.end() :].strip()
            found = _list_values(rest, strong) if rest else _following(lines[i + 1 :], strong)
            if len(found) >= 2 or (found and not rest):
                return found
    return []


@lru_cache(maxsize=1)
def _case_value_opener() -> re.Pattern[str]:
    return re.compile(rf"(?:{phrases('enum_phrases')}|{phrases('case_value_phrases')})\s*[:：]?\s*", re.IGNORECASE)


def _case_values(lines: Sequence[str], strong: frozenset[str]) -> list[str]:
    """The union of per-case bullets that together cover the field's values.

    "Valid value: ⏎ - For a cluster instance, the value can be mongos, shard, or
    config. ⏎ - For a replica set instance, the value is replica. ⏎ - For a single
    node instance, the value is single." Every bullet (two or more) must start
    with a case and state its values; one bullet that states a range or
    nothing ("For event alarms, the value ranges from 1 to 180") gives nothing.
    """
    bullets = [line[m.end() :] for line in lines if (m := _BULLET.match(line))]
    if len(bullets) < 2:
        return []
    values: list[str] = []
    for bullet in bullets:
        m = _case_value_opener().search(bullet)
        if not _case_start().match(bullet.strip()) or m is None:
            return []
        found = _list_values(bullet[m.end() :].strip(), strong)
        if not found:
            return []
        values.extend(v for v in found if v not in values)
    return values if len(values) >= 2 else []


def _describes_cases(lines: Sequence[str], bullets: Sequence[str]) -> bool:
    """Whether ``VALUE: meaning`` bullets describe cases or forms, not the values.

    The lines before the list say the bullets are keyed by cases of something
    else ("The path varies depending on the file system.", 不同CU规格队列支持的网段范围：),
    or every meaning states the shape of a free-form value ("OBS: The path must
    start with s3a://.", "HDFS：以“/”开头。"): the field takes paths or ranges,
    and the keys only name their kinds.
    """
    lead: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            break
        lead.append(line)
    folded = vocab.fold(" ".join(lead))
    if any(w in folded for w in vocab.words("constraints", "case_lead_phrases")):
        return True
    meanings = [vocab.fold(_ITEM.sub("", b.strip(), count=1)) for b in bullets]
    forms = vocab.words("constraints", "form_phrases")
    return bool(meanings) and all(any(w in m for w in forms) for m in meanings)


def _enum(
    lines: Sequence[str], items: Sequence[str], strong: frozenset[str], name: str | None = None
) -> list[str]:
    bullets = [_BULLET.sub("", line) for line in lines if _BULLET.match(line)] or list(items)
    found = _bullet_values(bullets, strong, bare=False) if len(bullets) >= 2 else []
    if found and _describes_cases(lines, bullets):
        found = []
    return found or _phrase_values(lines, strong, name) or _case_values(lines, strong)


# ---------------------------------------------------------------- defaults


def _default(text: str, t: TypeRef) -> Any:
    """The one default the text states, converted; NOT_STATED if none or several."""
    found: list[Any] = []
    for m in _default_re().finditer(text):
        value = _unquote(m.group("v")).rstrip(".")
        if not value or vocab.fold(value) in vocab.words("constraints", "no_value"):
            continue
        converted = _convert(value, t)
        if converted is _FAIL:
            continue
        if converted not in found:
            found.append(converted)
    return found[0] if len(found) == 1 else NOT_STATED


# ---------------------------------------------------------------- formats


def _date_time(text: str, t: TypeRef) -> bool:
    """Whether a string field's description states an RFC 3339 date-time.

    Only strings without a format of their own. A written layout or example
    decides (every one must carry seconds and a zone); without one, a phrase ("ISO
    8601", UTC时间格式) does. A description that also allows another shape
    (a timestamp number, "yyyy-MM-dd HH:mm:ss", "forever") or embeds a JSON
    example gives nothing: a wrong format would reject real values.
    """
    if t.base != "string" or t.format or '{"' in text:
        return False
    folded = text.casefold()
    if any(w in folded for w in vocab.words("constraints", "not_datetime_phrases")):
        return False
    layouts = list(_DATETIME.finditer(text))
    if layouts:
        return all(m.group("zone") and (m.group("s") or m.group("t")) for m in layouts)
    return any(w in folded for w in vocab.words("constraints", "datetime_phrases"))


def widened(t: TypeRef, text: str) -> TypeRef:
    """An ``Integer`` (int32) whose description says it holds a UNIX time in milliseconds, as int64.

    "restore_time | Integer | … in the UNIX timestamp. The unit is millisecond"
    (rst/dds), "from | Integer | 查询数据起始时间，UNIX时间戳，单位毫秒" (zh-md/ces): the
    pages write Integer for any whole number, and the int32 width comes from the
    type word alone (``vocab/types.json``). A time in milliseconds has been past
    2^31 since January 1970, so int32 would refuse every real value and the
    page's own examples (1607689584000); the field is read as ``Long`` is.
    Both a timestamp word and a millisecond word must be there: a duration in
    milliseconds, or a timestamp in seconds ("a 10-bit timestamp"), fits int32.
    """
    if t.base != "integer" or t.format != "int32":
        return t
    folded = text.casefold()
    if any(w in folded for w in vocab.words("constraints", "timestamp_words")) and any(
            w in folded for w in vocab.words("constraints", "millisecond_words")):
        return replace(t, format="int64")
    return t


# ---------------------------------------------------------------- structure


def _sections(lines: Sequence[str]) -> dict[str, list[str]]:
    """Split a structured block (Definition/Range/Default Value ...) by label.

    Empty when the text is not structured: at least two labels, or a
    Definition/参数解释 label, make it one.
    """
    labels = vocab.table("constraints", "section_labels")
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        stripped = line.strip().rstrip(":：").strip()
        key, rest = labels.get(vocab.fold(stripped)), ""
        if key is None and (m := _LABEL_LINE.match(line.strip())):
            key, rest = labels.get(vocab.fold(m.group(1))), m.group(2).strip()
        if key is not None:
            current = key
            out.setdefault(key, []).extend([rest] if rest else [])
        elif current is not None:
            out[current].append(line)
    return out if len(out) >= 2 or "definition" in out else {}


def _stated(lines: Sequence[str]) -> bool:
    text = " ".join(line.strip() for line in lines).strip().rstrip(".。")
    return bool(text) and vocab.fold(text) not in vocab.words("constraints", "no_value")


def _range_enum(lines: Sequence[str], strong: frozenset[str]) -> list[str]:
    """Values listed under a structured Range/取值范围/Options label.

    The label itself opens the list, so its first line may be a bare comma
    list ("DDL, DCL, IMPORT, and QUERY.") or ``VALUE: meaning`` items joined
    by semicolons; at least two values are needed.
    """
    if not lines:
        return []
    found = _enum(lines, (), strong) or _following(lines, strong)
    if len(found) < 2:  # "**1**: enabled; **0**: disabled." on one line
        found = _following([p for line in lines for p in _ITEM_SEP.split(line)], strong)
    return found if len(found) >= 2 else []


def mine(
    description: str,
    *,
    items: Sequence[str] = (),
    strong: Sequence[str] = (),
    type: TypeRef,
    name: str | None = None,
) -> Mined:
    """Enum, default and JSON Schema bounds stated by one description cell.

    ``name`` is the field's own name: an enumeration phrase whose subject is
    another identifier states that identifier's values, not the field's.
    """
    text = _MARKUP.sub("", description)
    lines = text.split("\n")
    bold = frozenset(s.strip() for s in strong if s.strip())
    sections = _sections(lines)
    ranged = [line for key in ("range", "constraints") for line in sections.get(key, [])]
    ranged = [line for line in ranged if _stated([line])]
    enum = _range_enum([line for line in sections.get("range", []) if _stated([line])], bold)
    enum = enum or _enum(lines, items, bold, name)
    default = NOT_STATED
    if _stated(sections.get("default", [])):
        default = _default("Default value: " + " ".join(sections["default"]).strip(), type)
    if default is NOT_STATED:
        default = _default(text, type)
    found: dict[str, Any] = dict(bounds(text, type, preferred="\n".join(ranged), allowed=(default,)))
    if _date_time(text, type):
        found["format"] = "date-time"
    return Mined(enum=_typed(enum, type), default=default, constraints=tuple(sorted(found.items())))
