"""Which documented response examples the mock may serve as documented, and which not.

A page's response example is served as "documented" only when it honours its
own page: it validates against the strict form of the documented schema
(documented fields only, mandatory fields present, formats and enums kept;
:func:`.schema.strict_schema`), and it is not an error document filed under a
success status (``error_code``/``error_msg`` in a 200 example whose table
lists no such fields). An example that fails is withheld: the mock generates
a schema-valid body instead, and the contradiction is an
``example-schema-mismatch`` finding that the record keeps and certification
lists, with the example's page line and what is wrong with it.

Not responsible for choosing or generating the answer to a request
(:mod:`.respond`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from ..contract import ExampleSpec, Operation, ResponseSpec
from .schema import strict_schema
from .violations import FORMAT_CHECKER

__all__ = ["ResponseExamples", "WithheldExample", "default_status"]

_VOCAB = json.loads(Path(__file__).with_name("terminal_states.json").read_text(encoding="utf-8"))
#: Top-level keys of an error document: an example with them under a 2xx is misfiled.
_ERROR_KEYS = frozenset(_VOCAB["error_document_keys"])
#: Problems listed per withheld example.
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class WithheldExample:
    """A documented response example the mock does not serve, and why."""

    status: str
    name: str
    source: str
    problems: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"rule": "example-schema-mismatch", "status": self.status, "example": self.name,
                "source": self.source, "problems": list(self.problems)}


def default_status(responses: tuple[ResponseSpec, ...]) -> str:
    """The status a valid request gets by default: the lowest documented 2xx, else 200."""
    codes = sorted(r.status for r in responses if r.status.isdigit() and r.status.startswith("2"))
    return codes[0] if codes else "200"


class ResponseExamples:
    """An operation's response examples, named as the OpenAPI writer names them
    (``example1``... per status), each checked once against its strict schema."""

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.default_status = default_status(op.responses)
        self._validators = {
            r.status.upper(): Draft202012Validator(strict_schema(r.schema), format_checker=FORMAT_CHECKER)
            for r in op.responses if r.schema is not None
        }
        self.withheld: list[WithheldExample] = []
        self.valid: dict[str, list[tuple[str, ExampleSpec]]] = {}
        for status, named in sorted(self._named(op.examples).items()):
            for name, ex in named:
                problems = self.problems(status, ex.value)
                if problems:
                    self.withheld.append(WithheldExample(status, name, ex.source, tuple(problems)))
                else:
                    self.valid.setdefault(status, []).append((name, ex))

    def _named(self, examples: tuple[ExampleSpec, ...]) -> dict[str, list[tuple[str, ExampleSpec]]]:
        named: dict[str, list[tuple[str, ExampleSpec]]] = {}
        for ex in examples:
            if ex.kind != "response":
                continue
            status = (ex.status or self.default_status).upper()
            group = named.setdefault(status, [])
            group.append((f"example{len(group) + 1}", ex))
        return named

    def problems(self, status: str, value: Any) -> list[str]:
        """Why an example cannot be served as documented under ``status`` (empty: it can)."""
        spec = self.op.response(status)
        documented = set((spec.schema or {}).get("properties") or {}) if spec is not None else set()
        misfiled = _ERROR_KEYS & set(value) - documented if isinstance(value, dict) else set()
        if status.startswith("2") and misfiled:
            keys = ", ".join(sorted(misfiled))
            return [f"an error document ({keys}) filed under the success status {status}"]
        validator = self._validators.get(status.upper())
        if validator is None:
            return []
        errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
        return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"[:200] for e in errors[:_SHOWN]]

    def documented(self) -> list[dict[str, Any]]:
        """Every documented response and the examples served for it, for response coverage."""
        return [{"status": r.status, "source": r.source,
                 "examples": [n for n, _ in self.valid.get(r.status.upper(), [])]}
                for r in self.op.responses]
