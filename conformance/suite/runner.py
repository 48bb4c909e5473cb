"""Running one check against one operation: cases in, an :class:`Outcome` out.

Responsible for: the per-process :class:`Session` (one bounded client, the
login (``auth``), the run's state on the server (``state``: real ids bound
into each case, what the run made, cleanup), headers scoped per operation, a
cache so that checks judging the same case share one request, a breaker that
stops hammering an endpoint that no longer answers), and :func:`run_check`:
the documented examples and boundary/negative cases first, then random cases
drawn by Hypothesis, which shrinks the first random failure to a minimal
case. Every case is judged; each distinct failure is kept, and cases that
could not reach real data are counted as missing test data. The search is
seeded so the same seed and selection reproduce it.

Not responsible for: what the checks judge (``checks``), pytest items
(``items``), run order (``order``) or rendering (``report``).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

from . import cases as explicit
from .auth import Authenticator, AuthError, flow_from
from .case import Case, build_request, own_key
from .checks import REQUEST_DESCRIBING, CheckContext, CheckSpec, Failure
from .client import (MUTATING, TRANSPORT_EVENTS, Client, ClientOptions, Exchange, MutationRefused, Request,
                     TransportError)
from .config import SuiteConfig
from .curl import Redactor
from .headers import HeaderScope
from .links import Links
from ..contract import Operation
from ..media import wire_value
from ..schema_tools import is_valid
from ..variants import followed_elsewhere, group_variants
from .settings import Settings
from .signing import sign
from .state import Bound, RunState
from .strategies import from_operation

__all__ = ["MISSING_DATA", "NotApplicable", "Outcome", "Session", "run_check"]

_CACHE_SIZE = 4096
_BREAKER_AFTER = 3
_MAX_REPORTED = 25
MISSING_DATA = "missing-test-data"
_UNREACHABLE = ("no-answer", "too-slow", "connection-failed", *TRANSPORT_EVENTS)
_NO_CASES = {
    "invalid": "the page documents nothing a request could violate",
    "missing-header": "the page documents no mandatory header that a server must insist on",
    "methods": "no undocumented method can be sent safely to this path",
    "examples": "the page shows no example request",
}
#: Checks whose verdict needs the request to reach a real resource: a 404 or 409 the run's
#: own data caused says nothing about the server for them.
_NEEDS_DATA = frozenset({"valid", "invalid", "examples", "methods", "missing-header"})


class NotApplicable(Exception):
    """The check cannot run here (nothing to judge, or sending would not be safe)."""


class Refused(Exception):
    """Sending this case would change or delete what the run did not create."""


@dataclass(frozen=True, slots=True)
class Found:
    """One failing case: what broke, the case, and the exchange that showed it."""

    failure: Failure
    case: Case
    exchange: Exchange
    shrunk: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    check: str
    endpoint: str
    status: str
    failure: Failure | None = None
    case: Case | None = None
    exchange: Exchange | None = None
    shrunk: bool = False
    cases_run: int = 0
    seed: int = 0
    #: Every failing case (the first is ``failure``/``case``/``exchange``), at most ``_MAX_REPORTED``.
    found: tuple[Found, ...] = ()
    more_failures: int = 0
    #: Why cases were inconclusive for lack of test data, and how many.
    missing: str = ""
    missing_cases: int = 0
    #: Cases not judged because of a transport event (the connection closed before
    #: any byte of the answer), and the last such event.
    transport_events: int = 0
    transport_event: TransportError | None = None


class Session:
    """Per-process state shared by every check of a run."""

    def __init__(self, settings: Settings, operations: Sequence[Operation], *, transport: Any = None,
                 redactor: Redactor | None = None, config: SuiteConfig | None = None) -> None:
        self.settings = settings
        self.operations = list(operations)
        self.config = config or SuiteConfig()
        self.redactor = redactor or Redactor(settings.secrets)
        self.client = Client(ClientOptions(settings.base_url, settings.timeout, settings.max_response_bytes,
                                           settings.rate_limit, settings.allow_mutating), transport=transport)
        self._methods: dict[str, set[str]] = {}
        for op in operations:
            self._methods.setdefault(_template(op.path), set()).add(op.method)
        self._variants = group_variants(operations)
        self._cache: OrderedDict[Any, tuple[Exchange, Bound]] = OrderedDict()
        self._failing: dict[str, tuple[int, str]] = {}
        self._random: dict[tuple[str, bool], Random] = {}
        #: Case lists and cache keys, computed once per operation and case (by id, the objects kept
        #: with them): every check of an endpoint judges the same cases.
        self._case_lists: dict[tuple[int, str], tuple[Operation, tuple[list[Case], list[Random]]]] = {}
        self._keys: dict[tuple[int, int], tuple[Operation, Case, Request]] = {}
        self.hits = 0
        #: Held by whoever runs Hypothesis (drawing, shrinking): the draw-ahead thread or a check.
        self.hypothesis_lock = threading.RLock()
        self._ahead: threading.Thread | None = None
        self._closing = False
        self.auth = self._authenticator(settings)
        token_header = self.auth.flow.token_header if self.auth else None
        self.links = Links(operations, self.config.links, token_header=token_header)
        self.headers = HeaderScope(operations, settings.fixed.headers, self.config.headers,
                                   self.auth.flow.header if self.auth else None, settings.fixed.query)
        login = (self.auth.flow.method, _template(self.auth.flow.path)) if self.auth else None
        self.state = RunState(operations, self.links, fixed=settings.fixed,
                              unique_fields=self.config.unique_fields, login=login,
                              fresh_token=self._fresh_token if self.auth else None,
                              auth_token=lambda: self.auth.token if self.auth else None,
                              auth_header=self.auth.flow.header if self.auth else None)
        self.state.send = self._send_setup
        self.leftovers: list[str] | None = None

    def _authenticator(self, settings: Settings) -> Authenticator | None:
        if not settings.auth:
            return None
        import os
        flow = flow_from(settings.auth, self.config.auth, os.environ)
        return Authenticator(flow, settings.base_url, self._send_login, self.redactor.add)

    def _send_login(self, request: Request) -> Exchange:
        """The login itself: its answer names the run's user, project and domain (found ids)."""
        exchange = self.client.send(request)
        if exchange.response is not None and 200 <= exchange.response.status < 300:
            self.state.harvest(exchange.response.body)
        return exchange

    def _fresh_token(self) -> str | None:
        assert self.auth is not None
        try:
            token, _ = self.auth.login()
        except AuthError:
            return None
        return token

    def random(self, op: Operation, *, valid: bool) -> Random:
        """The random cases of one kind for ``op``: drawn once per process, judged by every check."""
        key = (op.name, valid)
        with self.hypothesis_lock:
            if key not in self._random:
                self._random[key] = self._drawn(op, valid)
        return self._random[key]

    def _drawn(self, op: Operation, valid: bool) -> Random:
        strategy = from_operation(op, valid=valid, fixed=self.settings.fixed)
        budget = self._budget(valid)
        drawn = [c for c in _draw(strategy, budget, self.settings.seed) if not _undescribes(c)]
        if not valid:
            drawn = [c for c in drawn if self.invalid_for_all(op, c)]
        return strategy, drawn, budget

    def draw_ahead(self, pools: Sequence[tuple[Operation, bool]]) -> None:
        """Draw the random pools of the coming checks (in run order) in a background thread, while
        the checks wait for the server's answers. The draws are seeded and depend on nothing the run
        learns, so they are the same as drawn on demand; one Hypothesis run at a time (the lock)."""
        if self._ahead is not None or not pools:
            return

        def work() -> None:
            for op, valid in pools:
                if self._closing:
                    return
                try:
                    self.random(op, valid=valid)
                except Exception:  # noqa: BLE001  drawn again on demand, where the error is reported
                    continue

        self._ahead = threading.Thread(target=work, name="docconform-draw-ahead", daemon=True)
        self._ahead.start()

    def cases(self, op: Operation, kind: str) -> tuple[list[Case], list[Random]]:
        """The explicit cases and random pools a check of ``kind`` judges on ``op`` (made once)."""
        hit = self._case_lists.get((id(op), kind))
        if hit is None or hit[0] is not op:
            hit = self._case_lists[(id(op), kind)] = (op, _cases(self, op, kind))
        return hit[1]

    def invalid_for_all(self, op: Operation, case: Case) -> bool:
        """False for a case invalid for ``op`` that another page of its method and path
        documents as valid: not a negative case for a server of the whole operation."""
        if case.has_body and op.body is not None and op.media_types and is_valid(
                op.body, wire_value(op.media_types[0], case.body, op.body)):
            return False  # a value no form can carry: sent as text, it reads back valid
        variants = self._variants.get(id(op), [op])
        if len(variants) < 2:
            return True
        return followed_elsewhere(op, variants, case.body, case.has_body, dict(case.query)) is None

    def close(self) -> list[str]:
        """Clean up what the run created (once), then close the connection; returns the problems."""
        self._closing = True
        if self._ahead is not None:
            self._ahead.join(timeout=60)
        if self.leftovers is None:
            try:
                self.leftovers = self.state.cleanup()
            except Exception as exc:  # noqa: BLE001  cleaning must never hide the run's results
                self.leftovers = [f"cleanup stopped: {type(exc).__name__}: {self.redactor.text(str(exc))}"]
        self.client.close()
        return self.leftovers

    def _budget(self, valid: bool) -> int:
        """``max_examples`` random cases per endpoint: half valid, half invalid (one of each at least)."""
        total = self.settings.max_examples
        return max(1, (total + 1) // 2 if valid else total // 2)

    def documented_methods(self, op: Operation) -> frozenset[str]:
        return frozenset(self._methods.get(_template(op.path), {op.method}))

    # -- sending ---------------------------------------------------------------------------------
    def _wire(self, op: Operation, case: Case, *, for_key: bool = False) -> Request:
        """The request for an already bound case: the operation's scoped headers and the token added."""
        own = set(case.own)
        headers = tuple((k, v) for k, v in case.headers
                        if k.lower() not in REQUEST_DESCRIBING or own_key("header", k) in own)
        case = replace(case, headers=headers)
        scoped = self.headers.for_operation(op)
        if self.auth is not None and self.headers.sends_auth(op) \
                and own_key("header", self.auth.flow.header) not in own:
            name, value = (self.auth.flow.header, "[auth]") if for_key else self.auth.header()
            scoped[name] = value
        fixed = replace(self.settings.fixed, headers=scoped, query=self.headers.query_for(op))
        request = build_request(op, case, self.settings.base_url, fixed)
        if self.settings.aksk and case.kind != "missing-header" and any(a.name == "aksk" for a in op.auth):
            # AK/SK, as the doc set's auth page documents; the cache key says the request is signed,
            # so the unsigned no-credentials case is never answered from a signed request's exchange
            request = replace(request, headers=(*request.headers, ("Authorization", "[aksk]"))) if for_key \
                else sign(request, *self.settings.aksk)
        if request.body is not None and not any(k.lower() == "accept" for k, _ in request.headers):
            request = replace(request, headers=(*request.headers, ("Accept", "application/json")))
        return request

    def _send(self, op: Operation, request: Request) -> Exchange:
        result = self.client.send(request)
        if self.auth is not None and result.response is not None and result.response.status == 401:
            sent = next((v for k, v in request.headers if k.lower() == self.auth.flow.header.lower()), None)
            if sent is not None and self.auth.rejected(sent):  # the token expired: log in, send again
                name, value = self.auth.header()
                headers = tuple((k, value if k.lower() == name.lower() else v) for k, v in request.headers)
                result = self.client.send(replace(request, headers=headers))
        return result

    def _send_setup(self, op: Operation, case: Case) -> Exchange:
        """A request the run needs for its data (make, find, clean up), not a test case."""
        request = self._wire(op, case)
        exchange = self._send(op, request)
        self.state.observe(op, Bound(case), exchange)
        return exchange

    def send_case(self, op: Operation, case: Case) -> tuple[Exchange, Bound]:
        """Bind, check and send ``case`` now, not from the cache (a step of a stateful sequence)."""
        bound = self.state.bind(op, case)
        request = self._wire(op, bound.case)
        refusal = self.state.refusal(op, bound, request)
        if refusal is not None:
            raise Refused(refusal)
        result = self._send(op, request)
        self.state.observe(op, bound, result)
        return result, bound

    def _key(self, op: Operation, case: Case) -> Request:
        """The cache key of ``case``: its request with every value the state binds as a placeholder
        (so it depends on the operation and the case only, and is computed once for both)."""
        hit = self._keys.get((id(op), id(case)))
        if hit is None or hit[0] is not op or hit[1] is not case:
            if len(self._keys) > 4 * _CACHE_SIZE:
                self._keys.clear()
            key = self._wire(op, self.state.template_case(op, case), for_key=True)
            hit = self._keys[(id(op), id(case))] = (op, case, key)
        return hit[2]

    def exchange(self, op: Operation, case: Case) -> tuple[Exchange, Bound]:
        """The answer to ``case`` with its bound values: from the cache when another check sent it."""
        key = self._key(op, case)
        if key in self._cache:
            self.hits += 1
            self._cache.move_to_end(key)
            return self._cache[key]
        count, kind = self._failing.get(op.key, (0, ""))
        if count >= _BREAKER_AFTER:
            request = self._wire(op, case, for_key=True)
            return Exchange(request, error=TransportError(kind, f"not sent: the last {count} requests to "
                                                                f"this endpoint failed ({kind})")), Bound(case)
        bound = self.state.bind(op, case)
        if op.method == "DELETE":
            self.state.prepare_delete(op, bound)
        request = self._wire(op, bound.case)
        refusal = self.state.refusal(op, bound, request)
        if refusal is not None:
            raise Refused(refusal)
        result = self._send(op, request)
        if result.error is not None and result.error.kind in _UNREACHABLE:
            self._failing[op.key] = (count + 1, result.error.kind)
        elif result.response is not None:
            self._failing.pop(op.key, None)
        self.state.observe(op, bound, result)
        self._cache[key] = (result, bound)
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result, bound


def _template(path: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", path)


#: A random-case pool: the strategy, the cases its seeded search tries first, and how many.
Random = tuple[st.SearchStrategy[Case], list[Case], int]


def _draw(strategy: st.SearchStrategy[Case], count: int, seed_value: int) -> list[Case]:
    """The cases a seeded search over ``strategy`` tries first, drawn once and shared by all checks."""
    drawn: list[Case] = []

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
    @seed(seed_value)
    @given(strategy)
    def collect(case: Case) -> None:
        drawn.append(case)

    if not strategy.is_empty:
        collect()
    return drawn


def _cases(session: Session, op: Operation, kind: str) -> tuple[list[Case], list[Random]]:
    fixed = session.settings.fixed
    if kind == "examples":
        return explicit.example_cases(op), []
    if kind == "missing-header":
        return [c for c in explicit.missing_header_cases(op) if not _undescribes(c)], []
    if kind == "methods":
        documented = session.documented_methods(op)
        if "HEAD" in documented:  # HTTP: HEAD is GET without the body; a server with one has both
            documented = documented | {"GET"}
        return _method_cases(session, op, documented), []
    if kind == "valid":
        linked = {spec.name for spec in op.params if spec.location in ("path", "query")
                  and session.links.for_param(op, spec.location, spec.name) is not None}
        pinned = frozenset([*fixed.path, *fixed.query, *linked])
        return (explicit.example_cases(op) + explicit.boundary_cases(op, pinned=pinned),
                [session.random(op, valid=True)])
    if kind == "invalid":
        return ([c for c in explicit.negative_cases(op) if not _undescribes(c) and session.invalid_for_all(op, c)],
                [session.random(op, valid=False)])
    (valid, valid_pools), (invalid, invalid_pools) = session.cases(op, "valid"), session.cases(op, "invalid")
    return valid + invalid + explicit.robustness_cases(op), valid_pools + invalid_pools


def _method_cases(session: Session, op: Operation, documented: frozenset[str]) -> list[Case]:
    """Undocumented methods: reads as they are; a mutating method only where a path id can point at
    something the run made or at nothing (never at a resource found on the server), otherwise asked
    about with one OPTIONS request whose Allow header must leave them out."""
    methods = explicit.method_cases(op, documented)
    ids = [spec.name for spec in op.params if spec.location == "path"
           and spec.name not in session.settings.fixed.path
           and session.links.for_param(op, "path", spec.name) is not None]
    kept = [c for c in methods if c.method not in MUTATING or (ids and session.client.mutation_allowed)]
    asked = [c.method for c in methods if c.method in MUTATING and c not in kept]
    if asked:
        base = explicit.base_case(op)
        kept.append(Case("OPTIONS", base.path_params, base.query, base.headers, kind="method", valid=False,
                         label=f"undocumented methods asked with OPTIONS: {', '.join(asked)}", source=op.source))
    return kept


def _undescribes(case: Case) -> bool:
    """An invalid case whose only fault is a missing or odd request-describing header (Content-Type,
    Accept, Content-Length): the client supplies those, and a server need not reject their absence."""
    return not case.valid and any(key.split(":", 1)[0] == "header" and key.split(":", 1)[1] in REQUEST_DESCRIBING
                                  for key in case.own)


@dataclass
class _Tally:
    found: list[Found]
    titles: set[str]
    more: int = 0
    judged: int = 0
    missing: int = 0
    missing_reason: str = ""
    refused: str = ""
    total: int = 0
    events: _Events = field(default_factory=lambda: _Events())

    def add(self, item: Found) -> None:
        title = item.failure.title
        if title in self.titles or len(self.found) >= _MAX_REPORTED:
            self.more += 1
            return
        self.titles.add(title)
        self.found.append(item)


def run_check(session: Session, op: Operation, spec: CheckSpec) -> Outcome:
    """Judge ``op`` with ``spec`` on every case; raises :class:`NotApplicable` when nothing could be
    judged safely. Every distinct failing case is kept (up to ``_MAX_REPORTED``), not only the first."""
    if spec.cases != "methods" and op.method in MUTATING and not session.client.mutation_allowed:
        raise NotApplicable(f"{op.method} mutates and {session.settings.base_url} is not loopback; "
                            "pass --allow-mutating to test it")
    ctx = CheckContext(op, session.documented_methods(op))
    cases, randoms = session.cases(op, spec.cases)
    if not cases and not any(drawn for _, drawn, _ in randoms):
        raise NotApplicable(_NO_CASES.get(spec.cases, "no cases for this check"))
    tally = _Tally([], set())
    for case in cases:
        _tally(session, ctx, spec, op, case, tally)
    for pool in randoms:
        first_random = None
        for case in pool[1]:
            before = len(tally.found)
            _tally(session, ctx, spec, op, case, tally)
            if first_random is None and len(tally.found) > before:
                first_random = len(tally.found) - 1
        if first_random is not None:
            tally.found[first_random] = _shrink(session, ctx, spec, op, pool, tally.found[first_random])
    seed_value = session.settings.seed
    events = tally.events
    if tally.judged == 0 and events.last is not None and events.count == tally.total:
        raise NotApplicable(f"no answer to judge: every request met a transport event ({events.last.kind}: "
                            f"{events.last.message})")
    transport = {"transport_events": events.count, "transport_event": events.last}
    if tally.found:
        first = tally.found[0]
        return Outcome(spec.name, op.name, "failed", first.failure, first.case, first.exchange, first.shrunk,
                       tally.total, seed_value, tuple(tally.found), tally.more, tally.missing_reason, tally.missing,
                       **transport)
    if tally.judged == 0 and tally.missing:
        return Outcome(spec.name, op.name, MISSING_DATA, cases_run=tally.total, seed=seed_value,
                       missing=tally.missing_reason, missing_cases=tally.missing)
    if tally.judged == 0 and tally.refused:
        raise NotApplicable(f"not sent: {tally.refused}")
    return Outcome(spec.name, op.name, "passed", cases_run=tally.total, seed=seed_value,
                   missing=tally.missing_reason, missing_cases=tally.missing, **transport)


class _Events:
    """Transport events met by one check: they are counted and reported, never judged."""

    def __init__(self) -> None:
        self.count = 0
        self.last: TransportError | None = None

    def add(self, error: TransportError) -> None:
        self.count += 1
        self.last = error


def _tally(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation, case: Case, tally: _Tally) -> None:
    tally.total += 1
    met = tally.events.count
    try:
        verdict = _judge(session, ctx, spec, op, case, tally.events)
    except Refused as exc:
        tally.refused = tally.refused or str(exc)
        return
    if tally.events.count > met:
        return  # a transport event: counted, not judged
    if isinstance(verdict, str):
        tally.missing += 1
        tally.missing_reason = tally.missing_reason or verdict
    elif verdict is None:
        tally.judged += 1
    else:
        tally.judged += 1
        tally.add(Found(verdict[0], case, verdict[1]))


def _shrink(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation, pool: Random,
            found: Found) -> Found:
    """Replay the seeded search for this check alone and let Hypothesis shrink the failure."""
    if found.exchange.error is None and session.settings.shrink_seconds > 0:
        result = _search(session, ctx, spec, op, pool)
        if result is not None:
            case, (failure, exchange) = result
            return Found(failure, case, exchange, shrunk=True)
    return found


def _judge(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation,
           case: Case, events: _Events | None = None) -> tuple[Failure, Exchange] | str | None:
    """A failure, the reason the case was inconclusive for lack of data (a string), or None (passed,
    or not judged: a transport event, counted in ``events``)."""
    try:
        exchange, bound = session.exchange(op, case)
    except MutationRefused as exc:
        raise NotApplicable(str(exc)) from exc
    if exchange.error is not None and exchange.error.kind in TRANSPORT_EVENTS:
        if events is not None:
            events.add(exchange.error)
        return None
    if exchange.error is not None:
        return Failure(spec.name, f"{exchange.error.kind}: {exchange.error.message}",
                       promise=case.source or op.source), exchange
    assert exchange.response is not None
    if spec.cases in _NEEDS_DATA:
        missing = session.state.missing_data(op, bound, exchange.response.status)
        if missing is not None:
            return missing
    if exchange.response.status == 401 and case.valid and spec.cases in _NEEDS_DATA \
            and session.auth is not None and not session.headers.sends_auth(op):
        return "the operation takes credentials of its own (its page documents no run token for it)"
    if case.method == "OPTIONS" and spec.cases == "methods" and not exchange.response.header("allow"):
        return "the server's answer to OPTIONS has no Allow header, so it cannot say which methods it takes"
    try:
        failures = list(spec.fn(ctx, case, exchange.response) or ())
    except Exception as exc:  # noqa: BLE001  a user-written check that crashes must still name itself
        failures = [Failure(spec.name, f"the check raised {type(exc).__name__}: {exc}")]
    return (failures[0], exchange) if failures else None


class _Found(Exception):
    pass


def _search(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation,
            pool: Random) -> tuple[Case, tuple[Failure, Exchange]] | None:
    """The seeded search again, now shrinking; cut short after ``shrink_seconds``."""
    state: dict[str, Any] = {"found": None, "frozen": False, "since": 0.0}
    budget = session.settings.shrink_seconds
    strategy, _, examples = pool

    @settings(max_examples=examples, database=None, deadline=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
              report_multiple_bugs=False, verbosity=Verbosity.quiet, print_blob=False)
    @seed(session.settings.seed)
    @given(strategy)
    def probe(case: Case) -> None:
        if state["frozen"] or (state["found"] and time.monotonic() - state["since"] > budget):
            state["frozen"] = True  # out of budget: pass, so Hypothesis stops shrinking
            return
        if _undescribes(case):
            return
        try:
            found = _judge(session, ctx, spec, op, case)
        except Refused:
            return
        if found is None or isinstance(found, str):
            return
        if found[1].error is not None:
            state["frozen"] = True  # a transport failure is not shrunk: keep the best so far
            return
        if not state["found"]:
            state["since"] = time.monotonic()
        state["found"] = (case, found)
        raise _Found()

    try:
        with session.hypothesis_lock:
            probe()
    except NotApplicable:
        raise
    except Exception:  # noqa: BLE001  _Found, or Hypothesis' Flaky when shrinking was cut short
        return _best(state)
    return _best(state)


def _best(state: dict[str, Any]) -> tuple[Case, tuple[Failure, Exchange]] | None:
    found: tuple[Case, tuple[Failure, Exchange]] | None = state["found"]
    return found
