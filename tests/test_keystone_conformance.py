"""OpenStack Keystone certified against the IAM pages, exactly as the README shows.

A fresh Keystone (``tests/servers/keystone.py``: its own venv from the pinned
requirements, sqlite, fernet tokens) and the schemas ``docconform extract``
reads from ``../shared/corpus/rst/iam``; then one ``docconform test ... --auth
keystone`` run over the Identity v3 operations. The run must complete, classify
every check, report Keystone's server error on a documented request
(``POST /v3/projects`` without a body), delete everything it created, leave
every resource that existed before it as it was, and print no secret.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, REPO, needs_corpus

pytestmark = [pytest.mark.realserver, pytest.mark.slow]

IAM = CORPUS / "rst" / "iam"
BIN = Path(sys.executable).parent
SETTINGS = REPO / "tests" / "data" / "keystone" / "docconform.toml"
COLLECTIONS = ("users", "projects", "groups", "roles", "regions", "services", "endpoints")


@pytest.fixture(scope="module")
def keystone() -> Iterator[Any]:
    from tests.servers.keystone import KeystoneUnavailable, serve
    try:
        with serve() as running:
            yield running
    except KeystoneUnavailable as exc:
        pytest.skip(f"Keystone cannot be installed or started here: {exc}")


@pytest.fixture(scope="module")
def iam_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not IAM.is_dir():
        pytest.skip("../shared/corpus/rst/iam is not present")
    out = tmp_path_factory.mktemp("iam-schemas")
    done = subprocess.run([str(BIN / "docconform"), "extract", str(IAM), "-o", str(out), "-q", "--no-cache"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return out


def _inventory(keystone: Any, token: str) -> dict[str, dict[str, Any]]:
    """Every resource of the listed collections, by collection and id."""
    out = {}
    for name in COLLECTIONS:
        request = urllib.request.Request(f"{keystone.url}/v3/{name}", headers={"X-Auth-Token": token})
        with urllib.request.urlopen(request, timeout=30) as answer:
            items = json.loads(answer.read())[name]
        out[name] = {item["id"]: {k: v for k, v in item.items() if k != "links"} for item in items}
    return out


@needs_corpus
def test_keystone_certified_as_the_readme_shows(keystone: Any, iam_schemas: Path, tmp_path: Path) -> None:
    token = keystone.admin_token()
    before = _inventory(keystone, token)
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(SETTINGS, work / "docconform.toml")
    env = {**os.environ, **keystone.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "hypothesis")}
    # README, "Certifying a real server", step 4: one command.
    done = subprocess.run(
        [str(BIN / "docconform"), "test", "--base-url", keystone.url, str(iam_schemas), "--path", "/v3/*",
         "--auth", "keystone", "--timeout", "30", "--sequences", "--max-examples", "4", "--seed", "1",
         "--report-dir", "reports", "-q"],
        cwd=work, env=env, capture_output=True, text=True, timeout=1500, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]  # Keystone differs from the OTC pages: failed checks
    report = json.loads((work / "reports" / "docconform.conformance.json").read_text())
    records = [(e["endpoint"], c) for e in report["endpoints"] for c in e["checks"]]
    assert len(records) > 400
    # Every check is classified, every failure shows the request, the answer and the page line.
    assert {c["status"] for _, c in records} <= {"passed", "failed", "missing-test-data", "skipped"}
    for endpoint, record in records:
        if record["status"] == "failed":
            for failure in record.get("failures") or [record["failure"]]:
                assert failure["request"]["curl"].startswith("curl "), (endpoint, record["check"])
                assert failure.get("response") or failure.get("transport_error"), (endpoint, record["check"])
                assert failure["promise"], (endpoint, record["check"])
        if record["status"] in ("missing-test-data", "skipped"):
            assert record["reason"], (endpoint, record["check"])
    # Keystone's server error on a documented request is reported.
    projects = next(c for e, c in records if e.startswith("POST /v3/projects ") and c["check"] == "not-a-server-error")
    assert projects["status"] == "failed"
    assert any(f["response"]["status"] == 500 and "body missing" in f["case"]["label"] for f in projects["failures"])
    # The federated logins answer 401 because the run set up no identity provider to vouch for a
    # user: that is the run's data, not a pass and not a failure.
    federated = [c for e, c in records if "/protocols/{protocol_id}/auth " in e
                 and c["check"] == "positive-data-acceptance"]
    assert len(federated) == 2 and all(c["status"] == "missing-test-data" for c in federated), federated
    # Everything it made is gone; everything that was there is there as it was.
    # Only what Keystone made along, which no documented operation deletes, is reported left: the
    # domain it makes for each identity provider (the IAM pages document no DELETE /v3/domains).
    assert all("domain" in line and "identity_providers" in line and "documents no DELETE" in line
               for line in report["left_on_server"]), report["left_on_server"]
    after = _inventory(keystone, token)
    assert after == before
    # No secret anywhere: not the password, not the run's token.
    text = output + (work / "reports" / "docconform.conformance.md").read_text() + json.dumps(report)
    assert keystone.admin_password not in text
    assert "X-Auth-Token: [REDACTED]" in text and "gAAAAA" not in text  # fernet tokens start so
