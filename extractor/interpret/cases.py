"""Body tables introduced by a list item that states one case of the body.

Some pages, after documenting the body as nested tables, repeat it once per
case in a flat table under a list item that states the case:

* rst/iam "Obtaining a Temporary AK/SK": ``auth`` / ``auth.identity`` /
  ``auth.identity.token`` tables, then ``-  Obtaining a temporary AK/SK with an
  agency token (**methods** is set to **assume_role**)`` / a table of
  ``methods``, ``agency_name``, ``domain_name or domain_id``…, and one for
  **token**.

The case table inherits the caption of the list item around it ("Parameters
in the request body", :mod:`.captions`), so read as written its rows would
land at the body root, marked required there, where no example sends them.
Such a table only summarises fields the page documents at another level: when
a row of it names a field of one of the page's nested tables, and none names a
field of the page's top-level body table, its rows are not added to the body
and it is reported (``table-case-summary``, info, at the table) with the case
it states. A case table whose rows the page documents nowhere else is left to
be read as today: it may be the only description of those fields.

The case phrases are data (``roles.json`` ``case_statements``).

Not responsible for modes shown by the page's examples (``writers.modes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..diagnostics import DiagnosticSink
from ..model import Block, Para, Span, Table
from . import vocab
from .tables import TableInfo

__all__ = ["stated_cases", "set_aside_case_summaries"]

_BOLD = re.compile(r"\*\*|__")


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in vocab.load("roles")["case_statements"])


def states_a_case(text: str) -> bool:
    """Whether a list item's text states one case of the body ("… (**methods** is set to **token**)")."""
    folded = vocab.fold(_BOLD.sub("", vocab.unescape_md(text)))
    return any(p.search(folded) for p in _patterns())


def stated_cases(blocks: Sequence[Block]) -> dict[Span, str]:
    """Tables (by their span) that stand right after a list item stating a case, with that case's text."""
    out: dict[Span, str] = {}
    for previous, block in zip(blocks, blocks[1:]):
        if isinstance(block, Table) and isinstance(previous, Para) and previous.bullet \
                and not block.caption.strip() and states_a_case(previous.text):
            out[block.span] = previous.text.strip()
    return out


def set_aside_case_summaries(top: list[TableInfo], infos: Sequence[TableInfo], cases: dict[Span, str],
                             sink: DiagnosticSink) -> None:
    """Mark the request case tables that summarise fields of nested tables (module docstring) ``case``."""
    roots = [i for i in top if i.role in ("request", "body") and i.table.span not in cases]
    at_root = {r.name for i in roots for r in i.rows}
    bodies = {id(i) for i in top if i.role in ("request", "body")}
    nested = {r.name for i in infos if id(i) not in bodies and i.kind == "params"
              and i.section == "request" for r in i.rows}
    for info in top:
        case = cases.get(info.table.span)
        if case is None or info.role not in ("request", "body") or not roots:
            continue
        names = {r.name for r in info.rows}
        if names & at_root or not names & nested:
            continue
        info.role = "case"
        sink.info("table-case-summary",
                  f"{info.label}: a table for one case of the body ({case!r}) that repeats fields the page "
                  f"documents in its nested tables ({', '.join(sorted(names & nested))}); its rows are not "
                  "added at the body root", info.table.span)
