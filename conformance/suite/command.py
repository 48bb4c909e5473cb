"""``docconform test``: the conformance suite as one command.

Responsible for: the user-facing options, translated one to one into the
pytest plugin's ``--conformance-*`` options, and running pytest in-process
with only the plugins the suite needs (autoloading is switched off, so an
unrelated plugin in the environment cannot slow down or break a run), with
pytest-xdist when ``--workers`` is given; what can be known before the run
is checked before it (the server accepts connections, the report places can
be written), so a dead port is one clear error, not a failed check per
endpoint. Exit codes follow the CLI: 0 all checks passed, 1 a check failed,
2 usage or input error (the server cannot be reached), 130 Ctrl-C.

Not responsible for: anything the plugin does (``plugin``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from docconform.extractor.writers.files import output_problem
from docconform.options import EXIT_INTERRUPTED, EXIT_USAGE, verbosity_options

__all__ = ["pytest_args", "test"]

_MULTI = {"path_param": "path-param", "query_param": "query-param", "header": "header",
          "header_env": "header-env", "method": "method", "path": "path", "doc_id": "doc-id",
          "check": "check", "exclude_check": "exclude-check"}
_SINGLE = {"max_examples": "max-examples", "seed": "seed", "timeout": "timeout", "rate_limit": "rate-limit",
           "max_response_bytes": "max-response-bytes", "shrink_seconds": "shrink-seconds",
           "aksk_env": "aksk-env", "auth": "auth", "config": "config"}


def _plugin_name() -> str:
    """``conformance`` when the pytest11 entry point is installed, else the module itself."""
    # Every distribution, as pytest looks: a stale egg-info may shadow the installed one.
    found = any(ep.group == "pytest11" and ep.name == "conformance"
                for dist in importlib.metadata.distributions() for ep in dist.entry_points)
    return "conformance" if found else "docconform.conformance.suite.plugin"


def pytest_args(base_url: str, schemas: Path, options: dict[str, object]) -> list[str]:
    """The pytest command line for these ``docconform test`` options (secrets included: never print it)."""
    # The plugin's package is already imported (this module is in it), so pytest cannot
    # rewrite its asserts; it has none that need it.
    args = ["--disable-plugin-autoload", "-p", _plugin_name(), "-p", "no:cacheprovider", "-o", "addopts=",
            "-W", "ignore::pytest.PytestAssertRewriteWarning",
            "--conformance-base-url", base_url, "--conformance-schemas", str(schemas)]
    for key, flag in _MULTI.items():
        args += [f"--conformance-{flag}={value}" for value in options.get(key) or ()]  # type: ignore[attr-defined]
    for key, flag in _SINGLE.items():
        if options.get(key) is not None:
            args.append(f"--conformance-{flag}={options[key]}")
    if options.get("allow_mutating"):
        args.append("--conformance-allow-mutating")
    if options.get("sequences"):
        args.append("--conformance-sequences")
    args.append(f"--conformance-report-dir={options.get('report_dir') or ''}")
    if options.get("junitxml"):
        args.append(f"--junitxml={options['junitxml']}")
    workers = options.get("workers")
    if workers:
        args += ["-p", "xdist", "-n", str(workers)]
    args += ["-x"] if options.get("exitfirst") else []
    verbosity = options.get("verbose")
    args += ["-v"] * (verbosity if isinstance(verbosity, int) else 0) + (["-q"] if options.get("quiet") else [])
    return [*args, *options.get("pytest_args", ())]  # type: ignore[misc]


def _hypothesis_home() -> None:
    """Keep Hypothesis' caches out of the user's working folder (it would create ``.hypothesis/``)."""
    if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(cache / "docconform" / "hypothesis")


def unreachable(base_url: str, timeout: float) -> str | None:
    """Why nothing accepts connections at ``base_url`` (``cannot connect to ...``), or None.

    One TCP connection, bounded by ``timeout``; the message shows scheme,
    host and port only, never credentials a URL may carry.
    """
    try:
        parts = urlsplit(base_url)
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        return f"not a URL: {exc}"
    if parts.scheme not in ("http", "https") or not host:
        return f"--base-url must be an http:// or https:// URL with a host, not {parts.scheme or 'a bare'!s} one"
    shown = f"{parts.scheme}://{f'[{host}]' if ':' in host else host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except socket.gaierror as exc:
        return f"cannot connect to {shown}: cannot resolve {host} ({exc.strerror or exc})"
    except TimeoutError:
        return f"cannot connect to {shown}: no answer within {timeout:g} s"
    except OSError as exc:
        return f"cannot connect to {shown}: {(exc.strerror or str(exc)).lower()}"


#: pytest's exit codes as the command's: failed checks 1, Ctrl-C 130, anything else a usage error.
_EXIT = {int(pytest_code): code for pytest_code, code in ((0, 0), (1, 1), (2, EXIT_INTERRUPTED))}


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("schemas", type=click.Path(exists=True, path_type=Path))
@click.option("--base-url", required=True, envvar="DOCCONFORM_BASE_URL", help="Server to test.")
@click.option("--path-param", multiple=True, metavar="NAME=VALUE", help="Fixed path parameter value.")
@click.option("--query-param", multiple=True, metavar="NAME=VALUE", help="Fixed query parameter value.")
@click.option("--header", multiple=True, metavar="NAME=VALUE",
              help="Header for every request (also 'Name: value'); values are never printed.")
@click.option("--header-env", multiple=True, metavar="NAME=ENVVAR",
              help="Header for every request, its value taken from environment variable ENVVAR.")
@click.option("--aksk-env", default=None, metavar="AK_VAR:SK_VAR",
              help="Sign the requests of operations documented with AK/SK authentication with the key pair "
                   "in these environment variables (needs the 'sdk' extra).")
@click.option("--method", multiple=True, help="Only endpoints with this method.")
@click.option("--path", multiple=True, metavar="GLOB", help="Only endpoints whose path matches.")
@click.option("--doc-id", multiple=True, metavar="ID", help="Only endpoints of this doc id.")
@click.option("--check", multiple=True, metavar="NAME", help="Run only these checks.")
@click.option("--exclude-check", multiple=True, metavar="NAME", help="Switch a check off.")
@click.option("--max-examples", type=click.IntRange(min=1), default=None,
              help="Random cases per endpoint, half valid and half invalid (default 50).")
@click.option("--seed", type=int, default=None, help="Random seed (printed when not given).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds allowed for one whole exchange (default 5).")
@click.option("--rate-limit", default=None, metavar="N[/s|/m|/h]", help="At most this many requests.")
@click.option("--max-response-bytes", type=click.IntRange(min=1), default=None,
              help="Largest response body read, after decompression (default 1 MiB).")
@click.option("--shrink-seconds", type=click.FloatRange(min=0), default=None,
              help="Time allowed to shrink a failing case (default 10; 0 to not shrink).")
@click.option("--allow-mutating", is_flag=True, help="Send POST/PUT/PATCH/DELETE to a non-loopback host.")
@click.option("--auth", default=None, metavar="FLOW",
              help="Log in through the documented login operation: 'keystone' (POST /v3/auth/tokens with "
                   "the OS_* variables of an openrc file) or 'config' (the [auth] table of the settings "
                   "file). The token is renewed when it expires, never revoked and never printed.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Settings file: links, auth, scoped headers (default: docconform.toml, else "
                   "pyproject.toml [tool.docconform]).")
@click.option("--sequences", is_flag=True,
              help="Add one stateful test per resource: create, read, update, read, delete, read (404).")
@click.option("--report-dir", default="reports", show_default=True, metavar="DIR",
              help="Where docconform.conformance.json and docconform.conformance.md go ('' for none).")
@click.option("--junitxml", type=click.Path(path_type=Path), default=None, help="Also write JUnit XML here.")
@click.option("-n", "--workers", default=None, metavar="N|auto", help="Run in N processes (pytest-xdist).")
@click.option("-x", "--exitfirst", is_flag=True, help="Stop at the first failed check.")
@verbosity_options(quiet="Print only the summary of the run (pytest -q).",
                   verbose="List every check as it runs (-vv: more, as pytest).")
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test(schemas: Path, base_url: str, **options: object) -> None:
    """Test the server at --base-url against SCHEMAS (bundle folder or OpenAPI file).

    Arguments after ``--`` go to pytest unchanged.

    \b
    Examples:
      docconform test --base-url http://127.0.0.1:8080 schemas/ \\
          --path-param project_id=0a1b2c --header "X-Auth-Token=$TOKEN"
      docconform test --base-url http://127.0.0.1:8080 schemas/openapi.json \\
          --doc-id dli_02_0241 --check not-a-server-error --seed 42 -n 4
      docconform test --base-url http://127.0.0.1:8080 schemas/ --aksk-env HW_AK:HW_SK
      source admin-openrc && docconform test --base-url http://127.0.0.1:5000 \\
          iam-schemas/ --path '/v3/*' --auth keystone
    """
    if options.get("workers") and importlib.util.find_spec("xdist") is None:
        raise click.UsageError("--workers needs pytest-xdist (pip install pytest-xdist)")
    report_dir = str(options.get("report_dir") or "")
    junitxml = options.get("junitxml")
    problem = output_problem([(Path(report_dir) if report_dir else None, True),
                              (junitxml if isinstance(junitxml, Path) else None, False)])
    timeout = options.get("timeout")
    problem = problem or unreachable(base_url, float(timeout) if isinstance(timeout, float) else 5.0)
    if problem is not None:
        click.echo(f"docconform test: {problem}", err=True)
        sys.exit(EXIT_USAGE)
    import pytest

    _hypothesis_home()
    code = pytest.main(pytest_args(base_url, schemas, options))
    sys.exit(_EXIT.get(int(code), EXIT_USAGE))
