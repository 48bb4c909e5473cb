"""Plain text out of HTML elements: inline runs and element predicates.

Shared by block and table extraction:

* :class:`Run` gathers an inline run (text, ``<span>``, ``<b>``, ``<a>`` ...)
  into text whose pieces are joined with no separator, because the exports
  split words across inline tags (``<span>last_exec</span>ute_time``). Source
  whitespace collapses to one space as a browser shows it; ``<br>`` breaks
  the line. The run also collects links, bold/code fragments and empty
  ``<a name>`` anchors.
* small element predicates (inline or block, note, classes) and
  :func:`raw_text` for code blocks, where line breaks matter.

It works on lxml elements and knows nothing of pages, blocks, cells or spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.etree import _Element as Element  # type: ignore[import-untyped]
from lxml.html import defs  # type: ignore[import-untyped]

from ..model import Ref

__all__ = [
    "INLINE",
    "SKIP",
    "SKIP_CLASSES",
    "STRONG",
    "Element",
    "Run",
    "classes",
    "is_inline",
    "is_note",
    "norm",
    "raw_text",
    "tag_of",
]

INLINE = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
STRONG = frozenset({"b", "strong", "code"})
SKIP = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "meta",
        "link",
        "noscript",
        "template",
        "object",
        "iframe",
        "svg",
        "button",
        "input",
        "select",
        "textarea",
        "map",
        "area",
    ]
)
_KNOWN = frozenset(defs.tags) | {"main", "section", "article", "nav", "figure", "figcaption"}
_NOTE_CLASSES = frozenset(
    {"note", "notice", "caution", "warning", "danger", "important", "tip", "attention"}
)
SKIP_CLASSES = frozenset({"notetitle", "familylinks"})


def norm(text: str) -> str:
    """Collapse whitespace as a browser renders it."""
    return " ".join(text.split())


def classes(el: Element) -> frozenset[str]:
    return frozenset((el.get("class") or "").split())


def is_note(el: Element) -> bool:
    return bool(classes(el) & _NOTE_CLASSES)


def tag_of(el: Element) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def is_inline(el: Element) -> bool:
    """Inline elements and tags HTML does not know (``<namespace>`` typed as text)."""
    tag = tag_of(el)
    if tag is None:
        return True
    if tag == "code":
        return "\n" not in raw_text(el)
    return tag in INLINE or tag not in _KNOWN


def raw_text(el: Element) -> str:
    """Text of a code block with line breaks kept (``<br>`` counts as one)."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if tag_of(node) == "br":
            parts.append("\n")
        elif node.text and tag_of(node) is not None:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts).strip("\n").rstrip()


@dataclass
class Run:
    """An inline run: text pieces, and what the markup said about them."""

    parts: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    strong: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    first: Element | None = None

    def add_text(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def add(self, el: Element) -> None:
        """Add an inline element with everything inside it (not its tail)."""
        if self.first is None:
            self.first = el
        self._collect(el)

    def _collect(self, el: Element) -> None:
        tag = tag_of(el)
        if tag is None or tag in SKIP or classes(el) & SKIP_CLASSES:
            return
        if tag == "br":
            self.parts.append("\n")
            return
        block = tag not in INLINE and tag in _KNOWN
        if block:
            self.parts.append("\n")
        elif tag not in _KNOWN:
            self.parts.append(f"<{tag}>")
        start = len(self.parts)
        self.add_text(el.text)
        for child in el:
            self._collect(child)
            self.add_text(child.tail)
        if block:
            self.parts.append("\n")
        self._note(el, tag, norm("".join(self.parts[start:])))

    def _note(self, el: Element, tag: str, label: str) -> None:
        get = el.get
        if tag == "a" and get("href"):
            href = get("href").strip()
            self.refs.append(Ref(href.removeprefix("#"), label))
        elif tag == "a" and not label and (get("name") or get("id")):
            self.anchors.append(get("name") or get("id"))
        if tag in STRONG and label:
            self.strong.append(label)

    def lines(self) -> list[str]:
        text = "".join(self.parts)
        return [line for line in (norm(piece) for piece in text.split("\n")) if line]

    def text(self) -> str:
        return "\n".join(self.lines())
