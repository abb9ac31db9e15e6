"""The JSON the Agent Protocol answers with: threads, runs and thread states.

Shapes follow the reference server (``langgraph_api.schema``): a thread carries its
status, metadata, current values and pending interrupts (by task id); a state carries
values, next nodes, tasks, checkpoints, metadata and interrupts.
"""

from __future__ import annotations

import json
from typing import Any

from langgraph.types import StateSnapshot

from api.streaming import checkpoint_of, interrupt_json, to_json
from runstore import RunRecord, ThreadRecord


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data (messages, interrupts and models included)."""
    return json.loads(to_json(value))


def thread_json(thread: ThreadRecord, state: StateSnapshot | None) -> dict[str, Any]:
    interrupts: dict[str, list[dict[str, Any]]] = {}
    if state is not None:
        for task in state.tasks:
            if task.interrupts:
                interrupts[task.id] = [interrupt_json(i) for i in task.interrupts]
    has_state = state is not None and state.config.get("configurable", {}).get("checkpoint_id")
    return {
        "thread_id": thread.thread_id,
        "created_at": thread.created_at.isoformat(),
        "updated_at": thread.updated_at.isoformat(),
        "state_updated_at": thread.updated_at.isoformat(),
        "metadata": thread.metadata,
        "status": thread.status,
        "config": {},
        "values": jsonable(state.values) if has_state and state is not None else None,
        "interrupts": jsonable(interrupts),
    }


def run_json(run: RunRecord) -> dict[str, Any]:
    kwargs = {k: v for k, v in run.kwargs.items() if k != "resumable"}
    return {
        "run_id": run.run_id,
        "thread_id": run.thread_id,
        "assistant_id": run.assistant_id,
        "created_at": run.created_at.isoformat(),
        "updated_at": run.updated_at.isoformat(),
        "status": run.status,
        "metadata": run.metadata,
        "kwargs": kwargs,
        "multitask_strategy": run.multitask_strategy,
    }


def state_json(state: StateSnapshot) -> dict[str, Any]:
    configurable = (state.config or {}).get("configurable", {})
    parent = (state.parent_config or {}).get("configurable", {})
    view: dict[str, Any] = jsonable(
        {
            "values": state.values,
            "next": list(state.next),
            "tasks": [
                {
                    "id": task.id,
                    "name": task.name,
                    "path": list(task.path),
                    "error": None if task.error is None else type(task.error).__name__,
                    "interrupts": [interrupt_json(i) for i in task.interrupts],
                    "checkpoint": task.state.get("configurable")
                    if isinstance(task.state, dict)
                    else None,
                    "state": state_json(task.state)
                    if isinstance(task.state, StateSnapshot)
                    else None,
                    "result": getattr(task, "result", None),
                }
                for task in state.tasks
            ],
            "metadata": state.metadata or {},
            "created_at": state.created_at,
            "checkpoint": checkpoint_of(state.config),
            "parent_checkpoint": checkpoint_of(state.parent_config),
            "interrupts": [interrupt_json(i) for i in state.interrupts],
            "checkpoint_id": configurable.get("checkpoint_id"),
            "parent_checkpoint_id": parent.get("checkpoint_id"),
        }
    )
    return view
