"""Suspect names: typos among a page's field names and names a description spells otherwise.

Two signals, both tuned to stay quiet on the ordinary variety of API names
(``job_id``/``job_ids``, ``ipv4``/``ipv6``, ``create``/``created``,
``min_count``/``max_count``):

* a word of a field name (``udpate`` in ``last-udpate-user``) that no other
  name of the page uses, while another name uses a word one slip away
  (``update`` in ``last-update-date``);
* a description that writes the field's own name differently
  (``triggerSavePoint`` for ``trigger_savepoint``, ``job_idss`` for
  ``job_ids``), unless that is the name of another field or the description
  says the field corresponds to it ("corresponding to **numFailedTasks** of
  open-source Spark", "对应publicKey").

A slip is a swap of two adjacent letters, or a letter doubled or undoubled
(``stoping``, ``idss``), or one letter replaced inside a long word (not the
first, which usually makes another word). A letter added or dropped at the
end is a different form of the word (plurals, tenses), never a slip.

This module only answers "is this pair suspect"; :mod:`.lint` walks the page
and writes findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Endpoint

__all__ = ["Vocabulary", "description_misspellings", "majority", "slip", "suspect_words", "words"]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")
#: Identifier-looking words in prose: snake, kebab or dotted, or camelCase.
_IDENT = re.compile(r"(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+|[a-z]+[0-9]*[A-Z][A-Za-z0-9]*)(?![A-Za-z0-9_-])")
_MIN_WORD = 5
#: "corresponding to numFailedTasks of open-source Spark", "对应publicKey": another
#: system's name for the field, not a misspelling of it.
_CORRESPONDS = re.compile(r"correspond|equivalent|same as|maps? to|mapped to|对应|映射|等同", re.IGNORECASE)


def words(name: str) -> list[str]:
    """The words of a name, lower case: ``lastUpdate-user`` -> ``last``, ``update``, ``user``."""
    return [w.lower() for part in _SPLIT.split(name) for w in _CAMEL.split(part) if w]


def _squash(name: str) -> str:
    return "".join(words(name))


def slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (different, lower case) are one typing slip apart."""
    if a == b or min(len(a), len(b)) < _MIN_WORD or abs(len(a) - len(b)) > 1:
        return False
    if any(c.isdigit() for c in a + b) and re.sub(r"\d", "", a) == re.sub(r"\d", "", b):
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return True  # adjacent letters swapped
        return len(diff) == 1 and 0 < diff[0] < len(a) - 1 and len(a) >= 7 and not a[diff[0]].isdigit()
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    if short[i:] != long_[i + 1:]:
        return False
    extra = long_[i]
    return (i > 0 and long_[i - 1] == extra) or (i + 1 < len(long_) and long_[i + 1] == extra)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """How often the run spells each word and each name: the majority that decides a typo.

    ``words`` counts, over every page of the run, each distinct field name
    using a word plus each description or title using it; ``names`` counts
    the pages using each field name. A page alone is a small run of its own.
    """

    words: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, endpoints: Iterable[Endpoint]) -> Vocabulary:
        per_word: Counter[str] = Counter()
        per_name: Counter[str] = Counter()
        pages: dict[str, tuple[set[str], set[str]]] = {}
        for ep in endpoints:
            names, prose = pages.setdefault(ep.source, (set(), set()))
            prose.add(ep.title)
            for f in ep.all_fields():
                names.add(f.name)
                prose.add(f.description)
        for names, prose in pages.values():
            named = {n for n in names if n}
            per_name.update(named)
            for text in named | {t for t in prose if t}:
                per_word.update(set(words(text)))
        return cls(per_word, per_name)


def suspect_words(names: Iterable[str], prose: Iterable[tuple[str, str]] = (),
                  usage: Mapping[str, int] | None = None) -> list[tuple[str, str, str, str, str]]:
    """``(name, word, kind, witness, right word)`` for name words that look like slips of another word.

    Words come from the other names and from ``prose`` (``(text, witness)``
    pairs: descriptions and titles, where ``witness`` names where the text
    is). A word used twice (in two names, or in a name and in prose) is
    taken as intended however it is spelled: only a word found in one name
    alone is suspect. With ``usage`` (:attr:`Vocabulary.words` of the run),
    the right word must be more common than the suspect one: a correct
    ``availability`` is never called a typo of a description's rarer
    ``avaliability``.
    """
    names = list(dict.fromkeys(names))
    users: dict[str, list[tuple[str, str]]] = {}
    for n in names:
        for w in dict.fromkeys(words(n)):
            users.setdefault(w, []).append(("name", n))
    for text, witness in prose:
        for w in dict.fromkeys(words(text)):
            if len(w) >= _MIN_WORD:
                users.setdefault(w, []).append(("prose", witness))
    out = []
    for n in names:
        for w in dict.fromkeys(words(n)):
            if len(users[w]) > 1 or len(w) < _MIN_WORD:
                continue
            match = _witness(n, w, users, usage)
            if match is not None:
                out.append((n, w, *match))
    return out


def _witness(name: str, word: str, users: dict[str, list[tuple[str, str]]],
             usage: Mapping[str, int] | None) -> tuple[str, str, str] | None:
    """``(kind, witness, right word)``: a name (preferred, the most alike) or prose spelling ``word`` right."""
    mine = set(words(name))
    for kind in ("name", "prose"):
        for other, who in users.items():
            witnesses = [x for k, x in who if k == kind and x != name]
            if other == word or not witnesses or not slip(word, other):
                continue
            if usage is not None and usage.get(other, 0) <= usage.get(word, 0):
                continue  # never propose a spelling the run uses less
            return kind, max(witnesses, key=lambda x: len(mine & set(words(x)))), other
    return None


def majority(spellings: Iterable[str], usage: Mapping[str, int]) -> str | None:
    """The spelling the run uses strictly most often, or ``None`` on a tie."""
    ranked = sorted(((usage.get(s, 0), s) for s in set(spellings)), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def description_misspellings(name: str, description: str, known: set[str]) -> list[str]:
    """Identifiers in ``description`` that write ``name`` otherwise; ``known`` names are fine."""
    own = _squash(name)
    if len(own) < _MIN_WORD or not (set("_-") & set(name) or name != name.lower()):
        return []
    out = []
    for m in _IDENT.finditer(description):
        ident = m.group(1)
        if ident == name or ident in known or ident in out or _CORRESPONDS.search(description[:m.start()][-40:]):
            continue
        squashed = _squash(ident)
        if squashed == own or slip(squashed, own):
            out.append(ident)
    return out
