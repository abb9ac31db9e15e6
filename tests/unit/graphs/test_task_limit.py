"""One turn creates at most ``task_limit`` tasks unasked, on every path that creates tasks:
the specialist's tool calls, parallel workers running at once, and a hierarchical plan.

Past the limit the turn pauses with an approval request before creating any of the
step's tasks; approving creates them all, rejecting creates none of them."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.orchestrator import build_orchestrator
from graphs.state import Area, AreaSteps, Decomposition, Plan, Step, Subtask
from nodes.llm import Models
from nodes.task_limit import TASK_LIMIT_REFUSED, limit_request, shares
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel, calls, structured
from tests.unit.graphs.test_workflows import CONTEXT, ok_verdict, route, turn

LIMIT = 5
CONFIG: Any = {"configurable": {"thread_id": "t1"}}


def compile_limited(model: ScriptedModel, store: MemoryTasks) -> Any:
    graph = build_orchestrator(Models(model), store.tools(), task_limit=LIMIT)
    return graph.compile(checkpointer=InMemorySaver())


def adds(*titles: str) -> AIMessage:
    return calls(*(("add_task", {"title": title}) for title in titles))


def items(count: int, prefix: str = "item") -> list[str]:
    return [f"{prefix} {i}" for i in range(1, count + 1)]


def sequential_adding(*steps: list[str]) -> ScriptedModel:
    """A specialist that adds ``steps[0]``, then ``steps[1]`` after the results, and so on."""

    def specialist(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        start = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        done = sum(isinstance(m, AIMessage) for m in messages[start:])
        return adds(*steps[done]) if done < len(steps) else AIMessage(content="Done.")

    return ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": specialist,
            "validator": ok_verdict,
        }
    )


async def resume(graph: Any, approved: bool) -> dict[str, Any]:
    result: dict[str, Any] = await graph.ainvoke(
        Command(resume={"approved": approved}), CONFIG, context=CONTEXT
    )
    return result


async def test_up_to_the_limit_is_created_without_asking() -> None:
    store = MemoryTasks()
    result = await turn(compile_limited(sequential_adding(items(LIMIT)), store), "add five")
    assert "__interrupt__" not in result
    assert len(store.tasks) == LIMIT


async def test_more_than_the_limit_asks_first_and_approval_creates_them_all() -> None:
    store = MemoryTasks()
    graph = compile_limited(sequential_adding(items(8)), store)
    paused = await turn(graph, "add eight")
    [pending] = paused["__interrupt__"]
    request = pending.value
    assert request["type"] == "approval"
    assert [c["title"] for c in request["changes"]] == items(8)
    assert {c["tool"] for c in request["changes"]} == {"add_task"}
    assert request["summary"].startswith("Create 8 tasks")
    assert [(a["name"], a["args"]["title"]) for a in request["action_requests"]] == [
        ("add_task", title) for title in items(8)
    ]
    assert {tuple(r["allowed_decisions"]) for r in request["review_configs"]} == {
        ("approve", "reject")
    }
    assert store.tasks == {}  # nothing before the answer
    result = await resume(graph, approved=True)
    assert "__interrupt__" not in result
    assert [t["title"] for t in store.tasks.values()] == items(8)


async def test_rejection_creates_none_of_them_and_the_tool_results_say_so() -> None:
    store = MemoryTasks()
    graph = compile_limited(sequential_adding(items(8)), store)
    await turn(graph, "add eight")
    result = await resume(graph, approved=False)
    assert store.tasks == {}
    refused = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert len(refused) == 8
    assert all(m.status == "error" and m.text == TASK_LIMIT_REFUSED for m in refused)
    assert [c["ok"] for c in result["tool_calls"]] == [False] * 8


async def test_decisions_answer_the_limit_as_a_whole() -> None:
    store = MemoryTasks()
    graph = compile_limited(sequential_adding(items(8)), store)
    await turn(graph, "add eight")
    one_no = [{"type": "approve"}] * 7 + [{"type": "reject"}]
    result: dict[str, Any] = await graph.ainvoke(
        Command(resume={"decisions": one_no}), CONFIG, context=CONTEXT
    )
    assert store.tasks == {}  # yes only when every decision approves
    assert [c["ok"] for c in result["tool_calls"]] == [False] * 8


async def test_steps_of_one_turn_count_together_and_the_next_turn_starts_afresh() -> None:
    store = MemoryTasks()
    graph = compile_limited(sequential_adding(items(3, "a"), items(3, "b")), store)
    paused = await turn(graph, "add six")
    assert len(store.tasks) == 3  # the first step was within the limit
    request = paused["__interrupt__"][0].value
    assert "after the 3 created already" in request["summary"]
    await resume(graph, approved=False)
    assert len(store.tasks) == 3
    again = await turn(graph, "add six again")  # a new turn counts only its own tasks
    assert len(store.tasks) == 6
    assert "after the 3 created already" in again["__interrupt__"][0].value["summary"]


def parallel_adding(per_subtask: int, subtasks: int) -> ScriptedModel:
    def worker(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        request = [m for m in messages if isinstance(m, HumanMessage)][-1].text
        if isinstance(messages[-1], ToolMessage):
            return AIMessage(content=f"done: {request}")
        return adds(*items(per_subtask, request))

    plan = [Subtask(id=i, request=f"list {i}").model_dump() for i in range(1, subtasks + 1)]
    return ScriptedModel(
        handlers={
            "router": route("parallel"),
            "decomposer": lambda m, t: structured(Decomposition, subtasks=plan),
            "worker": worker,
            "aggregator": lambda m, t: AIMessage(content="Report."),
        }
    )


async def test_parallel_workers_share_the_limit_so_together_they_never_pass_it() -> None:
    store = MemoryTasks()
    graph = compile_limited(parallel_adding(per_subtask=2, subtasks=4), store)  # 8 tasks
    paused = await turn(graph, "four lists of two")
    assert paused["__interrupt__"]  # the workers whose share is 1 ask
    assert len(store.tasks) <= LIMIT
    for _ in range(len(paused["__interrupt__"])):
        state = await graph.aget_state(CONFIG)
        if not state.interrupts:
            break
        answers = {i.id: {"approved": False} for i in state.interrupts}
        await graph.ainvoke(Command(resume=answers), CONFIG, context=CONTEXT)
    assert not (await graph.aget_state(CONFIG)).interrupts
    assert 0 < len(store.tasks) <= LIMIT


async def test_parallel_workers_create_everything_once_approved() -> None:
    store = MemoryTasks()
    graph = compile_limited(parallel_adding(per_subtask=2, subtasks=4), store)
    await turn(graph, "four lists of two")
    while (state := await graph.aget_state(CONFIG)).interrupts:
        answers = {i.id: {"approved": True} for i in state.interrupts}
        await graph.ainvoke(Command(resume=answers), CONFIG, context=CONTEXT)
    assert len(store.tasks) == 8


def planning(areas: int, steps: int) -> ScriptedModel:
    area_list = [Area(title=f"Area {i}").model_dump() for i in range(1, areas + 1)]
    return ScriptedModel(
        handlers={
            "router": route("hierarchical"),
            "strategist": lambda m, t: structured(Plan, goal="Move", areas=area_list),
            "tactician": lambda m, t: structured(
                AreaSteps,
                steps=[Step(title=f"{m[-1].text} {i}").model_dump() for i in range(steps)],
            ),
            "integrator": lambda m, t: AIMessage(content=m[0].text),
        }
    )


@pytest.mark.parametrize("approved", [True, False])
async def test_a_plan_bigger_than_the_limit_asks_before_its_first_task(approved: bool) -> None:
    store = MemoryTasks()
    graph = compile_limited(planning(areas=2, steps=2), store)  # 1 + 2 + 4 = 7 tasks
    paused = await turn(graph, "plan my move")
    request = paused["__interrupt__"][0].value
    assert len(request["changes"]) == 7
    assert store.tasks == {}
    result = await resume(graph, approved)
    assert len(store.tasks) == (7 if approved else 0)
    if not approved:
        assert "declined" in result["messages"][-1].text  # the integrator is told


async def test_a_plan_within_the_limit_is_created_without_asking() -> None:
    store = MemoryTasks()
    result = await turn(compile_limited(planning(areas=2, steps=1), store), "plan")  # 5 tasks
    assert "__interrupt__" not in result
    assert len(store.tasks) == LIMIT


def test_shares_never_add_up_to_more_than_what_is_left() -> None:
    assert shares(5, 4) == [2, 1, 1, 1]
    assert shares(0, 3) == [0, 0, 0]
    assert shares(-2, 2) == [0, 0]
    assert sum(shares(50, 8)) == 50


def test_the_request_lists_a_few_titles_and_counts_the_rest() -> None:
    request = limit_request([{"title": t} for t in items(1400)], created=0, limit=50)
    assert len(request["changes"]) == 1400
    assert "Add 'item 10'; and 1390 more" in request["summary"]
    assert "item 11'" not in request["summary"]
