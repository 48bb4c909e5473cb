"""Alignment: which endpoint versions are the same endpoint, and which fields pair up.

Endpoints are grouped by method and path template with the placeholder names
blanked (``{project_id}`` and ``{tenant_id}`` are the same slot), then joined
by doc id, so a page that was renamed or moved, or whose path changed between
revisions, stays the same endpoint. Fields pair up by location and name;
path parameters pair by their position in the path (their names may differ
between versions), headers by name without case.

Linking by doc id is deliberately cautious: a doc id joins groups only for
pages that document one operation under it (the v2/v2.1 twin pages carry two)
and only when no version set holds two different paths under that doc id
(then the id names two operations, not one that moved).

Not responsible for comparing what aligned elements say (:mod:`.compare`) nor
for judging it (:mod:`.rules`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..model import NOT_STATED, Endpoint, Field
from ..writers.jsonschema import field_schema, json_safe
from ..writers.variants import VariantShape, canonical, discriminators, doc_key

__all__ = [
    "Group",
    "Version",
    "doc_key",
    "endpoint_key",
    "fold_name",
    "group_versions",
    "is_placeholder",
    "pair_fields",
    "path_slot",
    "template_names",
]

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True, slots=True)
class Version:
    """One page's account of an endpoint, with where it came from.

    ``set_index`` is the version set (command-line argument, or old/new of a
    diff) the page belongs to, ``component`` the first sub-folder under that
    set's root (``ecs`` for ``html/ecs/x.html``; ``""`` for pages at the root
    or named directly), ``label`` how reports name the version.
    """

    endpoint: Endpoint
    set_index: int = 0
    component: str = ""
    label: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def source(self) -> str:
        return self.endpoint.source


@dataclass(frozen=True, slots=True)
class Group:
    """Every version of one endpoint, in input order."""

    versions: tuple[Version, ...]

    @property
    def endpoint(self) -> str:
        """``METHOD /path`` as the first version writes it: how reports name the group."""
        ep = self.versions[0].endpoint
        return f"{ep.method} {ep.path}"

    @property
    def doc_id(self) -> str | None:
        return next((v.endpoint.doc_id for v in self.versions if v.endpoint.doc_id), None)

    @property
    def set_indexes(self) -> frozenset[int]:
        return frozenset(v.set_index for v in self.versions)


def endpoint_key(ep: Endpoint) -> str:
    """Method and path with placeholders blanked, duplicate and trailing slashes dropped."""
    path = re.sub(r"/{2,}", "/", _PLACEHOLDER.sub("{}", ep.path)).rstrip("/") or "/"
    return f"{ep.method.upper()} {path}"


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, items: Sequence[int]) -> None:
        for other in items[1:]:
            a, b = self.find(items[0]), self.find(other)
            if a != b:
                self.parent[max(a, b)] = min(a, b)


def group_versions(versions: Sequence[Version]) -> list[Group]:
    """Versions grouped into endpoints; groups and their versions in input order."""
    union = _Union(len(versions))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(versions):
        by_key[endpoint_key(v.endpoint)].append(i)
    for members in by_key.values():
        for part in _operations(versions, members):
            union.join(part)
    for members in _doc_links(versions).values():
        union.join(members)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(versions)):
        groups[union.find(i)].append(i)
    return [Group(tuple(versions[i] for i in members)) for _, members in sorted(groups.items())]


def _page_key(v: Version) -> str:
    return doc_key(v.endpoint.doc_id) or f"source:{v.source}"


def _operations(versions: Sequence[Version], members: list[int]) -> list[list[int]]:
    """The operations behind one method and path.

    Usually one. But when a version set holds several pages (doc ids) for one
    path, the path is shared by different operations (the Nova ``/action``
    endpoint: lock, reboot, addFloatingIp...) or documented twice (a
    deprecated page beside its successor): then versions pair by doc id, and
    pages whose ids differ between sets pair by the names at the top of their
    request body (``{"addFloatingIp": ...}``), never merely by the path.
    """
    pages: dict[int, set[str]] = defaultdict(set)
    for i in members:
        pages[versions[i].set_index].add(_page_key(versions[i]))
    if all(len(p) == 1 for p in pages.values()):
        return [members]
    parts: dict[str, list[int]] = defaultdict(list)
    for i in members:
        parts[_page_key(versions[i])].append(i)
    signs = _signatures([versions[part[0]].endpoint for part in parts.values()])
    merged: list[tuple[Hashable, list[int]]] = []
    for part, sign in zip(parts.values(), signs):
        sets = {versions[i].set_index for i in part}
        target = next((m for s, m in merged if sign is not None and s == sign
                       and not sets & {versions[i].set_index for i in m}), None)
        if target is None:
            merged.append((sign, list(part)))
        else:
            target.extend(part)
    return [m for _, m in merged]


def _signatures(pages: list[Endpoint]) -> list[Hashable | None]:
    """What tells each page's operation apart from the other pages of its path: its
    discriminator, else the names at the top of its request body (None: nothing)."""
    found = discriminators([_shape(ep) for ep in pages])
    out: list[Hashable | None] = []
    for ep, d in zip(pages, found):
        if d is not None:
            out.append(("discriminator", d.pointer, frozenset(canonical(v) for v in d.values)))
        elif ep.request_body is not None and ep.request_body.children:
            out.append(("names", frozenset(c.name for c in ep.request_body.children)))
        else:
            out.append(None)
    return out


def _shape(ep: Endpoint) -> VariantShape:
    return VariantShape(
        body=field_schema(ep.request_body) if ep.request_body is not None else None,
        body_examples=tuple(json_safe(x.value) for x in ep.examples
                            if x.kind == "request" and x.value is not NOT_STATED))



def _doc_links(versions: Sequence[Version]) -> dict[str, list[int]]:
    """Doc ids that name one operation: safe to join on."""
    per_page = Counter((v.source, doc_key(v.endpoint.doc_id)) for v in versions)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(versions):
        key = doc_key(v.endpoint.doc_id)
        if key is not None and per_page[(v.source, key)] == 1:
            by_doc[key].append(i)
    links = {}
    for key, members in by_doc.items():
        paths: dict[int, set[str]] = defaultdict(set)
        for i in members:
            paths[versions[i].set_index].add(endpoint_key(versions[i].endpoint))
        if len(members) > 1 and all(len(p) == 1 for p in paths.values()):
            links[key] = members
    return links


# ---------------------------------------------------------------- fields


def template_names(ep: Endpoint) -> list[str]:
    """The placeholder names of the path template, in order (``project_id``, ``job_id``)."""
    return [m.group(0)[1:-1].strip() for m in _PLACEHOLDER.finditer(ep.path)]


def path_slot(ep: Endpoint, f: Field) -> str:
    """Where a path parameter sits: its placeholder's position, else its name."""
    names = template_names(ep)
    if f.name in names:
        return f"#{names.index(f.name)}"
    return f.name


def fold_name(name: str) -> str:
    """A name with case, ``_``, ``-`` and spaces dropped: ``availabilityZone`` = ``availability_zone``."""
    return re.sub(r"[\s_\-]+", "", name).lower()


def pair_fields(
    lists: Sequence[Sequence[Field]], keys: Sequence[Sequence[str]] | None = None, *, fold: bool = True
) -> list[tuple[str, list[Field | None]]]:
    """Slots across versions: ``(slot key, [field or None per version])``.

    Slots come in order of first appearance (the first version's order, then
    what later versions add). ``keys`` gives each field's slot key (default:
    its name); a repeated key within one version keeps the first field, as
    the schema writer does. With ``fold``, slots that no version holds twice
    and whose names differ only in case or separators (``Key`` and ``key``,
    ``protocol _id`` and ``protocol_id``) are one slot: the same field,
    spelled differently, which the name-suspect rule reports. So are
    placeholder names (``User customization`` and its translation
    ``用户自定义``), which are not compared as names at all.
    """
    order: list[str] = []
    table: dict[str, list[Field | None]] = {}
    for i, fields in enumerate(lists):
        for j, f in enumerate(fields):
            key = keys[i][j] if keys is not None else f.name
            if key not in table:
                table[key] = [None] * len(lists)
                order.append(key)
            if table[key][i] is None:
                table[key][i] = f
    if fold:
        order = _fold_slots(order, table)
    return [(key, table[key]) for key in order]


def is_placeholder(name: str) -> bool:
    """A name that stands for user-chosen keys (``User customization``, ``用户自定义``,
    ``{key}``): prose, translated with the page, never a literal JSON name."""
    return bool(_PLACEHOLDER_NAME.search(name)) or name[:1] in "{<"


_PLACEHOLDER_NAME = re.compile(r"\s|[^\x00-\x7f]")


def _same_slot(a: str, b: str) -> bool:
    return fold_name(a) == fold_name(b) or (is_placeholder(a) and is_placeholder(b))


def _fold_slots(order: list[str], table: dict[str, list[Field | None]]) -> list[str]:
    kept: list[str] = []
    for key in order:
        fields = table[key]
        target = next((k for k in kept if k != key and _same_slot(k, key)
                       and all(a is None or b is None for a, b in zip(table[k], fields))), None)
        if target is None:
            kept.append(key)
        else:
            table[target] = [a if a is not None else b for a, b in zip(table[target], fields)]
    return kept
