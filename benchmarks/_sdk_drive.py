"""Drive the official Huawei Cloud ECS and IAM SDKs against ``docconform mock``.

Shared by ``benchmarks/bench_sdk.py`` (which prints the table) and
``tests/test_mock_sdk_corpus.py`` (which asserts on it). Each SDK client
(huaweicloudsdkecs v2, huaweicloudsdkiam v3, from PyPI through the ``sdk``
extra) is pointed at a mock serving the schemas ``docconform extract`` wrote
from the corpus's Chinese Markdown pages, signs with AK/SK as the SDK does,
and makes one correct call per operation below: request values as a correct
client would send them, built with the SDK's own request models.

For every call the outcome says whether the mock accepted it, and if not
which violations (each classed ``client`` or ``contract-doubt``) it named;
for accepted calls, whether the SDK could deserialize the whole answer into
its response model (:func:`model_losses` compares the raw JSON with the
model: keys the model has no attribute for, values it dropped, and JSON
booleans or numbers it read as strings).

Not a test and not a benchmark on its own; it imports the SDKs only when asked.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PROJECT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
DOMAIN = "d78cbac186b744899480f25bd022f468"
SERVER = "ac8b2dc1-3e25-4f9c-9b08-2d4b5a9f1c11"
VOLUME = "d2f7b9a0-6a5e-4b1e-8f45-1c0d3e9a7b22"
GROUP = "5b4b2f6e-0a3c-4c2a-9d1e-7e6f5a4b3c21"
USER = "7116d09f88fa41908676fdd4b039e95b"
IAM_GROUP = "07609fb9358010e21f7bc003751c7c32"
AGENCY = "afca8ddf2e92469a8fd26a635da5206f"
JOB = "ff808082739334d80173943ec9b42130"

_PRIMITIVES = {"str": str, "int": int, "float": float, "bool": bool}


@dataclass
class Outcome:
    """One SDK call against the mock."""

    sdk: str
    operation: str
    accepted: bool = False
    status: int | None = None
    #: (class, rule, pointer, source, doubts) of each error-level violation.
    violations: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: What the SDK's response model lost of the answer (empty: fully deserialized).
    losses: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def rejected_class(self) -> str | None:
        if self.accepted or not self.violations:
            return None
        return "client" if any(v[0] == "client" for v in self.violations) else "contract-doubt"


def _ecs_calls(m: Any) -> list[tuple[str, Callable[[Any], Any]]]:
    server_id = m.ServerId(id=SERVER)
    return [
        ("list_servers_details", lambda c: c.list_servers_details(m.ListServersDetailsRequest(limit=10, offset=1))),
        ("show_server", lambda c: c.show_server(m.ShowServerRequest(server_id=SERVER))),
        ("list_flavors", lambda c: c.list_flavors(m.ListFlavorsRequest(availability_zone="cn-north-4a"))),
        ("show_server_limits", lambda c: c.show_server_limits(m.ShowServerLimitsRequest())),
        ("list_server_groups", lambda c: c.list_server_groups(m.ListServerGroupsRequest(limit=10))),
        ("show_server_group", lambda c: c.show_server_group(m.ShowServerGroupRequest(server_group_id=GROUP))),
        ("list_server_block_devices",
         lambda c: c.list_server_block_devices(m.ListServerBlockDevicesRequest(server_id=SERVER))),
        ("show_server_block_device", lambda c: c.show_server_block_device(
            m.ShowServerBlockDeviceRequest(server_id=SERVER, volume_id=VOLUME))),
        ("list_server_interfaces",
         lambda c: c.list_server_interfaces(m.ListServerInterfacesRequest(server_id=SERVER))),
        ("show_server_tags", lambda c: c.show_server_tags(m.ShowServerTagsRequest(server_id=SERVER))),
        ("show_job", lambda c: c.show_job(m.ShowJobRequest(job_id=JOB))),
        ("show_server_password", lambda c: c.show_server_password(m.ShowServerPasswordRequest(server_id=SERVER))),
        ("show_reset_password_flag",
         lambda c: c.show_reset_password_flag(m.ShowResetPasswordFlagRequest(server_id=SERVER))),
        ("nova_list_keypairs", lambda c: c.nova_list_keypairs(m.NovaListKeypairsRequest(limit=10))),
        ("nova_show_keypair", lambda c: c.nova_show_keypair(m.NovaShowKeypairRequest(keypair_name="demo"))),
        ("nova_list_availability_zones",
         lambda c: c.nova_list_availability_zones(m.NovaListAvailabilityZonesRequest())),
        ("nova_show_server", lambda c: c.nova_show_server(m.NovaShowServerRequest(server_id=SERVER))),
        ("update_server", lambda c: c.update_server(m.UpdateServerRequest(
            server_id=SERVER, body=m.UpdateServerRequestBody(server=m.UpdateServerOption(name="web-01"))))),
        ("batch_start_servers", lambda c: c.batch_start_servers(m.BatchStartServersRequest(
            body=m.BatchStartServersRequestBody(os_start=m.BatchStartServersOption(servers=[server_id]))))),
        ("batch_stop_servers", lambda c: c.batch_stop_servers(m.BatchStopServersRequest(
            body=m.BatchStopServersRequestBody(os_stop=m.BatchStopServersOption(servers=[server_id],
                                                                                  type="SOFT"))))),
        ("create_server_group", lambda c: c.create_server_group(m.CreateServerGroupRequest(
            body=m.CreateServerGroupRequestBody(server_group=m.CreateServerGroupOption(
                name="group-a", policies=["anti-affinity"]))))),
        ("update_server_metadata", lambda c: c.update_server_metadata(m.UpdateServerMetadataRequest(
            server_id=SERVER, body=m.UpdateServerMetadataRequestBody(metadata={"owner": "ops"})))),
        ("batch_create_server_tags", lambda c: c.batch_create_server_tags(m.BatchCreateServerTagsRequest(
            server_id=SERVER, body=m.BatchCreateServerTagsRequestBody(
                action="create", tags=[m.BatchAddServerTag(key="env", value="prod")])))),
        ("show_server_remote_console", lambda c: c.show_server_remote_console(m.ShowServerRemoteConsoleRequest(
            server_id=SERVER, body=m.ShowServerRemoteConsoleRequestBody(
                remote_console=m.GetServerRemoteConsoleOption(protocol="vnc", type="novnc"))))),
        ("delete_servers", lambda c: c.delete_servers(m.DeleteServersRequest(body=m.DeleteServersRequestBody(
            servers=[server_id], delete_publicip=False, delete_volume=False)))),
        ("attach_server_volume", lambda c: c.attach_server_volume(m.AttachServerVolumeRequest(
            server_id=SERVER, body=m.AttachServerVolumeRequestBody(
                volume_attachment=m.AttachServerVolumeOption(volume_id=VOLUME, device="/dev/sdb"))))),
        ("delete_server_group", lambda c: c.delete_server_group(m.DeleteServerGroupRequest(server_group_id=GROUP))),
    ]


def _iam_calls(m: Any) -> list[tuple[str, Callable[[Any], Any]]]:
    return [
        ("keystone_list_projects", lambda c: c.keystone_list_projects(m.KeystoneListProjectsRequest(
            domain_id=DOMAIN, page=1, per_page=10))),
        ("keystone_show_project", lambda c: c.keystone_show_project(m.KeystoneShowProjectRequest(
            project_id=PROJECT))),
        ("keystone_list_users", lambda c: c.keystone_list_users(m.KeystoneListUsersRequest(domain_id=DOMAIN))),
        ("keystone_show_user", lambda c: c.keystone_show_user(m.KeystoneShowUserRequest(user_id=USER))),
        ("keystone_list_groups", lambda c: c.keystone_list_groups(m.KeystoneListGroupsRequest(domain_id=DOMAIN))),
        ("keystone_show_group", lambda c: c.keystone_show_group(m.KeystoneShowGroupRequest(group_id=IAM_GROUP))),
        ("keystone_create_group", lambda c: c.keystone_create_group(m.KeystoneCreateGroupRequest(
            body=m.KeystoneCreateGroupRequestBody(group=m.KeystoneCreateGroupOption(
                name="ops", description="operators", domain_id=DOMAIN))))),
        ("keystone_list_regions", lambda c: c.keystone_list_regions(m.KeystoneListRegionsRequest())),
        ("keystone_list_services", lambda c: c.keystone_list_services(m.KeystoneListServicesRequest(
            type="compute"))),
        ("keystone_list_endpoints", lambda c: c.keystone_list_endpoints(m.KeystoneListEndpointsRequest(
            interface="public"))),
        ("keystone_list_auth_domains", lambda c: c.keystone_list_auth_domains(m.KeystoneListAuthDomainsRequest())),
        ("keystone_list_versions", lambda c: c.keystone_list_versions(m.KeystoneListVersionsRequest())),
        ("keystone_add_user_to_group", lambda c: c.keystone_add_user_to_group(m.KeystoneAddUserToGroupRequest(
            group_id=IAM_GROUP, user_id=USER))),
        ("keystone_check_user_in_group", lambda c: c.keystone_check_user_in_group(
            m.KeystoneCheckUserInGroupRequest(group_id=IAM_GROUP, user_id=USER))),
        ("keystone_update_project", lambda c: c.keystone_update_project(m.KeystoneUpdateProjectRequest(
            project_id=PROJECT, body=m.KeystoneUpdateProjectRequestBody(
                project=m.KeystoneUpdateProjectOption(name="cn-north-4_dev", description="dev"))))),
        ("list_agencies", lambda c: c.list_agencies(m.ListAgenciesRequest(domain_id=DOMAIN))),
        ("show_agency", lambda c: c.show_agency(m.ShowAgencyRequest(agency_id=AGENCY))),
        ("create_agency", lambda c: c.create_agency(m.CreateAgencyRequest(body=m.CreateAgencyRequestBody(
            agency=m.CreateAgencyOption(name="ops-agency", domain_id=DOMAIN, trust_domain_name="partner",
                                        duration="FOREVER"))))),
        ("list_permanent_access_keys", lambda c: c.list_permanent_access_keys(
            m.ListPermanentAccessKeysRequest(user_id=USER))),
        ("show_domain_quota", lambda c: c.show_domain_quota(m.ShowDomainQuotaRequest(domain_id=DOMAIN))),
        ("show_domain_password_policy", lambda c: c.show_domain_password_policy(
            m.ShowDomainPasswordPolicyRequest(domain_id=DOMAIN))),
        ("show_user", lambda c: c.show_user(m.ShowUserRequest(user_id=USER))),
        ("show_project_details_and_status", lambda c: c.show_project_details_and_status(
            m.ShowProjectDetailsAndStatusRequest(project_id=PROJECT))),
        ("keystone_create_user_token_by_password", lambda c: c.keystone_create_user_token_by_password(
            m.KeystoneCreateUserTokenByPasswordRequest(body=m.KeystoneCreateUserTokenByPasswordRequestBody(
                auth=m.PwdAuth(identity=m.PwdIdentity(methods=["password"], password=m.PwdPassword(
                    user=m.PwdPasswordUser(name="alice", password="********",
                                           domain=m.PwdPasswordUserDomain(name="acme")))),
                    scope=m.AuthScope(project=m.AuthScopeProject(id=PROJECT))))))),
        ("delete_agency", lambda c: c.delete_agency(m.DeleteAgencyRequest(agency_id=AGENCY))),
        ("keystone_delete_group", lambda c: c.keystone_delete_group(m.KeystoneDeleteGroupRequest(
            group_id=IAM_GROUP))),
    ]


def clients(url: str, token: bool = False) -> dict[str, tuple[Any, list[tuple[str, Callable[[Any], Any]]]]]:
    """The two SDK clients pointed at ``url`` with AK/SK credentials, and their calls.

    With ``token``, every request also carries an ``X-Auth-Token`` header (added by an SDK
    request handler, as a user passing a token would): the pages document token
    authentication, so this shows what the mock makes of the rest of each request."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials, GlobalCredentials
    from huaweicloudsdkcore.http.http_handler import HttpHandler
    from huaweicloudsdkecs import v2 as ecs
    from huaweicloudsdkiam import v3 as iam

    def add_token(**kwargs: Any) -> None:
        kwargs["request"].header_params["X-Auth-Token"] = "MIIDkgYJKoZIhvcNAQcCoIIDgzCCA38CAQExDTALBglghkgBZQMEAgEw"

    built = {}
    for name, module, builder, credentials, calls in (
            ("ecs", ecs, ecs.EcsClient, BasicCredentials("ak-certify", "sk-certify", PROJECT), _ecs_calls),
            ("iam", iam, iam.IamClient, GlobalCredentials("ak-certify", "sk-certify", DOMAIN), _iam_calls)):
        chain = builder.new_builder().with_credentials(credentials).with_endpoints([url])
        if token:
            chain = chain.with_http_handler(HttpHandler().add_request_handler(add_token))
        built[name] = (chain.build(), calls(module))
    return built


def drive(sdk: str, client: Any, calls: list[tuple[str, Callable[[Any], Any]]], recorder: Any) -> list[Outcome]:
    """Make every call once, reading what the mock made of it from its ``recorder``; an
    SDK exception is an outcome, never a crash."""
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, SdkException

    out = []
    for name, call in calls:
        outcome = Outcome(sdk, name)
        before = recorder.count
        try:
            response = call(client)
        except ClientRequestException as exc:
            outcome.status = exc.status_code
        except (SdkException, ValueError, TypeError, AttributeError, KeyError) as exc:
            outcome.error = f"{type(exc).__name__}: {exc}"[:300]
        else:
            outcome.accepted = True
            outcome.status = getattr(response, "status_code", None)
            outcome.losses = model_losses(response)
        for exchange in recorder.since(before):
            outcome.violations += _violations(exchange)
        out.append(outcome)
    return out


def _violations(exchange: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    found = []
    for v in exchange["violations"]:
        if v.get("level") == "error":
            doubts = "; ".join(f"{d['reason']} ({d['source']}): {d['message']}" for d in v.get("doubts", []))
            found.append((v.get("class", "client"), v["rule"], v["pointer"], v.get("source", ""), doubts))
    return found


def model_losses(response: Any) -> list[str]:
    """What the SDK's response model did not keep of the JSON the mock sent."""
    raw = getattr(response, "raw_content", None)
    if not raw:
        return []
    try:
        data = json.loads(raw)
    except ValueError:
        return ["the body is not JSON"]
    types = getattr(type(response), "openapi_types", {})
    if isinstance(data, list) and "body" in types:
        return _compare(data, getattr(response, "body", None), types["body"], "")
    return _compare(data, response, type(response).__name__, "")


def _compare(raw: Any, model: Any, declared: str, where: str) -> list[str]:
    if raw is None:
        return []
    if model is None:
        return [f"{where or '/'}: dropped (the model read nothing)"]
    if declared.startswith("list["):
        inner = declared[5:-1]
        if not isinstance(raw, list) or not isinstance(model, list):
            return [f"{where or '/'}: {type(raw).__name__} where the model expects a list"]
        return [x for i, item in enumerate(raw) if i < len(model)
                for x in _compare(item, model[i], inner, f"{where}/{i}")]
    if declared in _PRIMITIVES:
        expected = _PRIMITIVES[declared]
        if expected is str and not isinstance(raw, str):
            return [f"{where}: JSON {type(raw).__name__} read as a string ({model!r})"]
        if not isinstance(model, expected) or (expected is not bool and isinstance(model, bool)):
            return [f"{where}: JSON {type(raw).__name__} where the model expects {declared}"]
        return []
    if declared in ("datetime", "date"):
        return [] if isinstance(model, (datetime.date, datetime.datetime)) else [
            f"{where}: {raw!r} is not a {declared} the model can read"]
    if declared.startswith("dict("):
        inner = declared[declared.index(",") + 1:-1].strip()
        if not isinstance(raw, dict) or not isinstance(model, dict):
            return [f"{where or '/'}: {type(raw).__name__} where the model expects a map"]
        return [x for k, v in raw.items() for x in _compare(v, model.get(k), inner, f"{where}/{k}")]
    if declared == "object" or not hasattr(model, "attribute_map"):
        return []
    if not isinstance(raw, dict):
        return [f"{where or '/'}: {type(raw).__name__} where the model expects an object"]
    by_key = {key: attr for attr, key in model.attribute_map.items()}
    losses = []
    for key, value in raw.items():
        attr = by_key.get(key)
        if attr is None:
            losses.append(f"{where}/{key}: not in the SDK model (dropped)")
            continue
        losses += _compare(value, getattr(model, attr, None), model.openapi_types.get(attr, "object"),
                           f"{where}/{key}")
    return losses
