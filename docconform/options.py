"""The option vocabulary and exit codes every ``docconform`` command shares.

One spelling per idea, whichever command it is given to:

- ``--page-format`` is the format pages are read as (instead of detecting it);
- ``--format`` is what the command prints on stdout, and a format has one
  name everywhere (``markdown``, never ``md``);
- ``-q`` prints only the summary (no diagnostics, no progress bar), ``-v``
  adds what is normally left out (info diagnostics, every check or exchange);
- exit codes as linters use them: :data:`EXIT_OK`, :data:`EXIT_FOUND`,
  :data:`EXIT_USAGE`, and :data:`EXIT_INTERRUPTED` for Ctrl-C.

Old spellings keep working for one release: :class:`Command` rewrites a
renamed option before click parses the line, and :class:`Choice` accepts a
renamed value; both print a note saying what to type instead, and neither
shows in ``--help``.

The bottom layer of the package: it imports click only, so every command
module (extractor and conformance alike) can use it. Not responsible for
what any option does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

__all__ = [
    "EXIT_FOUND",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PRINT_FORMAT_HELP",
    "Choice",
    "Command",
    "fail_on_option",
    "jobs_option",
    "page_format_option",
    "print_format_option",
    "verbosity_options",
]

#: Nothing at or above ``--fail-on``.
EXIT_OK = 0
#: Findings, diagnostics, violations or failed checks at or above ``--fail-on``.
EXIT_FOUND = 1
#: Usage or input error: a missing source, no pages, an output place that cannot be written.
EXIT_USAGE = 2
#: Stopped by Ctrl-C (SIGINT), as shells report it (128 + 2); outputs are whole.
EXIT_INTERRUPTED = 130

PRINT_FORMAT_HELP = "What to print on stdout."

F = TypeVar("F", bound=Callable[..., Any])


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


class Command(click.Command):
    """A click command that still accepts option spellings of the previous release.

    ``renamed`` maps an old long option to its new name; the old one is
    rewritten before parsing (``--old VALUE`` and ``--old=VALUE``, never after
    ``--``) with a note on stderr, and is not listed by ``--help``.
    """

    def __init__(self, *args: Any, renamed: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renamed = dict(renamed or {})

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, rename_options(args, self.renamed))


def rename_options(args: Sequence[str], renamed: Mapping[str, str]) -> list[str]:
    """``args`` with every old option spelling replaced by its new one (a note for each)."""
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return out + list(args[index:])
        name, eq, value = arg.partition("=")
        if name in renamed:
            _note(f"{name} is now {renamed[name]}; the old spelling goes in the next release")
            arg = renamed[name] + eq + value
        out.append(arg)
    return out


class Choice(click.Choice):  # type: ignore[type-arg]
    """A choice that also takes the previous release's names of its values, with a note."""

    def __init__(self, choices: Sequence[str], renamed: Mapping[str, str] | None = None) -> None:
        super().__init__(list(choices))
        self.renamed = dict(renamed or {})

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value in self.renamed:
            new = self.renamed[value]
            flag = param.opts[0] if param is not None and param.opts else "the option"
            _note(f"{flag} {value} is now {flag} {new}; the old name goes in the next release")
            value = new
        return super().convert(value, param, ctx)


def page_format_option(formats: Sequence[str]) -> Callable[[F], F]:
    """``--page-format``: read every page as this format (parameter ``page_format``)."""
    return click.option(
        "--page-format", "page_format", type=click.Choice(list(formats)), default=None,
        help="Read every page as this format instead of detecting it from its content.")


def print_format_option(formats: Sequence[str], *, default: str = "text",
                        renamed: Mapping[str, str] | None = None,
                        help: str = PRINT_FORMAT_HELP) -> Callable[[F], F]:
    """``--format``: what the command prints on stdout (parameter ``print_format``)."""
    return click.option("--format", "print_format", type=Choice(formats, renamed), default=default,
                        show_default=True, help=help)


def fail_on_option(levels: Sequence[str], *, default: str = "error",
                   help: str = "Exit 1 when something at or above this level was found.") -> Callable[[F], F]:
    """``--fail-on``: the lowest level that makes the exit code 1 (parameter ``fail_on``)."""
    return click.option("--fail-on", type=click.Choice(list(levels)), default=default, show_default=True,
                        help=help)


def jobs_option(help: str = "Pages extracted in parallel (default: one per CPU); the output is the same.",
                ) -> Callable[[F], F]:
    """``-j/--jobs``: worker processes (parameter ``jobs``, ``None`` for one per CPU)."""
    return click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help=help)


def verbosity_options(*, quiet: str = "Print only the summary: no diagnostics, no progress bar.",
                      verbose: str = "Also print info diagnostics.") -> Callable[[F], F]:
    """``-q/--quiet`` and ``-v/--verbose`` (parameters ``quiet``, ``verbose``), never both."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        other = "verbose" if param.name == "quiet" else "quiet"
        if value and ctx.params.get(other):
            raise click.UsageError("-q/--quiet and -v/--verbose contradict each other", ctx)
        return value

    def decorate(f: F) -> F:
        f = click.option("-v", "--verbose", count=True, callback=check, help=verbose)(f)
        return click.option("-q", "--quiet", is_flag=True, callback=check, help=quiet)(f)

    return decorate
