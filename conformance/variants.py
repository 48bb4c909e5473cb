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

Not responsible for validating (the caller's job) nor for how a violation
is worded to a client.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .contract import Operation

__all__ = ["Choice", "choose", "group_variants", "parse_body"]


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
