"""Which variant of an operation a request follows, for the mock and the suite alike.

Several pages may document one method and path (see :mod:`.contract`); the
contract holds each as an :class:`~.contract.Operation` with the
discriminator that tells its requests apart. For one request, the caller
(the mock, the suite) judges it against every variant and hands the results
here; :func:`choose` picks the variant the request follows:

- when the request shows the discriminator of some variants (``"os-start"``
  present, ``"action": "create"``), only those are candidates: a wrong
  ``os-start`` body is judged by the ``os-start`` page, never accepted by a
  page that happens to require nothing; otherwise every variant is;
- a candidate the request *fits*: none of its errors is its own (errors every
  variant reports alike, such as a missing ``X-Auth-Token``, say nothing about
  which page the request follows); the first such;
- else the *closest* candidate: the one with the fewest errors of its own,
  then the one whose fields the request uses most. The request "matches no
  documented variant", and the caller says so, naming the closest.

The suite asks the converse (:func:`followed_elsewhere`): a case drawn as
invalid for one page may be a valid request for another page of the same
method and path (a body without ``os-start`` that is a fine ``os-stop``);
a server that accepts it breaks no promise, so such cases are not sent as
negative ones.

Not responsible for validating the mock's requests (the mock's job) nor for
how a violation is worded to a client.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .contract import Operation
from .schema_tools import is_valid

__all__ = ["Choice", "choose", "followed_elsewhere", "group_variants", "parse_body"]


@dataclass(frozen=True, slots=True)
class Choice:
    """The variant picked (its index among the candidates) and whether the request fits it."""

    index: int
    fits: bool
    #: The request shows the chosen variant's discriminator.
    shown: bool

    def message(self, op: Operation) -> str:
        """What a client is told when the request fits no variant."""
        why = f" (the request shows {op.discriminator.describe()})" if self.shown and op.discriminator else ""
        return (f"the request matches no documented variant of {op.method} {op.path}: closest is "
                f"{op.variant_label}{why}, documented at {op.source}")


def group_variants(operations: Sequence[Operation]) -> dict[int, list[Operation]]:
    """For each operation (by identity), the variants of its method and path, itself included,
    in contract order."""
    by_key: dict[str, list[Operation]] = {}
    for op in operations:
        by_key.setdefault(op.key, []).append(op)
    return {id(op): by_key[op.key] for op in operations}


def parse_body(body: bytes) -> Any:
    """A request body as JSON for discriminator tests; None when it is not JSON."""
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def choose(variants: Sequence[Operation], errors: Sequence[set[Hashable]], body: Any,
           query: Mapping[str, str] | None = None, used: Sequence[int] | None = None) -> Choice:
    """The variant a request follows (module docstring). ``errors[i]`` are the keys of the
    error-level violations variant ``i`` reported (``(rule, pointer)``), ``used[i]`` how
    many of variant ``i``'s documented fields the request exercised."""
    common = set.intersection(*map(set, errors)) if errors else set()
    own = [e - common for e in errors]
    shown = [bool(op.discriminator and op.discriminator.matches(body, query)) for op in variants]
    candidates = [i for i in range(len(variants)) if shown[i]] or list(range(len(variants)))
    fitting = [i for i in candidates if not own[i]]
    if fitting:
        return Choice(fitting[0], True, shown[fitting[0]])
    counts = used or [0] * len(variants)
    best = min(candidates, key=lambda i: (len(own[i]), -counts[i], i))
    return Choice(best, False, shown[best])


def followed_elsewhere(op: Operation, variants: Sequence[Operation], body: Any, has_body: bool,
                       query: Mapping[str, str] | None = None) -> Operation | None:
    """Another variant of ``op``'s method and path that a request (its body and query)
    follows, as the mock would choose: among the variants whose discriminator it shows (any,
    when it shows none), one whose body schema it satisfies. None when the request is
    ``op``'s alone to judge."""
    others = [v for v in variants if v is not op]
    shown = [v for v in others if v.discriminator and v.discriminator.matches(body, query)]
    if op.discriminator is not None and op.discriminator.matches(body, query) and not shown:
        return None  # it shows this page's discriminator alone: this page judges it
    for other in shown or others:
        if other.body is None:
            if not has_body:
                return other
            continue
        if has_body and is_valid(other.body, body):
            return other
    return None
