"""The pytest nodes of a conformance run: contract -> endpoints -> one item per check.

Responsible for: :class:`State` (settings, the settings file, the loaded
contract, the lazily opened :class:`~docconform.conformance.suite.runner.Session`,
the records for the reports), the stateful sequence items (``--sequences``),
the collectors for a bundle folder or an OpenAPI file, and :class:`CheckItem`,
named ``<endpoint>::<check>`` so that a failure says which endpoint broke
which promise. Items of one endpoint share an ``xdist_group`` so that under
``--dist loadgroup`` they run in one worker and share its request cache.

Not responsible for: options and hooks (``plugin``), running a check
(``runner``) or rendering (``report``).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from .auth import AuthError, flow_from
from .checks import CHECKS, CheckSpec
from .config import ConfigError, SuiteConfig, load_config
from ..contract import ContractError, Operation, load_contract
from .curl import Redactor
from .links import Links
from .report import outcome_record, render_failure, skipped_record
from .runner import MISSING_DATA, NotApplicable, Session, run_check
from .settings import Settings, select

__all__ = ["STATE", "CheckFailed", "CheckItem", "ContractDirectory", "ContractFile", "EndpointNode", "State"]


class CheckFailed(Exception):
    """Raised by a :class:`CheckItem` whose check found a broken promise."""

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__(record["failure"]["title"])
        self.record = record


class State:
    """Everything a run shares within one process."""

    def __init__(self, config: pytest.Config, settings: Settings) -> None:
        self.config, self.settings = config, settings
        self.redactor = Redactor(settings.secrets)
        self.records: list[dict[str, Any]] = []
        self._operations: list[Operation] | None = None
        self._session: Session | None = None
        self._draw_plan: list[tuple[Operation, bool]] = []
        try:
            self.suite_config: SuiteConfig = load_config(settings.config, Path(config.invocation_params.dir))
            if settings.auth:  # a flow that cannot work is a usage error, before anything is sent
                flow_from(settings.auth, self.suite_config.auth, os.environ)
        except (ConfigError, AuthError) as exc:
            raise pytest.UsageError(str(exc)) from exc

    def operations(self) -> list[Operation]:
        if self._operations is None:
            self._operations = load_contract(self.settings.schemas)
        return self._operations

    def session(self) -> Session:
        if self._session is None:
            transport = self.config.hook.pytest_conformance_transport(config=self.config)
            self._session = Session(self.settings, self.operations(), transport=transport,
                                    redactor=self.redactor, config=self.suite_config)
            self._session.draw_ahead(self._draw_plan)
        return self._session

    def plan_draws(self, items: Sequence[pytest.Item]) -> None:
        """The random pools the checks of ``items`` judge, in run order, drawn ahead by the session."""
        plan: dict[tuple[str, bool], tuple[Operation, bool]] = {}
        for item in items:
            if isinstance(item, CheckItem):
                kinds = {"valid": (True,), "invalid": (False,), "all": (True, False)}.get(item.spec.cases, ())
                for valid in kinds:
                    plan.setdefault((item.operation.name, valid), (item.operation, valid))
        self._draw_plan = list(plan.values())
        if self._session is not None:
            self._session.draw_ahead(self._draw_plan)

    def links(self) -> Links:
        return Links(self.operations(), self.suite_config.links)

    @property
    def opened(self) -> Session | None:
        """The session if this process sent anything (the xdist controller does not)."""
        return self._session

    def close(self) -> list[str]:
        """Clean up what this process created; the problems (resources left behind), redacted."""
        if self._session is None:
            return []
        return [self.redactor.text(line) for line in self._session.close()]

    def selected_checks(self) -> list[CheckSpec]:
        wanted, dropped = self.settings.checks, self.settings.exclude_checks
        unknown = sorted({*wanted, *dropped} - set(CHECKS))
        if unknown:
            raise pytest.UsageError(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(sorted(CHECKS))}")
        return [spec for name, spec in CHECKS.items()
                if (not wanted or name in wanted) and name not in dropped]


STATE = pytest.StashKey[State]()


def _endpoints(parent: pytest.Collector) -> Iterator[pytest.Node]:
    state = parent.config.stash[STATE]
    specs = state.selected_checks()
    try:
        operations = select(state.operations(), state.settings)
    except ContractError as exc:
        raise parent.CollectError(str(exc)) from exc
    for op in operations:
        yield EndpointNode.from_parent(parent, name=op.name, operation=op, specs=specs)
    if state.settings.sequences:
        from .sequences import sequences
        selected = {op.key for op in operations}
        for seq in sequences(state.session()):
            if {seq.creator.operation.key, seq.read.key, seq.delete.key} <= selected:
                item = SequenceItem.from_parent(parent, name=f"sequence {seq.name}", sequence=seq)
                item.add_marker(pytest.mark.conformance)
                item.add_marker(pytest.mark.xdist_group(name="stateful-sequences"))
                yield item


class ContractDirectory(pytest.Directory):
    """A folder of ``docconform extract`` bundles, read as one contract."""

    def collect(self) -> Iterator[EndpointNode]:
        yield from _endpoints(self)


class ContractFile(pytest.File):
    """An OpenAPI document (or one bundle) given as the contract."""

    def collect(self) -> Iterator[EndpointNode]:
        yield from _endpoints(self)


class EndpointNode(pytest.Collector):
    def __init__(self, *, operation: Operation, specs: list[CheckSpec], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation, self.specs = operation, specs

    def collect(self) -> Iterator[CheckItem]:
        for spec in self.specs:
            item = CheckItem.from_parent(self, name=spec.name, operation=self.operation, spec=spec)
            item.add_marker(pytest.mark.conformance)
            item.add_marker(pytest.mark.xdist_group(name=self.operation.key))
            yield item


class CheckItem(pytest.Item):
    """One check of one endpoint."""

    def __init__(self, *, operation: Operation, spec: CheckSpec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation, self.spec = operation, spec
        self.record: dict[str, Any] | None = None

    def runtest(self) -> None:
        state = self.config.stash[STATE]
        try:
            outcome = run_check(state.session(), self.operation, self.spec)
        except AuthError as exc:  # nothing can be tested without the login: stop, once, clearly
            pytest.exit(state.redactor.text(str(exc)), returncode=pytest.ExitCode.USAGE_ERROR)
        except NotApplicable as exc:
            self.record = skipped_record(self.spec.name, self.operation.name, str(exc), state.redactor)
            # Reported at the item (endpoint and check), not at this line of the plugin.
            raise pytest.skip.Exception(self.record["reason"], _use_item_location=True) from None
        self.record = outcome_record(outcome, state.redactor, self._reproduce(outcome.seed))
        if outcome.status == "failed":
            raise CheckFailed(self.record)
        if outcome.status == MISSING_DATA:
            raise pytest.skip.Exception(f"missing test data: {self.record.get('reason', '')}",
                                        _use_item_location=True)

    def _reproduce(self, seed: int) -> str:
        op = self.operation
        return (f"docconform test --base-url {_public(self.config.stash[STATE].settings.base_url)} "
                f"<schemas> --seed {seed} --method {op.method} --path {shlex.quote(op.path)} "
                f"--check {self.spec.name} [your --header/--path-param options]")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            return render_failure(excinfo.value.record)
        text = str(super().repr_failure(excinfo, style=style))
        return self.config.stash[STATE].redactor.text(text)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"{self.operation.name} :: {self.spec.name}"


class SequenceItem(pytest.Item):
    """One resource through create, read, update, read, delete, read (404)."""

    phase = "sequence"

    def __init__(self, *, sequence: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sequence = sequence
        self.record: dict[str, Any] | None = None

    def runtest(self) -> None:
        from .runner import Refused
        from .sequences import run_sequence
        state = self.config.stash[STATE]
        try:
            outcome = run_sequence(state.session(), self.sequence)
        except AuthError as exc:
            pytest.exit(state.redactor.text(str(exc)), returncode=pytest.ExitCode.USAGE_ERROR)
        except Refused as exc:
            self.record = skipped_record("stateful-sequence", self.name, str(exc), state.redactor)
            raise pytest.skip.Exception(self.record["reason"], _use_item_location=True) from None
        self.record = outcome_record(outcome, state.redactor, f"docconform test ... --sequences --seed {outcome.seed}")
        if outcome.status == "failed":
            raise CheckFailed(self.record)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            return render_failure(excinfo.value.record)
        return self.config.stash[STATE].redactor.text(str(super().repr_failure(excinfo, style=style)))

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, self.name


def _public(url: str) -> str:
    """``url`` without user:password, for printing."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
