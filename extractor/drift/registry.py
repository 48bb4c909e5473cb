"""The drift rule registry: ``@rule(id, level)`` and the table of every registered rule.

Kept apart from the rules themselves so that the modules that define rules
(:mod:`.rules`, :mod:`.lint`) and the one that builds findings
(:mod:`.context`) all depend on this module and never on each other. Not
responsible for making sure every rule module was imported: that is
:mod:`.catalogue`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Level
from .findings import Finding

if TYPE_CHECKING:
    from .compare import Difference
    from .context import Context

__all__ = ["RULES", "SCOPES", "Rule", "judge", "rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: a check per scope, each yielding findings.

    A ``versions`` check takes ``(difference, context)``, a ``page`` check
    ``(version, context)``. One id may have a check in each scope
    (name-suspect: a typo within a page, and a name spelled differently by
    two versions).
    """

    id: str
    level: Level
    checks: tuple[tuple[str, Callable[..., Iterator[Finding]]], ...]

    @property
    def scope(self) -> str:
        return "+".join(sorted({scope for scope, _ in self.checks}, key=SCOPES.index))

    @property
    def doc(self) -> str:
        """The checks' docstrings, page check first: the first gives the summary line."""
        docs = [fn.__doc__ or "" for _, fn in sorted(self.checks, key=lambda c: SCOPES.index(c[0]))]
        return "\n\n".join(d for d in [docs[0].rstrip()] + [_body(d) for d in docs[1:]] if d)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id

    def checks_for(self, scope: str) -> list[Callable[..., Iterator[Finding]]]:
        return [check for s, check in self.checks if s == scope]


#: Every rule by id, in registration order.
RULES: dict[str, Rule] = {}
SCOPES = ("page", "versions")


def rule(rule_id: str, level: Level, *, scope: str = "versions") -> Callable[[Callable[..., Iterator[Finding]]], Callable[..., Iterator[Finding]]]:
    """Register a check under a rule id; ids are kebab-case, one check per scope."""

    def register(fn: Callable[..., Iterator[Finding]]) -> Callable[..., Iterator[Finding]]:
        if not rule_id.replace("-", "").isalpha() or rule_id != rule_id.lower() or scope not in SCOPES:
            raise ValueError(f"bad rule id or scope: {rule_id!r}, {scope!r}")
        old = RULES.get(rule_id)
        if old is None:
            RULES[rule_id] = Rule(rule_id, level, ((scope, fn),))
        elif old.level != level or old.checks_for(scope):
            raise ValueError(f"rule {rule_id!r} already has a {scope} check or another level")
        else:
            RULES[rule_id] = Rule(rule_id, level, old.checks + ((scope, fn),))
        return fn

    return register


def _body(doc: str) -> str:
    """A second check's docstring without its summary line, to extend the rule's."""
    lines = doc.strip("\n").splitlines()
    return "\n".join(lines[1:]).strip("\n") if len(lines) > 1 else doc.strip()


def judge(differences: Sequence[Difference], ctx: Context) -> list[Finding]:
    """Every finding the ``versions`` rules make of these differences."""
    out: list[Finding] = []
    checks = [check for r in RULES.values() for check in r.checks_for("versions")]
    for d in differences:
        for check in checks:
            out.extend(check(d, ctx))
    return out
