"""What the local portal writes to its console: no query value and no control character.

Query strings carry what paths must not (`GET /users?email=…`, a token sent as
`?access_token=`), so a request is logged by its path and the *names* of its query parameters.
`NoQueryValues` holds the same line for every other logger (werkzeug's error lines quote the
request line), and control characters are escaped so a request cannot forge a log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

HIDDEN = "…"
# A path followed by a query string, wherever it appears in a message ("GET /x?a=1 HTTP/1.1").
QUERY = re.compile(r"(?P<path>/[^\s?'\"]*)\?(?P<query>[^\s'\"]*)")


def printable(text: str) -> str:
    """Control and other unprintable characters as `\\xNN` / `\\uNNNN` escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def request_line(method: str, path: str, query_names: Iterable[str] = ()) -> str:
    """`GET /users?email=…`: the path, and each query parameter's name with its value hidden."""
    names = [printable(name) for name in dict.fromkeys(query_names)]
    query = "?" + "&".join(f"{name}={HIDDEN}" for name in names) if names else ""
    return f"{printable(method)} {printable(path)}{query}"


def without_query_values(message: str) -> str:
    def names_only(found: re.Match[str]) -> str:
        names = [part.split("=", 1)[0] for part in found["query"].split("&") if part]
        return found["path"] + ("?" + "&".join(f"{n}={HIDDEN}" for n in names) if names else "")

    return printable(QUERY.sub(names_only, message))


class NoQueryValues(logging.Filter):
    """Rewrites a record whose message holds a query value; lets every record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = without_query_values(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def install(root: logging.Logger | None = None) -> None:
    """On every handler of the root logger (set up by `logging.basicConfig`)."""
    for handler in (root or logging.getLogger()).handlers:
        if not any(isinstance(f, NoQueryValues) for f in handler.filters):
            handler.addFilter(NoQueryValues())
