"""Computing differences: what aligned versions of one endpoint say differently.

:func:`differences` walks N versions of an endpoint side by side (N = 2 for a
revision diff) and yields raw :class:`Difference` values: which element, which
aspect (presence, type, required-ness, enum, default, constraint, status
codes), and what every version states about it, with its source line. Two
versions that say the same thing in different words (``[Long]`` and ``Array
of Long``, a Chinese and an English description) produce nothing, because
only meanings are compared: :meth:`TypeRef.meaning` without the raw phrase,
never descriptions or captions.

A version that says nothing is not a contradiction: required-ness, enums,
defaults and constraints are compared only among the versions that state
them, unknown types are left to the ``type-unknown`` lint, and the children
of an object are compared only among the versions that document them.

Not responsible for judging a difference (level, message, whom it breaks):
that is :mod:`.rules` and :mod:`.breaking`, as oasdiff keeps ``diff/`` apart
from ``checker/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import NOT_STATED, Endpoint, Field, Response, Span, TypeRef
from .envelopes import align_envelopes
from .align import is_placeholder, pair_fields, path_slot, template_names
from .values import canonical, object_path, pointer_escape, type_conflict, type_text

__all__ = ["Difference", "State", "differences"]

_LOCATION_ORDER = ("path", "query", "header")


@dataclass(frozen=True, slots=True)
class State:
    """What one version states about an element, and where."""

    version: int
    span: Span
    value: Any


@dataclass(frozen=True, slots=True)
class Difference:
    """One element on which versions disagree.

    ``kind`` is ``field`` (present in some versions only), ``envelope`` (a
    wrapper one version lists the fields of without it), ``children`` (its
    properties documented in some only), ``name`` (spelled differently),
    ``type``, ``required``, ``enum``, ``default``, ``constraint`` or
    ``status-codes`` (``endpoint`` comes from :mod:`.engine`). ``area`` is ``request``
    or ``response``, ``subject`` names the element for messages, ``states``
    holds every version that says something (for ``field``, absent versions
    have the value ``None`` and the span of the parent).
    """

    kind: str
    pointer: str
    subject: str
    area: str
    states: tuple[State, ...]
    detail: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.detail).get(key, default)


_Member = tuple[int, Field | None]


def differences(endpoints: Sequence[Endpoint]) -> list[Difference]:
    """Every difference among versions of one endpoint, in a fixed order."""
    out = list(_status_codes(endpoints))
    out += _parameters(endpoints)
    parents = {i: ep.span for i, ep in enumerate(endpoints)}
    bodies = [(i, ep.request_body) for i, ep in enumerate(endpoints)]
    out += _slot(bodies, parents, "/request/body", "request body", _Where("request", "request field"), "")
    for status, responses in _response_slots(endpoints):
        out += _response(status, responses)
    return out


# ---------------------------------------------------------------- endpoint level


def _stated_codes(ep: Endpoint) -> list[str] | None:
    """Status codes a page documents; ``None`` when it has no status table.

    Codes implied by a response table alone (200 assumed) carry no
    description: such a page says nothing about which codes exist.
    """
    if not any(r.description for r in ep.responses):
        return None
    return sorted({r.status for r in ep.responses})


def _status_codes(endpoints: Sequence[Endpoint]) -> Iterator[Difference]:
    states = []
    for i, ep in enumerate(endpoints):
        codes = _stated_codes(ep)
        if codes is not None:
            span = min(r.span for r in ep.responses if r.description)
            states.append(State(i, span, codes))
    if len({tuple(s.value) for s in states}) > 1:
        yield Difference("status-codes", "/responses", "status codes", "response", tuple(states))


def _parameters(endpoints: Sequence[Endpoint]) -> Iterator[Difference]:
    parents = {i: ep.span for i, ep in enumerate(endpoints)}
    locations = sorted({p.location for ep in endpoints for p in ep.parameters}
                       | ({"path"} if any(template_names(ep) for ep in endpoints) else set()),
                       key=lambda loc: (_LOCATION_ORDER + (loc,)).index(loc))
    for loc in locations:
        lists = [[p for p in ep.parameters if p.location == loc] for ep in endpoints]
        if loc == "path":
            lists = [ps + _template_only(ep, ps) for ep, ps in zip(endpoints, lists)]
        keys = [[_param_key(ep, p) for p in ps] for ep, ps in zip(endpoints, lists)]
        for _, fields in pair_fields(lists, keys):
            name = next(f.name for f in fields if f is not None)
            pointer = f"/request/{loc if loc in _LOCATION_ORDER else 'x-other'}/properties/{pointer_escape(name)}"
            noun = "header" if loc == "header" else f"{loc} parameter"
            names = {"path": "none", "header": "case"}.get(loc, "exact")
            yield from _slot(list(enumerate(fields)), parents, pointer, f"{noun} `{name}`",
                             _Where("request", noun, names), name)


def _template_only(ep: Endpoint, documented: list[Field]) -> list[Field]:
    """Path parameters the URI template names and the page's tables leave out.

    The template is the page stating them: a version whose path table omits
    ``project_id`` still has it, so it is never missing there. They state no
    type and no required-ness, so nothing else is compared about them.
    """
    names = {p.name for p in documented}
    return [Field(name, "path", TypeRef("string", raw=""), ep.span,
                  description="(named in the URI template only)")
            for name in template_names(ep) if name not in names]


def _param_key(ep: Endpoint, p: Field) -> str:
    if p.location == "path":
        return path_slot(ep, p)
    return p.name.lower() if p.location == "header" else p.name


def _response_slots(endpoints: Sequence[Endpoint]) -> Iterator[tuple[str, list[tuple[int, Response]]]]:
    """Responses paired by status; each version's main success response pairs with
    the others' (a page answering 200 and one answering 201 describe the same body)."""
    main: list[tuple[int, Response]] = []
    others: dict[str, list[tuple[int, Response]]] = {}
    for i, ep in enumerate(endpoints):
        success = min((r for r in ep.responses if r.status.startswith("2")),
                      key=lambda r: r.status, default=None)
        if success is not None:
            main.append((i, success))
        for r in ep.responses:
            if r is not success:
                others.setdefault(r.status, []).append((i, r))
    if len(main) > 1:
        yield main[0][1].status, main
    for status in sorted(others):
        if len(others[status]) > 1:
            yield status, others[status]


def _response(status: str, responses: list[tuple[int, Response]]) -> Iterator[Difference]:
    parents = {i: r.span for i, r in responses}
    where = _Where("response", f"response {status} field")
    header = _Where("response", f"response {status} header", "case")
    yield from _slot([(i, r.body) for i, r in responses], parents,
                     f"/responses/{status}/body", f"response {status} body", where, "")
    lists = [list(r.headers) for _, r in responses]
    keys = [[h.name.lower() for h in hs] for hs in lists]
    for _, fields in pair_fields(lists, keys):
        name = next(f.name for f in fields if f is not None)
        members = [(i, f) for (i, _), f in zip(responses, fields)]
        yield from _slot(members, parents, f"/responses/{status}/headers/properties/{pointer_escape(name)}",
                         f"response {status} header `{name}`", header, name)


# ---------------------------------------------------------------- field trees


@dataclass(frozen=True, slots=True)
class _Where:
    """Which side of the exchange a tree belongs to, how to name its fields, how names compare.

    ``names`` is ``exact`` (JSON names), ``case`` (header names, case-blind
    in HTTP) or ``none`` (path parameters, whose names are placeholders).
    """

    area: str
    noun: str
    names: str = "exact"


def _slot(members: list[_Member], parents: dict[int, Span], pointer: str,
          subject: str, where: _Where, path: str) -> Iterator[Difference]:
    """One aligned element: present in some versions only, or compared among those that have it."""
    if not path:  # a body root: a version may list a wrapper's fields without the wrapper
        members, flat = align_envelopes(members)
        for i, wrapper, root in flat:
            others = [(j, f) for j, f in members if j != i and f is not None
                      and any(c.name == wrapper.name and c.type.known for c in f.children)]
            states = [State(j, next(c for c in f.children if c.name == wrapper.name).span,
                            {"type": wrapper.type.raw, "required": wrapper.required}) for j, f in others]
            yield Difference("envelope", f"{pointer}{object_path(root.type)}/properties/{pointer_escape(wrapper.name)}",
                             f"{where.noun} `{wrapper.name}`", where.area,
                             _by_version(states + [State(i, root.span, None)]))
    present = [(i, f) for i, f in members if f is not None]
    absent = [i for i, f in members if f is None]
    if present and absent:
        states = [State(i, f.span, {"type": f.type.raw, "required": f.required}) for i, f in present]
        states += [State(i, parents[i], None) for i in absent]
        yield Difference("field", pointer, subject, where.area, _by_version(states),
                         (("required", any(f.required for _, f in present)),))
    if len(present) > 1:
        yield from _names(present, pointer, subject, where)
        yield from _field(present, pointer, subject, where, path)


def _names(present: list[tuple[int, Field]], pointer: str, subject: str, where: _Where) -> Iterator[Difference]:
    """One field spelled differently by different versions (``Key`` and ``key``)."""
    if where.names == "none":
        return
    names = {f.name.lower() if where.names == "case" else f.name for _, f in present}
    if len(names) > 1 and not any(is_placeholder(f.name) for _, f in present):
        yield Difference("name", pointer, subject, where.area, tuple(State(i, f.span, f.name) for i, f in present))


def _by_version(states: list[State]) -> tuple[State, ...]:
    return tuple(sorted(states, key=lambda s: s.version))


def _field(present: list[tuple[int, Field]], pointer: str, subject: str, where: _Where,
           path: str) -> Iterator[Difference]:
    area = where.area
    yield from _type(present, pointer, subject, area)
    yield from _stated(present, "required", lambda f: f.required, pointer, subject, area)
    yield from _stated(present, "enum", lambda f: sorted({canonical(v) for v in f.enum}) or None,
                       pointer, subject, area, value=lambda f: list(f.enum))
    yield from _stated(present, "default",
                       lambda f: None if f.default is NOT_STATED else canonical(f.default),
                       pointer, subject, area, value=lambda f: f.default)
    yield from _constraints(present, pointer, subject, area)
    yield from _children(present, pointer, subject, where, path)


def _type(present: list[tuple[int, Field]], pointer: str, subject: str, area: str) -> Iterator[Difference]:
    # a type is stated when the page gave a phrase (a query parameter known only
    # from the URI has none) or it is a body root, whose shape the tables give
    known = [(i, f) for i, f in present
             if f.type.base != "any" and f.type.known and (f.type.raw or not f.name)]
    worst = None
    for a in range(len(known)):
        for b in range(a + 1, len(known)):
            conflict = type_conflict(known[a][1].type, known[b][1].type)
            if conflict == "structure" or (conflict and worst is None):
                worst = conflict
    if worst:
        states = tuple(State(i, f.span, {"raw": f.type.raw, "type": type_text(f.type)}) for i, f in known)
        yield Difference("type", pointer, subject, area, states, (("conflict", worst),))


def _stated(present: list[tuple[int, Field]], kind: str, key: Callable[[Field], Any], pointer: str,
            subject: str, area: str, value: Callable[[Field], Any] | None = None) -> Iterator[Difference]:
    """An aspect compared among the versions that state it (``key`` is ``None`` when silent)."""
    stated = [(i, f, key(f)) for i, f in present if key(f) is not None]
    if len({repr(k) for _, _, k in stated}) > 1:
        states = tuple(State(i, f.span, (value or key)(f)) for i, f, _ in stated)
        yield Difference(kind, pointer, subject, area, states)


def _constraints(present: list[tuple[int, Field]], pointer: str, subject: str,
                 area: str) -> Iterator[Difference]:
    keywords = sorted({k for _, f in present for k, _ in f.constraints})
    for keyword in keywords:
        stated = [(i, f, dict(f.constraints)[keyword]) for i, f in present if keyword in dict(f.constraints)]
        if len({canonical(v) for _, _, v in stated}) > 1:
            states = tuple(State(i, f.span, v) for i, f, v in stated)
            yield Difference("constraint", pointer, subject, area, states, (("keyword", keyword),))


def _children(present: list[tuple[int, Field]], pointer: str, subject: str, where: _Where,
              path: str) -> Iterator[Difference]:
    """Properties of an object, compared among the versions that document them."""
    documenting = [(i, f) for i, f in present if f.children]
    if not documenting:
        return
    silent = [(i, f) for i, f in present if not f.children and _object_like(f.type)]
    if silent:
        states = [State(i, f.span, [c.name for c in f.children]) for i, f in documenting]
        states += [State(i, f.span, None) for i, f in silent]
        yield Difference("children", pointer, subject, where.area, _by_version(states))
    parents = {i: f.span for i, f in documenting}
    ref = documenting[0][1].type
    base = pointer + object_path(ref) + "/properties/"
    prefix = f"{path}[]" if ref.base == "array" else path
    for name, fields in pair_fields([f.children for _, f in documenting]):
        members = [(i, f) for (i, _), f in zip(documenting, fields)]
        child = f"{prefix}.{name}" if prefix else name
        yield from _slot(members, parents, base + pointer_escape(name), f"{where.noun} `{child}`",
                         where, child)


def _object_like(t: TypeRef | None) -> bool:
    while t is not None and t.base == "array":
        t = t.items
    return t is not None and t.base in ("object", "any")
