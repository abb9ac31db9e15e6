"""The scheduler alone: what is ready runs, at most MAX_FANOUT at once; what depends on a
failure is skipped, not run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage
from langgraph.types import Send

from graphs.state import ParallelState, Subtask, SubtaskResult
from nodes.scheduler import MAX_FANOUT, make_dispatch, scheduler
from nodes.task_limit import MAX_TASKS_PER_TURN

dispatch = make_dispatch(MAX_TASKS_PER_TURN)


def sub(number: int, *deps: int) -> Subtask:
    return Subtask(id=number, request=f"request {number}", depends_on=list(deps))


def result(subtask: Subtask, ok: bool = True, transcript: list[Any] | None = None) -> SubtaskResult:
    return SubtaskResult(
        id=subtask.id,
        request=subtask.request,
        ok=ok,
        summary="done" if ok else "failed",
        transcript=transcript or [],
    )


def state(subtasks: list[Subtask], results: Sequence[SubtaskResult] = ()) -> ParallelState:
    return ParallelState(
        messages=[HumanMessage("do it all")], subtasks=subtasks, results=list(results)
    )


def sent_ids(route: list[Send] | str) -> list[int]:
    assert isinstance(route, list), f"expected workers, got {route!r}"
    assert {send.node for send in route} == {"worker"}
    return [send.arg["subtask"].id for send in route]


def step(current: ParallelState) -> list[Send] | str:
    """One scheduler pass, its update applied (the reducer appends), then the dispatch."""
    current["results"] = [*current["results"], *scheduler(current)["results"]]
    return dispatch(current)


def test_independent_subtasks_are_dispatched_together() -> None:
    subtasks = [sub(1), sub(2, 1), sub(3)]
    assert sent_ids(step(state(subtasks))) == [1, 3]


def test_a_dependent_runs_once_its_dependency_is_done() -> None:
    subtasks = [sub(1), sub(2, 1), sub(3)]
    current = state(subtasks, [result(subtasks[0]), result(subtasks[2])])
    assert sent_ids(step(current)) == [2]
    current["results"].append(result(subtasks[1]))
    assert step(current) == "aggregator"


def test_fanout_is_capped_and_the_rest_follow() -> None:
    subtasks = [sub(i) for i in range(1, MAX_FANOUT * 2 + 2)]
    current = state(subtasks)
    dispatched: list[int] = []
    while (route := step(current)) != "aggregator":
        batch = sent_ids(route)
        assert len(batch) <= MAX_FANOUT
        dispatched += batch
        current["results"] += [result(s) for s in subtasks if s.id in batch]
    assert sorted(dispatched) == [s.id for s in subtasks]
    assert len(dispatched) == len(set(dispatched))


def test_dependents_of_a_failure_are_skipped_all_the_way_down() -> None:
    subtasks = [sub(1), sub(2, 1), sub(3, 2), sub(4)]
    current = state(subtasks, [result(subtasks[0], ok=False), result(subtasks[3])])
    assert step(current) == "aggregator"
    by_id = {r["id"]: r for r in current["results"]}
    assert by_id[2]["ok"] is False
    assert by_id[3]["ok"] is False
    assert "subtask 1" in by_id[2]["summary"]
    assert "subtask 2" in by_id[3]["summary"]
    assert by_id[4]["ok"] is True


def test_worker_sees_earlier_turns_and_its_dependencies_but_not_the_whole_message() -> None:
    first, second = sub(1), sub(2, 1)
    call = AIMessage("", tool_calls=[{"name": "add_task", "args": {"title": "milk"}, "id": "c1"}])
    transcript = [call, ToolMessage('{"task_id": 4}', tool_call_id="c1"), AIMessage("Added 4.")]
    earlier: list[AnyMessage] = [HumanMessage("show my tasks"), AIMessage("none yet")]
    current = ParallelState(
        messages=[*earlier, HumanMessage("add milk, then mark it done")],
        subtasks=[first, second],
        results=[result(first, transcript=transcript)],
    )
    route = step(current)
    assert sent_ids(route) == [second.id]
    assert isinstance(route, list)
    messages = route[0].arg["messages"]
    assert messages[: len(earlier)] == earlier
    assert messages[len(earlier)].text == first.request
    assert messages[len(earlier) + 1 : -1] == transcript
    assert messages[-1].text == second.request
    assert all(m.text != "add milk, then mark it done" for m in messages)
