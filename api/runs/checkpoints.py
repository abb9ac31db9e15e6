"""Which checkpoint of its thread a run or a state update starts from.

The SDK names it as ``checkpoint`` (``{thread_id, checkpoint_ns, checkpoint_id, …}``) or
as the older ``checkpoint_id``; only the id and the namespace are taken from the body,
never the thread (that is the path's, checked against the caller). A named checkpoint
must exist on the thread: starting "from" an unknown one would silently start afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver

from runstore import NotFound


def checkpoint_id_of(checkpoint: Mapping[str, Any] | None, checkpoint_id: str | None) -> str | None:
    """The checkpoint id a body names (``checkpoint.checkpoint_id`` over ``checkpoint_id``)."""
    named = (checkpoint or {}).get("checkpoint_id") or checkpoint_id
    return str(named) if named else None


def checkpoint_ns_of(checkpoint: Mapping[str, Any] | None) -> str:
    return str((checkpoint or {}).get("checkpoint_ns") or "")


async def require_checkpoint(
    checkpointer: BaseCheckpointSaver[Any], thread_id: str, checkpoint_id: str, ns: str = ""
) -> None:
    """``NotFound`` unless the thread has this checkpoint."""
    config = RunnableConfig(
        configurable={"thread_id": thread_id, "checkpoint_ns": ns, "checkpoint_id": checkpoint_id}
    )
    if await checkpointer.aget_tuple(config) is None:
        raise NotFound(f"checkpoint {checkpoint_id} not found")
