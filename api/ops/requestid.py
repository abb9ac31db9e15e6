"""The correlation id of the request being served, carried in a context variable.

The request middleware sets it for the whole request (``X-Request-ID`` when the caller
sent a sane one, else a fresh one) and echoes it in the response header. Code running
for the request (a route, a graph run started from it, an MCP call made by that run)
reads it with ``current_request_id()``; tasks created during the request inherit it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

REQUEST_ID_HEADER = "X-Request-ID"

# Letters, digits and a few separators, 8 to 128 characters: enough for UUIDs, ULIDs and
# trace ids, and nothing that could break a log line or a header.
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{7,127}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request this code runs for, or None outside a request."""
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """``value`` when it is a sane id, else a fresh one."""
    if value is not None and _SANE.fullmatch(value):
        return value
    return new_request_id()


def bind_request_id(value: str) -> Token[str | None]:
    """Set the current id; give the token back to ``reset_request_id`` when done."""
    return _request_id.set(value)


def reset_request_id(token: Token[str | None]) -> None:
    _request_id.reset(token)
