"""Where a tool call comes from: the idempotency key, thread and run it carries in ``_meta``.

The graph node that calls a tool sets it around the call (``with calling_from(origin):``);
the session router (``mcpclient.routing``) sends it to the task server in the request's
``_meta`` (``taskmcp.meta``), never among the arguments the model fills. Like the
calling user, it is a context variable: it follows the call into the interceptor, which
runs in the caller's task.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from taskmcp.meta import origin_meta
from taskservice.effects import Origin

_origin: ContextVar[Origin | None] = ContextVar("mcp_call_origin", default=None)


@contextmanager
def calling_from(origin: Origin | None) -> Iterator[None]:
    """Tool calls in this block carry ``origin`` (None: none)."""
    reset = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(reset)


def call_meta() -> dict[str, str] | None:
    """The ``_meta`` of a call made now, or None when it comes from nowhere in particular."""
    origin = _origin.get()
    return (origin_meta(origin) or None) if origin is not None else None
