"""Type-cell phrases to :class:`~docconform.extractor.model.TypeRef` (VARIANTS.md §6).

Pages spell one type many ways: ``[Long]``, ``Array of Long``, ``Array of
Longs``; ``Map<String, String>``; ``Array of :ref:`Match` objects``; ``String。``;
``Dictionary data structure. For details, see Table 3.``. :func:`parse_type`
maps every spelling to one meaning and keeps the phrase in ``raw``, so that
equivalent spellings compare equal on :meth:`TypeRef.meaning` and are never
reported as drift.

Named types and table references are *not* resolved here: the parser records
the name in ``ref`` and the caller looks for the table. Certainty is told by
``known``:

* ``Array of Match objects``, ``PageInfo object``, ``Table 4 object``: the
  word "object" (or a table reference) says it is an object, so
  ``known=True`` and ``ref`` names the table to find.
* ``clusters objects``, ``objects`` (the plural, no ``Array of``): a list
  of that object, as the plural says (zh-md/mrs, zh-md/iam, rst/mrs; their
  examples answer arrays). Where a page's examples all show one object
  instead, the interpreter reads an object (:mod:`.envelopes`).
* a bare identifier, ``StartJobSubmission``, ``List<Transfer>``, ``Array of
  body``: probably a named type, parsed as an object with ``ref`` set but
  ``known=False`` until the caller finds its table (then :func:`resolved`);
  if it never does, that is a ``type-unknown`` finding.
* anything else unrecognised: ``TypeRef("any", raw, known=False)``, never a
  guess. ``No``/``Yes`` in a Type cell (column swap) are unknown too; deciding
  that the cells are swapped is the caller's business.

Word lists live in ``vocab/types.json``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import TypeRef
from . import vocab

__all__ = [
    "declared_map", "described_map", "is_named_guess", "names_model", "parse_type", "ref_name", "resolved",
    "with_object", "typo",
]

# The look-behinds let only the start of a run try "...+$": linear, not quadratic, on long cells.
_TRAILING = re.compile(r"(?<![\s。.．;；,，])[\s。.．;；,，]+$")
_WRAPPERS = re.compile(r"^[`*\s]+|(?<![`*\s])[`*\s]+$")
_IDENT = re.compile(r"[A-Za-z_@$][\w.:/@$-]*")
_TABLE_REF = re.compile(r"^(?:table|表)\s*(\d+)$", re.IGNORECASE)
_SEE_TABLE = re.compile(
    r"(?<![\s.,，。、])[\s.,，。、]*(?:for details,?\s*)?(?:see|refer to|请参见|参见|请参考|参考|详见)\s*"
    r"(?:table|表)\s*(\d+)\s*+[。.]?\s*+$",
    re.IGNORECASE,
)
_SIZED = re.compile(r"^(string|str|varchar)\s*\(\s*(\d+)\s*\)$", re.IGNORECASE)
_CALL = re.compile(r"^(array|list)\s*[(\[]\s*(.+?)\s*[)\]]$", re.IGNORECASE)
_GENERIC = re.compile(r"^(array|list|set|map|dict|hashmap)\s*<\s*(.+)\s*>$", re.IGNORECASE)
_MAP_GO = re.compile(r"^map\s*<\s*([^<>,]+?)\s*>\s*(.+)$", re.IGNORECASE)
_ARRAY_OF = re.compile(r"^(?:arrays?|lists?|json arrays?)\s+of\s+(.+)$", re.IGNORECASE)
_BRACKETS = re.compile(r"^\[\s*(.+?)\s*\]$")
_GO_SLICE = re.compile(r"^\[\]\s*(.+)$")
_X_ARRAY = re.compile(r"^(.+?)\s+(?:array|list)$", re.IGNORECASE)
#: "Array String": the element primitive written after the word, with no "of" (rst/mrs).
_ARRAY_WORD = re.compile(r"^(?:array|list)\s+([A-Za-z]+)$", re.IGNORECASE)
#: "String/Integer", "String or Integer": a value of either primitive type.
_UNION = re.compile(r"^([A-Za-z]+)\s*(?:/|\bor\b)\s*([A-Za-z]+)$", re.IGNORECASE)
_X_OBJECT = re.compile(r"^(.+?)(?:\s+objects?|\s*对象)$", re.IGNORECASE)
_PLURAL_OBJECTS = re.compile(r"\sobjects$", re.IGNORECASE)


def _clean(raw: str) -> str:
    text = vocab.unescape_md(" ".join(raw.split()))
    previous = None
    while previous != text:
        previous = text
        text = _WRAPPERS.sub("", _TRAILING.sub("", text))
    return text


def typo(raw: str) -> str | None:
    """The corrected word when a Type cell holds a known misspelling (``Interger``).

    Lets the caller tell the author about it; :func:`parse_type` already
    reads the phrase as the intended type.
    """
    fixes = vocab.load("types")["typos"]
    for word in re.findall(r"[A-Za-z]+", raw):
        if word.casefold() in fixes:
            return str(fixes[word.casefold()])
    return None


def _primitive(text: str) -> TypeRef | None:
    folded = vocab.fold(text)
    folded = vocab.load("types")["typos"].get(folded, folded)
    meaning = vocab.table("types", "primitives").get(folded)
    if meaning is None:
        return None
    base, _, fmt = meaning.partition("/")
    if base == "array":
        return TypeRef("array", raw=text, items=TypeRef("any"))
    return TypeRef(base, raw=text, format=fmt or None)


def _named(name: str, *, certain: bool) -> TypeRef:
    table = _TABLE_REF.match(name)
    if table:
        return TypeRef("object", raw=name, ref=f"Table {table.group(1)}", known=True)
    return TypeRef("object", raw=name, ref=name, known=certain)


def _array(raw: str, items: TypeRef) -> TypeRef:
    return TypeRef("array", raw=raw, items=items, known=items.known)


def _split_top(text: str) -> list[str]:
    """Split ``K, V`` at commas that are not inside ``<...>``."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "<"
        depth -= ch == ">"
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _map(raw: str, args: list[str]) -> TypeRef:
    values = _parse(args[-1], nested=True) if args and args[-1] else None
    known = values.known if values else True
    return TypeRef("object", raw=raw, values=values, known=known)


def _element(text: str) -> TypeRef:
    """The element phrase of ``Array of X``: plural and ``X objects`` allowed."""
    object_words = vocab.words("types", "object_words")
    if vocab.fold(text) in object_words:
        return TypeRef("object", raw=text)
    named = _X_OBJECT.match(text)
    if named and _IDENT.fullmatch(named.group(1)) or named and _TABLE_REF.match(named.group(1)):
        inner = _primitive(named.group(1))
        return inner if inner else _named(named.group(1), certain=True)
    return _parse(text, nested=True)


def _structured(text: str) -> TypeRef | None:
    """Generic, bracket and ``Array of`` forms; ``None`` when none applies."""
    if m := _SIZED.match(text):
        return TypeRef("string", raw=text, max_length=int(m.group(2)))
    if m := _MAP_GO.match(text):
        return _map(text, [m.group(1), m.group(2)])
    if m := _GENERIC.match(text):
        if m.group(1).casefold() in ("map", "dict", "hashmap"):
            return _map(text, _split_top(m.group(2)))
        return _array(text, _element(m.group(2).strip()))
    if m := _CALL.match(text):
        return _array(text, _element(m.group(2)))
    if (m := _GO_SLICE.match(text)) or (m := _BRACKETS.match(text)):
        return _array(text, _element(m.group(1)))
    if m := _ARRAY_OF.match(text):
        return _array(text, _element(m.group(1).strip()))
    if m := _X_ARRAY.match(text):
        return _array(text, _element(m.group(1)))
    if (m := _ARRAY_WORD.match(text)) and (inner := _primitive(m.group(1))):
        return _array(text, inner)
    if (m := _UNION.match(text)) and (first := _primitive(m.group(1))) and (second := _primitive(m.group(2))):
        # one of two types: the meaning both share, else any value (never a guess at one of them)
        return first if first.meaning() == second.meaning() else TypeRef("any", raw=text)
    if m := _X_OBJECT.match(text):
        name = m.group(1).strip()
        if _IDENT.fullmatch(name) or _TABLE_REF.match(name):
            named = _named(name, certain=True)
            # "clusters objects": the plural with no container word is a list of them
            return _array(text, named) if _PLURAL_OBJECTS.search(text) else named
    return None


def _parse(text: str, *, nested: bool = False) -> TypeRef:
    text = _clean(text)
    if not text or vocab.fold(text) in vocab.words("types", "not_types"):
        return TypeRef("any", raw=text, known=False)
    if not nested and vocab.fold(text) == "objects":  # the plural alone: a list (see the module doc)
        return _array(text, TypeRef("object", raw=text))
    found = _primitive(text) or _structured(text)
    if found is not None:
        return found
    if _TABLE_REF.match(text):
        return _named(text, certain=True)
    if _IDENT.fullmatch(text) and (nested or text[0].isupper()):
        return _named(text, certain=False)
    return TypeRef("any", raw=text, known=False)


def _with_table_ref(head: str, number: str) -> TypeRef:
    """``Dictionary/List data structure. For details, see Table N.``"""
    ref = TypeRef("object", raw=f"Table {number}", ref=f"Table {number}")
    base = _parse(head) if head.strip() else ref
    if base.base == "array":
        return TypeRef("array", raw="", items=ref)
    if base.base in ("object", "any"):
        return ref
    return base


def parse_type(raw: str) -> TypeRef:
    """The meaning of a Type cell; ``raw`` keeps the phrase as written."""
    text = " ".join(raw.split())
    see = _SEE_TABLE.search(text)
    if see:
        found = _with_table_ref(text[: see.start()], see.group(1))
    else:
        found = _parse(text)
    return replace(found, raw=raw.strip())


def ref_name(t: TypeRef) -> str | None:
    """The named type or table a TypeRef points at, looking through arrays and maps."""
    while t is not None:
        if t.ref:
            return t.ref
        t = t.items or t.values  # type: ignore[assignment]
    return None


def is_named_guess(t: TypeRef) -> bool:
    """True for a bare type name that still needs its table (see module doc)."""
    return not t.known and ref_name(t) is not None


def names_model(t: TypeRef) -> bool:
    """Whether the type (or its element or value type) names a model: ``Array of TagResource objects``.

    Pages generated from an API definition write the model's name in the Type
    cell (``TagResource``, ``V1BatchCreateResourceTagRequestBodyElement``); a
    hand-written cell says ``Array of objects`` or points at a table
    (``Table 5 object``). A generated ``Array of X objects`` carries the
    definition's list, so the interpreter does not let an example holding one
    object overrule it (:mod:`.envelopes`).
    """
    name = ref_name(t)
    return name is not None and not _TABLE_REF.match(name)


def resolved(t: TypeRef) -> TypeRef:
    """The same type marked known, once the caller has found the named table."""
    return replace(
        t,
        known=True,
        items=resolved(t.items) if t.items else None,
        values=resolved(t.values) if t.values else None,
    )


def with_object(t: TypeRef) -> TypeRef:
    """A type that turned out to have a child table is an object (or array of them).

    A scalar the page typed wrongly (``String`` for a structure whose table the row
    points to) becomes an object too; the caller reports that.
    """
    if t.base == "array":
        items = t.items or TypeRef("object")
        if items.base in _NOT_OBJECT:
            items = with_object(items) if items.base == "array" else replace(items, base="object", format=None)
        return replace(t, items=items)
    if t.base in _NOT_OBJECT:
        return replace(t, base="object", known=True, format=None, max_length=None)
    return t


_NOT_OBJECT = frozenset({"any", "array", "string", "integer", "number", "boolean"})


def described_map(t: TypeRef, description: str, name: str = "") -> TypeRef:
    """A bare ``Object`` whose description calls it key-value pairs, or named as metadata, is a map.

    "metadata | Object | Specifies the user-defined metadata key-value pair."
    (rst/ecs): its keys are the caller's, so they are not undocumented fields;
    the value type is not stated, so it stays unconstrained. A bare object named
    ``metadata`` or ``meta`` (vocab/types.json ``map_names``: "Specifies the
    volume metadata.", "Specifies the image attribute …", rst/ecs) is the
    OpenStack metadata map by name: without a table of its own, the page names
    none of its keys, and its examples use the caller's. Only an object with no
    named type, no map type and (the caller checks) no table or link of its own.
    """
    if t.base != "object" or t.values is not None or t.ref is not None:
        return t
    text = vocab.fold(description)
    if (any(phrase in text for phrase in vocab.words("types", "map_phrases"))
            or vocab.fold(name) in vocab.words("types", "map_names")):
        return replace(t, values=TypeRef("any", raw=""))
    return t


_MAP_WORD = re.compile(r"(?<![A-Za-z])(?:map|dict|hashmap)\s*<", re.IGNORECASE)


def declared_map(t: TypeRef, description: str) -> TypeRef:
    """A bare ``Object`` whose description spells its map type is that map.

    "addresses | Object | 属性为Map<String, Object>结构。key为网络名称……value为网络属性，
    详情请参见表1" (zh-md/ecs server details): the type cell says only Object, the
    description gives the generic type; the keys are data, and a table the row links
    then describes the values (the writer puts children of a map under its values).
    Only an object with no named type and no map type of its own; the first balanced
    ``Map<...>`` phrase is read with the Type-cell grammar.
    """
    if t.base != "object" or t.values is not None or t.ref is not None:
        return t
    found = _MAP_WORD.search(description)
    if found is None:
        return t
    depth, end = 0, None
    for i in range(found.end() - 1, len(description)):
        depth += description[i] == "<"
        depth -= description[i] == ">"
        if depth == 0:
            end = i + 1
            break
    if end is None:
        return t
    parsed = _parse(" ".join(description[found.start():end].split()))
    if parsed.base != "object" or parsed.values is None:
        return t
    return replace(t, values=parsed.values)
