"""Find the table that describes a row's nested object.

Pages point from a row to its child table in four ways of similar weight
(VARIANTS.md §7): a link in the Type cell, a type name equal to a table's
caption, a "see Table N" link or text in the description, and a caption that
names the parameter. :class:`TableIndex` knows every table's anchors, number
and name and answers :meth:`TableIndex.child_of` for a row, trying those in
order of how explicit they are. Last, where nothing names it, a row's table
is the one its layout puts right after the row's own (``table-by-order``,
info): pages that caption every nested table alike nest by order alone. A
reference that points into this page but matches no table is reported as
``table-unresolved``; links to other pages are not this page's business.
"""

from __future__ import annotations

import re
from ..diagnostics import DiagnosticSink
from ..model import Cell, Ref, TypeRef
from .tables import RawRow, TableInfo
from . import roles
from .types import is_named_guess, ref_name

__all__ = ["TableIndex", "object_like"]

_TABLE_NUMBER = re.compile(r"(?:\bTable|表)\s*(\d+)", re.I)
#: "For details, see <a caption>." as the sentence's end: the caption of a table elsewhere.
_SEE_CAPTION = re.compile(r"\b(?:see|refer to)\s+(?:the\s+)?([^.\n]{3,100}?)\s*(?:\.|$)", re.IGNORECASE | re.MULTILINE)
_BARE_LABEL = re.compile(r"[A-Za-z][\w.-]*")
#: Roles of a table that may list the fields sent with one value of a row (:meth:`TableIndex.value_link`).
_VALUE_TABLE_ROLES = frozenset({"named", "request", "body", "response"})
_PAGE_LINK = re.compile(r"\.(?:html?|md|rst)(?:#|$)|^https?:|/")


def object_like(t: TypeRef) -> bool:
    """Types that can have a child table: objects, arrays of objects, named types.

    A map's values may be objects or arrays of them (``Map<String,Array<JobExeResult>>``):
    the table then describes the innermost object, as it does for an array.
    """
    if t.base == "object":
        return t.values is None or t.values.base == "any" or object_like(t.values)
    if t.base == "array":
        return t.items is None or object_like(t.items) or t.items.base == "any"
    return t.base == "any" and (t.ref is not None or not t.known)


class TableIndex:
    """Lookup of a page's parameter tables by anchor, number and name."""

    def __init__(self, tables: list[TableInfo], doc_id: str | None) -> None:
        self.tables = tables
        self.doc_id = doc_id
        self._by_anchor: dict[str, TableInfo] = {}
        self._by_number: dict[str, TableInfo] = {}
        self._by_name: dict[str, list[TableInfo]] = {}
        self._by_last: dict[str, list[TableInfo]] = {}
        self._by_spelling: dict[str, list[TableInfo]] = {}
        self._order = {id(info): i for i, info in enumerate(tables)}
        self._targets: set[int] | None = None
        self._table_order = {id(info.table): i for i, info in enumerate(tables)}
        self._orphan_cache: list[TableInfo] | None = None
        self._pointed_cache: set[int] | None = None
        for info in self.tables:
            if info.kind != "params":
                continue
            for anchor in info.table.anchors:
                self._by_anchor.setdefault(anchor.lower(), info)
            if info.table.number:
                self._by_number.setdefault(info.table.number, info)
            for name in {_name_key(n) for n in (info.name, info.table.caption) if n and n.strip()}:
                self._by_name.setdefault(name, []).append(info)
                self._by_spelling.setdefault(_spelling_key(name), []).append(info)
                if "." in name.strip("."):  # "role_assignments.user": a path, found by its last step too
                    self._by_last.setdefault(name.rsplit(".", 1)[-1], []).append(info)

    # -- lookups -------------------------------------------------------------

    def by_anchor(self, target: str) -> TableInfo | None:
        target = target.split("#")[-1].lower()
        if not target:
            return None
        if target in self._by_anchor:
            return self._by_anchor[target]
        for anchor, info in self._by_anchor.items():
            if anchor.endswith("__" + target) or target.endswith("__" + anchor):
                return info
        return None

    def by_number(self, text: str) -> TableInfo | None:
        match = _TABLE_NUMBER.search(text)
        return self._by_number.get(match.group(1)) if match else None

    def by_name(self, name: str, near: TableInfo | None = None) -> TableInfo | None:
        """The table captioned ``name``; among namesakes, one in ``near``'s section.

        Request and response often both have a table captioned after the same
        object ("创建FPGA镜像"); a response row means the response's table.
        """
        key = _name_key(name)
        if near is not None and near.name and (path := self._by_name.get(f"{_name_key(near.name)}.{key}")):
            return path[0]  # "user" in table "role_assignments": the table "role_assignments.user"
        found = (self._by_name.get(key) or self._by_last.get(key) or self._by_spelling.get(_spelling_key(key))
                 or self._by_number_form(key, near))
        if near is not None:
            for info in found:
                if info.section == near.section and info is not near:
                    return info
        return found[0] if found else None

    def _by_number_form(self, key: str, near: TableInfo | None) -> list[TableInfo]:
        """The table captioned with the other grammatical number of ``key`` ("instance" for the
        ``instances`` row, "role格式说明" for ``roles``), when exactly one has it; in ``near``'s
        section only (the request's "tag" filter is not the response's ``tags``)."""
        other = key[:-1] if key.endswith("s") and len(key) > 3 else key + "s"
        found = [i for i in self._by_name.get(other, []) if near is None or i.section == near.section]
        return found if len(found) == 1 else []

    def by_ref(self, ref: Ref) -> TableInfo | None:
        """A same-page reference by anchor, else by its "Table N" label.

        A link to another page (``数据结构.md#table1`` labelled "表1") never
        resolves to this page's Table 1.
        """
        if _PAGE_LINK.search(ref.target) or self._other_page_anchor(ref.target):
            return None
        return self.by_anchor(ref.target) or (
            self.by_number(ref.text) if _TABLE_NUMBER.search(ref.text) else None
        )

    # -- the question the interpreter asks -----------------------------------

    def child_of(self, row: RawRow, owner: TableInfo, sink: DiagnosticSink) -> TableInfo | None:
        """The table describing ``row``'s object, or None; never ``owner`` itself."""
        if not _linkable(row):
            return self._table_of_mistyped(row, owner, sink)
        found, itself = self._explicit_child(row, owner)
        if found is not None:
            return found
        if itself:  # "children | Array of Node objects" in table "Node": a recursive type
            sink.warning("table-cycle", f"{row.name}: refers to its own table, {owner.label} "
                         "(a recursive type); written as a reference to it", row.span)
            return None
        if self.external_ref(row) is not None:
            return None  # its table is on another page: the run links it (docconform.extractor.crosslinks)
        unresolved = self._unresolved(row)
        for message in unresolved:
            sink.warning("table-unresolved", f"{row.name}: {message}", row.span)
        if unresolved:
            return None
        following = self._next_table(row, owner)
        if following is not None:
            sink.info("table-by-order", f"{row.name}: no link or name leads to its table; read as "
                      f"{following.label}, the unreferenced table right after its own", row.span)
        return following

    def refers_to_own_table(self, row: RawRow, owner: TableInfo) -> bool:
        """Whether the row's Name or Type cell points back at ``owner`` and at no other table:
        a recursive type (``children | Array of Node objects`` in table "Node"), which
        :meth:`child_of` reports as ``table-cycle`` and does not return."""
        return _linkable(row) and self._explicit_child(row, owner) == (None, True)

    def _table_of_mistyped(self, row: RawRow, owner: TableInfo, sink: DiagnosticSink) -> TableInfo | None:
        """A row typed as a scalar whose description sends the reader to a table named after it.

        zh-md/functiongraph writes every structure as ``String`` (``strategy_config |
        String | 函数策略配置，请参考表4`` with Table 4 "strategy_config参数说明"): the
        table, which names the row, outweighs the Type cell. A table that names
        something else ("see Table 3" for the values of a ``state``) does not,
        nor does one for an array of strings (dli ``conf | Array of Strings``
        and "conf参数说明": the configuration keys its ``key=value`` strings set).
        """
        if row.description is None or not row.type.scalar:
            return None  # "conf | Array of Strings | …请参考表3" lists the keys its strings may set
        refs = [self.by_ref(ref) for ref in row.description.refs]
        numbers = [self._by_number.get(m.group(1)) for m in _TABLE_NUMBER.finditer(self._own_text(row.description))]
        for found in refs + numbers:
            if (found is not None and found is not owner and found.role == "named" and found.name
                    and _same_structure(found.name, row.name)):
                sink.warning("type-by-table", f"{row.name}: the Type cell says {row.type.raw!r}, but "
                             f"{found.label}, which the description points to, describes its fields; "
                             "read as an object", row.span)
                return found
        return None

    def _explicit_child(self, row: RawRow, owner: TableInfo) -> tuple[TableInfo | None, bool]:
        """The table a link, a type name or a caption naming the row gives it; and whether
        the row's own Name or Type cell points back at ``owner`` (a recursive type)."""
        itself = False
        for found, in_type in self._candidates(row, owner):
            if found is not None and found is not owner:
                return self._same_section_namesake(row, owner, found) or found, False
            itself = itself or (in_type and found is owner)
        if self._cells_link_elsewhere(row):
            return None, itself  # its table is on another page, whatever this page names alike
        guess = self.by_name(row.name, owner) or self._orphan_for(row, owner)
        if guess is not None and guess is not owner:
            return guess, False
        return None, itself

    def _same_section_namesake(self, row: RawRow, owner: TableInfo, found: TableInfo) -> TableInfo | None:
        """The table of ``owner``'s section captioned with the row's name, where the row's link leads
        into another section.

        iam modifying_the_acl_for_console_access.rst: the request's ``allow_ip_ranges_ipv6`` links the
        anchor of the response's Table 14 (the page reuses it), while the request's own Table 8
        "allow_ip_ranges_ipv6" has no anchor: followed literally, the request nests the response's
        table and its own Table 8 is left to no row. A request row does not nest a response table,
        so a namesake in the row's own section wins; with none, the link is followed.
        """
        if found.section == owner.section:
            return None
        namesake = self.by_name(row.name, owner)
        if namesake is None or namesake is owner or namesake.section != owner.section:
            return None
        return namesake if _name_key(namesake.name or "") == _name_key(row.name) else None

    def _next_table(self, row: RawRow, owner: TableInfo) -> TableInfo | None:
        """The table that follows ``owner`` when it can only be ``row``'s (tables in nesting order).

        Pages that caption every table alike (three "响应参数" tables: ``quotas |
        Object``, then ``resources | Array of objects``, then the resource's
        fields) or after a type name no row writes ("V1GetQuotaResponseBody…
        ResourceList") nest by order alone. Taken only when ``row`` is the one
        object row of ``owner`` that nothing else describes, and the next
        parameter table of the same section and status names a structure
        or repeats ``owner``'s caption under a number of its own, and no row
        of the page links to it or names it.
        """
        if self._bare_rows(owner) != [row]:
            return None
        return self._follower(owner)

    def order_ambiguity(self, owner: TableInfo) -> tuple[TableInfo, list[RawRow]] | None:
        """The table right after ``owner`` that order alone would give to a row, when ``owner``
        has several object rows nothing describes, with those rows.

        Order cannot choose between them (``disk | Object`` and ``nics | Object``
        both bare, then one more table captioned like ``owner``), so the table
        is not nested (:meth:`_next_table`) and its rows stay where its caption
        puts them; the interpreter reports that instead of merging silently.
        """
        bare = self._bare_rows(owner)
        following = self._follower(owner) if len(bare) > 1 else None
        return (following, bare) if following is not None else None

    def _bare_rows(self, owner: TableInfo) -> list[RawRow]:
        """``owner``'s object rows that no link, name or other page describes."""
        return [r for r in owner.rows if object_like(r.type) and not r.is_array_root
                and self._explicit_child(r, owner) == (None, False) and self.external_ref(r) is None
                and not self._unresolved(r)]

    def _follower(self, owner: TableInfo) -> TableInfo | None:
        """The next parameter table of ``owner``'s section and status, when it may be nested by
        order: it names a structure or repeats ``owner``'s caption under a number of its own,
        and no row of the page links to it or names it."""
        params = [i for i in self.tables if i.kind == "params"]
        at = next((n for n, i in enumerate(params) if i.table is owner.table), None)  # owner may be a copy
        if at is None or at + 1 >= len(params):
            return None
        following = params[at + 1]
        if (following.section, following.status) != (owner.section, owner.status) or not following.rows:
            return None
        captioned_alike = (bool(owner.table.caption.strip()) and following.table.caption == owner.table.caption
                           and following.table.number is not None)  # "表 3  响应参数" after "表 2  响应参数"
        if not (following.role == "named" or captioned_alike) or id(following) in self._explicit_targets():
            return None  # an uncaptioned table after a paragraph of its own is another part of the page
        if following.name and "." in following.name.strip("."):
            return None  # "roles.policy.Statement.Condition.operator": a path to something deeper
        return following

    def _explicit_targets(self) -> set[int]:
        """Ids of the tables some row of the page links to or names (computed once)."""
        if self._targets is None:
            self._targets = set()
            for info in self.tables:
                for r in info.rows if info.kind == "params" else ():
                    if object_like(r.type):
                        found, _ = self._explicit_child(r, info)
                        if found is not None:
                            self._targets.add(id(found))
        return self._targets

    def _candidates(self, row: RawRow, owner: TableInfo):  # type: ignore[no-untyped-def]
        """Tables the row points at, each with whether its Name or Type cell says so.

        A Name or Type cell that links a table on another page names the row's table: no
        table of this page named like the type is a candidate then (as ``disk | … metadata
        object`` linking 查询弹性伸缩配置列表.md's disk metadata table, while this page's own
        "metadata" table describes the server's metadata); a same-page link in the description
        still is (dns ``tags | Array of <a href="数据结构.md#…">tag</a> objects | …请参见表7``
        with a link to this page's Table 7).
        """
        for cell in (row.name_cell, row.type_cell):
            for ref in cell.refs if cell is not None else ():
                yield self.by_ref(ref), True
        named = None if self._cells_link_elsewhere(row) else ref_name(row.type)
        if named:
            yield (self.by_number(named) if _TABLE_NUMBER.match(named) else self.by_name(named, owner)), True
        if row.description is not None:
            for ref in row.description.refs:
                yield self.by_ref(ref), False
            for match in _TABLE_NUMBER.finditer(self._own_text(row.description)):
                yield self._plausible_child(self._by_number.get(match.group(1)), row, owner), False

    def _orphan_for(self, row: RawRow, owner: TableInfo) -> TableInfo | None:
        """The one named table no row points at that names this row's structure, after it.

        "tags | Array of objects | Specifies tags." with no link, and below it
        "Table 3 tag field description" (html/ecs, text/ecs): nothing but the
        name ties them, in singular. Taken only when exactly one table of the
        row's section qualifies: named after the row's structure (``tag`` for
        ``tags``, ``resource_tag`` for ``tags``, ``ErrorDetail`` for ``error``; a
        dotted caption by its last step, so "roles.policy.Statement.Condition.operator"
        describes no ``Condition``), after the row's table, under the same status
        line, and pointed at by no row of the page.
        """
        found = [info for info in self._orphans()
                 if info.section == owner.section and info.status == owner.status and info.name
                 and self._order[id(info)] > self._table_order.get(id(owner.table), len(self.tables))
                 and _same_structure(info.name.rsplit(".", 1)[-1], row.name)]
        return found[0] if len(found) == 1 else None

    def _orphans(self) -> list[TableInfo]:
        """Named parameter tables that no row of the page links to or names (computed once)."""
        if self._orphan_cache is None:
            pointed = self._pointed()
            self._orphan_cache = [i for i in self.tables if i.kind == "params" and i.role == "named"
                                  and id(i) not in pointed]
        return self._orphan_cache

    def _pointed(self) -> set[int]:
        """Ids of the tables an object row of the page links to or names (computed once)."""
        if self._pointed_cache is None:
            self._pointed_cache = set()
            for info in self.tables:
                for row in info.rows if info.kind == "params" else ():
                    if not object_like(row.type):
                        continue
                    for found, _ in self._candidates(row, info):
                        if found is not None:
                            self._pointed_cache.add(id(found))
                    named = self.by_name(row.name, info)
                    if named is not None:
                        self._pointed_cache.add(id(named))
        return self._pointed_cache

    def value_link(self, info: TableInfo) -> tuple[TableInfo, RawRow] | None:
        """The table and scalar row whose description sends the reader to ``info`` for one of its values.

        "job_type | Integer | - 5: DistCp … For details, see Table 3." with Table
        3 "**DistCp** parameter description" (rst/mrs adding a job): the table
        lists the fields a request sends when the row takes that value, fields of
        the same object as the row; so does Table 4 "Spark SQL parameter
        description", a caption that names nothing. Only a table no object row
        links to or names, after the row's own, under the same section and
        status, of a body's role or named, pointed at by a link or a "Table N"
        inside one list item (one value) of the description of a row that is no
        object and that the table does not name (that is a mistyped object,
        :meth:`_table_of_mistyped`).
        """
        found = self._scalar_pointer(info)
        return (found[0], found[1]) if found is not None and found[2] else None

    def values_of(self, info: TableInfo) -> RawRow | None:
        """The scalar row whose description points at ``info`` as a whole: the table lists its values.

        "state | String | Status of a batch processing job. For details, see
        Table 7." with Table 7 "Batch processing job statuses" (``starting``,
        ``running``, ``dead`` as rows, rst/dli): the rows are the values the
        row takes, not fields. Only when the pointer is outside the
        description's list items and no row of the table is an object.
        """
        found = self._scalar_pointer(info)
        if found is None or found[2] or any(object_like(r.type) for r in info.rows):
            return None
        return found[1]

    def _scalar_pointer(self, info: TableInfo) -> tuple[TableInfo, RawRow, bool] | None:
        """The table and scalar row whose description points at ``info``, and whether from a list item."""
        if info.kind != "params" or info.role not in _VALUE_TABLE_ROLES or id(info) in self._pointed():
            return None
        for owner in self.tables:
            if (owner.kind != "params" or (owner.section, owner.status) != (info.section, info.status)
                    or self._order[id(owner)] >= self._order[id(info)]):
                continue
            for row in owner.rows:
                if row.description is None or object_like(row.type) or not row.type.scalar:
                    continue
                if info.name and _same_structure(info.name, row.name):
                    continue
                cell = row.description
                labels = [ref.text for ref in cell.refs if self.by_ref(ref) is info]
                labels += [m.group(0) for m in _TABLE_NUMBER.finditer(self._own_text(cell))
                           if self._by_number.get(m.group(1)) is info]
                if labels:
                    return owner, row, any(label and label in item for label in labels for item in cell.items)
        return None

    def _plausible_child(self, found: TableInfo | None, row: RawRow, owner: TableInfo) -> TableInfo | None:
        """A bare "see Table N" in prose, kept only if Table N can describe ``row``.

        Plain text keeps no link targets, so "see Table 6" of another page
        reads like this page's Table 6. Without a link, a table is taken only
        if it follows the row's table (children follow their parent) and, if it
        names a structure, names this row ("Table 6 data_volumes field
        description" is not the ``extendparam`` row's table).
        """
        if found is None or self._order.get(id(found), -1) <= self._order.get(id(owner), -1):
            return None
        if found.role == "named" and found.name and not _same_structure(found.name, row.name):
            return None
        return found

    def external_ref(self, row: RawRow) -> Ref | None:
        """The reference of an object-like row to a table on another page, if it has one.

        A link in the Name or Type cell names the row's structure whatever its
        text; a link in the description does only when its text reads as a
        table ("Table 5", 表6, "publicip字段数据结构说明", the row's own name), so
        "For details, see Obtaining a Project ID" is not taken for a table.
        """
        if not _linkable(row):
            return self._mistyped_elsewhere(row)
        for cell, any_text in ((row.name_cell, True), (row.type_cell, True), (row.description, False)):
            for ref in cell.refs if cell is not None else ():
                if not self._to_other_page(ref):
                    continue
                if any_text or _names_table(ref.text, row.name):
                    return ref
        return self._numbered_elsewhere(row)

    def _mistyped_elsewhere(self, row: RawRow) -> Ref | None:
        """A scalar row whose description sends the reader to a numbered table on another page.

        zh-md/functiongraph types structures as ``String`` (``func_vpc | *String |
        VPC配置，请参考表6`` with 表6 "func_vpc参数说明" on 获取函数列表.md): the
        cross-page twin of :meth:`_table_of_mistyped`. The run attaches the table
        only if its caption names the row (:mod:`docconform.extractor.crosslinks`);
        "date_format | String | 日期格式字符定义详见表3" stays a string. A link to an
        anchor of another page is kept too (``event_data | String | …请参考<a
        href="函数Trigger-Management触发器模型.md#section…">触发器实例数据</a>``, or an RST
        ``:ref:`… <doc__section>```): the anchor may name a section of one table per case, which the run reads as
        the field's variants; any other target leaves it the scalar it is typed.
        """
        if row.description is None or not row.type.scalar:
            return None
        for ref in row.description.refs:
            if self._to_other_page(ref) and (_TABLE_NUMBER.search(ref.text) or "#" in ref.target
                                             or "__" in ref.target):  # RST/HTML ``<doc id>__<id>``
                return ref
        return None

    def _page_label(self, ref: Ref) -> bool:
        """A bare label that names no table here: another page's (RST ``:ref:`… <en-us_topic_0170710254>```).

        A doc id is such a label; whether a page of the run has it is the run's
        question (:mod:`docconform.extractor.crosslinks`).
        """
        target = ref.target.strip()
        if _TABLE_NUMBER.search(ref.text):
            return False  # "Table 3" / 表3 to an anchor: this page's table (reported here if absent)
        return (bool(_BARE_LABEL.fullmatch(target)) and "__" not in target
                and target.lower() != (self.doc_id or "").lower() and self.by_ref(ref) is None)

    def _numbered_elsewhere(self, row: RawRow) -> Ref | None:
        """"For details, see Table 1." with no link, where no table of this page can be meant.

        Also "For details, see metadata Field Description for Creating Disks.":
        a caption that names the row's structure, with no link; and, for an
        object row, "For details, see Data Structure for Query Details About
        Specifications.": a data-structure page's title, which the run finds
        among its pages' titles (the HTML page links that page).

        Plain text keeps no link targets: a row whose own description names a
        table number that no table of the page plausibly is (Table 1 of the
        page is its URI table, before the row) means another page's table,
        which the run finds by that number and the row's name
        (:mod:`docconform.extractor.crosslinks`). The reference has no target.
        """
        if row.description is None or any(
                cell is not None and cell.refs for cell in (row.name_cell, row.type_cell, row.description)):
            return None
        match = _TABLE_NUMBER.search(row.description.text)
        if match:
            return Ref("", f"Table {match.group(1)}")
        titled = None
        for found in _SEE_CAPTION.finditer(row.description.text):
            caption = found.group(1).strip()
            named = roles.classify_caption(caption)
            if named is None or named.role != "named" or not named.name:
                continue
            if _same_structure(named.name, row.name):
                return Ref("", caption)  # "see metadata Field Description for Creating Disks."
            titled = titled or caption  # "see Data Structure for Query Details About Specifications."
        return Ref("", titled) if titled and row.type.base == "object" else None

    def _unresolved(self, row: RawRow) -> list[str]:
        """Why an object-like row found no table, for references that should have."""
        messages = []
        named = ref_name(row.type)
        # a bare word in the Type cell ("TimeStamp", "ARRAY_REFERENCE") is only a guess at a
        # named type, not a reference: it is reported as an unknown type, not as a broken link
        if named and not is_named_guess(row.type):
            messages.append(
                f"type {row.type.raw!r} names {named!r}, but no table on the page has that caption"
            )
        for cell in (c for c in (row.name_cell, row.type_cell, row.description) if c is not None):
            for ref in cell.refs:
                if self._points_into_page(ref):
                    messages.append(
                        f"reference {ref.text or ref.target!r} ({ref.target}) matches no table on the page"
                    )
        return messages

    def _cells_link_elsewhere(self, row: RawRow) -> bool:
        """Whether the row's Name or Type cell links a table on another page.

        A file link must name the table (``page.md#anchor``): a bare file link may be the
        page itself (zh-md/as 修改弹性伸缩组 ``Array of <a href="修改弹性伸缩组.md">networks</a>
        objects``), where the table named like the row is still meant.
        """
        return any(self._to_other_page(ref) and ("#" in ref.target or not _PAGE_LINK.search(ref.target))
                   for cell in (row.name_cell, row.type_cell) for ref in (cell.refs if cell is not None else ()))

    def _to_other_page(self, ref: Ref) -> bool:
        """Whether ``ref`` leads to another page (a file link, another doc id's anchor or label)."""
        return bool(_PAGE_LINK.search(ref.target) or self._other_page_anchor(ref.target) or self._page_label(ref))

    def _other_page_anchor(self, target: str) -> bool:
        """RST/HTML anchors are ``<docid>__<id>``: another doc id means another page."""
        if "__" not in target or not self.doc_id:
            return False
        return target.split("__", 1)[0].lower() != self.doc_id.lower() and target.lower() not in self._by_anchor

    def _own_text(self, cell: Cell) -> str:
        """The cell's text without the labels of links to other pages ("see Table 1" of another page)."""
        text = cell.text
        for ref in cell.refs:
            if ref.text and (_PAGE_LINK.search(ref.target) or self._other_page_anchor(ref.target)):
                text = text.replace(ref.text, "")
        return text

    def _points_into_page(self, ref: Ref) -> bool:
        target = ref.target
        if _PAGE_LINK.search(target) or self._other_page_anchor(target):
            return False
        if _TABLE_NUMBER.search(ref.text):
            return True
        return bool(self.doc_id) and target.lower().startswith(f"{self.doc_id.lower()}__")


def _linkable(row: RawRow) -> bool:
    """Rows that may have a child table: object-like ones, and maps of scalars that link one.

    ``metadata | Map<String,String> | … see Table 4`` (rst/ecs): the table lists the
    map's known keys. Only an explicit reference counts for such a map; a name alone does
    not. Plain text keeps no link, so there "For details, see Table 4." in the description
    is that reference (text/ecs en-us_topic_0068473331, whose HTML twin links Table 4).
    """
    if object_like(row.type):
        return True
    return row.type.base == "object" and (any(
        cell is not None and cell.refs for cell in (row.name_cell, row.type_cell, row.description))
        or (row.description is not None and bool(_TABLE_NUMBER.search(row.description.text))))


def _same_structure(caption_name: str, row_name: str) -> bool:
    """"security_group" names the ``security_groups`` row, "security_group_rule" the ``rules`` row."""
    a, b = (_name_key(n).removesuffix("s") for n in (caption_name, row_name))
    return bool(a and b) and (a in b or b in a)


def _names_table(text: str, name: str) -> bool:
    if _TABLE_NUMBER.search(text) or (name and _name_key(name) in _name_key(text)):
        return True
    found = roles.classify_caption(text)
    return found is not None and found.role == "named"




def _spelling_key(name: str) -> str:
    """A name with its word joints dropped: ``AutoScalingPolicy`` and ``auto_scaling_policy`` meet."""
    return re.sub(r"[_-]+", "", name)


def _name_key(name: str) -> str:
    return re.sub(r"[\s*`\\]+", "", name).lower()
