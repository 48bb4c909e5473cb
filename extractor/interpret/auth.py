"""Authentication schemes from a doc set's authentication page (token, AK/SK signing).

Huawei-style doc sets describe authentication once, on a page of its own
("Authentication", "认证鉴权"): requests carry a token in ``X-Auth-Token``, or
are signed with an access key pair (``Authorization: SDK-HMAC-SHA256
Access=…, SignedHeaders=…, Signature=…`` with ``X-Sdk-Date``). Every API page
then lists ``X-Auth-Token`` as a mandatory header, although a signed request
is just as valid. This module reads the schemes such a page describes, so the
run can write them as OpenAPI ``securitySchemes`` with alternatives and the
mock can accept either.

A page describes a scheme when one of its headings, paragraphs or list items
starts with that scheme's phrase (``vocab/auth.json``: "Token-based
Authentication", "Token认证", "AK/SK-based authentication", "AK/SK认证").
The header names come from the page's own request lines when it shows them,
else from the vocabulary.

Not responsible for pages that document operations (their header tables are
parameters), nor for deciding which operations need authentication (the
writers: those whose pages list the credential header).
"""

from __future__ import annotations

import re

from ..model import AuthScheme, Code, Heading, Page, Para, Span
from . import vocab

__all__ = ["auth_schemes"]

_TOKEN_HEADER = re.compile(r"^\s*(X-[A-Za-z0-9-]*Token)\s*:\s*\S", re.MULTILINE | re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*Authorization\s*:\s*([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)\s+Access=",
                        re.MULTILINE | re.IGNORECASE)
_DATE_HEADER = re.compile(r"^\s*(X-[A-Za-z-]*Date)\s*:\s*\d", re.MULTILINE | re.IGNORECASE)


def _starts_with(text: str, phrases: tuple[str, ...]) -> bool:
    folded = vocab.fold(text)
    return any(folded.startswith(p) for p in phrases)


def _phrases(key: str) -> tuple[str, ...]:
    return tuple(vocab.fold(p) for p in vocab.load("auth")[key])


def auth_schemes(page: Page) -> tuple[AuthScheme, ...]:
    """The schemes the page describes, token first; ``()`` for any other page."""
    token_at: Span | None = None
    aksk_at: Span | None = None
    token, aksk = _phrases("token"), _phrases("aksk")
    for block in page.blocks:
        if isinstance(block, (Heading, Para)):
            if token_at is None and _starts_with(block.text, token):
                token_at = block.span
            if aksk_at is None and _starts_with(block.text, aksk):
                aksk_at = block.span
    if token_at is None and aksk_at is None:
        return ()
    code = "\n".join(b.text for b in page.blocks if isinstance(b, Code))
    words = vocab.load("auth")
    out = []
    if token_at is not None:
        found = _TOKEN_HEADER.search(code)
        header = found.group(1) if found else str(words["token_header"])
        out.append(AuthScheme("token", header, token_at,
                              description=f"A token in the {header} request header."))
    if aksk_at is not None:
        signed = _SIGNATURE.search(code)
        dated = _DATE_HEADER.search(code)
        scheme = signed.group(1) if signed else str(words["aksk_scheme"])
        extra = (dated.group(1),) if dated else tuple(str(h) for h in words["aksk_headers"])
        out.append(AuthScheme("aksk", str(words["aksk_header"]), aksk_at, scheme, extra,
                              description=f"A request signed with an access key pair: "
                                          f"{words['aksk_header']}: {scheme} Access=…, SignedHeaders=…, "
                                          f"Signature=…, with {', '.join(extra)}."))
    return tuple(out)
