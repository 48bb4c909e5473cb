"""The project's conformance settings file: ``docconform.toml`` or pyproject ``[tool.docconform]``.

Responsible for: finding and reading the file (an explicit path, else
``docconform.toml``, else ``pyproject.toml`` in the working folder), and
turning its tables into plain values: ``[links.<param>]`` overrides of the
links the run infers (which operation creates, lists and deletes the
resource a parameter names, and where its id is in the answers), ``[auth]``
(a login flow of one's own), ``[[headers]]`` (headers scoped to operations)
and ``unique-fields`` (body fields whose values must differ between creates).
Errors name the file and the key.

Not responsible for: what the values mean to a run (``links``, ``auth``,
``state``) or command-line options (``settings``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ConfigError", "HeaderRule", "LinkOverride", "SuiteConfig", "load_config"]

_LINK_KEYS = {"resource", "create", "field", "list", "list-field", "delete"}


class ConfigError(ValueError):
    """The settings file cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class LinkOverride:
    """What the user states about the resource behind one parameter name (every key optional)."""

    param: str
    resource: str | None = None
    create: str | None = None        # "POST /v3/users"
    field: str | None = None         # "user.id", or "header:X-Subject-Token"
    list: str | None = None          # "GET /v3/users"
    list_field: str | None = None    # "users[].id"
    delete: str | None = None        # "DELETE /v3/users/{user_id}"


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """Headers sent only to operations matching ``operations`` ("GET /v3/auth/*", "* /v3/*")."""

    operations: str
    headers: dict[str, str]


@dataclass(frozen=True)
class SuiteConfig:
    source: str = ""
    links: dict[str, LinkOverride] = field(default_factory=dict)
    auth: dict[str, Any] = field(default_factory=dict)
    headers: tuple[HeaderRule, ...] = ()
    unique_fields: tuple[str, ...] = ("name",)


def load_config(path: Path | None, folder: Path) -> SuiteConfig:
    """The settings of ``path``, else of ``docconform.toml`` or pyproject ``[tool.docconform]`` in ``folder``."""
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: no such settings file")
        return _parse(_read(path), path, tool_table=path.name == "pyproject.toml")
    own = folder / "docconform.toml"
    if own.is_file():
        return _parse(_read(own), own, tool_table=False)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        return _parse(_read(pyproject), pyproject, tool_table=True)
    return SuiteConfig()


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not readable TOML: {exc}") from exc


def _parse(data: dict[str, Any], path: Path, *, tool_table: bool) -> SuiteConfig:
    where = f"{path}: [tool.docconform]" if tool_table else str(path)
    table = data.get("tool", {}).get("docconform", {}) if tool_table else data
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    return SuiteConfig(
        source=str(path),
        links=_links(table.get("links", {}), where),
        auth=_table(table.get("auth", {}), f"{where} auth"),
        headers=_headers(table.get("headers", []), where),
        unique_fields=tuple(_strings(table.get("unique-fields", ["name"]), f"{where} unique-fields")),
    )


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return value


def _links(value: Any, where: str) -> dict[str, LinkOverride]:
    out = {}
    for param, spec in _table(value, f"{where} links").items():
        spec = _table(spec, f"{where} links.{param}")
        unknown = sorted(set(spec) - _LINK_KEYS)
        if unknown:
            raise ConfigError(f"{where} links.{param}: unknown key(s) {', '.join(unknown)}; "
                              f"known: {', '.join(sorted(_LINK_KEYS))}")
        bad = [k for k, v in spec.items() if not isinstance(v, str)]
        if bad:
            raise ConfigError(f"{where} links.{param}.{bad[0]}: expected a string")
        out[param] = LinkOverride(param, spec.get("resource"), spec.get("create"), spec.get("field"),
                                  spec.get("list"), spec.get("list-field"), spec.get("delete"))
    return out


def _headers(value: Any, where: str) -> tuple[HeaderRule, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where} headers: expected an array of tables ([[headers]])")
    rules = []
    for index, item in enumerate(value):
        item = _table(item, f"{where} headers[{index}]")
        operations = item.get("operations", "*")
        values = item.get("values", {})
        if not isinstance(operations, str) or not isinstance(values, dict) \
                or not all(isinstance(v, str) for v in values.values()):
            raise ConfigError(f"{where} headers[{index}]: expected operations = \"METHOD PATH-GLOB\" "
                              "and values = {{ Header = \"value\" }}")
        rules.append(HeaderRule(operations, dict(values)))
    return tuple(rules)
