"""``POST /threads/{id}/copy``: a new thread of the same user with the same metadata and history.

The checkpoints (every namespace, oldest first, so each parent is there before its
children) and their pending writes are copied through the saver's own methods onto
the new thread id; checkpoint ids stay, so a checkpoint of the copy names the same
point in the conversation as the original's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver, CheckpointTuple

from api.runs.manager import RunManager
from runstore import ThreadRecord, new_id


async def copy_thread(runs: RunManager, thread: ThreadRecord) -> ThreadRecord:
    copy = await runs.store.threads.create(thread.owner_id, new_id(), thread.metadata)
    saver = runs.engine.persistence.checkpointer
    source = RunnableConfig(configurable={"thread_id": thread.thread_id})
    history = [item async for item in saver.alist(source)]
    for item in reversed(history):
        await _copy_checkpoint(saver, item, copy.thread_id)
    return copy


async def _copy_checkpoint(
    saver: BaseCheckpointSaver[Any], item: CheckpointTuple, thread_id: str
) -> None:
    namespace = item.config["configurable"].get("checkpoint_ns", "")
    parent = (item.parent_config or {}).get("configurable", {}).get("checkpoint_id")
    configurable: dict[str, Any] = {"thread_id": thread_id, "checkpoint_ns": namespace}
    if parent:
        configurable["checkpoint_id"] = parent
    metadata = item.metadata.copy()
    if "thread_id" in metadata:
        metadata["thread_id"] = thread_id  # type: ignore[typeddict-unknown-key]
    written = await saver.aput(
        RunnableConfig(configurable=configurable),
        item.checkpoint,
        metadata,
        dict(item.checkpoint["channel_versions"]),
    )
    by_task: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for task_id, channel, value in item.pending_writes or []:
        by_task[task_id].append((channel, value))
    for task_id, writes in by_task.items():
        await saver.aput_writes(written, writes, task_id)
