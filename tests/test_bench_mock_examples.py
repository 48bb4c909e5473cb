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
