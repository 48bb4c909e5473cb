"""docconform: REST API reference pages to contracts, drift reports and conformance tests.

One import package over the repository's folders (pyproject ``package-dir``):

- ``docconform.extractor`` (``extractor/``): pages -> Document -> Endpoint ->
  JSON Schema / OpenAPI, and drift, diff and history over the versions of a page;
- ``docconform.conformance`` (``conformance/``): certifying servers (``suite``,
  the pytest conformance suite) and certifying clients (``mock``, the
  validating mock and ``certify``);
- ``docconform.seeds`` (``seeds/``): the bundled seed pages, package data;
- this package: the version and the command line (:mod:`docconform.cli`),
  the only place that knows both halves.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("docconform")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = ["__version__"]
