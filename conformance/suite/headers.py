"""Which headers go to which operation: a header one endpoint needs is not sent to all.

Responsible for: scoping the user's fixed headers (``--header``,
``--header-env``) and query parameters (``--query-param``), the settings
file's ``[[headers]]`` rules and the run's auth header to operations. A header goes to an operation that documents it,
to an operation whose page documents no header at all (it may simply not
say), and everywhere when no page of the contract documents it (a proxy or
tracing header the pages know nothing of). Not responsible for: the values
(``settings``, ``auth``) or building requests (``case``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase

from ..contract import Operation
from .config import HeaderRule

__all__ = ["HeaderScope"]


def _documented(op: Operation) -> set[str]:
    return {p.name.lower() for p in op.params if p.location == "header"}


class HeaderScope:
    def __init__(self, operations: Iterable[Operation], fixed: Mapping[str, str],
                 rules: Iterable[HeaderRule] = (), auth_header: str | None = None,
                 query: Mapping[str, str] | None = None) -> None:
        operations = list(operations)
        self._fixed = dict(fixed)
        self._query = dict(query or {})
        self._rules = tuple(rules)
        self._auth = auth_header
        self._anywhere = {name for op in operations for name in _documented(op)}
        self._query_anywhere = {p.name for op in operations for p in op.params if p.location == "query"}

    def query_for(self, op: Operation) -> dict[str, str]:
        """The fixed query parameters for ``op``: those it documents, and those no page documents."""
        own = {p.name for p in op.params if p.location == "query"}
        return {k: v for k, v in self._query.items() if k in own or k not in self._query_anywhere}

    def _goes_to(self, op: Operation, name: str) -> bool:
        documented = _documented(op)
        return name.lower() in documented or not documented or name.lower() not in self._anywhere

    def for_operation(self, op: Operation) -> dict[str, str]:
        """The fixed headers (and matching ``[[headers]]`` rules) that go to ``op``."""
        out = {name: value for name, value in self._fixed.items() if self._goes_to(op, name)}
        for rule in self._rules:
            method, _, path = rule.operations.partition(" ")
            if not path:
                method, path = "*", method
            if fnmatchcase(op.method, method.upper()) and fnmatchcase(op.path, path):
                out.update(rule.headers)
        return out

    def sends_auth(self, op: Operation) -> bool:
        return self._auth is not None and self._goes_to(op, self._auth)
