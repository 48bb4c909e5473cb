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
from docconform.extractor.writers.jsonschema import field_schema

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


def test_table_after_several_bare_object_rows_is_reported_not_nested() -> None:
    """ces_quotas.md with a second bare ``Object`` row added to Table 2: Table 3 could then be
    either row's, so order cannot nest it; a warning names both candidates (before, its rows
    joined the body root without a word)."""
    page = (FAMILIES / "ces_quotas.md").read_text(encoding="utf-8")
    row = "<tr><td><p>limits</p></td><td><p>Object</p></td><td><p>限制。</p></td></tr>"
    quotas_row_end = page.index("</tr>", page.index(">quotas</p>")) + len("</tr>")
    page = page[:quotas_row_end] + "\n    " + row + page[quotas_row_end:]
    result = extract_bytes(page.encode(), "ces_quotas_two_bare.md", "markdown")
    (message,) = _codes(result, "table-by-order-ambiguous")
    assert "(quotas, limits)" in message and message.startswith("Table 3")
    # the page's example has resources inside quotas: that, not order, nests Table 3
    body = _response(result.endpoints[0], "200").body
    assert _names(body) == {"quotas", "limits"} and not _child(body, "limits").children
    assert _names(_child(body, "quotas", "resources")) == {"type", "used", "unit", "quota"}
    assert _codes(result, "fields-regrouped")
    # when the example does not settle it, Table 3's row stays at the body root, as the warning says
    unsettled = extract_bytes(page.replace('"resources"', '"resource_list"').encode(), "unsettled.md", "markdown")
    body = _response(unsettled.endpoints[0], "200").body
    assert {"quotas", "limits", "resources"} <= _names(body)
    assert _codes(unsettled, "table-by-order-ambiguous")


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
    # 返回值 only points at the doc set's general return values: a success of class 2XX
    body = _response(ep, "2XX").body
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


def test_map_type_spelled_in_the_description() -> None:
    """ecs: ``addresses | Object | 属性为Map<String, Object>结构。key为网络名称…value为网络属性，
    详情请参见表1`` (the table on another page): the keys are network names chosen by the
    server, the linked table describes each value; its rows are not properties of addresses.
    The declared value is a bare Object, and the page's example holds a list of address
    objects under each key (``"0431c5e5-…": [{"addr": …}]``): a map of lists of them."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "map_in_description"
    results = {Path(r.source).name: r for r in extract_all([folder], None, None, DiagnosticSink())}
    (ep,) = results["查询云服务器详情.md"].endpoints
    addresses = _child(_response(ep, "200").body, "server", "addresses")
    values = addresses.type.values
    assert values is not None and values.base == "array" and values.items is not None
    assert values.items.base == "object"
    assert {"version", "addr", "OS-EXT-IPS:type"} <= _names(addresses)
    schema = field_schema(addresses)
    assert "properties" not in schema
    assert {"version", "addr"} <= set(schema["additionalProperties"]["items"]["properties"])
    # a description that only mentions key-value data, with no Map<...> spelled, changes nothing
    key_name = _child(_response(ep, "200").body, "server", "key_name")
    assert key_name.type.base == "string" and key_name.type.values is None


def test_dotted_row_name_that_the_example_nests() -> None:
    """functiongraph: the request table's row ``func_code.file`` and the example request
    ``{"func_code": {"file": "…"}}``: ``file`` inside a ``func_code`` object, not a top-level
    field with a dot in its name."""
    ep = _endpoint("fg_create_function.md")
    assert "func_code.file" not in _names(ep.request_body)
    assert _names(_child(ep.request_body, "func_code")) == {"file"}


def test_dotted_key_the_example_sends_literally_stays_a_name() -> None:
    """A dotted name that the example sends as one key (ECS metadata keys like
    ``metering.image_id``) is a name, not a path: the same page with the example's key
    written literally keeps the row as it is."""
    text = (FAMILIES / "fg_create_function.md").read_text(encoding="utf-8")
    literal = text.replace('"func_code": { \n     "file":', '"func_code.file":', 1)
    literal = literal.replace('" \n   } \n } \n```', '" \n } \n```', 1)
    assert literal != text
    result = extract_bytes(literal.encode("utf-8"), "fg_create_function.md")
    (ep,) = result.endpoints
    assert "func_code.file" in _names(ep.request_body) and "func_code" not in _names(ep.request_body)


def test_string_whose_description_states_keys_and_values_and_example_holds_an_object() -> None:
    """functiongraph: ``additional_version_weights | String | json，灰度版本号为key，权重为value。``
    and the example request ``{"additional_version_weights": {"1.0": 10}}``: a map. The response
    example misspells the key (a trailing space), so nothing shows an object there: the response
    field stays a string, the statement alone is not evidence."""
    ep = _endpoint("fg_create_alias.md")
    weights = _child(ep.request_body, "additional_version_weights")
    assert weights.type.base == "object" and weights.type.values is not None
    answered = _child(_response(ep, "200").body, "additional_version_weights")
    assert answered.type.base == "string" and answered.type.values is None


def test_response_table_without_status_answers_the_status_its_example_shows() -> None:
    """functiongraph: no status table (状态码请参见状态码.md), one response table, and the
    success example ``HTTP/1.1 201 Created``: the table is the 201 response, not a 200 no
    example answers; the 404 example stays an error example."""
    ep = _endpoint("fg_create_trigger.md")
    assert [r.status for r in ep.responses if r.body is not None] == ["201"]
    assert "trigger_id" in _names(_response(ep, "201").body)
    assert {e.status for e in ep.examples if e.kind == "response"} == {"201", "404"}
    # two different success statuses shown: the one table describes the body of each
    text = (FAMILIES / "fg_create_trigger.md").read_text(encoding="utf-8")
    both = text.replace("**失败时的返回格式：**", "```\nHTTP/1.1 200 OK\n{\"trigger_id\": \"x\"}\n```\n\n**失败时的返回格式：**", 1)
    (again,) = extract_bytes(both.encode("utf-8"), "fg_create_trigger.md").endpoints
    assert [r.status for r in again.responses if r.body is not None] == ["200", "201"]


def test_type_cell_link_to_another_page_outweighs_a_table_named_alike_here() -> None:
    """as: the disk row ``metadata | <a href="查询弹性伸缩配置列表.md#table…">metadata</a> object``
    links the disk metadata table of the list page (``__system__encrypted``…); this page's own
    "metadata字段数据结构说明" (``admin_pass``) describes the server's metadata, not the disk's."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "link_elsewhere_over_name"
    results = {Path(r.source).name: r for r in extract_all([folder], None, None, DiagnosticSink())}
    (ep,) = results["查询弹性伸缩配置详情.md"].endpoints
    config = _child(_response(ep, "200").body, "scaling_configuration", "instance_config")
    assert _names(_child(config, "disk", "metadata")) == {"__system__encrypted", "__system__cmkid"}
    assert _names(_child(config, "metadata")) == {"admin_pass"}


def test_type_cell_file_link_to_the_page_itself_keeps_the_table_named_alike() -> None:
    """as: ``Array of <a href="修改弹性伸缩组.md">networks</a> objects`` links the page itself
    (no anchor): the page's "networks字段数据结构说明" is the row's table, found by its name."""
    ep = _endpoint("as_self_page_link.md")
    networks = _child(ep.request_body, "networks")
    assert {"id", "ipv6_enable"} <= _names(networks)


def test_type_cell_link_elsewhere_keeps_a_same_page_link_in_the_description() -> None:
    """dns: ``tags | Array of <a href="数据结构.md#…">tag</a> objects | …请参见<a href="#table…">表7</a>``:
    the Type cell links another page, the description this page's Table 7: Table 7 is the
    tags' table, and ``resource_detail | Object`` (no link) does not take it by order."""
    ep = _endpoint("dns_resource_instances.md")
    (success,) = [r for r in ep.responses if r.status.startswith("2")]
    resource = _child(success.body, "resources")
    assert _names(_child(resource, "tags")) == {"key", "value"}
    assert not _names(_child(resource, "resource_detail"))


def test_scalar_row_linking_a_table_on_another_page_named_after_it() -> None:
    """functiongraph: ``func_vpc | *String | VPC配置，请参考表6`` whose 表6 "func_vpc参数说明" is
    on 获取函数列表.md: an object of that table when the run holds the page, the scalar as typed
    (and no diagnostic) when it does not; dli ``state | String | 请参见创建语句中的表4``, whose
    表4 "statement state参数说明" lists state's values, stays a string."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "mistyped_elsewhere"
    results = {Path(r.source).name: r for r in extract_all([folder], None, None, DiagnosticSink())}
    (ep,) = results["发布函数版本.md"].endpoints
    body = _response(ep, "200").body
    vpc = _child(body, "func_vpc")
    assert vpc.type.base == "object" and {"vpc_id", "subnet_id"} <= _names(vpc)
    assert vpc.source_table and "获取函数列表.md" in vpc.source_table
    assert _child(body, "mount_config").type.base == "object"
    assert _codes(results["发布函数版本.md"], "type-by-table")
    (statements,) = results["查看语句列表.md"].endpoints
    state = _child(_response(statements, "200").body, "state")
    assert state.type.base == "string" and not state.children
    (alone,) = extract_all([folder / "发布函数版本.md"], None, None, DiagnosticSink())
    assert _child(_response(alone.endpoints[0], "200").body, "func_vpc").type.base == "string"
    assert not [m for m in _codes(alone, "table-unresolved") if "func_vpc" in m]


def test_dotted_row_nested_by_an_example_that_needed_repair() -> None:
    """functiongraph 修改函数代码: the request row ``func_code.file`` and the example
    ``{"func_code": {"file": "…", }, …}`` with trailing commas: the repaired value shows
    the nesting as well as a strict one would, so ``file`` goes inside ``func_code``."""
    result = _page("fg_update_code.md")
    (ep,) = result.endpoints
    body = ep.request_body
    assert body is not None and "func_code.file" not in _names(body)
    assert _names(_child(body, "func_code")) == {"file"}
    assert any("func_code.file" in m for m in _codes(result, "fields-regrouped"))


def test_type_name_resolved_on_another_page_is_not_reported_unknown() -> None:
    """functiongraph 修改函数的metadata信息: ``func_vpc | func_vpc | VPC配置，请参考表6`` with 表6 on
    获取函数列表.md: the type name is the table the run attaches, no ``type-unknown``; alone,
    the link that resolves to nothing is reported (``table-unresolved``), still not twice."""
    from docconform.extractor.diagnostics import DiagnosticSink
    from docconform.extractor.run.command import extract_all

    folder = FAMILIES / "mistyped_elsewhere"
    page = FAMILIES / "fg_update_metadata.md"
    results = {Path(r.source).name: r for r in extract_all([folder, page], None, None, DiagnosticSink())}
    result = results["fg_update_metadata.md"]
    vpc = _child(_response(result.endpoints[0], "200").body, "func_vpc")
    assert vpc.type.base == "object" and "vpc_id" in _names(vpc)
    assert not [m for m in _codes(result, "type-unknown") if "func_vpc" in m]
    (alone,) = extract_all([page], None, None, DiagnosticSink())
    assert [m for m in _codes(alone, "table-unresolved") if "func_vpc" in m]


def _fits(value: object, f: Field) -> bool:
    """Every key of ``value`` (objects and list elements, all levels) is a field of ``f`` at its place."""
    if isinstance(value, list):
        return all(_fits(v, f) for v in value)
    if not isinstance(value, dict):
        return True
    fields = {c.name: c for c in f.children}
    return all(k in fields and _fits(v, fields[k]) for k, v in value.items())


def test_a_parameter_label_item_after_an_example_item_returns_to_the_section() -> None:
    """dli 更新Flink自定义作业: under 请求消息, ``-   请求样例`` with the example, then
    ``-   参数说明`` with Table 2: the table is the request body, not an unplaced table of
    the example (the body was lost, and the example had nothing to fit); the same under
    响应消息. The example fits the body the table gives, but for ``job_type``, which the
    table does not document (the page's own drift)."""
    ep = _endpoint("dli_params_item_after_example_item.md")
    body = ep.request_body
    assert body is not None and {"name", "desc", "queue_name", "main_class"} <= _names(body)
    assert body.span.line == 79
    (request,) = [e for e in ep.examples if e.kind == "request"]
    assert isinstance(request.value, dict) and set(request.value) - _names(body) == {"job_type"}
    assert _fits({k: v for k, v in request.value.items() if k != "job_type"}, body)
    response = _response(ep, "200").body
    assert response is not None and {"is_success", "message", "job"} <= _names(response)
    assert _names(_child(response, "job")) == {"update_time"}


def test_an_item_naming_an_error_body_after_an_example_item_does_not_return_to_the_section() -> None:
    """iam 查询企业项目已关联用户组的权限: ``-   响应样例（响应成功）`` then ``-   Error Reponse
    Body参数说明`` with the error table: that item closes nothing, so the error rows never join
    the success body (which is ``roles`` alone)."""
    ep = _endpoint("iam_ep_group_roles.md")
    (success,) = [r.body for r in ep.responses if r.body is not None]
    assert _names(success) == {"roles"}


def test_a_response_table_captioned_as_path_parameters_is_the_response() -> None:
    """dws 创建容灾: under 响应参数, "表3 路径参数" (a copy-paste slip) holds
    ``disaster_recovery | DisasterRecovery object``: the response heading wins over the
    caption, with a warning at the table; before, the response had no body and the path
    parameters did not take the row either."""
    result = _page("dws_response_captioned_path.md")
    (ep,) = result.endpoints
    assert [p.name for p in ep.parameters if p.location == "path"] == ["project_id"]
    response = _response(ep, "200").body
    assert response is not None and _names(_child(response, "disaster_recovery")) == {"id"}
    (answer,) = [e for e in ep.examples if e.kind == "response" and e.status == "200"]
    assert _fits(answer.value, response)
    (warning,) = [d for d in result.diagnostics if d.code == "caption-section-conflict"]
    assert warning.span.line == 135 and "路径参数" in warning.message


def test_a_request_body_example_item() -> None:
    """"-   请求头" / the request line, then "-   请求体样例" / the JSON (zh-md/dds)."""
    ep = _endpoint("dds_request_body_example_item.md")
    (request,) = [x for x in ep.examples if x.kind == "request"]
    assert request.strict and set(request.value) == {"backup"}
    assert {c.name for c in _child(ep.request_body, "backup").children} >= {"instance_id", "name"}


def test_an_example_label_glossed_after_a_colon() -> None:
    """"-   响应样例：查询的企业项目关联了用户组。" opens the response examples (zh-md/iam)."""
    ep = _endpoint("iam_example_label_glossed.md")
    answers = [x for x in ep.examples if x.kind == "response"]
    assert [x.status for x in answers] == ["200", "200"]
    assert answers[1].value == {"groups": []}


def test_an_integer_holding_a_millisecond_unix_time_is_int64() -> None:
    # from/to are "Integer", "UNIX时间戳，单位毫秒": int32 (from the type word alone) refused
    # every real value and the page's own example (1484153313000). (Durations and timestamps in
    # seconds stay int32: tests/test_constraints.py.)
    ep = _endpoint("ces_ms_timestamp_integer.md")
    assert _child(ep.request_body, "from").type.format == "int64"
    assert _child(ep.request_body, "to").type.format == "int64"
    (example,) = [x for x in ep.examples if x.kind == "request"]
    assert 2**31 <= example.value["from"] < 2**63


def test_a_list_of_objects_with_no_members_whose_examples_hold_strings_is_a_list_of_strings() -> None:
    ep = _endpoint("dli_array_of_objects_holding_strings.md")
    conf = _child(ep.request_body, "conf")
    assert conf.type.base == "array" and conf.type.items is not None and conf.type.items.base == "string"
    (example,) = [x for x in ep.examples if x.kind == "request"]
    assert all(isinstance(v, str) for v in example.value["conf"])


def test_a_table_captioned_header_note_holds_headers() -> None:
    # 表 2 "Header说明" was read as a named object's table of the body: its lowercase `charset`
    # row became a mandatory body field, and the page's own example was refused for it
    ep = _endpoint("dli_header_table_captioned_header_note.md")
    headers = {p.name for p in ep.parameters if p.location == "header"}
    assert {"X-Auth-Token", "Content-Type", "charset"} <= headers
    assert "charset" not in {c.name for c in ep.request_body.children}
    assert "cluster_name" in {c.name for c in ep.request_body.children}


def test_a_list_of_strings_its_description_calls_json_objects_holds_objects() -> None:
    # the Type cell says strings, the description "JSON对象列表…格式详见请求示例" and the example
    # objects; other string lists of the page (modules) stay strings
    ep = _endpoint("dli_strings_called_json_objects.md")
    for name in ("resources", "groups"):
        f = _child(ep.request_body, name)
        assert f.type.items is not None and f.type.items.base == "object", name
    modules = _child(ep.request_body, "modules")
    assert modules.type.items is not None and modules.type.items.base == "string"
