"""Statuses a page states outside its status tables, and the success class it promises.

Status tables and ``Status code: 200`` lines are read where the tables and
sections are; this module reads the other ways pages state what a success
answers (VARIANTS.md sections 4 and 8):

* an outcome and its code in a status section: "Normal" then "201" (rst/ces,
  rst/as, zh-md/as: a list item and a paragraph), or on one line ("Normal 201",
  "正常：204");
* a status line in a response example: ``STATUS CODE 204`` (IMS),
  ``HTTP/1.1 204 No Content`` and ``HTTP/1.1 400 Bad Request`` (zh-md/functiongraph),
  which may be the only place a page states its statuses;
* a sentence: "Otherwise, the status code is 201." (rst/smn), "删除成功，返回码为200"
  (zh-md/dli);
* a class: "If a 2xx status code is returned, ... the request is successful"
  (rst/dns), read as ``2XX``;
* a status section that only sends the reader to the doc set's general page
  ("See Returned Values for General Requests", 请参考通用请求返回值), also
  ``2XX``: those pages list the general success codes, which a page that
  states none of its own promises. Weaker than a stated class: where a
  response table shows a body, the success status it implies stays 200.

Prose and outcome lines give 2xx and 3xx codes only (a sentence naming an
error code is usually a condition, "if the status code is 404, ..."); an
example's status line gives any code. Not responsible for: tables (``tables``), section roles (``sections``) or
which response a table describes (``endpoints``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Block, Example, Para, Span
from . import roles, vocab
from .sections import Context

__all__ = ["NO_CONTENT", "SuccessClass", "statuses_outside_tables", "success_class"]

#: Statuses whose answer is not the documented body: no content (RFC 9110 15.3.5, 15.3.6,
#: 15.4.5) and redirects, which point elsewhere (15.4.2-15.4.4, 15.4.8, 15.4.9).
NO_CONTENT = frozenset({"204", "205", "304", "301", "302", "303", "307", "308"})
_PROSE_SECTIONS = frozenset({"function", "response", "example-response", "status-codes"})
_STATUS_SECTIONS = frozenset({"status-codes", "response"})
_SUCCESS = re.compile(r"[23]\d\d")
_CLASS = re.compile(r"(?<![0-9A-Za-z])([23])xx(?![0-9A-Za-z])", re.IGNORECASE)
_HTTP_STATUS_LINE = re.compile(r"^\s*HTTP/\d(?:\.\d)?\s+([1-5]\d\d)\b", re.MULTILINE)


def _alternation(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(vocab.load("statuses")[key], key=len, reverse=True))


@lru_cache(maxsize=1)
def _prose() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation('prose_words')})\s*(?:(?:{_alternation('prose_joins')})\s*)?[:：]?\s*"
                      r"([1-5]\d\d)(?![0-9])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _outcome_line() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{_alternation('outcome_words')})\s*[:：]?\s*([1-5]\d\d)"
                      r"(?:[ \t]+[A-Za-z][A-Za-z -]{0,30})?\s*[.。]?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _reference() -> re.Pattern[str]:
    words = vocab.load("statuses")["reference_words"]
    latin = "|".join(re.escape(w) for w in words if w.isascii())
    other = "|".join(re.escape(w) for w in words if not w.isascii())
    return re.compile(rf"\b(?:{latin})\b|{other}", re.IGNORECASE)


def statuses_outside_tables(blocks: Sequence[Block], ctxs: Sequence[Context],
                            examples: Sequence[Example]) -> list[tuple[str, Span]]:
    """Success codes stated in prose or outcome lines, and the codes of response-example status lines."""
    found: list[tuple[str, Span]] = []
    for block, ctx in zip(blocks, ctxs):
        if not isinstance(block, Para) or ctx.section not in _PROSE_SECTIONS:
            continue
        text = vocab.unescape_md(block.text)
        codes = [m.group(1) for m in _prose().finditer(text)]
        if ctx.section in _STATUS_SECTIONS and (line := _outcome_line().match(text)):
            codes.append(line.group(1))
        found += [(code, block.span) for code in codes if _SUCCESS.fullmatch(code)]
    found += [(ex.status, ex.span) for ex in examples if ex.kind == "response" and _status_line_says(ex)]
    return found


def _status_line_says(example: Example) -> bool:
    """Whether the example's own text states its status (``HTTP/1.1 204``, ``STATUS CODE 204``),
    rather than the status being read from its body or its place."""
    if not example.status or not example.status.isdigit():
        return False
    if example.status in _HTTP_STATUS_LINE.findall(example.text):
        return True
    return any(roles.status_line(line) == example.status for line in example.text.splitlines())


@dataclass(frozen=True, slots=True)
class SuccessClass:
    """A class of success statuses (``2XX``) the page promises; ``stated`` when it says
    so in words, not when it refers to the doc set's general status page."""

    status: str
    span: Span
    stated: bool


def success_class(blocks: Sequence[Block], ctxs: Sequence[Context]) -> SuccessClass | None:
    """``2XX`` (or ``3XX``) when the page promises a class of success statuses: it says so
    ("If a 2xx status code is returned"), or its status section refers to the doc set's
    general status page."""
    reference = None
    for block, ctx in zip(blocks, ctxs):
        if not isinstance(block, Para) or ctx.section not in _STATUS_SECTIONS:
            continue
        text = vocab.unescape_md(block.text)
        if m := _CLASS.search(text):
            return SuccessClass(f"{m.group(1)}XX", block.span, stated=True)
        if (reference is None and ctx.section == "status-codes" and _reference().search(text)
                and not roles.mentions_error_codes(text)):
            reference = SuccessClass("2XX", block.span, stated=False)
    return reference
