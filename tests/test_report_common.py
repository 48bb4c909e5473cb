"""Sample report documents for the report tests, and tests of the shared helpers.

The documents are built from :class:`Finding` values through
``finding_to_json``, as the drift command builds drift.json, from what the
seed pages really say: the English pages type ``is_success`` as String, the
Chinese page as Boolean, and every page's example gives it as ``"true"``.
"""

from __future__ import annotations

from typing import Any

from docconform.extractor.diagnostics import Level
from docconform.extractor.drift.findings import Finding, Side, finding_to_json
from docconform.extractor.drift.report import _common as common
from docconform.extractor.drift.report import _meta

STOP = "POST /v1.0/{project_id}/streaming/jobs/stop"
DELETE = "POST /v1.0/{project_id}/streaming/jobs/delete"
CDM = "PUT /v1.1/{project_id}/clusters/{cluster_id}/cdm/job/{job_name}/stop"
LIST = "GET /v1.0/{project_id}/streaming/jobs"
EN_HTML, ZH_MD, EN_RST = (
    "seeds/000_8182a592d8aed670.txt",
    "seeds/001_ad97169fa3b2ed22.txt",
    "seeds/002_3b5adef0544234b8.txt",
)

ZH_ROW = "is_success | 否 | Boolean | 执行请求是否成功。“true”表示请求执行成功。"
EN_ROW = (
    "| is_success | No | String | Whether the request is successfully executed. "
    "Value **true** indicates that the request is successfully executed. |"
)


def _findings() -> list[Finding]:
    return [
        Finding(
            "type-mismatch",
            Level.ERROR,
            STOP,
            "/responses/200/body/properties/is_success",
            "is_success is String in 2 versions but Boolean in seeds/001 (zh-CN)",
            (
                Side(EN_HTML, 304, "String", "en · html", EN_ROW),
                Side(ZH_MD, 122, "Boolean", "zh-CN · markdown", ZH_ROW),
                Side(EN_RST, 64, "String", "en · rst", EN_ROW),
            ),
            doc_id="dli_02_0241",
        ),
        Finding(
            "example-schema-mismatch",
            Level.WARNING,
            STOP,
            "/responses/200/examples/0/is_success",
            'the example response gives "true" (a string) where the table says Boolean',
            (
                Side(
                    ZH_MD,
                    158,
                    {"is_success": "true", "message": "作业停止请求下发成功"},
                    "zh-CN · markdown",
                    '{\n    "is_success": "true",\n    "message": "作业停止请求下发成功"\n}',
                ),
            ),
            doc_id="dli_02_0241",
        ),
        Finding(
            "param-missing",
            Level.WARNING,
            STOP,
            "/request/body/properties/trigger_savepoint",
            "trigger_savepoint is documented in the English pages but not in the Chinese page",
            (
                Side(
                    EN_RST,
                    40,
                    "Boolean",
                    "en · rst",
                    "| trigger_savepoint | No | Boolean | Whether to create a savepoint |",
                ),
                Side(ZH_MD, 98, None, "zh-CN · markdown", ""),
            ),
            doc_id="dli_02_0241",
        ),
        Finding(
            "default-mismatch",
            Level.INFO,
            STOP,
            "/request/body/properties/trigger_savepoint/default",
            "the default of trigger_savepoint differs",
            (Side(EN_RST, 40, "false", "en · rst"), Side(ZH_MD, 99, "true", "zh-CN · markdown")),
            doc_id="dli_02_0241",
        ),
        Finding(
            "status-code-mismatch",
            Level.ERROR,
            DELETE,
            "/responses",
            "status codes differ: 400 is documented in one version only",
            (
                Side("seeds/004_88eb16538c58c7f1.txt", 120, [200, 400], "en · html"),
                Side("corpus/zh-md/dli/批量删除作业.md", 171, [200], "zh-CN · markdown"),
            ),
            doc_id="dli_02_0243",
        ),
        Finding(
            "type-unknown",
            Level.INFO,
            CDM,
            "/request/body/properties/jobs/items",
            'the type phrase "Array of JobObj" is not understood',
            (Side("seeds/003_49cb9d45244a94ce.txt", 57, "Array of JobObj", "en · text"),),
        ),
    ]


def sample_document(
    findings: list[Finding] | None = None, *, command: str = "drift"
) -> dict[str, Any]:
    """A drift.json document as the drift command writes it."""
    found = sorted(_findings() if findings is None else findings, key=Finding.sort_key)
    as_json = [finding_to_json(f) for f in found]
    versions = {
        STOP: (
            "dli_02_0241",
            [
                (EN_HTML, 21, "html", "en", "Stopping Jobs in Batches"),
                (ZH_MD, 3, "markdown", "zh-CN", "批量停止作业"),
                (EN_RST, 18, "rst", "en", "Stopping Jobs in Batches"),
            ],
        ),
        DELETE: (
            "dli_02_0243",
            [
                ("seeds/004_88eb16538c58c7f1.txt", 18, "html", "en", "Deleting Jobs in Batches"),
                ("corpus/zh-md/dli/批量删除作业.md", 1, "markdown", "zh-CN", "批量删除作业"),
            ],
        ),
        CDM: (None, [("seeds/003_49cb9d45244a94ce.txt", 5, "text", "en", "Stopping a Job")]),
        LIST: (
            "dli_02_0242",
            [("corpus/rst/dli/querying.rst", 9, "rst", "en", "Querying the Job List")],
        ),
    }
    extra: dict[str, set[str]] = {}
    for f in found:
        if f.endpoint not in versions:
            extra.setdefault(f.endpoint, set()).update(s.source for s in f.sides)
    for ep, sources in extra.items():
        versions[ep] = (
            None,
            [(src, 1, src.rsplit(".", 1)[-1], "en", "") for src in sorted(sources)],
        )
    endpoints = [
        {
            "endpoint": ep,
            "doc_id": doc_id,
            "versions": [
                {"source": s, "line": n, "format": fmt, "lang": lang, "title": t}
                for s, n, fmt, lang, t in vs
            ],
        }
        for ep, (doc_id, vs) in sorted(versions.items(), key=lambda kv: common.natural_key(kv[0]))
    ]
    summary = {
        "by_rule": _count(f["rule"] for f in as_json),
        "by_level": _count(f["level"] for f in as_json),
        "by_endpoint": _count(f["endpoint"] for f in as_json),
    }
    return {
        "version": 1,
        "tool": {"name": "docconform", "version": "0.1.0"},
        "command": command,
        "inputs": [{"source": "seeds", "pages": 6, "endpoints": 5}],
        "endpoints": endpoints,
        "summary": summary,
        "findings": as_json,
        "baselined": 0,
        "rules": [
            {"id": r, "level": lv, "scope": "versions", "summary": s, "description": f"{s}\n\n{d}"}
            for r, (lv, s, d) in sorted(CATALOGUE.items())
        ],
        "diagnostics": [DIAGNOSTIC],
    }


#: A rule catalogue as the drift command writes it into the document (test data).
CATALOGUE = {
    "type-mismatch": (
        "error",
        "Versions give a field different types.",
        "Equal spellings never count.",
    ),
    "param-missing": (
        "error",
        "A field documented in some versions only.",
        "Request and response.",
    ),
    "default-mismatch": ("warning", "Versions state different defaults.", "Only stated defaults."),
    "example-schema-mismatch": ("error", "An example contradicts its page.", "Checked per status."),
    "status-code-mismatch": (
        "warning",
        "Versions document different status codes.",
        "Sets of codes.",
    ),
    "type-unknown": ("warning", "A type phrase the vocabulary does not know.", "Left open."),
    "name-suspect": ("warning", "A field name that looks like a typo.", "Edit distance."),
}
DIAGNOSTIC = {
    "code": "table-no-header",
    "level": "warning",
    "message": "a parameter table without a header row was read by position",
    "source": "seeds/003_49cb9d45244a94ce.txt",
    "line": 88,
}


def _count(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


HOSTILE = "<script>alert('x')</script> | `tick` ``two`` &amp; ]](javascript:alert(1)) **bold**"


def hostile_document() -> dict[str, Any]:
    """Page text that would run script, break a table or inject links if not escaped."""
    bad = Finding(
        "name-suspect",
        Level.WARNING,
        f"POST /v1/<img src=x onerror=alert(1)>|{HOSTILE}",
        f"/request/body/properties/{HOSTILE}",
        f"# {HOSTILE}",
        (
            Side(
                f"pages/{HOSTILE}.html",
                3,
                HOSTILE,
                f"<b>{HOSTILE}</b>",
                f"</pre>{HOSTILE}\n<iframe>",
            ),
            Side("pages/b.html", 4, {"k": HOSTILE}, "b", HOSTILE),
        ),
        doc_id=f"<i>{HOSTILE}</i>",
        extra=(("raw", HOSTILE),),
    )
    return sample_document([bad])


def many_document(n: int = 500) -> dict[str, Any]:
    """``n`` findings over n/10 endpoints, as a large vendor catalogue gives."""
    rules = [
        "type-mismatch",
        "required-mismatch",
        "param-missing",
        "enum-mismatch",
        "example-schema-mismatch",
    ]
    levels = [Level.ERROR, Level.WARNING, Level.WARNING, Level.INFO, Level.WARNING]
    found = [
        Finding(
            rules[i % 5],
            levels[i % 5],
            f"POST /v1/{{project_id}}/service{i // 10}/items",
            f"/request/body/properties/field_{i}",
            f"field_{i} differs between versions",
            (
                Side(
                    f"corpus/rst/s{i // 10}.rst",
                    10 + i,
                    "String",
                    "en · rst",
                    f"| field_{i} | Yes | String | 说明 |",
                ),
                Side(
                    f"corpus/zh-md/s{i // 10}.md",
                    20 + i,
                    "Integer",
                    "zh-CN · markdown",
                    f"field_{i} | 是 | Integer | 说明",
                ),
            ),
        )
        for i in range(n)
    ]
    return sample_document(found)


def test_groups_follow_sorted_endpoints_and_skip_clean_ones() -> None:
    groups = common.group_findings(sample_document())
    assert [g.endpoint for g in groups] == sorted([STOP, DELETE, CDM])
    stop = next(g for g in groups if g.endpoint == STOP)
    assert stop.doc_id == "dli_02_0241" and len(stop.findings) == 4 and len(stop.versions) == 3


def test_headline_counts_levels_endpoints_and_versions() -> None:
    assert common.headline(sample_document()) == (
        "6 findings (2 errors, 2 warnings, 2 info) in 3 of 4 endpoints, 7 versions compared"
    )
    empty = sample_document([])
    assert common.headline(empty).startswith("0 findings (0 errors, 0 warnings, 0 info) in 0 of 4")


def test_level_of_reads_numbers_and_treats_strays_as_warnings() -> None:
    assert common.level_of({"level": "ERROR"}) == "error"
    assert common.level_of({"level": 1}) == "info"
    assert common.level_of({"level": "fatal"}) == "warning"


def test_values_render_as_written_or_as_compact_json() -> None:
    assert common.format_value("Array of Long") == "Array of Long"
    assert common.format_value(None) == "—"
    assert common.format_value({"b": "是", "a": True}) == '{"a": true, "b": "是"}'
    assert common.format_value([200, 400]) == "[200, 400]"


def test_anchors_are_safe_distinct_and_stable() -> None:
    a, b = common.stable_anchor("ep", STOP), common.stable_anchor("ep", DELETE)
    assert a != b and a == common.stable_anchor("ep", STOP)
    assert all(c.isalnum() or c == "-" for c in common.stable_anchor("ep", HOSTILE + "批量"))
    twins = [{"fingerprint": "abc"}, {"fingerprint": "abc"}, {"fingerprint": "<x>"}]
    assert common.finding_anchors(twins) == ["f-abc", "f-abc-2", "f-x"]


def test_side_label_falls_back_to_file_name() -> None:
    assert common.side_label({"source": "a/b/page.md", "label": ""}, 0) == "page.md"
    assert common.side_label({}, 2) == "side 3"


def test_same_path_under_two_doc_ids_is_two_groups() -> None:
    twin = Finding(
        "type-mismatch",
        Level.ERROR,
        STOP,
        "/request/body/properties/job_ids",
        "job_ids differs",
        (
            Side("corpus/rst/cs/stop.rst", 30, "Array of Long"),
            Side("corpus/zh-md/cs/stop.md", 31, "String"),
        ),
        doc_id="cs_03_0001",
    )
    document = sample_document([*_findings(), twin])
    assert [g.doc_id for g in common.group_findings(document) if g.endpoint == STOP] == [
        "cs_03_0001",
        "dli_02_0241",
    ]
    # An endpoint entry is only borrowed when the path is unambiguous.
    assert [len(g.versions) for g in common.group_findings(document) if g.endpoint == STOP] == [
        0,
        3,
    ]
    document["endpoints"].append(
        {
            "endpoint": STOP,
            "doc_id": "cs_03_0001",
            "versions": [{"source": s.source, "line": 1} for s in twin.sides],
        }
    )
    stops = [g for g in common.group_findings(document) if g.endpoint == STOP]
    assert [g.doc_id for g in stops] == ["cs_03_0001", "dli_02_0241"]
    assert len({g.anchor for g in stops}) == 2
    assert len(stops[0].versions) == 2 and len(stops[1].versions) == 3


def test_value_groups_keep_first_appearance_and_tell_null_from_dash() -> None:
    sides = [{"value": v} for v in ["String", None, "String", "—", None, {"a": 1}]]
    groups = common.value_groups(sides)
    assert [g.value for g in groups] == ["String", None, "—", {"a": 1}]
    assert [[i for i, _ in g.sides] for g in groups] == [[0, 2], [1, 4], [3], [5]]


def test_rule_table_prefers_the_document_then_the_registry_then_words() -> None:
    document = sample_document()
    document["findings"][0]["rule"] = "header-case-mismatch"
    table = _meta.rule_table(document)
    assert table["type-mismatch"]["summary"] == CATALOGUE["type-mismatch"][1]
    assert table["header-case-mismatch"] == {
        "summary": "Header case mismatch.",
        "level": "",
        "description": "",
    }
    del document["rules"]
    registered = _meta.rule_table(document)
    assert (
        registered["type-mismatch"]["level"] == "error" and registered["type-mismatch"]["summary"]
    )
    assert "table-unresolved" in registered  # page rules are registered too


def test_inputs_read_as_source_and_counts() -> None:
    assert (
        _meta.input_label({"source": "seeds", "pages": 6, "endpoints": 1})
        == "seeds (6 pages, 1 endpoint)"
    )
    assert _meta.input_label("docs/") == "docs/"
    assert _meta.input_label({"rev": "HEAD~1"}) == '{"rev": "HEAD~1"}'


def wide_document(pages: int = 44) -> dict[str, Any]:
    """One field present in 3 of ``pages`` pages that share a path, as in the ECS corpus."""
    sides = [
        Side(
            f"corpus/html/ecs/topic_{i:02d}.html",
            30 + i,
            {"type": "Object", "required": True} if i < 3 else None,
            ["html en", "rst en", "markdown zh-CN"][i % 3],
            "os-start" if i < 3 else "Table 2 Request parameters",
            "Object, mandatory" if i < 3 else "",
        )
        for i in range(pages)
    ]
    found = Finding(
        "param-missing",
        Level.ERROR,
        "POST /v2.1/{project_id}/servers/{server_id}/action",
        "/request/body/properties/os-start",
        "Request field `os-start` is documented in 3 pages only",
        tuple(sides),
        doc_id="en-us_topic_0020212207",
    )
    return sample_document([found])
