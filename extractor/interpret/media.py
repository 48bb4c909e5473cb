"""Request media types a page documents: its Content-Type header row and its example requests.

Most pages send JSON and say ``Content-Type: application/json``; some do not:
a federated login posts ``application/x-www-form-urlencoded`` form data
("the value of this field must be application/x-www-form-urlencoded"), an
image update sends ``application/openstack-images-v2.1-json-patch``, an
upload ``multipart/form-data`` or ``application/octet-stream``. This module
collects the media types the page names for its request, from the value
list or description of its ``Content-Type`` header row and from the
``Content-Type`` lines and ``-H`` options of its example requests, so the
writers can document the body under each and the mock can read it as such.

Only pages that name something other than plain ``application/json`` get a
list (so JSON pages stay as they were). Not responsible for what the body
of each media type looks like (the writers: a JSON Patch type is an array of
patch operations, a form is the table's fields as strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import MEDIA_EXTRA, Example, Field

__all__ = ["MEDIA_EXTRA", "request_media_types"]

_MEDIA = re.compile(
    r"(?<![A-Za-z0-9_.+-])((?:application|multipart|text|image|audio|video)/[A-Za-z0-9][A-Za-z0-9_.+-]*)",
    re.IGNORECASE)
_HEADER_LINE = re.compile(r"content-type\s*:\s*([^\s'\";,]+)", re.IGNORECASE)


def _clean(media: str) -> str:
    return media.strip().rstrip(".").lower()


def request_media_types(parameters: Iterable[Field], examples: Iterable[Example]) -> tuple[str, ...]:
    """The request media types the page names, in page order; ``()`` when it names only JSON."""
    found: list[str] = []
    for p in parameters:
        if p.location == "header" and p.name.strip().lower() == "content-type":
            found += [_clean(str(v)) for v in p.enum if isinstance(v, str) and _MEDIA.fullmatch(v.strip())]
            found += [_clean(m) for m in _MEDIA.findall(p.description)]
    for x in examples:
        if x.kind == "request":
            found += [_clean(m) for m in _HEADER_LINE.findall(x.text) if _MEDIA.fullmatch(m.strip().rstrip("."))]
    unique = tuple(dict.fromkeys(found))
    return unique if any(m != "application/json" for m in unique) else ()
