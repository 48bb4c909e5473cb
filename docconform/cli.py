"""The ``docconform`` command line.

Exit codes as linters use them (:mod:`docconform.options`): 0 nothing at or
above ``--fail-on``, 1 diagnostics or findings at or above it, 2 usage or
input error, 130 stopped by Ctrl-C (every output whole). Messages go to
stderr, one per line as ``path:line: level: message [code]`` so editors and
CI logs can jump to them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path

import click

from .extractor.diagnostics import FAIL_ON
from .extractor.run.cache import default_cache_dir
from .extractor.run.command import run_extract
from .extractor.readers import FORMATS
from .options import (EXIT_INTERRUPTED, Command, fail_on_option, jobs_option, page_format_option,
                      verbosity_options)

__all__ = ["main"]



#: Commands that live in their own modules, loaded only when used, so that
#: ``docconform extract`` does not pay for the HTTP stack of ``test``/``mock``
#: and ``extractor`` never imports ``conformance`` at import time.
LAZY_COMMANDS: dict[str, str] = {
    "drift": "docconform.extractor.drift.command:drift",
    "diff": "docconform.extractor.drift.diff_command:diff",
    "history": "docconform.extractor.drift.history_command:history",
    "test": "docconform.conformance.suite.command:test",
    "mock": "docconform.conformance.mock.command:mock",
    "certify": "docconform.conformance.mock.command:certify",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._available()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            return None
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else None

    def invoke(self, ctx: click.Context) -> object:
        """Ctrl-C in any command: a one-line note and exit 130, never click's "Aborted!" and 1."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: every file written so far is whole", err=True)
            ctx.exit(EXIT_INTERRUPTED)

    def _available(self) -> list[str]:
        return [name for name, target in LAZY_COMMANDS.items()
                if importlib.util.find_spec(target.split(":")[0]) is not None]


@click.group(cls=_LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="docconform")
def main() -> None:
    """Turn REST API reference pages into JSON Schema and OpenAPI 3.1.

    Pages may be Huawei-style HTML exports, reStructuredText, Markdown with
    raw HTML tables (Chinese pages), or plain text copied from a docs site;
    the format is detected from the content (--page-format forces one).

    Every command: --format is what it prints, -q only the summary, -v more;
    exit 0 clean, 1 something at or above --fail-on, 2 usage or input error
    (nothing written), 130 Ctrl-C.
    """


@main.command(cls=Command, renamed={"--format": "--page-format"})
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), required=True,
              help="Folder for one JSON file per endpoint per source page (created if missing).")
@click.option("--openapi", type=click.Path(path_type=Path), default=None,
              help="Also write one OpenAPI 3.1 document for the whole run to this file.")
@page_format_option(FORMATS)
@click.option("--stats", is_flag=True,
              help="Print how many pages yielded endpoints, tables classified and unknown type phrases.")
@fail_on_option(list(FAIL_ON), help="Exit 1 when a diagnostic at or above this level was found.")
@verbosity_options()
@jobs_option()
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where extraction results are cached (default: $XDG_CACHE_HOME/docconform).")
@click.option("--no-cache", is_flag=True, help="Extract every page again; do not read or write the cache.")
def extract(sources: tuple[Path, ...], output: Path, openapi: Path | None, page_format: str | None,
            stats: bool, fail_on: str, quiet: bool, verbose: int, jobs: int | None,
            cache_dir: Path | None, no_cache: bool) -> None:
    """Extract SOURCES (files or folders, recursive) into JSON Schema bundles.

    In folders, files ending in .html .htm .rst .md .markdown .txt .text are
    read (README, LICENSE, CHANGELOG and the like are not pages); a file named
    here is always read. A page that cannot be read, or that documents no
    endpoint, is a diagnostic saying why (-v shows the info ones), and the
    rest of the run goes on; every file is replaced atomically and files of
    earlier runs are removed only once the new ones are in place.

    Exit 0, or 1 when a diagnostic at or above --fail-on was found; 2 for a
    missing or unlistable SOURCE, SOURCES in which no page documents an
    endpoint, or an output place that cannot be written (checked first), and
    then nothing is written; 130 when stopped by Ctrl-C (every file whole).

    \b
    Examples:
      docconform extract seeds/ -o schemas/ --openapi schemas/openapi.json
      docconform extract ../my-docs/api-ref/ -o out/ --stats
    """
    code = run_extract(
        list(sources), output, openapi=openapi, fmt=page_format, stats=stats,
        fail_on=FAIL_ON[fail_on], quiet=quiet, verbose=verbose > 0, err=sys.stderr, out=sys.stdout,
        jobs=jobs or os.cpu_count() or 1,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
    )
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
