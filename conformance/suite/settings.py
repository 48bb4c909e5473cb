"""What a conformance run was asked to do, parsed once from options.

Responsible for: :class:`Settings` (target, contract, selection, fixed values,
generation and safety bounds), parsing ``NAME=VALUE`` pairs, headers taken
from the environment, rate limits such as ``10/s``, and selecting operations
by method, path and doc id. Both the pytest plugin and ``docconform test``
build their options from here so they cannot disagree.

Not responsible for: running anything (``runner``) or pytest wiring (``plugin``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import urlsplit

from .case import Fixed
from ..contract import Operation

__all__ = ["Settings", "SettingsError", "aksk_from_env", "headers_from_env", "parse_pairs", "parse_rate",
           "select"]

_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?\s*$", re.IGNORECASE)
_PER = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}


class SettingsError(ValueError):
    """An option value that cannot be used; the message names the option, never a secret."""


@dataclass(frozen=True)
class Settings:
    base_url: str
    schemas: Path
    fixed: Fixed = field(default_factory=Fixed)
    methods: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    exclude_checks: tuple[str, ...] = ()
    max_examples: int = 50
    seed: int = 0
    timeout: float = 5.0
    rate_limit: float | None = None
    max_response_bytes: int = 1 << 20
    allow_mutating: bool = False
    shrink_seconds: float = 10.0
    report_dir: Path | None = Path("reports")
    #: Access key pair for operations documented with AK/SK signing (``--aksk-env``).
    aksk: tuple[str, str] | None = None
    #: A login flow (``keystone``, or ``config`` for the settings file's ``[auth]``), or None.
    auth: str | None = None
    #: The settings file (None: ``docconform.toml`` or ``pyproject.toml`` in the working folder).
    config: Path | None = None
    #: Add one stateful sequence test per resource (create, read, update, read, delete, read).
    sequences: bool = False

    @property
    def secrets(self) -> list[str]:
        """Every value the user pinned that could be a credential: all header values,
        and query values whose names say they are keys or tokens."""
        from .curl import is_sensitive
        values = list(self.fixed.headers.values()) + list(self.aksk or ())
        values += [v for k, v in self.fixed.query.items() if is_sensitive(k)]
        password = urlsplit(self.base_url).password
        return values + ([password] if password else [])


def parse_pairs(items: Iterable[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` (or ``NAME: VALUE`` for headers) into a dict; errors never echo the value."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or ":" in name:
            name, sep, value = item.partition(":")
        name = name.strip()
        if not sep or not name:
            raise SettingsError(f"{option}: expected NAME=VALUE, got an item without '=' "
                                f"(starting {item[:3]!r}...)")
        out[name] = value.strip() if sep == ":" else value
    return out


def headers_from_env(items: Iterable[str], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``NAME=ENVVAR`` pairs: the header NAME gets the value of the environment variable ENVVAR."""
    env = os.environ if environ is None else environ
    out = {}
    for name, var in parse_pairs(items, "--header-env").items():
        if var not in env:
            raise SettingsError(f"--header-env: environment variable {var} (for header {name}) is not set")
        out[name] = env[var]
    return out


def aksk_from_env(text: str | None, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """``AK_VAR:SK_VAR``: the access key pair from those environment variables."""
    if not text:
        return None
    env = os.environ if environ is None else environ
    names = text.split(":")
    if len(names) != 2 or not all(n.strip() for n in names):
        raise SettingsError(f"--aksk-env: expected AK_VAR:SK_VAR (two environment variable names), got {text!r}")
    missing = [n for n in names if n not in env]
    if missing:
        raise SettingsError(f"--aksk-env: environment variable {missing[0]} is not set")
    return env[names[0]], env[names[1]]


def parse_rate(text: str | None) -> float | None:
    """Requests per second from ``10``, ``10/s``, ``100/m`` or ``1000/h``."""
    if not text:
        return None
    match = _RATE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise SettingsError(f"--rate-limit: expected N, N/s, N/m or N/h with N > 0, got {text!r}")
    return float(match.group(1)) / _PER[(match.group(2) or "s").lower()]


def select(operations: Sequence[Operation], settings: Settings) -> list[Operation]:
    """Operations matching every given kind of selector (methods, path globs, doc ids)."""
    def keep(op: Operation) -> bool:
        if settings.methods and op.method not in {m.upper() for m in settings.methods}:
            return False
        if settings.paths and not any(fnmatchcase(op.path, p) for p in settings.paths):
            return False
        return not settings.doc_ids or op.doc_id in settings.doc_ids
    return [op for op in operations if keep(op)]
