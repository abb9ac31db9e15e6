"""How a stored run becomes a turn of the shared runner (``engine.turns``): the turn and input.

The user is the run's owner (the token's user, never anything from the body); the time
zone comes from the run's ``context`` when it names a real IANA zone, else the deploy
default; the session is the thread. The config itself is built by ``engine.turns``, as
for the CLI; the server adds its assistant id and the caller's metadata, tags and
recursion limit, and names the LangChain run after the run; a run from a checkpoint
starts there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.types import Command, Send

from engine.clock import is_known_zone
from engine.turns import Turn
from graphs.state import Context
from runstore import RunRecord


def pick_timezone(context: Mapping[str, Any] | None, default: str) -> str:
    """``context["timezone"]`` when it is an IANA zone this machine knows, else ``default``."""
    candidate = (context or {}).get("timezone")
    if isinstance(candidate, str) and candidate and is_known_zone(candidate):
        return candidate
    return default


def run_turn_of(run: RunRecord) -> Turn:
    """The turn a run executes: its owner on its thread, labelled with the run's ids."""
    settings = run.kwargs.get("config") or {}
    limit = settings.get("recursion_limit")
    context = Context(
        user_id=run.owner_id,
        timezone=str(run.kwargs.get("context", {}).get("timezone") or "UTC"),
        session_id=run.thread_id,
    )
    return Turn(
        context=context,
        thread_id=run.thread_id,
        graph_id=run.graph_id,
        run_id=run.run_id,
        metadata={**run.metadata, "assistant_id": run.assistant_id},
        tags=list(settings.get("tags", [])),
        recursion_limit=int(limit) if limit else None,
        checkpoint_id=run.kwargs.get("checkpoint_id") or None,
    )


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
