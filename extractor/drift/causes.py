"""Findings that only follow from an extraction problem, grouped under that problem.

When a page could not be read whole (a table outside any request or response
section, a fence that swallowed the rest of a Markdown page, a grid table
docutils rejected, a row whose child table cannot be found), every field of
the lost part looks "missing" from that version. Those findings say nothing
new about the documentation: the extraction diagnostic already says it. So
they are kept, at level info, with an ``extra.caused_by`` naming the
diagnostic (code, ``source:line``, message), and the views list them under
that diagnostic instead of among the findings a doc team acts on.

Two kinds of diagnostics explain findings:

* a lost region of a page (``table-unplaced``, a docutils table error,
  ``md-unclosed-fence``...): a field missing from that page is explained when
  its name is written in the lost region (the whole body or parameter group
  missing is explained by any lost table);
* a row whose children could not be attached (``table-unresolved``,
  ``table-unlinked``, ``table-cycle``): fields missing under that row, and
  the row's missing properties, are explained.

Not responsible for finding the problems (readers and interpreter) nor for
rendering the groups (:mod:`.report`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..diagnostics import Diagnostic, Level
from .align import Version
from .findings import Finding
from .values import field_pointers

__all__ = ["attribute_causes", "cause_of"]

#: Diagnostics that mean part of a page was not read as tables, and how many lines they cover
#: (0: the rest of the page).
_LOST_REGIONS: dict[str, int] = {
    "table-unplaced": 300,
    "text-table-empty": 300,
    "md-unclosed-fence": 0,
    "md-too-deep": 0,
    "html-too-deep": 0,
}
#: docutils errors (not its warnings) lose the table they are in.
_RST_ERROR_REGION = 300
#: Diagnostics on a row whose child table is missing.
_BARE_ROWS = frozenset({"table-unresolved", "table-unlinked", "table-cycle"})
#: Rules whose findings can follow from content a version lost.
_ABSENCE_RULES = frozenset({"param-missing"})

Lines = Callable[[str, int], str]


def attribute_causes(findings: Sequence[Finding], versions: Sequence[Version], lines: Lines,
                     bare_rows: dict[str, dict[int, str]] | None = None) -> list[Finding]:
    """``findings`` with those an extraction diagnostic explains lowered to info and marked.

    ``lines(source, n)`` reads a page's line ``n`` (an excerpt provider);
    ``bare_rows`` maps a source to ``{row line: pointer}`` of rows whose
    children were lost (default: computed from the versions).
    """
    by_source: dict[str, list[Diagnostic]] = defaultdict(list)
    for v in versions:
        for d in v.diagnostics:
            if d not in by_source[d.span.source]:
                by_source[d.span.source].append(d)
    if not by_source:
        return list(findings)
    rows = bare_rows if bare_rows is not None else _bare_rows(versions, by_source)
    out = []
    for f in findings:
        cause = cause_of(f, by_source, rows, lines)
        if cause is None:
            out.append(f)
        else:
            extra = tuple(sorted(dict(f.extra, caused_by=cause.to_json()).items()))
            out.append(replace(f, level=Level.INFO, extra=extra))
    return out


def cause_of(f: Finding, diagnostics: dict[str, list[Diagnostic]], bare_rows: dict[str, dict[int, str]],
             lines: Lines) -> Diagnostic | None:
    """The diagnostic that explains a finding, or ``None``."""
    if f.rule not in _ABSENCE_RULES:
        return None
    for side in f.sides:
        if side.value is not None or side.line <= 0:
            continue
        for d in diagnostics.get(side.source, ()):
            if d.code in _BARE_ROWS:
                pointer = bare_rows.get(side.source, {}).get(d.span.line)
                if pointer and (f.pointer == pointer or f.pointer.startswith(pointer + "/")):
                    return d
            elif _lost_region(d) is not None and _written_in(f, d, lines):
                return d
    return None


def _lost_region(d: Diagnostic) -> int | None:
    if d.code in _LOST_REGIONS:
        return _LOST_REGIONS[d.code]
    if d.code == "rst-warning" and d.level >= Level.ERROR:
        return _RST_ERROR_REGION
    return None


def _written_in(f: Finding, d: Diagnostic, lines: Lines) -> bool:
    """Whether the missing element is in the region the diagnostic lost."""
    name = _last_name(f.pointer)
    if name is None:  # a whole body or group: any lost table may have held it
        return True
    blank = 0
    for n in range(d.span.line, d.span.line + (_lost_region(d) or _REST_OF_PAGE)):
        text = lines(d.span.source, n)
        blank = blank + 1 if not text else 0
        if blank > _END_OF_PAGE:
            break
        if name in _cells(text):
            return True
    return False


_REST_OF_PAGE = 5000
#: This many empty lines in a row: past the end of the page.
_END_OF_PAGE = 40


def _cells(text: str) -> set[str]:
    """The cell texts of a table line (``| a | b |``, or the whole line of an HTML cell)."""
    stripped = text.strip()
    return {c.strip().strip("*`") for c in stripped.strip("|").split("|")} | {stripped}


def _last_name(pointer: str) -> str | None:
    parts = pointer.split("/")
    if len(parts) >= 2 and parts[-2] == "properties":
        return parts[-1].replace("~1", "/").replace("~0", "~")
    return None


def _bare_rows(versions: Sequence[Version], diagnostics: dict[str, list[Diagnostic]]) -> dict[str, dict[int, str]]:
    """Per source, the pointer of each row a bare-row diagnostic names, by the row's line."""
    wanted = {(d.span.source, d.span.line) for ds in diagnostics.values() for d in ds if d.code in _BARE_ROWS}
    out: dict[str, dict[int, str]] = defaultdict(dict)
    if not wanted:
        return out
    for v in versions:
        for pointer, fld in field_pointers(v.endpoint):
            if (fld.span.source, fld.span.line) in wanted:
                out[fld.span.source].setdefault(fld.span.line, pointer)
    return out
