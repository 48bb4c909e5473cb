"""``--source-url``: what a report needs to link each ``source:line`` to a forge.

The template names ``{path}``, ``{line}`` and ``{rev}``
(``https://github.com/org/docs/blob/{rev}/{path}#L{line}``). The revision
is the commit checked out where the run happens (``git rev-parse HEAD``), or
``HEAD`` outside a git work tree; pages a diff reads from git revisions
carry their own (``revs``: source label -> commit). The views
(:mod:`.report._triage`) fill the template; this module only records it in
the report document, so a saved drift.json renders the same links.

Not responsible for checking that a forge serves the URL.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from ..diagnostics import UsageError

__all__ = ["source_url_spec"]

_FIELDS = ("{path}", "{line}")


def source_url_spec(template: str | None, *, cwd: Path | None = None,
                    revs: dict[str, str] | None = None) -> dict[str, Any] | None:
    """The document's ``source_url`` entry; :class:`UsageError` for a template that cannot link."""
    if not template:
        return None
    if not template.startswith(("https://", "http://")) or not all(f in template for f in _FIELDS):
        raise UsageError(f"--source-url {template!r}: an http(s) URL with {{path}} and {{line}} "
                         "(and optionally {rev}) is expected")
    try:
        template.format(path="p", line=1, rev="r")
    except (KeyError, IndexError, ValueError) as exc:
        raise UsageError(f"--source-url {template!r}: only {{path}}, {{line}} and {{rev}} may be named ({exc})")
    spec: dict[str, Any] = {"template": template, "rev": _head(cwd or Path.cwd())}
    if revs:
        spec["revs"] = dict(sorted(revs.items()))
    return spec


def _head(cwd: Path) -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "HEAD"
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and sha else "HEAD"
