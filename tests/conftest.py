"""Shared paths and helpers for the test suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

F = TypeVar("F", bound=Callable[..., Any])

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
CORPUS = REPO.parent / "shared" / "corpus"


def needs_corpus(test: F) -> F:
    """Mark a test as a corpus check (``-m corpus``) and skip it when ../shared/corpus is absent."""
    skip = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
    return pytest.mark.corpus(skip(test))


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "000")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path
