"""Drift rules that judge differences between versions of one endpoint.

Every rule has a stable kebab-case id, a level and a docstring that says
what it catches and what it deliberately does not; each is registered with
``@rule(id, level)`` into :data:`.registry.RULES` (:mod:`.catalogue` imports
every rule module, so reports see the whole catalogue). A rule's level is the
most it reports; some findings of a rule are reported lower, as its docstring
says.

Two scopes: ``versions`` rules (here) turn a :class:`~.compare.Difference`
between versions of one endpoint into findings; ``page`` rules
(:mod:`.lint`) look at one page alone. Both build findings through a
:class:`~.context.Context`, which knows the versions, reads excerpts and
writes values as plain JSON.

Not responsible for finding the differences (:mod:`.compare`) nor for saying
whom a revision change breaks (:mod:`.breaking`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..diagnostics import Level
from .context import Context
from .findings import Finding
from .names import majority
from .registry import rule
from .values import canonical, show

if TYPE_CHECKING:
    from .compare import Difference

__all__: list[str] = []  # the rules register themselves; see .registry and .catalogue


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- rules between versions


@rule("param-missing", Level.ERROR)
def param_missing(d: Difference, ctx: Context) -> Iterator[Finding]:
    """A parameter, body field, header or body documented in some versions only.

    Error when the field is a request field some version marks required
    (a client following the other version cannot call the API); warning
    otherwise, and for an object whose properties only some versions
    document. Fields are compared only where their parent exists in both
    versions: a missing table yields one finding for the table, not one
    per row. Header names are compared without case and path parameters by
    their position in the path, so renamed placeholders are not reported.
    Not reported: a path parameter the version's URI template names (its
    table may leave it out); the fields of a wrapper one version lists at
    the top level (``functions[]`` against a flat table): one finding says
    the version lacks the wrapper instead.
    """
    if d.kind == "field":
        present = [s for s in d.states if s.value is not None]
        absent = [s for s in d.states if s.value is None]
        level = Level.ERROR if d.area == "request" and d.get("required") else Level.WARNING
        if ctx.mode == "diff":
            text = "added" if present[0].version == 1 else "removed"
            yield ctx.report("param-missing", d, f"{_cap(d.subject)} {text}", level)
            return
        yield ctx.report("param-missing", d, f"{_cap(d.subject)} is documented in "
                          f"{ctx.where(present)} but not in {ctx.where(absent)}", level)
    elif d.kind == "envelope":
        flat = [s for s in d.states if s.value is None]
        wrapped = [s for s in d.states if s.value is not None]
        yield ctx.report("param-missing", d, f"{_cap(d.subject)} is documented in {ctx.where(wrapped)}; "
                          f"{ctx.where(flat)} lists its fields at the top level, without it", Level.WARNING)
    elif d.kind == "children":
        with_props = [s for s in d.states if s.value is not None]
        without = [s for s in d.states if s.value is None]
        yield ctx.report("param-missing", d, f"Properties of {d.subject} are documented in "
                          f"{ctx.where(with_props)} but not in {ctx.where(without)}", Level.WARNING)


@rule("type-mismatch", Level.ERROR)
def type_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Versions give a field different types: kind or structure at any depth, or format.

    Compares meanings, never spellings: ``[Long]``, ``Array of Long`` and
    ``Array of Longs`` are one type, ``Array of Objects`` and ``Array of
    objects`` too. Object against array (at any depth) is an error; a
    different format alone (``Integer`` int32 against ``Long`` int64) is a
    warning. A type a version leaves unknown or unspecified (``Array`` with
    no element type, an unknown phrase) is not compared: type-unknown reports
    the phrase.
    """
    if d.kind != "type":
        return
    level = Level.WARNING if d.get("conflict") == "format" else Level.ERROR
    texts = [f"{s.value['raw'] or '(object)'} ({s.value['type']})" for s in d.states]
    yield ctx.report("type-mismatch", d, f"{_cap(d.subject)} has different types: {ctx.contrast(texts)}", level)


@rule("required-mismatch", Level.ERROR)
def required_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """One version marks a field mandatory and another optional.

    Error for request fields, warning for response fields (whose Mandatory
    column is advisory on these pages). Only versions that state it are
    compared: a table without a Mandatory column says nothing, and a
    conditional note ("mandatory for AK/SK authentication") counts as
    optional, as the interpreter reads it.
    """
    if d.kind != "required":
        return
    level = Level.ERROR if d.area == "request" else Level.WARNING
    texts = ["required" if s.value else "optional" for s in d.states]
    yield ctx.report("required-mismatch", d, f"{_cap(d.subject)} is {ctx.contrast(texts)}", level)


@rule("enum-mismatch", Level.WARNING)
def enum_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Versions list different allowed values for a field.

    Compared only when every version involved lists values: a page that lists
    none says nothing. Values compare as written except that numbers and
    booleans match their own spelling (``1`` and ``"1"``); case counts.
    """
    if d.kind != "enum":
        return
    if ctx.mode == "diff":
        texts = [", ".join(show(v) for v in s.value) for s in d.states]
        yield ctx.report("enum-mismatch", d, f"{_cap(d.subject)} allows different values: {ctx.contrast(texts)}")
        return
    keys = [{canonical(v) for v in s.value} for s in d.states]
    common = set.intersection(*keys)
    parts = []
    for s, own in zip(d.states, keys):
        only = [show(v) for v in dict.fromkeys(s.value) if canonical(v) in own - common]
        if only:
            parts.append(f"{', '.join(only)} only in {ctx.where([s])}")
    shared = f" ({len(common)} in common)" if common else " (none in common)"
    yield ctx.report("enum-mismatch", d, f"{_cap(d.subject)} allows different values: {'; '.join(parts)}{shared}")


@rule("default-mismatch", Level.WARNING)
def default_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Versions state different default values for a field.

    Only versions that state a default are compared; a default and its own
    spelling (``false`` and ``"false"``) are the same.
    """
    if d.kind != "default":
        return
    texts = [show(s.value) for s in d.states]
    yield ctx.report("default-mismatch", d, f"{_cap(d.subject)} has different defaults: {ctx.contrast(texts)}")


@rule("constraint-mismatch", Level.WARNING)
def constraint_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Versions state different bounds for a field (minimum, maximum, lengths, pattern...).

    One finding per keyword, among the versions that state that keyword: a
    version giving only a maximum does not contradict one giving only a
    minimum.
    """
    if d.kind != "constraint":
        return
    keyword = d.get("keyword")
    texts = [show(s.value) for s in d.states]
    yield ctx.report("constraint-mismatch", d, f"{_cap(d.subject)} has a different {keyword}: {ctx.contrast(texts)}")


@rule("status-code-mismatch", Level.WARNING)
def status_code_mismatch(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Versions document different sets of HTTP status codes.

    Compares the codes of status-code tables only: a page without one (200
    implied by its response table) says nothing about codes. Descriptions of
    codes are not compared (they are reworded and translated).
    """
    if d.kind != "status-codes":
        return
    texts = [", ".join(s.value) for s in d.states]
    yield ctx.report("status-code-mismatch", d, f"Documented status codes differ: {ctx.contrast(texts)}")


@rule("endpoint-missing", Level.WARNING)
def endpoint_missing(d: Difference, ctx: Context) -> Iterator[Finding]:
    """An endpoint documented in some version sets and not in others.

    Says which set lacks it. An endpoint is present in a set that holds it
    under any of its names: doc id, method and path (placeholder names
    blanked), or the same title in the same language; whatever the sets'
    folder layouts (topic folders against a flat folder are compared whole).
    Not reported: sets laid out in the same sub-folders (``html/ecs`` and
    ``rst/ecs``) are compared folder by folder, so ``rst/dli`` pages are not
    missing from an ECS-only ``html/``; nor with a single source, where
    every page is one version set. In a diff, a removed endpoint breaks
    clients and an added one servers.
    """
    if d.kind != "endpoint":
        return
    present = [s for s in d.states if s.value is not None]
    absent = [s for s in d.states if s.value is None]
    if ctx.mode == "diff":
        text = "added" if present[0].version == 1 else "removed"
        yield ctx.report("endpoint-missing", d, f"Endpoint {text}")
        return
    sets = d.get("present_in") or ()
    lacking = ", ".join(f"`{s.span.source}`" for s in absent)
    where = f"version set {', '.join(f'`{x}`' for x in sets)} ({ctx.where(present)})" if sets else ctx.where(present)
    finding = ctx.report("endpoint-missing", d, f"Missing from {lacking}: documented in {where}")
    yield replace(finding, extra=(("missing_from", list(d.get("missing_from") or ())),
                                  ("present_in", list(sets))))


@rule("name-suspect", Level.WARNING)
def name_spelled_differently(d: Difference, ctx: Context) -> Iterator[Finding]:
    """Between versions: one field whose name versions spell differently.

    ``Key`` in one version and ``key`` in another, ``availabilityZone`` and
    ``availability_zone``: JSON names are case-sensitive, so at most one
    spelling is right. The field is still compared as one (not reported
    missing twice). Header names differing only in case are not reported
    (HTTP ignores their case), nor are path parameters, whose names are
    placeholders.
    """
    if d.kind != "name":
        return
    texts = [f"`{s.value}`" for s in d.states]
    usage = ctx.usage().names
    best = majority((s.value for s in d.states), usage)
    tail = f"; the run's pages mostly write `{best}` ({usage.get(best, 0)} pages)" if best else ""
    yield ctx.report("name-suspect", d, f"{_cap(d.subject)} is spelled {ctx.contrast(texts)}{tail}")

