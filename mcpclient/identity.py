"""Who a tool call acts for: taken from the LangGraph runtime, or set by the caller.

The order, most specific first:

1. ``request.runtime.context`` – ToolNode injects a ``ToolRuntime`` into the adapter's
   ``runtime`` argument, whose ``context`` is the graph's ``Context`` (``user_id``,
   ``timezone``);
2. ``with acting_as(user_id, timezone):`` – for callers outside a graph (CLI, eval,
   tests, benchmark) and for graph code that wants to be explicit;
3. the runtime of the graph run the call happens in (a node calling ``tool.ainvoke``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from langgraph.runtime import get_runtime


@dataclass(frozen=True)
class UserIdentity:
    """The user a tool call acts for and the IANA time zone their dates are read in."""

    user_id: str
    timezone: str = "UTC"


_acting_user: ContextVar[UserIdentity | None] = ContextVar("mcp_acting_user", default=None)


@contextmanager
def acting_as(user_id: str, timezone: str = "UTC") -> Iterator[UserIdentity]:
    """Tool calls in this block (and tasks started in it) act for ``user_id``."""
    identity = UserIdentity(user_id=user_id, timezone=timezone)
    reset = _acting_user.set(identity)
    try:
        yield identity
    finally:
        _acting_user.reset(reset)


def identity_from_context(context: object) -> UserIdentity | None:
    """A ``UserIdentity`` from a run context object or mapping carrying ``user_id``."""
    if context is None:
        return None
    if isinstance(context, Mapping):
        user_id, timezone = context.get("user_id"), context.get("timezone")
    else:
        user_id, timezone = getattr(context, "user_id", None), getattr(context, "timezone", None)
    if not isinstance(user_id, str) or not user_id:
        return None
    return UserIdentity(user_id, timezone if isinstance(timezone, str) and timezone else "UTC")


def _identity_of_current_run() -> UserIdentity | None:
    try:
        runtime = get_runtime()
    except (RuntimeError, KeyError):  # not inside a graph run
        return None
    return identity_from_context(getattr(runtime, "context", None))


def calling_user(runtime: object | None) -> UserIdentity | None:
    """The user for a tool call whose adapter request carries ``runtime`` (or None)."""
    return (
        identity_from_context(getattr(runtime, "context", None))
        or _acting_user.get()
        or _identity_of_current_run()
    )
