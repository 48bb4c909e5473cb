"""Stateful sequences: one resource through its life, as the pages promise it.

For every resource the contract can create, read and delete (links), one
test: create it (the documented example, real ids, a unique name), read it,
update it when the pages document an update, read it again, delete it, and
read it once more, which must now answer 404. Each answer is held to the
status the step needs and to its documented schema, and a 5xx anywhere fails
the sequence. A failure shows every request of the sequence so far as curl
commands with their statuses, so it can be replayed by hand. This is what
Schemathesis' stateful phase does from OpenAPI links; here the links are
inferred (``links``).

Responsible for: finding the sequences (:func:`sequences`) and running one
(:func:`run_sequence`). Not responsible for: binding ids or cleaning up
(``state``, through the session), or pytest items (``items``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import cases as explicit
from .checks import Failure, parse_json
from .client import Exchange
from .curl import Redactor, to_curl
from .links import Creator, same_operation, template
from ..contract import Operation
from ..schema_tools import validation_errors

if TYPE_CHECKING:
    from .runner import Outcome, Session

__all__ = ["CHECK", "Sequence", "run_sequence", "sequences"]

CHECK = "stateful-sequence"


@dataclass(frozen=True)
class Sequence:
    resource: str
    creator: Creator
    read: Operation
    delete: Operation
    update: Operation | None = None

    @property
    def name(self) -> str:
        return f"{self.resource}: create, read{', update, read' if self.update else ''}, delete, read"


def sequences(session: Session) -> list[Sequence]:
    """One sequence per resource with a create, a read and a delete at its item path."""
    out = []
    ops = {(op.method, template(op.path)): op for op in session.operations}
    for resource in session.links.resources():
        link = session.links.resource_link(resource)
        for creator in link.creators if link else ():
            if creator.delete is None:
                continue
            item = template(creator.delete.path)
            read = ops.get(("GET", item))
            if read is None:
                continue
            update = ops.get(("PATCH", item)) or ops.get(("PUT", item))
            out.append(Sequence(resource, creator, read, creator.delete,
                                None if same_operation(update, creator.operation) else update))
            break
    return out


def run_sequence(session: Session, seq: Sequence) -> Outcome:
    from .runner import Outcome
    state = session.state
    steps: list[tuple[str, Exchange]] = []
    endpoint = f"sequence {seq.name}"

    def fail(title: str, promise: str) -> Outcome:
        detail = _render(steps, session.redactor)
        failure = Failure(CHECK, title, detail=detail, promise=promise)
        last = steps[-1][1] if steps else None
        return Outcome(CHECK, endpoint, "failed", failure, None, last, cases_run=len(steps),
                       seed=session.settings.seed)

    create = seq.creator.operation
    case = replace(explicit.base_case(create), kind="sequence", label="create")
    chosen = None
    if seq.creator.field is None:
        name = explicit_last_param(create)
        chosen = state.fresh_value()
        case = case.with_params("path", tuple((k, chosen if k == name else v) for k, v in case.path_params),
                                name, kind="sequence", label="create")
    exchange, bound = session.send_case(create, case)
    steps.append(("create", exchange))
    problem = _expect(exchange, create, (200, 299))
    if problem:
        return fail(f"create: {problem}", create.source)
    value = chosen or state.created_value(create, bound, exchange, seq.creator)
    if value is None:
        return fail(f"create: the answer holds no id at {seq.creator.field}", create.source)

    def at(op: Operation, label: str) -> tuple[Exchange, object]:
        base = explicit.base_case(op)
        name = explicit_last_param(op)
        pairs = tuple((k, value if k == name else v) for k, v in base.path_params)
        step = base.with_params("path", pairs, name, kind="sequence", label=label)
        return session.send_case(op, step)

    plan: list[tuple[str, Operation, tuple[int, int]]] = [("read", seq.read, (200, 299))]
    if seq.update is not None:
        plan += [("update", seq.update, (200, 299)), ("read after update", seq.read, (200, 299))]
    plan += [("delete", seq.delete, (200, 299)), ("read after delete", seq.read, (404, 404))]
    for label, op, wanted in plan:
        exchange, _ = at(op, label)
        steps.append((label, exchange))
        problem = _expect(exchange, op, wanted)
        if problem:
            return fail(f"{label}: {problem}", op.source)
    return Outcome(CHECK, endpoint, "passed", cases_run=len(steps), seed=session.settings.seed)


def explicit_last_param(op: Operation) -> str:
    names = [p.name for p in op.params if p.location == "path"]
    ordered = [n for n in _names(op.path) if n in names] or _names(op.path)
    return ordered[-1]


def _names(path: str) -> list[str]:
    import re
    return re.findall(r"\{([^{}]+)\}", path)


def _expect(exchange: Exchange, op: Operation, wanted: tuple[int, int]) -> str | None:
    if exchange.error is not None:
        return f"{exchange.error.kind}: {exchange.error.message}"
    response = exchange.response
    assert response is not None
    low, high = wanted
    if not low <= response.status <= high:
        expected = "404" if low == 404 else "2xx"
        return f"answered {response.status}; {expected} was expected"
    spec = op.response(response.status)
    if spec is not None and spec.schema is not None and response.body:
        value, problem = parse_json(response)
        if problem:
            return problem
        errors = validation_errors(spec.schema, value)
        if errors:
            return f"answer does not match the documented schema: {errors[0].json_path}: {errors[0].message[:200]}"
    return None


def _render(steps: list[tuple[str, Exchange]], redactor: Redactor) -> str:
    lines = []
    for number, (label, exchange) in enumerate(steps, 1):
        status = exchange.response.status if exchange.response is not None else (
            exchange.error.kind if exchange.error else "?")
        lines.append(f"# {number}. {label} -> {status}")
        lines.append(to_curl(exchange.request, redactor, max_body=600))
    return "\n".join(lines)

