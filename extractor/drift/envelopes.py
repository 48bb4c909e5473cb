"""A body one version wraps in an envelope and another lists flat, aligned before comparing.

One page's table says ``functions: Array of ListFunctionResult`` and
describes the items in a second table; another page (often the other
language, or an older revision) lists the items' fields at the top level,
without the wrapper its own example has. Compared as written, every field
would be "missing" twice (at the top level in one, under ``functions[]`` in
the other). So before the bodies are compared, a flat version whose
top-level fields are mostly the children of another version's single
wrapper (at least two of them, more than match that version's own top
level) gets the wrapper, with no type or required-ness of its own (so
nothing is compared about it), and one difference says that the version
lists the wrapper's fields without it.

Not responsible for envelopes within one page (the interpreter reads a
page's examples for that: ``body-envelope``) nor for judging the difference
(:mod:`.rules`, ``param-missing``).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Field, TypeRef

__all__ = ["align_envelopes"]

_MIN_SHARED = 2
_SHARE = 0.6

Member = tuple[int, Field | None]


def align_envelopes(members: list[Member]) -> tuple[list[Member], list[tuple[int, Field, Field]]]:
    """Members with flat roots wrapped; ``(version, wrapper, flat root)`` for each version wrapped."""
    present = [(i, f) for i, f in members if f is not None and f.children]
    wrapped: dict[int, Field] = {}
    notes: list[tuple[int, Field, Field]] = []
    for i, root in present:
        names = {c.name for c in root.children}
        best: tuple[int, Field, set[str]] | None = None
        for j, other in present:
            if j == i:
                continue
            top = {c.name for c in other.children}
            own = len(names & top)
            for w in other.children:
                inner = {c.name for c in w.children}
                shared = len(names & inner)
                if (w.name not in names and shared >= max(_MIN_SHARED, _SHARE * len(names)) and shared > own
                        and (best is None or shared > best[0])):
                    best = (shared, w, top)
        if best is not None:
            _, w, top = best
            # what the wrapping version has at its top level stays there (count, next_marker);
            # the rest are the wrapper's fields, documented by one version only or not
            moved = tuple(c for c in root.children if c.name not in top)
            kept = tuple(c for c in root.children if c.name in top)
            wrapper = Field(w.name, w.location, TypeRef(w.type.base, raw="", items=w.type.items, known=False),
                            root.span, description="(listed without this wrapper)", children=moved)
            wrapped[i] = replace(root, children=(wrapper, *kept))
            notes.append((i, w, root))
    if not wrapped:
        return members, []
    return [(i, wrapped.get(i, f)) for i, f in members], notes
