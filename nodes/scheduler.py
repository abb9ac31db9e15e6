"""The scheduler: runs each subtask once its dependencies are done, independent ones at once.

A subtask whose dependency failed is not run; it is reported as skipped, so the
aggregator can say so. Workers dispatched together share what is left of the turn's
task limit (see ``nodes.task_limit``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from langchain_core.messages import BaseMessage, HumanMessage
from langgraph.types import Send

from chatmodels.messages import is_user_request
from graphs.state import ParallelState, Subtask, SubtaskResult, WorkerInput
from nodes.history import recent
from nodes.task_limit import created_this_turn, shares

MAX_FANOUT = 8


def _done(state: ParallelState) -> dict[int, SubtaskResult]:
    return {r["id"]: r for r in state.get("results") or []}


def _pending(state: ParallelState) -> list[Subtask]:
    done = _done(state)
    return [s for s in state.get("subtasks") or [] if s.id not in done]


def _ready(state: ParallelState) -> list[Subtask]:
    done = _done(state)
    return [s for s in _pending(state) if all(d in done for d in s.depends_on)]


def _skip(subtask: Subtask, reason: str) -> SubtaskResult:
    return SubtaskResult(
        id=subtask.id, request=subtask.request, ok=False, summary=reason, transcript=[]
    )


def scheduler(state: ParallelState) -> dict[str, Any]:
    done = _done(state)
    skipped: list[SubtaskResult] = []
    for subtask in _pending(state):  # dependencies come first (the decomposer sees to it)
        failed = [d for d in subtask.depends_on if d in done and not done[d]["ok"]]
        if failed:
            result = _skip(subtask, f"Not done: it depends on subtask {failed[0]}, which failed.")
            skipped.append(result)
            done[subtask.id] = result  # so what depends on this one is skipped too
    if not skipped and _pending(state) and not _ready(state):
        skipped = [
            _skip(s, "Not done: its dependencies could not be met.") for s in _pending(state)
        ]
    return {"results": skipped}


def _before_request(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if is_user_request(message):
            return list(messages[:index])
    return list(messages)


def worker_input(state: ParallelState, subtask: Subtask, task_allowance: int) -> WorkerInput:
    """Earlier turns (for "the second one"), what its dependencies did, then its request."""
    done = _done(state)
    history: list[Any] = list(recent(_before_request(state["messages"])))
    for dep in subtask.depends_on:
        history.append(HumanMessage(content=done[dep]["request"]))
        history.extend(done[dep]["transcript"])
    return WorkerInput(
        subtask=subtask,
        messages=[*history, HumanMessage(content=subtask.request)],
        task_allowance=task_allowance,
    )


Dispatch = Callable[[ParallelState], list[Send] | Literal["aggregator"]]


def make_dispatch(task_limit: int) -> Dispatch:
    """Runs the ready subtasks, each worker with its share of the tasks left to create."""

    def dispatch(state: ParallelState) -> list[Send] | Literal["aggregator"]:
        ready = _ready(state)[:MAX_FANOUT]
        if not ready:
            return "aggregator"
        left = task_limit - created_this_turn(state.get("tool_calls"))
        return [
            Send("worker", worker_input(state, subtask, share))
            for subtask, share in zip(ready, shares(left, len(ready)), strict=True)
        ]

    return dispatch
