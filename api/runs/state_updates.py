"""``update_state`` on a thread: values written as a node, from its latest or a named checkpoint.

Refused while a run holds the thread (409), like the reference server. The thread's
status follows what the update leaves: ``interrupted`` when nodes are still to run (as
after a run), else ``idle`` — so a later resume sees what the state says.
"""

from __future__ import annotations

from typing import Any

from langgraph.errors import InvalidUpdateError

from api.runs.checkpoints import checkpoint_id_of, checkpoint_ns_of, require_checkpoint
from api.runs.errors import Unsupported
from api.runs.manager import RunManager
from api.runs.thread_payloads import StateUpdate
from engine.turns import thread_config
from runstore import Conflict, ThreadRecord

BUSY = "thread has a run in flight: update its state once the run has ended"


async def update_state(runs: RunManager, thread: ThreadRecord, body: StateUpdate) -> dict[str, Any]:
    """The new checkpoint (``{"checkpoint": {thread_id, checkpoint_ns, checkpoint_id}}``)."""
    if thread.active_run_id is not None:
        raise Conflict(BUSY)
    graph = runs.graph_for(thread)
    checkpoint_id = checkpoint_id_of(body.checkpoint, body.checkpoint_id)
    namespace = checkpoint_ns_of(body.checkpoint)
    if checkpoint_id is not None:
        checkpointer = runs.engine.persistence.checkpointer
        await require_checkpoint(checkpointer, thread.thread_id, checkpoint_id, namespace)
    config = thread_config(thread.thread_id, checkpoint_id)
    config["configurable"]["checkpoint_ns"] = namespace
    try:
        written = await graph.aupdate_state(config, body.values, as_node=body.as_node)
    except InvalidUpdateError as exc:
        raise Unsupported(f"the update was refused: {_first_line(exc)}") from None
    state = await graph.aget_state(thread_config(thread.thread_id))
    await runs.store.threads.settle(
        thread.owner_id, thread.thread_id, "interrupted" if state.next else "idle"
    )
    configurable = written["configurable"]
    return {
        "checkpoint": {
            "thread_id": thread.thread_id,
            "checkpoint_ns": str(configurable.get("checkpoint_ns") or ""),
            "checkpoint_id": str(configurable["checkpoint_id"]),
        }
    }


def _first_line(error: Exception) -> str:
    """LangGraph's message names the node or channel; its troubleshooting link is dropped."""
    return str(error).splitlines()[0] if str(error) else type(error).__name__
