"""Violations: what the mock reports, and how a schema error becomes one.

A :class:`Violation` names a stable rule id, a level, a JSON pointer into
the request and the document line that states the rule. :class:`SchemaCheck`
validates a value against a documented schema and
:func:`schema_violations` turns each jsonschema error into violations that
point at the line of the schema node that failed (the extractor writes an
``x-source`` on every documented element) and quote the type phrase the page
used (``Array of Long``).

Levels: ``error`` violations make the mock answer 4xx; ``warning`` and
``info`` are reported but the request is served.

Not responsible for deciding what to check in a request
(:mod:`.mock_validate`) or for answering (:mod:`.mock`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from .schema import raw_type, source_at

try:  # optional accelerator, see SchemaCheck
    import jsonschema_rs as _rs
except ImportError:  # pragma: no cover - depends on the environment
    _rs = None  # type: ignore[assignment]

__all__ = [
    "CLIENT", "CONTRACT_DOUBT", "FORMAT_CHECKER", "STATUS_BY_RULE", "Doubt", "SchemaCheck", "Violation",
    "schema_violations", "unique",
]

#: The answer a rejected request gets, by the rule it broke (others: 400).
STATUS_BY_RULE = {
    "path-unknown": 404, "method-undocumented": 405, "not-acceptable": 406,
    "body-incomplete": 408, "body-too-large": 413, "content-type-unsupported": 415,
}

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "an integer", float: "a number", type(None): "null"}

FORMAT_CHECKER = FormatChecker()


def _int_format(name: str) -> None:
    low, high = _INT_RANGES[name]

    @FORMAT_CHECKER.checks(name)  # type: ignore[untyped-decorator]
    def check(value: object) -> bool:  # documented Integer/Long: range of the wire type
        return not isinstance(value, int) or isinstance(value, bool) or low <= value <= high


for _name in _INT_RANGES:
    _int_format(_name)


class SchemaCheck:
    """A schema's validator: python-jsonschema for the errors and their paths, and, when
    the jsonschema-rs package is installed, its compiled validator as a fast path for the
    common case of a valid value (about 100 times faster; the mock's throughput depends on
    it). The fast path only ever answers "valid"; any doubt goes to python-jsonschema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.full = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
        self.fast: Any = None
        if _rs is not None:
            try:
                self.fast = _rs.Draft202012Validator(_bounded(schema), validate_formats=True)
            except Exception:  # noqa: BLE001 - a schema the fast path cannot compile: no fast path
                self.fast = None

    def errors(self, value: Any) -> Iterable[ValidationError]:
        if self.fast is not None:
            try:
                if self.fast.is_valid(value):
                    return ()
            except (ValueError, OverflowError, TypeError):
                pass  # e.g. an integer beyond 64 bits: python-jsonschema decides
        errors: Iterable[ValidationError] = self.full.iter_errors(value)
        return errors


def _bounded(schema: Any) -> Any:
    """The schema with int32/int64 formats as bounds, which python-jsonschema checks
    through :data:`FORMAT_CHECKER` and jsonschema-rs would ignore."""
    if isinstance(schema, list):
        return [_bounded(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _bounded(v) for k, v in schema.items()}
    fmt = schema.get("format")
    bounds = _INT_RANGES.get(fmt) if isinstance(fmt, str) else None
    if bounds is not None:
        out["allOf"] = [*out.get("allOf", []), {"minimum": bounds[0], "maximum": bounds[1]}]
    return out


#: The two classes of a violation: the client broke a clear rule, or the page behind
#: the rule gives reason to doubt it (see :mod:`.doubts`).
CLIENT = "client"
CONTRACT_DOUBT = "contract-doubt"


@dataclass(frozen=True, slots=True)
class Doubt:
    """Why a rule may be the contract's fault rather than the client's, and the page line
    (and extraction diagnostic, if any) behind the doubt."""

    reason: str  # a reason of :mod:`.doubts` (example-breaks-rule, auth-ambiguous...)
    message: str
    source: str = ""

    def to_json(self) -> dict[str, str]:
        return {"reason": self.reason, "message": self.message, "source": self.source}


@dataclass(frozen=True, slots=True)
class Violation:
    """One documented rule a request broke, where, and which line states the rule."""

    rule: str
    pointer: str
    message: str
    source: str = ""
    level: str = "error"
    doubts: tuple[Doubt, ...] = ()
    #: What exactly broke the rule, beyond its id: the JSON type sent (type-mismatch), the
    #: value sent (enum-mismatch), the schema keyword (constraint-violated). Together with
    #: the rule and the pointer it is the violation's *kind* a page precedent is matched on.
    detail: str = ""
    #: The page line of the example request that breaks the same rule the same way (a
    #: precedent, :mod:`.precedent`); set when the violation was lowered to a warning for it.
    precedent: str = ""

    @property
    def klass(self) -> str:
        """``client`` unless something about the page makes the rule doubtful."""
        return CONTRACT_DOUBT if self.doubts else CLIENT

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "level": self.level, "pointer": self.pointer,
                               "message": self.message, "source": self.source, "class": self.klass}
        if self.doubts:
            out["doubts"] = [d.to_json() for d in self.doubts]
        if self.precedent:
            out["precedent"] = self.precedent
        return out


def unique(violations: Iterable[Violation]) -> list[Violation]:
    """One violation per fact: the first of those naming the same rule at the same place."""
    seen: set[tuple[str, str]] = set()
    out = []
    for v in violations:
        if (v.rule, v.pointer) not in seen:
            seen.add((v.rule, v.pointer))
            out.append(v)
    return out


def _json_type(value: Any) -> str:
    """The JSON type of a value, as JSON Schema names it (a bool is not an integer)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}.get(type(value), "null")


def _type_phrase(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def schema_violations(errors: Iterable[ValidationError], base: str, root: dict[str, Any],
                      fallback: str) -> list[Violation]:
    """jsonschema's errors for one value as violations, one per fact: jsonschema reports
    each missing property of a ``required`` as an error of its own, so each is one
    ``required-missing`` (not every missing name once per error)."""
    return unique(v for err in errors for v in _from_error(err, base, root, fallback))


def _from_error(err: ValidationError, base: str, root: dict[str, Any], fallback: str) -> list[Violation]:
    pointer = base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in err.path)
    source = source_at(root, list(err.schema_path)[:-1], fallback)
    keyword = str(err.validator)
    if keyword == "required" and isinstance(err.instance, dict):
        props = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
        return [
            Violation("required-missing", f"{pointer}/{name}",
                      f"field {name} is missing; the document marks it mandatory",
                      props.get(name, {}).get("x-source", source))
            for name in err.validator_value if name not in err.instance
        ]
    if keyword == "type":
        documented = raw_type(root, list(err.schema_path)[:-1])
        message = (f"{json.dumps(err.instance, ensure_ascii=False)[:60]} is {_type_phrase(err.instance)}; "
                   f"the document says {err.validator_value}" + (f" ({documented})" if documented else ""))
        return [Violation("type-mismatch", pointer, message, source, detail=_json_type(err.instance))]
    if keyword in ("enum", "const"):
        allowed = err.validator_value if keyword == "enum" else [err.validator_value]
        shown = ", ".join(json.dumps(a, ensure_ascii=False) for a in list(allowed)[:12])
        sent = json.dumps(err.instance, ensure_ascii=False, sort_keys=True)
        return [Violation("enum-mismatch", pointer,
                          f"{json.dumps(err.instance, ensure_ascii=False)[:60]} is not one of {shown}", source,
                          detail=sent)]
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        return [Violation("field-undocumented", pointer, err.message, source)]
    return [Violation("constraint-violated", pointer, f"{err.message} ({keyword})", source, detail=keyword)]
