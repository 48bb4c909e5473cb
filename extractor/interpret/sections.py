"""Walk a page's block stream and note, for every block, the context it sits in.

The role of a table or code block on these pages comes from where it stands:
the section heading above it ("Request", "响应参数"), a list item that acts
as a sub-heading ("URI format", "请求样例"), or a ``Status code: 200`` line
just before it. This module computes that context once, so the rest of the
interpreter can ask "which section, which status" of any block.

It does not decide what a table *is*; :mod:`.tables` does, with this context.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Block, Heading, Para
from . import roles

__all__ = ["Context", "contexts", "pseudo_heading_role"]


@dataclass(frozen=True, slots=True)
class Context:
    """Where a block stands: section role, status code in force, last label."""

    section: str | None
    status: str | None
    label: str | None
    heading: str


#: Short list items and paragraphs that act as headings on classic pages.
_PSEUDO_MAX_LEN = 40


def pseudo_heading_role(text: str) -> str | None:
    """A short paragraph such as "URI format" or "请求样例" that opens a sub-section."""
    text = text.strip().rstrip(":：")
    if not text or len(text) > _PSEUDO_MAX_LEN:
        return None
    return roles.classify_heading(text)


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
    for block in blocks:
        if isinstance(block, Heading):
            role = roles.classify_heading(block.text)
            section = role or ("title" if block.level == 1 else "other")
            heading = block.text
            status = None
            label = None
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
        out.append(Context(section, status, label, heading))
    return out

