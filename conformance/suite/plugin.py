"""The pytest plugin (entry point ``pytest11: conformance``): options, collection, reports.

Responsible for: the ``--conformance-*`` options, turning them into
:class:`~docconform.conformance.suite.settings.Settings`, pointing collection at the contract
(a bundle folder or an OpenAPI file), handing the seed to pytest-xdist
workers so every worker draws the same cases, attaching each check's record
to its test report, and writing ``docconform.conformance.json``/``docconform.conformance.md`` on
the controlling process.

Not responsible for: what items do (``items``), checks (``checks``) or HTTP
(``client``). The plugin is loaded in every pytest run of an environment that
installs docconform, so it does nothing (and imports nothing heavy) unless
``--conformance-base-url`` or ``--conformance-schemas`` is given.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

__all__ = ["pytest_addhooks", "pytest_addoption", "pytest_configure"]

_ACTIVE = pytest.StashKey[bool]()


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from . import hooks
    pluginmanager.add_hookspecs(hooks)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "docconform conformance suite (test a server against its pages)")
    add = group.addoption
    add("--conformance-base-url", metavar="URL", help="Server to test, e.g. http://127.0.0.1:8080.")
    add("--conformance-schemas", metavar="PATH", help="Bundle folder or OpenAPI file written by docconform extract.")
    add("--conformance-method", action="append", default=[], metavar="METHOD", help="Only these methods.")
    add("--conformance-path", action="append", default=[], metavar="GLOB", help="Only paths matching GLOB.")
    add("--conformance-doc-id", action="append", default=[], metavar="ID", help="Only these doc ids.")
    add("--conformance-path-param", action="append", default=[], metavar="NAME=VALUE",
        help="Fixed value for a path parameter.")
    add("--conformance-query-param", action="append", default=[], metavar="NAME=VALUE",
        help="Fixed value for a query parameter.")
    add("--conformance-header", action="append", default=[], metavar="NAME=VALUE",
        help="Header sent with every request; its value is never printed.")
    add("--conformance-header-env", action="append", default=[], metavar="NAME=ENVVAR",
        help="Header sent with every request, its value read from environment variable ENVVAR.")
    add("--conformance-aksk-env", default=None, metavar="AK_VAR:SK_VAR",
        help="Sign the requests of operations documented with AK/SK authentication with the access key "
             "pair read from these environment variables (the Huawei Cloud SDK core's signer, extra 'sdk').")
    add("--conformance-check", action="append", default=[], metavar="NAME", help="Run only these checks.")
    add("--conformance-exclude-check", action="append", default=[], metavar="NAME", help="Switch a check off.")
    add("--conformance-max-examples", type=int, default=50, metavar="N",
        help="Random cases per endpoint (half valid, half invalid), after the examples and boundaries.")
    add("--conformance-seed", type=int, default=None, metavar="SEED", help="Random seed (printed when not given).")
    add("--conformance-timeout", type=float, default=5.0, metavar="SECONDS",
        help="Time limit for one whole exchange (connect, send, answer).")
    add("--conformance-rate-limit", default=None, metavar="N[/s|/m|/h]",
        help="At most this many requests, shared among xdist workers.")
    add("--conformance-max-response-bytes", type=int, default=1 << 20, metavar="BYTES",
        help="Largest response body read (after decompression).")
    add("--conformance-allow-mutating", action="store_true", default=False,
        help="Send POST/PUT/PATCH/DELETE to a host that is not loopback.")
    add("--conformance-shrink-seconds", type=float, default=10.0, metavar="SECONDS",
        help="Time Hypothesis may spend shrinking a failing case (0: do not shrink).")
    add("--conformance-auth", default=None, metavar="FLOW",
        help="Log in through the documented login operation: 'keystone' (POST /v3/auth/tokens with the "
             "OS_* variables of an openrc file) or 'config' (the [auth] table of the settings file). "
             "The token is renewed when it expires, never revoked, never printed.")
    add("--conformance-config", default=None, metavar="FILE",
        help="Settings file (default: docconform.toml, else pyproject.toml [tool.docconform]): links, "
             "auth, scoped headers.")
    add("--conformance-sequences", action="store_true", default=False,
        help="Add one stateful test per resource: create, read, update, read, delete, read (404).")
    add("--conformance-report-dir", default="reports", metavar="DIR",
        help="Folder for docconform.conformance.json and docconform.conformance.md ('' to write none).")


def _active(config: pytest.Config) -> bool:
    return config.stash.get(_ACTIVE, False)


def _settings(config: pytest.Config) -> Any:
    from .case import Fixed
    from .settings import Settings, SettingsError, aksk_from_env, headers_from_env, parse_pairs, parse_rate
    opt = config.getoption
    base, schemas = opt("conformance_base_url"), opt("conformance_schemas")
    if not base or not schemas:
        raise pytest.UsageError("--conformance-base-url and --conformance-schemas go together")
    root = Path(config.invocation_params.dir)
    try:
        headers = {**headers_from_env(opt("conformance_header_env")),
                   **parse_pairs(opt("conformance_header"), "--conformance-header")}
        fixed = Fixed(parse_pairs(opt("conformance_path_param"), "--conformance-path-param"),
                      parse_pairs(opt("conformance_query_param"), "--conformance-query-param"), headers)
        rate = parse_rate(opt("conformance_rate_limit"))
        aksk = aksk_from_env(opt("conformance_aksk_env"))
    except SettingsError as exc:
        raise pytest.UsageError(str(exc)) from exc
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    report = opt("conformance_report_dir")
    return Settings(
        base_url=base, schemas=root / schemas, fixed=fixed, methods=tuple(opt("conformance_method")),
        paths=tuple(opt("conformance_path")), doc_ids=tuple(opt("conformance_doc_id")),
        checks=tuple(opt("conformance_check")), exclude_checks=tuple(opt("conformance_exclude_check")),
        max_examples=max(1, opt("conformance_max_examples")), seed=_seed(config),
        timeout=opt("conformance_timeout"), rate_limit=rate / workers if rate else None,
        max_response_bytes=opt("conformance_max_response_bytes"),
        allow_mutating=opt("conformance_allow_mutating"), shrink_seconds=opt("conformance_shrink_seconds"),
        report_dir=(root / report) if report else None, aksk=aksk,
        auth=opt("conformance_auth"),
        config=(root / opt("conformance_config")) if opt("conformance_config") else None,
        sequences=opt("conformance_sequences"),
    )


def _seed(config: pytest.Config) -> int:
    given = config.getoption("conformance_seed")
    if given is not None:
        return int(given)
    worker = getattr(config, "workerinput", None)
    if worker and "conformance_seed" in worker:
        return int(worker["conformance_seed"])
    return random.SystemRandom().randrange(2**32)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if not (config.getoption("conformance_base_url", None) or config.getoption("conformance_schemas", None)):
        return
    from .items import STATE, State
    settings = _settings(config)
    config.stash[_ACTIVE] = True
    config.stash[STATE] = State(config, settings)
    config.pluginmanager.register(_Run(config.stash[STATE]), _RUN_NAME)
    config.addinivalue_line("markers", "conformance: a docconform conformance check of one endpoint")
    if not config.pluginmanager.hasplugin("xdist"):
        config.addinivalue_line("markers", "xdist_group(name): run in the same pytest-xdist worker")
    elif getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"  # keep an endpoint's checks on one worker: one cache
    target = str(settings.schemas)
    source = getattr(getattr(config, "args_source", None), "name", "")
    if source != "ARGS":
        config.args = [target]
    elif not any(Path(config.invocation_params.dir, a).resolve() == settings.schemas.resolve()
                 for a in config.args):
        config.args = [*config.args, target]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: every worker draws with the controller's seed."""
    if _active(node.config):
        from .items import STATE
        node.workerinput["conformance_seed"] = node.config.stash[STATE].settings.seed


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if not _active(parent.config):
        return None
    from .items import STATE, ContractDirectory
    schemas = parent.config.stash[STATE].settings.schemas
    if schemas.is_dir() and path.resolve() == schemas.resolve():
        return ContractDirectory.from_parent(parent, path=path)
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if not _active(parent.config):
        return None
    from .items import STATE, ContractFile
    schemas = parent.config.stash[STATE].settings.schemas
    if schemas.is_file() and file_path.resolve() == schemas.resolve():
        return ContractFile.from_parent(parent, path=file_path)
    return None


class _Run:
    """Per-run hooks, registered only when the suite is active (no module state)."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.records: list[dict[str, Any]] = []
        self.report_path: Path | None = None
        self.leftovers: list[str] = []

    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        """Create, read, update, delete: a run never deletes what its later checks need."""
        from .order import run_order
        try:
            items[:] = run_order(items, self.state.links())
        except ValueError as exc:  # a [links] override naming an operation the contract lacks
            raise pytest.UsageError(str(exc)) from exc
        if not hasattr(config, "workerinput"):  # an xdist worker runs only some of them: draws on demand
            self.state.plan_draws(items)

    def pytest_report_header(self, config: pytest.Config) -> str:
        s = self.state.settings
        return (f"conformance: {self.state.redactor.text(s.base_url)} against {s.schemas} (seed {s.seed}, "
                f"{s.max_examples} random cases per endpoint, timeout {s.timeout:g} s)")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        from .items import CheckItem, SequenceItem
        report = yield
        if report.when == "call" and isinstance(item, CheckItem | SequenceItem):
            record = item.record
            if record is None:  # the item crashed before judging: still one line in the report
                last = report.longreprtext.splitlines()[-1] if report.longreprtext else ""
                name = item.operation.name if isinstance(item, CheckItem) else item.name
                check = item.spec.name if isinstance(item, CheckItem) else "stateful-sequence"
                record = {"endpoint": name, "check": check,
                          "status": report.outcome, "error": self.state.redactor.text(last)}
            report.conformance = record
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = getattr(report, "conformance", None)
        if record is not None and report.when == "call":
            self.records.append(record)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.leftovers += self.state.close()
        worker = getattr(session.config, "workerinput", None)
        if worker is not None:
            session.config.workeroutput["conformance_leftovers"] = list(self.leftovers)  # type: ignore[attr-defined]
            return
        settings = self.state.settings
        if settings.report_dir is None:
            return
        from .report import write_reports
        self.report_path = write_reports(self.records, settings.report_dir, seed=settings.seed,
                                         base_url=self.state.redactor.text(settings.base_url),
                                         leftovers=self.leftovers)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist: what a worker could not clean up is reported by the controller."""
        self.leftovers += list(getattr(node, "workeroutput", {}).get("conformance_leftovers", ()))

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        if hasattr(config, "workerinput"):
            return
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record["status"]] = counts.get(record["status"], 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing run"
        where = f"; report {self.report_path}" if self.report_path else ""
        session = self.state.opened
        sent = f"; {session.client.sent} requests sent, {session.hits} answers shared" if session else ""
        if session and session.client.retried:
            sent += f", {session.client.retried} sent again on a fresh connection"
        events = sum(r.get("transport_events", {}).get("cases", 0) for r in self.records)
        if events:
            sent += (f"; {events} cases not judged: the server closed the connection before answering "
                     "(transport events, in the report)")
        terminalreporter.write_line(f"conformance: {summary}{sent}; seed {self.state.settings.seed}{where}")
        if session is not None and (session.state.owned or self.leftovers):
            made = len(session.state.owned)
            terminalreporter.write_line(f"conformance: the run created {made} resource(s) and cleaned up "
                                        f"{made - len(self.leftovers)}")
        for line in self.leftovers:
            terminalreporter.write_line(f"conformance: {line}", yellow=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.pluginmanager.get_plugin(_RUN_NAME)
    if run is not None:
        config.pluginmanager.unregister(run)


_RUN_NAME = "docconform-conformance-run"
