"""The interpreter's vocabularies, loaded once from ``extractor/vocab/*.json``.

Column names, Yes/No spellings, type phrases, caption and heading words and
constraint phrases differ between English and Chinese pages and between page
generations. They are data, kept in one place (DESIGN.md: "vocabularies live
in data, not in the readers"), so that adding a spelling seen in a new corpus
is a one-line JSON change with no code to touch.

This module only loads and normalises. It does not decide what a word means in
context; the phrase parsers (columns, types, mandatory, constraints, examples,
roles) do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

__all__ = ["fold", "fold_compact", "load", "table", "unescape_md", "words"]

_SPACES = re.compile(r"\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def fold(text: str) -> str:
    """Case-fold and collapse whitespace: the key every vocabulary lookup uses."""
    return _SPACES.sub(" ", text).strip().casefold()


def fold_compact(text: str) -> str:
    """Case-fold and drop all whitespace.

    Header cells are broken across lines in odd places ("是 否必选",
    "IAM项目 \\n (Project)"), so column names are compared with no spaces at all.
    """
    return _SPACES.sub("", text).casefold()


def unescape_md(text: str) -> str:
    """Undo Markdown backslash escapes (``extra\\_dhcp\\_opt`` -> ``extra_dhcp_opt``).

    MD captions keep their escapes (VARIANTS §4); everything else arrives
    unescaped from the readers, so this is harmless on already-clean text.
    """
    return _MD_ESCAPE.sub(r"\1", text)


@cache
def load(name: str) -> Mapping[str, Any]:
    """The parsed JSON file ``vocab/<name>.json``, read once per process.

    Returned read-only at the top level so that a caller cannot change the
    vocabulary for everyone else by accident.
    """
    path = resources.files("docconform.extractor") / "vocab" / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"vocab/{name}.json must hold a JSON object")
    return MappingProxyType(data)


@cache
def words(name: str, key: str, *, compact: bool = False) -> frozenset[str]:
    """A list from a vocabulary file as a set of folded spellings."""
    norm = fold_compact if compact else fold
    return frozenset(norm(w) for w in load(name)[key])


@cache
def table(name: str, key: str, *, compact: bool = False) -> Mapping[str, str]:
    """A ``{meaning: [spellings]}`` object turned into ``{folded spelling: meaning}``."""
    norm = fold_compact if compact else fold
    out: dict[str, str] = {}
    for meaning, spellings in load(name)[key].items():
        for spelling in spellings:
            out[norm(spelling)] = meaning
    return MappingProxyType(out)
