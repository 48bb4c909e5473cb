"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
CORPUS = REPO.parent / "shared" / "corpus"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "000")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path
