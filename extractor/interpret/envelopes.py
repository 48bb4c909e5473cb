"""Restore the envelope object a body table leaves out but the page's own examples show.

Some pages document a body's fields and omit the single object that wraps
them: the table lists ``key`` and ``value`` while the example request is
``{"tag": {"key": "DEV", "value": "1"}}``; the response table lists
``clusterId``… while every example answers ``{"cluster": {"clusterId": …}}``.
Read literally, the contract rejects the page's own examples. Where every
strict example of that body is an object with one key that the table does not
have, and the value under that key is an object (or an array of objects)
whose keys are mostly the table's fields, the body is read as wrapped in that
key, and an ``body-envelope`` info diagnostic says so.

Never applied when the examples disagree with each other, when the table
already has the key, or when the example's inner keys do not match the
table (then the example is simply wrong, which lint reports).

The same evidence regroups a flat table that lists an object's fields as
its siblings (``job_submit_result | Object``, then ``job_id``, ``state``): when
every example holds those keys inside the object and never beside it, they
are moved under it (``fields-regrouped``, info).

Where the Type cell leaves the shape open, the examples settle it: a field
whose Type cell states no type (``无``) but whose table was found is a list
where every example holds a list of objects, a bare plural (``objects``) is
an object where every example holds one object (``type-from-examples``); a
map whose table lists its keys (every example key is a row) is an object
(``map-keyed-by-fields``); a field whose table puts its fields in one object
that no example shows holds them directly (``wrapper-unshown``); an object
with no table, link or named type whose every example holds keys there has
open keys (``object-keys-open``), and a list of objects with no table,
link or named type whose every example holds strings there is a list of
strings (``type-from-examples``). All info
diagnostics; a stated type is never overridden otherwise.

Not responsible for reading examples (:mod:`.examples`) nor for building
bodies (:mod:`.fields`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..diagnostics import DiagnosticSink
from ..model import Example, Field, TypeRef
from . import vocab
from .types import names_model, parse_type

__all__ = ["regrouped", "with_envelope"]

#: A key that names a structure; a network id or other value used as a key (a map) does not.
_NAME_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_DATA_LIKE = re.compile(r"[0-9a-f]{8}-|\d{4,}|[0-9a-f]{16,}", re.IGNORECASE)

#: Share of the example's inner keys that must be fields of the table.
_MIN_SHARED = 0.6
#: The description of an envelope the page's examples show and its table does not.
_ENVELOPE_NOTE = "(envelope shown by the page's examples, not in its table)"


def with_envelope(body: Field | None, examples: list[Example], sink: DiagnosticSink) -> Field | None:
    """``body``, wrapped in the one key its examples put around its fields, if they all do.

    Also the bare form of the same omission: a table of fields whose every
    example is a JSON array of such objects (``[{"event_name": …}]``)
    describes the elements of a root array. A table of fields says nothing of
    the body's own shape, so the page's examples, where they all agree,
    decide it; where they disagree with each other nothing is changed.
    """
    if body is not None and not body.children and _scalar_map(body.type):
        return _map_envelope(body, examples, sink)
    if body is None or not body.children or body.type.base != "object" or body.type.values is not None:
        return body  # a map's keys are data: no key of its examples is an envelope
    as_root_array = _root_array(body, examples, sink)
    if as_root_array is not None:
        return as_root_array
    values = [ex.value for ex in examples if ex.strict and isinstance(ex.value, dict)]
    if not values or len(values) != sum(1 for ex in examples if ex.strict):
        return body
    names = {c.name for c in body.children}
    key = _envelope_key(values, names)
    if key is None:
        return body
    inner = [v[key] for v in values]
    as_array = all(isinstance(x, list) for x in inner)
    objects = [o for x in inner for o in (x if as_array else [x]) if isinstance(o, dict)]
    if not objects or not (as_array or all(isinstance(x, dict) for x in inner)):
        return body
    seen = {k for o in objects for k in o}
    if not seen or len(seen & names) / len(seen) < _MIN_SHARED:
        return body
    sink.info("body-envelope", f"the table lists the fields of {key!r} without that object, which every "
              f"example of this body wraps them in; read as {{{key!r}: {'[…]' if as_array else '{…}'}}}",
              body.span)
    wrapper = Field(key, body.location, _object_type(as_array), body.span, required=True,
                    children=body.children, description=_ENVELOPE_NOTE)
    return _enveloped(wrapper)


def _scalar_map(t: TypeRef) -> bool:
    return t.base == "object" and t.values is not None and t.values.scalar


def _map_envelope(body: Field, examples: list[Example], sink: DiagnosticSink) -> Field:
    """A body read as a map of strings whose every example wraps that map in one key.

    ECS nova ``GET …/images/{image_id}/metadata``: the table's one row is
    ``User customization | String | Specifies the key pair of the metadata.``
    (a placeholder row: the body is a map), and the example is
    ``{"metadata": {"__os_version": "…", …}}``. A map of strings cannot hold an
    object, so the key is the envelope and the map is inside it. Only where
    every strict example is an object with one key holding a non-empty object
    of scalars (``body-envelope``, info).
    """
    strict = [ex.value for ex in examples if ex.strict]
    if not strict or not all(isinstance(v, dict) and len(v) == 1 for v in strict):
        return body
    keys = {k for v in strict for k in v}
    inner = [x for v in strict for x in v.values()]
    if len(keys) != 1 or not all(isinstance(x, dict) and x and not any(
            isinstance(y, (dict, list)) for y in x.values()) for x in inner):
        return body
    (key,) = keys
    sink.info("body-envelope", f"the table describes a map, and every example of this body wraps it in "
              f"{key!r}; read as {{{key!r}: {{…}}}}", body.span)
    return _enveloped(replace(body, name=key, required=True, description=body.description or _ENVELOPE_NOTE))


def _enveloped(wrapper: Field) -> Field:
    """The body that holds ``wrapper`` (the key the examples put around the table's fields) alone."""
    return Field("", wrapper.location, _object_type(False), wrapper.span, children=(wrapper,))


def _envelope_key(values: list[dict[str, Any]], names: set[str]) -> str | None:
    """The one key of every example that can wrap the table's fields.

    Either the example's only key, or the only key that holds an object or a
    list when every other key holds a scalar the table does not have
    (``{"versions": […], "next_marker": 1}``: the paging marker beside the list
    is simply not documented). The table must not have the key itself.
    """
    keys = set()
    for v in values:
        holders = [k for k, x in v.items() if isinstance(x, (dict, list))]
        others = [k for k in v if k not in holders]
        if len(holders) != 1 or any(k in names or isinstance(v[k], (dict, list)) for k in others):
            return None
        keys.add(holders[0])
    key = keys.pop() if len(keys) == 1 else None
    return None if key is None or key in names else key


def _root_array(body: Field, examples: list[Example], sink: DiagnosticSink) -> Field | None:
    strict = [ex.value for ex in examples if ex.strict]
    if not strict or not all(isinstance(v, list) and v for v in strict):
        return None
    objects = [o for v in strict for o in v]
    if not all(isinstance(o, dict) for o in objects):
        return None
    names = {c.name for c in body.children}
    seen = {k for o in objects for k in o}
    if not seen or len(seen & names) / len(seen) < _MIN_SHARED:
        return None
    sink.info("body-envelope", "the table lists the fields of one element, and every example of this "
              "body is an array of them; read as an array of objects", body.span)
    return Field("", body.location, _object_type(True), body.span, children=body.children)


def regrouped(body: Field | None, examples: list[Example], sink: DiagnosticSink) -> Field | None:
    """``body`` with fields moved under the bare object sibling every example nests them in.

    Examples that needed a repair count too (``{"func_code": {"file": "…", }, }``,
    zh-md/functiongraph): a trailing comma or a comment does not change where a key
    is nested, and a page's only example is often such a one.
    """
    values = [ex.value for ex in examples if isinstance(ex.value, (dict, list))]
    if body is None or not values or not _shaped_alike(body.type, values):
        return body  # the examples contradict the table's shape: that is lint's to report
    if _is_map(body.type):
        values = [v for o in _objects(values) for v in o.values()]
    return _regroup(body, values, sink)


def _shaped_alike(t: TypeRef, values: list[Any]) -> bool:
    """Whether every value is what the type says at the top: a list for an array, else an object.

    A table of a root array whose example is ``{"auto_scaling_policies": [...]}`` (rst/mrs)
    contradicts itself; nothing is regrouped on such evidence.
    """
    is_array = t.base == "array"
    return all(isinstance(v, list) == is_array for v in values if isinstance(v, (dict, list)))


def _regroup(node: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    objects = [o for o in _objects(values)]
    children = list(node.children)
    for parent in [c for c in children if _bare_object(c)]:
        inner = [o[parent.name] for o in objects if parent.name in o]
        inner_objects = list(_objects(inner))
        if not inner_objects:
            continue
        keys = {k for o in inner_objects for k in o}
        siblings = {c.name for c in children if c is not parent}
        beside = {k for o in objects for k in o}
        moved = keys & siblings
        if not moved or not keys <= siblings | {parent.name} or moved & beside:
            continue
        sink.info("fields-regrouped", f"{', '.join(sorted(moved))}: listed beside {parent.name!r} in the "
                  f"table, but every example has them inside it; read as its fields", parent.span)
        taken = [c for c in children if c.name in moved]
        children = [c for c in children if c.name not in moved]
        children[children.index(parent)] = replace(parent, children=tuple(taken))
    children = _dotted_paths(node, children, objects, sink)
    children = _missing_parents(node, children, objects, sink)
    out = []
    for c in children:
        sub = [o[c.name] for o in objects if c.name in o]
        if sub and not _is_map(c.type):
            c = _lists_keyed_by_data(c, sub, sink)
        if c.children and sub and _is_map(c.type):
            c = _map_keyed_by_fields(c, sub, sink)
        if sub and _is_map(c.type):  # also before a table on another page describes the values
            c = _map_values_listed(c, sub, sink)
        if c.children and sub and not _is_map(c.type):
            c = _keyed_by_data(_shape_stated_by_examples(_unshown_wrapper(c, sub, sink), sub, sink), sub, sink)
        if not c.children and sub:
            c = _map_stated_in_prose(c, sub, sink)
            c = _objects_stated_in_prose(c, sub, sink)
            c = _open_object(c, sub, _keys_only_inside(c.name, objects, {x.name for x in children if x is not c}),
                             sink)
            c = _scalar_elements(c, sub, sink)
        if _is_map(c.type):  # the children describe the map's values; its keys are data
            sub = [v for o in _objects(sub) for v in o.values()]
        elif not _shaped_alike(c.type, sub):
            sub = []
        out.append(_regroup(c, sub, sink) if c.children and sub else c)
    same = len(out) == len(node.children) and all(a is b for a, b in zip(out, node.children))
    return node if same else replace(node, children=tuple(out))


def _unshown_wrapper(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A field whose table wraps its fields in one object that no example shows: the fields are its own.

    ECS ``floating_ips | Array of objects``, then "Table 3 floating_ip objects"
    (``floating_ip | Object``) and "Table 4 floating_ip attributes" (``fixed_ip``,
    ``id``…), while every example is ``"floating_ips": [{"fixed_ip": …, "id": …}]``
    (as OpenStack answers). The inverse of an envelope (:func:`with_envelope`):
    taken only when the field's one row is an object with a table, no example
    holds that row's key, and the examples' keys are mostly that table's rows
    (``wrapper-unshown``, info).
    """
    if len(f.children) != 1:
        return f
    (wrapper,) = f.children
    if not wrapper.children or _is_map(wrapper.type) or wrapper.type.base not in ("object", "array"):
        return f
    objects = list(_objects(values))
    if not objects or any(wrapper.name in o for o in objects) or not _mostly_its_fields(wrapper, values):
        return f
    sink.info("wrapper-unshown", f"{f.name}: its table wraps its fields in {wrapper.name!r}, which no example "
              "shows; every example holds those fields directly, read as its own", wrapper.span)
    return replace(f, children=wrapper.children)


def _shape_stated_by_examples(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """The shape of a field whose Type cell does not state one, from the page's examples.

    A Type cell that states no type (``无``) but whose table was found is an
    object, or a list of them when every example holds a list of objects there
    (zh-md/dli ``attrs | 无 | 请参见表4`` and ``"attrs": [{…}]``). A bare plural
    (``objects``, ``clusters objects``) reads as a list unless every example
    holds a single object there (ces ``version | Objects``). So does an
    explicit list of objects with a table when every example holds one
    non-empty object there (kms ``key_info | Array of objects`` and
    ``"key_info": {"key_id": …}`` on five pages; the SDK agrees), and one
    object with a table whose every example holds a list of them is a list
    (ecs ``versions | Object`` and ``"versions": [{…}]``): a warning, since
    the page contradicts itself; only when the examples' keys are mostly the
    table's rows. A list whose Type cell names a model (``Array of
    TagResource objects``) stays a list: such cells are generated from the
    API definition while the example is written by hand (zh-md/smn
    ``resources`` and ``versions``, zh-md/dws ``tags``, zh-md/iam
    ``role_assignments``: the SDK has the list each time). The other way
    round the named cell is no safer (zh-md/dws ``disaster_recovery |
    DisasterRecovery object`` is a list in every example and in the SDK).
    """
    raw = f.type.raw
    unstated = f.type.base == "object" and f.type.values is None and parse_type(raw).base == "any"
    plural = f.type.base == "array" and bool(_PLURAL_ONLY.search(raw))
    if unstated and all(isinstance(v, list) and v and all(isinstance(o, dict) for o in v) for v in values):
        sink.info("type-from-examples", f"{f.name}: the Type cell states no type ({raw!r}); every example "
                  "holds a list of its objects, read as an array of them", f.span)
        return replace(f, type=TypeRef("array", raw=raw, items=TypeRef("object")))
    if plural and all(isinstance(v, dict) for v in values):
        sink.info("type-from-examples", f"{f.name}: the Type cell's plural ({raw!r}) names no list; every "
                  "example holds one object, read as an object", f.span)
        return replace(f, type=TypeRef("object", raw=raw))
    if not f.children or not values or not _mostly_its_fields(f, values):
        return f
    listed = f.type.base == "array" and f.type.items is not None and f.type.items.base == "object"
    if listed and not names_model(f.type) and all(isinstance(v, dict) and v for v in values):
        sink.warning("type-from-examples", f"{f.name}: the Type cell says a list ({raw!r}), but every example "
                     "of the page holds one object of its table there; read as an object", f.span)
        return replace(f, type=replace(f.type.items, raw=raw))
    single = f.type.base == "object" and f.type.values is None and not unstated
    if single and all(isinstance(v, list) and v and all(isinstance(o, dict) for o in v) for v in values):
        sink.warning("type-from-examples", f"{f.name}: the Type cell says one object ({raw!r}), but every "
                     "example of the page holds a list of objects of its table there; read as a list", f.span)
        return replace(f, type=TypeRef("array", raw=raw, items=replace(f.type, raw="")))
    return f


def _mostly_its_fields(f: Field, values: list[Any]) -> bool:
    """Whether the keys of the objects the examples hold at ``f`` are mostly rows of its table."""
    seen = {k for o in _objects(values) for k in o}
    return bool(seen) and len(seen & {c.name for c in f.children}) / len(seen) >= _MIN_SHARED


def _map_stated_in_prose(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A string field whose description says what its keys and values are, and every example
    holds an object there: a map (values of unstated type).

    functiongraph ``additional_version_weights | String | json，灰度版本号为key，权重为value。``
    and the example ``"additional_version_weights": {"1.0": 10}`` (the English pages type it
    ``Map<String,Integer>``). The statement alone is not enough (a string may hold serialized
    JSON); every example must hold a non-empty object (vocabulary types.json map_statements).
    """
    if f.type.base != "string" or f.type.values is not None or f.children or f.variants:
        return f
    if not all(isinstance(v, dict) and v for v in values):
        return f
    text = vocab.fold(f.description)
    if not any(re.search(p, text) for p in vocab.load("types")["map_statements"]):
        return f
    sink.info("type-from-examples", f"{f.name}: typed {f.type.raw!r}, but its description says what its keys "
              "and values are and every example holds an object; read as a map", f.span)
    return replace(f, type=TypeRef("object", raw=f.type.raw, values=TypeRef("any", raw="")))


def _objects_stated_in_prose(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A list typed as strings whose description calls its elements JSON objects, and every example
    holds a list of objects there: a list of objects (keys open).

    zh-md/dli 创建会话 (both versions): ``groups | Array of strings | JSON对象列表，填写用户组类型资源，
    格式详见请求示例。`` and ``"groups": [{"name": "group.tesddws", "resources": […]}]``;
    ``resources`` alike. The Type cell contradicts its own description, which sends the
    reader to the example; the page 创建批处理作业 types the same fields ``Array of Objects``,
    and so does the SDK. The statement alone is not enough: every example must hold a
    list of objects, some non-empty (vocabulary types.json object_list_phrases).
    """
    t = f.type
    if t.base != "array" or t.items is None or t.items.base != "string" or f.children:
        return f
    if not values or not all(isinstance(v, list) and all(isinstance(x, dict) for x in v) for v in values):
        return f
    if not any(values):
        return f
    if not any(p in vocab.fold(f.description) for p in vocab.words("types", "object_list_phrases")):
        return f
    sink.info("type-from-examples", f"{f.name}: typed {t.raw!r}, but its description calls the elements JSON "
              "objects and every example holds objects there; read as a list of objects", f.span)
    return replace(f, type=replace(t, items=TypeRef("object", raw="", values=TypeRef("any", raw=""))))


def _open_object(f: Field, values: list[Any], misplaced: bool, sink: DiagnosticSink) -> Field:
    """An object the page gives no members (no table, no link, no named type): its keys are open.

    mrs ``properties | Object | Program system parameter.`` and the examples
    ``"properties": {"fs.obs.endpoint": …}``; swr ``params | Object`` and
    ``"params": {"days": "30"}``; dds ``az_status | Object`` and
    ``"az_status": {"eu-de-01": "normal"}``. The page names none of the keys,
    so its examples' keys are not undocumented fields: the object is read as a
    map of values of unstated type (``object-keys-open``, info). The same for
    the elements of an ``Array`` whose Type cell names no element type (mrs
    ``libs | Array`` and ``"libs": [{"name": …}]``). Only where every example
    holds an object there (a list of objects for a list), some of them with
    keys, and never for a row that points at a table ("see Table 4"
    makes a link): a reference that found nothing stays a bare object, for the
    link diagnostics to report. Nor an object whose examples' keys there are all
    fields the table lists beside it and some example holds them only inside it
    (``misplaced``): then the page contradicts itself (the fields were not
    regrouped because other examples show them beside), for lint. An object
    whose every example also holds those keys beside it is another thing of the
    same names (ECS nova rebuild: ``image {"id", "links"}`` inside a server that
    has its own ``id`` and ``links``).
    """
    t = f.type
    path: list[TypeRef] = []
    while t.base == "array" and t.items is not None:
        path.append(t)
        t = t.items
    if t.base == "array" and t.items is None:  # "Array" with no element type: the elements may be objects
        path.append(t)
        t = TypeRef("object", raw="")
    elif path and t.base == "any" and t.ref is None:  # the same, read as an array of unconstrained values
        t = TypeRef("object", raw="")
    if (t.base != "object" or t.values is not None or t.ref is not None or f.children or f.variants
            or f.link is not None):
        return f
    depth = len(path)
    if not all(_objects_at(v, depth) for v in values) or not any(_holds_keys(v) for v in values):
        return f
    if not path and misplaced:
        return f
    sink.info("object-keys-open", f"{f.name}: an object with no table of its members; every example holds "
              "keys there, read as a map of them (values of unstated type)", f.span)
    inner = replace(t, values=TypeRef("any", raw=""))
    for outer in reversed(path):
        inner = replace(outer, items=inner)
    return replace(f, type=inner)


def _keys_only_inside(name: str, objects: list[dict[str, Any]], siblings: set[str]) -> bool:
    """Whether the keys the examples hold inside ``name`` are all rows listed beside it, and some
    example holds them inside it without holding them beside it too (a field put in two places)."""
    inner = [(o, o[name]) for o in objects if isinstance(o.get(name), dict)]
    keys = {k for _, x in inner for k in x}
    return keys <= siblings and any(not set(x) <= set(o) for o, x in inner)


#: The JSON type of a scalar example value (bool before int: ``True`` is an ``int`` in Python).
_SCALAR_TYPES: tuple[tuple[type, str], ...] = ((bool, "boolean"), (str, "string"), (int, "integer"),
                                               (float, "number"))


def _scalar_type(value: Any) -> str | None:
    return next((name for kind, name in _SCALAR_TYPES if isinstance(value, kind)), None)


def _scalar_elements(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A list "of objects" the page gives no members (no table, link or named type), whose every
    example holds scalars of one JSON type there: a list of those.

    ces ``notificationList | Array of objects | … You can add up to 5 object IDs … in the
    following format: urn:smn:…`` and ``"notificationList": ["urn:smn:region:…:sd"]``
    (rst and zh-md, creating and modifying an alarm rule; the neighbouring ``alarm_actions``
    table of the same page types it ``Array of strings``, and so does the SDK); dli
    ``conf | Array of objects | 用户定义适用于此作业的配置参数`` and
    ``"conf": ["dli.sql.shuffle.partitions = 200"]``. "Objects" there names what the
    elements stand for (recipients, settings), not a JSON type: no member of such an object
    is documented anywhere, so the examples are the only statement of the element's form
    (``type-from-examples``, info). Never for a row that links a table or names a model
    (``Array of TagResource objects``), and only where every example holds a list there,
    some of them non-empty, and every element has the same JSON type.
    """
    t = f.type
    if (t.base != "array" or t.items is None or t.items.base != "object" or t.items.values is not None
            or t.items.ref is not None or names_model(t) or f.children or f.link is not None):
        return f
    if not values or not all(isinstance(v, list) for v in values):
        return f
    kinds = {_scalar_type(x) for v in values for x in v}
    if len(kinds) != 1 or None in kinds:
        return f
    (kind,) = kinds
    sink.info("type-from-examples", f"{f.name}: typed {t.raw!r} with no table of the objects' members; "
              f"every example holds a list of {kind}s there, read as such", f.span)
    return replace(f, type=replace(t, items=TypeRef(kind, raw="")))


def _objects_at(value: Any, depth: int) -> bool:
    """Whether ``value`` holds only objects ``depth`` lists down (an empty list holds none, and fits)."""
    if depth == 0:
        return isinstance(value, dict)
    return isinstance(value, list) and all(_objects_at(v, depth - 1) for v in value)


def _holds_keys(value: Any) -> bool:
    """Whether some object in ``value`` (looking through lists) has a key."""
    return any(o for o in _objects([value]))


#: "objects", "clusters objects": a plural with no Array/List word.
_PLURAL_ONLY = re.compile(r"^(?!.*\b(?:array|list)\b)(?:.*\s)?objects\s*$", re.IGNORECASE)


def _object_type(as_array: bool) -> TypeRef:
    """An object the examples showed (or an array of them), written by no type cell."""
    obj = TypeRef("object", raw="")
    return TypeRef("array", raw="", items=obj) if as_array else obj


def _keyed_by_data(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """An object field whose table describes its values, and whose examples key them by ids.

    ECS ``addresses | Object`` with "Table 7 Data structure of the network
    which an ECS accesses" (``addr``, ``version``), while every example is
    ``{"addresses": {"68269e6e-…": [{"addr": …, "version": 4}]}}``: the keys are
    network ids, the table describes what each holds. Taken only when every
    example is an object, every key of them is data (an id, a long number),
    and the values are objects (or arrays of them) mostly made of the table's
    fields; the field becomes a map of those, ``map-keyed-by-data`` (info).
    """
    if f.type.base != "object" or f.type.values is not None:
        return f
    keyed = _keyed_by_ids(values)
    if keyed is None:
        return f
    keys, inner = keyed
    as_array = all(isinstance(x, list) for x in inner)
    objects = list(_objects(inner))
    if not objects or not (as_array or all(isinstance(x, dict) for x in inner)):
        return f
    names = {c.name for c in f.children}
    seen = {k for o in objects for k in o}
    if not seen or len(seen & names) / len(seen) < _MIN_SHARED:
        return f
    sink.info("map-keyed-by-data", f"{f.name}: every example keys it by ids ({sorted(keys)[0]!r}, …) and "
              f"its table describes the values; read as a map of {'arrays of ' if as_array else ''}objects",
              f.span)
    return replace(f, type=replace(f.type, values=_object_type(as_array)))


def _keyed_by_ids(values: list[Any]) -> tuple[set[str], list[Any]] | None:
    """The keys and the values of examples that are all non-empty objects keyed by data (ids, long
    numbers, never field names), or None when some example is not."""
    if not values or not all(isinstance(v, dict) and v for v in values):
        return None
    keys = {k for v in values for k in v}
    if not all(_DATA_LIKE.search(k) for k in keys):
        return None
    return keys, [x for v in values for x in v.values()]


def _lists_keyed_by_data(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A list of objects whose every example holds, instead, such lists keyed by ids.

    ECS nova rebuild (rst, html and text): ``addresses | Array of objects |
    Specifies the network attribute of the ECS.`` and the example
    ``"addresses": {"443dd9e3-…": [{"addr": …, "version": 4}]}``. The keys are
    network ids, never field names, so the Type cell can only describe what each
    id holds; the other Nova pages type the same field ``Object`` keyed by
    network ids, the newer ones ``Map<String, Array of objects>``, and the SDK
    has ``dict(str, list[ServerAddress])``. Taken only when every example holds
    a non-empty object there whose every key is data (an id, a long number) and
    whose every value is a list of objects, mostly of the table's fields when
    there is a table. With no table the objects' keys are open, as for any
    object the page gives no members (:func:`_open_object`). A warning
    (``type-from-examples``): the Type cell says a list.
    """
    t = f.type
    if t.base != "array" or t.items is None or t.items.base != "object" or t.items.values is not None:
        return f
    keyed = _keyed_by_ids(values)
    if keyed is None:
        return f
    keys, inner = keyed
    if not all(isinstance(x, list) and all(isinstance(o, dict) for o in x) for x in inner):
        return f
    if not any(_holds_keys(x) for x in inner) or (f.children and not _mostly_its_fields(f, inner)):
        return f
    items = t.items
    if not f.children and f.link is None and t.items.ref is None:
        items = replace(items, values=TypeRef("any", raw=""))
    sink.warning("type-from-examples", f"{f.name}: the Type cell says a list ({t.raw!r}), but every example "
                 f"keys such lists by ids there ({sorted(keys)[0]!r}, …); read as a map of them", f.span)
    return replace(f, type=TypeRef("object", raw=t.raw, values=replace(t, raw="", items=items)))


def _map_keyed_by_fields(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A map whose linked table lists its keys, not its values: an object after all.

    iam ``local | Array<Map<String,Object>>`` linking to table
    "mappings.rules.local" (``user``, ``group``, ``groups``), and every example
    ``"local": [{"user": {…}}, {"group": {…}}]``: the keys are the table's
    fields. Taken only when the map's values are objects of unstated shape and
    every key of every example is one of the table's rows (``map-keyed-by-fields``, info).
    """
    t = f.type
    path: list[TypeRef] = []
    while t.base == "array" and t.items is not None:
        path.append(t)
        t = t.items
    if t.values is None or t.values.base not in ("object", "any") or t.values.values is not None:
        return f
    keys = {k for o in _objects(values) for k in o}
    names = {c.name for c in f.children}
    if not keys or not keys <= names:
        return f
    sink.info("map-keyed-by-fields", f"{f.name}: typed as a map ({f.type.raw!r}), but every key of its "
              f"examples is a row of its table; read as an object with those fields", f.span)
    inner = replace(t, values=None)
    for outer in reversed(path):
        inner = replace(outer, items=inner)
    return replace(f, type=inner)


def _map_values_listed(f: Field, values: list[Any], sink: DiagnosticSink) -> Field:
    """A map whose values are declared a bare ``Object`` and every example holds lists of objects.

    ecs ``addresses | Object | 属性为Map<String, Object>结构 … value为网络属性，详情请参见表1``
    and every example ``"addresses": {"0431c5e5-…": [{"addr": …}]}``: each value is a list of
    the table's objects (the SDK: ``dict(str, list[ServerAddress])``). Only a map of its own
    (not in an array) whose declared value is a bare object (``type-from-examples``, info).
    """
    t = f.type
    if t.base != "object" or t.values is None or t.values.base != "object" or t.values.values is not None:
        return f
    inner = [x for o in _objects_only(values) for x in o.values()]
    if not inner or not all(isinstance(x, list) and x and all(isinstance(o, dict) for o in x) for x in inner):
        return f
    sink.info("type-from-examples", f"{f.name}: a map of {t.values.raw or 'Object'!r} values, and every "
              "example holds a list of objects under each key; read as a map of lists of them", f.span)
    return replace(f, type=replace(t, values=TypeRef("array", raw=t.values.raw, items=t.values)))


def _objects_only(values: list[Any]) -> list[dict[str, Any]]:
    """The values that are JSON objects themselves (not looking into lists)."""
    return [v for v in values if isinstance(v, dict)]


def _is_map(t: TypeRef) -> bool:
    """A map (``Map<String,X>``), looking through arrays."""
    while t.base == "array" and t.items is not None:
        t = t.items
    return t.base == "object" and t.values is not None


def _bare_object(f: Field) -> bool:
    t = f.type
    while t.base == "array" and t.items is not None:
        t = t.items
    return t.base == "object" and t.values is None and not f.children and not f.variants and f.link is None


def _objects(values: list[Any]) -> Iterator[dict[str, Any]]:
    """The JSON objects among ``values``, looking through arrays."""
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            yield v
        elif isinstance(v, list):
            stack.extend(v)


def _dotted_paths(node: Field, children: list[Field], objects: list[dict[str, Any]],
                  sink: DiagnosticSink) -> list[Field]:
    """Rows named ``parent.child`` that every example nests: ``child`` inside ``parent``.

    functiongraph 创建函数: the request table's row ``func_code.file`` and the example
    ``{"func_code": {"file": "…"}}``. A dotted name is a path only on this evidence:
    every example holds ``parent`` as an object (or a list of objects), some example
    holds ``child`` in it, and none sends the dotted name as a key (ECS metadata keys
    such as ``metering.image_id`` are literal). The row joins the fields of an
    existing bare ``parent`` row or of a new ``parent`` object (``fields-regrouped``).
    """
    if not objects:
        return children
    beside = {k for o in objects for k in o}
    for dotted in [c for c in children if "." in c.name and c.name not in beside]:
        head, _, tail = dotted.name.partition(".")
        inner = [o.get(head) for o in objects]
        as_array = all(isinstance(x, list) for x in inner)
        if not head or not tail or not (as_array or all(isinstance(x, dict) for x in inner)):
            continue
        if tail not in {k for o in _objects(inner) for k in o}:
            continue
        parent = next((c for c in children if c.name == head), None)
        if parent is not None and not (_bare_object(parent) or parent.children):
            continue
        sink.info("fields-regrouped", f"{dotted.name}: a dotted row name, and every example has "
                  f"{tail!r} inside {head!r}; read as its field", dotted.span)
        moved = replace(dotted, name=tail)
        at = children.index(dotted)
        children = [c for c in children if c is not dotted]
        if parent is None:
            wrapper = Field(head, node.location, _object_type(as_array), dotted.span, children=(moved,),
                            description="(object shown by the page's examples, named in its table's dotted rows)")
            children.insert(at, wrapper)
        else:
            children[children.index(parent)] = replace(parent, children=(*parent.children, moved))
    return children


def _missing_parents(node: Field, children: list[Field], objects: list[dict[str, Any]],
                     sink: DiagnosticSink) -> list[Field]:
    """Fields the table lists beside a parent it forgot, which every example has inside that parent.

    ``node_group`` and the policy's fields in one table, and every example
    ``{"node_group": …, "auto_scaling_policy": {"auto_scaling_enable": …}}``:
    the fields go under a new ``auto_scaling_policy`` object.
    """
    if not objects:
        return children
    names = {c.name for c in children}
    beside = {k for o in objects for k in o}
    shared = set.intersection(*(set(o) for o in objects)) - names
    for key in sorted(k for k in shared if _NAME_LIKE.fullmatch(k) and not _DATA_LIKE.search(k)):
        inner = [o[key] for o in objects]
        as_array = all(isinstance(x, list) for x in inner)
        if not (as_array or all(isinstance(x, dict) for x in inner)):
            continue
        keys = {k for o in _objects(inner) for k in o}
        moved = keys & names
        if not keys or keys - names or moved & beside:
            continue
        sink.info("fields-regrouped", f"{', '.join(sorted(moved))}: listed in the table without the "
                  f"object {key!r} that every example has them in; read as its fields", node.span)
        taken = tuple(c for c in children if c.name in moved)
        first = min(children.index(c) for c in taken)
        wrapper = Field(key, node.location, _object_type(as_array), taken[0].span, children=taken,
                        description="(object shown by the page's examples, not in its table)")
        children = [c for c in children if c.name not in moved]
        children.insert(min(first, len(children)), wrapper)
        names = {c.name for c in children}
    return children

