"""The shape of a node function: typed state in, a partial update (or a Command) out."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

from langgraph.runtime import Runtime

from graphs.state import Context

StateT_contra = TypeVar("StateT_contra", contravariant=True)


class Node(Protocol[StateT_contra]):
    """What LangGraph calls: the state, and the run's runtime by keyword."""

    def __call__(self, state: StateT_contra, *, runtime: Runtime[Context]) -> Awaitable[Any]: ...
