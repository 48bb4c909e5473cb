"""Turn a page's bytes into text and tell its format from its content.

File names say nothing (the seeds are all ``.txt``), so the format is sniffed
from what the text looks like. This module decides *which* reader runs; it
does not parse anything itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FORMATS", "DecodedText", "decode", "detect_format", "looks_like_openapi", "unicode_bom"]

FORMATS = ("html", "rst", "markdown", "text")

_BINARY_SAMPLE = 8192


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Decoded page text and what, if anything, went wrong decoding it."""

    text: str
    encoding: str
    problem: str | None = None
    problem_line: int = 1


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


#: Byte order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


def unicode_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark at the start of ``data`` names, and the mark's length."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def decode(data: bytes) -> DecodedText:
    """Decode by byte order mark (UTF-8, UTF-16, UTF-32), else UTF-8, GB18030, then UTF-8 with replacements.

    Windows tools save pages as UTF-16 with a mark; Chinese pages published
    before UTF-8 was universal are GB-encoded; anything else that is not UTF-8
    still yields text (with replacement characters) so the rest of the page
    is not lost, plus a problem naming the first bad line.
    """
    bom = unicode_bom(data)
    if bom is not None and bom[0] != "utf-8":
        return _decode_wide(data[bom[1]:], bom[0])
    if bom is not None:
        data = data[bom[1]:]
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad_line = _line_of_offset(data, exc.start)
        reason = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {bad_line})"
    try:
        text = data.decode("gb18030")
        if re.search(r"[\u4e00-\u9fff]", text):
            return DecodedText(text, "gb18030", f"{reason}; decoded as GB18030", bad_line)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    return DecodedText(text, "utf-8", f"{reason}; invalid bytes replaced", bad_line)


def _decode_wide(data: bytes, encoding: str) -> DecodedText:
    try:
        return DecodedText(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        line = data[:exc.start].decode(encoding, errors="replace").count("\n") + 1
        return DecodedText(text, encoding, f"not valid {encoding.upper()} at line {line}; invalid bytes replaced",
                           line)


def looks_binary(data: bytes) -> bool:
    """A NUL byte or mostly control bytes in the first 8 KiB: not a text page.

    Text with a UTF-16 or UTF-32 byte order mark is judged by its characters,
    not its bytes (half of which are NUL in an English UTF-16 page).
    """
    bom = unicode_bom(data)
    if bom is not None and bom[0] != "utf-8":
        width = 4 if "32" in bom[0] else 2
        end = bom[1] + (_BINARY_SAMPLE // width) * width
        data = data[bom[1]:end].decode(bom[0], errors="replace").encode("utf-8")
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # C speed: runs on every page
    return controls / len(sample) > 0.1


#: Every byte but the control bytes counted by :func:`looks_binary` (0-8, 14-31).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


# Blanks before a marker are matched with [^\S\n]*, not \s*: a run of blank lines is
# then not rescanned from each of its lines (quadratic on pages with many). Counts are the same.
_RST_MARKERS = re.compile(
    r"^(?::original_name:|\.\. _[^:]+:|\.\. (?:table|code-block|code|note|important|"
    r"caution|warning|figure|image|toctree|list-table|csv-table)::|[^\S\n]*\+[-=]{3,}\+)",
    re.M,
)
_RST_UNDERLINE = re.compile(r"^\S.*\n([=\-~^\"'`#*+]{3,})\s*$", re.M)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_MD_MARKERS = re.compile(
    # possessive blanks ([^\S\n]*+): a long blank run is not re-split between neighbours (linear)
    r"^[^\S\n]*(?:\*\*表\s*\d+\*\*|```|~~~|(?:\|[^\S\n]*+)?:?-{3,}:?[^\S\n]*+(?:\|[^\S\n]*+:?-{3,}:?[^\S\n]*+)+\|?[^\S\n]*$"
    r"|\[[^\]]+\]\([^)]+\))",
    re.M,
)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|div|h[1-6]|table|p|ul|ol|li|pre|span|a)\b[^>]*>", re.I
)
#: The same tags, opening or closing: where a page's markup begins and ends.
_ANY_HTML_TAG = re.compile(
    r"</?(?:html|head|body|div|h[1-6]|table|p|ul|ol|li|pre|span|a)\b[^>]*>", re.I
)


#: The top of an OpenAPI or Swagger document, in YAML or JSON.
_OPENAPI = re.compile(r"""\A(?:\s*(?:\#[^\n]*\n|---\s*\n))*\s*(?:(?:openapi|swagger)\s*:\s*["']?\d"""
                      r"""|\{.{0,4000}?"(?:openapi|swagger)"\s*:\s*"\d)""", re.DOTALL)


def looks_like_openapi(text: str) -> bool:
    """Whether ``text`` starts as an OpenAPI (or Swagger) document does: a contract, not a page."""
    return _OPENAPI.match(text[:8192]) is not None


#: Share of a page that its HTML tags must spread over (first tag to last) for the page to be HTML.
_MARKUP_SPREAD = 0.5


def _html_tags(head: str) -> int:
    """The HTML tags of a page whose markup spreads over it; 0 when the tags sit in one place.

    Plain text copied from a docs page may quote an HTML answer in an example
    ("By default, the response is in HTML format." then ``<html><head>…``,
    text/ecs en-us_topic_0065820825): a few tags in a few lines near the end.
    An HTML page, forge chrome before it or not, has its tags (opening or
    closing) from its first section to its last.
    """
    count = len(_HTML_TAG.findall(head))
    if not count:
        return 0
    tags = [m.span() for m in _ANY_HTML_TAG.finditer(head)]
    body = len(head.rstrip())
    spread = (tags[-1][1] - tags[0][0]) / body if body else 0.0
    return count if spread >= _MARKUP_SPREAD else 0


def detect_format(text: str) -> str:
    """Score each format's markers and return the strongest.

    Markdown pages embed HTML tables, so HTML tags alone do not make HTML: a
    page with Markdown headings is Markdown. RST is recognised by its field
    list, labels, directives and section underlines; what is none of these is
    plain text copied from a web page.
    """
    head = text[:200_000]
    rst = 5 * len(_RST_MARKERS.findall(head)) + len(_RST_UNDERLINE.findall(head))
    md = 3 * len(_MD_HEADING.findall(head)) + len(_MD_MARKERS.findall(head))
    html = _html_tags(head)
    if md >= 3 and md >= rst:
        return "markdown"
    if rst >= 5 and rst > md:
        return "rst"
    if html >= 3:
        return "html"
    if md >= 3:
        return "markdown"
    if rst >= 2:
        return "rst"
    return "text"
