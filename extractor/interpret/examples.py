"""Example blocks and URI lines: request lines, status lines and tolerant JSON.

An example block on these pages is rarely bare JSON (VARIANTS.md §8): it
opens with a request line (``POST https://{endpoint}/v3/...``, sometimes the
method alone with the URL on the next line, sometimes in quotes, sometimes
two for the v2 and v2.1 twins), header lines, an ``HTTP/1.1 200 OK`` or
``STATUS CODE 200`` line or a label such as 响应Body参数：, and the JSON after
it has trailing commas, comments, smart quotes or ``...`` elements.
:func:`parse_example` splits the head off, parses the body strictly, and when
that fails repairs it and says which fixes it needed, keeping the strict
error (with line and column relative to the block) as ``problem``; the
repairs themselves are :mod:`.jsonfix`'s. An example is never trusted over
the table; that judgement is the linter's.

:func:`find_request_line` and :func:`find_method_path_pair` read the method
and path template of the URI section (VARIANTS.md §3). Readers have already
removed Markdown and RST escapes. Vocabulary in ``vocab/examples.json``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import NOT_STATED
from . import roles, vocab
from .jsonfix import parse_json_tolerant

__all__ = [
    "ParsedExample",
    "alternatives",
    "find_method_path_pair",
    "find_request_line",
    "error_body_status",
    "is_error_body",
    "parse_example",
    "parse_json_tolerant",
    "path_of",
    "split_query",
]


@dataclass(frozen=True)
class ParsedExample:
    """An example block split into its head and its parsed body."""

    http_line: str | None
    method: str | None
    path: str | None
    status: str | None
    body_text: str
    value: Any
    strict: bool
    problem: str | None
    fixes: tuple[str, ...] = ()


_HOST = re.compile(  # scheme and host, {endpoint}, or a bare host name with a port
    r"^(?:https?:\s*//[^/\s]*|\{[^}/\s]*\}|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?)(?=/|$)"
)
# Written so that no run of characters is retried from each of its positions (linear time).
_TRAILING = re.compile(r"(?<![\s。.,，;；:：)）'\"`”])[\s。.,，;；:：)）'\"`”]+$")
#: Blanks between a host and its path ("https://{Endpoint} /v2/…"), dropped by path_of.
_HOST_GAP = re.compile(r"(?<=[^\s/])[ \t]++(?=/)")
_HTTP_STATUS = re.compile(r"^\s*HTTP/\d(?:\.\d)?\s+([1-5]\d\d)\b.*$", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*[A-Za-z][A-Za-z0-9-]*\s*:\s*\S.*$")
_URL_ONLY = re.compile(r"^\s*[\"“]?((?:https?:\s*//|\{[^}\s]*\}/|/)\S*?)[\"”]?\s*$")
_REQUEST_TAIL = re.compile(r"^\s*(?:HTTP/\d(?:\.\d)?\s*)?(?:[\"”`']\s*)?$")


@lru_cache(maxsize=1)
def _methods() -> str:
    return "|".join(vocab.load("examples")["methods"])


@lru_cache(maxsize=1)
def _request_re() -> re.Pattern[str]:
    # possessive blanks (\s*+): a line of 200,000 blanks is not re-split between them (linear)
    # "PUT https://{Endpoint} /v2/…" (zh-md/dws, rst/dws): blanks between the host and the path
    # belong to the URL; path_of drops them.
    host = r"(?:https?:\s*+//[^/\s]*+|\{[^}/\s]*+\})[ \t]++(?=/)"
    return re.compile(
        rf"^\s*+[\"“`']?\s*+({_methods()})\s*+((?:{host}|https?:\s*//|/|\{{)\S*)(?P<rest>.*)$"
    )


def split_query(path: str) -> tuple[str, str | None]:
    """``/v1/x?limit={limit}`` -> ``('/v1/x', 'limit={limit}')``."""
    head, mark, query = path.partition("?")
    return head, (query if mark else None)


def path_of(url: str) -> str:
    """The path of a URL, host and query dropped: ``https://{endpoint}/v3/x?a=1`` -> ``/v3/x``."""
    url = _HOST_GAP.sub("", _TRAILING.sub("", url.strip()))
    path = _HOST.sub("", re.sub(r"^(https?):\s*//", r"\1://", url), count=1) or "/"
    return split_query(path)[0]


def find_request_line(text: str) -> tuple[str, str] | None:
    """``(METHOD, /path/template)`` from the first request line in ``text``.

    Accepts ``POST /v1.0/{project_id}/x``, ``GET/v1.0/...``, full URLs (the
    host is dropped), a query string (dropped: see :func:`split_query`) and
    prose after the path.
    """
    for line in text.splitlines():
        m = _request_re().match(line)
        if m:
            path = path_of(m.group(2))
            if path.startswith("/"):
                return m.group(1), path
    return None


def find_method_path_pair(lines: Sequence[str]) -> tuple[str, str] | None:
    """``(METHOD, path)`` from separate ``PATH: /rds/v1/...`` and ``Method: DELETE`` lines."""
    data = vocab.load("examples")
    paths, methods = ("|".join(map(re.escape, data[k])) for k in ("path_labels", "method_labels"))
    path_re = re.compile(rf"^\s*(?:{paths})\s*[:：]\s*(\S+)", re.IGNORECASE)
    method_re = re.compile(rf"^\s*(?:{methods})\s*[:：]\s*({_methods()})\b", re.IGNORECASE)
    path = method = None
    for line in lines:
        if path is None and (m := path_re.match(line)) and path_of(m.group(1)).startswith("/"):
            path = path_of(m.group(1))
        if method is None and (m := method_re.match(line)):
            method = m.group(1).upper()
    return (method, path) if method and path else None


# ---------------------------------------------------------------- example blocks


def _label(line: str) -> str | None:
    key = vocab.fold(line.strip().rstrip(":：").strip())
    if key in vocab.words("examples", "header_labels"):
        return "header"
    if key in vocab.words("examples", "body_labels") and re.search(r"[:：]\s*$", line):
        return "body"
    return None


@dataclass
class _Head:
    http_line: str | None = None
    method: str | None = None
    path: str | None = None
    status: str | None = None


def _request(head: _Head, method: str, url: str, line: str) -> None:
    if head.http_line is None:
        head.http_line, head.method, head.path = line.strip().strip("\"“”`'"), method, path_of(url)


def _read_head(lines: list[str]) -> tuple[_Head, int]:
    """Consume request/status/header/label lines; return where the body starts."""
    head, headers = _Head(), False
    first = i = next((n for n, line in enumerate(lines) if line.strip()), 0)
    while i < len(lines):
        line, stripped = lines[i], lines[i].strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        request = _request_re().match(line)
        if not stripped:
            headers = False
        elif request and _REQUEST_TAIL.match(request.group("rest")):
            _request(head, request.group(1), request.group(2), line)
            headers = True
        elif stripped in _methods().split("|") and (url := _URL_ONLY.match(nxt)):
            _request(head, stripped, url.group(1), f"{stripped} {nxt.strip()}")
            i, headers = i + 1, True
        elif (status := _HTTP_STATUS.match(line)) or (code := roles.status_line(stripped)):
            head.status = status.group(1) if status else code
            headers = True
        elif (kind := _label(line)) is not None:
            headers = kind == "header"
        elif headers and _HEADER_LINE.match(line):
            pass
        elif i == first and (url := _URL_ONLY.match(line)):
            head.http_line, head.path = stripped, path_of(url.group(1))
        else:
            break
        i += 1
    return head, i


_DATA_FLAGS = (
    "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json",
)
#: ``<<EOF``, ``<<'EOF'``, ``<<-"EOF"`` at the end of the command: a shell heredoc feeds ``-d @-``.
_HEREDOC = re.compile(r"<<-?[ \t]*+(['\"]?)([A-Za-z_][A-Za-z0-9_]*+)\1[ \t]*+$")


def _split_heredoc(text: str) -> tuple[str, str | None]:
    """The command and the heredoc's text, when the command ends with ``<<EOF``.

    Only the command line (with its ``\\`` continuations) is handed to shlex:
    the JSON of the heredoc is not shell words.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip().endswith("\\"):
            continue
        m = _HEREDOC.search(line)
        if m is None:
            return text, None
        rest = lines[i + 1:]
        end = next((j for j, x in enumerate(rest) if x.strip() == m.group(2)), len(rest))
        command = "\n".join(lines[:i] + [line[:m.start()]])
        return command, "\n".join(rest[:end])
    return text, None


def _data_arg(arg: str, it: Iterator[str]) -> str | None:
    """The value of a data option (``-d VALUE``, ``-dVALUE``, ``--data=VALUE``), else ``None``."""
    if arg == "-d" or arg in _DATA_FLAGS:
        return next(it, "")
    if arg.startswith("-d") and not arg.startswith("--"):
        return arg[2:]
    flag, eq, value = arg.partition("=")
    return value if eq and flag in _DATA_FLAGS else None


def _curl(text: str) -> tuple[_Head, str] | None:
    """Method, URL and data body of a simple curl command.

    The body may follow ``-d`` with or without a space (``-d'{...}'``), come
    from ``--data``/``--data-raw``/``--data=...``, or from a heredoc read by
    ``-d @-``; a body read from a file (``-d @body.json``) is not on the page.
    """
    command, heredoc = _split_heredoc(text)
    try:
        args = shlex.split(command.replace("\\\n", " "))
    except ValueError:
        return None
    head, body, method, sends = _Head(), "", None, False
    it = iter(args[1:])
    for arg in it:
        if (data := _data_arg(arg, it)) is not None:
            body = (heredoc or "") if data == "@-" else ("" if data.startswith("@") else data)
            sends = True
        elif arg in ("-X", "--request"):
            method = next(it, "").upper()
        elif arg.startswith("-X") and len(arg) > 2:
            method = arg[2:].upper()
        elif arg in ("-H", "--header", "-u", "--user", "-o", "--output"):
            next(it, None)
        elif not arg.startswith("-") and head.path is None:
            head.path, head.http_line = path_of(arg), arg
    head.method = method or ("POST" if sends else "GET")
    head.http_line = f"{head.method} {head.http_line}" if head.http_line else None
    return head, body


def alternatives(text: str) -> list[tuple[int, str]]:
    """The examples one block shows, each with the line (0-based) it starts on.

    A block may hold two bodies with a line that is only "Or" between them
    (html/ecs en-us_topic_0132905656: ``{"migrate": {…}}``, ``Or``,
    ``{"migrate": null}`` in one ``<pre>``; the plain-text copy of that page
    shows them as two blocks). Such a line cannot be part of a JSON body, so
    each part is an example of its own (vocabulary ``alternative_lines``).
    """
    words = {vocab.fold(w) for w in vocab.load("examples")["alternative_lines"]}
    lines = text.split("\n")
    cuts = [n for n, line in enumerate(lines) if vocab.fold(line.strip()) in words]
    parts, start = [], 0
    for cut in [*cuts, len(lines)]:
        chunk = "\n".join(lines[start:cut])
        if chunk.strip():
            parts.append((start, chunk))
        start = cut + 1
    return parts if len(parts) > 1 else [(0, text)]


def parse_example(text: str) -> ParsedExample:
    """Split an example block into request/status head and parsed JSON body."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    parsed = _curl(text) if lines[first].lstrip().startswith("curl ") else None
    if parsed:
        head, body, offset = parsed[0], parsed[1], 0
    else:
        head, start = _read_head(lines)
        while start < len(lines) and not lines[start].strip():
            start += 1
        body, offset = "\n".join(lines[start:]).rstrip(), start
    fixes: tuple[str, ...] = ()
    value, strict, problem = NOT_STATED, True, None
    if body.lstrip().startswith("<"):
        strict, problem = False, "not JSON: the body is XML or markup"
    elif body.strip() and vocab.fold(body) not in vocab.words("examples", "empty_bodies"):
        value, strict, problem, fixes = parse_json_tolerant(body, offset)
    return ParsedExample(
        head.http_line, head.method, head.path, head.status, body, value, strict, problem, fixes
    )


def is_error_body(value: Any) -> bool:
    """Whether an example body is an error answer: ``{"error": {...}}``, ``{"error_code": "X"}``.

    An error example shown next to the success one ("or", "request failed")
    must not be checked against, or filed under, the success status. A body
    whose error fields are null beside other fields is a success body.
    """
    if not isinstance(value, dict) or not value:
        return False
    keys = {vocab.fold(str(k)) for k in value}
    if len(value) == 1 and keys <= vocab.words("examples", "error_envelopes"):
        return isinstance(next(iter(value.values())), dict)
    messages = vocab.words("examples", "error_message_keys")
    if not keys <= messages | vocab.words("examples", "error_other_keys"):
        return False
    return any(vocab.fold(str(k)) in messages and v not in (None, "") for k, v in value.items())


def error_body_status(value: Any) -> str | None:
    """The HTTP status an error body states itself: Keystone's ``{"error": {"code": 404}}``."""
    if not is_error_body(value):
        return None
    only = next(iter(value.values())) if len(value) == 1 else None
    inner = only if isinstance(only, dict) else value
    code = inner.get("code")
    text = str(code) if isinstance(code, (int, str)) and not isinstance(code, bool) else ""
    return text if re.fullmatch(r"[45]\d\d", text) else None
