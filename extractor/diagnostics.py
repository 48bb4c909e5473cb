"""Recoverable problems found while reading or interpreting a page.

A problem in a page is never printed from deep inside and never raised: it
becomes a :class:`Diagnostic` sent to a :class:`DiagnosticSink`, and the run
goes on. Exceptions are kept for unusable input or misuse::

    DocconformError            base of everything this package raises
     +-- InputError            a source that cannot be used at all (exit 2)
     +-- UsageError            wrong options (exit 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from .model import Span

__all__ = [
    "FAIL_ON",
    "Level",
    "Diagnostic",
    "DiagnosticSink",
    "DocconformError",
    "InputError",
    "UsageError",
]


class Level(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()


#: ``--fail-on`` values of every command: the lowest level that makes the exit code 1.
FAIL_ON: dict[str, Level | None] = {"error": Level.ERROR, "warning": Level.WARNING,
                                    "info": Level.INFO, "never": None}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem with its place: ``code`` is a stable kebab-case id."""

    span: Span
    code: str
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.span}: {self.level}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "level": str(self.level),
            "message": self.message,
            "source": self.span.source,
            "line": self.span.line,
        }


@dataclass
class DiagnosticSink:
    """Collects diagnostics; ``halt_level`` turns them into errors in strict mode."""

    items: list[Diagnostic] = field(default_factory=list)

    def emit(self, code: str, level: Level, message: str, span: Span) -> None:
        self.items.append(Diagnostic(span, code, level, message))

    def info(self, code: str, message: str, span: Span) -> None:
        self.emit(code, Level.INFO, message, span)

    def warning(self, code: str, message: str, span: Span) -> None:
        self.emit(code, Level.WARNING, message, span)

    def error(self, code: str, message: str, span: Span) -> None:
        self.emit(code, Level.ERROR, message, span)

    def extend(self, other: "DiagnosticSink") -> None:
        self.items.extend(other.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))

    def at_or_above(self, level: Level) -> list[Diagnostic]:
        return [d for d in self.items if d.level >= level]


class DocconformError(Exception):
    """Base of every exception this package raises on purpose."""


class InputError(DocconformError):
    """A source that cannot be used at all (missing path, unknown format)."""


class UsageError(DocconformError):
    """Options that do not make sense together."""
