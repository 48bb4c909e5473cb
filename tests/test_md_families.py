"""Layout families of the Chinese Markdown pages, each on a real page (tests/data/md_families).

Every test names the family it stands for and checks the tree the page's
tables describe (and, where the page has one, that its own example fits);
what must not happen is tested beside it.
"""

from __future__ import annotations

from pathlib import Path

from docconform.extractor.model import Endpoint, Field, Response
from docconform.extractor.run.pipeline import PageResult, extract_file
from docconform.extractor.run.pipeline import extract_bytes

FAMILIES = Path(__file__).parent / "data" / "md_families"


def _page(name: str) -> PageResult:
    return extract_file(FAMILIES / name, name)


def _endpoint(name: str) -> Endpoint:
    (ep,) = _page(name).endpoints
    return ep


def _response(ep: Endpoint, status: str) -> Response:
    return next(r for r in ep.responses if r.status == status)


def _child(f: Field | None, *names: str) -> Field:
    assert f is not None
    for name in names:
        found = {c.name: c for c in f.children}
        assert name in found, (name, sorted(found))
        f = found[name]
    return f


def _names(f: Field) -> set[str]:
    return {c.name for c in f.children}


def _codes(result: PageResult, code: str) -> list[str]:
    return [d.message for d in result.diagnostics if d.code == code]


def test_map_of_arrays_of_objects_takes_its_table() -> None:
    """mrs: ``Map<String,Array<JobExeResult>>`` linking to table JobExeResult: the table
    describes the innermost object (it used to stay bare, and unreported)."""
    ep = _endpoint("mrs_job_exes.md")
    field = _child(_response(ep, "200").body, "job_executions")
    assert field.type.base == "object" and field.type.values is not None
    assert field.type.values.base == "array"
    assert {"id", "job_name", "cluster_id", "job_state"} <= _names(field)


def test_plural_objects_without_array_is_a_list() -> None:
    """mrs: ``<a href="#t…">clusters</a> objects`` (no "Array of"): a list, as the plural says
    and the page's example shows."""
    ep = _endpoint("mrs_cluster_list.md")
    clusters = _child(_response(ep, "200").body, "clusters")
    assert clusters.type.base == "array"
    assert {"clusterId", "clusterName", "masterNodeNum"} <= _names(clusters)
    (example,) = [e for e in ep.examples if e.kind == "response"]
    assert isinstance(example.value["clusters"], list)


def test_tables_nested_by_order_under_one_caption() -> None:
    """ces: three tables all captioned 响应参数, ``quotas | Object`` then ``resources | Array
    of objects`` then the resource's fields: each object row takes the table after its own."""
    result = _page("ces_quotas.md")
    (ep,) = result.endpoints
    body = _response(ep, "200").body
    assert _names(body) == {"quotas"}
    resources = _child(body, "quotas", "resources")
    assert resources.type.base == "array"
    assert _names(resources) == {"type", "used", "unit", "quota"}
    assert len(_codes(result, "table-by-order")) == 2
    assert not _codes(result, "table-unresolved")


def test_table_named_after_a_type_no_row_writes() -> None:
    """dws: ``quotas | Object`` followed by table "V1GetQuotaResponseBodyQuotasResourceList"
    (a type name no row uses), whose ``resources`` row names the next table by type."""
    ep = _endpoint("dws_quotas.md")
    resources = _child(_response(ep, "200").body, "quotas", "resources")
    assert {"type", "used", "quota", "unit"} <= _names(resources)


def test_error_object_of_each_status_takes_the_table_after_it() -> None:
    """kms: every error status has ``error | Object`` and then its own ErrorDetail table."""
    ep = _endpoint("kms_quotas.md")
    for status in ("400", "401", "403", "404", "500"):
        assert _names(_child(_response(ep, status).body, "error")) == {"error_code", "error_msg"}
    # the success body is untouched by the error tables that follow it
    assert _names(_child(_response(ep, "200").body, "quotas", "resources")) == {"type", "used", "quota"}


def test_caption_in_the_other_grammatical_number() -> None:
    """dds: the ``instances`` row and the table "instance字段数据结构说明": found by name,
    with no guess by order."""
    result = _page("dds_resource_instances.md")
    (ep,) = result.endpoints
    instances = _child(_response(ep, "200").body, "instances")
    assert {"instance_id", "instance_name", "tags"} <= _names(instances)
    assert _names(_child(instances, "tags")) == {"key", "value"}
    assert not _codes(result, "table-by-order")


def test_format_description_list_items_caption_their_tables() -> None:
    """iam: ``-   role格式说明`` / table, ``-   policy格式说明`` / table: 格式说明 names the structure."""
    ep = _endpoint("iam_ep_group_roles.md")
    roles = _child(next(r.body for r in ep.responses if r.body), "roles")
    assert {"display_name", "catalog", "policy"} <= _names(roles)
    assert "Statement" in _names(_child(roles, "policy"))
    assert "Effect" in _names(_child(roles, "policy", "Statement"))


_TWO_VARIANTS = """\
# 创建令牌<a name="x_01"></a>

## URI<a name="s1"></a>

POST /v3/tokens

## 请求消息<a name="s2"></a>

-   使用委托令牌时（methods 为 assume_role），请求体如下。

    | 参数 | 是否必选 | 参数类型 | 描述 |
    | --- | --- | --- | --- |
    | methods | 是 | String | assume_role |
    | scope | 否 | Object | 令牌的使用范围。 |

-   使用用户令牌时（methods 为 token），请求体如下。

    | 参数 | 是否必选 | 参数类型 | 描述 |
    | --- | --- | --- | --- |
    | methods | 是 | String | token |
    | duration_seconds | 否 | Integer | 有效期。 |
"""


def test_an_uncaptioned_table_after_its_own_paragraph_is_not_taken_by_order() -> None:
    """Two variants of one body, each introduced by a sentence: the second table is not the
    first one's ``scope`` object (rst/iam obtaining_a_temporary_ak_sk has this layout)."""
    result = extract_bytes(_TWO_VARIANTS.encode(), "variants.md", "markdown")
    (ep,) = result.endpoints
    assert not _child(ep.request_body, "scope").children
    assert not _codes(result, "table-by-order")


def test_example_titles_after_a_condition() -> None:
    """dli: ``-   data_location为OBS时的请求样例：`` under ## 示例: request examples, not responses."""
    ep = _endpoint("dli_create_table.md")
    kinds = [(e.kind, e.span.line) for e in ep.examples]
    assert kinds == [("request", 282), ("request", 317), ("response", 327)]
    assert not [e for e in ep.examples if e.kind == "request" and e.status]


def test_a_reference_to_an_example_is_not_its_title() -> None:
    from docconform.extractor.interpret.sections import pseudo_heading_role

    assert pseudo_heading_role("action为filter时响应样例") == "example-response"
    assert pseudo_heading_role("Spark作业请求示例") == "example-request"
    assert pseudo_heading_role("请参见请求示例") is None
    assert pseudo_heading_role("see Example request") is None


def test_unstated_type_takes_its_shape_from_the_examples() -> None:
    """dli: ``attrs | 无 | …请参见表4`` (the Type cell states nothing); the example lists
    ``"attrs": [{…}]``: an array of Table 4's objects. A stated ``Object`` is never changed."""
    result = _page("dli_apig_sinks.md")
    (ep,) = result.endpoints
    attrs = _child(_response(ep, "200").body, "apig_sinks", "sinks", "attrs")
    assert attrs.type.base == "array" and _names(attrs) == {"name", "type"}
    assert _codes(result, "type-from-examples")
    assert _child(_response(ep, "200").body, "apig_sinks").type.base == "object"


def test_scalar_type_overruled_by_the_table_named_after_the_row() -> None:
    """functiongraph (2021): ``strategy_config | String | 函数策略配置，请参考表4`` and Table 4
    "strategy_config参数说明": an object, reported; ``func_code | String | 请参考表4`` points at
    the same table, which names something else: it stays a string."""
    result = _page("fg_publish_version.md")
    (ep,) = result.endpoints
    body = _response(ep, "200").body
    assert _names(_child(body, "strategy_config")) == {"concurrency"}
    assert _child(body, "strategy_config").type.base == "object"
    assert _child(body, "func_code").type.base == "string" and not _child(body, "func_code").children
    assert len(_codes(result, "type-by-table")) == 1
    # dli: "conf | Array of Strings | …请参考表3", Table 3 "conf参数说明" lists the keys the
    # key=value strings set: the array of strings stays
    result = _page("dli_submit_sql.md")
    conf = _child(result.endpoints[0].request_body, "conf")
    assert conf.type.base == "array" and conf.type.items is not None and conf.type.items.base == "string"
    assert not conf.children and not _codes(result, "type-by-table")


def test_bare_plural_is_a_list_unless_the_examples_show_one_object() -> None:
    """iam: ``allow_address_netmasks | objects`` and an example list: an array. ces:
    ``version | Objects`` and an example object: an object (the plural names no list)."""
    ep = _endpoint("iam_api_acl_policy.md")
    policy = _child(_response(ep, "200").body, "api_acl_policy")
    assert _child(policy, "allow_address_netmasks").type.base == "array"
    assert {"address_netmask", "description"} <= _names(_child(policy, "allow_address_netmasks"))
    result = _page("ces_api_version.md")
    (ep,) = result.endpoints
    version = _child(_response(ep, "200").body, "version")
    assert version.type.base == "object" and {"id", "links", "status"} <= _names(version)
    assert _codes(result, "type-from-examples")


def test_map_whose_table_lists_its_keys_is_an_object() -> None:
    """iam: ``local | Array<Map<String,Object>>`` linking to "mappings.rules.local" (rows
    ``user``, ``group``, ``groups``); the examples key each element by those rows."""
    result = _page("iam_register_mapping.md")
    (ep,) = result.endpoints
    body = next(r.body for r in ep.responses if r.body)
    local = _child(body, "mapping", "rules", "local")
    assert local.type.base == "array" and local.type.items is not None
    assert local.type.items.values is None
    assert _names(_child(local, "group")) == {"name"}
    assert _codes(result, "map-keyed-by-fields")


def test_body_given_by_a_table_on_another_page() -> None:
    """dli: no response table, the sentence ``响应参数如[表3](查询所有资源包.md#…)所示。`` instead:
    the body is that page's table when the run holds it, reported when it does not."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "body_elsewhere"
    results = {Path(r.source).name: r for r in extract_all([folder], None, None, DiagnosticSink())}
    (ep,) = results["查询指定资源包.md"].endpoints
    body = _response(ep, "200").body
    assert {"create_time", "resource_name", "resource_type", "status"} <= _names(body)
    assert body.source_table and "查询所有资源包.md" in body.source_table
    alone = extract_all([folder / "查询指定资源包.md"], None, None, DiagnosticSink())
    (result,) = alone
    assert [m for m in _codes(result, "table-unresolved") if "查询所有资源包.md" in m]


def test_body_sent_to_a_whole_page_takes_its_first_table() -> None:
    """ecs: ``响应参数请参见 [响应（批量操作类）](响应（批量操作类）.md) 所示。`` links the page, not a
    table: the body is that page's own first table (``response``), not one of the structure
    tables after it."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "body_elsewhere_page"
    results = {Path(r.source).name: r for r in extract_all([folder], None, None, DiagnosticSink())}
    (ep,) = results["批量修改弹性云服务器.md"].endpoints
    body = _response(ep, "200").body
    assert _names(body) == {"response"} and _names(_child(body, "response")) == {"id"}


def test_request_row_named_like_a_declared_placeholder_that_the_example_sends() -> None:
    """dli: ``var_name`` is in the URI table, again in 请求参数说明, and in the example body:
    a path parameter and a body field both."""
    ep = _endpoint("dli_update_variable.md")
    assert _names(ep.request_body) == {"var_name", "var_value"}
    assert ("path", "var_name") in {(p.location, p.name) for p in ep.parameters}


def test_lone_body_row_is_the_body() -> None:
    """functiongraph: ``X-Cff-Function-Log``, ``X-Cff-Invoke-Summary`` (headers) and ``Body | JSON |
    函数执行结果``: the body is that JSON, not an object with a field called Body."""
    ep = _endpoint("fg_invoke.md")
    response = _response(ep, "200")
    assert response.body is not None and response.body.name == "" and not response.body.children
    assert {h.name for h in response.headers} == {"X-Cff-Function-Log", "X-Cff-Invoke-Summary"}
