"""Baselines: findings accepted once and silenced in later runs.

A baseline is a file of fingerprints (:attr:`~.findings.Finding.fingerprint`,
which survives line shifts). Three shapes are read, so that the natural
workflow needs no extra step: a previous ``drift.json`` (its findings are the
accepted ones), a JSON list of fingerprints (or of finding objects), or an
object with a ``fingerprints`` list. Findings whose fingerprint is in the
baseline are dropped from the report and counted in its ``baselined`` field.

Not responsible for computing fingerprints (the Finding does) nor for
writing baselines: the report a run writes is one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..diagnostics import InputError
from .findings import Finding

__all__ = ["apply_baseline", "load_baseline"]


def load_baseline(path: Path) -> frozenset[str]:
    """The accepted fingerprints in ``path``; :class:`InputError` if it is not a baseline."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise InputError(f"{path}: baseline is not JSON: {exc}") from exc
    items = _items(data)
    if items is None:
        raise InputError(f"{path}: not a baseline (expected a drift report, a list of fingerprints, "
                         "or an object with a 'fingerprints' list)")
    out = set()
    for item in items:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict) and isinstance(item.get("fingerprint"), str):
            out.add(item["fingerprint"])
        else:
            raise InputError(f"{path}: baseline entry without a fingerprint: {json.dumps(item)[:80]}")
    return frozenset(out)


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("findings", "fingerprints"):
            if isinstance(data.get(key), list):
                return list(data[key])
    return None


def apply_baseline(findings: Sequence[Finding], accepted: frozenset[str]) -> tuple[list[Finding], int]:
    """Findings not in the baseline, and how many were silenced."""
    kept = [f for f in findings if f.fingerprint not in accepted]
    return kept, len(findings) - len(kept)
