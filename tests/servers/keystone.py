"""OpenStack Keystone (Identity API v3) as a real server for the conformance tests.

Responsible for: installing Keystone and gunicorn from the pinned
``keystone-requirements.txt`` into a venv of their own in the cache folder
(``$XDG_CACHE_HOME/docconform/keystone-<hash>``, once per machine and pin;
a file lock keeps parallel test processes from installing twice), preparing
a pristine deployment once with ``keystone-manage db_sync``, ``fernet_setup``,
``credential_setup`` and ``bootstrap`` (sqlite, fernet tokens), and starting a
fresh copy of it (in ``/dev/shm`` where there is one) on a free loopback port
under gunicorn. Keystone's WSGI entry point parses ``sys.argv`` with
oslo.config, so the application is loaded by a small shim that hides
gunicorn's own arguments from it.

Not responsible for: what the tests check (``tests/test_keystone_*.py``). It
is test infrastructure, so it uses only the standard library.

By hand: ``python tests/servers/keystone.py`` installs, starts one Keystone,
prints its URL and the admin credentials, and serves until interrupted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ADMIN_PASSWORD", "KeystoneUnavailable", "RunningKeystone", "ensure_installed", "serve"]

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "keystone-requirements.txt"
ADMIN_PASSWORD = "docconform-admin-secret"
_INSTALL_TIMEOUT = 1500
_START_TIMEOUT = 90

_SHIM = '''\
"""Keystone's WSGI application without the server's command line (oslo.config parses sys.argv)."""
import sys
sys.argv = sys.argv[:1]
from keystone.server.wsgi import initialize_public_application
application = initialize_public_application()
'''


class KeystoneUnavailable(RuntimeError):
    """Keystone could not be installed or started here; the message says why."""


@dataclass(frozen=True)
class RunningKeystone:
    url: str
    admin_password: str
    folder: Path
    #: The gunicorn master's process id (its worker is its child).
    pid: int = 0

    def cpu_seconds(self) -> float | None:
        """CPU time the server's processes (gunicorn and its worker) have used so far; None where
        ``/proc`` cannot tell (not Linux). Benchmarks read it before and after a run."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0
        total, found = 0.0, False
        for entry in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = entry.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if self.pid and self.pid in (int(entry.parent.name), int(fields[1])):
                total += (int(fields[11]) + int(fields[12])) / ticks
                found = True
        return total if found and ticks else None

    def admin_token(self) -> str:
        """A token of the admin, scoped to the admin project (for checks outside the run)."""
        user = {"name": "admin", "domain": {"name": "Default"}, "password": self.admin_password}
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}},
                         "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        request = urllib.request.Request(f"{self.url}/v3/auth/tokens", json.dumps(body).encode(),
                                         {"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=60) as answer:
            return str(answer.headers["X-Subject-Token"])

    @property
    def environ(self) -> dict[str, str]:
        """The OpenStack ``OS_*`` variables of the admin (what an openrc file sets)."""
        return {"OS_AUTH_URL": f"{self.url}/v3", "OS_USERNAME": "admin", "OS_PASSWORD": self.admin_password,
                "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_NAME": "admin",
                "OS_PROJECT_DOMAIN_NAME": "Default", "OS_IDENTITY_API_VERSION": "3"}


def cache_root() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()[:12]
    return base / "docconform" / f"keystone-{digest}"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run(args: list[str], what: str, timeout: float, **kwargs: object) -> None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KeystoneUnavailable(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise KeystoneUnavailable(f"{what} failed (exit {done.returncode}):\n{tail}")


def ensure_installed() -> Path:
    """The venv holding Keystone and gunicorn, installed on first use; returns its folder."""
    root = cache_root()
    venv = root / "venv"
    with _locked(root):
        if not (root / "installed").is_file():
            shutil.rmtree(venv, ignore_errors=True)
            _run([sys.executable, "-m", "venv", str(venv)], "creating the Keystone venv", 120)
            _run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
                  "-r", str(REQUIREMENTS)], f"pip install -r {REQUIREMENTS.name}", _INSTALL_TIMEOUT)
            (root / "installed").write_text("ok\n")
        if not (root / "template" / "ready").is_file():
            _prepare_template(venv, root / "template")
    return venv


def _config(folder: Path, port: int = 0) -> str:
    return f"""[DEFAULT]
log_file = {folder}/keystone.log
[database]
connection = sqlite:///{folder}/keystone.db
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = {folder}/fernet-keys
[fernet_receipts]
key_repository = {folder}/fernet-keys
[credential]
key_repository = {folder}/credential-keys
[identity]
# bcrypt at its lowest cost: a test server hashes a password per created user and login
password_hash_rounds = 4
[cache]
# token validation without a cache costs ~0.5 s a request on a busy 2-core machine
enabled = true
backend = dogpile.cache.memory
"""


def _prepare_template(venv: Path, template: Path) -> None:
    """A pristine deployment, made once: schema, keys, the admin user, project, role and endpoint."""
    shutil.rmtree(template, ignore_errors=True)
    (template / "fernet-keys").mkdir(parents=True)
    (template / "credential-keys").mkdir()
    conf = template / "keystone.conf"
    conf.write_text(_config(template))
    manage = [str(venv / "bin" / "keystone-manage"), "--config-file", str(conf)]
    user = ["--keystone-user", _user(), "--keystone-group", _group()]
    _run([*manage, "db_sync"], "keystone-manage db_sync", 300)
    _run([*manage, "fernet_setup", *user], "keystone-manage fernet_setup", 120)
    _run([*manage, "credential_setup", *user], "keystone-manage credential_setup", 120)
    _run([*manage, "bootstrap", "--bootstrap-password", ADMIN_PASSWORD,
          "--bootstrap-admin-url", "http://127.0.0.1:5000/v3",
          "--bootstrap-public-url", "http://127.0.0.1:5000/v3",
          "--bootstrap-region-id", "RegionOne"], "keystone-manage bootstrap", 300)
    (template / "ready").write_text("ok\n")


def _user() -> str:
    import pwd
    return pwd.getpwuid(os.getuid()).pw_name


def _group() -> str:
    import grp
    return grp.getgrgid(os.getgid()).gr_name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KeystoneUnavailable(f"gunicorn exited with {process.returncode}:\n"
                                      + log.read_text(errors="replace")[-2000:])
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url + "/v3", timeout=2) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.3)
    raise KeystoneUnavailable(f"Keystone did not answer on {url} within {_START_TIMEOUT} s")


def _memory_folder() -> str | None:
    """``/dev/shm`` where it is a writable folder: Keystone's sqlite file commits every write with
    fsync, which on a disk shared with other work costs more than the request itself (a user
    created in 164 ms on disk, 86 ms in memory, measured on the shared 2-core machine)."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


@contextlib.contextmanager
def serve(threads: int = 4) -> Iterator[RunningKeystone]:
    """A fresh Keystone (a copy of the pristine deployment) on a free loopback port."""
    venv = ensure_installed()
    template = cache_root() / "template"
    with tempfile.TemporaryDirectory(prefix="keystone-", dir=_memory_folder()) as tmp:
        folder = Path(tmp)
        for name in ("keystone.db", "fernet-keys", "credential-keys"):
            source = template / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
        (folder / "keystone.conf").write_text(_config(folder))
        (folder / "keystone_wsgi.py").write_text(_SHIM)
        port = _free_port()
        log = folder / "gunicorn.log"
        env = {**os.environ, "OS_KEYSTONE_CONFIG_FILES": str(folder / "keystone.conf"),
               "PYTHONWARNINGS": "ignore"}
        with open(log, "wb") as out:
            process = subprocess.Popen(
                # One process: Keystone's in-memory cache is per process, and a second worker would
                # answer from a stale copy after a change (a sequence test caught it).
                [str(venv / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--threads", str(threads),
                 "--timeout", "120", "--chdir", str(folder), "keystone_wsgi:application"],
                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=folder)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url, process, log)
            yield RunningKeystone(url, ADMIN_PASSWORD, folder, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def main(argv: list[str] | None = None) -> int:
    """Serve a Keystone until Ctrl-C; with ``--install``, only install it into the cache."""
    if "--install" in (sys.argv[1:] if argv is None else argv):
        print(ensure_installed(), flush=True)
        return 0
    with serve() as keystone:
        print(keystone.url, flush=True)
        for name, value in keystone.environ.items():
            print(f"export {name}={value}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
