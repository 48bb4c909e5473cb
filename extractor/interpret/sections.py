"""Walk a page's block stream and note, for every block, the context it sits in.

The role of a table or code block on these pages comes from where it stands:
the section heading above it ("Request", "响应参数"), a list item that acts
as a sub-heading ("URI format", "请求样例"), or a ``Status code: 200`` line
just before it. This module computes that context once, so the rest of the
interpreter can ask "which section, which status" of any block.

It does not decide what a table *is*; :mod:`.tables` does, with this context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Heading, Para, Span
from . import roles

__all__ = ["Context", "contexts", "heading_role", "pseudo_heading_role", "stated_statuses"]


@dataclass(frozen=True, slots=True)
class Context:
    """Where a block stands: section role, status code in force, last label.

    ``outcome`` is what the example-response title in force says its examples
    show ("error" under "Example response (request failed)", "success" under
    成功响应样例), ``None`` when it says neither. ``list_caption`` is the
    enclosing list item that names a parameter location ("Parameters in the
    request header") when the tables sit in list items nested below it, one per
    case ("Obtaining a temporary AK/SK with an agency token", rst/iam).
    """

    section: str | None
    status: str | None
    label: str | None
    heading: str
    outcome: str | None = None
    list_caption: str | None = None


#: Short list items and paragraphs that act as headings on classic pages.
_PSEUDO_MAX_LEN = 40
#: A trailing qualifier in brackets: "Example response (request failed)", 响应样例（响应成功）.
_QUALIFIER = re.compile(r"\s*[（(][^()（）]*[)）]$")


def pseudo_heading_role(text: str) -> str | None:
    """A short paragraph such as "URI format" or "请求样例" that opens a sub-section."""
    text = text.strip().rstrip(":：")
    if not text or len(text) > _PSEUDO_MAX_LEN:
        return None
    role = roles.classify_heading(text)
    if role is None and (bare := _QUALIFIER.sub("", text)) != text:
        role = roles.classify_heading(bare)
    return role or roles.qualified_example_title(text)


#: Roles a heading keeps when a bracketed qualifier follows its title.
_QUALIFIED_HEADING_ROLES = frozenset({"example-request", "example-response"})


def heading_role(text: str) -> str | None:
    """The role of a heading, "Example Response (Creating ECSs in a Batch)" included.

    A page that shows one example per variant titles each example section with
    the variant in brackets (html/text ECS, ``en-us_topic_0068473331``). Only
    example titles are read through the qualifier: "Responses (Jobs)" is the
    title of a shared page, not a response section.
    """
    role = roles.classify_heading(text)
    if role is None and (bare := _QUALIFIER.sub("", text.strip())) != text.strip():
        qualified = roles.classify_heading(bare)
        role = qualified if qualified in _QUALIFIED_HEADING_ROLES else None
    return role


def _is_outcome_item(block: Para) -> bool:
    """A short list item inside an example section that names an outcome.

    "Example response" often has sub-items "Example of a successful response"
    and "Example of a failed response" (rst/mrs); only list items count, so
    the prose before one of several success examples ("A task fails to be
    executed:") changes nothing.
    """
    text = block.text.strip()
    return block.bullet and len(text) <= _PSEUDO_MAX_LEN and roles.example_outcome(text) is not None


def _outcome(role: str | None, text: str) -> str | None:
    return roles.example_outcome(text) if role == "example-response" else None


def contexts(blocks: tuple[Block, ...]) -> list[Context]:
    """One Context per block, in order.

    A Heading resets the status in force; a pseudo-heading only refines the
    section when it names an example or a URI part, so that "Parameter
    description" inside the URI section keeps the URI role.
    """
    out: list[Context] = []
    section: str | None = None
    status: str | None = None
    label: str | None = None
    heading = ""
    outcome: str | None = None
    items: list[tuple[int, str]] = []  # enclosing list items that name a location: (depth, text)
    for block in blocks:
        if isinstance(block, Para):
            # a sibling or shallower item closes an item; a paragraph inside one (its depth) keeps it
            items = [(d, t) for d, t in items if (d < block.depth if block.bullet else 0 < block.depth >= d)]
            if block.bullet and _names_location(block.text):
                items.append((block.depth, block.text.strip()))
        elif isinstance(block, Heading):
            items = []
        if isinstance(block, Heading):
            role = heading_role(block.text)
            section = role or ("title" if block.level == 1 else "other")
            heading = block.text
            status = None
            label = None
            outcome = _outcome(role, block.text)
        elif isinstance(block, Para):
            found = roles.status_line(block.text)
            if found:
                status = found
            else:
                role = pseudo_heading_role(block.text)
                if role in ("example-request", "example-response", "uri", "request", "response"):
                    if role in ("example-request", "example-response") or section in (None, "other", "title"):
                        section = role
                    label = block.text.strip()
                    status = None if role in ("example-request", "request") else status
                    outcome = _outcome(role, block.text)
                elif section == "example-response" and _is_outcome_item(block):
                    outcome = roles.example_outcome(block.text)
        out.append(Context(section, status, label, heading, outcome, items[-1][1] if items else None))
    return out


#: Caption roles that place a table's rows (a structure name or "Parameters" places nothing).
_LOCATIONS = frozenset({"path", "query", "header", "body", "request", "response", "response-header"})


def _names_location(text: str) -> bool:
    """A short list item such as "Parameters in the request header" (not a sentence)."""
    text = text.strip()
    if not text or len(text) > _PSEUDO_MAX_LEN * 2 or "\n" in text:
        return False
    found = roles.classify_caption(text)
    return found is not None and found.role in _LOCATIONS



#: A paragraph that is nothing but a status code (and its reason phrase): "204", "200 OK".
_BARE_STATUS = re.compile(r"([1-5]\d\d)(?:[ \t]++[A-Za-z][A-Za-z -]{0,30})?")


def stated_statuses(blocks: tuple[Block, ...], ctxs: list[Context]) -> list[tuple[str, Span]]:
    """Status codes a status-code section states in a paragraph of their own.

    zh-MD pages of the as family write ``-   正常`` followed by a paragraph
    ``204`` (and ``-   异常`` followed by a 返回值/说明 table): the success
    status is in no table. Only a whole paragraph inside a status-code
    section counts, so prose that names a code does not.
    """
    return [
        (code, block.span)
        for block, ctx in zip(blocks, ctxs)
        if isinstance(block, Para) and ctx.section == "status-codes"
        and (code := _stated_code(block.text)) is not None
    ]


def _stated_code(text: str) -> str | None:
    """``204``, ``200 OK`` or a status line closed by a full stop (``Status Code:200.``)."""
    text = text.strip()
    if m := _BARE_STATUS.fullmatch(text):
        return m.group(1)
    return roles.status_line(text.rstrip(".。"))
