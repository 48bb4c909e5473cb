"""The two central models: the format-neutral Document and the API Endpoint.

Readers produce a :class:`Page` (the Document layer) and know nothing about
APIs; the interpreter turns a Page into :class:`Endpoint` values and knows
nothing about page formats. Everything downstream (schema writers, drift,
conformance) only ever sees Endpoints.

All values are frozen dataclasses so they can be hashed, cached and compared,
and every block and every API element carries the :class:`Span` it came from.
This module holds data only; it imports nothing from the rest of the package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Iterator
from typing import Any, Literal

__all__ = [
    "Span",
    "Ref",
    "Cell",
    "Row",
    "Heading",
    "Para",
    "Code",
    "Table",
    "Block",
    "Page",
    "TypeRef",
    "Field",
    "Response",
    "Example",
    "Endpoint",
    "TableExport",
    "AuthScheme",
    "ErrorCatalogue",
    "MEDIA_EXTRA",
    "NOT_STATED",
    "Location",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A place in a source document: 1-based line (and column when known).

    Printed as ``path:line`` or ``path:line:col`` so editors and CI logs can
    jump to it.
    """

    source: str
    line: int
    column: int | None = None

    def __str__(self) -> str:
        if self.column is None:
            return f"{self.source}:{self.line}"
        return f"{self.source}:{self.line}:{self.column}"


# ---------------------------------------------------------------- Document layer


@dataclass(frozen=True, slots=True)
class Ref:
    """A link or cross reference found in text.

    ``target`` is the raw target as written: an anchor (``t5995...``,
    ``dli_02_0241__t5995``), a page (``dli_02_0183.html``, ``获取项目ID.md``) or a
    page plus anchor (``page.html#anchor``); ``text`` is the visible label
    ("Table 4", "StartJobSubmission"). Readers strip a leading ``#``.
    """

    target: str
    text: str


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell, with its structure kept for the interpreter.

    ``text`` is the whole cell as plain text: inline markup removed, inline
    pieces joined with no separator, paragraphs and list items each on their
    own line (list items prefixed with ``- ``). ``items`` repeats the list item
    texts (without the prefix), ``strong`` the bold/code fragments (enum values
    are usually set in bold), ``refs`` every link, ``codes`` any code block
    inside the cell. Row/colspans are resolved by the reader: a spanned cell
    is repeated in every grid position it covers.
    """

    text: str
    span: Span
    items: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    strong: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    span: Span
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph, or one list item's own text (``bullet=True``).

    Lists are flattened into the block stream in document order, so a table
    or code block nested in a list item follows that item's Para. ``depth`` is
    the list nesting depth (0 outside lists). ``anchors`` are the ids or
    labels that point at the paragraph (an RST ``.. _x:`` label before it, an
    MD/HTML ``<a name="x">`` inside it): pages link a parent row to the short
    paragraph that introduces a child table ("-  .. _x:" / "agency" / table).
    """

    text: str
    span: Span
    refs: tuple[Ref, ...] = ()
    strong: tuple[str, ...] = ()
    bullet: bool = False
    depth: int = 0
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Code:
    text: str
    span: Span
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table with its caption split from its number.

    ``caption`` is the caption without the "Table N"/"表N" label, ``number``
    that label's number as written ("4"), ``anchors`` every id or label that
    points at the table (HTML id, RST ``.. _x:`` label, MD ``<a name>``).
    ``header`` is empty when the table has no header row.
    """

    caption: str
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]
    span: Span
    number: str | None = None
    anchors: tuple[str, ...] = ()


Block = Heading | Para | Code | Table


@dataclass(frozen=True, slots=True)
class Page:
    """A whole page as a stream of blocks.

    ``meta`` carries page-level facts a reader found in its format: RST field
    ``original_name``, the first anchor of an HTML or MD page (``anchor``),
    the HTML ``<title>``. ``lang`` is a BCP 47 tag guessed from content
    (``en``, ``zh-CN``).
    """

    source: str
    format: str
    lang: str
    blocks: tuple[Block, ...]
    meta: tuple[tuple[str, str], ...] = ()

    def meta_value(self, key: str) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return None


# ---------------------------------------------------------------- Endpoint layer

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_SCALAR_BASES = frozenset({"string", "integer", "number", "boolean"})


Location = Literal["path", "query", "header", "body", "response", "response-header"]


class _NotStated:
    """Sentinel for "the page says nothing" (distinct from ``None`` = JSON null)."""

    _instance: "_NotStated | None" = None

    def __new__(cls) -> "_NotStated":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_STATED"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NOT_STATED"


NOT_STATED: Any = _NotStated()


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A type as the page wrote it and what it means.

    ``base`` is a JSON Schema type (``string``, ``integer``, ``number``,
    ``boolean``, ``object``, ``array``, ``null``) or ``any`` when the phrase is
    unknown or free-form. ``format`` refines it (``int64``, ``int32``,
    ``float``, ``double``, ``date-time``). ``items`` is the element type of an
    array, ``values`` the value type of a map, ``ref`` the name of a named
    object type ("StartJobSubmission") or a table reference that still has to
    be resolved. ``raw`` keeps the phrase as written (``[Long]``) so that
    normalisation is visible and equivalent spellings compare equal on
    everything but ``raw``.
    """

    base: str
    raw: str = ""
    format: str | None = None
    items: "TypeRef | None" = None
    values: "TypeRef | None" = None
    ref: str | None = None
    max_length: int | None = None
    known: bool = True

    @property
    def scalar(self) -> bool:
        """Whether the type is one JSON scalar (string, integer, number, boolean): no table can
        describe it, and a link from such a row is to a table of its values, not of its fields."""
        return self.base in _SCALAR_BASES

    def meaning(self) -> tuple[Any, ...]:
        """The type with the spelling dropped: what drift compares."""
        return (
            self.base,
            self.format,
            self.items.meaning() if self.items else None,
            self.values.meaning() if self.values else None,
        )


@dataclass(frozen=True, slots=True)
class Field:
    """A parameter or a body property, with children for nested objects.

    ``required`` is ``None`` when the page did not say. ``default`` is
    ``NOT_STATED`` when the page gave none. ``children`` are the properties of
    the innermost object of ``type`` (for ``Array of X objects`` they are X's
    properties). ``constraints`` holds JSON Schema keywords mined from the
    description (``minimum``, ``maximum``, ``minLength``, ``maxLength``,
    ``pattern``) as sorted pairs. ``source_table`` names the table the
    children came from, for reports. ``link`` is the reference of an
    object field whose table is on another page ("see Table 5" linking into
    ``数据结构.md#table1``): the page alone cannot fill ``children``, the run
    that holds the other page does (:mod:`docconform.extractor.crosslinks`).
    ``recursive`` marks a field whose object is the object of an enclosing
    table, ``source_table`` (cbr ``children | Array of BackupResp objects`` in
    the BackupResp table): a recursive type, which has no children of its own
    and is written as a reference to the field (an ancestor, or the body
    itself) built from that table. ``variants`` are the objects a field may be,
    one per table of a linked section that documents one table per case
    (functiongraph ``event_data``: one table per trigger type); each is an
    object Field whose ``source_table`` and span name its table.
    """

    name: str
    location: Location
    type: TypeRef
    span: Span
    required: bool | None = None
    description: str = ""
    enum: tuple[Any, ...] = ()
    default: Any = NOT_STATED
    constraints: tuple[tuple[str, Any], ...] = ()
    children: tuple["Field", ...] = ()
    required_note: str | None = None
    source_table: str | None = None
    link: Ref | None = None
    recursive: bool = False
    variants: tuple["Field", ...] = ()


@dataclass(frozen=True, slots=True)
class Response:
    """What one status code answers. ``body`` is a root Field (name ``""``)."""

    status: str
    span: Span
    description: str = ""
    body: Field | None = None
    headers: tuple[Field, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    """A documented request or response example.

    ``value`` is the parsed JSON body (``NOT_STATED`` when there is none or it
    could not be parsed), ``strict`` whether the text was strict JSON as
    written, ``http_line`` the request or status line split off the body.
    """

    kind: Literal["request", "response"]
    text: str
    span: Span
    value: Any = NOT_STATED
    strict: bool = True
    status: str | None = None
    http_line: str | None = None
    problem: str | None = None


#: The key of :attr:`Endpoint.extra` under which the request media types the page names
#: are kept (``("application/x-www-form-urlencoded",)``; absent: JSON).
MEDIA_EXTRA = "request_media_types"


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One HTTP operation as one page documents it."""

    method: str
    path: str
    source: str
    span: Span
    doc_id: str | None = None
    title: str = ""
    lang: str = "en"
    format: str = ""
    parameters: tuple[Field, ...] = ()
    request_body: Field | None = None
    responses: tuple[Response, ...] = ()
    examples: tuple[Example, ...] = ()
    documents_error_codes: bool = False
    extra: tuple[tuple[str, Any], ...] = field(default=())

    def all_fields(self) -> "Iterator[Field]":
        """Every parameter, body property and response header, nested ones included."""
        stack: list[Field] = list(self.parameters)
        stack += [self.request_body] if self.request_body else []
        stack += [r.body for r in self.responses if r.body] + [h for r in self.responses for h in r.headers]
        while stack:
            f = stack.pop()
            yield f
            stack.extend(f.children)
            stack.extend(f.variants)

    @property
    def key(self) -> str:
        """``METHOD /path`` with path parameter names blanked, for grouping."""
        return f"{self.method} {_PLACEHOLDER.sub('{}', self.path)}"


@dataclass(frozen=True, slots=True)
class TableExport:
    """A parameter table of a page that rows of other pages may link to.

    ``anchors`` are the lower-cased ids a link can name (the table's own, and
    the id of the section it opens), ``names`` the lower-cased structure
    names of its caption ("publicip", "FineGrainedSnapshotDetail") and, for
    the first table of a section, the section's title (plain text names a
    table by it: "see os_extra_specs (flavor) Field Description"), ``label``
    how reports name it ("Table 4 publicip field description"), ``root`` the
    table as an object Field whose children are its rows (location ``body``),
    ``section`` the lower-cased anchor of the heading it sits under (a link to
    a section of one table per case means all of them).
    """

    anchors: tuple[str, ...]
    names: tuple[str, ...]
    label: str
    root: Field
    section: str | None = None



@dataclass(frozen=True, slots=True)
class AuthScheme:
    """A way to authenticate requests that a doc set's authentication page describes.

    ``kind`` is ``token`` (a token in a request header, ``header`` names it:
    ``X-Auth-Token``) or ``aksk`` (a request signed with an access key pair:
    ``header`` is ``Authorization``, ``scheme`` the signature scheme it starts
    with, ``SDK-HMAC-SHA256``, and ``headers`` the others the signature needs,
    ``X-Sdk-Date``). ``span`` is where the page describes it.
    """

    kind: Literal["token", "aksk"]
    header: str
    span: Span
    scheme: str = ""
    headers: tuple[str, ...] = ()
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "header": self.header}
        if self.scheme:
            out["scheme"] = self.scheme
        if self.headers:
            out["headers"] = list(self.headers)
        if self.description:
            out["description"] = self.description
        out["x-source"] = str(self.span)
        return out


@dataclass(frozen=True, slots=True)
class ErrorCatalogue:
    """A doc set's common error-code page: the statuses and error codes its table lists, and
    the error body its format section shows.

    ``codes`` are ``(status, error code, message)`` rows; ``body`` the error body's fields as
    ``(name, JSON type)`` (``error_code``/``error_msg`` on most sets, ``code``/``message`` on
    some), empty when the page shows none; ``span`` is the code table's place, ``body_span``
    the body's.
    """

    codes: tuple[tuple[str, str, str], ...]
    span: Span
    body: tuple[tuple[str, str], ...] = ()
    body_span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"codes": [list(c) for c in self.codes], "x-source": str(self.span)}
        if self.body:
            out["body"] = [list(f) for f in self.body]
            out["body-source"] = str(self.body_span or self.span)
        return out
