"""Links between pages of one run: rows whose table is on another page.

Pages send a row to a table elsewhere in the doc set: an RST ``:ref:`` to
another page's label (``kms_02_0018__t98d…``), a Markdown link to another
file's anchor (``数据结构.md#table1``), an HTML link
(``en-us_topic_0167957246.html#…__table42``). A page read alone cannot fill
such a field, so the interpreter leaves it bare with its :attr:`Field.link`
and exports the page's own linkable tables (:class:`TableExport`). This
module, given every page of a run, attaches the linked tables (recursively,
a table on a third page included) and records where they came from.

A link to a section of another page that holds two or more tables, one per
case (functiongraph ``event_data`` linking "触发器实例数据", a table per trigger
type), makes the field an object that is one of them (:attr:`Field.variants`,
each with its table's label and source), whatever its Type cell says.

Every link that stays bare is reported on the row that wrote it:
``table-unresolved`` when the run holds no such table (the page is not in
the run, or it has no table with that anchor or name), ``table-unlinked``
when the table exists but could not be attached (a cycle of links, or
several tables the link may mean, with different fields).

Plain text keeps no link targets: "see Table 1" and "see <a caption>" with
no link (a :class:`Ref` with an empty target) mean the one table of the run
numbered or captioned so that names the field; tables on several pages with
the same fields (one structure documented twice) count as one.

Not responsible for links within one page (:mod:`.interpret.linking`) nor
for extracting or writing anything.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import unquote

from .diagnostics import Diagnostic, DiagnosticSink
from .model import Endpoint, Example, Field, Location, Ref, TableExport

__all__ = ["LinkRegistry", "has_links", "link_fields", "link_pages", "page_keys", "resolve_endpoints", "wanted_pages"]

_WEB = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PAGE_FILE = re.compile(r"\.(?:html?|md|markdown|rst|txt)$", re.IGNORECASE)
_NAME_NOISE = re.compile(r"[\s*`\\]+")
#: Type-cell bases of a row that is not a structure unless a table named after it says so.
#: Type-cell bases of a row that a section of one table per case may describe (not numbers, flags).
_CASE_TYPES = frozenset({"string", "object", "any"})
#: Deepest chain of pages followed from one row.
_MAX_DEPTH = 32


def page_keys(source: str, doc_id: str | None, title: str = "") -> tuple[str, ...]:
    """The names a link may use for a page: file name, file name without suffix, doc id, and
    its title (plain text keeps no link targets: "See Responses (Task)." names the page so)."""
    base = posixpath.basename(source.replace("\\", "/")).lower()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return tuple(dict.fromkeys(k for k in (base, stem, (doc_id or "").lower(), " ".join(title.split()).lower()) if k))


@dataclass(frozen=True, slots=True)
class _Target:
    """A link split into the page it names (``None``: any page) and an anchor."""

    page: str | None
    anchor: str | None
    web: bool = False
    path: str = ""


def _target(ref: Ref) -> _Target:
    raw = ref.target.strip()
    if _WEB.match(raw):
        return _Target(None, None, web=True)
    path, _, anchor = raw.partition("#")
    path = unquote(path)
    if path and not ("#" in raw or "/" in path or _PAGE_FILE.search(path)):
        path, anchor = "", path  # a bare label (an RST :ref: target), not a file
    if path:
        page = posixpath.basename(path.replace("\\", "/")).lower()
        return _Target(page, unquote(anchor).lower() or None, path=path.replace("\\", "/"))
    label = unquote(anchor or raw).lower()
    if "__" in label:  # RST/HTML ids are <doc id>__<id>
        return _Target(label.split("__", 1)[0], label)
    return _Target(None, label or None)


def _caption_name(text: str) -> str:
    """The structure a link's text names ("os_extra_specs（flavor）字段数据结构说明": os_extra_specs)."""
    from .interpret.roles import classify_caption

    found = classify_caption(text) if text.strip() else None
    return found.name or "" if found is not None and found.role == "named" else ""


def _names_structure(export: TableExport) -> bool:
    """Whether a table's caption names a structure ("response数据结构说明"), not a role or nothing."""
    return any(_caption_name(n) for n in export.names)


def _norm(source: str) -> str:
    return posixpath.normpath(source.replace("\\", "/")).lower()


def _joined(linking_page: str, path: str) -> str:
    """``path`` as written in a link on ``linking_page``, relative to its folder."""
    folder = posixpath.dirname(linking_page.replace("\\", "/"))
    return _norm(posixpath.join(folder, path))


_LABEL_NUMBER = re.compile(r"Table\s+(\S+)$")
_EXPORT_NUMBER = re.compile(r"^Table\s+(\S+)\s")


def _label_number(label: str) -> str | None:
    """The number of an exported table's label ("Table 1 publicip field description": "1")."""
    match = _EXPORT_NUMBER.match(label)
    return match.group(1) if match else None


def _same_fields(entries: list[_Entry]) -> bool:
    """Several pages documenting one structure with the same fields (os_extra_specs on the
    flavor page and the data-structure page): any of them describes the field alike."""
    shapes = {tuple(sorted(c.name for c in e.export.root.children)) for e in entries}
    return len(shapes) == 1


def _same_structure(caption_name: str, field_name: str) -> bool:
    """A caption's structure name names the field, plural and prefix aside
    (``os_extra_specs`` for ``extra_specs``, ``security_group`` for ``security_groups``)."""
    a, b = _name_key(caption_name).removesuffix("s"), field_name.removesuffix("s")
    return bool(a and b) and (a == b or (len(b) >= 4 and a.endswith(b)))


def _caption_is_named(export: TableExport, field_name: str) -> bool:
    """Whether the table's caption opens with exactly ``field_name`` ("func_vpc参数说明" for
    ``func_vpc``), not with a longer name that ends in it ("statement state参数说明", a table
    of the values ``waiting``, ``running``, … that ``state`` takes)."""
    key = _name_key(field_name)
    caption = _name_key(max(export.names, key=len, default=""))
    return bool(key) and caption.startswith(key) and not re.match(r"[\w.]", caption[len(key):len(key) + 1], re.ASCII)


def _name_key(text: str) -> str:
    return _NAME_NOISE.sub("", text).lower()


@dataclass(slots=True)
class _Entry:
    export: TableExport
    source: str


class Lookup(NamedTuple):
    """What :meth:`LinkRegistry.find` found: the table, else why not, and whether several
    tables of the run fit (then the table exists but cannot be chosen: ``table-unlinked``)."""

    entry: "_Entry | None"
    why: str = ""
    ambiguous: bool = False
    #: A link to a section of one table per case: those tables, in page order (entry is None).
    variants: "tuple[_Entry, ...]" = ()


@dataclass(slots=True)
class LinkRegistry:
    """Every exported table of a run, by page key, anchor and name."""

    _pages: dict[str, list[_Entry]] = field(default_factory=dict)
    _anchors: dict[str, list[_Entry]] = field(default_factory=dict)
    _sections: dict[str, list[_Entry]] = field(default_factory=dict)

    def add_page(self, source: str, keys: Iterable[str], exports: Iterable[TableExport]) -> None:
        """A page of the run under the names links use for it (:func:`page_keys`)."""
        entries = [_Entry(e, source) for e in exports]
        for key in keys:
            self._pages.setdefault(key, []).extend(entries)
        for entry in entries:
            for anchor in entry.export.anchors:
                self._anchors.setdefault(anchor, []).append(entry)
            if entry.export.section:
                self._sections.setdefault(entry.export.section, []).append(entry)

    def has_page(self, key: str) -> bool:
        return key in self._pages

    def find(self, ref: Ref, name: str, linking_page: str = "") -> "Lookup":
        """The table ``ref`` names for the field ``name``, or ``None`` and why not.

        A link with a path is relative to ``linking_page``: where several
        pages of the run share the file name (every service has its
        ``数据结构.md``), the one in the linking page's folder is meant.
        """
        if not ref.target.strip():
            return self._by_number_and_name(ref, name)
        target = _target(ref)
        if target.web:
            return Lookup(None, f"links outside the doc set ({ref.target})")
        if target.page is not None and target.page not in self._pages and target.anchor is None:
            return Lookup(None, f"links to {ref.target!r}, a page that is not in this run")
        if target.page is None and target.anchor in self._pages and target.anchor not in self._anchors:
            target = _Target(target.anchor, None)  # a bare label that is a page's doc id: that page
        candidates = self._pages.get(target.page, []) if target.page else []
        if target.path and linking_page:
            wanted_path = _joined(linking_page, target.path)
            nearby = [e for e in candidates if _norm(e.source) == wanted_path]
            candidates = nearby or candidates
        if target.anchor and (cases := self._cases(target.anchor, candidates)):
            return Lookup(None, f"links to {ref.target!r}, a section of {len(cases)} tables", variants=cases)
        if target.anchor:
            found = self._by_anchor(target.anchor, candidates if target.page in self._pages else None)
            if found is not None:
                return Lookup(found)
        if candidates:
            wanted = {_name_key(name), _name_key(ref.text), _name_key(_caption_name(ref.text))} - {""}
            named = [e for e in candidates if wanted & {_name_key(n) for n in e.export.names}]
            if len(named) == 1 or (named and _same_fields(named)):
                return Lookup(named[0])
            if not named and target.anchor is None and len({id(e.export) for e in candidates}) == 1:
                return Lookup(candidates[0])  # a link to a page that holds one table means that table
            if not named and target.anchor is None and not name and not _names_structure(candidates[0].export):
                return Lookup(candidates[0])  # a whole body sent to a page: the page's own (first) table
            if named:
                return Lookup(None, f"links to {ref.target!r}, and that page has {len({id(e.export) for e in named})} "
                              "tables of that name: which one is meant is not said", ambiguous=True)
            return Lookup(None, f"links to {ref.target!r}, but that page has no table with that anchor or name")
        if target.page is not None:
            return Lookup(None, f"links to {ref.target!r}, a page that is not in this run")
        return Lookup(None, f"links to {ref.target!r}, which no page of this run defines")

    def _cases(self, anchor: str, candidates: list[_Entry]) -> tuple[_Entry, ...]:
        """The tables of the linked page's section ``anchor``, when it holds two or more with
        fields of their own: one table per case (functiongraph's "触发器实例数据", a table per
        trigger type). A section of one table is that table, found by its anchor as before."""
        within = {id(e) for e in candidates}
        found = {id(e.export): e for e in self._sections.get(anchor, []) if id(e) in within}
        cases = tuple(e for e in found.values() if e.export.root.children)
        return cases if len(cases) >= 2 else ()

    def _by_number_and_name(self, ref: Ref, name: str) -> "Lookup":
        """A reference with no target, from plain text: "see Table 1" means the one table of the
        run numbered so whose caption names the field; "see metadata Field Description for
        Creating Disks" the one table captioned so."""
        number = _LABEL_NUMBER.match(ref.text)
        wanted = _name_key(name)
        if not wanted:
            return Lookup(None, f"names {ref.text!r} without a link, and the page has no such table")
        titled = self._by_title(ref, wanted) if number is None else None
        if titled is not None:
            return titled
        entries = [e for pages in self._pages.values() for e in pages]
        if number is None:  # a caption written out: the one table of the run captioned so,
            tiers = [{_name_key(ref.text)}, {_name_key(_caption_name(ref.text))}]  # else named so
            tests = [lambda e, keys=keys: bool(keys - {""} & {_name_key(n) for n in e.export.names})
                     for keys in tiers]
        else:  # the table of that number named after the field, else after its structure
            numbered = [e for e in entries if _label_number(e.export.label) == number.group(1)]
            entries = numbered
            tests = [lambda e: wanted in {_name_key(n) for n in e.export.names},
                     lambda e: any(_same_structure(n, wanted) for n in e.export.names)]
        found: dict[int, _Entry] = {}
        for test in tests:
            found = {id(e.export): e for e in entries if test(e)}
            if found:
                break
        if len(found) == 1 or (found and _same_fields(list(found.values()))):
            return Lookup(min(found.values(), key=lambda e: (e.source, e.export.root.span.line)))
        if found:
            return Lookup(None, f"names {ref.text!r} without a link, and {len(found)} pages of this run have "
                          f"a {ref.text} for {name!r}: which one is meant is not said", ambiguous=True)
        return Lookup(None, f"names {ref.text!r} without a link, and no page of this run has a {ref.text} for {name!r}")

    def _by_title(self, ref: Ref, wanted: str) -> "Lookup | None":
        """"For details, see Data Structure for Query Details About Specifications." in plain text:
        the page of the run titled so, as the HTML page's link to it (``en-us_topic_0170710254.html``,
        no anchor) means. Its table named after the field, else its one table; ``None`` when no
        page has that title (then the text may name a table's caption)."""
        candidates = self._pages.get(" ".join(ref.text.split()).lower(), [])
        if not candidates:
            return None
        named = {id(e.export): e for e in candidates
                 if any(_same_structure(n, wanted) for n in e.export.names)}
        tables = named or {id(e.export): e for e in candidates}
        if len(tables) == 1:
            return Lookup(next(iter(tables.values())))
        return Lookup(None, f"names the page {ref.text!r} without a link, and that page has {len(tables)} tables: "
                      "which one is meant is not said", ambiguous=True)

    def _by_anchor(self, anchor: str, within: list[_Entry] | None) -> _Entry | None:
        exact = self._anchors.get(anchor)
        pool = exact if exact else [
            e for e in (within or []) for a in e.export.anchors
            if a.endswith("__" + anchor) or anchor.endswith("__" + a)]
        if within is not None:
            pool = [e for e in pool if any(e is w for w in within)]
        distinct = {id(e.export) for e in pool}
        return pool[0] if len(distinct) == 1 else None


def wanted_pages(endpoints: Iterable[Endpoint]) -> set[str]:
    """Page keys the links of ``endpoints`` name (``""`` when a link names no page)."""
    out: set[str] = set()
    for f in link_fields(endpoints):
        t = _target(f.link)  # type: ignore[arg-type]
        if not t.web:
            out.add(t.page or "")
    return out


def link_fields(endpoints: Iterable[Endpoint]) -> Iterator[Field]:
    """The fields of ``endpoints`` still waiting for a table on another page."""
    return (f for ep in endpoints for f in ep.all_fields() if f.link is not None)


def has_links(endpoints: Iterable[Endpoint]) -> bool:
    return next(link_fields(endpoints), None) is not None


class _Resolver:
    def __init__(self, registry: LinkRegistry, sink: DiagnosticSink) -> None:
        self.registry = registry
        self.sink = sink
        self.page = ""  # the source of the endpoint being linked

    def field(self, f: Field, stack: tuple[int, ...]) -> Field:
        children = tuple(self.field(c, stack) for c in f.children)
        if f.link is None or f.children:
            return replace(f, children=children) if children != f.children else f
        entry, why, ambiguous, cases = self.registry.find(f.link, f.name, self.page)
        if cases and f.type.base in _CASE_TYPES:
            return self._cases(f, cases, stack)
        if f.type.scalar:
            return self._mistyped(f, entry)
        if entry is None:  # several tables it may mean exist: unlinked, not unresolved
            self.sink.warning("table-unlinked" if ambiguous else "table-unresolved",
                              f"{f.name}: {why}; left without properties", f.span)
            return f
        export = entry.export
        if id(export) in stack or len(stack) >= _MAX_DEPTH:
            self.sink.warning("table-unlinked", f"{f.name}: {export.label} ({entry.source}) is already "
                              "being expanded (a cycle of links between pages); not followed", f.span)
            return f
        from .interpret.types import resolved, with_object  # only runs with links load the interpreter

        linked, where = self._table_fields(f, entry, stack)
        return replace(f, children=linked, type=resolved(with_object(f.type)), source_table=where, link=None)

    def _table_fields(self, f: Field, entry: "_Entry", stack: tuple[int, ...]) -> tuple[tuple[Field, ...], str]:
        """The fields ``entry``'s table gives ``f`` (their own links followed, ``stack`` and this
        table being expanded), and where that table is, for ``source_table``."""
        export = entry.export
        fields = tuple(self.field(_relocated(c, f.location), stack + (id(export),)) for c in export.root.children)
        return fields, f"{export.label} ({entry.source}:{export.root.span.line})"

    def _mistyped(self, f: Field, entry: "_Entry | None") -> Field:
        """A scalar whose description links a numbered table on another page (``func_vpc |
        String | 请参考表6``): an object of that table only when its caption names the
        field exactly; otherwise the field stays the scalar its Type cell says, silently
        (a table of date-format letters or of a state's values is no structure)."""
        if entry is None or not _caption_is_named(entry.export, f.name):
            return replace(f, link=None)
        export = entry.export
        self.sink.warning("type-by-table", f"{f.name}: the Type cell says {f.type.raw!r}, but {export.label} "
                          f"({entry.source}), which the description points to, describes its fields; "
                          "read as an object", f.span)
        from .interpret.types import resolved, with_object

        linked, where = self._table_fields(f, entry, ())
        return replace(f, children=linked, type=resolved(with_object(f.type)), source_table=where, link=None)

    def _cases(self, f: Field, cases: tuple[_Entry, ...], stack: tuple[int, ...]) -> Field:
        """A field whose link names a section of one table per case: an object that is one of
        them (``variants``, each with its table's label and source). ``event_data | String |
        …请参考触发器实例数据`` with a table per trigger type: the Type cell says String, the
        tables and the page's examples an object."""
        from .interpret.types import resolved, with_object

        variants = []
        for entry in cases:
            export = entry.export
            if id(export) in stack or len(stack) >= _MAX_DEPTH:
                continue
            kids, where = self._table_fields(f, entry, stack)
            variants.append(Field("", f.location, export.root.type, export.root.span, description=export.label,
                                  children=kids, source_table=where))
        if len(variants) < 2:
            return replace(f, link=None)
        self.sink.warning("type-by-table", f"{f.name}: the Type cell says {f.type.raw!r}, but the section it "
                          f"links ({f.link.target if f.link else ''}) documents one table per case: read as an "
                          f"object that is one of {len(variants)} ({', '.join(v.description for v in variants)})",
                          f.span)
        return replace(f, type=resolved(with_object(f.type)), variants=tuple(variants), link=None)

    def endpoint(self, ep: Endpoint) -> Endpoint:
        if not has_links([ep]):
            return ep
        self.page = ep.source
        requests = [e for e in ep.examples if e.kind == "request"]
        body = self._shaped(self.field(ep.request_body, ()), ep.request_body, requests) if ep.request_body else None
        responses = tuple(
            replace(r, body=self._shaped(self.field(r.body, ()), r.body,
                                         [e for e in ep.examples if e.kind == "response" and e.status == r.status])
                    if r.body else None,
                    headers=tuple(self.field(h, ()) for h in r.headers))
            for r in ep.responses)
        params = tuple(self.field(p, ()) for p in ep.parameters)
        return replace(ep, parameters=params, request_body=body, responses=responses)

    def _shaped(self, linked: Field, before: Field, examples: list[Example]) -> Field:
        """A body that gained tables from other pages, read again against the page's examples.

        The interpreter settles shapes the tables leave open from the examples
        (:func:`.interpret.envelopes.regrouped`: a map whose values every example
        lists, fields listed beside their object), but a table on another page
        is not there yet: the ECS server list's ``servers`` row links to the
        server-details page, whose ``addresses`` map every example of the list
        page fills with lists. Parts of the body already settled on the page
        come out unchanged.
        """
        if linked is before or not examples:
            return linked
        from .interpret.envelopes import regrouped

        return regrouped(linked, examples, self.sink) or linked


def _relocated(f: Field, location: Location) -> Field:
    """A linked table's rows take the location of the row that links to it."""
    if f.location == location:
        return f
    return replace(f, location=location, children=tuple(_relocated(c, location) for c in f.children))


def resolve_endpoints(endpoints: list[Endpoint], registry: LinkRegistry) -> tuple[list[Endpoint], list[Diagnostic]]:
    """``endpoints`` with their links to other pages attached, and the diagnostics of those left bare."""
    sink = DiagnosticSink()
    resolver = _Resolver(registry, sink)
    return [resolver.endpoint(ep) for ep in endpoints], sink.sorted()


def link_pages(pages: list[tuple[str, str | None, list[Endpoint], list[TableExport]]]) -> list[
        tuple[list[Endpoint], list[Diagnostic]]]:
    """For a whole run given at once: (source, doc id, endpoints, exports) per page."""
    registry = LinkRegistry()
    for source, doc_id, _, exports in pages:
        registry.add_page(source, page_keys(source, doc_id), exports)
    return [resolve_endpoints(eps, registry) for _, _, eps, _ in pages]
