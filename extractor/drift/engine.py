"""The drift library entry points: N versions side by side, or OLD against NEW.

:func:`drift_findings` is what ``docconform drift`` computes: every version
linted alone, every endpoint's versions compared with each other (one
finding per disagreement, with every version involved as a side, not one per
pair), and endpoints missing from a version set. :func:`compare_endpoints`
is what ``docconform diff`` and ``history`` compute: each endpoint of OLD
against the same endpoint in NEW, every finding saying whom it breaks;
endpoints that did not change yield nothing.

Not responsible for reading pages or revisions (the commands and
:mod:`.gitrepo` do), nor for writing reports (:mod:`.document`, :mod:`.report`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Endpoint, Span
from .align import Group, Version, group_versions
from .breaking import annotate
from .causes import attribute_causes
from .compare import Difference, State, differences
from .context import Context
from .excerpts import ExcerptProvider, no_excerpts
from .findings import Finding
from .lint import lint_version
from .names import Vocabulary
from .presence import Presence, VersionSet
from .catalogue import judge

__all__ = ["VersionSet", "compare_endpoints", "drift_findings", "sort_findings"]


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings in report order, each once."""
    unique = {(f.fingerprint, tuple((s.source, s.line) for s in f.sides), f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)


def drift_findings(versions: Sequence[Version], sets: Sequence[VersionSet] = (), *,
                   excerpts: ExcerptProvider = no_excerpts) -> tuple[list[Group], list[Finding]]:
    """Groups of versions and every finding about them, sorted."""
    groups = group_versions(versions)
    presence = Presence(versions, sets)
    findings: list[Finding] = []
    linted: set[tuple[str, str, tuple[tuple[str, int], ...]]] = set()
    vocabulary = Vocabulary.of(v.endpoint for v in versions)
    for g in groups:
        ctx = Context(g.endpoint, g.doc_id, g.versions, excerpts, vocabulary=vocabulary)
        if len(g.versions) > 1:
            findings += judge(differences([v.endpoint for v in g.versions]), ctx)
        missing = presence.difference(g)
        if missing is not None:
            findings += judge([missing], ctx)
        for v in g.versions:
            page_ctx = Context(g.endpoint, g.doc_id, (v,), excerpts, cache=ctx.cache, vocabulary=vocabulary)
            for f in lint_version(v, page_ctx):
                key = (f.rule, f.message, tuple((s.source, s.line) for s in f.sides))
                if key not in linted:  # the v2/v2.1 twins of one page share its examples
                    linted.add(key)
                    findings.append(f)
    return groups, sort_findings(attribute_causes(findings, versions, excerpts))


def compare_endpoints(old: Sequence[Endpoint], new: Sequence[Endpoint], *,
                      excerpts: ExcerptProvider = no_excerpts,
                      old_excerpts: ExcerptProvider | None = None,
                      new_excerpts: ExcerptProvider | None = None,
                      old_set: str = "old", new_set: str = "new") -> list[Finding]:
    """Findings of a revision diff, each with ``breaks`` set; unchanged endpoints yield none.

    ``old_excerpts``/``new_excerpts`` read each revision's text where both
    use the same source names (git revisions); ``excerpts`` serves both
    otherwise. ``old_set``/``new_set`` name the revisions in findings about
    an endpoint that one of them lacks (that side has this source, line 0).
    """
    per_version = (old_excerpts, new_excerpts)
    versions = [Version(ep, 0, label="old") for ep in old] + [Version(ep, 1, label="new") for ep in new]
    findings: list[Finding] = []
    for g in group_versions(versions):
        olds = [v for v in g.versions if v.set_index == 0]
        news = [v for v in g.versions if v.set_index == 1]
        if not olds or not news:
            v = (olds or news)[0]
            index = 0 if olds else 1
            states = [State(index, v.endpoint.span, {"title": v.endpoint.title}),
                      State(-1, Span(new_set if olds else old_set, 0), None)]
            d = Difference("endpoint", "", "endpoint", "endpoint", tuple(states))
            # the state's version index is 0 (old) or 1 (new): the page sits at that index
            ctx = Context(g.endpoint, g.doc_id, (v, v), excerpts, mode="diff", per_version=per_version)
            findings += [annotate(f, d) for f in judge([d], ctx)]
            continue
        for o, n in _pairs(olds, news):
            ctx = Context(f"{o.endpoint.method} {o.endpoint.path}", o.endpoint.doc_id or n.endpoint.doc_id,
                          (o, n), excerpts, mode="diff", per_version=per_version)
            for d in differences([o.endpoint, n.endpoint]):
                findings += [annotate(f, d) for f in judge([d], ctx)]
    return sort_findings(findings)


def _pairs(olds: list[Version], news: list[Version]) -> list[tuple[Version, Version]]:
    """Old and new pages of one endpoint paired: same source first, then in order."""
    pairs = []
    rest_new = list(news)
    rest_old = []
    for o in olds:
        same = next((n for n in rest_new if n.source == o.source), None)
        if same is not None:
            rest_new.remove(same)
            pairs.append((o, same))
        else:
            rest_old.append(o)
    for o, n in zip(rest_old, rest_new):
        pairs.append((o, n))
    return pairs

