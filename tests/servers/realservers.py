"""Production HTTP servers in front of the reference app: uWSGI in its HTTP modes, uvicorn over h11.

Responsible for: starting one server process on a free loopback port with
the reference app (:mod:`tests.servers.reference_apps`), waiting until it
accepts connections, and stopping it (its own process group, by id). The
modes are the ways such apps are deployed:

* ``uwsgi-http`` — ``--http-socket``: uWSGI's plain HTTP socket, no keep-alive;
  it closes the connection after every answer;
* ``uwsgi-http11`` — ``--http11-socket``: HTTP/1.1 with keep-alive, which
  closes a connection whose request body the app did not read;
* ``uvicorn-h11`` — uvicorn with its h11 protocol implementation.

Not responsible for: installing them. uWSGI comes from the ``realserver``
extra (``pip install -e '.[realserver]'``, it compiles); uvicorn is a
dependency of docconform. :func:`missing` says why a mode cannot run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.servers.reference_apps import FAULT_VARIABLE

__all__ = ["MODES", "missing", "running"]

REPO = Path(__file__).resolve().parents[2]
MODES = ("uwsgi-http", "uwsgi-http11", "uvicorn-h11")
_START_TIMEOUT = 30.0


def _uwsgi() -> str | None:
    return shutil.which("uwsgi", path=str(Path(sys.executable).parent)) or shutil.which("uwsgi")


def missing(mode: str) -> str | None:
    """Why ``mode`` cannot run here, or ``None`` when it can."""
    if mode.startswith("uwsgi") and _uwsgi() is None:
        return "uWSGI is not installed (pip install -e '.[realserver]'; it compiles, so it needs a C compiler)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command(mode: str, port: int) -> list[str]:
    address = f"127.0.0.1:{port}"
    if mode.startswith("uwsgi"):
        uwsgi = _uwsgi()
        assert uwsgi is not None, missing(mode)
        socket_option = "--http-socket" if mode == "uwsgi-http" else "--http11-socket"
        return [uwsgi, socket_option, address, "--module", "tests.servers.reference_apps:application",
                "--pythonpath", str(REPO), "--master", "--processes", "1", "--die-on-term",
                "--need-app", "--disable-logging", "--ignore-sigpipe", "--ignore-write-errors",
                "--disable-write-exception"]
    if mode == "uvicorn-h11":
        return [sys.executable, "-m", "uvicorn", "tests.servers.reference_apps:asgi", "--http", "h11",
                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    raise ValueError(f"unknown mode {mode!r}; known: {', '.join(MODES)}")


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the server did not listen on port {port} within {_START_TIMEOUT:g} s")


@contextlib.contextmanager
def running(mode: str, log_dir: Path, fault: str | None = None) -> Iterator[str]:
    """The reference app served in ``mode``; yields its base URL."""
    port = _free_port()
    log = log_dir / f"{mode}.log"
    env = {**os.environ, "PYTHONPATH": str(REPO), FAULT_VARIABLE: fault or ""}
    with log.open("wb") as out:
        # stdin from /dev/null: under pytest-xdist the worker's stdin is its channel to the controller
        process = subprocess.Popen(_command(mode, port), cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_listening(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
