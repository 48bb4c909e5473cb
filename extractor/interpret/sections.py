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
    #: The anchor of the heading above (``section196721276373``): a link to it names the section.
    heading_anchor: str | None = None


#: Short list items and paragraphs that act as headings on classic pages.
_PSEUDO_MAX_LEN = 40
#: A trailing qualifier in brackets: "Example response (request failed)", 响应样例（响应成功）.
_QUALIFIER = re.compile(r"\s*[（(][^()（）]*[)）]$")


#: "响应样例：查询的企业项目关联了用户组。": an example label, a colon, and what the example shows.
_GLOSS = re.compile(r"^([^:：]{1,20})[:：]\s*\S")
_EXAMPLE_ROLES = frozenset({"example-request", "example-response", "examples"})


def pseudo_heading_role(text: str) -> str | None:
    """A short paragraph such as "URI format" or "请求样例" that opens a sub-section.

    An example label glossed after a colon ("响应样例：查询的企业项目关联了用户组。",
    zh-md/iam) opens an example sub-section too; other roles are not read
    from the head of a sentence ("URI: the path …" is prose).
    """
    text = text.strip().rstrip(":：")
    if not text or len(text) > _PSEUDO_MAX_LEN:
        return None
    role = roles.classify_heading(text)
    if role is None and (bare := _QUALIFIER.sub("", text)) != text:
        role = roles.classify_heading(bare)
    if role is None and (gloss := _GLOSS.match(text)):
        head = roles.classify_heading(gloss.group(1).strip())
        role = head if head in _EXAMPLE_ROLES else None
    return role or roles.qualified_example_title(text)


def _example_section(role: str | None, section: str | None) -> str | None:
    """An "Example:" item inside the Request or Response section introduces that part's example.

    MRS Manager pages (rst/mrs mrs_manager_api) write "Request" / "-  Example:" /
    a raw HTTP request / "-  Parameter description" / the table, then "Response" /
    "-  Example:" / ``HTTP/1.1 200 OK`` and the body: the example belongs to the
    section it sits in, and the sibling item after it goes back to that section
    (:func:`contexts`).
    """
    if role == "examples" and section in ("request", "response"):
        return f"example-{section}"
    return role


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
    description" inside the URI section keeps the URI role. A list item that
    opened an example inside a request or response section is closed by a
    sibling item that labels parameters (:func:`_closes_example_item`); an
    "Example:" item of the part in force, by any sibling item that names no
    role (:func:`_example_section`).
    """
    out: list[Context] = []
    section: str | None = None
    status: str | None = None
    label: str | None = None
    heading = ""
    heading_anchor: str | None = None
    outcome: str | None = None
    items: list[tuple[int, str]] = []  # enclosing list items that name a location: (depth, text)
    base: str | None = None  # the role of the heading in force
    opened: int | None = None  # depth of the list item that opened an example inside ``base``
    example_item: tuple[int, str] | None = None  # an "Example:" item of a part: (depth, the part)
    for block in blocks:
        if isinstance(block, Para):
            # a sibling or shallower item closes an item; a paragraph inside one (its depth) keeps it
            items = [(d, t) for d, t in items if (d < block.depth if block.bullet else 0 < block.depth >= d)]
            if block.bullet and _names_location(block.text):
                items.append((block.depth, block.text.strip()))
        elif isinstance(block, Heading):
            items = []
        if isinstance(block, Heading):
            example_item = None
            role = heading_role(block.text)
            section = base = role or ("title" if block.level == 1 else "other")
            opened = None
            heading = block.text
            heading_anchor = block.anchor
            status = None
            label = None
            outcome = _outcome(role, block.text)
        elif isinstance(block, Para):
            found = roles.status_line(block.text)
            if found:
                status = found
            elif opened is not None and _closes_example_item(block, opened):
                section, label, opened, example_item = base, block.text.strip(), None, None
            else:
                named = pseudo_heading_role(block.text)
                role = _example_section(named, section)
                if role != named:  # "Example:" inside the part in force
                    example_item = (block.depth, section) if block.bullet and section else None
                elif example_item and block.bullet and block.depth <= example_item[0] and role is None:
                    section, label, example_item = example_item[1], None, None  # a sibling item ends it
                if role in ("example-request", "example-response", "uri", "request", "response"):
                    if role in ("example-request", "example-response") or section in (None, "other", "title"):
                        if block.bullet and section in _BODY_SECTIONS and role != section:
                            opened = block.depth
                        section = role
                    label = block.text.strip()
                    status = None if role in ("example-request", "request") else status
                    outcome = _outcome(role, block.text)
                elif section == "example-response" and _is_outcome_item(block):
                    outcome = roles.example_outcome(block.text)
        out.append(Context(section, status, label, heading, outcome, items[-1][1] if items else None,
                           heading_anchor))
    return out


#: Sections whose parameter tables a list item opening an example may interrupt.
_BODY_SECTIONS = frozenset({"uri", "request", "response"})


def _closes_example_item(block: Para, opened: int) -> bool:
    """A list item beside the one that opened an example, labelling parameters: back to the section.

    zh-md/dli 更新Flink自定义作业.md writes, under 请求消息, ``-   请求样例`` with the
    example, then ``-   参数说明`` with the request table (and the same under
    响应消息): the table is the section's, not the example's. Only a sibling or
    shallower item that is a generic parameter label ("参数说明", "Parameter
    description", 要素说明) closes it. An item naming a location does not: rst/smn
    writes ``-  Example request`` then ``-  Request body`` over the example bodies;
    nor does one naming a structure (``role格式说明``) or an error body ("Error
    Reponse Body参数说明").
    """
    text = block.text.strip().rstrip(":：")
    if not block.bullet or block.depth > opened or not text or len(text) > _PSEUDO_MAX_LEN or "\n" in text:
        return False
    found = roles.classify_caption(text)
    return found is not None and found.role == "generic" and roles.example_outcome(text) is None


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
