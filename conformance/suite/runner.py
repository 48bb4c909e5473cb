"""Running one check against one operation: cases in, an :class:`Outcome` out.

Responsible for: the per-process :class:`Session` (one bounded client, a
cache so that checks judging the same case share one request, a breaker that
stops hammering an endpoint that no longer answers), and :func:`run_check`:
the documented examples and boundary/negative cases first, then random cases
drawn by Hypothesis, which shrinks a failure to a minimal case. The search is
seeded so the same seed and selection reproduce it.

Not responsible for: what the checks judge (``checks``), pytest items
(``items``) or rendering (``report``).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis import strategies as st

from . import cases as explicit
from .case import Case, build_request
from .checks import CheckContext, CheckSpec, Failure
from .client import MUTATING, TRANSPORT_EVENTS, Client, ClientOptions, Exchange, MutationRefused, TransportError
from ..contract import Operation
from ..media import wire_value
from ..schema_tools import is_valid
from ..variants import followed_elsewhere, group_variants
from .settings import Settings
from .signing import sign
from .strategies import from_operation

__all__ = ["NotApplicable", "Outcome", "Session", "run_check"]

_CACHE_SIZE = 4096
_BREAKER_AFTER = 3
_UNREACHABLE = ("no-answer", "too-slow", "connection-failed", *TRANSPORT_EVENTS)
_NO_CASES = {
    "invalid": "the page documents nothing a request could violate",
    "missing-header": "the page documents no mandatory header",
    "methods": "no undocumented method can be sent safely to this path",
    "examples": "the page shows no example request",
}


class NotApplicable(Exception):
    """The check cannot run here (nothing to judge, or sending would not be safe)."""


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
    #: Cases not judged because of a transport event (the connection closed before
    #: any byte of the answer), and the last such event.
    transport_events: int = 0
    transport_event: TransportError | None = None


class Session:
    """Per-process state shared by every check of a run."""

    def __init__(self, settings: Settings, operations: Sequence[Operation], *, transport: Any = None) -> None:
        self.settings = settings
        self.client = Client(ClientOptions(settings.base_url, settings.timeout, settings.max_response_bytes,
                                           settings.rate_limit, settings.allow_mutating), transport=transport)
        self._methods: dict[str, set[str]] = {}
        for op in operations:
            self._methods.setdefault(_template(op.path), set()).add(op.method)
        self._variants = group_variants(operations)
        self._cache: OrderedDict[Any, Exchange] = OrderedDict()
        self._failing: dict[str, tuple[int, str]] = {}
        self._random: dict[tuple[str, bool], Random] = {}
        self.hits = 0

    def random(self, op: Operation, *, valid: bool) -> Random:
        """The random cases of one kind for ``op``: drawn once per process, judged by every check."""
        key = (op.name, valid)
        if key not in self._random:
            strategy = from_operation(op, valid=valid, fixed=self.settings.fixed)
            budget = self._budget(valid)
            drawn = _draw(strategy, budget, self.settings.seed)
            if not valid:
                drawn = [c for c in drawn if self.invalid_for_all(op, c)]
            self._random[key] = (strategy, drawn, budget)
        return self._random[key]

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

    def close(self) -> None:
        self.client.close()

    def _budget(self, valid: bool) -> int:
        """``max_examples`` random cases per endpoint: half valid, half invalid (one of each at least)."""
        total = self.settings.max_examples
        return max(1, (total + 1) // 2 if valid else total // 2)

    def documented_methods(self, op: Operation) -> frozenset[str]:
        return frozenset(self._methods.get(_template(op.path), {op.method}))

    def exchange(self, op: Operation, case: Case) -> Exchange:
        """The answer to ``case``: from the cache when another check already sent it."""
        request = build_request(op, case, self.settings.base_url, self.settings.fixed)
        if self.settings.aksk and case.kind != "missing-header" and any(a.name == "aksk" for a in op.auth):
            request = sign(request, *self.settings.aksk)
        if request in self._cache:
            self.hits += 1
            self._cache.move_to_end(request)
            return self._cache[request]
        count, kind = self._failing.get(op.key, (0, ""))
        if count >= _BREAKER_AFTER:
            return Exchange(request, error=TransportError(kind, f"not sent: the last {count} requests to "
                                                                f"this endpoint failed ({kind})"))
        result = self.client.send(request)
        if result.error is not None and result.error.kind in _UNREACHABLE:
            self._failing[op.key] = (count + 1, result.error.kind)
        elif result.response is not None:
            self._failing.pop(op.key, None)
        self._cache[request] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result


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
        return explicit.missing_header_cases(op), []
    if kind == "methods":
        methods = explicit.method_cases(op, session.documented_methods(op))
        return [c for c in methods if c.method not in MUTATING or session.client.mutation_allowed], []
    pinned = frozenset([*fixed.path, *fixed.query])
    valid = explicit.example_cases(op) + explicit.boundary_cases(op, pinned=pinned)
    invalid = [c for c in explicit.negative_cases(op) if session.invalid_for_all(op, c)]
    if kind == "valid":
        return valid, [session.random(op, valid=True)]
    if kind == "invalid":
        return invalid, [session.random(op, valid=False)]
    return valid + invalid + explicit.robustness_cases(op), [session.random(op, valid=True),
                                                             session.random(op, valid=False)]


def run_check(session: Session, op: Operation, spec: CheckSpec) -> Outcome:
    """Judge ``op`` with ``spec``; raises :class:`NotApplicable` when there is nothing safe to do."""
    if spec.cases != "methods" and op.method in MUTATING and not session.client.mutation_allowed:
        raise NotApplicable(f"{op.method} mutates and {session.settings.base_url} is not loopback; "
                            "pass --allow-mutating to test it")
    ctx = CheckContext(op, session.documented_methods(op))
    cases, randoms = _cases(session, op, spec.cases)
    if not cases and not any(drawn for _, drawn, _ in randoms):
        raise NotApplicable(_NO_CASES.get(spec.cases, "no cases for this check"))
    total, events = 0, _Events()
    for case in cases:
        total += 1
        found = _judge(session, ctx, spec, op, case, events)
        if found:
            return _failed(spec, op, session, found, case, shrunk=False, count=total)
    for pool in randoms:
        for case in pool[1]:
            total += 1
            found = _judge(session, ctx, spec, op, case, events)
            if found:
                return _shrink(session, ctx, spec, op, pool, case, found, total)
    if events.last is not None and events.count == total:
        raise NotApplicable(f"no answer to judge: every request met a transport event ({events.last.kind}: "
                            f"{events.last.message})")
    return Outcome(spec.name, op.name, "passed", cases_run=total, seed=session.settings.seed,
                   transport_events=events.count, transport_event=events.last)


class _Events:
    """Transport events met by one check: they are counted and reported, never judged."""

    def __init__(self) -> None:
        self.count = 0
        self.last: TransportError | None = None

    def add(self, error: TransportError) -> None:
        self.count += 1
        self.last = error


def _failed(spec: CheckSpec, op: Operation, session: Session, found: tuple[Failure, Exchange], case: Case,
            *, shrunk: bool, count: int) -> Outcome:
    failure, exchange = found
    return Outcome(spec.name, op.name, "failed", failure, case, exchange, shrunk, count, session.settings.seed)


def _shrink(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation, pool: Random,
            case: Case, found: tuple[Failure, Exchange], count: int) -> Outcome:
    """Replay the seeded search for this check alone and let Hypothesis shrink the failure."""
    if found[1].error is None and session.settings.shrink_seconds > 0:
        result = _search(session, ctx, spec, op, pool)
        if result is not None:
            return _failed(spec, op, session, result[1], result[0], shrunk=True, count=count)
    return _failed(spec, op, session, found, case, shrunk=False, count=count)


def _judge(session: Session, ctx: CheckContext, spec: CheckSpec, op: Operation,
           case: Case, events: _Events | None = None) -> tuple[Failure, Exchange] | None:
    try:
        exchange = session.exchange(op, case)
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
        found = _judge(session, ctx, spec, op, case)
        if found is None:
            return
        if found[1].error is not None:
            state["frozen"] = True  # a transport failure is not shrunk: keep the best so far
            return
        if not state["found"]:
            state["since"] = time.monotonic()
        state["found"] = (case, found)
        raise _Found()

    try:
        probe()
    except NotApplicable:
        raise
    except Exception:  # noqa: BLE001  _Found, or Hypothesis' Flaky when shrinking was cut short
        return _best(state)
    return _best(state)


def _best(state: dict[str, Any]) -> tuple[Case, tuple[Failure, Exchange]] | None:
    found: tuple[Case, tuple[Failure, Exchange]] | None = state["found"]
    return found
