"""Every drift rule, registered: the version rules and the page rules.

Import :data:`RULES` or :func:`judge` from here (not from :mod:`.registry`)
wherever the whole catalogue must be known: the report document, the report
views, the engine.
"""

from __future__ import annotations

from . import lint as _lint  # noqa: F401  (registers the page rules)
from . import rules as _rules  # noqa: F401  (registers the version rules)
from . import conditions as _conditions  # noqa: F401  (registers example-condition-unmet)
from .registry import RULES, Rule, judge

__all__ = ["RULES", "Rule", "judge"]
