"""A run's input and state update, tried on the graph's own channels before the run exists.

LangGraph saves the writes of an input or a ``command.update`` with the thread's
checkpoint before it applies them, so a value a channel's reducer refuses (``tool_calls:
5``, a message it cannot coerce) would fail that run and every later read of the thread.
``check_writes`` applies each value to an empty copy of its channel first: what the
graph would refuse is refused with 422 (``Unsupported``) instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from langgraph.channels.base import BaseChannel

from api.runs.errors import Unsupported
from engine.core import Compiled


def check_input(graph: Compiled, run_input: Mapping[str, Any] | None) -> None:
    """``Unsupported`` unless the graph's input channels take ``run_input``'s values."""
    if not run_input:
        return
    channels = graph.input_channels
    keys = {channels} if isinstance(channels, str) else set(channels)
    check_writes(graph, ((k, v) for k, v in run_input.items() if k in keys))


def check_update(graph: Compiled, update: Any) -> None:
    """``Unsupported`` unless the graph's channels take the values of a ``command.update``."""
    if isinstance(update, Mapping):
        check_writes(graph, update.items())
    elif isinstance(update, Sequence) and not isinstance(update, str):
        pairs = [item for item in update if isinstance(item, Sequence) and len(item) == 2]
        check_writes(graph, ((str(key), value) for key, value in pairs))


def check_writes(graph: Compiled, writes: Iterable[tuple[str, Any]]) -> None:
    for key, value in writes:
        channel = graph.channels.get(key)
        if not isinstance(channel, BaseChannel):  # not a channel of the state (or managed)
            continue
        try:
            channel.copy().update([value])
        except Exception:  # a reducer refuses odd data in many ways: any is a refusal
            raise Unsupported(f"the graph cannot take this value of {key!r}") from None
