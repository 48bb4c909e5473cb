"""Examples against their own page's schema: what an example says that the tables contradict.

Each example is validated (JSON Schema 2020-12) against the schema the writer
makes of the body it illustrates: a request example against the request
body, a response example against the body of its status. Every problem is
returned with the schema pointer, the table row that says otherwise and a
text to find the offending line in the example.

A top-level shape mismatch (an array of objects where the table describes
one object, or the reverse, as in the DLI pages) is one problem, and the
elements are then checked against the object anyway, because that is what
the writer of the example meant. Repeated problems at one schema location
in one example (every element of a list has the same wrong type) are
reported once. A masked secret (``"password": "******"``,
:mod:`..writers.masked`) is a placeholder, not a value: the constraints of its
string (length, pattern, format, enum) are not checked against it.

Not responsible for judging levels or writing findings (:mod:`.lint`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from ..model import NOT_STATED, Endpoint, Example, Field
from ..writers.jsonschema import field_schema, json_safe
from ..writers.masked import is_masked
from .values import pointer_escape, show

__all__ = ["ExampleProblem", "example_problems"]

_MAX_ELEMENTS = 20
#: What a masked secret is still checked for: being a string where the table says one.
_MASK_CHECKED = frozenset({"type"})
_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
               (list, "array"), (dict, "object"), (type(None), "null"))


@dataclass(frozen=True, slots=True)
class ExampleProblem:
    """One contradiction between an example and its page's tables."""

    example: Example
    pointer: str
    keyword: str
    message: str
    value: Any
    field: Field | None
    stated: Any
    needle: str
    #: The example's value in words: JSON for a scalar, "an array" for a container.
    shown: str = ""


def example_problems(ep: Endpoint) -> list[ExampleProblem]:
    """Problems of every example of ``ep`` that has a parsed value and a documented body.

    Two rules (example-schema-mismatch, example-null) read the problems of
    the same endpoint one after the other, so the last answer is kept.
    """
    if _LAST and _LAST[0] is ep:
        return _LAST[1]
    problems = list(_problems(ep))
    _LAST[:] = [ep, problems]
    return problems


_LAST: list[Any] = []


def _problems(ep: Endpoint) -> Iterator[ExampleProblem]:
    for ex in ep.examples:
        if ex.value is NOT_STATED:
            continue
        target = _target(ep, ex)
        if target is None:
            continue
        root, base, label = target
        seen: set[tuple[str, str]] = set()
        for problem in _check(ex, root, base, label, field_schema(root), json_safe(ex.value), (), ()):
            if (problem.pointer, problem.keyword) not in seen:
                seen.add((problem.pointer, problem.keyword))
                yield problem


def _target(ep: Endpoint, ex: Example) -> tuple[Field, str, str] | None:
    if ex.kind == "request":
        return (ep.request_body, "/request/body", "Request example") if ep.request_body else None
    success = min((r for r in ep.responses if r.status.startswith("2")), key=lambda r: r.status, default=None)
    response = next((r for r in ep.responses if r.status == ex.status), None) if ex.status else success
    if response is None or response.body is None:
        return None
    return response.body, f"/responses/{response.status}/body", f"Response example ({response.status})"


#: Combinators whose branches are the cases of one field (a table per case: ``anyOf`` titled branches).
_CASES = frozenset({"anyOf", "oneOf"})

def _check(ex: Example, root: Field, base: str, label: str, schema: dict[str, Any], value: Any,
           schema_prefix: tuple[Any, ...], instance_prefix: tuple[Any, ...]) -> Iterator[ExampleProblem]:
    errors = sorted(Draft202012Validator(schema).iter_errors(value),
                    key=lambda e: ([str(p) for p in e.absolute_path], [str(p) for p in e.schema_path]))
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        if error.validator in _CASES and tuple(error.absolute_path) in typed:
            continue  # a value of the wrong type fits no case either: the type finding says it
        if is_masked(error.instance) and error.validator not in _MASK_CHECKED:
            continue
        spath = schema_prefix + tuple(error.relative_schema_path)[:-1]
        ipath = instance_prefix + tuple(error.absolute_path)
        shape = not error.absolute_path and error.validator == "type"
        if shape and schema.get("type") == "array" and isinstance(value, dict):
            yield _problem(ex, root, base, label, error, spath, ipath)
            yield from _check(ex, root, base, label, schema.get("items", {}), value,
                              schema_prefix + ("items",), instance_prefix)
        elif shape and schema.get("type") == "object" and isinstance(value, list):
            yield _problem(ex, root, base, label, error, spath, ipath)
            for i, item in enumerate(value[:_MAX_ELEMENTS]):
                yield from _check(ex, root, base, label, schema, item, schema_prefix, instance_prefix + (i,))
        else:
            yield _problem(ex, root, base, label, error, spath, ipath)


def _problem(ex: Example, root: Field, base: str, label: str, error: Any,
             spath: tuple[Any, ...], ipath: tuple[Any, ...]) -> ExampleProblem:
    keyword = str(error.validator)
    instance = error.instance
    where = "/" + "/".join(pointer_escape(str(p)) for p in ipath) if ipath else "the top level"
    keys = [p for p in ipath if isinstance(p, str)]
    needle = f'"{keys[-1]}"' if keys else next((x.strip() for x in ex.text.split("\n") if x.strip()), "")
    if keyword == "required":
        missing = next((n for n in error.validator_value if isinstance(instance, dict) and n not in instance), "")
        spath = spath + ("properties", missing)
        field = _field_at(root, spath)
        message = f"{label} lacks the required field `{missing}` at {where}"
        return ExampleProblem(ex, _pointer(base, spath), keyword, message, None, field, "required", needle,
                              "absent")
    field = _field_at(root, spath)
    if keyword == "type":
        actual = _json_type(instance)
        stated = field.type.raw if field is not None and field.type.raw else error.validator_value
        said = show(instance) if actual not in ("array", "object") else f"an {actual}"
        if not ipath:
            message = f"{label} is {said}, but the table describes {_article(error.validator_value)}"
        else:
            message = f"{label} has {said} at {where}, but the table says {stated} ({error.validator_value})"
        value: Any = instance if actual not in ("array", "object") else actual
        return ExampleProblem(ex, _pointer(base, spath), keyword, message, value, field, stated, needle, said)
    if keyword == "enum":
        message = (f"{label} has {show(instance)} at {where}, which is not a documented value "
                   f"({', '.join(show(v) for v in error.validator_value)})")
        return ExampleProblem(ex, _pointer(base, spath), keyword, message, instance, field,
                              list(error.validator_value), needle, show(instance))
    if keyword in _CASES and all(isinstance(b, dict) and b.get("title") for b in error.validator_value):
        cases = ", ".join(str(b["title"]).split(" (")[0] for b in error.validator_value)
        message = f"{label} has {show(instance)} at {where}, which fits none of the documented cases ({cases})"
    else:
        message = (f"{label} has {show(instance)} at {where}, outside the documented {keyword} "
                   f"{show(error.validator_value)}")
    return ExampleProblem(ex, _pointer(base, spath), keyword, message, json_safe(instance), field,
                          json_safe(error.validator_value), needle, show(instance))


def _pointer(base: str, spath: tuple[Any, ...]) -> str:
    return base + "".join("/" + pointer_escape(str(p)) for p in spath)


def _field_at(root: Field, spath: tuple[Any, ...]) -> Field | None:
    """The table row a schema location was written from."""
    field: Field | None = root
    parts = list(spath)
    while parts and field is not None:
        part = parts.pop(0)
        if part == "properties" and parts:
            name = parts.pop(0)
            field = next((c for c in field.children if c.name == name), None)
        elif part == "allOf" and parts:
            parts.pop(0)
    return field


def _json_type(value: Any) -> str:
    return next(name for kind, name in _JSON_TYPES if isinstance(value, kind))


def _article(kind: Any) -> str:
    text = str(kind)
    return f"an {text}" if text[:1] in "aeiou" else f"a {text}"
