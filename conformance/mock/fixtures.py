"""pytest plugin: the ``docconform_mock`` fixture, a validating mock for a client's tests.

Registered through the ``pytest11`` entry point ``docconform_mock =
docconform.conformance.mock.fixtures``, or with ``-p docconform.conformance.mock.fixtures``. In a test::

    def test_stop_jobs(docconform_mock):
        client = MyClient(base_url=docconform_mock.url)
        client.stop_jobs([1, 2])   # fails the test if the request breaks a documented rule

One mock serves the whole session (started on a free loopback port at first
use); each test sees only its own exchanges, and a test passes only when
every request it made was valid at ``--docconform-mock-fail-on`` (``client``
by default: errors classed ``client``; ``error`` counts contract doubts too). Tests that send invalid requests on purpose are marked
``docconform_allow_invalid`` (or call ``docconform_mock.allow_invalid()``).

Options: ``--docconform-mock-schemas`` (ini ``docconform_mock_schemas``,
default ``schemas``; or override the ``docconform_schemas`` fixture),
``--docconform-mock-record FILE`` (write the record at session end, for
``docconform certify``), ``--docconform-mock-seed N``.

Not responsible for the server (:mod:`.mock_server`) or the report
(:mod:`.certify`). Imports of the HTTP stack wait until a test uses the
fixture, so loading the plugin costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .server import MockServer

__all__ = ["MockView", "docconform_mock", "docconform_mock_server", "docconform_schemas"]

_LEVELS = ("error", "warning", "info")
_VIEW = pytest.StashKey["MockView"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("docconform-mock", "docconform validating mock (docconform_mock fixture)")
    group.addoption("--docconform-mock-schemas", default=None,
                    help="Bundle folder or OpenAPI file the mock serves (default: ini or 'schemas').")
    group.addoption("--docconform-mock-record", default=None,
                    help="Write the mock's record here at the end of the session.")
    group.addoption("--docconform-mock-seed", type=int, default=None,
                    help="Seed for generated responses.")
    group.addoption("--docconform-mock-fail-on", choices=["client", *_LEVELS, "never"], default=None,
                    help="Fail a test whose requests broke a rule at or above this level (default client: "
                         "errors classed client; error: contract doubts too).")
    parser.addini("docconform_mock_schemas", "Schemas the docconform mock serves.", default="schemas")
    parser.addini("docconform_mock_fail_on", "Level of violations that fail a test.", default="client")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "docconform_allow_invalid: the test sends invalid requests on purpose; "
        "violations the docconform mock records do not fail it")


class MockView:
    """The session's mock as one test sees it: its URL and its own exchanges."""

    def __init__(self, server: MockServer, fail_on: str) -> None:
        self.server = server
        self.url = server.url
        self.fail_on = fail_on
        self._start = server.recorder.count
        self._allowed = False

    def exchanges(self) -> list[dict[str, Any]]:
        """Exchanges since this test started: request, status, violations."""
        return self.server.recorder.since(self._start)

    def violations(self, level: str = "error") -> list[dict[str, Any]]:
        """Violations at or above ``level`` in this test's exchanges, each with its request;
        ``client``: the errors classed ``client`` (not the contract doubts)."""
        wanted = _LEVELS[: _LEVELS.index("error" if level == "client" else level) + 1]
        return [{**v, "method": x["method"], "target": x["target"], "status": x["status"]}
                for x in self.exchanges() for v in x["violations"]
                if v["level"] in wanted and (level != "client" or v.get("class", "client") == "client")]

    def allow_invalid(self) -> None:
        """This test sends invalid requests on purpose."""
        self._allowed = True

    def check(self) -> None:
        """Fail the test if its requests broke documented rules at the configured level."""
        if self._allowed or self.fail_on == "never":
            return
        found = self.violations(self.fail_on)
        if found:
            lines = [f"the client sent {len(found)} violation(s) of the documented contract:"]
            lines += [f"  {v['status']} {v['method']} {v['target']}: {v['level']} {v.get('class', 'client')} "
                      f"{v['rule']} {v['pointer']} [{v['source'] or '-'}]: {v['message']}" for v in found]
            pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(scope="session")
def docconform_schemas(pytestconfig: pytest.Config) -> Path:
    """Where the contract is; override this fixture to compute it."""
    value = (pytestconfig.getoption("docconform_mock_schemas")
             or pytestconfig.getini("docconform_mock_schemas"))
    path = Path(value)
    return path if path.is_absolute() else pytestconfig.rootpath / path


@pytest.fixture(scope="session")
def docconform_mock_server(docconform_schemas: Path, pytestconfig: pytest.Config) -> Iterator[MockServer]:
    """One mock for the session, on a free loopback port; the record is written at the end."""
    from ..contract import ContractError, load_contract
    from .app import MockOptions
    from .doubts import load_notes
    from .server import MockServer

    try:
        operations = load_contract(Path(docconform_schemas))
    except ContractError as exc:
        pytest.fail(f"docconform_mock: {exc}", pytrace=False)
    record = pytestconfig.getoption("docconform_mock_record")
    server = MockServer(operations, MockOptions(seed=pytestconfig.getoption("docconform_mock_seed")),
                        record=Path(record) if record else None,
                        contract_source=str(docconform_schemas),
                        notes=load_notes(Path(docconform_schemas))).start()
    yield server
    server.stop()


@pytest.fixture
def docconform_mock(docconform_mock_server: MockServer, request: pytest.FixtureRequest) -> MockView:
    """The mock for this test: ``.url``, ``.exchanges()``, ``.violations()``."""
    fail_on = (request.config.getoption("docconform_mock_fail_on")
               or request.config.getini("docconform_mock_fail_on"))
    view = MockView(docconform_mock_server, fail_on)
    if request.node.get_closest_marker("docconform_allow_invalid"):
        view.allow_invalid()
    request.node.stash[_VIEW] = view
    return view


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After a test body that passed, fail it if its client broke documented rules."""
    result = yield
    view = item.stash.get(_VIEW, None)
    if view is not None:
        view.check()
    return result
