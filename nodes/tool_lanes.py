"""Which tool calls of one model step may run at the same time.

A step's calls are cut into stages run one after another; within a stage, lanes run at
the same time, each lane's calls in the model's order:

- ``add_task`` calls share one lane, so "add bread, cheese and wine" numbers the tasks
  in that order;
- calls naming the same ``task_id`` share a lane (complete, then update, stay in order);
  calls naming different tasks run side by side;
- any other call (``list_tasks``, a tool of another MCP server) is a stage of its own:
  it sees everything the model asked before it, and nothing asked after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import ToolCall

from nodes.task_limit import ADD_TOOL

Lane = list[tuple[int, ToolCall]]
"""Calls with their position in the step, run one after another."""
Stage = list[Lane]
"""Lanes run at the same time."""


def _lane_key(call: ToolCall) -> Any:
    if call["name"] == ADD_TOOL:
        return ADD_TOOL
    task_id = call["args"].get("task_id")
    if task_id is None or isinstance(task_id, dict | list):
        return None
    return ("task", str(task_id))


def stages(calls: Sequence[tuple[int, ToolCall]]) -> list[Stage]:
    """The stages of ``calls`` (each with its position in the step), in order."""
    result: list[Stage] = []
    lanes: dict[Any, Lane] = {}
    for index, call in calls:
        key = _lane_key(call)
        if key is None:
            if lanes:
                result.append(list(lanes.values()))
                lanes = {}
            result.append([[(index, call)]])
            continue
        lanes.setdefault(key, []).append((index, call))
    if lanes:
        result.append(list(lanes.values()))
    return result
