"""The idempotency key of a tool call: the run's position, so a re-run makes the same key.

A node's task id and checkpoint namespace are derived by LangGraph from the checkpoint
the step started from, so they are the same when the step runs again: a retry, or the
same run resumed from its last checkpoint after its process died (``resume_turn``:
same run id). With the thread, the run id and the tool call's id (from the model's
message, checkpointed before the tool node runs, or a fixed position in the node for
calls a node makes itself) they name one change exactly: the task server records the
key with the change and answers a repeat with the recorded result
(``taskservice.effects``). The run id is part of it so that a new run started from an
old checkpoint on purpose (regenerate, fork) acts again, as LangGraph replays it.

Outside a checkpointed run (no thread) a call has no durable position and no key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from taskservice.effects import Origin


def position(runtime: Runtime[Any], name: str) -> tuple[str, str | None] | None:
    """A digest of where this node is now and ``name`` (its call, its question), and the run.

    None outside a checkpointed run.
    """
    info = runtime.execution_info
    if info is None or not info.thread_id:
        return None
    run_id = _run_id()
    parts = (info.thread_id, run_id or "", info.checkpoint_ns, info.task_id, name)
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest(), run_id


def call_origin(runtime: Runtime[Any], call_id: str) -> Origin | None:
    """The origin (key, thread, run) of the tool call ``call_id`` made by this node now."""
    found = position(runtime, call_id)
    if found is None or runtime.execution_info is None:
        return None
    key, run_id = found
    return Origin(key=key, thread_id=runtime.execution_info.thread_id, run_id=run_id)


def _run_id() -> str | None:
    try:
        run_id = get_config().get("metadata", {}).get("run_id")
    except RuntimeError:  # not inside a runnable context
        return None
    return str(run_id) if run_id else None
