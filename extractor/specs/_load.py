"""A spec file parsed, with the line and column of every value in it.

JSON is parsed by :mod:`json`, YAML by PyYAML's safe loader; the places come
from PyYAML's node tree (JSON is YAML), so that a finding about a field of a
spec points at the line that states it, or, in a one-line JSON file, at its
column. Not responsible for what the values mean (:mod:`.openapi`,
:mod:`.groundtruth`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import InputError
from ..model import Span

__all__ = ["SpecDocument", "load_document"]

Path_ = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SpecDocument:
    """A parsed spec: its value, and the place of every value by its path of keys and indexes."""

    source: str
    value: Any
    places: dict[Path_, tuple[int, int]]

    def span(self, *path: Any) -> Span:
        """Where the value at ``path`` is written; the nearest enclosing value's place if unknown."""
        key = tuple(path)
        while key and key not in self.places:
            key = key[:-1]
        line, column = self.places.get(key, (1, 1))
        return Span(self.source, line, column if column > 1 else None)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_document(path: Path, source: str) -> SpecDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{source}: cannot read spec: {exc}") from exc
    try:
        value = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=_Loader)
        node = yaml.compose(text, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise InputError(f"{source}: not valid {path.suffix.lstrip('.').upper() or 'JSON'}: {exc}") from exc
    places: dict[Path_, tuple[int, int]] = {}
    if node is not None:
        _walk(node, (), places)
    return SpecDocument(source, value, places)


def _walk(node: yaml.Node, path: Path_, places: dict[Path_, tuple[int, int]]) -> None:
    """Record each value's place; a mapping value is placed at its key (where a reader looks)."""
    places.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            name = key.value
            places[path + (name,)] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _walk(child, path + (name,), places)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(child, path + (i,), places)
