"""Masked secrets in example bodies: ``"password": "******"`` shows where a value goes, not a value.

Pages redact the secrets of their example requests: ``"password": "********"``
(rst/dds, rst/iam), ``"adminPass": "***"`` (ecs), ``"cluster_admin_secret":
"******"`` (mrs). Such a string is a placeholder, as ``{project_id}`` is in the
request line: the page states no value there, so it neither contradicts the
field's table (a ``minLength`` of 8 against six asterisks) nor shows what a
valid value looks like. Who reads an example body asks this module where its
masked strings are: the mock does not take them as page precedents, and the
example benchmark fills them as it fills path placeholders.

A masked string is at least :data:`MIN_MASK` copies of one mask character and
nothing else; a lone ``"*"`` or ``"**"`` is a wildcard value ("all"), not a mask.
Plain JSON in, JSON pointers out, so the extractor and the conformance side
share it. Not responsible for deciding what a masked field should hold (the
caller's schema says).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["MASK_CHARACTERS", "MIN_MASK", "is_masked", "masked_pointers"]

#: Characters pages redact secrets with: asterisks, and the bullets of copied password fields.
MASK_CHARACTERS = frozenset("*•●")
#: Fewer copies are a wildcard ("*" = all), not a redaction.
MIN_MASK = 3


def is_masked(value: Any) -> bool:
    """Whether ``value`` is a string of one mask character repeated, at least :data:`MIN_MASK` times."""
    return (isinstance(value, str) and len(value) >= MIN_MASK
            and value[0] in MASK_CHARACTERS and value == value[0] * len(value))


def masked_pointers(value: Any) -> list[str]:
    """The JSON pointers (RFC 6901) of every masked string in ``value``, in document order."""
    return list(_walk(value, ""))


def _walk(value: Any, pointer: str) -> Iterator[str]:
    if is_masked(value):
        yield pointer
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{pointer}/{_escape(str(key))}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{pointer}/{i}")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
