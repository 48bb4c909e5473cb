"""Speed-ups for docutils that leave every result identical: ASCII fast paths, settings once.

docutils measures every line of a grid table character by character to skip
combining characters (``column_indices``, ``strip_combining_chars``), calling
``unicodedata.combining`` once per character: on the OTC pages, whose tables
are wide and plain ASCII, that is about a sixth of all reStructuredText
parsing. An ASCII string has no combining characters, so for it the answers
are known without looking (``range(len(line))`` and the line itself); any
other string goes to docutils' own function. Results are identical.

docutils splits a definition-list term at ``' +: +'`` (classifiers): on a
term with a long run of blanks and no colon after it, that pattern retries
from every blank of the run to its end, which is quadratic (23 s for one
200 KB line of a damaged page). ``(?<! ) +: +`` starts only where a run
starts, the one place a match can begin; the splits are identical.

:func:`install` replaces the helpers where docutils looks them up, once per
process, and only where they are still docutils' own functions (a docutils
release that moves them is left alone). Not responsible for registering
roles or directives (:mod:`._rst_roles`) or for anything else in docutils.
"""

from __future__ import annotations

import copy
import importlib
import re
import threading
from collections.abc import Callable
from typing import Any

from docutils import utils
from docutils.core import Publisher
from docutils.parsers import Parser

__all__ = ["doctree_settings", "install"]

#: module -> the names it looks these helpers up by.
_USERS = {
    "docutils.utils": ("column_indices", "strip_combining_chars"),
    "docutils.parsers.rst.states": ("strip_combining_chars",),
    "docutils.parsers.rst.tableparser": ("strip_combining_chars",),
}
_installed = False
_settings: dict[frozenset[tuple[str, Any]], Any] = {}
_lock = threading.Lock()


def _fast_column_indices(original: Callable[[str], list[int]]) -> Callable[[str], list[int]]:
    def column_indices(text: str) -> list[int]:
        return list(range(len(text))) if text.isascii() else original(text)

    column_indices.__doc__ = original.__doc__
    return column_indices


def _fast_strip(original: Callable[[str], str]) -> Callable[[str], str]:
    def strip_combining_chars(text: str) -> str:
        return text if text.isascii() else original(text)

    strip_combining_chars.__doc__ = original.__doc__
    return strip_combining_chars


def install() -> None:
    """Install the fast paths (idempotent; call under the caller's set-up lock)."""
    global _installed
    if _installed:
        return
    utils = importlib.import_module("docutils.utils")
    originals: dict[str, Any] = {n: getattr(utils, n, None) for n in _USERS["docutils.utils"]}
    fast = {
        "column_indices": _fast_column_indices(originals["column_indices"]),
        "strip_combining_chars": _fast_strip(originals["strip_combining_chars"]),
    }
    for module_name, names in _USERS.items():
        module = importlib.import_module(module_name)
        for name in names:
            if originals[name] is not None and getattr(module, name, None) is originals[name]:
                setattr(module, name, fast[name])
    text_state = importlib.import_module("docutils.parsers.rst.states").Text
    if getattr(text_state, "classifier_delimiter", None) is not None and \
            text_state.classifier_delimiter.pattern == " +: +":
        text_state.classifier_delimiter = re.compile("(?<! ) +: +")
    _installed = True


def doctree_settings(parser: Parser, overrides: dict[str, Any]) -> Any:
    """The settings ``publish_doctree(parser=parser, settings_overrides=overrides)`` builds.

    Built once per set of overrides (the warning stream aside, which each
    call gets its own of, as it does the dependency list docutils adds to).
    """
    key = frozenset((k, v) for k, v in overrides.items() if k != "warning_stream")
    with _lock:
        if key not in _settings:
            defaults = {**overrides}
            defaults.setdefault("traceback", True)  # as publish_programmatically does
            _settings[key] = Publisher(reader="standalone", parser=parser,
                                       writer="null").get_settings(**defaults)
        settings = copy.copy(_settings[key])
    settings.warning_stream = overrides.get("warning_stream")
    settings.record_dependencies = utils.DependencyList()
    return settings
