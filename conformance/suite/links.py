"""Which operation makes, lists and deletes the resource a parameter names.

A run against a real server needs real ids: ``GET /v3/users/{user_id}``
wants a user that exists, ``DELETE`` one the run made itself. The contract
says where they come from once names are read the way people write APIs:
``{user_id}`` names a *user*; ``POST /v3/users`` (the collection the item
path hangs from) creates one and answers ``user.id``; ``GET /v3/users``
lists them under ``users[].id``; ``DELETE /v3/users/{user_id}`` removes it.
A ``PUT`` at an item path creates with an id the client chooses
(``PUT /v3/OS-FEDERATION/mappings/{id}``). A body field ``domain_id`` or
``default_project_id`` names a domain or a project the same way.

Responsible for: inferring :class:`Link` values from the operations, and the
user's overrides from the settings file (``[links.<param>]``), which win.
Not responsible for: sending anything or remembering ids (``state``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..contract import Operation
from .config import LinkOverride

__all__ = ["Creator", "Link", "Links", "plural", "same_operation", "singular", "template"]

_PARAM = re.compile(r"\{([^{}]+)\}")
_VERSION = re.compile(r"^v\d+(\.\d+)?(-\w+)?$", re.IGNORECASE)


def template(path: str) -> str:
    """``path`` with every placeholder written ``{}`` (names differ between pages)."""
    return _PARAM.sub("{}", path.rstrip("/"))


def same_operation(a: Operation | None, b: Operation | None) -> bool:
    """One method and path: the variants of an operation (several pages of it) count as one."""
    return a is not None and b is not None and a.method == b.method and template(a.path) == template(b.path)


def singular(word: str) -> str:
    word = word.lower().replace("-", "_")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


@dataclass(frozen=True, slots=True)
class Creator:
    """One way to make the resource: the operation, and where its answer holds the new id
    (``field``: a dotted path, ``header:NAME``, or None when the client chooses the id in the path)."""

    operation: Operation
    field: str | None
    delete: Operation | None = None


@dataclass(frozen=True)
class Link:
    resource: str
    creators: tuple[Creator, ...] = ()
    listers: tuple[tuple[Operation, str], ...] = ()
    #: A header whose values are the run's tokens (``X-Subject-Token``): made by logging in.
    login: bool = False

    @property
    def producible(self) -> bool:
        return bool(self.creators) or self.login


@dataclass
class _Resource:
    creators: list[Creator] = field(default_factory=list)
    listers: list[tuple[Operation, str]] = field(default_factory=list)


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def resource_of(path: str, name: str) -> str:
    """The resource a path parameter names: its collection segment, else its own name."""
    segments = _segments(path)
    for i, seg in enumerate(segments):
        if seg == "{" + name + "}":
            prev = segments[i - 1] if i else ""
            if prev and not prev.startswith("{") and not _VERSION.match(prev):
                return singular(prev)
            break
    return field_resource(name) or name.lower()


def field_resource(name: str) -> str | None:
    """``domain_id`` -> ``domain``, ``userId`` -> ``user``; None for names that are not ids."""
    if name.lower().endswith(".id") and len(name) > 3:  # query filters: group.id, scope.project.id
        return name[:-3].rsplit(".", 1)[-1].lower() or None
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower().replace("-", "_")
    for suffix in ("_id", "_ids"):
        if snake.endswith(suffix) and len(snake) > len(suffix):
            return snake[: -len(suffix)]
    return None


def _success_schema(op: Operation) -> dict[str, Any] | None:
    for spec in sorted(op.responses, key=lambda r: r.status):
        if spec.status[:1] == "2" and isinstance(spec.schema, dict):
            return spec.schema
    return None


def _props(schema: Any) -> dict[str, Any]:
    return schema.get("properties", {}) if isinstance(schema, dict) else {}


def _id_field(schema: dict[str, Any] | None, resource: str, names: Iterable[str]) -> str | None:
    """Where a create answer holds the new id: ``user.id``, ``id`` or ``<wrapper>.<param>``."""
    props = _props(schema)
    keys = ["id", *names]
    wrapped = props.get(resource)
    for key in keys:
        if key in _props(wrapped):
            return f"{resource}.{key}"
    for key in keys:
        if key in props:
            return key
    holders = [name for name, sub in props.items() if "id" in _props(sub)]
    return f"{holders[0]}.id" if len(holders) == 1 else None


def _list_field(schema: dict[str, Any] | None, resource: str, names: Iterable[str],
                *, strict: bool = False) -> str | None:
    """Where a list answer holds the ids: ``users[].id`` (by the plural name, else the only array)."""
    if isinstance(schema, dict) and schema.get("type") == "array":
        item = schema.get("items", {})
        return next((f"[].{k}" for k in ("id", *names) if k in _props(item)), None)
    arrays = {name: sub for name, sub in _props(schema).items()
              if isinstance(sub, dict) and sub.get("type") == "array"}
    wanted = [plural(resource), resource]
    chosen = next((n for n in wanted if n in arrays), None)
    if chosen is None and not strict and len(arrays) == 1:
        chosen = next(iter(arrays))
    if chosen is None:
        return None
    item = arrays[chosen].get("items", {})
    key = next((k for k in ("id", *names) if k in _props(item)), None)
    return f"{chosen}[].{key}" if key else None


class Links:
    """The links of one contract, looked up by operation and parameter."""

    def __init__(self, operations: Sequence[Operation], overrides: dict[str, LinkOverride] | None = None,
                 *, token_header: str | None = None) -> None:
        self._ops = list(operations)
        self._by_key = {(op.method, template(op.path)): op for op in self._ops}
        self._overrides = overrides or {}
        self._token_header = token_header.lower() if token_header else None
        self._param_names: dict[str, set[str]] = {}
        self._resources: dict[str, _Resource] = {}
        self._infer()
        self._cache: dict[tuple[str, str], Link | None] = {}

    # -- inference -------------------------------------------------------------------------------
    def _infer(self) -> None:
        items: dict[str, set[str]] = {}
        for op in self._ops:
            for name in _PARAM.findall(op.path):
                resource = resource_of(op.path, name)
                self._param_names.setdefault(resource, set()).add(name)
                prefix = op.path[: op.path.index("{" + name + "}") + len(name) + 2]
                items.setdefault(resource, set()).add(template(prefix))
        for resource, item_templates in sorted(items.items()):  # POST to the collection
            entry = self._resources.setdefault(resource, _Resource())
            names = sorted(self._param_names.get(resource, ()))
            for item in sorted(item_templates):
                self._add_post(entry, resource, names, item)
        for op in self._ops:  # POST answering an object named after the collection's item
            segments = _segments(op.path)
            if op.method == "POST" and segments and not segments[-1].startswith("{"):
                resource = singular(segments[-1])
                entry = self._resources.setdefault(resource, _Resource())
                if not any(same_operation(c.operation, op) for c in entry.creators):
                    found = _id_field(_success_schema(op), resource, ())
                    if found and found.startswith(resource + "."):
                        entry.creators.append(Creator(op, found, self._delete_for(template(op.path) + "/{}")))
        for resource, item_templates in sorted(items.items()):  # PUT at an item path, list operations
            entry = self._resources[resource]
            names = sorted(self._param_names.get(resource, ()))
            for item in sorted(item_templates):
                self._add_put(entry, item)
                self._add_list(entry, resource, names, item)
        for resource, entry in self._resources.items():  # lists found by the name of their array
            names = sorted(self._param_names.get(resource, ()))
            for op in self._ops:
                if op.method == "GET" and "{" not in op.path and not any(same_operation(o, op) for o, _ in entry.listers):
                    where = _list_field(_success_schema(op), resource, names, strict=True)
                    if where:
                        entry.listers.append((op, where))
            entry.listers.sort(key=lambda pair: pair[0].path.count("{"))
            fallback = next((self._delete_for(item) for item in sorted(items.get(resource, ()))
                             if item.count("{}") == 1 and self._delete_for(item)), None)
            entry.creators = sorted((c if c.delete or fallback is None else Creator(c.operation, c.field, fallback)
                                     for c in entry.creators), key=lambda c: c.delete is None)

    def _add_post(self, entry: _Resource, resource: str, names: list[str], item: str) -> None:
        post = self._by_key.get(("POST", item[: -len("/{}")]))
        if post is not None and not any(same_operation(c.operation, post) for c in entry.creators):
            where = _id_field(_success_schema(post), resource, names)
            if where:
                entry.creators.append(Creator(post, where, self._delete_for(item)))

    def _add_put(self, entry: _Resource, item: str) -> None:
        """A PUT at an item path creates with an id the client chooses, unless the resource is made
        by a POST (then the PUT updates it, or relates it to another resource: a role grant)."""
        put = self._by_key.get(("PUT", item))
        if put is None or ("POST", item[: -len("/{}")]) in self._by_key:
            return
        if any(c.operation.method == "POST" for c in entry.creators):
            return
        if ("DELETE", item) in self._by_key or ("GET", item) in self._by_key:
            entry.creators.append(Creator(put, None, self._delete_for(item)))

    def _add_list(self, entry: _Resource, resource: str, names: list[str], item: str) -> None:
        get = self._by_key.get(("GET", item[: -len("/{}")]))
        if get is not None and not any(same_operation(op, get) for op, _ in entry.listers):
            where = _list_field(_success_schema(get), resource, names)
            if where:
                entry.listers.append((get, where))

    def _delete_for(self, item: str) -> Operation | None:
        return self._by_key.get(("DELETE", item))

    def _operation(self, spec: str | None, what: str) -> Operation | None:
        if not spec:
            return None
        method, _, path = spec.partition(" ")
        op = self._by_key.get((method.upper(), template(path.strip())))
        if op is None:
            raise ValueError(f"links: {what} names {spec!r}, which the contract does not document")
        return op

    # -- lookups ---------------------------------------------------------------------------------
    def for_param(self, op: Operation, location: str, name: str) -> Link | None:
        """The link of parameter ``name`` of ``op`` (path, query or header), if it has one."""
        if location == "header":
            if self._token_header and name.lower() == self._token_header:
                return Link("token", login=True)
            return self._override(name)
        if location == "path":
            return self._override(name) or self._resource_link(resource_of(op.path, name))
        return self.for_field(name)

    def for_field(self, name: str) -> Link | None:
        """The link of a body field or query parameter named like an id (``domain_id``)."""
        override = self._override(name)
        if override is not None:
            return override
        resource = field_resource(name)
        if resource is None:
            return None
        words = resource.split("_")
        for start in range(len(words)):  # default_project_id -> project
            link = self._resource_link("_".join(words[start:]))
            if link is not None:
                return link
        return None

    def resources(self) -> list[str]:
        return sorted(self._resources)

    def resource_link(self, resource: str) -> Link | None:
        return self._resource_link(resource)

    def _resource_link(self, resource: str) -> Link | None:
        key = ("resource", resource)
        if key not in self._cache:
            entry = self._resources.get(resource)
            link = None
            if entry is not None and (entry.creators or entry.listers):
                link = Link(resource, tuple(entry.creators), tuple(entry.listers))
            self._cache[key] = link
        return self._cache[key]

    def _override(self, name: str) -> Link | None:
        spec = self._overrides.get(name)
        if spec is None:
            return None
        key = ("override", name)
        if key not in self._cache:
            resource = spec.resource or field_resource(name) or name
            base = self._resource_link(resource) or Link(resource)
            creators, listers = list(base.creators), list(base.listers)
            create = self._operation(spec.create, f"links.{name}.create")
            delete = self._operation(spec.delete, f"links.{name}.delete")
            if create is not None:
                creators.insert(0, Creator(create, spec.field, delete))
            elif delete is not None:
                creators = [Creator(c.operation, c.field, delete) for c in creators]
            listed = self._operation(spec.list, f"links.{name}.list")
            if listed is not None and spec.list_field:
                listers.insert(0, (listed, spec.list_field))
            self._cache[key] = Link(resource, tuple(creators), tuple(listers))
        return self._cache[key]

    def creates(self, op: Operation) -> bool:
        """``op`` makes a resource the run can link (it runs before the reads of that resource)."""
        return any(same_operation(c.operation, op) for entry in self._resources.values() for c in entry.creators)

    def logs_in(self, op: Operation) -> bool:
        """``op`` is a login of the API: a success answer documents the header the run's own login
        returns its token in (``X-Subject-Token``), and the request does not take that header (as
        validating a token does). Its credentials are the operation's own, such as a federated
        identity provider's assertion, which the run's login does not give it."""
        if not self._token_header:
            return False
        if any(p.location == "header" and p.name.lower() == self._token_header for p in op.params):
            return False
        return any(r.status.startswith("2") and any(h.lower() == self._token_header for h in r.headers)
                   for r in op.responses)

    def describe(self) -> list[str]:
        """One line per resource: how the run makes, finds and deletes it (for ``--show-links``)."""
        lines = []
        for resource in sorted(self._resources):
            link = self._resource_link(resource)
            if link is None:
                continue
            makes = "; ".join(f"{c.operation.method} {c.operation.path} -> {c.field or 'id in the path'}"
                              + (f", deleted by {c.delete.method} {c.delete.path}" if c.delete else "")
                              for c in link.creators) or "not created"
            lists = "; ".join(f"{op.method} {op.path} -> {where}" for op, where in link.listers) or "not listed"
            lines.append(f"{resource}: made by {makes}; found by {lists}")
        return lines
