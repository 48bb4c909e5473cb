"""Page precedent: a request that deviates from the table exactly as the page's own example does.

A page promises its own example request works. When that example breaks
one of the page's table rules (a ``String`` field given ``5``, a mandatory
field left out, a value missing from the enum), the page contradicts itself,
and a client that follows the example is not to blame. The mock then takes a
request that breaks the *same rule in the same way at the same place* as a
warning that names the example's line ("the page's own example does the
same"), not a rejection. ``docconform mock --strict`` turns this off: the
table wins.

The precedent never widens anything else. A precedent is keyed by

- the rule (``type-mismatch``, ``required-missing``, ``enum-mismatch``,
  ``field-undocumented``, ``constraint-violated``),
- the body pointer with array indexes as ``*`` (``/body/servers/*/name``),
- the detail of the violation: the JSON type sent for a type mismatch
  (the example's ``5`` excuses another integer, not ``true``), the value sent
  for an enum mismatch (the example's ``"OBS"`` excuses ``"OBS"`` only), the
  schema keyword for a constraint (``minLength``).

A masked secret in the example (``"password": "******"``,
:mod:`docconform.extractor.writers.masked`) never makes a precedent: it is a
placeholder, not a value the page shows to work, so six asterisks against a
``minLength`` of 8 excuse no short password.

Composite keywords (``oneOf``, ``anyOf``, ``allOf``, ``not``...) never make a
precedent: "matches none of the modes" says nothing about which way the
example deviates, and excusing it would excuse every body.

The precedents are derived from the contract itself (each documented
example request with its ``x-source`` line, as the extractor wrote it)
with the mock's own validator, so "the same way" is decided by exactly the
check that judges the request. Deterministic: the same contract gives the
same precedents.

Not responsible for validating (:mod:`.validate`) or for classing a violation
as a contract doubt (:mod:`.doubts`, whose ``example-breaks-rule`` names the
same example).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from docconform.extractor.writers.masked import masked_pointers

from ..contract import Operation
from .violations import Violation

__all__ = ["PRECEDENT_RULES", "Precedents", "precedent_key"]

#: The schema rules a page's example can set a precedent for.
PRECEDENT_RULES = frozenset({
    "type-mismatch", "required-missing", "enum-mismatch", "field-undocumented", "constraint-violated",
})
#: Keywords that combine other schemas: failing one says nothing precise about the value.
_COMPOSITE = frozenset({"oneOf", "anyOf", "allOf", "not", "if", "then", "else", "dependentSchemas"})
_INDEX = re.compile(r"/\d+(?=/|$)")

Key = tuple[str, str, str]


def precedent_key(v: Violation) -> Key | None:
    """What a violation is, for matching against a precedent; None when it cannot be one."""
    if v.rule not in PRECEDENT_RULES or not v.pointer.startswith("/body"):
        return None
    if v.rule == "constraint-violated" and (not v.detail or v.detail in _COMPOSITE):
        return None
    return v.rule, _INDEX.sub("/*", v.pointer), v.detail


class Precedents:
    """The precedents of one operation: for each violation kind its page's examples show,
    the line of the first such example."""

    def __init__(self, by_key: dict[Key, str] | None = None) -> None:
        self._by_key: dict[Key, str] = dict(by_key or {})

    @classmethod
    def of(cls, op: Operation, check_body: Callable[[bytes], Iterable[Violation]]) -> Precedents:
        """What ``op``'s example requests break, each judged by ``check_body`` as a request would be."""
        by_key: dict[Key, str] = {}
        for ex in op.examples:
            if ex.kind != "request" or ex.value is None:
                continue
            body = json.dumps(ex.value, ensure_ascii=False).encode("utf-8", "backslashreplace")
            masked = {"/body" + p for p in masked_pointers(ex.value)}
            for v in check_body(body):
                key = precedent_key(v) if v.level == "error" and v.pointer not in masked else None
                if key is not None:
                    by_key.setdefault(key, ex.source or op.source)
        return cls(by_key)

    def __bool__(self) -> bool:
        return bool(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def to_json(self) -> list[dict[str, str]]:
        """Every precedent with the example line that sets it, in a stable order (the record
        lists them per operation, so a certification report shows what the mock let through)."""
        return [{"rule": rule, "pointer": pointer, "detail": detail, "source": source}
                for (rule, pointer, detail), source in sorted(self._by_key.items())]

    def source_for(self, v: Violation) -> str | None:
        """The example line that breaks the rule the same way, if one does."""
        key = precedent_key(v) if v.level == "error" else None
        return self._by_key.get(key) if key is not None else None

    def apply(self, violations: list[Violation]) -> list[Violation]:
        """The violations with each one the page's own example shares lowered to a warning."""
        out = []
        for v in violations:
            where = self.source_for(v)
            if where is None:
                out.append(v)
                continue
            out.append(replace(v, level="warning", precedent=where,
                               message=f"{v.message}; the page's own example does the same ({where}), "
                                       "so it is served (--strict rejects it)"))
        return out
