"""Deterministic cases: the documented examples, boundaries, and invalid requests.

Responsible for: the valid base case of an operation (documented example
values first, then defaults, then small placeholders; the sample file for a
documented raw-bytes upload), the documented example requests, boundary
cases (empty and large arrays, int32/int64 limits, empty, long and non-ASCII
strings, optional fields omitted and present, defaults, a large upload),
negative cases (missing body, body field, header or parameter; wrong types,
structures where a scalar is documented and the reverse, ``null``; values
outside an enum or a range; malformed JSON), robustness cases (duplicated
keys in raw JSON, judged only by checks that hold for any request),
requests without each required header, and requests with undocumented
methods. Each case varies one thing from the base and names the page line it
exercises; only what stays invalid in the documented body format
(``encoding``) is called invalid. Headers that describe the request itself
(``Content-Type``...) are the encoder's, never a case's.

Not responsible for: random cases (``strategies``) or the values of
individual fields (``values``).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from .case import Case
from ..contract import Operation, ParamSpec
from .encoding import DESCRIPTIVE_HEADERS, SAMPLE_FILE, BodyFormat, body_format
from ..schema_tools import delete_at, fields, is_valid, json_type, minimal_instance, set_at
from .values import LARGE_FILE, boundary_values, invalid_values, placeholder

__all__ = [
    "STANDARD_METHODS",
    "base_case",
    "boundary_cases",
    "example_cases",
    "method_cases",
    "missing_header_cases",
    "negative_cases",
    "robustness_cases",
]

STANDARD_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH")
_MALFORMED = b'{"job_ids": [1, 2,'
_CARRY_BODIES = ("POST", "PUT", "PATCH")
#: A request line that shows the template itself (``/v2/{project_id}/...``) gives no value.
_PLACEHOLDER_VALUE = re.compile(r"\{[^{}]*\}|<[^<>]*>")


def drawn(spec: ParamSpec) -> bool:
    """Whether cases choose this parameter's value (the encoder sets the descriptive headers)."""
    return not (spec.location == "header" and spec.name.strip().lower() in DESCRIPTIVE_HEADERS)


def _line_values(op: Operation) -> dict[str, str]:
    """Path and query values shown in a documented request line, if any."""
    values: dict[str, str] = {}
    for example in op.request_lines:
        line = (example.http_line or "").split()
        target = line[1] if len(line) > 1 else (line[0] if line else "")
        pattern = re.sub(r"\\\{([^{}]+)\\\}", lambda m: f"(?P<{_group(m.group(1))}>[^/?]+)",
                         re.escape(op.path))
        match = re.search(pattern + r"(?:\?|$)", target)
        if match:
            names = {_group(n): n for n in re.findall(r"\{([^{}]+)\}", op.path)}
            values.update({names[g]: v for g, v in match.groupdict().items()
                           if g in names and not _PLACEHOLDER_VALUE.fullmatch(v)})
    return values


def _group(name: str) -> str:
    return "g_" + re.sub(r"\W", "_", name)


def _param_value(spec: ParamSpec, shown: dict[str, str]) -> str:
    if spec.name in shown:
        return shown[spec.name]
    return placeholder(spec.name, spec.schema)


def _request_example(op: Operation, fmt: BodyFormat) -> Any:
    for example in op.examples:
        if example.kind != "request" or op.body is None:
            continue
        value = fmt.documented_value(example.value, op.body)
        if is_valid(op.body, value):
            return value
    return None


def base_case(op: Operation) -> Case:
    """A valid request: documented example values where the page shows them."""
    shown = _line_values(op)
    pick = {loc: tuple((p.name, _param_value(p, shown)) for p in op.params
                       if p.location == loc and (p.required or loc == "path") and drawn(p))
            for loc in ("path", "query", "header")}
    case = Case(op.method, pick["path"], pick["query"], pick["header"], kind="base",
                label="documented example values", source=op.source)
    fmt = body_format(op)
    if op.body is not None:
        example = _request_example(op, fmt)
        case = case.with_body(example if example is not None else minimal_instance(op.body))
    elif fmt.raw and op.method in _CARRY_BODIES:
        case = replace(case, raw_body=SAMPLE_FILE, has_body=True, label=f"a sample file as {fmt.media_type}")
    return case


def example_cases(op: Operation) -> list[Case]:
    """The documented example requests, exactly as the page shows them."""
    base = base_case(op)
    cases = [base.with_body(e.value, kind="example", label="documented example request", source=e.source)
             for e in op.examples if e.kind == "request" and op.body is not None]
    if not cases and op.request_lines:
        line = op.request_lines[0]
        cases = [Case(base.method, base.path_params, base.query, base.headers, base.body, base.has_body,
                      kind="example", label="documented example request line", source=line.source)]
    return cases


def boundary_cases(op: Operation, *, pinned: frozenset[str] = frozenset()) -> list[Case]:
    """Valid cases at the edges of what the page allows, one variation each."""
    base, cases = base_case(op), []
    if base.raw_body is not None:
        large = (SAMPLE_FILE * (LARGE_FILE // len(SAMPLE_FILE) + 1))[:LARGE_FILE]
        cases.append(replace(base, raw_body=large, kind="boundary", label=f"large upload ({LARGE_FILE} bytes)"))
    if op.body is not None and isinstance(base.body, dict | list):
        for label, body in (("only required fields", minimal_instance(op.body)),
                            ("all optional fields present", minimal_instance(op.body, full=True))):
            cases.append(base.with_body(body, kind="boundary", label=label, source=op.body.get("x-source", "")))
        for ref in fields(op.body):
            for label, value in boundary_values(ref.schema):
                body = set_at(base.body, ref.path, value, op.body)
                cases.append(base.with_body(body, kind="boundary", label=f"{_dotted(ref.path)}: {label}",
                                            source=ref.source))
    for spec in op.params:
        if spec.location in ("path", "query") and spec.name not in pinned:
            for label, value in boundary_values(spec.schema, text=True):
                cases.append(_with_param(base, spec, str(value), "boundary", f"{spec.name}: {label}"))
    return _unique([c for c in cases if op.body is None or not c.has_body or is_valid(op.body, c.body)])


def negative_cases(op: Operation) -> list[Case]:
    """Requests the page says are invalid, one violation each (as far as the body format shows it)."""
    base, cases, fmt = base_case(op), [], body_format(op)
    if op.body is not None:
        where = str(op.body.get("x-source", op.source))
        if op.body_required:
            cases.append(replace(base, has_body=False, body=None, kind="negative",
                                 label="request body missing", valid=False, source=where))
        if fmt.typed:
            cases.append(replace(base, raw_body=_MALFORMED, has_body=True, kind="negative",
                                 label="malformed JSON body", valid=False, source=where))
            wrong: Any = {} if json_type(op.body) == "array" else []
            label = ("body is an object, an array is expected" if wrong == {}
                     else "body is an array, an object is expected")
            cases.append(base.with_body(wrong, kind="negative", label=label, valid=False, source=where))
        cases += _field_negatives(op, base, fmt)
    for spec in op.params:
        if spec.required and spec.location in ("query", "header") and drawn(spec):
            cases.append(_without_param(base, spec, "negative"))
        if spec.location in ("path", "query"):
            for label, value in invalid_values(spec.schema, text=True):
                cases.append(_with_param(base, spec, str(value), "negative", f"{spec.name}: {label}", valid=False))
    return _unique(cases)


def _field_negatives(op: Operation, base: Case, fmt: BodyFormat) -> list[Case]:
    assert op.body is not None
    cases = []
    for ref in fields(op.body):
        present = set_at(base.body, ref.path, minimal_instance(ref.schema), op.body)
        if ref.required and fmt.checks_presence:
            cases.append(base.with_body(delete_at(present, ref.path), kind="negative", valid=False,
                                        label=f"mandatory field {_dotted(ref.path)} missing", source=ref.source))
        for label, value in invalid_values(ref.schema, text=not fmt.typed):
            cases.append(base.with_body(set_at(present, ref.path, value, op.body), kind="negative", valid=False,
                                        label=f"{_dotted(ref.path)}: {label}", source=ref.source))
    return [c for c in cases if not is_valid(op.body, c.body)]


def robustness_cases(op: Operation) -> list[Case]:
    """Requests no page rules on, that a server must still answer without failing (never with 5xx).

    A JSON object with a duplicated key (RFC 8259 leaves the meaning open): the
    first mandatory field sent twice, first with a wrong value and then with
    the right one, and the reverse.
    """
    base, fmt = base_case(op), body_format(op)
    if op.body is None or not fmt.typed or fmt.kind == "json-patch" or not isinstance(base.body, dict):
        return []
    body, where = base.body, str(op.body.get("x-source", op.source))
    key = next((k for k in op.body.get("required", []) if k in body), next(iter(body), None))
    if key is None:
        return []
    right = json.dumps(body[key], ensure_ascii=False)
    wrong = json.dumps([] if not isinstance(body[key], list) else "not-an-array")
    rest = [json.dumps(k, ensure_ascii=False) + ":" + json.dumps(v, ensure_ascii=False)
            for k, v in body.items() if k != key]
    cases = []
    for label, first, last in (("wrong value first", wrong, right), ("wrong value last", right, wrong)):
        members = [f"{json.dumps(key)}:{first}", *rest, f"{json.dumps(key)}:{last}"]
        raw = ("{" + ",".join(members) + "}").encode("utf-8")
        cases.append(replace(base, raw_body=raw, has_body=True, kind="robustness", valid=False,
                             label=f"duplicated key {key!r} in raw JSON, {label}", source=where))
    return cases


def missing_header_cases(op: Operation) -> list[Case]:
    """The base case without each required header, one at a time, and without any credentials
    when the page makes authentication mandatory (token or AK/SK: neither is sent)."""
    base = base_case(op)
    cases = [_without_param(base, spec, "missing-header") for spec in op.params
             if spec.location == "header" and spec.required and drawn(spec)]
    if op.auth_required:
        names = sorted({n for a in op.auth for n in a.names})
        bare = base
        for name in names:
            bare = bare.with_params("header", tuple((k, v) for k, v in bare.headers if k.lower() != name),
                                    name, kind="missing-header", valid=False,
                                    label="no documented credentials (" + " or ".join(a.describe() for a in op.auth)
                                    + ")", source=op.auth[0].source or op.source)
        cases.append(bare)
    return cases


def method_cases(op: Operation, documented: frozenset[str]) -> list[Case]:
    """The base request with each standard method the page does not document for this path."""
    base = base_case(op)
    return [Case(method, base.path_params, base.query, base.headers, kind="method",
                 label=f"undocumented method {method}", valid=False, source=op.source)
            for method in STANDARD_METHODS if method not in documented]


def _with_param(base: Case, spec: ParamSpec, value: str, kind: str, label: str, valid: bool = True) -> Case:
    pairs = tuple((k, v) for k, v in base.params(spec.location) if k != spec.name) + ((spec.name, value),)
    return base.with_params(spec.location, pairs, spec.name, kind=kind, label=label, valid=valid,
                            source=spec.source or base.source)


def _without_param(base: Case, spec: ParamSpec, kind: str) -> Case:
    pairs = tuple((k, v) for k, v in base.params(spec.location) if k.lower() != spec.name.lower())
    return base.with_params(spec.location, pairs, spec.name, kind=kind, valid=False,
                            label=f"mandatory {spec.location} {spec.name} missing", source=spec.source or base.source)


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join("[]" if isinstance(p, int) else p for p in path).replace(".[]", "[]") or "body"


def _unique(cases: list[Case]) -> list[Case]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for case in cases:
        key = (case.method, case.path_params, case.query, case.headers, repr(case.body), case.has_body,
               case.raw_body, case.own)
        if key not in seen:
            seen.add(key)
            out.append(case)
    return out
