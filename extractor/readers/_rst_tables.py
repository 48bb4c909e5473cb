"""docutils' table parsers made to fail as documented on every malformed table.

For a malformed table docutils raises ``TableMarkupError``, which it turns
into an "Malformed table" error message and a literal block, and reading
goes on. A few damaged grid tables (one flipped byte in a border line of an
OTC page is enough) instead trip an ``assert`` inside ``GridTableParser``
(``mark_done``, docutils 0.21-0.23): the exception escapes the whole parse
and the page is lost. :func:`install` wraps the parsers' ``parse`` so that
any ``AssertionError`` from them becomes the ``TableMarkupError`` docutils
handles, with the same effect as any other malformed table: one table lost,
reported as an ``rst-warning`` with its line, the rest of the page read.

Not responsible for anything else docutils parses; a docutils release
without these classes is left alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from docutils.parsers.rst import tableparser

__all__ = ["install"]

_installed = False


def _documented_failure(parse: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(parse)
    def checked(self: Any, block: Any) -> Any:
        try:
            return parse(self, block)
        except AssertionError as exc:
            raise tableparser.TableMarkupError(
                "Its borders do not line up (docutils' table parser gave up on an assertion).",
                offset=0,
            ) from exc

    checked.__wrapped_for_docconform__ = True  # type: ignore[attr-defined]
    return checked


def install() -> None:
    """Wrap the grid and simple table parsers once (idempotent; call under the set-up lock)."""
    global _installed
    if _installed:
        return
    for name in ("GridTableParser", "SimpleTableParser"):
        cls = getattr(tableparser, name, None)
        parse = getattr(cls, "parse", None)
        if parse is not None and not getattr(parse, "__wrapped_for_docconform__", False):
            cls.parse = _documented_failure(parse)  # type: ignore[union-attr]
    _installed = True
