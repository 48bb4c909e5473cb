"""``docconform mock`` and ``docconform certify``: the command-line face of the mock.

``mock`` loads the contract, serves it until Ctrl+C or SIGTERM, prints one
line per request that broke a documented rule, and writes the record at
shutdown. ``certify`` turns a record into the certification report (JSON
and Markdown) and a terminal summary, and sets the exit code.

Exit codes as the other commands: 0 nothing at or above ``--fail-on``,
1 violations at or above it, 2 usage or input error (checked at start: a
record place that cannot be written, a port already taken), 130 when the
mock is stopped by Ctrl-C (the record is written first; SIGTERM exits 0).
``certify --fail-on client`` (the default) fails on violations classed
``client`` only; contract doubts are listed with their reasons but do not
fail the run unless asked (``--fail-on error``).
Not responsible for serving (:mod:`.server`) or judging (:mod:`.certify`).
"""

from __future__ import annotations

import errno
import json
import re
import signal
import sys
from pathlib import Path
from typing import Any

import click

from docconform.extractor.writers.files import dump_json, output_problem, write_atomic
from docconform.options import EXIT_INTERRUPTED, EXIT_USAGE, fail_on_option, verbosity_options

from ..contract import ContractError, load_contract
from .certify import FAIL_ON, CertifyError, render_markdown, render_text
from .certify import certify as build_report

__all__ = ["certify", "mock", "parse_size"]

_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "kib": 1024, "m": 10**6, "mb": 10**6, "mib": 1 << 20}


def parse_size(text: str) -> int:
    """``1MiB``, ``512k``, ``4096`` as bytes."""
    found = re.fullmatch(r"\s*(\d+)\s*([a-zA-Z]*)\s*", text)
    if not found or found.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {text!r} (try 1048576, 512KiB or 1MiB)")
    return int(found.group(1)) * _UNITS[found.group(2).lower()]


def _print_exchange(entry: dict[str, Any], verbose: bool = False) -> None:
    shown = [v for v in entry["violations"] if verbose or v["level"] != "info"]
    if not shown and not verbose:
        return
    click.echo(f"{entry['status']} {entry['method']} {entry['target']}", err=True)
    for v in shown:
        klass = f" ({v['class']})" if v.get("class") == "contract-doubt" else ""
        click.echo(f"    {v['level']}{klass}: {v['rule']} {v['pointer']} [{v['source'] or '-'}]: {v['message']}",
                   err=True)
        for d in v.get("doubts", []):
            click.echo(f"        doubt: {d['reason']} [{d['source'] or '-'}]: {d['message']}", err=True)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


@click.command()
@click.argument("schemas", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback unless you say otherwise.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--record", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write every exchange to this file at shutdown, for `docconform certify`.")
@click.option("--seed", type=int, default=None, help="Make generated responses repeatable.")
@click.option("--max-body", default="1MiB", show_default=True,
              help="Larger request bodies are answered 413.")
@click.option("--read-timeout", type=float, default=10.0, show_default=True,
              help="Seconds a client may take to send its body before a 408.")
@click.option("--strict", is_flag=True,
              help="The tables win: undocumented query parameters and body fields are errors, "
                   "not warnings, and so is a body that breaks a rule the way the page's own "
                   "example request does (by default served with a warning naming that example).")
@click.option("--limit-concurrency", type=int, default=1000, show_default=True,
              help="Connections and requests in flight beyond this get 503.")
@verbosity_options(quiet="Print only the start and stop lines, not each request that broke a rule.",
                   verbose="Print every request, and info-level notes too.")
def mock(schemas: Path, host: str, port: int, record: Path | None, seed: int | None, max_body: str,
         read_timeout: float, strict: bool, limit_concurrency: int, quiet: bool, verbose: int) -> None:
    """Serve SCHEMAS (a bundle folder, or an OpenAPI 3.0/3.1 file in JSON or YAML) as a
    validating mock.

    \b
    Examples:
      docconform mock schemas/ --port 8080 --record reports/client-cert.json
      docconform certify reports/client-cert.json
    """
    from .app import MockOptions
    from .doubts import load_notes
    from .server import MockServer

    def fail(message: str) -> None:
        click.echo(f"docconform mock: {message}", err=True)
        sys.exit(EXIT_USAGE)

    problem = output_problem([(record, False)])
    if problem is not None:  # at start: finding out at shutdown would lose the whole record
        fail(problem)
    try:
        operations = load_contract(schemas)
        options = MockOptions(seed=seed, max_body=parse_size(max_body), read_timeout=read_timeout,
                              strict=strict)
    except (ContractError, ValueError, OSError) as exc:
        fail(str(exc))
    listener = None if quiet else (lambda entry: _print_exchange(entry, verbose > 0))
    try:
        server = MockServer(operations, options, host=host, port=port, record=record,
                            contract_source=str(schemas), limit_concurrency=limit_concurrency,
                            listener=listener, notes=load_notes(schemas))
    except OSError as exc:
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        fail(f"cannot listen on {where}: {(exc.strerror or str(exc)).lower()}"
             + (" (another server uses that port; choose another with --port, or 0 for any free one)"
                if exc.errno == errno.EADDRINUSE else ""))
    click.echo(f"docconform mock: {len(operations)} operations from {schemas} at {server.url}"
               " (Ctrl+C to stop)", err=True)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    interrupted = False
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        interrupted = True
    except SystemExit:
        pass
    finally:
        try:
            if not server.record_written:  # normally done by the graceful shutdown already
                server.write_record()
        except OSError as exc:
            fail(f"cannot write {record}: {exc.strerror or exc}")
    count = server.recorder.count
    where = f"; recorded to {record}: run `docconform certify {record}`" if record else ""
    click.echo(f"docconform mock: stopped after {count} exchanges{where}", err=True)
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)


@click.command()
@click.argument("record", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Report file (default: the record's name with .report.json).")
@click.option("--markdown", "md_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown report (default: the record's name with .report.md).")
@fail_on_option(FAIL_ON, default="client",
                help="Exit 1 on: client (errors the client is to blame for), error (every error, "
                     "contract doubts included), warning, info, never.")
@verbosity_options(quiet="Print only the verdict line.",
                   verbose="Give every info note a line of its own, as errors and warnings.")
def certify(record: Path, json_out: Path | None, md_out: Path | None, fail_on: str, quiet: bool,
            verbose: int) -> None:
    """Certify a client from a RECORD written by `docconform mock --record`.

    Each violation is classed client (the page is clear, the client broke it) or
    contract-doubt (the page's own example breaks the rule, its table had an
    extraction diagnostic, the rule is conditional, the auth scheme or the page
    variant is ambiguous); the verdict fails on client violations unless
    --fail-on says otherwise. The report also lists what was not validated and
    the documented responses the client was never shown.

    Exit 0, or 1 when the verdict fails; 2 when the record cannot be read or a
    report cannot be written (checked first).
    """
    stem = record.with_suffix("")
    json_out = json_out or stem.with_name(stem.name + ".report.json")
    md_out = md_out or stem.with_name(stem.name + ".report.md")
    problem = output_problem([(json_out, False), (md_out, False)])
    if problem is not None:
        click.echo(f"docconform certify: {problem}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        report = build_report(data, str(record), fail_on)
    except (OSError, ValueError, CertifyError, KeyError, TypeError, AttributeError) as exc:
        click.echo(f"docconform certify: {record}: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        write_atomic(json_out, dump_json(report))
        write_atomic(md_out, render_markdown(report).encode("utf-8", "backslashreplace"))
    except OSError as exc:
        click.echo(f"docconform certify: cannot write {exc.filename or json_out}: {exc.strerror or exc}",
                   err=True)
        sys.exit(EXIT_USAGE)
    text = render_text(report, verbose > 0)
    click.echo(text.splitlines()[0] if quiet else text)
    click.echo(f"report: {json_out}, {md_out}")
    sys.exit(1 if report["verdict"] == "fail" else 0)
