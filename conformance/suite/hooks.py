"""Hook specifications the conformance plugin adds to pytest.

Responsible for: declaring hooks that conftest files and plugins may
implement. Not responsible for: implementing them (``plugin``).
"""

from __future__ import annotations

from typing import Any

import pytest

__all__ = ["pytest_conformance_transport"]


@pytest.hookspec(firstresult=True)
def pytest_conformance_transport(config: pytest.Config) -> Any:
    """Return an ``httpx.BaseTransport`` to send the suite's requests through.

    For proxies, client certificates or recorded traffic; tests use
    ``httpx.MockTransport`` so that nothing leaves the machine. The client's
    safety rules (loopback guard, size bounds) still apply on top of it.
    """
