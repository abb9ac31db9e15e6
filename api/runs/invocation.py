"""How a stored run becomes a graph call: its input or command, config and context.

The user is the run's owner (the token's user, never anything from the body); the time
zone comes from the run's ``context`` when it names a real IANA zone, else the deploy
default; the session is the thread; ``configurable`` holds only the thread id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from langchain_core.runnables import RunnableConfig
from langgraph.types import Command, Send

from engine.clock import is_known_zone
from engine.turns import user_hash
from graphs.state import Context
from runstore import RunRecord

_SERVER_METADATA = ("run_id", "thread_id", "assistant_id", "graph_id", "session_id", "user_hash")


def pick_timezone(context: Mapping[str, Any] | None, default: str) -> str:
    """``context["timezone"]`` when it is an IANA zone this machine knows, else ``default``."""
    candidate = (context or {}).get("timezone")
    if isinstance(candidate, str) and candidate and is_known_zone(candidate):
        return candidate
    return default


def run_context(run: RunRecord) -> Context:
    return Context(
        user_id=run.owner_id,
        timezone=str(run.kwargs.get("context", {}).get("timezone") or "UTC"),
        session_id=run.thread_id,
    )


def thread_config(thread_id: str, checkpoint_id: str | None = None) -> RunnableConfig:
    configurable: dict[str, Any] = {"thread_id": thread_id}
    if checkpoint_id:
        configurable["checkpoint_id"] = checkpoint_id
    return RunnableConfig(configurable=configurable)


def run_config(run: RunRecord) -> RunnableConfig:
    settings = run.kwargs.get("config") or {}
    metadata = {k: v for k, v in run.metadata.items() if k not in _SERVER_METADATA}
    metadata.update(
        run_id=run.run_id,
        thread_id=run.thread_id,
        assistant_id=run.assistant_id,
        graph_id=run.graph_id,
        session_id=run.thread_id,
        user_hash=user_hash(run.owner_id),
    )
    config = RunnableConfig(
        configurable={"thread_id": run.thread_id},
        metadata=metadata,
        tags=["todo-orchestrator", *settings.get("tags", [])],
        run_name=run.graph_id,
        run_id=UUID(run.run_id),
    )
    if settings.get("recursion_limit"):
        config["recursion_limit"] = int(settings["recursion_limit"])
    return config


def run_payload(run: RunRecord) -> Any:
    """The graph input: the run's input, or a ``Command`` built from its command."""
    command = run.kwargs.get("command")
    if not command:
        return run.kwargs.get("input")
    goto = command.get("goto")
    return Command(
        resume=command.get("resume"),
        update=command.get("update"),
        goto=_goto(goto) if goto is not None else (),
    )


def _goto(goto: Any) -> Any:
    if isinstance(goto, Mapping):
        return Send(str(goto["node"]), goto.get("input"))
    if isinstance(goto, list):
        return [_goto(item) for item in goto]
    return goto
