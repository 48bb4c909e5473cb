"""The run's own state on the server: the ids it found, the resources it made, what it must clean.

A case says "a request with a user id"; which user is the state's call. For
a read, a user the run made, else one found by the list operation, else one
made now; for a change, one the run made; for a delete, one the run made and
has not deleted yet. Every value is bound with its provenance (``created``,
``found``, ``given`` on the command line, ``made-up``), so the run can refuse
a request that would change or delete something it did not create, and can
tell a 404 caused by a made-up id ("missing test data") from a server that
loses a resource.

Responsible for: binding a case to real values (path, id-like query and
header parameters, id fields in bodies, unique names), making resources
through their documented create operation (the documented example with
real ids and unique names) and finding them through list operations,
registering every resource a request of the run created (the tested creates
too), the safety rule (:meth:`RunState.refusal`), the verdict on 404 and 409
caused by the run's own state (:meth:`RunState.missing_data`) and cleaning up
at the end, newest first.

Not responsible for: inferring links (``links``), logging in (``auth``) or
HTTP (``client``): requests go out through the ``send`` function it is given.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import cases as explicit
from .auth import sensitive_values
from .case import Case, Fixed, own_key
from .client import MUTATING, Exchange, Request
from .fields import pick, pick_all
from .links import Creator, Link, Links, same_operation, template
from ..contract import Operation

__all__ = ["Bound", "Owned", "RunState", "CREATED", "FOUND", "GIVEN", "MADE_UP"]

CREATED, FOUND, GIVEN, MADE_UP = "created", "found", "given", "made-up"
_PARAM = re.compile(r"\{([^{}]+)\}")
_MAX_DEPTH = 4
_MAX_FOUND = 20

#: How a case goes out: (operation, bound case) -> the exchange (auth and fixed values added).
Send = Callable[[Operation, Case], Exchange]


@dataclass
class Owned:
    """A resource the run created, and the request that removes it."""

    resource: str
    value: str
    made_by: str
    delete: tuple[Operation, Case] | None
    alive: bool = True
    #: Made by the server along with another create: cleaned up, never handed to a request.
    along: bool = False

    @property
    def path(self) -> str | None:
        """Where the resource lives (the path its DELETE goes to), if known."""
        if self.resource == "relation":
            return self.value
        if self.delete is None:
            return None
        op, case = self.delete
        values = dict(case.path_params)
        return _PARAM.sub(lambda m: values.get(m.group(1), m.group(0)), op.path)


@dataclass(frozen=True)
class Bound:
    """A case with real values, and where each linked value came from."""

    case: Case
    provenance: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # key -> (value, origin, resource)


def _purpose(op: Operation) -> str:
    if op.method in ("GET", "HEAD", "OPTIONS"):
        return "read"
    return "delete" if op.method == "DELETE" else "write"


class RunState:
    """What the run knows and owns on the server; one per process."""

    def __init__(self, operations: Sequence[Operation], links: Links, *, fixed: Fixed,
                 unique_fields: Sequence[str] = ("name",), login: tuple[str, str] | None = None,
                 fresh_token: Callable[[], str] | None = None, auth_token: Callable[[], str | None] = lambda: None,
                 auth_header: str | None = None, run_id: str | None = None) -> None:
        self.links, self.fixed = links, fixed
        self._ops = {(op.method, template(op.path)): op for op in operations}
        self.unique_fields = frozenset(unique_fields)
        self.login = login                      # (METHOD, path) of the auth flow's login operation
        self.auth_header = (auth_header or "").lower()
        self._fresh_token, self._auth_token = fresh_token, auth_token
        self.run_id = run_id or secrets.token_hex(2)
        self._counter = itertools.count(1)
        self.owned: list[Owned] = []
        self.found: dict[str, list[str]] = {}
        self._listed: set[str] = set()
        self.unavailable: dict[str, str] = {}   # resource -> why it could not be made
        self._making: set[str] = set()
        self.send: Send | None = None
        self.setup_requests = 0
        self._dry = False
        #: Creates whose answer never came (a timeout): the resource may exist; found by name at cleanup.
        self.orphans: list[tuple[Link, Creator, str]] = []
        #: Every string the run put in a request body it sent (an answer echoing one made nothing).
        self._sent_values: set[str] = set()
        #: The page's own example strings per operation (by id; the operation is kept with them).
        self._documented: dict[int, tuple[Operation, set[str]]] = {}

    # -- values ----------------------------------------------------------------------------------
    def fresh_value(self, prefix: str = "dc") -> str:
        return f"{prefix}-{self.run_id}-{next(self._counter)}"

    def origin(self, value: str) -> str:
        if any(o.value == value for o in self.owned):
            return CREATED
        if any(value in values for values in self.found.values()):
            return FOUND
        return MADE_UP

    def _alive(self, resource: str) -> list[Owned]:
        return [o for o in self.owned if o.alive and not o.along and o.resource == resource]

    def value(self, link: Link, purpose: str, depth: int = 0) -> tuple[str | None, str]:
        """A value for ``link``'s resource fit for ``purpose`` (read, write, delete), and its origin."""
        if self._dry:
            return "{" + link.resource + "}", MADE_UP
        if purpose == "new":
            return self.fresh_value(), MADE_UP
        if purpose == "method":  # an undocumented mutating method: only at what the run made, or nothing real
            alive = self._alive(link.resource)
            return (alive[-1].value, CREATED) if alive else (self.fresh_value("nonexistent"), MADE_UP)
        if link.login:  # a token of the run's own, never the one it authenticates with
            alive = self._alive("token")
            if alive and purpose != "delete":
                return alive[-1].value, CREATED
            token = self._fresh_token() if self._fresh_token else None
            if token is not None:
                self.owned.append(Owned("token", token, "login", self._token_delete(token)))
                return token, CREATED
            return None, MADE_UP
        alive = self._alive(link.resource)
        if alive and purpose == "parent":  # the oldest: a chain of parents would grow with every create
            return alive[0].value, CREATED
        if alive and purpose != "delete":
            return alive[-1].value, CREATED
        if purpose == "delete":
            made = self.make(link, depth)
            if made is None and alive:
                return alive[-1].value, CREATED
            return (made, CREATED) if made else (None, MADE_UP)
        order = (self.find, self.make) if purpose in ("read", "parent") else (self.make, self.find)
        for source in order:
            got = source(link, depth)
            if got is not None:
                return got, CREATED if source == self.make else FOUND
        return None, MADE_UP

    def find(self, link: Link, depth: int = 0) -> str | None:
        """An existing id from the link's list operations (asked once per resource)."""
        values = self.found.get(link.resource)
        if not values and link.resource not in self._listed and depth < _MAX_DEPTH and self.send:
            self._listed.add(link.resource)
            for op, where in link.listers:
                bound = self.bind(op, explicit.base_case(op), depth + 1)
                exchange = self._setup(op, bound.case)
                if exchange.response is not None and 200 <= exchange.response.status < 300:
                    self.harvest(exchange.response.body)
                    ids = [v for v in _pick_all(exchange.response.body, where) if isinstance(v, str) and v]
                    if ids:
                        self._remember(link.resource, ids)
                        break
            values = self.found.get(link.resource)
        return values[0] if values else None

    def _remember(self, resource: str, values: Sequence[str]) -> None:
        known = self.found.setdefault(resource, [])
        for value in values:
            if value not in known and len(known) < _MAX_FOUND and self.origin(value) != CREATED:
                known.append(value)

    def harvest(self, body: bytes) -> None:
        """Ids of named objects in an answer (``"domain": {"id": ...}``) become found ids."""
        try:
            value = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return
        self._harvest(value, "", 0)

    def _harvest(self, value: Any, key: str, depth: int) -> None:
        if depth > 6:
            return
        if isinstance(value, dict):
            if key and isinstance(value.get("id"), str) and value["id"]:
                link = self.links.for_field(key + "_id")
                if link is not None and not link.login:
                    self._remember(link.resource, [value["id"]])
            for k, v in value.items():
                self._harvest(v, k, depth + 1)

    def make(self, link: Link, depth: int = 0) -> str | None:
        """A new resource through its documented create operation; None when it cannot be made."""
        if not link.creators or depth >= _MAX_DEPTH or link.resource in self._making or self.send is None:
            return None
        if link.resource in self.unavailable and not self._alive(link.resource):
            return None
        self._making.add(link.resource)
        reasons = []
        try:
            for creator in link.creators:
                value, why = self._create(link.resource, creator, depth)
                if value is not None:
                    self.unavailable.pop(link.resource, None)
                    return value
                reasons.append(why)
        finally:
            self._making.discard(link.resource)
        self.unavailable[link.resource] = "; ".join(reasons)
        return None

    def _create(self, resource: str, creator: Creator, depth: int) -> tuple[str | None, str]:
        op = creator.operation
        case = explicit.base_case(op)
        chosen = None
        if creator.field is None:  # PUT at the item path: the run picks the id
            name = _PARAM.findall(op.path)[-1]
            chosen = self.fresh_value()
            pairs = tuple((k, v) for k, v in case.path_params if k != name) + ((name, chosen),)
            case = case.with_params("path", pairs, name)
        bound = self.bind(op, replace(case, kind="setup", valid=True), depth + 1)
        exchange = self._setup(op, bound.case)
        response = exchange.response
        label = f"{op.method} {op.path}"
        if response is None:
            return None, f"{label}: {exchange.error.kind if exchange.error else 'no answer'}"
        if not 200 <= response.status < 300:
            return None, f"{label} answered {response.status}"
        owned = self._register(op, bound, exchange, creator, chosen)
        if owned is None:
            return None, f"{label} answered {response.status} without an id at {creator.field}"
        return owned.value, ""

    def _register(self, op: Operation, bound: Bound, exchange: Exchange, creator: Creator,
                  chosen: str | None) -> Owned | None:
        assert exchange.response is not None
        self._sent_values |= _strings(bound.case.body)
        value: Any = chosen
        if creator.field and creator.field.startswith("header:"):
            value = exchange.response.header(creator.field[len("header:"):])
        elif creator.field:
            value = _pick(exchange.response.body, creator.field)
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            return None
        value = str(value)
        delete = None
        if creator.delete is not None:
            delete = (creator.delete, self._delete_case(creator.delete, op, bound.case, value))
        owned = Owned(_resource_of(self.links, op, creator), value, f"{op.method} {op.path}", delete)
        self.owned.append(owned)
        self._side_effects(op, exchange.response.body, creator)
        if value in self.found.get(owned.resource, ()):  # made by the run, not found on the server
            self.found[owned.resource].remove(value)
        return owned

    def _side_effects(self, op: Operation, body: bytes, creator: Creator) -> None:
        """Ids in a create answer that the run never saw: resources the server made along (Keystone
        makes a domain for each identity provider). They are owned and, when no documented operation
        deletes them, reported as left on the server."""
        answer = _json(body)
        made = pick(answer, creator.field.rsplit(".", 1)[0]) if creator.field and "." in creator.field else None
        if made is None and isinstance(answer, dict):  # the one object the answer wraps
            objects = [v for v in answer.values() if isinstance(v, dict)]
            made = objects[0] if len(objects) == 1 else answer
        if not isinstance(made, dict):
            return
        for key, value in made.items():
            link = self.links.for_field(key) if isinstance(value, str) and value else None
            if link is None or link.login or self.origin(value) != MADE_UP or value in self._sent_values:
                continue
            deleter = next((c.delete for c in link.creators if c.delete is not None), None)
            delete = (deleter, self._delete_case(deleter, op, Case("POST"), value)) if deleter else None
            self.owned.append(Owned(link.resource, value, f"{op.method} {op.path} (made by the server along)",
                                    delete, along=True))

    def created_value(self, op: Operation, bound: Bound, exchange: Exchange, creator: Creator) -> str | None:
        """The id a create answer holds (where ``creator`` says it is)."""
        if exchange.response is None or creator.field is None:
            return None
        if creator.field.startswith("header:"):
            value = exchange.response.header(creator.field[len("header:"):])
        else:
            value = _pick(exchange.response.body, creator.field)
        return str(value) if isinstance(value, str | int) and not isinstance(value, bool) and value != "" else None

    def _delete_case(self, delete: Operation, made_by: Operation, case: Case, value: str) -> Case:
        """The request that removes a resource: the creator's path values, the new id last."""
        known = dict(case.path_params)
        names = _PARAM.findall(delete.path)
        values = tuple((n, known.get(n, value) if n != names[-1] else value) for n in names)
        headers = tuple((k, v) for k, v in explicit.base_case(delete).headers)
        return Case("DELETE", values, (), headers, kind="cleanup", label="clean up", own=tuple(
            own_key("path", n) for n in names))

    def _token_delete(self, token: str) -> tuple[Operation, Case] | None:
        for (method, _), op in self._ops.items():
            if method != "DELETE":
                continue
            for spec in op.params:
                link = self.links.for_param(op, spec.location, spec.name) if spec.location == "header" else None
                if link is not None and link.login and "{" not in op.path:
                    headers = ((spec.name, token),)
                    return op, Case("DELETE", (), (), headers, kind="cleanup", label="revoke a token the run made",
                                    own=(own_key("header", spec.name),))
        return None

    # -- binding ---------------------------------------------------------------------------------
    def template_case(self, op: Operation, case: Case) -> Case:
        """``case`` with every value the state would bind written as a placeholder: two cases that
        differ only there are one request (the cache key), and nothing is made to compute it."""
        self._dry = True
        try:
            return self.bind(op, case).case
        finally:
            self._dry = False

    def bind(self, op: Operation, case: Case, depth: int = 0) -> Bound:
        """``case`` with real values for every linked parameter and id field it does not vary itself."""
        purpose = _purpose(op)
        own = set(case.own)
        provenance: dict[str, tuple[str, str, str]] = {}
        names = _PARAM.findall(op.path)
        path = []
        for name, value in case.path_params:
            key = own_key("path", name)
            link = self.links.for_param(op, "path", name)
            if name in self.fixed.path and key not in own:
                provenance[key] = (self.fixed.path[name], GIVEN, link.resource if link else name)
            elif link is not None and key not in own:
                deletes_it = any(same_operation(c.delete, op) for c in link.creators)
                role = "delete" if purpose == "delete" and deletes_it and names and name == names[-1] else \
                    ("write" if purpose == "delete" else purpose)
                if case.kind == "method" and case.method in MUTATING:
                    role = "method"
                elif purpose == "write" and op.method == "PUT" and names and name == names[-1] \
                        and any(same_operation(c.operation, op) and c.field is None for c in link.creators):
                    role = "new"  # a PUT that creates at a path the client chooses: a new id each time
                got, origin = self.value(link, role, depth)
                value = got if got is not None else value
                provenance[key] = (value, origin, link.resource)
            elif link is not None:
                provenance[key] = (value, self.origin(value), link.resource)
            path.append((name, value))
        headers = self._bind_params(op, "header", case.headers, own, provenance, purpose, depth)
        query = self._bind_params(op, "query", case.query, own, provenance, "read", depth)
        bound = replace(case, path_params=tuple(path), headers=headers, query=query)
        if case.has_body and case.raw_body is None:
            body = self._bind_body(op, case.body, self._documented_values(op), case.valid, depth, provenance)
            bound = replace(bound, body=body)
        elif case.raw_body is not None:
            bound = replace(bound, raw_body=self._bind_raw(op, case.raw_body, depth, provenance))
        return Bound(bound, provenance)

    def _bind_raw(self, op: Operation, raw: bytes, depth: int, provenance: dict[str, tuple[str, str, str]]) -> bytes:
        """A raw body written from the page's example (a JSON object with a duplicated key): the
        example's strings replaced, as JSON tokens, by what the structured body is bound to."""
        example = explicit.base_case(op).body
        if not isinstance(example, dict | list):
            return raw
        bound = self._bind_body(op, example, self._documented_values(op), True, depth, provenance)
        for old, new in _changed_strings(example, bound):
            raw = raw.replace(_json_token(old), _json_token(new))
        return raw

    def _documented_values(self, op: Operation) -> set[str]:
        hit = self._documented.get(id(op))
        if hit is None or hit[0] is not op:
            hit = self._documented[id(op)] = (op, _documented_values(op))
        return hit[1]

    def _bind_params(self, op: Operation, location: str, pairs: tuple[tuple[str, str], ...], own: set[str],
                     provenance: dict[str, tuple[str, str, str]], purpose: str,
                     depth: int) -> tuple[tuple[str, str], ...]:
        out = []
        for name, value in pairs:
            key = own_key(location, name)
            link = self.links.for_param(op, location, name)
            if link is not None and key not in own:
                got, origin = self.value(link, purpose if link.login else "read", depth)
                value = got if got is not None else value
                provenance[key] = (value, origin, link.resource)
            out.append((name, value))
        return tuple(out)

    def _bind_body(self, op: Operation, body: Any, documented: set[str], valid: bool, depth: int,
                   provenance: dict[str, tuple[str, str, str]]) -> Any:
        def walk(value: Any, schema: Any, level: int = 0) -> Any:
            props = schema.get("properties", {}) if isinstance(schema, dict) else {}
            if isinstance(value, list):
                items = schema.get("items", {}) if isinstance(schema, dict) else {}
                return [walk(v, items, level + 1) for v in value]
            if not isinstance(value, dict):
                return value
            out = {}
            for key, sub in value.items():
                sub_schema = props.get(key, {})
                if isinstance(sub, str) and (valid or sub in documented):
                    link = self.links.for_field(key)
                    if key in self.unique_fields and level <= 1:  # the resource's own name, not a rule's
                        sub = self._unique(sub, sub_schema)
                    elif link is not None and not link.login:
                        # a field naming the kind of resource this operation creates (a project's
                        # parent_id): the oldest one, or every create nests one level deeper
                        parent = any(same_operation(c.operation, op) for c in link.creators)
                        got, origin = self.value(link, "parent" if parent else "read", depth)
                        sub = got if got is not None else sub
                        provenance.setdefault(f"body:{key}", (sub, origin if got is not None else MADE_UP,
                                                              link.resource))
                out[key] = walk(sub, sub_schema, level + 1)
            return out
        return walk(body, op.body or {})

    def _unique(self, value: str, schema: Any) -> str:
        if self._dry:
            return value
        suffix = f"-{self.run_id}{next(self._counter)}"
        high = schema.get("maxLength") if isinstance(schema, dict) else None
        low = schema.get("minLength", 0) if isinstance(schema, dict) else 0
        head = (value or "dc")[: max(1, int(high) - len(suffix))] if high else (value or "dc")
        out = head + suffix
        return out + "x" * max(0, int(low) - len(out))

    # -- safety and verdicts ---------------------------------------------------------------------
    def refusal(self, op: Operation, bound: Bound, request: Request | None = None) -> str | None:
        """Why ``bound`` must not be sent (it would change what the run did not create), or None."""
        token = self._auth_token()
        if token and request is not None and request.method == "DELETE" \
                and _carries(request, token, self.auth_header):
            return "it would revoke the token the run authenticates with"
        if bound.case.method not in MUTATING:
            return None
        origins = [v for key, v in bound.provenance.items() if not key.startswith("body:")]
        if any(origin == CREATED for _, origin, _ in origins):
            return None
        for value, origin, resource in origins:
            link_producible = origin == GIVEN and self._producible(resource)
            if origin == FOUND or link_producible:
                return (f"{bound.case.method} would change {resource} {value!r}, which the run did not create "
                        f"(it was {'found on the server' if origin == FOUND else 'given on the command line'})")
        return None

    def _producible(self, resource: str) -> bool:
        return any(o.resource == resource for o in self.owned) or any(
            link is not None and link.producible
            for link in [self.links.for_field(resource + "_id")])

    def missing_data(self, op: Operation, bound: Bound, status: int) -> str | None:
        """Why a 4xx says more about the run's data than about the server: a made-up id where a real
        one was needed, a conflict with what the run made, credentials the page made up."""
        if status in (400, 404, 422):
            made_up = [(value, resource) for key, (value, origin, resource) in bound.provenance.items()
                       if origin == MADE_UP and (status == 404 or key.startswith("body:"))]
            if made_up:
                value, resource = made_up[0]
                why = self.unavailable.get(resource)
                return (f"no real {resource} to use ({value!r} is made up"
                        + (f"; making one failed: {why}" if why else "") + ")")
        if status == 409 and op.method in ("POST", "PUT"):
            return "the server reports a conflict with what the run created earlier"
        if status == 404 and bound.case.kind == "method" and not self.exists(bound.case, op):
            return "nothing exists at this path yet, so a 404 says nothing about the method"
        if status == 404 and bound.case.valid and ("PUT", template(op.path)) in self._ops \
                and op.method != "PUT" and not self.exists(bound.case, op):
            return "the run has not made what this path names (its PUT did not succeed with these ids)"
        if status == 401 and bound.case.valid and (self.login == (op.method, template(op.path))
                                                   or _holds_credentials(bound.case.body)):
            return "the request carries credentials the page made up (not an account on this server)"
        if status == 401 and bound.case.valid and self.links.logs_in(op):
            return ("the operation logs in with credentials of its own, which the run does not hold (it answers "
                    "a new token like the run's login; a federated login needs an identity provider set up "
                    "for it)")
        return None

    def exists(self, case: Case, op: Operation) -> bool:
        """The resource at ``case``'s path is one the run made and has not deleted."""
        values = dict(case.path_params)
        path = _PARAM.sub(lambda m: values.get(m.group(1), m.group(0)), op.path)
        return any(o.alive and o.path is not None and o.path.endswith(path) for o in self.owned)

    # -- observing the run's own requests --------------------------------------------------------
    def observe(self, op: Operation, bound: Bound, exchange: Exchange) -> None:
        """Register what a request of the run created or deleted (tested requests included)."""
        response = exchange.response
        if response is None and exchange.error is not None and op.method == "POST":
            self._maybe_created(op, bound)
            return
        if response is None or not 200 <= response.status < 300:
            return
        if op.method == "DELETE":
            path = exchange.request.url.split("?", 1)[0]
            for owned in self.owned:
                where = owned.path
                if owned.alive and ((where is not None and path.endswith(where))
                                    or _names(exchange.request, owned.value, self.auth_header)):
                    owned.alive = False
            return
        if self.login == (op.method, template(op.path)) and op.method == "POST":
            token = response.header("x-subject-token")
            if token and token != self._auth_token():
                self.owned.append(Owned("token", token, f"{op.method} {op.path}", self._token_delete(token)))
            return
        if op.method in ("GET", "HEAD"):
            self.harvest(response.body)
            return
        for creator, link_resource in self._creators_of(op):
            if creator.field is None and op.method == "PUT":
                name = _PARAM.findall(op.path)[-1]
                chosen = dict(bound.case.path_params).get(name)
                if chosen and not any(o.value == chosen and o.alive for o in self.owned):
                    self._register(op, bound, exchange, creator, chosen)
                return
            if creator.field is not None:
                self._register(op, bound, exchange, creator, None)
                return
        if op.method == "PUT" and ("DELETE", template(op.path)) in self._ops and "{" in op.path:
            delete = self._ops[("DELETE", template(op.path))]
            case = Case("DELETE", bound.case.path_params, (), explicit.base_case(delete).headers,
                        kind="cleanup", label="clean up",
                        own=tuple(own_key("path", n) for n, _ in bound.case.path_params))
            path = exchange.request.url.split("?", 1)[0]
            if not any(o.alive and o.value == path for o in self.owned):
                self.owned.append(Owned("relation", path, f"{op.method} {op.path}", (delete, case)))

    def _maybe_created(self, op: Operation, bound: Bound) -> None:
        """A create that got no answer may still have created: remember the name it sent."""
        name = _name_sent(bound.case.body, self.unique_fields)
        if name is None:
            return
        for creator, resource in self._creators_of(op):
            link = self.links.resource_link(resource)
            if link is not None and creator.delete is not None:
                self.orphans.append((link, creator, name))

    def _adopt_orphans(self) -> None:
        """List each resource that may have been created without an answer and adopt it by its name."""
        for link, creator, name in self.orphans:
            for op, where in link.listers:
                if "{" in op.path or not where.endswith(".id"):
                    continue
                exchange = self._setup(op, explicit.base_case(op))
                if exchange.response is None or not 200 <= exchange.response.status < 300:
                    continue
                for item in _pick_all(exchange.response.body, where[: -len(".id")]):
                    if isinstance(item, dict) and item.get("name") == name and isinstance(item.get("id"), str):
                        if not any(o.value == item["id"] for o in self.owned):
                            delete = (creator.delete, self._delete_case(creator.delete, creator.operation,
                                                                        Case("POST"), item["id"]))
                            self.owned.append(Owned(link.resource, item["id"], f"{creator.operation.method} "
                                                    f"{creator.operation.path} (answer lost)", delete))
                break
        self.orphans.clear()

    def _creators_of(self, op: Operation) -> list[tuple[Creator, str]]:
        out = []
        for resource in self.links.resources():
            link = self.links.resource_link(resource)
            for creator in link.creators if link else ():
                if same_operation(creator.operation, op):
                    out.append((creator, resource))
        return out

    def prepare_delete(self, op: Operation, bound: Bound) -> None:
        """Before deleting a relation (``DELETE /groups/{g}/users/{u}``), make it with its PUT twin."""
        put = self._ops.get(("PUT", template(op.path)))
        if put is None or bound.case.kind not in ("base", "example", "boundary", "random"):
            return
        if any(origin != CREATED for _, origin, _ in bound.provenance.values()):
            return
        case = replace(explicit.base_case(put), path_params=bound.case.path_params, kind="setup",
                       own=tuple(own_key("path", n) for n, _ in bound.case.path_params))
        self._setup(put, self.bind(put, case, 1).case)

    def _setup(self, op: Operation, case: Case) -> Exchange:
        assert self.send is not None
        self.setup_requests += 1
        return self.send(op, case)

    # -- cleanup ---------------------------------------------------------------------------------
    def cleanup(self) -> list[str]:
        """Delete everything the run created and still exists, newest first; one line per problem."""
        problems = []
        if self.orphans and self.send is not None:
            self._adopt_orphans()
        for owned in reversed(self.owned):
            if not owned.alive:
                continue
            if owned.delete is None or self.send is None:
                problems.append(f"left on the server: {owned.resource} {owned.value!r} made by {owned.made_by} "
                                "(the contract documents no DELETE for it)")
                continue
            op, case = owned.delete
            exchange = self.send(op, case)
            status = exchange.response.status if exchange.response is not None else None
            if status is not None and (200 <= status < 300 or status == 404):
                owned.alive = False
            else:
                what = status if status is not None else (exchange.error.kind if exchange.error else "no answer")
                problems.append(f"could not delete {owned.resource} {owned.value!r} made by {owned.made_by}: "
                                f"{op.method} {op.path} answered {what}")
        return problems


def _name_sent(body: Any, fields: frozenset[str]) -> str | None:
    """The unique name a create request sent (at its root or in its resource wrapper)."""
    for level in (body, *(body.values() if isinstance(body, dict) else ())):
        if isinstance(level, dict):
            for key in fields:
                if isinstance(level.get(key), str) and level[key]:
                    return str(level[key])
    return None


def _holds_credentials(body: Any) -> bool:
    return bool(sensitive_values(body))


def _strings(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


def _json_token(text: str) -> bytes:
    return json.dumps(text, ensure_ascii=False).encode()


def _changed_strings(before: Any, after: Any) -> Iterator[tuple[str, str]]:
    """Pairs of strings at the same place of two bodies of one shape that differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key, value in before.items():
            yield from _changed_strings(value, after.get(key))
    elif isinstance(before, list) and isinstance(after, list):
        for old, new in zip(before, after):
            yield from _changed_strings(old, new)
    elif isinstance(before, str) and isinstance(after, str) and before != after:
        yield before, after


def _documented_values(op: Operation) -> set[str]:
    """Strings in the page's own example request and base case (placeholders the run replaces)."""
    out = _strings(explicit.base_case(op).body)
    for example in op.examples:
        if example.kind == "request":
            out |= _strings(example.value)
    return out


def _carries(request: Request, value: str, auth_header: str) -> bool:
    """``value`` appears in the URL, the body or a header other than the run's auth header."""
    if not value:
        return False
    if value in request.url or (request.body is not None and value.encode() in request.body):
        return True
    return any(value in v for k, v in request.headers if k.lower() != auth_header)


def _names(request: Request, value: str, auth_header: str) -> bool:
    """A header other than the auth header is exactly ``value`` (``X-Subject-Token: <token>``)."""
    return any(v == value for k, v in request.headers if k.lower() != auth_header)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _pick(body: bytes, where: str) -> Any:
    return pick(_json(body), where)


def _pick_all(body: bytes, where: str) -> list[Any]:
    return pick_all(_json(body), where)


def _resource_of(links: Links, op: Operation, creator: Creator) -> str:
    for resource in links.resources():
        link = links.resource_link(resource)
        if link is not None and creator in link.creators:
            return resource
    return "resource"
