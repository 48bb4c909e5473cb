"""Mandatory cells to ``(required, note)`` (VARIANTS.md §5).

Most cells say Yes/No/是/否. About forty say more: "Yes (If the volume is
created from a snapshot, this parameter is optional.)", "否 使用AK/SK认证时该字段
必选。", "POST/PUT请求必填。 GET不能包含。". The rules, in order:

1. an empty cell, "-", "N/A" says nothing: ``(None, None)``;
2. a whole-cell Yes/No word (or Mandatory/Optional/必选/可选) is the answer;
3. a leading Yes/No/是/否 is the answer and the rest is a note;
   a leading Optional/可选 with more text is optional with a note;
4. other text that states a condition (if, when, 必填, 时 ...) is read as
   *not required* and kept whole as the note: a conditional parameter cannot
   be required in a schema;
5. anything else (a type word from a swapped column, prose) is
   ``(None, text)``: the cell did not say, and the caller may look at why.

Descriptions state conditions too ("This parameter is mandatory when
**keyname** is used", "当数据源为MRS时为必选字段") in rows whose cell says Yes or
No. :func:`conditional_requirement` reads them: a field that is required only
under a condition (a condition in its cell's note or in its description) is
not required in a schema, and the condition is kept (the writers' ``x-required-when``,
which lint checks examples against).

Not responsible for deciding that Type and Mandatory cells are swapped.
Spellings live in ``vocab/mandatory.json``.
"""

from __future__ import annotations

import re
from functools import cache

from . import vocab

__all__ = ["conditional_requirement", "parse_required", "required_condition"]

# The look-behinds let only the start of a run try "...+$": linear, not quadratic, on long cells.
_TRAILING = re.compile(r"(?<![\s。.．;；])[\s。.．;；]+$")
_SEPARATOR = r"(?=$|[\s(（\[【,，.。:：;；、-])"
_LEADING = re.compile(rf"^(yes|no|true|false|是|否|y|n){_SEPARATOR}", re.IGNORECASE)
_WORD = re.compile(r"^([a-z]+|[\u4e00-\u9fff]{2,3})(?=$|[\s(（\[,，.。:：;；、-])", re.IGNORECASE)
_NOTE_HEAD = re.compile(r"^[\s(（\[【,，.。:：;；、-]+")
_NOTE_TAIL = re.compile(r"(?<![\s)）\]】])[\s)）\]】]+$")


def _word(text: str, key: str) -> bool:
    return vocab.fold(text) in vocab.words("mandatory", key)


def _note(rest: str) -> str | None:
    rest = rest.strip()
    if rest[:1] in "(（[【" and rest[-1:] in ")）]】":
        rest = rest[1:-1]
    note = _NOTE_TAIL.sub("", _NOTE_HEAD.sub("", rest)).strip()
    return note or None


def _conditional(text: str) -> bool:
    folded = vocab.fold(text)
    for marker in vocab.words("mandatory", "conditional_markers"):
        if marker.isascii():
            if re.search(rf"\b{re.escape(marker)}\b", folded):
                return True
        elif marker in folded:
            return True
    return False


def parse_required(text: str) -> tuple[bool | None, str | None]:
    """``(required, note)``; ``required`` is ``None`` when the cell does not say."""
    whole = _TRAILING.sub("", text.strip())
    if _word(whole, "empty"):
        return None, None
    if _word(whole, "explicit_yes") or _word(whole, "required_words"):
        return True, None
    if _word(whole, "explicit_no") or _word(whole, "optional_words"):
        return False, None
    lead = _LEADING.match(whole)
    if lead:
        return _word(lead.group(1), "explicit_yes"), _note(text.strip()[lead.end() :])
    word = _WORD.match(whole)
    if word and _word(word.group(1), "optional_words"):
        return False, _note(text.strip()[word.end() :])
    if _conditional(whole):
        return False, text.strip()
    return None, text.strip()


_SENTENCE = re.compile(r"[^.。;；\n]*(?:[.。;；\n]|$)")


@cache
def _condition_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in vocab.load("mandatory")["condition_patterns"])


def _patterns(name: str | None, description: str) -> list[re.Pattern[str]]:
    """The condition patterns, and the presence patterns written for the field called ``name``
    (compiled only where the description names it at all: they match nothing else)."""
    found = list(_condition_patterns())
    if name and not (name.isascii() and name.lower() not in description.lower()):
        found += [re.compile(p.replace("{name}", re.escape(name)), re.IGNORECASE)
                  for p in vocab.load("mandatory")["presence_patterns"]]
    return found


def required_condition(description: str, name: str | None = None) -> str | None:
    """The sentence of a description that makes the field required only under a condition.

    With ``name``, a sentence that says under which condition the request
    carries that very field ("If **login_mode** is set to **0**, the request
    body contains the **cluster_master_secret** field.", 当“login_mode”配置为“0”时，
    请求消息体中包含cluster_master_secret字段) counts too; the same sentence in
    another field's description is about that other field and does not.
    """
    patterns = _patterns(name, description)
    for sentence in _SENTENCE.findall(description):
        text = sentence.strip().lstrip("-•*").strip()
        if text and any(p.search(text) for p in patterns):
            return _TRAILING.sub("", text)
    return None


def conditional_requirement(required: bool | None, note: str | None,
                            description: str, name: str | None = None) -> tuple[bool | None, str | None]:
    """``(required, note)`` with conditions taken into account: a field the cell marks Yes
    whose note or description states a condition is not required (the condition becomes the
    note); a field that is optional or unmarked keeps its answer and gains the condition as
    its note. ``name`` is the field's own name (:func:`required_condition`)."""
    condition = required_condition(description, name)
    if required is True and note and _conditional(note):
        return False, note if not condition or condition in note else f"{note} {condition}"
    if condition is None:
        return required, note
    return (False if required is True else required), (f"{note} {condition}" if note else condition)
