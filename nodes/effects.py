"""The idempotency key of a tool call: the run's position, so a re-run makes the same key.

A node's task id and checkpoint namespace are derived by LangGraph from the checkpoint
the step started from, so they are the same when the step runs again: a retry, a resume
after an approval, or a run resumed from its last checkpoint after its process died.
With the thread and the tool call's id (from the model's message, checkpointed before
the tool node runs, or a fixed position in the node for calls a node makes itself)
they name one change exactly: the task server records the key with the change and
answers a repeat with the recorded result (``taskservice.effects``).

Outside a checkpointed run (no thread) a call has no durable position and no key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from taskservice.effects import Origin


def call_origin(runtime: Runtime[Any], call_id: str) -> Origin | None:
    """The origin (key, thread, run) of the tool call ``call_id`` made by this node now."""
    info = runtime.execution_info
    if info is None or not info.thread_id:
        return None
    position = "\x00".join((info.thread_id, info.checkpoint_ns, info.task_id, call_id))
    key = hashlib.sha256(position.encode()).hexdigest()
    return Origin(key=key, thread_id=info.thread_id, run_id=_run_id())


def _run_id() -> str | None:
    try:
        run_id = get_config().get("metadata", {}).get("run_id")
    except RuntimeError:  # not inside a runnable context
        return None
    return str(run_id) if run_id else None
