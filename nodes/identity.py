"""Acting as the run's user when tools are called (the MCP bearer follows the user)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphs.state import Context


@contextmanager
def acting_as(context: Context) -> Iterator[None]:
    # Placeholder until the MCP loader's identity scope is wired in.
    yield
