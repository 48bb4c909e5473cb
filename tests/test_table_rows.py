"""Row-level readings of parameter tables: combined names and typos in names."""

from __future__ import annotations

from docconform.extractor.interpret.tables import _clean_name, _combined, RawRow
from docconform.extractor.model import Span, TypeRef


def _row(name: str) -> RawRow:
    return RawRow(name, TypeRef("number", raw="Double"), Span("p.md", 3))


def test_slash_joined_plain_names_are_one_field_each() -> None:
    """CES 查询监控数据.md: ``max/min/average/sum/variance | Double`` documents five fields."""
    parts = _combined(_row("max/min/average/sum/variance"))
    assert [p.name for p in parts] == ["max", "min", "average", "sum", "variance"]
    assert all(p.type.raw == "Double" and p.span.line == 3 for p in parts)


def test_slashed_literal_keys_stay_one_field() -> None:
    for name in ("kubernetes.io/cpuManagerPolicy", "alpha.cce/NodeImageID", "a/", "/a", "plain"):
        assert [p.name for p in _combined(_row(name))] == [name]


def test_blanks_beside_underscores_are_typos() -> None:
    assert _clean_name("scaling_ configuration _id") == "scaling_configuration_id"
    assert _clean_name("protocol _id") == "protocol_id"
    assert _clean_name("domain_name or domain_id") == "domain_name or domain_id"
