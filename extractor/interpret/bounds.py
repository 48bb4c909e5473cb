"""Numeric and length bounds stated in a description (VARIANTS.md §9).

"The value ranges from 1 to 1000.", "Value range: 16 to 256", "取值范围：40~1024",
"最小值：1 ⏎ 最大值：65535", "取值为[1-9]" give ``minimum``/``maximum`` for
numbers; "up to 64 characters", "1 to 56 characters", "Maximum length: N",
"最大长度：16384", "长度为1-56位", "不超过N个字符" and API Explorer's
"Minimum: 1 ⏎ Maximum: 64" on a string give ``minLength``/``maxLength``;
"Array Length: 1 - 10" gives ``minItems``/``maxItems``; a bound written as a
product ("0-1024*1024 characters", "1,024 x 1,024") is read as its value. Which keywords apply
follows the field's type, so a length is never read as a number bound.

Doubt gives nothing: a key stated twice with different numbers is dropped, so
are a minimum above the maximum and a range that excludes a value the text
itself allows ("If a job fails, the value is -1. Otherwise, the value ranges
from 0 to 100."). This module also holds the number and phrase helpers that
:mod:`.constraints` shares; phrase words live in ``vocab/constraints.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..model import TypeRef
from . import vocab

__all__ = ["NUM", "TOKEN_END", "bounds", "number", "phrases"]

#: A number as written: ``-1``, ``0.5``, ``1,000``.
NUM = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
#: What may follow a value token: punctuation, a Chinese character or the end.
TOKEN_END = r"(?=\s*(?:$|[.。;；,，)）(（、\u4e00-\u9fff]))"


@cache
def phrases(key: str) -> str:
    """A phrase list of ``vocab/constraints.json`` as a regex alternation, longest first."""
    words = sorted(vocab.load("constraints")[key], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def number(text: str) -> int | float | None:
    """``"1,000"`` -> 1000, ``"0.5"`` -> 0.5; ``None`` for anything else."""
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return None


# Possessive blanks (\s*+) and a line start that begins where the blanks do: no run of
# blanks is retried from each of its positions, so long blank runs cost linear time.
_SEP = r"\s*+(?:to|-|~|～|至|–)\s*+"
_N = rf"({NUM})"
_IS = r"\s*+(?:is|为|是)?\s*+[:：]?\s*+"
#: After a length label's number: not a size in kilo/mega/gigabytes ("最大长度为32K" is 32768
#: bytes of content before encoding, not 32 characters).
_NOT_SIZE = r"(?!\d|\s*(?:[KMG](?:i?B)?|[kmg]i?B)(?![A-Za-z]))"
_LINE_START, _LINE_END = r"(?:^|(?<=\S)[^\S\n]*\n)\s*", r"\s*(?:$|\n)"
Rule = tuple[re.Pattern[str], tuple[str, ...]]
#: An exclusive bound is read only from a line of its own ("Greater than 0", "An integer
#: greater than 0", 取值大于0, the Range lines of rst/dws): in running prose, "大于1000Mbit/s",
#: "小于10分钟", "如果…大于500，请申请扩大配额" compare other quantities or state conditions.


def _rules(*specs: tuple[str, tuple[str, ...]]) -> tuple[Rule, ...]:
    return tuple((re.compile(p, re.IGNORECASE), keys) for p, keys in specs)


@cache
def _numeric_rules() -> tuple[Rule, ...]:
    """minimum/maximum for integer and number fields."""
    a = phrases
    both = ("minimum", "maximum")
    return _rules(
        (rf"(?:{a('range_from')})\s+{_N}{_SEP}{_N}", both),
        (rf"(?:{a('range_labels')}){_IS}[\[(（]?\s*{_N}{_SEP}{_N}", both),
        (rf"(?:{a('bracket_range_labels')}){_IS}[\[(（]\s*{_N}\s*[-,，~]\s*{_N}\s*[\])）]", both),
        (rf"between\s+{_N}\s+and\s+{_N}", both),
        (rf"\bfrom\s+{_N}{_SEP}{_N}", both),
        (rf"{_LINE_START}(?:{a('min_labels')})\s*+[:：]?\s*+{_N}{_LINE_END}", ("minimum",)),
        (rf"{_LINE_START}(?:{a('max_labels')})\s*+[:：]?\s*+{_N}{_LINE_END}", ("maximum",)),
        (rf"(?:{a('min_labels')})\s*(?:is|为|是)\s*{_N}", ("minimum",)),
        (rf"(?:{a('max_labels')})\s*(?:is|为|是)\s*{_N}", ("maximum",)),
        (rf"(?:{a('min_phrases')})\s*{_N}", ("minimum",)),
        (rf"(?:{a('max_phrases')})\s*{_N}", ("maximum",)),
        (rf"{_LINE_START}(?:(?:{a('exclusive_subjects')})\s*+)?(?:{a('exclusive_min_phrases')})\s*+{_N}[.。]?{_LINE_END}",
         ("exclusiveMinimum",)),
        (rf"{_LINE_START}(?:(?:{a('exclusive_subjects')})\s*+)?(?:{a('exclusive_max_phrases')})\s*+{_N}[.。]?{_LINE_END}",
         ("exclusiveMaximum",)),
    )


@cache
def _length_rules() -> tuple[Rule, ...]:
    """minLength/maxLength for string fields (API Explorer's Minimum/Maximum included)."""
    a, units = phrases, f"(?:{phrases('length_units')})"
    return _rules(
        (rf"{_N}{_SEP}{_N}\s*{units}", ("minLength", "maxLength")),
        (
            rf"(?:{a('length_labels')}){_IS}[\[(（]?\s*{_N}\s*[-~～至,，]\s*{_N}",
            ("minLength", "maxLength"),
        ),
        (rf"(?:{a('max_length_phrases')}|{a('max_phrases')})\s*{_N}\s*{units}", ("maxLength",)),
        (rf"(?:{a('max_length_labels')}){_IS}{_N}{_NOT_SIZE}", ("maxLength",)),
        (rf"(?:{a('min_length_labels')}){_IS}{_N}{_NOT_SIZE}", ("minLength",)),
        (rf"(?:{a('min_length_phrases')}|{a('min_phrases')})\s*{_N}\s*{units}", ("minLength",)),
        (rf"{_LINE_START}minimum\s*[:：]\s*{_N}{_LINE_END}", ("minLength",)),
        (rf"{_LINE_START}maximum\s*[:：]\s*{_N}{_LINE_END}", ("maxLength",)),
    )


@cache
def _item_rules() -> tuple[Rule, ...]:
    """minItems/maxItems for array fields."""
    units = f"(?:{phrases('item_units')})"
    return _rules(
        (
            rf"(?:{phrases('array_length_labels')})\s*+[:：]?\s*+{_N}{_SEP}{_N}",
            ("minItems", "maxItems"),
        ),
        (rf"(?:{phrases('max_length_phrases')})\s*{_N}\s*{units}", ("maxItems",)),
    )


_SPECIAL = re.compile(rf"(?:the value is|value is set to|值为)\s*{_N}{TOKEN_END}", re.IGNORECASE)
#: A value allowed beside a range: "The value can be 0 or ranges from 7 to 732", "取值为0或7~732".
_BESIDE = re.compile(rf"(?:(?:can|may)\s+(?:also\s+)?be|(?:取)?值(?:可以)?为)\s*{_N}\s*(?:or\b|或)", re.IGNORECASE)


def _rules_for(t: TypeRef) -> tuple[Rule, ...]:
    if t.base in ("integer", "number"):
        return _numeric_rules()
    if t.base == "string":
        return _length_rules()
    if t.base == "array":
        return _item_rules()
    return ()


_DIGIT = re.compile(r"\d")
#: Sentence ends: a full stop before a blank, 。, a newline. Decimal points are not followed by blanks.
_SENTENCE = re.compile(r"(?<=[.。])[^\S\n]++|(?<=。)|\n")


@cache
def _condition_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*+(?:-\s++)?(?:{phrases('condition_openers')})(?:\s|[\u4e00-\u9fff])", re.IGNORECASE)


#: A bullet keyed by a label and a colon: "- Basic edition: The minimum value is 16 CUs", "- 标准版：…".
_KEYED_BULLET = re.compile(r"^\s*(?:[-•*·●▪◦]|\d+[.)、])\s+([^:：\n]{1,40}?)\s*[:：](?!//)")


@cache
def _own_labels() -> frozenset[str]:
    """Labels that introduce the field's own bound or a note, not a case ("- Value range: 1-100")."""
    data = vocab.load("constraints")
    keys = ("range_labels", "bracket_range_labels", "min_labels", "max_labels", "length_labels",
            "max_length_labels", "min_length_labels", "array_length_labels", "enum_labels", "default_labels",
            "not_values")
    words = [w for k in keys for w in data[k]] + [w for ws in data["section_labels"].values() for w in ws]
    return frozenset(vocab.fold(w) for w in words)


def _case_keyed(line: str) -> bool:
    """Whether ``line`` is a bullet that states one case, keyed by the case's name.

    "- Standard edition: The minimum value is 64 CUs." and "- Basic edition: The
    minimum value is 16 CUs, and the maximum value is 64 CUs." (rst/dli
    ``max_cu``): each bound is that edition's, not the field's. A bullet whose
    label names the bound itself ("- Value range: 1 to 100", "- Minimum: 1") or a
    note is not a case.
    """
    m = _KEYED_BULLET.match(line)
    return m is not None and vocab.fold(m.group(1).strip("*` ")) not in _own_labels()


def _unconditional(text: str) -> str:
    """The text without what holds only in a case: sentences that open with a condition
    ("If X, the value ranges ..."), and bullets keyed by a case (:func:`_case_keyed`).

    Such statements still count (a second, different range makes a bound
    doubtful), but a bound stated only under conditions is not the field's.
    """
    kept = "\n".join(line for line in text.split("\n") if not _case_keyed(line))
    return "\n".join(s for s in _SENTENCE.split(kept) if not _condition_re().match(s))


#: A bound written as a product: "1024*1024", "1,024 x 1,024", "1024×1024".
_PRODUCT = re.compile(rf"(?<![\w.,])({NUM})(?:\s*[*×]\s*|\s+x\s+)({NUM})(?![\w.,]\d)")


def _multiplied(text: str) -> str:
    """The text with each product of two numbers written as its value ("0-1024*1024" -> "0-1048576")."""
    def value(m: re.Match[str]) -> str:
        a, b = number(m.group(1)), number(m.group(2))
        return m.group(0) if a is None or b is None else str(a * b)
    return _PRODUCT.sub(value, text) if "*" in text or "×" in text or " x " in text else text


def _stated(text: str, t: TypeRef) -> dict[str, int | float]:
    """Every bound the text states; a key stated twice differently is dropped."""
    if not _DIGIT.search(text):
        return {}  # every rule needs a number; most descriptions have none (speed)
    text = _multiplied(text)
    seen = _seen(text, t)
    own = _seen(_unconditional(text), t)  # a bound stated only under a condition is not the field's
    own.update(_every_case(text, t))
    out = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k in own}
    if t.base == "integer" and any(not isinstance(v, int) for v in out.values()):
        return {}
    return out


def _every_case(text: str, t: TypeRef) -> dict[str, set[int | float]]:
    """The bounds every case-keyed bullet states, each with one value all of them share.

    "- DDS trigger: Enter a value from 1 to 10,000. ⏎ - Kafka trigger: … 1 to 1,000."
    (rst/functiongraph ``batch_size``): whichever the case, the value is at least 1,
    so that bound is the field's; the maxima differ and hold per case. A bound one
    case leaves out ("- Standard edition: The minimum value is 64 CUs." beside
    "- Basic edition: …, and the maximum value is 64 CUs.") holds in no other.
    """
    cases = [_seen(line, t) for line in text.split("\n") if _case_keyed(line)]
    if not cases:
        return {}
    shared = set.intersection(*(set(c) for c in cases))
    return {k: v for k in shared if len(v := set.union(*(c[k] for c in cases))) == 1}


def _seen(text: str, t: TypeRef) -> dict[str, set[int | float]]:
    """Every value each bound keyword is given in ``text``."""
    seen: dict[str, set[int | float]] = {}
    for pattern, keys in _rules_for(t):
        for m in pattern.finditer(text):
            for key, value in zip(keys, (number(g) for g in m.groups()), strict=False):
                if value is not None:
                    seen.setdefault(key, set()).add(value)
    return seen


_PAIRS = (
    ("minimum", "maximum"),
    ("exclusiveMinimum", "exclusiveMaximum"),
    ("minimum", "exclusiveMaximum"),
    ("exclusiveMinimum", "maximum"),
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
)


def _consistent(found: dict[str, Any], text: str, allowed: Sequence[Any]) -> dict[str, Any]:
    """Drop bounds that contradict each other or a value the text allows."""
    for low, high in _PAIRS:
        if low in found and high in found and found[low] > found[high]:
            del found[low], found[high]
    values = [number(m.group(1)) for m in (*_SPECIAL.finditer(text), *_BESIDE.finditer(text))]
    values += [v for v in allowed if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for value in (v for v in values if v is not None):
        low, high = found.get("exclusiveMinimum"), found.get("exclusiveMaximum")
        if (
            value < found.get("minimum", value)
            or value > found.get("maximum", value)
            or (low is not None and value <= low)
            or (high is not None and value >= high)
        ):
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                found.pop(key, None)
    return found


def bounds(
    text: str, t: TypeRef, *, preferred: str = "", allowed: Sequence[Any] = ()
) -> dict[str, int | float]:
    """JSON Schema bound keywords for a field of type ``t``.

    ``preferred`` is the text of a structured Range/Constraints block: when it
    states any bound, the rest of the description is not read. ``allowed``
    are values the caller knows to be valid (the stated default).
    """
    found = _stated(preferred, t) if preferred else {}
    return _consistent(found or _stated(text, t), text, allowed)
