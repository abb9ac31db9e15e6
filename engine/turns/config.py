"""Which thread a turn runs on and how its run is labelled: the one ``RunnableConfig``.

The CLI derives the thread from the user and the session name (``session_turn``); the
server takes the Agent Protocol thread the client names. Either way the config is built
here, from the thread and the turn's ``Context``: ``configurable`` holds only the thread
id (and the checkpoint a run starts from, when it names one); the metadata holds the
session, the graph and a hash of the user (never the raw id), over whatever metadata the
caller adds; the tags start with ``TAG``; the run is named after the graph.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from langchain_core.runnables import RunnableConfig

from graphs.state import Context

TAG = "todo-orchestrator"
DEFAULT_SESSION = "default"
RESERVED_METADATA = frozenset({"run_id", "thread_id", "graph_id", "session_id", "user_hash"})
"""Metadata keys set from the turn itself; a caller's values for them are dropped."""


@dataclass(frozen=True)
class Turn:
    """One call of a graph: who speaks (``context``), on which thread, of which graph."""

    context: Context
    thread_id: str
    graph_id: str = "orchestrator"
    run_id: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    tags: Sequence[str] = ()
    recursion_limit: int | None = None
    checkpoint_id: str | None = None
    """Start from this checkpoint of the thread (regenerate, edit, fork), not its latest."""
    timeout_seconds: float | None = None
    """The turn ends within this (``TURN_TIMEOUT_SECONDS``), or fails with ``TurnTimeoutError``."""


def session_thread_id(user_id: str, session_id: str) -> str:
    """A thread key derived on the server side: one user's session never names another's."""
    digest = hashlib.sha256(f"{user_id}\x00{session_id}".encode()).hexdigest()[:32]
    return f"session-{digest}"


def user_hash(user_id: str) -> str:
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


def session_turn(context: Context, graph_id: str = "orchestrator") -> Turn:
    """The turn of a named session of the user (the CLI, the evaluation, benchmarks)."""
    session = context.session_id or DEFAULT_SESSION
    thread = session_thread_id(context.user_id, session)
    return Turn(replace(context, session_id=session), thread, graph_id)


def turn_config(turn: Turn) -> RunnableConfig:
    metadata = {k: v for k, v in turn.metadata.items() if k not in RESERVED_METADATA}
    metadata.update(
        thread_id=turn.thread_id,
        graph_id=turn.graph_id,
        session_id=turn.context.session_id,
        user_hash=user_hash(turn.context.user_id),
    )
    configurable: dict[str, Any] = {"thread_id": turn.thread_id}
    if turn.checkpoint_id:
        configurable["checkpoint_id"] = turn.checkpoint_id
    config = RunnableConfig(
        configurable=configurable,
        metadata=metadata,
        tags=[TAG, *turn.tags],
        run_name=turn.graph_id,
    )
    if turn.run_id is not None:
        metadata["run_id"] = turn.run_id
        config["run_id"] = UUID(turn.run_id)
    if turn.recursion_limit:
        config["recursion_limit"] = turn.recursion_limit
    return config


def thread_config(thread_id: str, checkpoint_id: str | None = None) -> RunnableConfig:
    """The config that reads a thread's state (at ``checkpoint_id``, else its latest)."""
    configurable: dict[str, Any] = {"thread_id": thread_id}
    if checkpoint_id:
        configurable["checkpoint_id"] = checkpoint_id
    return RunnableConfig(configurable=configurable)
