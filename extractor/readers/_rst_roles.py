"""docutils set-up for the Open Telekom Cloud pages: roles, directives, parsing.

The OTC pages are written for Sphinx, so plain docutils does not know
``:ref:``, ``.. code-block::`` or ``.. toctree::``. This module registers those
once (docutils keeps roles and directives in process-wide tables, so
registration is idempotent and limited to a fixed list of Sphinx names), runs
docutils with settings that never print, never halt, never read files and
never touch the network, and collects docutils' messages as values.

Directives it still does not know are not registered by name (that would grow
the global tables with whatever a page contains): their body is parsed in
place as ordinary reStructuredText instead, so their text is kept. Unknown
roles likewise become their plain text (``:foo:`bar``` reads as ``bar``).

Messages become ``rst-warning`` diagnostics here, at the line the problem
starts on. It is NOT responsible for turning the doctree into blocks
(:mod:`.rst` does).
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from dataclasses import dataclass
from typing import Any

from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers import rst
from docutils.parsers.rst import Directive, directives, roles

from ..diagnostics import DiagnosticSink, Level
from ..model import Span
from . import _rst_speed, _rst_tables
from ._rst_inline import bounded_inliner

__all__ = ["RstMessage", "ensure_registered", "parse_rst", "report_messages", "split_title"]

_lock = threading.Lock()
_registered = False

#: Sphinx cross-reference roles: the node keeps the target as written.
_XREF_ROLES = ("ref", "doc", "numref", "download", "any", "keyword")
#: Sphinx roles that only style their text.
_TEXT_ROLES = (
    "term", "abbr", "kbd", "guilabel", "menuselection", "file", "samp", "command",
    "program", "option", "envvar", "dfn", "mimetype", "makevar", "regexp", "token",
)
_EXPLICIT_TITLE = re.compile(r"^(.*?)(?<!\s)\s*<([^<>]+)>\s*$", re.DOTALL)  # (?<!\s): linear


@dataclass(frozen=True, slots=True)
class RstMessage:
    """One docutils system message: level 1 (info) to 4 (severe).

    ``block`` is the first line of the source block the message quotes (a
    malformed table, an unknown directive), used to correct the line number,
    which docutils often gives as the end of the block.
    """

    level: int
    line: int | None
    text: str
    block: str | None = None


def split_title(text: str) -> tuple[str, str]:
    """``"Table 4 <dli_02_0241__t59>"`` -> ``("Table 4", "dli_02_0241__t59")``."""
    text = utils.unescape(text)
    match = _EXPLICIT_TITLE.match(text)
    if match and match.group(1).strip():
        return " ".join(match.group(1).split()), match.group(2).strip()
    target = " ".join(text.split())
    return target, target


def _xref_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
               options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
    """A reference whose target stays as written (no docutils resolution)."""
    label, target = split_title(text)
    return [nodes.reference(rawtext, label, refuri=target, reftype=name)], []


def _text_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
               options: Any = None, content: Any = None) -> tuple[list[nodes.Node], list[Any]]:
    label, _ = split_title(text)
    return [nodes.inline(rawtext, label)], []


class _AnyOptions(dict[str, Any]):
    """An option spec that accepts every option: a typo must not drop the code."""

    def __contains__(self, key: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True  # docutils reads options only when the spec is truthy

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged


class _CodeBlock(Directive):
    """Sphinx ``code-block``: a literal block that remembers its language."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        node = nodes.literal_block(code, code)
        if self.arguments:
            node["language"] = self.arguments[0].strip()
        node.line = self.lineno
        return [node]


class _Ignored(Directive):
    """Sphinx navigation (``toctree``): nothing a reader of one page needs."""

    optional_arguments = 99
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()

    def run(self) -> list[nodes.Node]:
        return []


def ensure_registered() -> None:
    """Register the Sphinx roles and directives the pages use, once per process."""
    global _registered
    with _lock:
        if _registered:
            return
        for name in _XREF_ROLES:
            roles.register_local_role(name, _xref_role)
        for name in _TEXT_ROLES:
            roles.register_local_role(name, _text_role)
        for name in ("code-block", "sourcecode"):
            directives.register_directive(name, _CodeBlock)
        directives.register_directive("toctree", _Ignored)
        _rst_speed.install()
        _rst_tables.install()
        _registered = True


class _Parser(rst.Parser):
    """The reST parser, plus a message collector and unknown-directive rescue."""

    def __init__(self, messages: list[RstMessage], shift: int = 0) -> None:
        super().__init__(inliner=bounded_inliner())
        self._messages = messages
        self._shift = shift

    def _observe(self, msg: nodes.system_message) -> None:
        line = msg.get("line")
        blocks = [c for c in msg.children if isinstance(c, nodes.literal_block)]
        first = blocks[0].astext().strip().split("\n")[0] if blocks else None
        text = " ".join(msg.children[0].astext().split()) if msg.children else ""
        shifted = line + self._shift if isinstance(line, int) else None
        self._messages.append(RstMessage(int(msg["level"]), shifted, text, first))

    def parse(self, inputstring: str, document: nodes.document) -> None:
        document.reporter.attach_observer(self._observe)
        super().parse(inputstring, document)
        _degrade_unknown_roles(document)
        _rescue_unknown_directives(document, self._messages, self._shift)


_ROLE_SYNTAX = re.compile(r"^(?::[\w.+:-]+:`(.*)`|`(.*)`:[\w.+:-]+:)$", re.DOTALL)


def _degrade_unknown_roles(document: nodes.document) -> None:
    """``:foo:`text``` with no role ``foo`` becomes the plain text ``text``.

    Runs before the transforms, which would otherwise unwrap the
    ``problematic`` node into its raw markup.
    """
    for node in list(document.findall(nodes.problematic)):
        match = _ROLE_SYNTAX.match(node.astext())
        if match:
            label, _ = split_title(match.group(1) or match.group(2) or "")
            node.replace_self(nodes.inline(node.rawsource, label))


def _strip_messages(document: nodes.document) -> None:
    """Drop messages and unwrap problem markers: their ids live in another document."""
    for msg in list(document.findall(nodes.system_message)):
        msg.parent.remove(msg)
    for node in list(document.findall(nodes.problematic)):
        node.replace_self(nodes.Text(node.astext()))


def _directive_body(raw: str) -> tuple[str, int]:
    """The content of a directive block, dedented, and its first line's index."""
    lines = raw.split("\n")
    index = 1
    while index < len(lines) and re.match(r"^\s+:[\w-]+:", lines[index]):
        index += 1
    return textwrap.dedent("\n".join(lines[index:])), index


def _rescue_unknown_directives(document: nodes.document, messages: list[RstMessage],
                               shift: int) -> None:
    """Replace each "Unknown directive" error with its body parsed as reST."""
    for msg in list(document.findall(nodes.system_message)):
        blocks = [c for c in msg.children if isinstance(c, nodes.literal_block)]
        if not blocks or not msg.children[0].astext().startswith("Unknown directive type"):
            continue
        body, index = _directive_body(blocks[0].astext())
        box = nodes.container(classes=["unknown-directive"])
        line = msg.get("line")
        if body.strip() and isinstance(line, int):
            offset = line + index - 1
            sub = utils.new_document(document.get("source", ""), document.settings)
            _Parser(messages, shift + offset).parse(body, sub)
            _strip_messages(sub)
            for node in sub.findall(nodes.Element):
                if node.line is not None:
                    node.line += offset
            box.extend(sub.children)
        msg.replace_self(box)


def _settings(stream: io.StringIO) -> dict[str, Any]:
    return {
        "report_level": 5,
        "halt_level": 5,
        "warning_stream": stream,
        "traceback": True,  # else docutils prints the error and calls sys.exit
        "_disable_config": True,
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "doctitle_xform": False,
        "docinfo_xform": False,
        "sectsubtitle_xform": False,
        "syntax_highlight": "none",
        "smart_quotes": False,
        "pep_references": False,
        "rfc_references": False,
        "line_length_limit": 1_000_000,
        "language_code": "en",
    }


def parse_rst(text: str, source: str) -> tuple[nodes.document, list[RstMessage]]:
    """Parse a page into a doctree; messages come back as values, never printed.

    With ``report_level`` 5 docutils writes nothing to its warning stream (an
    in-memory buffer anyway); every message reaches the observer instead.
    """
    ensure_registered()
    messages: list[RstMessage] = []
    stream = io.StringIO()
    parser = _Parser(messages)
    document = publish_doctree(
        text, source_path=source, parser=parser,
        settings=_rst_speed.doctree_settings(parser, _settings(stream)),
    )
    return document, messages


_DEGRADED = ("Unknown interpreted text role", "Unknown directive type",
             "Undefined substitution referenced")


def report_messages(messages: list[RstMessage], source: str, lines: list[str],
                    sink: DiagnosticSink) -> None:
    """docutils messages -> ``rst-warning`` diagnostics at the right line.

    INFO messages (unreferenced targets and the like) are dropped; what the
    reader degraded to text (unknown role or directive, undefined
    substitution) is a warning; anything else docutils calls an error (a
    malformed table: its content is lost) stays an error.
    """
    seen: set[tuple[int, str]] = set()
    for msg in messages:
        if msg.level < 2:
            continue  # docutils INFO: unreferenced targets and the like
        # docutils puts problems at the end of the page one line past it
        line = min(_block_start(lines, msg.line or 1, msg.block), max(len(lines), 1))
        if (line, msg.text) in seen:
            continue
        seen.add((line, msg.text))
        degraded = msg.text.startswith(_DEGRADED)
        level = Level.WARNING if msg.level == 2 or degraded else Level.ERROR
        sink.emit("rst-warning", level, f"docutils: {msg.text}", Span(source, line))


def _block_start(lines: list[str], line: int, block: str | None) -> int:
    """The line a quoted block starts on, searching back from ``line``."""
    if not block:
        return line
    for candidate in range(min(line, len(lines)), 0, -1):
        if lines[candidate - 1].strip() == block.strip():
            return candidate
    return line
