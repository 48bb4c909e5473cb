"""``docconform mock`` as a user runs it: a real process, stopped by a signal, leaving its record."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from docconform.conformance.mock.command import mock as mock_command
from docconform.conformance.mock.command import parse_size
from tests.mock_support import REPO, SCHEMAS


def start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "docconform.cli", "mock", str(SCHEMAS), "--port", "0", *extra],
        cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    banner = proc.stderr.readline()
    found = re.search(r"at (http://\S+) ", banner)
    if found is None:
        proc.kill()
        pytest.fail(f"no banner: {banner!r}")
    return proc, found.group(1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_gracefully_and_writes_the_record(tmp_path: Path, sig: signal.Signals) -> None:
    record = tmp_path / "rec.json"
    proc, url = start(tmp_path, "--record", str(record), "--seed", "9")
    try:
        ok = httpx.post(f"{url}/v1.0/p/streaming/jobs/stop", json={"job_ids": [1]})
        bad = httpx.put(f"{url}/v1.1/p/clusters/c/cdm/job/j/stop")
    finally:
        time.sleep(0.05)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=15)
    assert (ok.status_code, bad.status_code) == (200, 400)
    # Ctrl-C (SIGINT) exits 130 as every command does; SIGTERM is a requested stop: 0
    assert proc.returncode == (130 if sig == signal.SIGINT else 0), err
    assert "400 PUT /v1.1/p/clusters/c/cdm/job/j/stop" in err
    assert "required-missing /header/X-Auth-Token" in err
    assert "stopped after 2 exchanges" in err
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["totals"]["exchanges"] == 2 and data["settings"]["seed"] == 9


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(mock_command, [str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    assert runner.invoke(mock_command, [str(SCHEMAS), "--max-body", "lots"]).exit_code == 2
    assert runner.invoke(mock_command, [str(SCHEMAS), "--port", "70000"]).exit_code == 2


def test_parse_size() -> None:
    assert parse_size("1MiB") == 1 << 20
    assert parse_size("512k") == 512_000
    assert parse_size("4096") == 4096
    with pytest.raises(ValueError):
        parse_size("1 parsec")
