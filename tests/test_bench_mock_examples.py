"""The pure helpers of benchmarks/bench_mock_examples.py: which examples are sent, how answers are judged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import _acceptance as acc  # noqa: E402


def test_fill_path_fills_every_placeholder_and_drops_host_and_query() -> None:
    assert acc.fill_path("/v2/{project_id}/servers/{server_id}/action") == "/v2/0a1b2c3d/servers/0a1b2c3d/action"
    assert acc.fill_path("https://{endpoint}/v2/zones?type=public") == "/v2/zones"
    assert acc.fill_path("/v2/reverse/floatingips/{region}:{floatingip_id}") == \
        "/v2/reverse/floatingips/0a1b2c3d:0a1b2c3d"


def test_probes_are_the_strict_request_examples_with_a_value() -> None:
    bundle = {"method": "post", "path": "/v1/{p}/x", "doc_id": "d1", "x-source": "a.rst:1",
              "request": {"body": {"type": "object"}},
              "examples": [{"kind": "request", "strict": True, "value": {"a": 1}, "x-source": "a.rst:40"},
                           {"kind": "request", "strict": False, "value": {"a": 2}},
                           {"kind": "request", "strict": True},
                           {"kind": "response", "strict": True, "value": {}}]}
    (probe,) = acc.probes(bundle)
    assert (probe.label, probe.method, probe.path, json.loads(probe.body)) == ("d1", "POST", "/v1/0a1b2c3d/x",
                                                                               {"a": 1})
    assert probe.source == "a.rst:40" and probe.media_type == "application/json"


def test_only_error_violations_under_body_reject() -> None:
    problem = {"violations": [
        {"rule": "required-missing", "level": "error", "pointer": "/header/X-Auth-Token"},
        {"rule": "field-undocumented", "level": "warning", "pointer": "/body/x"}]}
    headers = {"content-type": "application/problem+json", "x-docconform-variant": "en-us_topic_1"}
    v = acc.verdict(400, headers, json.dumps(problem).encode())
    assert v.accepted and v.variant == "en-us_topic_1"
    problem["violations"].append({"rule": "type-mismatch", "level": "error", "pointer": "/body/a",
                                  "source": "a.rst:12", "message": "m"})
    v = acc.verdict(400, {"content-type": "application/problem+json"}, json.dumps(problem).encode())
    assert not v.accepted and v.reasons == ("type-mismatch /body/a [a.rst:12]: m",)
    assert acc.verdict(200, {"content-type": "application/json"}, b"{}").accepted


def test_an_answer_served_by_precedent_counts_as_accepted_and_says_how_many() -> None:
    served = acc.verdict(202, {"content-type": "application/json", "x-docconform-precedents": "2"}, b"{}")
    assert served.accepted and served.precedents == 2
    assert acc.verdict(202, {"content-type": "application/json"}, b"{}").precedents == 0
    assert acc.verdict(202, {"x-docconform-precedents": "two"}, b"{}").precedents == 0
    # refused for a missing token: the body is accepted, and its precedent warning counted
    problem = {"violations": [
        {"rule": "required-missing", "level": "error", "pointer": "/header/X-Auth-Token"},
        {"rule": "type-mismatch", "level": "warning", "pointer": "/body/a", "precedent": "a.rst:40"},
        {"rule": "field-undocumented", "level": "warning", "pointer": "/body/b"}]}
    v = acc.verdict(400, {"content-type": "application/problem+json"}, json.dumps(problem).encode())
    assert v.accepted and v.precedents == 1


def test_the_bench_counts_both_shares_per_set(monkeypatch, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """run_set serves a set twice, default and --strict, and counts each; the report prints both."""
    import bench_mock_examples as bench

    schemas = tmp_path / "reuse" / "rst-x" / "schemas"
    schemas.mkdir(parents=True)
    bundle = {"method": "POST", "path": "/v1/x", "doc_id": "d", "x-source": "a.rst:1",
              "request": {"body": {"type": "object"}},
              "examples": [{"kind": "request", "strict": True, "value": {"a": i}, "x-source": f"a.rst:{i}"}
                           for i in (1, 2, 3)]}
    (schemas / "x.json").write_text(json.dumps(bundle), encoding="utf-8")
    (schemas / "index.json").write_text(json.dumps({"files": ["x.json"]}), encoding="utf-8")
    answers = {False: [acc.Verdict(True, 202, (), None, 1), acc.Verdict(True, 202), acc.Verdict(False, 400, ("r",))],
               True: [acc.Verdict(False, 400, ("r",)), acc.Verdict(True, 202), acc.Verdict(False, 400, ("r",))]}
    monkeypatch.setattr(bench, "serve_and_send", lambda schemas, log, sent, *, strict: answers[strict])
    args = bench.parse_args(["--reuse", str(tmp_path / "reuse")])
    row = bench.run_set("rst", "x", args, tmp_path / "work")
    assert (row["sent"], row["accepted"], row["precedent"], row["strict"]) == (3, 2, 1, 1)
    assert [x["source"] for x in row["rejected"]] == ["a.rst:3"]
    assert [x["source"] for x in row["rejected_strict"]] == ["a.rst:1", "a.rst:3"]
    bench.report([row], False)
    assert "| x | rst | 3 | 2 | 66.7% | 1 | 1 | 33.3% | 0 / 0 |" in capsys.readouterr().out


def test_a_masked_secret_is_filled_like_a_path_placeholder() -> None:
    # rst/dds changing_the_password_of_a_database_user.rst:51 and :61: user_pwd is "8 to 32
    # characters" and the example sends "******"; rst/mrs sends "cluster_admin_secret": "******"
    # where the field has no bound; a lone "*" (a wildcard) is a value and stays.
    schema = {"type": "object", "properties": {
        "user_pwd": {"type": "string", "minLength": 12, "maxLength": 32},
        "users": {"type": "array", "items": {"type": "object", "properties": {
            "secret": {"type": "string"}}}},
        "count": {"type": "integer"}}}
    value = {"user_pwd": "******", "users": [{"secret": "********", "name": "*"}], "count": "***", "db": "admin"}
    filled, n = acc.fill_masked(value, schema)
    assert n == 2 and len(filled["user_pwd"]) == 12 and len(filled["users"][0]["secret"]) == 8
    assert "*" not in filled["user_pwd"] + filled["users"][0]["secret"]
    assert filled["users"][0]["name"] == "*" and filled["count"] == "***" and filled["db"] == "admin"
    bundle = {"method": "put", "path": "/v3/{project_id}/instances/{instance_id}/reset-password",
              "request": {"body": schema},
              "examples": [{"kind": "request", "strict": True, "value": {"user_pwd": "******"}}]}
    (probe,) = acc.probes(bundle)
    assert probe.masked == 1 and json.loads(probe.body)["user_pwd"] != "******"
