"""Description cells: the sentence, and how it states enums, bounds and defaults.

Each way of saying a constraint here is one real pages use (VARIANTS.md §9):
"The default value is **false**." / "默认为false。", "Default: **true**" and
"默认值：X" on their own line, "VALUE: meaning" / "VALUE：含义" bullets, "The
value can be **A**, **B**, or **C**." / "取值为A、B或C。", "Enumeration
values:" / "枚举值：" over bullets of values, "The value ranges from 1 to
100." / "取值范围：1~100", API Explorer's "Minimum: **1**" and "Maximum:
**64**" lines, "It can contain a maximum of 64 characters." / "最大长度：64".
The model (:class:`Param`) chooses a phrasing by number; this module only
turns the choice into cell blocks of inline :class:`Seg` pieces. It knows no
output syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import NO_DEFAULT, Param

__all__ = ["DEFAULT_STYLES", "Cell", "Seg", "description", "value_text"]


@dataclass(frozen=True)
class Seg:
    """Inline text: ``t`` plain, ``b`` bold, ``ref`` a link to table ``target``."""

    kind: str
    text: str
    target: str | None = None


#: A cell: blocks, each ("p", segs) or ("ul", (segs, segs, ...)).
Cell = tuple[tuple[str, Any], ...]

#: Default phrasings: (template, needs its own paragraph).
DEFAULT_STYLES: dict[str, tuple[tuple[str, bool], ...]] = {
    "en": (
        ("The default value is {}.", False),
        ("Default: {}", True),
        ("Defaults to {}.", False),
        ("Default value: {}", True),
    ),
    "zh": (
        ("默认为{}。", False),
        ("默认值：{}", True),
        ("缺省值为{}。", False),
        ("默认值为{}。", False),
    ),
}


def value_text(value: Any) -> str:
    """A default as the page writes it (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _template(template: str, value: Seg) -> tuple[Seg, ...]:
    before, after = template.split("{}")
    return tuple(s for s in (Seg("t", before), value, Seg("t", after)) if s.text)


def _sep(lang: str) -> tuple[Seg, ...]:
    return (Seg("t", " "),) if lang == "en" else ()


def _enum_blocks(lang: str, p: Param) -> tuple[tuple[Seg, ...], list[tuple[str, Any]]]:
    """(segments for the first paragraph, blocks after it) that state the enum."""
    values = [v for v, _ in p.enum]
    if p.enum_style == 1:
        if lang == "zh":
            listed = "、".join(values[:-1]) + "或" + values[-1]
            return (Seg("t", f"取值为{listed}。"),), []
        segs: list[Seg] = [Seg("t", "The value can be ")]
        for i, v in enumerate(values):
            if i:
                last = i == len(values) - 1
                segs.append(Seg("t", (", or " if len(values) > 2 else " or ") if last else ", "))
            segs.append(Seg("b", v))
        return (*_sep(lang), *segs, Seg("t", ".")), []
    if p.enum_style == 2:
        label = "Enumeration values:" if lang == "en" else "枚举值："
        items = tuple((Seg("b" if lang == "en" else "t", v),) for v in values)
        return (), [("p", (Seg("t", label),)), ("ul", items)]
    colon = ": " if lang == "en" else "："
    return (), [("ul", tuple((Seg("t", f"{v}{colon}{m}"),) for v, m in p.enum))]


def _bounds_blocks(lang: str, p: Param) -> tuple[tuple[Seg, ...], list[tuple[str, Any]]]:
    """(segments for the first paragraph, blocks after it) that state the bounds."""
    assert p.bounds is not None
    low, high = p.bounds
    length = p.type == "String"
    if low is None:
        if lang == "zh":
            return (), [("p", (Seg("t", f"最大长度：{high}"),))]
        return (*_sep(lang), Seg("t", f"It can contain a maximum of {high} characters.")), []
    if p.bounds_style == 0 and not length:
        if lang == "zh":
            return (), [("p", (Seg("t", f"取值范围：{low}~{high}"),))]
        return (*_sep(lang), Seg("t", f"The value ranges from {low} to {high}.")), []
    if lang == "en":
        labels = ("Minimum: ", "Maximum: ")
    else:
        labels = ("最小长度：", "最大长度：") if length else ("最小值：", "最大值：")
    return (), [
        ("p", (Seg("t", labels[0]), Seg("b", str(low)))),
        ("p", (Seg("t", labels[1]), Seg("b", str(high)))),
    ]


def description(lang: str, p: Param, see: tuple[Seg, ...] = ()) -> Cell:
    """The Description cell of row ``p``; ``see`` is its "For details, see Table N." part."""
    first: list[Seg] = [Seg("t", p.text), *see]
    after: list[tuple[str, Any]] = []
    for found, present in ((_enum_blocks, bool(p.enum)), (_bounds_blocks, p.bounds is not None)):
        if present:
            inline, blocks = found(lang, p)
            first += inline
            after += blocks
    if p.default is not NO_DEFAULT:
        template, own_line = DEFAULT_STYLES[lang][p.default_style % len(DEFAULT_STYLES[lang])]
        segs = _template(template, Seg("b" if p.default_bold else "t", value_text(p.default)))
        if own_line or p.default_own_para or after:
            after.append(("p", segs))
        else:
            first += [*_sep(lang), *segs]
    return (("p", tuple(first)), *after)
