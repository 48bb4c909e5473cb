"""Pure helpers of ``bench_mock_examples.py``: which requests to send, and how to judge the answer.

A page's own example request is the request the page promises works: sent to
the mock serving the extracted contract, it must not be rejected for its body.
These helpers pick those examples out of a bundle, fill the path template and
read the mock's answer (a success, or an RFC 9457 problem document listing the
violations) into a verdict. Kept apart from the script so tests import them
without starting anything.

Not responsible for extracting, starting the mock or sending (the script does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from docconform.extractor.writers.masked import is_masked

__all__ = ["PLACEHOLDER_VALUE", "Probe", "Verdict", "body_rejections", "fill_masked", "fill_path", "probes",
           "verdict"]

#: What every path placeholder is filled with: a plain token any id parameter accepts.
PLACEHOLDER_VALUE = "0a1b2c3d"
_PLACEHOLDER = re.compile(r"\{[^{}/]*\}")


@dataclass(frozen=True, slots=True)
class Probe:
    """One example request to send: where it is documented, and the request itself."""

    #: How the mock names the page when it names a variant: its doc id, else the bundle's x-source.
    label: str
    source: str
    method: str
    path: str
    body: bytes
    media_type: str
    #: How many masked secrets of the example (``"******"``) were filled (:func:`fill_masked`).
    masked: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    accepted: bool
    status: int
    #: ``rule pointer [line]: message`` of each error-level body violation.
    reasons: tuple[str, ...] = ()
    #: The documented variant the mock says it matched (its doc id), when it says.
    variant: str | None = None
    #: Body violations let through only because the page's own example commits them the same
    #: way (``X-Docconform-Precedents`` on an answer, ``precedent`` on a problem document's
    #: violations when the request was refused for something else); 0 under ``--strict``.
    precedents: int = 0


def fill_path(template: str) -> str:
    """The template with every ``{placeholder}`` filled, query string and host dropped."""
    path = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "", template.strip())
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    return _PLACEHOLDER.sub(PLACEHOLDER_VALUE, path)


#: Characters a filled secret cycles through: an upper and a lower case letter, a digit and a
#: special character, the classes password rules ask for.
_SECRET = "Aa1~"


def fill_masked(value: Any, schema: Any) -> tuple[Any, int]:
    """``value`` with each masked secret (``"******"``) replaced by a string of the documented length.

    A masked secret is a placeholder, as ``{project_id}`` is (see
    :mod:`docconform.extractor.writers.masked`): the page shows no value there, so it
    is filled, like a path placeholder, with a plain value of the length the field's
    schema asks for (``minLength``, else 8, capped by ``maxLength``). Returns the
    filled value and how many secrets were filled.
    """
    if is_masked(value):
        node = schema if isinstance(schema, dict) else {}
        if node.get("type", "string") != "string":
            return value, 0
        size = int(node.get("minLength", 8))
        size = min(max(size, 8), int(node.get("maxLength", max(size, 8))))
        return (_SECRET * size)[:size], 1
    if isinstance(value, dict):
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        out, n = {}, 0
        for key, item in value.items():
            out[key], k = fill_masked(item, props.get(key))
            n += k
        return out, n
    if isinstance(value, list):
        items = schema.get("items") if isinstance(schema, dict) else None
        pairs = [fill_masked(item, items) for item in value]
        return [v for v, _ in pairs], sum(k for _, k in pairs)
    return value, 0


def probes(bundle: dict[str, Any]) -> Iterator[Probe]:
    """The bundle's strict-JSON example requests that carry a body value."""
    body_schema = (bundle.get("request") or {}).get("body")
    media = "application/json"
    if isinstance(body_schema, dict):
        media = str(body_schema.get("x-media-type") or media)
    for example in bundle.get("examples") or []:
        if example.get("kind") != "request" or not example.get("strict") or "value" not in example:
            continue
        value, masked = fill_masked(example["value"], body_schema)
        yield Probe(
            label=str(bundle.get("doc_id") or bundle.get("x-source", "")), source=str(example.get("x-source", bundle.get("x-source", ""))),
            method=str(bundle.get("method", "POST")).upper(), path=fill_path(str(bundle.get("path", "/"))),
            body=json.dumps(value, ensure_ascii=False).encode("utf-8"),
            media_type=media if "json" in media else "application/json", masked=masked)


def body_rejections(problem: Any) -> tuple[str, ...]:
    """The error-level violations under ``/body`` of a problem document, as text."""
    if not isinstance(problem, dict):
        return ()
    out = []
    for v in problem.get("violations") or []:
        if isinstance(v, dict) and v.get("level") == "error" and str(v.get("pointer", "")).startswith("/body"):
            out.append(f"{v.get('rule')} {v.get('pointer')} [{v.get('source') or '-'}]: {v.get('message')}")
    return tuple(out)


def verdict(status: int, headers: dict[str, str], body: bytes) -> Verdict:
    """Accepted unless the answer is a problem document with an error-level body violation."""
    variant = unquote(headers["x-docconform-variant"]) if "x-docconform-variant" in headers else None
    problem: Any = None
    if headers.get("content-type", "").startswith("application/problem+json"):
        try:
            problem = json.loads(body)
        except ValueError:
            problem = None
    reasons = body_rejections(problem)
    if problem is not None and variant is None and isinstance(problem, dict):
        variant = problem.get("variant")
    excused = headers.get("x-docconform-precedents", "0")
    precedents = int(excused) if excused.isdigit() else 0
    if isinstance(problem, dict):  # rejected for something else (a missing token): the body's warnings say
        precedents = sum(1 for v in problem.get("violations") or []
                         if isinstance(v, dict) and v.get("precedent") and str(v.get("pointer", "")).startswith("/body"))
    return Verdict(not reasons, status, reasons, variant, precedents)
