"""docutils' inline parser, in linear time on very long words.

docutils finds inline markup (``initial`` pattern) and standalone URIs
(``implicit_inline``) with regular expressions that, inside a long run of
characters without whitespace (``-a-a-a…``, ``+-+-…``, ``a:a:a:…``), retry
from every position to the end of the run: quadratic time, minutes for one
100 KB line of a damaged page. No word of a real page is that long (the
longest outside tables and code in the corpus is a 184-character URL), so a
whitespace-free run of :data:`LONG_RUN` characters or more is swapped for a
short placeholder word before docutils looks at the text and put back in
every node afterwards: the run is plain text, markup around it is parsed as
before. Text without such a run is parsed exactly as docutils does.

Not responsible for anything else docutils parses (:mod:`._rst_roles` sets
docutils up).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst import states
from docutils.utils import escape2null, unescape

__all__ = ["bounded_inliner", "LONG_RUN"]

#: Whitespace-free runs at least this long are taken as plain text.
LONG_RUN = 512

_RUN = re.compile(r"\S{%d,}" % LONG_RUN)
#: Placeholders: private-use characters, neither whitespace nor markup nor punctuation.
_KEY = re.compile("\ue000([0-9]+)\ue001")


def bounded_inliner() -> states.Inliner:
    """A fresh docutils ``Inliner`` that keeps very long words out of its regular expressions.

    The method is replaced on the instance rather than in a subclass because
    docutils builds its patterns from the class dictionary of ``Inliner``
    itself (``vars(self.__class__)``), which a subclass would hide.
    """
    inliner = states.Inliner()
    original = inliner.parse

    def parse(text: str, lineno: int, memo: Any, parent: Any) -> tuple[list[nodes.Node], list[Any]]:
        if len(text) < LONG_RUN or not _RUN.search(text):
            return original(text, lineno, memo, parent)  # type: ignore[no-any-return]
        runs: list[str] = []

        def stash(match: re.Match[str]) -> str:
            runs.append(match.group())
            return f"\ue000{len(runs) - 1}\ue001"

        found, messages = original(_RUN.sub(stash, text), lineno, memo, parent)
        return _restore(found, runs), _restore(messages, runs)

    inliner.parse = parse  # type: ignore[method-assign]
    return inliner


def _restore(found: list[Any], runs: list[str]) -> list[Any]:
    return [_restore_node(node, runs) for node in found]


def _put_back(text: str, runs: list[str], form: str) -> str:
    """``text`` with the runs back: as docutils keeps them in Text nodes, attributes or raw."""
    def run(match: re.Match[str]) -> str:
        raw = runs[int(match.group(1))]
        return {"text": escape2null(raw), "attribute": unescape(escape2null(raw))}.get(form, raw)

    return _KEY.sub(run, text)


def _restore_node(node: Any, runs: list[str]) -> Any:
    if isinstance(node, nodes.Text):
        return nodes.Text(_put_back(str(node), runs, "text")) if _KEY.search(node) else node
    if not isinstance(node, nodes.Element):
        return node
    for child in list(node.children):
        new = _restore_node(child, runs)
        if new is not child:
            node.replace(child, new)
    for name, value in list(node.attributes.items()):
        if isinstance(value, str):
            node.attributes[name] = _put_back(value, runs, "attribute")
        elif isinstance(value, list):
            node.attributes[name] = [
                _put_back(v, runs, "attribute") if isinstance(v, str) else v for v in value
            ]
    if isinstance(node.rawsource, str):
        node.rawsource = _put_back(node.rawsource, runs, "raw")
    return node
