"""Each workflow end to end with a scripted model and in-memory tools."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.orchestrator import build_orchestrator
from graphs.state import (
    Area,
    AreaSteps,
    Context,
    Decomposition,
    Plan,
    RouteDecision,
    Step,
    Subtask,
    Verdict,
)
from nodes.llm import Models
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel, call, calls, structured

CONTEXT = Context(user_id="u1", timezone="UTC", now=datetime(2026, 11, 24, 9, tzinfo=UTC))


def route(workflow: str) -> Any:
    return lambda messages, tools: structured(RouteDecision, workflow=workflow)


def ok_verdict(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
    return structured(Verdict, ok=True, findings="")


def after_tools(first: AIMessage, final: str) -> Any:
    def handler(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        return AIMessage(content=final) if isinstance(messages[-1], ToolMessage) else first

    return handler


def compile_with(model: ScriptedModel, store: MemoryTasks) -> Any:
    return build_orchestrator(Models(model), store.tools()).compile(checkpointer=InMemorySaver())


async def turn(graph: Any, text: str, thread: str = "t1") -> dict[str, Any]:
    config = {"configurable": {"thread_id": thread}}
    result: dict[str, Any] = await graph.ainvoke(
        {"messages": [HumanMessage(text)]}, config, context=CONTEXT
    )
    return result


async def test_direct_answers_without_tools() -> None:
    store = MemoryTasks()
    model = ScriptedModel(
        handlers={
            "router": route("direct"),
            "responder": lambda m, t: AIMessage(content="I manage your tasks."),
        }
    )
    result = await turn(compile_with(model, store), "hi")
    assert result["workflow"] == "direct"
    assert result["messages"][-1].text == "I manage your tasks."
    assert store.calls == []


async def test_sequential_adds_and_validates() -> None:
    store = MemoryTasks()
    model = ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": after_tools(call("add_task", title="Buy milk"), "Added Buy milk."),
            "validator": ok_verdict,
        }
    )
    result = await turn(compile_with(model, store), "add buy milk")
    assert result["workflow"] == "sequential"
    assert [t["title"] for t in store.tasks.values()] == ["Buy milk"]
    assert [c["name"] for c in result["tool_calls"]] == ["add_task"]
    assert model.seen_roles.count("validator") == 1


async def test_validator_sends_specialist_back_then_answers_honestly() -> None:
    store = MemoryTasks()
    model = ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": lambda m, t: AIMessage(content="I deleted everything."),
            "validator": lambda m, t: structured(Verdict, ok=False, findings="no tool deleted"),
        }
    )
    result = await turn(compile_with(model, store), "delete all")
    assert model.seen_roles.count("specialist") == 3  # first answer and two corrections
    assert "could not confirm" in result["messages"][-1].text
    assert "no tool deleted" in result["messages"][-1].text


async def test_delete_pauses_for_approval_and_rejection_changes_nothing() -> None:
    store = MemoryTasks()
    store.add_task("Pay rent")
    model = ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": after_tools(call("delete_task", task_id=1), "Done."),
            "validator": ok_verdict,
        }
    )
    graph = compile_with(model, store)
    paused = await turn(graph, "delete task 1")
    request = paused["__interrupt__"][0].value
    assert request["changes"][0]["title"] == "Pay rent"
    assert 1 in store.tasks
    config = {"configurable": {"thread_id": "t1"}}
    await graph.ainvoke(Command(resume={"approved": False}), config, context=CONTEXT)
    assert 1 in store.tasks
    state = await graph.aget_state(config)
    rejected = [m for m in state.values["messages"] if isinstance(m, ToolMessage)]
    assert "rejected" in rejected[-1].text


async def test_delete_applies_when_approved() -> None:
    store = MemoryTasks()
    store.add_task("Pay rent")
    model = ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": after_tools(call("delete_task", task_id=1), "Deleted."),
            "validator": ok_verdict,
        }
    )
    graph = compile_with(model, store)
    await turn(graph, "delete task 1")
    config = {"configurable": {"thread_id": "t1"}}
    await graph.ainvoke(Command(resume={"approved": True}), config, context=CONTEXT)
    assert store.tasks == {}


async def test_parallel_runs_dependent_subtask_after_its_dependency() -> None:
    store = MemoryTasks()

    def worker(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        request = [m for m in messages if isinstance(m, HumanMessage)][-1].text
        if isinstance(messages[-1], ToolMessage):
            return AIMessage(content=f"done: {request}")
        if request.startswith("Add"):
            return call("add_task", title=request.removeprefix("Add "))
        created = [m for m in messages if isinstance(m, ToolMessage) and "created" in m.text]
        assert created, "the dependent worker must see its dependency's result"
        return call("complete_task", task_id=1)

    model = ScriptedModel(
        handlers={
            "router": route("parallel"),
            "decomposer": lambda m, t: structured(
                Decomposition,
                subtasks=[
                    Subtask(id=1, request="Add milk").model_dump(),
                    Subtask(id=2, request="Mark it done", depends_on=[1]).model_dump(),
                    Subtask(id=3, request="Add eggs").model_dump(),
                ],
            ),
            "worker": worker,
            "aggregator": lambda m, t: AIMessage(content="All done."),
        }
    )
    result = await turn(compile_with(model, store), "add milk, then mark it done, and add eggs")
    assert result["workflow"] == "parallel"
    assert store.tasks[1]["completed"] is True
    assert {t["title"] for t in store.tasks.values()} == {"milk", "eggs"}


async def test_parallel_reports_failure_and_skips_dependents() -> None:
    store = MemoryTasks()
    seen: list[str] = []

    def aggregator(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        seen.append(messages[0].text)
        return AIMessage(content="Report.")

    model = ScriptedModel(
        handlers={
            "router": route("parallel"),
            "decomposer": lambda m, t: structured(
                Decomposition,
                subtasks=[
                    Subtask(id=1, request="Complete task 42").model_dump(),
                    Subtask(id=2, request="Then delete it", depends_on=[1]).model_dump(),
                ],
            ),
            "worker": after_tools(call("complete_task", task_id=42), "Task 42 not found."),
            "aggregator": aggregator,
        }
    )
    await turn(compile_with(model, store), "complete 42 then delete it")
    assert "[failed] Complete task 42" in seen[0]
    assert "depends on subtask 1" in seen[0]
    assert "delete_task" not in store.calls


async def test_hierarchical_creates_goal_areas_and_steps_before_deadline() -> None:
    store = MemoryTasks()
    model = ScriptedModel(
        handlers={
            "router": route("hierarchical"),
            "strategist": lambda m, t: structured(
                Plan,
                goal="Plan the move",
                due="2026-12-20",
                areas=[Area(title="Packing").model_dump(), Area(title="Utilities").model_dump()],
            ),
            "tactician": lambda m, t: structured(
                AreaSteps,
                steps=[
                    Step(title=f"Step A of {m[-1].text}", days_before_due=10).model_dump(),
                    Step(title=f"Step B of {m[-1].text}", days_before_due=2).model_dump(),
                ],
            ),
            "integrator": lambda m, t: AIMessage(content="Plan ready."),
        }
    )
    result = await turn(compile_with(model, store), "plan my move")
    tasks = list(store.tasks.values())
    goal = next(t for t in tasks if t["title"] == "Plan the move")
    areas = [t for t in tasks if t["parent_id"] == goal["id"]]
    assert {a["title"] for a in areas} == {"Packing", "Utilities"}
    for area in areas:
        steps = [t for t in tasks if t["parent_id"] == area["id"]]
        assert len(steps) == 2
        assert all(s["due"] < "2026-12-20" for s in steps)
    assert result["workflow"] == "hierarchical"


async def test_model_failure_falls_back_and_is_recorded() -> None:
    store = MemoryTasks()
    handlers = {"router": route("direct"), "responder": lambda m, t: AIMessage(content="hello")}
    broken = ScriptedModel(handlers=handlers, fail_roles=frozenset({"router", "responder"}))
    backup = ScriptedModel(handlers=handlers)
    graph = build_orchestrator(Models(broken, backup), store.tools()).compile()
    result = await graph.ainvoke({"messages": [HumanMessage("hi")]}, context=CONTEXT)
    assert {f["node"] for f in result["fallbacks"]} == {"router", "responder"}
    assert result["messages"][-1].text == "hello"


@pytest.mark.parametrize("approved", [True, False])
async def test_changing_several_tasks_at_once_needs_approval(approved: bool) -> None:
    store = MemoryTasks()
    store.add_task("A")
    store.add_task("B")
    model = ScriptedModel(
        handlers={
            "router": route("sequential"),
            "specialist": after_tools(
                calls(("complete_task", {"task_id": 1}), ("complete_task", {"task_id": 2})), "ok"
            ),
            "validator": ok_verdict,
        }
    )
    graph = compile_with(model, store)
    paused = await turn(graph, "complete both")
    assert len(paused["__interrupt__"][0].value["changes"]) == 2
    config = {"configurable": {"thread_id": "t1"}}
    await graph.ainvoke(Command(resume={"approved": approved}), config, context=CONTEXT)
    assert [t["completed"] for t in store.tasks.values()] == [approved, approved]


async def test_parallel_skips_everything_downstream_of_a_failure() -> None:
    store = MemoryTasks()
    worked_on: list[str] = []

    def worker(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        request = messages[-1].text
        if isinstance(messages[-1], HumanMessage):
            worked_on.append(request)
            return call("complete_task", task_id=42)
        return AIMessage(content="Task 42 not found.")

    model = ScriptedModel(
        handlers={
            "router": route("parallel"),
            "decomposer": lambda m, t: structured(
                Decomposition,
                subtasks=[
                    Subtask(id=1, request="Complete task 42").model_dump(),
                    Subtask(id=2, request="Then rename it", depends_on=[1]).model_dump(),
                    Subtask(id=3, request="Then delete it", depends_on=[2]).model_dump(),
                ],
            ),
            "worker": worker,
            "aggregator": lambda m, t: AIMessage(content="Report."),
        }
    )
    await turn(compile_with(model, store), "complete 42, rename it, then delete it")
    assert worked_on == ["Complete task 42"]
    assert store.calls == ["complete_task"]
