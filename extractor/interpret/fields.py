"""Build Field trees from classified tables, following links to child tables.

The recursion guard lives here: a table already on the current path (Table 3
-> Table 4 -> Table 3, or a type named after itself) is reported as
``table-cycle`` and not entered again, so a cyclic page still yields a finite
schema; the row that closes the cycle is a recursive type, a field marked
``recursive`` whose ``source_table`` is that table, which the writers turn
into a ``$ref`` to the field built from it. What a row's *type* means is :mod:`.types`' business, enums and
defaults :mod:`.constraints`'; this module only assembles.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import DiagnosticSink
from ..model import Field, Location, Span, TypeRef
from . import constraints, mandatory, types, vocab
from .linking import TableIndex, object_like
from .tables import RawRow, TableInfo

__all__ = ["FieldBuilder"]

_MAX_DEPTH = 64
#: Rows that may be copied into children per row of the page, plus a floor (see FieldBuilder).
_EXPANSION_PER_ROW = 20
_EXPANSION_FLOOR = 20_000


class FieldBuilder:
    """Turns rows into Fields for one page; holds the index and the sink."""

    def __init__(self, index: TableIndex, sink: DiagnosticSink) -> None:
        self.index = index
        self.sink = sink
        # Tables shared along many paths (Table 2 -> two rows -> Table 3 -> two rows -> ...)
        # expand exponentially; past this many rows copied into children, stop expanding.
        self.budget = _EXPANSION_PER_ROW * sum(len(i.rows) for i in index.tables) + _EXPANSION_FLOOR
        self.expanded = 0

    def link_all(self) -> None:
        """Mark every table some row points at, before top-level tables are chosen.

        A row pointing back at an earlier table that is not a named structure
        (``parent | Node object`` inside the response's own Node table, reached
        from the top-level table) is a recursive type, not a parent: marking
        the top-level table as a child would drop the whole body.
        """
        order = {id(info): i for i, info in enumerate(self.index.tables)}
        for info in self.index.tables:
            for row in info.rows:
                child = self.index.child_of(row, info, _NullSink())
                if child is None:
                    continue
                if child.role == "named" or order[id(child)] > order[id(info)]:
                    child.referenced = True

    def fields(self, info: TableInfo, rows: list[RawRow], location: Location,
               stack: tuple[int, ...] = ()) -> tuple[Field, ...]:
        built = self._built(info, rows, location, stack)
        self._duplicates(built)
        return built

    def _built(self, info: TableInfo, rows: list[RawRow], location: Location,
               stack: tuple[int, ...] = ()) -> tuple[Field, ...]:
        stack = stack + (id(info),)
        return tuple(self.field(row, info, location, stack) for row in rows)

    def _duplicates(self, children: tuple[Field, ...] | list[Field]) -> None:
        """Two properties of one object with the same name: the schema keeps the first.

        Parameters (path, query, header) are checked across tables by the caller.
        """
        seen: dict[str, Field] = {}
        for f in children:
            first = seen.setdefault(f.name, f)
            if first is not f and f.name and f.location not in ("path", "query", "header"):
                self.sink.warning(
                    "param-duplicate",
                    f"{f.location} field {f.name!r} documented twice in one object "
                    f"(first at line {first.span.line}); first kept",
                    f.span,
                )

    def field(self, row: RawRow, owner: TableInfo, location: Location,
              stack: tuple[int, ...], name: str | None = None) -> Field:
        description = row.description.text.strip() if row.description else ""
        typ = types.declared_map(row.type, description)
        children: tuple[Field, ...] = ()
        child = self.index.child_of(row, owner, self.sink)
        # a type name whose table is on another page is the run's to resolve: crosslinks attaches
        # it or reports it table-unresolved (zh-md/functiongraph ``func_vpc | func_vpc | 请参考表6``)
        if not typ.known and child is None and self.index.external_ref(row) is None:
            self.sink.warning(
                "type-unknown",
                f"{row.name}: unknown type phrase {typ.raw!r}; left unconstrained",
                row.span,
            )
        recursive: TableInfo | None = None
        if child is None and self.index.refers_to_own_table(row, owner):
            recursive = owner  # child_of said table-cycle: "children | Array of Node objects" in Node
        if child is not None:
            if id(child) in stack and len(stack) < _MAX_DEPTH:
                self.sink.warning(
                    "table-cycle",
                    f"{row.name}: {child.label} is already being expanded (a recursive type); "
                    "written as a reference to it, not expanded again",
                    row.span,
                )
                recursive = child
            elif len(stack) >= _MAX_DEPTH:
                self.sink.warning(
                    "table-cycle",
                    f"{row.name}: {child.label} is nested more than {_MAX_DEPTH} tables deep; not followed",
                    row.span,
                )
            elif self.expanded + len(child.rows) > self.budget:
                if self.expanded <= self.budget:
                    self.sink.warning(
                        "table-expansion-limit",
                        f"{row.name}: {child.label} and every table reached after it not expanded: the "
                        f"page's tables refer to each other along so many paths that expanding "
                        f"them all would copy more than {self.budget} rows",
                        row.span,
                    )
                    self.expanded = self.budget + 1
            else:
                self.expanded += len(child.rows)
                children = self.fields(child, child.rows, location, stack)
                typ = types.resolved(types.with_object(typ))
        if recursive is not None:
            typ = types.resolved(types.with_object(typ))
        typ, children = keyed_by_placeholder(typ, children)
        if not children and child is None and recursive is None and self.index.external_ref(row) is None:
            typ = types.described_map(typ, description, row.name)
            if object_like(typ) or typ.base == "object":
                children = self._fields_in_prose(row, location)
                if children and typ.values is not None and typ.values.base == "any" and typ.values.ref is None:
                    # the names are the map's own keys, not fields of its values (which the page never
                    # describes): an object with those properties, open to other keys like every object
                    typ = replace(typ, values=None)
        typ = constraints.widened(typ, description)
        mined = constraints.mine(
            description,
            items=row.description.items if row.description else (),
            strong=row.description.strong if row.description else (),
            type=typ,
            name=row.name if name is None else name,
        )
        required, required_note = mandatory.conditional_requirement(
            row.required, row.required_note, description, row.name if name is None else name)
        return Field(
            name=row.name if name is None else name,
            location=location,
            type=typ,
            span=row.span,
            required=required,
            description=description,
            enum=tuple(mined.enum),
            default=mined.default,
            constraints=tuple(mined.constraints),
            children=children,
            required_note=required_note,
            source_table=(recursive or child).label if (recursive or child) is not None else None,
            link=self.index.external_ref(row) if child is None and recursive is None else None,
            recursive=recursive is not None,
        )

    def _fields_in_prose(self, row: RawRow, location: Location) -> tuple[Field, ...]:
        """An object (or map) with no table whose description names its fields line by line.

        "tags | Array of objects | list of tags ⏎ - **key** indicates the tag key.
        ⏎ - **value** indicates the tag value." (rst/kms), "attributes | Map |
        Attribute key-value pair ⏎ **access_policy**: topic access policy ⏎
        **introduction**: …" (rst/smn): an object has no enum, so bold names
        opening its bullets or paragraphs are its fields (a map's known keys: the
        caller then reads the map of unstated values as an object of them). At
        least two such lines, names distinct; their type is not stated.
        """
        cell = row.description
        if cell is None or any(p in vocab.fold(cell.text) for p in _enum_phrases()):
            return ()  # "Its value can be any of the following: - **normal**: …" lists values
        found: dict[str, str] = {}
        lines = [line.strip().removeprefix("- ") for line in cell.text.split("\n")]
        labels = _description_labels()
        for line in lines:
            bold = next((b for b in cell.strong if b and line.startswith(b)), None)
            if bold is None or vocab.fold(bold) in labels:
                continue
            match = _PROSE_FIELD.match(line)
            if not match or match.group(1) != bold:
                return ()  # a bold line that names no field ("- **CREATING**"): a list of values
            found.setdefault(bold, line)
        if len(found) < 2:
            return ()
        self.sink.info("fields-from-prose", f"{row.name}: no table; its description names the fields "
                       f"{', '.join(found)} in bullets, read as fields of unstated type", row.span)
        return tuple(Field(name, location, TypeRef("any", raw=""), row.span, description=text)
                     for name, text in found.items())

    def body(self, tables: list[TableInfo], location: Location) -> Field | None:
        """One root Field for a request or response body made of several tables.

        A lone "Array elements"/"数组元素" row means the body itself is that
        array, a lone ``Body`` row the body itself; otherwise the rows are the properties of a root object.
        """
        rows = [(info, row) for info in tables for row in info.rows]
        if not rows:
            return None
        if len(rows) == 1 and (rows[0][1].is_array_root or rows[0][1].names_the_body):
            info, row = rows[0]
            return self.field(row, info, location, (id(info),), name="")
        children: list[Field] = []
        for info in tables:  # one object across its tables: checked for duplicates once, whole
            children.extend(self._built(info, [r for r in info.rows if not r.is_array_root], location))
        self._duplicates(children)
        span = tables[0].table.span
        typ, kids = keyed_by_placeholder(TypeRef("object", raw=""), tuple(children))
        # one table is the whole body: a row pointing back at it (a recursive type) refers to the body
        own = tables[0].label if len(tables) == 1 and typ.values is None else None
        return Field("", location, typ, span, children=kids, source_table=own)


def _enum_phrases() -> frozenset[str]:
    return frozenset(vocab.fold(p) for p in vocab.load("constraints")["enum_phrases"])


def _description_labels() -> frozenset[str]:
    """Labels of description blocks ("Range:", "Default value:"), never field names."""
    found = vocab.load("constraints")
    words = [w for ws in found["section_labels"].values() for w in ws]
    words += [*found["enum_labels"], *found["default_labels"], *found["range_labels"]]
    return frozenset(vocab.fold(w) for w in words)


#: "key indicates the tag key", "value: Tag value": a bullet naming a field of an object.
_PROSE_FIELD = re.compile(r"([A-Za-z_][\w-]*)\s*(?:\bindicates\b(?!\s+that)|[:：])")

#: A row name that stands for any key: ``{User defined key}``, ``{Customized_key}``, ``<key>``,
#: or words describing the key ("Name of the network where the ECS accesses",
#: 云服务器所在网络名称): no field name holds a blank or a Chinese character.
_PLACEHOLDER_NAME = re.compile(r"\{[^{}\n]+\}|<[^<>\n]+>|\S+(?:[ \t]+\S+)+|.*[\u4e00-\u9fff].*")


def keyed_by_placeholder(typ: TypeRef, children: tuple[Field, ...]) -> tuple[TypeRef, tuple[Field, ...]]:
    """An object whose one row is named by a placeholder is a map: any key, that row's value.

    FunctionGraph's invocation body is a table with the single row
    ``{User defined key} | Object``: the body takes keys the caller chooses,
    each holding that row's type (and that row's own children, if any). ECS
    ``addresses`` is a table with the single row "Name of the network where
    the ECS accesses | Array of objects" (in Chinese, 云服务器所在网络名称):
    network name to its addresses. IAM's policy ``Condition`` is a table with
    the single row ``operator | Object | Operator, for example, Bool and
    StringEquals. The parameter type is custom object.``: a plain word named
    as the key, which its description says the caller chooses.
    """
    if (len(children) != 1 or typ.base != "object" or typ.values is not None
            or not (_PLACEHOLDER_NAME.fullmatch(children[0].name) or _custom_key(children[0]))):
        return typ, children
    (value,) = children
    return replace(typ, values=value.type), value.children


def _custom_key(row: Field) -> bool:
    """Whether a row's description says its name stands for a key of the caller's (vocab ``custom_key_phrases``)."""
    text = vocab.fold(row.description)
    return any(phrase in text for phrase in vocab.words("types", "custom_key_phrases"))


class _NullSink(DiagnosticSink):
    """Linking is done twice (to mark, then to build); report only the second time."""

    def emit(self, code: str, level: object, message: str, span: Span) -> None:  # type: ignore[override]
        return None
