"""Hypothesis strategies that draw random API reference pages as :class:`PageModel`.

Spec first, options keyword-only, as hypothesis-jsonschema names its
strategies: ``parameter_pages(lang=..., style=...)`` draws a whole page,
``param_tables(lang=..., style=..., kind=...)`` one table with its nested
tables (object rows up to two levels deep).

What is drawn stays inside what real pages say and what the vocabularies
know: the type phrases of :data:`TYPE_MEANINGS`, Yes/No or 是/否 (no
Mandatory column at all for some response tables), "The default value is X."
/ "默认为X", enum bullets, "Array elements" bodies, and the link styles of
:data:`ALL_LINKS` for object rows (``links=`` narrows them). Object-like rows have
page-unique names, so that "a caption names the parameter" can only point one
way. The words themselves come from :mod:`.words`; nothing is rendered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import strategies as st

from . import (
    ARRAY_ROOTS,
    LINK_DOTTED,
    LINK_ITEM,
    LINK_NAME,
    LINK_ORDER,
    LINK_TYPE,
    NO_DEFAULT,
    OBJECT_TYPES,
    Lang,
    PageModel,
    Param,
    ParamTable,
    Style,
)
from .words import (
    HEADERS,
    WORDS,
    default_value,
    doc_id,
    enum_values,
    page_title,
    param_names,
    sentence,
    status_rows,
    type_names,
)

__all__ = ["ALL_LINKS", "param_tables", "parameter_pages"]

_PLAIN_TYPES = (
    "String",
    "Integer",
    "Long",
    "Boolean",
    "Float",
    "Double",
    "Object",
    "Array of String",
    "Array of Strings",
    "Array of strings",
    "Array of Long",
    "[Long]",
    "List<String>",
)
_NESTED_TYPES = {
    "explorer": ("named-object", "named-array"),
    "classic": ("see-object", "see-array"),
}
#: Every way a row can reach its child table (see :data:`tests.pagegen.LINK_TYPE`).
ALL_LINKS = (LINK_TYPE, LINK_ITEM, LINK_DOTTED, LINK_NAME, LINK_ORDER)
_PLACEHOLDERS = ("project_id", "job_id", "cluster_id", "queue_name", "node_id", "pool_name")
_STATICS = WORDS + ("streaming", "jobs", "action", "stop", "resource_instances")


def _key(name: str) -> str:
    return name.casefold().replace("-", "").replace("_", "")


@dataclass
class _Names:
    """Page-wide names: object rows never share a name, no row is named like a schema."""

    objects: set[str] = field(default_factory=set)
    all: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)

    def free(self, name: str, object_like: bool) -> bool:
        key = _key(name)
        if key in self.types or key in self.objects:
            return False
        return not object_like or key not in self.all

    def free_type(self, name: str) -> bool:
        return _key(name) not in self.all and _key(name) not in self.types

    def take(self, name: str, object_like: bool) -> None:
        self.all.add(_key(name))
        if object_like:
            self.objects.add(_key(name))


@dataclass(frozen=True)
class _Where:
    """What every table of a page shares while it is drawn."""

    lang: Lang
    style: Style
    names: _Names
    side: str = "request"
    #: The link styles an object row may draw (LINK_DOTTED only where a parent has a name).
    links: tuple[int, ...] = ALL_LINKS


def _param(
    draw: st.DrawFn, where: _Where, mandatory: bool, depth: int, taken: set[str], dotted: bool
) -> Param | None:
    if depth < 2 and draw(st.integers(0, 2 + 2 * depth)) == 0:
        type_key = draw(st.sampled_from(_NESTED_TYPES[where.style]))
    else:
        type_key = draw(st.sampled_from(_PLAIN_TYPES))
    object_like = type_key in OBJECT_TYPES or type_key == "Object"
    name = draw(param_names())
    if name.casefold() in taken or not where.names.free(name, object_like):
        return None
    taken.add(name.casefold())
    where.names.take(name, object_like)
    child = None
    link = LINK_TYPE
    if type_key in OBJECT_TYPES:
        # a dotted caption needs a parent with a name: a nested table, not a body or "Array elements"
        link = draw(st.sampled_from([k for k in where.links if dotted or k != LINK_DOTTED]))
        type_name = None
        if where.style == "explorer":
            type_name = draw(type_names(unused=where.names.free_type))
            where.names.types.add(_key(type_name))
        child = draw(
            _tables(where, "nested", mandatory, depth + 1, type_name=type_name, owner=name)
        )
    required = draw(st.booleans()) if mandatory else None
    return Param(
        name,
        type_key,
        required,
        sentence(draw, where.lang),
        child=child,
        link=link,
        **_constraints(draw, where.lang, type_key),
    )


def _constraints(draw: st.DrawFn, lang: Lang, type_key: str) -> dict[str, Any]:
    """Enum, bounds and default of a scalar row, and the phrasing of each."""
    enum: tuple[tuple[str, str], ...] = ()
    if type_key == "String" and draw(st.integers(0, 4)) == 0:
        enum = enum_values(draw, lang)
    bounds = _bounds(draw, type_key) if not enum and draw(st.integers(0, 4)) == 0 else None
    default = NO_DEFAULT
    if type_key in ("String", "Integer", "Boolean") and draw(st.integers(0, 3)) == 0:
        default = default_value(draw, type_key, enum, bounds)
    styles = draw(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 1)))
    return {
        "default": default,
        "default_bold": draw(st.booleans()),
        "default_own_para": draw(st.booleans()),
        "enum": enum,
        "bounds": bounds,
        "default_style": styles[0],
        "enum_style": styles[1],
        "bounds_style": styles[2],
    }


def _bounds(draw: st.DrawFn, type_key: str) -> tuple[int | None, int] | None:
    """A value range for integers, lengths for strings (sometimes only a maximum)."""
    if type_key in ("Integer", "Long"):
        low = draw(st.integers(0, 10))
        return low, draw(st.integers(low + 1, 65535))
    if type_key == "String":
        return draw(st.sampled_from((None, 0, 1, 2))), draw(st.integers(16, 1024))
    return None


@st.composite
def _tables(
    draw: st.DrawFn,
    where: _Where,
    kind: str,
    mandatory: bool,
    depth: int = 0,
    type_name: str | None = None,
    owner: str | None = None,
) -> ParamTable:
    """A table of 1-5 rows; object rows bring their child tables (two levels at most)."""
    taken: set[str] = set()
    params: list[Param] = []
    dotted = depth > 0 and owner not in ARRAY_ROOTS.values()
    for _ in range(draw(st.integers(1, 5 if depth == 0 else 4))):
        p = _param(draw, where, mandatory, depth, taken, dotted)
        if p is not None:
            params.append(p)
    if not params:
        params.append(
            Param(f"{kind}_{depth}_value", "String", mandatory or None, sentence(draw, where.lang))
        )
        where.names.take(params[-1].name, False)
    return ParamTable(
        kind, tuple(params), mandatory, type_name=type_name, owner=owner, side=where.side
    )


def param_tables(
    *, lang: Lang, style: Style, kind: str = "request", mandatory: bool = True
) -> st.SearchStrategy[ParamTable]:
    """One parameter table with the nested tables its object rows point at."""
    return _tables(_Where(lang, style, _Names()), kind, mandatory)


@st.composite
def _body(draw: st.DrawFn, where: _Where, kind: str, mandatory: bool) -> ParamTable:
    """A body table; on classic pages sometimes one "Array elements" row (the body is an array)."""
    if where.style == "classic" and draw(st.integers(0, 4)) == 0:
        root = ARRAY_ROOTS[where.lang]
        child = _settled(draw(_tables(where, "nested", mandatory, 1, owner=root)), False)
        required = draw(st.booleans()) if mandatory else None
        row = Param(root, "see-array", required, sentence(draw, where.lang), child=child)
        return ParamTable(kind, (row,), mandatory)
    return _settled(draw(_tables(where, kind, mandatory)), where.style == "classic")


def _settled(table: ParamTable, order_ok: bool) -> ParamTable:
    """LINK_ORDER kept only where order alone can say it (see :data:`tests.pagegen.LINK_ORDER`):
    the table's one object row, on a table captioned generically; LINK_TYPE elsewhere.

    A free-form ``Object`` row counts as an object row too: beside it, a table that
    follows by order alone could be either row's, and no reader can tell which.
    """
    parents = [p for p in table.params if p.child is not None or p.type == "Object"]
    params = []
    for p in table.params:
        if p.child is None:
            params.append(p)
            continue
        link = p.link
        if link == LINK_ORDER and not (order_ok and len(parents) == 1):
            link = LINK_TYPE
        params.append(replace(p, link=link, child=_settled(p.child, link == LINK_ORDER)))
    return replace(table, params=tuple(params))


def _simple_table(
    draw: st.DrawFn, kind: str, names: list[str], lang: Lang, types: tuple[str, ...]
) -> ParamTable:
    """A path table (all required, plain) or a query table of scalar parameters."""
    rows = []
    for n in names:
        type_key = draw(st.sampled_from(types))
        if kind == "path":
            rows.append(Param(n, type_key, True, sentence(draw, lang)))
        else:
            extra = _constraints(draw, lang, type_key)
            rows.append(Param(n, type_key, draw(st.booleans()), sentence(draw, lang), **extra))
    return ParamTable(kind, tuple(rows), True)


def _path(draw: st.DrawFn, placeholders: list[str]) -> str:
    version = draw(st.sampled_from(("v1", "v1.0", "v1.1", "v2", "v3")))
    statics = draw(st.lists(st.sampled_from(_STATICS), min_size=1, max_size=3))
    segments = [f"{{{p}}}" for p in placeholders[:1]] + statics[:1]
    for p in placeholders[1:]:
        segments += [f"{{{p}}}", draw(st.sampled_from(statics))]
    return "/" + "/".join([version, *segments])


def _uri_tables(draw: st.DrawFn, where: _Where, placeholders: list[str]) -> tuple[ParamTable, ...]:
    """Path and query tables (API Explorer), or one merged URI table (classic)."""
    drawn = (
        draw(st.lists(param_names(), max_size=3, unique_by=str.casefold))
        if draw(st.booleans())
        else []
    )
    queries = [q for q in drawn if where.names.free(q, True)]
    for q in queries:
        where.names.take(q, False)
    path = (
        _simple_table(draw, "path", placeholders, where.lang, ("String",)) if placeholders else None
    )
    query = (
        _simple_table(draw, "query", queries, where.lang, ("String", "Integer", "Boolean", "Long"))
        if queries
        else None
    )
    if where.style == "explorer":
        return tuple(t for t in (path, query) if t is not None)
    merged = (path.params if path else ()) + (query.params if query else ())
    return (ParamTable("uri", merged, True),) if merged else ()


def _header(draw: st.DrawFn, lang: Lang) -> ParamTable | None:
    if not draw(st.booleans()):
        return None
    extra = draw(st.lists(st.sampled_from(HEADERS[1:]), max_size=2, unique=True))
    rows = [Param("X-Auth-Token", "String", True, sentence(draw, lang))]
    rows += [Param(h, "String", draw(st.booleans()), sentence(draw, lang)) for h in extra]
    return ParamTable("header", tuple(rows), True)


@st.composite
def parameter_pages(
    draw: st.DrawFn,
    *,
    lang: Lang | None = None,
    style: Style | None = None,
    links: tuple[int, ...] = ALL_LINKS,
) -> PageModel:
    """A whole page: title, operation, URI/query/header/body/response tables, status codes.

    ``links`` narrows the link styles object rows draw (a format whose reader
    cannot yet read one leaves it out; LINK_TYPE must stay in).
    """
    langs: tuple[Lang, ...] = (lang,) if lang else ("en", "zh")
    styles: tuple[Style, ...] = (style,) if style else ("classic", "explorer")
    where = _Where(
        draw(st.sampled_from(langs)), draw(st.sampled_from(styles)), _Names(), links=links
    )
    method = draw(st.sampled_from(("GET", "POST", "PUT", "DELETE")))
    placeholders = draw(st.lists(st.sampled_from(_PLACEHOLDERS), max_size=3, unique=True))
    for p in placeholders:
        where.names.take(p, False)
    uri_tables = _uri_tables(draw, where, placeholders)
    header = _header(draw, where.lang)
    request = None
    # GET and DELETE request tables are the query string (a DELETE body needs a body caption or
    # example, which these pages do not render; tests/test_link_forms.py covers that case)
    if method not in ("GET", "DELETE") and draw(st.integers(0, 3)) > 0:
        request = draw(_body(where, "request", True))
    response = None
    if draw(st.integers(0, 3)) > 0:
        response = draw(
            _body(
                _Where(where.lang, where.style, where.names, "response", where.links),
                "response",
                draw(st.booleans()),
            )
        )
    status = "200" if where.style == "classic" else draw(st.sampled_from(("200", "201", "202")))
    return PageModel(
        lang=where.lang,
        style=where.style,
        doc_id=doc_id(draw, where.style),
        title=(title := page_title(draw, where.lang)),
        summary=f"该API用于{title}。"
        if where.lang == "zh"
        else f"This API is used for {title.lower()}.",
        method=method,
        path=_path(draw, placeholders),
        header_set=draw(st.integers(0, 1)),
        uri_tables=uri_tables,
        header=header,
        request=request,
        response=response,
        status=status,
        status_table=status_rows(draw, where.lang, status),
        table_base=draw(st.integers(10_000, 99_999)) * 100,
        updated_line=draw(st.booleans()),
        flavor=draw(st.integers(0, 255)),
        chrome=draw(st.integers(0, 2)),
    )
