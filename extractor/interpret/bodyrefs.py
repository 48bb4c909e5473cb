"""Bodies a page describes by pointing at a table on another page.

Some pages have no parameter table for a body and say instead, in the
request or response section, where the table is: ``响应参数如[表3](查询所有资源包.md#…)所示。``,
``响应参数如[创建会话（推荐）](创建会话（推荐）.md)中[表3](创建会话（推荐）.md#…)所示。``
(zh-md/dli). Read alone, such a page has a response with no body and its
example fits nothing. :func:`referenced_bodies` finds those sentences; the
interpreter turns each into a body whose :attr:`~docconform.extractor.model.Field.link`
the run resolves like any row's link to another page
(:mod:`docconform.extractor.crosslinks`), so a table that is not in the run is
reported as ``table-unresolved``.

Only a paragraph that starts by naming the body ("请求参数", "响应参数",
"Response parameters", vocabulary in ``vocab/roles.json`` under
``body_references``) and links to another page counts; "see Creating a
Database for the request parameters" of a tutorial step is prose. So does a
paragraph of a request or response section that is nothing but a pointer to
another page (``See [Responses (Task)](…).``, ``请参考[响应（任务类）](响应（任务类）.md)。``,
openers under ``body_reference_see``): task APIs of ECS send every response
to one shared page. Plain text keeps no link targets, so there the pointer
names the page by its title ("See Responses (Task)."), a bare label the run
resolves to the page of that title; "For details about abnormal responses,
see …" says more than a pointer and is not one.

Not responsible for resolving the link, nor for bodies a page's own tables give.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block, Para, Ref, Span
from . import vocab
from .sections import Context

__all__ = ["referenced_bodies"]

_PAGE_LINK = re.compile(r"\.(?:html?|md|rst)(?:#|$)")
#: What may follow a pointer's page name: the sentence's full stop.
_TAIL = re.compile(r"[\s.。．]*$")
#: A page title a plain-text pointer may name: a short phrase, no sentence inside.
_TITLE = re.compile(r"^[^,，;；:：]{2,80}$")


@lru_cache(maxsize=1)
def _see() -> re.Pattern[str]:
    words = vocab.load("roles")["body_reference_see"]
    return re.compile("^(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\s*",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _openers() -> dict[str, re.Pattern[str]]:
    words = vocab.load("roles")["body_references"]
    return {kind: re.compile("^(?:" + "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)) + ")",
                             re.IGNORECASE)
            for kind, ws in words.items()}


def referenced_bodies(blocks: tuple[Block, ...], ctxs: list[Context]) -> dict[str, tuple[Ref, Span]]:
    """``{"request" | "response": (the link, where the sentence is)}``, first sentence of each kind.

    The sentence must stand in that kind's section; of its links to other
    pages, one with an anchor is preferred (the table itself, not the page).
    """
    found: dict[str, tuple[Ref, Span]] = {}
    for block, ctx in zip(blocks, ctxs):
        if not isinstance(block, Para) or ctx.section not in ("request", "response") or ctx.section in found:
            continue
        text = vocab.unescape_md(block.text).strip()
        links = [r for r in block.refs if _PAGE_LINK.search(r.target.split("?")[0])]
        if not _openers()[ctx.section].match(text):
            pointer = _pointer(text, block.refs)
            if pointer is not None:
                found[ctx.section] = (pointer, block.span)
            continue
        if links:
            anchored = [r for r in links if "#" in r.target]
            found[ctx.section] = ((anchored or links)[-1], block.span)
    return found


def _pointer(text: str, refs: tuple[Ref, ...]) -> Ref | None:
    """The page a sentence that is nothing but "See <page>." names, else None.

    With a link, the link's text must be all the sentence names; without one
    (plain text) the name is taken as the title of a page of the run.
    """
    opener = _see().match(text)
    if opener is None:
        return None
    named = _TAIL.sub("", text[opener.end():]).strip()
    if refs:
        return refs[0] if len(refs) == 1 and named == refs[0].text.strip() and not refs[0].target.startswith(
            ("http://", "https://")) else None
    return Ref(named, named) if _TITLE.match(named) else None
