"""Type-cell phrases (VARIANTS.md §6): every listed spelling, with expected meanings
written from the catalogue, and the equivalences drift must never report."""

from __future__ import annotations

import pytest

from docconform.extractor.interpret.types import described_map, is_named_guess, parse_type, ref_name, resolved, typo

# meaning() tuples: (base, format, items meaning, values meaning)
STRING = ("string", None, None, None)
DATETIME = ("string", "date-time", None, None)
INT32 = ("integer", "int32", None, None)
INT64 = ("integer", "int64", None, None)
FLOAT = ("number", "float", None, None)
DOUBLE = ("number", "double", None, None)
NUMBER = ("number", None, None, None)
BOOLEAN = ("boolean", None, None, None)
OBJECT = ("object", None, None, None)
NULL = ("null", None, None, None)
ANY = ("any", None, None, None)


def array(items: tuple[object, ...]) -> tuple[object, ...]:
    return ("array", None, items, None)


def mapping(values: tuple[object, ...]) -> tuple[object, ...]:
    return ("object", None, None, values)


# (raw, meaning, ref, known)
CATALOGUE = [
    ("String", STRING, None, True),
    ("string", STRING, None, True),
    ("str", STRING, None, True),
    ("String。", STRING, None, True),
    ("String.", STRING, None, True),
    ("  String  ", STRING, None, True),
    ("Integer", INT32, None, True),
    ("integer", INT32, None, True),
    ("Int", INT32, None, True),
    ("int", INT32, None, True),
    ("Int。", INT32, None, True),
    ("Interger", INT32, None, True),
    ("Long", INT64, None, True),
    ("long", INT64, None, True),
    ("Float", FLOAT, None, True),
    ("Double", DOUBLE, None, True),
    ("double", DOUBLE, None, True),
    ("doubule", DOUBLE, None, True),
    ("Number", NUMBER, None, True),
    ("number", NUMBER, None, True),
    ("Bigdecimal", NUMBER, None, True),
    ("Boolean", BOOLEAN, None, True),
    ("boolean", BOOLEAN, None, True),
    ("Bool", BOOLEAN, None, True),
    ("bool", BOOLEAN, None, True),
    ("Object", OBJECT, None, True),
    ("object", OBJECT, None, True),
    ("JSON", OBJECT, None, True),
    ("JSON object", OBJECT, None, True),
    ("JSONObject", OBJECT, None, True),
    ("Dict", OBJECT, None, True),
    ("Map", OBJECT, None, True),
    ("字典数据结构", OBJECT, None, True),
    ("Array", array(ANY), None, True),
    ("ARRAY", array(ANY), None, True),
    ("list", array(ANY), None, True),
    ("List", array(ANY), None, True),
    ("JSON Array", array(ANY), None, True),
    ("Json Array", array(ANY), None, True),
    ("JSONArray", array(ANY), None, True),
    ("列表数据结构", array(ANY), None, True),
    ("列表类型数据结构", array(ANY), None, True),
    ("Array of strings", array(STRING), None, True),
    ("Array of Strings", array(STRING), None, True),
    ("Array of String", array(STRING), None, True),
    ("Array[String]", array(STRING), None, True),
    ("Array[string]", array(STRING), None, True),
    ("Array<String>", array(STRING), None, True),
    ("List of String", array(STRING), None, True),
    ("List<String>", array(STRING), None, True),
    ("String array", array(STRING), None, True),
    ("String list", array(STRING), None, True),  # rst/smn querying_topics_by_tag.rst
    ("Array of integers", array(INT32), None, True),
    ("Array of Long", array(INT64), None, True),
    ("Array of Longs", array(INT64), None, True),
    ("[Long]", array(INT64), None, True),
    ("Array of objects", array(OBJECT), None, True),
    ("Array of Objects", array(OBJECT), None, True),
    ("Array of Object", array(OBJECT), None, True),
    ("Array Of objects", array(OBJECT), None, True),
    ("Array of  Objects", array(OBJECT), None, True),
    ("Array<Object>", array(OBJECT), None, True),
    ("Array <Objects>", array(OBJECT), None, True),
    ("Array(Object)", array(OBJECT), None, True),
    ("List(Dict)", array(OBJECT), None, True),
    ("List< Dict >", array(OBJECT), None, True),
    ("List of Json", array(OBJECT), None, True),
    ("Array of Map", array(OBJECT), None, True),
    ("Array of arrays", array(array(ANY)), None, True),
    # rst/ces alarm-rule pages: resources are lists of dimension lists
    ("Array of arrays of strings", array(array(STRING)), None, True),
    ("Array String", array(STRING), None, True),  # rst/mrs creating_clusters.rst bootstrap nodes
    # rst/mrs mrs_manager_api: a structure of a table ("REFERENCE") or a list of them ("ARRAY_REFERENCE")
    ("REFERENCE", OBJECT, None, True),
    ("ARRAY_REFERENCE", array(ANY), None, True),
    ("String/Integer", ANY, None, True),  # rst/mrs resizing_a_cluster.rst instances: either
    ("String or string", STRING, None, True),
    ("Integer or String", ANY, None, True),  # stated: either type, so no constraint (not unknown)
    ("Array of arrays of Dimension objects", array(array(OBJECT)), "Dimension", True),
    ("Map<String,String>", mapping(STRING), None, True),
    ("Map<String, String>", mapping(STRING), None, True),
    ("Map<String,Object>", mapping(OBJECT), None, True),
    ("Map<String,Integer>", mapping(INT32), None, True),
    ("Map<string,integer>", mapping(INT32), None, True),
    ("Map<String,Array<String>>", mapping(array(STRING)), None, True),
    ("Map<String,Map<String,Array<String>>>", mapping(mapping(array(STRING))), None, True),
    ("Map<String, Array of objects>", mapping(array(OBJECT)), None, True),
    ("Map<String>string", mapping(STRING), None, True),
    ("Map<String>[]string", mapping(array(STRING)), None, True),
    ("list<map<String,String>>", array(mapping(STRING)), None, True),
    ("list< map< String, String > >", array(mapping(STRING)), None, True),
    ("datetime", DATETIME, None, True),
    ("Null", NULL, None, True),
    ("null", NULL, None, True),
    ("AnyType", ANY, None, True),
    ("yaml", STRING, None, True),
    ("File", STRING, None, True),
    ("PageInfo object", OBJECT, "PageInfo", True),
    ("TokenAuth object", OBJECT, "TokenAuth", True),
    ("clusters objects", array(OBJECT), "clusters", True),  # zh-md/mrs: the plural is a list
    ("objects", array(OBJECT), None, True),  # zh-md/iam, rst/mrs
    ("Objects", array(OBJECT), None, True),
    ("Array of StartJobSubmission objects", array(OBJECT), "StartJobSubmission", True),
    ("Array of ListenerRef objects", array(OBJECT), "ListenerRef", True),
    ("Array of allow_address_pairs objects", array(OBJECT), "allow_address_pairs", True),
    ("Table 4 object", OBJECT, "Table 4", True),
    ("表4 object", OBJECT, "Table 4", True),
    ("Array of Table 4", array(OBJECT), "Table 4", True),
    ("Dictionary data structure. For details, see Table 3.", OBJECT, "Table 3", True),
    ("List data structure. For details, see Table 3.", array(OBJECT), "Table 3", True),
    ("字典数据结构，请参见 表3 。", OBJECT, "Table 3", True),
    ("列表数据结构，请参见 表5 。", array(OBJECT), "Table 5", True),
    # named types that still need their table: known only once resolved
    ("StartJobSubmission", OBJECT, "StartJobSubmission", False),
    ("PageInfo", OBJECT, "PageInfo", False),
    ("Array of body", array(OBJECT), "body", False),
    ("schedule array", array(OBJECT), "schedule", False),
    ("List<Transfer>", array(OBJECT), "Transfer", False),
    ("List<resource_tag>", array(OBJECT), "resource_tag", False),
    ("Array<Array<AvailabilityZone>>", array(array(OBJECT)), "AvailabilityZone", False),
    ("Map<String,HardDetail>", mapping(OBJECT), "HardDetail", False),
]


@pytest.mark.parametrize(("raw", "meaning", "ref", "known"), CATALOGUE)
def test_catalogue_spelling(
    raw: str, meaning: tuple[object, ...], ref: str | None, known: bool
) -> None:
    parsed = parse_type(raw)
    assert parsed.meaning() == meaning
    assert ref_name(parsed) == ref
    assert parsed.known is known
    assert parsed.raw == raw.strip()


@pytest.mark.parametrize(
    ("raw", "length"),
    [("String(255)", 255), ("String(64)", 64), ("String(1024)", 1024), ("String (4096)", 4096)],
)
def test_sized_string(raw: str, length: int) -> None:
    parsed = parse_type(raw)
    assert parsed.meaning() == STRING
    assert parsed.max_length == length


@pytest.mark.parametrize(
    "raw",
    [
        "No",
        "Yes",
        "是",
        "否",
        "无",
        "-",
        "",
        "Mandatory",
        "生命周期管理",
        "Permission-related APIs",
        "see the description",
    ],
)
def test_unknown_is_never_a_guess(raw: str) -> None:
    parsed = parse_type(raw)
    assert parsed.base == "any"
    assert parsed.known is False
    assert parsed.ref is None
    assert parsed.raw == raw.strip()


@pytest.mark.parametrize(
    "spellings",
    [
        ["[Long]", "Array of Long", "Array of Longs", "Array<Long>", "List<Long>", "Array[Long]"],
        [
            "Array of Objects",
            "Array of objects",
            "Array of Object",
            "Array<Object>",
            "Array(Object)",
        ],
        ["Array of strings", "Array of Strings", "Array[String]", "List<String>", "String array"],
        ["Map<String,String>", "Map<String, String>", "Map<string,string>"],
        ["Integer", "integer", "Int", "int", "Interger", "Int。"],
        ["String", "string", "String。", "str"],
    ],
)
def test_equivalent_spellings_have_equal_meaning(spellings: list[str]) -> None:
    parsed = [parse_type(s) for s in spellings]
    assert {p.meaning() for p in parsed} == {parsed[0].meaning()}
    assert len({p.raw for p in parsed}) == len(spellings)


def test_long_array_equivalence_of_seeds() -> None:
    # seed 004 writes [Long], seeds 001/002 write Array of Long for the same job_ids
    assert parse_type("[Long]").meaning() == parse_type("Array of Long").meaning()
    assert parse_type("[Long]") != parse_type("Array of Long")  # raw differs


def test_different_types_stay_different() -> None:
    assert parse_type("Long").meaning() != parse_type("Integer").meaning()
    assert parse_type("Array of strings").meaning() != parse_type("Array of objects").meaning()
    assert parse_type("String").meaning() != parse_type("Boolean").meaning()


def test_resolving_a_named_guess() -> None:
    guess = parse_type("Array<Array<AvailabilityZone>>")
    assert is_named_guess(guess)
    done = resolved(guess)
    assert done.known and done.items is not None and done.items.known
    assert not is_named_guess(done)
    assert done.meaning() == guess.meaning()
    assert not is_named_guess(parse_type("Array of Match objects"))
    assert not is_named_guess(parse_type("Object"))


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Interger", "integer"),
        ("doubule", "double"),
        ("String", None),
        ("Array of Intger", "integer"),
    ],
)
def test_typo_is_reported(raw: str, fixed: str | None) -> None:
    assert typo(raw) == fixed


@pytest.mark.parametrize(
    ("raw", "description", "is_map"),
    [
        ("Object", "Specifies the user-defined metadata key-value pair.", True),  # rst/ecs updating_ecs_metadata
        ("Object", "Key-value pairs with a maximum length of 512 characters.", True),
        ("object", "自定义标签，键值对形式。", True),
        ("Object", "Specifies the ECS metadata.", False),  # free-form, not said to be a map
        ("Object", "Specifies the key pair of the metadata.", True),  # rst/ecs querying_image_details
        ("PageInfo object", "Key-value pairs.", False),  # a named type keeps its table
        ("Map<String,Integer>", "Key-value pairs.", True),  # already a map: values kept
        ("String", "A key-value pair such as a=b.", False),
    ],
)
def test_described_map(raw: str, description: str, is_map: bool) -> None:
    assert described_map(parse_type(raw), description, "user_data").values == described_map(parse_type(raw), description).values
    parsed = parse_type(raw)
    found = described_map(parsed, description)
    assert (found.values is not None) is is_map
    if parsed.values is not None:
        assert found == parsed


@pytest.mark.parametrize(("name", "is_map"), [("metadata", True), ("meta", True), ("元数据", True),
                                              ("server", False), ("metadata_id", False)])
def test_a_bare_object_named_metadata_is_a_map(name: str, is_map: bool) -> None:
    found = described_map(parse_type("Object"), "Specifies the image attribute.", name)
    assert (found.values is not None) is is_map
    assert described_map(parse_type("String"), "", name).values is None


def test_declared_map_reads_the_generic_type_in_a_description() -> None:
    """A bare Object whose description spells ``Map<K, V>`` (zh-md/ecs addresses) is that map;
    a named type, a string, or a description without a balanced Map<...> stays as it was."""
    from docconform.extractor.interpret.types import declared_map

    obj = parse_type("Object")
    found = declared_map(obj, "弹性云服务器的网络属性。属性为Map<String, Object>结构。")
    assert found.base == "object" and found.values is not None and found.values.base == "object"
    listed = declared_map(obj, "a Map<String,Array<String>> of tags")
    assert listed.values is not None and listed.values.base == "array"
    assert declared_map(obj, "键值对，Map<String") == obj
    assert declared_map(obj, "resource details (a roadmap<1>") == obj
    assert declared_map(parse_type("String"), "属性为Map<String, Object>结构") == parse_type("String")
    assert declared_map(parse_type("ServerAddress object"), "Map<String, Object>") == parse_type("ServerAddress object")
