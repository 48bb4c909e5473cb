"""Showing requests to people: curl command lines with secrets hidden.

Responsible for: :class:`Redactor`, which hides every secret the user gave
(header values, sensitive query values) and every value of a sensitive header
wherever it would appear in output, and :func:`to_curl`, which renders a
request as a command a person can paste into a shell.

Not responsible for: sending requests (``client``) or laying out reports
(``report``); both pass everything they print through a :class:`Redactor`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

from .client import Request

__all__ = ["MASK", "Redactor", "is_sensitive", "to_curl"]

MASK = "[REDACTED]"
_SENSITIVE = re.compile(r"auth|token|secret|key|password|passwd|cookie|session|signature|credential",
                        re.IGNORECASE)
#: Shorter secrets are still masked where they are used (headers), but not
#: searched for in free text, where they would mangle unrelated words.
_MIN_FREE_TEXT = 4


def is_sensitive(name: str) -> bool:
    """A header or parameter whose value is a credential by its name alone."""
    return bool(_SENSITIVE.search(name))


class Redactor:
    """Replaces secrets in text; build one per run from the values the user gave."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {s for s in secrets if s}
        variants = {v for s in values for v in (s, quote(s, safe=""), quote_plus(s), s.replace('"', '\\"'))}
        self._secrets = frozenset(values)
        self._free = sorted((v for v in variants if len(v) >= _MIN_FREE_TEXT), key=len, reverse=True)

    def add(self, secret: str) -> None:
        """Hide ``secret`` from now on (a token or password the run obtained while running)."""
        if not secret or secret in self._secrets:
            return
        self._secrets = self._secrets | {secret}
        variants = {secret, quote(secret, safe=""), quote_plus(secret), secret.replace('"', '\\"')}
        self._free = sorted({*self._free, *(v for v in variants if len(v) >= _MIN_FREE_TEXT)}, key=len, reverse=True)

    def text(self, text: str) -> str:
        for secret in self._free:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def header(self, name: str, value: str) -> str:
        if is_sensitive(name) or value in self._secrets:
            return MASK
        return self.text(value)

    def headers(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(name, self.header(name, value)) for name, value in pairs]


def to_curl(request: Request, redactor: Redactor, *, max_body: int | None = None) -> str:
    """``request`` as a curl command; the body is cut after ``max_body`` characters when given."""
    parts = ["curl", "-sS", "-X", request.method, shlex.quote(redactor.text(request.url))]
    for name, value in request.headers:
        parts += ["-H", shlex.quote(f"{name}: {redactor.header(name, value)}")]
    if request.body is not None:
        text = redactor.text(request.body.decode("utf-8", errors="replace"))
        if max_body is not None and len(text) > max_body:
            text = text[:max_body] + f"...[{len(text) - max_body} more characters]"
        parts += ["--data-binary", shlex.quote(text)]
    return " ".join(parts)
