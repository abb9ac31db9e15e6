"""Acting as the run's user when tools are called: the MCP bearer follows the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphs.state import Context
from mcpclient.identity import acting_as as _acting_as


@contextmanager
def acting_as(context: Context) -> Iterator[None]:
    with _acting_as(context.user_id, context.timezone):
        yield
