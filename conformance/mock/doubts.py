"""Confidence in a verdict: which violations may be the contract's fault, not the client's.

A violation is classed ``client`` when the page is clear and consistent, and
``contract-doubt`` when something about the page behind the rule gives reason
to doubt the rule itself:

- ``example-breaks-rule``: the page's own example request breaks the same
  rule at the same place (it omits the field it marks mandatory, uses a key its
  table does not list...);
- ``extraction-diagnostic``: the table stating the rule had an extraction
  diagnostic (an unknown type phrase, a link to a table that was not found),
  read from the ``index.json`` that ``docconform extract`` writes beside the
  bundles; a field the contract does not list is doubtful too when the page
  has a table the extractor could not attach;
- ``conditional-requirement``: the field is mandatory only under a condition
  the page states in words (``x-required-when``);
- ``auth-ambiguous``: a credential header the page marks mandatory is missing
  while the request authenticates another way (AK/SK signing instead of a
  token), which the doc set's authentication page allows;
- ``variant-ambiguous``: several pages document the same method and path (one
  per action or login mode), the request matched none of them, and the rule
  comes from the closest one (:mod:`..variants` chose it), so it may belong to
  another variant than the one the client meant.

Each doubt names the page line (and diagnostic) behind it, so a user can
check it. Not responsible for finding violations (:mod:`.validate`) or for
the verdict (:mod:`.certify`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..contract import Operation
from .validate import IncomingRequest, RequestValidator
from .violations import Doubt, Violation

__all__ = ["ContractNotes", "Diagnostic", "Doubts", "load_notes"]

#: Headers that carry credentials: a missing one is doubtful when another is present.
_CREDENTIAL_HEADERS = frozenset({"x-auth-token", "authorization"})
#: Diagnostics that mean a table of the page is not in the contract at all.
_LOST_TABLE_CODES = frozenset({"table-unresolved", "table-unplaced"})
#: Lines above a table's first row that still belong to it (caption, header row).
_TABLE_HEAD = 3
_SOURCE = re.compile(r"(.*):(\d+)\Z")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One extraction diagnostic as ``docconform extract`` wrote it in ``index.json``."""

    code: str
    level: str
    message: str
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class ContractNotes:
    """What a bundle folder says beyond its operations: the extraction diagnostics."""

    diagnostics: tuple[Diagnostic, ...] = ()


def load_notes(path: Path) -> ContractNotes:
    """The notes of a bundle folder (none for an OpenAPI file); an unreadable index is no
    notes, not an error (loading the contract reports a broken folder)."""
    if not path.is_dir():
        return ContractNotes()
    found = []
    for d in _read(path / "index.json").get("diagnostics", []):
        if isinstance(d, dict) and isinstance(d.get("line"), int) and d.get("source"):
            found.append(Diagnostic(str(d.get("code", "")), str(d.get("level", "")),
                                    str(d.get("message", "")), str(d["source"]), d["line"]))
    return ContractNotes(tuple(found))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _split(source: str) -> tuple[str, int] | None:
    found = _SOURCE.match(source)
    return (found.group(1), int(found.group(2))) if found else None


class Doubts:
    """What an operation's page makes doubtful, computed once per operation."""

    def __init__(self, op: Operation, notes: ContractNotes | None = None,
                 validator: RequestValidator | None = None) -> None:
        self.op = op
        notes = notes or ContractNotes()
        files = {s[0] for s in (_split(src) for src in _sources(op)) if s}
        self._diagnostics = [d for d in notes.diagnostics if d.file in files]
        self._tables = _table_spans(op)
        self._example = {(v.rule, _pattern(v.pointer)): where
                         for v, where in _example_violations(op, validator or RequestValidator(op))}

    def classify(self, violations: list[Violation], headers: dict[str, str]) -> list[Violation]:
        """The violations with the doubts that apply to each."""
        unmatched = any(v.rule == "variant-unmatched" for v in violations)
        return [replace(v, doubts=tuple(self._doubts(v, headers, unmatched))) if v.level != "info" else v
                for v in violations]

    def _doubts(self, v: Violation, headers: dict[str, str], unmatched: bool) -> Iterator[Doubt]:
        where = self._example.get((v.rule, _pattern(v.pointer)))
        if where is not None:
            yield Doubt("example-breaks-rule",
                        f"the page's own example request breaks the same rule ({v.rule} at {v.pointer})",
                        where)
        for d in self._table_diagnostics(v):
            yield Doubt("extraction-diagnostic", f"{d.code}: {d.message}", d.where)
        condition = _condition(self.op, v.pointer)
        if condition is not None:
            yield Doubt("conditional-requirement", f"mandatory only when: {condition}", v.source)
        if unmatched and self.op.siblings and v.pointer.startswith(("/body", "/query")):
            siblings = self.op.siblings
            others = ", ".join(siblings[:3]) + (", ..." if len(siblings) > 3 else "")
            yield Doubt("variant-ambiguous",
                        f"{len(siblings) + 1} pages document {self.op.method} {self.op.path} and the request "
                        f"matches none of them; this rule is from the closest, {self.op.source}; the "
                        f"others: {others}", self.op.source)
        if v.rule == "required-missing" and v.pointer.startswith("/header/"):
            name = v.pointer.split("/", 2)[2].lower()
            other = sorted(h for h in _CREDENTIAL_HEADERS - {name} if headers.get(h))
            if name in _CREDENTIAL_HEADERS and other:
                scheme = headers[other[0]].split(" ", 1)[0] if other[0] == "authorization" else other[0]
                yield Doubt("auth-ambiguous",
                            f"the page marks {v.pointer.rsplit('/', 1)[1]} mandatory; the request "
                            f"authenticates with {scheme}, and the page states no single auth scheme",
                            v.source)

    def _table_diagnostics(self, v: Violation) -> list[Diagnostic]:
        place = _split(v.source)
        if place is None:
            return []
        file, line = place
        low, high = self._tables.get((file, line), (line, line))
        found = [d for d in self._diagnostics if d.file == file and low - _TABLE_HEAD <= d.line <= high]
        if v.rule in ("field-undocumented", "param-undocumented"):
            found += [d for d in self._diagnostics if d.code in _LOST_TABLE_CODES and d not in found]
        return found


def _example_violations(op: Operation, validator: RequestValidator) -> Iterator[tuple[Violation, str]]:
    """The body rules the page's own example requests break, with the example's line."""
    for ex in op.examples:
        if ex.kind != "request" or ex.value is None:
            continue
        body = json.dumps(ex.value, ensure_ascii=False).encode("utf-8", "backslashreplace")
        found = validator.validate(IncomingRequest({}, [], {"content-type": "application/json"}, body))
        for v in found.violations:
            if v.pointer.startswith("/body"):
                yield v, ex.source


def _sources(op: Operation) -> Iterator[str]:
    yield op.source
    for p in op.params:
        yield p.source
    if op.body is not None:
        yield str(op.body.get("x-source", ""))


def _table_spans(op: Operation) -> dict[tuple[str, int], tuple[int, int]]:
    """For each documented line, the span of lines of its table: a field's table is the
    rows of its siblings (the properties of one object, the parameters of one location)."""
    groups: list[list[str]] = [[p.source for p in op.params if p.location == loc]
                               for loc in ("path", "query", "header")]
    groups += list(_sibling_groups(op.body, 0))
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for group in groups:
        by_file: dict[str, list[int]] = {}
        for place in filter(None, map(_split, group)):
            by_file.setdefault(place[0], []).append(place[1])
        for file, lines in by_file.items():
            for line in lines:
                spans[(file, line)] = (min(lines), max(lines))
    return spans


def _sibling_groups(schema: Any, depth: int) -> Iterator[list[str]]:
    if not isinstance(schema, dict) or depth > 16:
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        yield [str(sub.get("x-source", "")) for sub in props.values() if isinstance(sub, dict)]
        for sub in props.values():
            yield from _sibling_groups(sub, depth + 1)
    for key in ("items", "additionalProperties"):
        yield from _sibling_groups(schema.get(key), depth + 1)
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key) or []:
            yield from _sibling_groups(branch, depth + 1)


def _pattern(pointer: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/*", pointer)


def _condition(op: Operation, pointer: str) -> str | None:
    """The ``x-required-when`` text of the field at ``pointer``: on the field's schema, or
    on its parent object as a map from field name to condition."""
    parts = pointer.split("/")[1:]
    if not parts:
        return None
    if parts[0] != "body":
        spec = next((p for p in op.params if p.location == parts[0] and p.name == "/".join(parts[1:])), None)
        when = spec.schema.get("x-required-when") if spec is not None else None
        return str(when) if when else None
    parent, node = None, op.body
    for part in parts[1:]:
        name = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict):
            return None
        if name.isdigit() or name == "*":
            node = node.get("items")
            continue
        parent, node = node, (node.get("properties") or {}).get(name)
        if node is None:
            when_map = parent.get("x-required-when")
            return str(when_map[name]) if isinstance(when_map, dict) and name in when_map else None
    when = node.get("x-required-when") if isinstance(node, dict) else None
    if not when and isinstance(parent, dict) and isinstance(parent.get("x-required-when"), dict):
        when = parent["x-required-when"].get(parts[-1])
    return str(when) if when else None
