"""Give an uncaptioned table the caption its introducing paragraph writes.

Many pages caption a table not with a caption element but with the short
paragraph right before it, often a list item that a parent row links to:

* RST: ``-  .. _x__li153:`` / ``agency`` / the table (the label lands on the
  paragraph), or ``-  Parameters in the request header`` / the table;
* Markdown: ``-   <a name="x"></a>auth参数说明`` / the table;
* plain text: ``•auth参数说明`` / the table.

The paragraph becomes the table's caption (so :mod:`.roles` reads it as a
role, "Parameters in the response header", or as a structure name, "agency",
"auth参数说明") and its anchors become the table's anchors (so a link to the
list item reaches the table). A paragraph is taken only when the table has no
caption of its own, it stands directly before the table, it is one short line
and :func:`.roles.classify_caption` finds a meaning in it: prose such as
"Table 1 describes the parameters in the URI." stays prose.

A table still without a caption that stands in a list item nested under one
naming a location ("-  Parameters in the request header" / "   -  Obtaining
… with an agency token" / the table, rst/iam) takes that item's text.

A table that is the first of its section also takes the section heading's
anchor: pages link a row to "the section that describes the structure"
(``数据结构.md#section2872318176``, an RST ``__section…`` label) as often as
to the table itself.

Not responsible for what the caption means (``roles``) nor for linking rows
to tables (``linking``).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Block, Heading, Para, Table
from . import roles
from .sections import Context

__all__ = ["captioned_tables", "INTRO_MAX_LEN"]

#: Longer paragraphs are sentences, not captions.
INTRO_MAX_LEN = 100


def captioned_tables(blocks: tuple[Block, ...], ctxs: list[Context]) -> list[tuple[Table, Context]]:
    """Every table of the page with its context, captioned from its intro paragraph where it has none."""
    out: list[tuple[Table, Context]] = []
    section_anchor: str | None = None
    for i, (block, ctx) in enumerate(zip(blocks, ctxs)):
        if isinstance(block, Heading):  # the page title's anchor is the page's, not a section's
            section_anchor = block.anchor if block.level > 1 else None
            continue
        if not isinstance(block, Table):
            continue
        previous = blocks[i - 1] if i > 0 else None
        table = _with_intro(block, previous)
        if not table.caption.strip() and ctx.list_caption:
            table = replace(table, caption=ctx.list_caption.rstrip(":："))
        if section_anchor and section_anchor not in table.anchors:
            table = replace(table, anchors=table.anchors + (section_anchor,))
        section_anchor = None
        out.append((table, ctx))
    return out


def _with_intro(table: Table, previous: Block | None) -> Table:
    if table.caption.strip() or not isinstance(previous, Para):
        return table
    text = previous.text.strip()
    if not text or "\n" in text or len(text) > INTRO_MAX_LEN or roles.status_line(text):
        return table
    role = roles.classify_caption(text)
    if role is None or role.role == "status":
        return table
    anchors = tuple(dict.fromkeys(table.anchors + previous.anchors))
    return replace(table, caption=text.rstrip(":："), anchors=anchors)
