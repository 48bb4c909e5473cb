"""What tells apart the pages that document one method and path: variant discriminators.

One operation is often documented by several pages: Nova's ``POST
…/servers/{id}/action`` by a page per action (``{"os-start": {}}``,
``{"reboot": {...}}``), a tag ``…/tags/action`` by a create page and a
delete page (``"action": "create"`` / ``"delete"``), ``POST /v3/auth/tokens``
by a password, a token, an agency and a federated page
(``auth.identity.methods``). This module finds, from each page's request body
schema and its own examples (plain JSON, as the writers and the contract
loader hold them), what a request shows that says which page it follows:

- a **value** at one place that every page fixes and no two unrelated pages
  share (a ``const`` or one-value ``enum`` the table states, else the one value
  every example of the page gives): ``/body/action`` = ``"create"``;
  arrays compare as multisets, so ``["password", "totp"]`` is one value;
- otherwise a top-level **key** a page always sends (required, or in every
  example) that the other pages never mention: ``/body/os-start``.

Pages whose discriminators are equal document the same variant (the English
and the Chinese page of ``os-start``): :func:`same_variant` says so, and the
caller keeps one. Pages with nothing to tell them apart get ``None`` (a
request then goes to the first page it satisfies).

Not responsible for loading or writing schemas (:mod:`.openapi`,
``conformance.contract``) or for judging requests (the mock, the suite).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Discriminator", "PageId", "VariantShape", "body_shape", "canonical", "discriminators", "doc_key",
           "same_variant", "value_at", "version_keys"]

#: Depth to which body objects are searched for a discriminating value.
_MAX_DEPTH = 4
_DOC_PREFIX = re.compile(r"^(?:en-us|zh-cn)_", re.IGNORECASE)


def doc_key(doc_id: str | None) -> str | None:
    """A doc id compared across formats: lower case, ``en-us_``/``zh-cn_`` prefix dropped.

    Pages with the same key are versions of one page (formats, languages,
    revisions); pages with different keys on one method and path are variants.
    """
    if not doc_id or not doc_id.strip():
        return None
    return _DOC_PREFIX.sub("", doc_id.strip().lower())


@dataclass(frozen=True, slots=True)
class PageId:
    """What tells one page of a method and path from another: its doc id, language, format, title, source."""

    doc_id: str | None
    lang: str
    format: str
    title: str
    source: str
    #: The page's request body schema (None: no body); pages of one doc set that document
    #: the same body are versions whatever their titles.
    body: Mapping[str, Any] | None = None


def version_keys(pages: Sequence[PageId]) -> list[str]:
    """One key per page of one method and path; pages with the same key are versions of one page.

    The doc id decides (:func:`doc_key`), except where one doc set (one language
    and format) holds two different titles under it: then the doc id was given to
    two pages, not to two versions of one. zh-md/dli 上传资源包 (``paths``, ``kind``) and 上传分组资源
    (``paths``, ``kind``, ``group``, ``is_async``) are both ``dli_02_0130`` on
    ``POST /v2.0/{project_id}/resources``; read as versions, the first judged
    every request, and the other page's own example was refused for a ``group``
    it never mentions. Such pages are keyed by their body too and become
    variants, when their request bodies differ in shape (:func:`body_shape`):
    zh-md/swr keeps pages such as 删除镜像仓库 and 删除组织下的镜像仓库, one
    operation written twice under one doc id, and those stay versions.
    Versions in other languages (an English page of that doc id) keep the
    doc id's key. A page with no doc id is keyed by its source.
    """
    base = [doc_key(p.doc_id) or f"source:{p.source}" for p in pages]
    shape = [body_shape(p.body) for p in pages]
    titles: dict[tuple[str, str, str], set[str]] = {}
    shapes: dict[tuple[str, str, str], set[str]] = {}
    for key, p, s in zip(base, pages, shape):
        titles.setdefault((key, p.lang, p.format), set()).add(_title(p))
        shapes.setdefault((key, p.lang, p.format), set()).add(s)
    out = []
    for key, p, s in zip(base, pages, shape):
        doc_set = (key, p.lang, p.format)
        split = len(titles[doc_set]) > 1 and len(shapes[doc_set]) > 1
        out.append(f"{key}#{p.lang}/{p.format}:{s}" if split else key)
    return out


#: Schema keywords that make a body's shape; descriptions, sources and examples do not.
_SHAPE_KEYS = frozenset({"type", "items", "required", "additionalProperties", "oneOf", "anyOf"})


def body_shape(schema: Any) -> str:
    """A request body schema reduced to its structure (field names, types, what is required), as text."""
    return json.dumps(_structure(schema), sort_keys=True, ensure_ascii=False)


def _structure(node: Any) -> Any:
    if isinstance(node, list):
        return [_structure(v) for v in node]
    if not isinstance(node, Mapping):
        return node
    out = {k: _structure(v) for k, v in node.items() if k in _SHAPE_KEYS}
    if isinstance(node.get("properties"), Mapping):
        out["properties"] = {name: _structure(v) for name, v in node["properties"].items()}
    return out


def _title(page: PageId) -> str:
    return " ".join(page.title.split()).casefold()




@dataclass(frozen=True, slots=True)
class Discriminator:
    """Where a request shows its variant, and what it must show there.

    ``pointer`` is ``/body/<keys…>`` or ``/query/<name>``; ``values`` the
    values that select this variant there (empty for a key discriminator: the
    member being there is enough). ``stated`` is True when the page's table
    says it (a required key, a ``const`` or one-value ``enum``), False when
    only the page's examples show it.
    """

    pointer: str
    values: tuple[Any, ...] = ()
    stated: bool = True

    @property
    def is_key(self) -> bool:
        return not self.values

    def path(self) -> tuple[str, ...]:
        """The pointer's segments after the location (``body``/``query``), unescaped."""
        parts = self.pointer.split("/")[2:]
        return tuple(p.replace("~1", "/").replace("~0", "~") for p in parts)

    @property
    def location(self) -> str:
        return self.pointer.split("/")[1]

    def matches(self, body: Any, query: Mapping[str, str] | None = None) -> bool:
        """Whether a request (its parsed JSON body and its query) shows this variant."""
        if self.location == "query":
            found = query is not None and self.path()[0] in query
            value = query[self.path()[0]] if query is not None and found else None
        else:
            found, value = value_at(body, self.path())
        if not found:
            return False
        return self.is_key or canonical(value) in {canonical(v) for v in self.values}

    def describe(self) -> str:
        """``action = "create"`` / ``os-start present``, for messages."""
        where = "/".join(self.path()) if self.location == "body" else f"?{self.path()[0]}"
        if self.is_key:
            return f"{where} present"
        return f"{where} = " + " or ".join(json.dumps(v, ensure_ascii=False) for v in self.values)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pointer": self.pointer}
        if self.is_key:
            out["present"] = True
        else:
            out["values"] = list(self.values)
        out["stated"] = self.stated
        return out

    @classmethod
    def from_json(cls, data: Any) -> "Discriminator | None":
        if not isinstance(data, Mapping):
            return None
        pointer = data.get("pointer")
        values = data.get("values")
        if not isinstance(pointer, str) or not pointer.startswith(("/body/", "/query/")):
            return None
        return cls(pointer, tuple(values) if isinstance(values, list) else (), bool(data.get("stated", True)))


@dataclass(frozen=True, slots=True)
class VariantShape:
    """What one page says of its request: body schema, example bodies, query schemas and
    the query values of its example request lines."""

    body: Mapping[str, Any] | None = None
    body_examples: tuple[Any, ...] = ()
    query: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    query_examples: tuple[Mapping[str, str], ...] = ()


def value_at(value: Any, path: Sequence[str]) -> tuple[bool, Any]:
    """``(found, value)`` at ``path`` through objects."""
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return False, None
        value = value[key]
    return True, value


def canonical(value: Any) -> str:
    """A value as comparable text; a list as the sorted multiset of its items."""
    if isinstance(value, list):
        return json.dumps(sorted(canonical(v) for v in value))
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def same_variant(a: Discriminator | None, b: Discriminator | None) -> bool:
    """Whether two pages' discriminators select the same requests (the same variant,
    documented twice); pages with none are never the same by this test."""
    if a is None or b is None or a.pointer != b.pointer:
        return False
    return {canonical(v) for v in a.values} == {canonical(v) for v in b.values}


def discriminators(shapes: Sequence[VariantShape]) -> list[Discriminator | None]:
    """One discriminator per page (``None`` where nothing tells it apart).

    A value discriminator is used when one place gives every page a value and
    at least two values differ; otherwise each page gets a key of its own when
    it has one.
    """
    if len(shapes) < 2:
        return [None] * len(shapes)
    found = _value_discriminators(shapes)
    return found if found is not None else _key_discriminators(shapes)


# ---------------------------------------------------------------- values


def _value_discriminators(shapes: Sequence[VariantShape]) -> list[Discriminator | None] | None:
    for pointer, path, location in _common_places(shapes):
        fixed = [_fixed_values(s, path, location) for s in shapes]
        if any(f is None for f in fixed):
            continue
        if len({frozenset(canonical(v) for v in f[0]) for f in fixed if f is not None}) < 2:
            continue
        return [Discriminator(pointer, f[0], f[1]) if f is not None else None for f in fixed]
    return None


def _common_places(shapes: Sequence[VariantShape]) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """Body places (shallowest first, in the first page's order) and query names every page has."""
    per_shape = [_body_places(s) for s in shapes]
    first = per_shape[0]
    common = [p for p in first if all(p in other for other in per_shape[1:])]
    for path in sorted(common, key=lambda p: (len(p), first.index(p))):
        yield "/body/" + "/".join(_escape(k) for k in path), path, "body"
    names = [n for n in shapes[0].query if all(n in s.query for s in shapes[1:])]
    for name in names:
        yield "/query/" + _escape(name), (name,), "query"


def _body_places(shape: VariantShape) -> list[tuple[str, ...]]:
    """Paths through objects that the schema or an example of the page has, in order."""
    places: list[tuple[str, ...]] = []
    _schema_places(shape.body, (), places)
    for example in shape.body_examples:
        _example_places(example, (), places)
    return places


def _schema_places(schema: Any, path: tuple[str, ...], out: list[tuple[str, ...]]) -> None:
    if not isinstance(schema, Mapping) or len(path) >= _MAX_DEPTH:
        return
    for name, sub in (schema.get("properties") or {}).items():
        here = (*path, name)
        if here not in out:
            out.append(here)
        _schema_places(sub, here, out)


def _example_places(value: Any, path: tuple[str, ...], out: list[tuple[str, ...]]) -> None:
    if not isinstance(value, dict) or len(path) >= _MAX_DEPTH:
        return
    for name, sub in value.items():
        here = (*path, str(name))
        if here not in out:
            out.append(here)
        _example_places(sub, here, out)


def _schema_at(schema: Any, path: Sequence[str]) -> Mapping[str, Any] | None:
    for key in path:
        if not isinstance(schema, Mapping):
            return None
        schema = (schema.get("properties") or {}).get(key)
    return schema if isinstance(schema, Mapping) else None


def _stated_values(schema: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    """A ``const`` or a one-value ``enum`` (on the value, or on every item of an array)."""
    if schema is None:
        return None
    if "const" in schema:
        return (schema["const"],)
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return (enum[0],)
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, Mapping):
        inner = _stated_values(items)
        if inner is not None:
            return ([inner[0]],)
    return None


def _fixed_values(shape: VariantShape, path: tuple[str, ...],
                  location: str) -> tuple[tuple[Any, ...], bool] | None:
    """``(values, stated)`` the page gives at ``path``, or None when it leaves it open:
    the value its table fixes, else the values its examples show there when every
    example has one and each is a value the page gives a meaning to."""
    if location == "query":
        stated = _stated_values(shape.query.get(path[0]))
        if stated is not None:
            return stated, True
        seen = [q[path[0]] for q in shape.query_examples if path[0] in q]
        if not seen or len(seen) != len(shape.query_examples):
            return None
        return _distinct(seen), False
    schema = _schema_at(shape.body, path)
    stated = _stated_values(schema)
    if stated is not None:
        return stated, True
    found = [value_at(x, path) for x in shape.body_examples]
    if not found or not all(ok for ok, _ in found):
        return None
    values = _distinct([v for _, v in found])
    if not all(_meaningful(schema, v) for v in values):
        return None
    return values, False


def _distinct(values: list[Any]) -> tuple[Any, ...]:
    out: dict[str, Any] = {}
    for v in values:
        out.setdefault(canonical(v), v)
    return tuple(out.values())


def _meaningful(schema: Mapping[str, Any] | None, value: Any) -> bool:
    """Whether an example's value is one the page gives a meaning to, not a sample name:
    one of the field's documented values, or a word its description names
    ("**create** indicates the creation operation", "Fill **assume_role** in this field")."""
    words = value if isinstance(value, list) else [value]
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        return False
    if schema is None:
        return False
    enum = schema.get("enum") or (schema.get("items") or {}).get("enum") or []
    if enum and all(w in enum for w in words):
        return True
    text = str(schema.get("description") or "")
    # ASCII word edges: a Chinese description writes the value against its gloss
    # ("仅限于create（创建）、delete（删除）", zh-md/smn), and CJK characters are \w
    return all(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.ASCII) for w in words)


# ---------------------------------------------------------------- keys


def _must_have(shape: VariantShape) -> tuple[list[str], set[str]]:
    """Top-level keys the page always sends (required, or in every example), and the
    ones it names at all."""
    body = shape.body if isinstance(shape.body, Mapping) else {}
    props = list(body.get("properties") or {})
    required = [k for k in body.get("required") or [] if isinstance(k, str)]
    examples = [x for x in shape.body_examples if isinstance(x, dict)]
    always = [k for k in (examples[0] if examples else {}) if all(k in x for x in examples)]
    must = list(dict.fromkeys([*required, *(k for k in props if k in always), *always]))
    named = set(props) | {str(k) for x in examples for k in x}
    return must, named


def _key_discriminators(shapes: Sequence[VariantShape]) -> list[Discriminator | None]:
    """For each page, the first key it always sends that only pages sending the same
    keys ever mention (those are the same variant, documented twice)."""
    facts = [_must_have(s) for s in shapes]
    out: list[Discriminator | None] = []
    for i, (must, _) in enumerate(facts):
        choice = None
        for key in must:
            others = [j for j, (_, named) in enumerate(facts) if j != i and key in named]
            twins = all(set(facts[j][0]) == set(must) for j in others)
            if twins and len(others) < len(shapes) - 1:
                body = shapes[i].body if isinstance(shapes[i].body, Mapping) else {}
                choice = Discriminator("/body/" + _escape(key), (), key in (body.get("required") or []))
                break
        out.append(choice)
    return out
