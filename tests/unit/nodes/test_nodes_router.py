"""The router alone: the workflow it picks becomes the next node, the turn is recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage
from langgraph.runtime import Runtime

from graphs.state import WORKFLOWS, Context, RouteDecision, ToolCallRecord, Workflow, per_turn
from nodes.llm import Models
from nodes.router import begin_turn, make_router
from tests.support.scripted import ScriptedModel, structured

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
RUNTIME = Runtime(context=Context(user_id="u1", timezone="Asia/Tokyo", now=NOW))


def choose(workflow: Workflow, seen: list[list[BaseMessage]] | None = None) -> Any:
    def handler(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        if seen is not None:
            seen.append(messages)
        return structured(RouteDecision, workflow=workflow, reason="scripted")

    return handler


@pytest.mark.parametrize("workflow", WORKFLOWS)
async def test_router_goes_to_the_chosen_workflow_and_records_the_turn(workflow: Workflow) -> None:
    router = make_router(Models(ScriptedModel(handlers={"router": choose(workflow)})))
    command = await router({"messages": [HumanMessage("anything")]}, runtime=RUNTIME)
    assert command.goto == workflow
    assert command.update == {
        "workflow": workflow,
        "turns": [{"workflow": workflow, "fallbacks": 0}],
        "fallbacks": [],
    }


async def test_router_reads_the_thread_with_the_users_clock() -> None:
    seen: list[list[BaseMessage]] = []
    router = make_router(Models(ScriptedModel(handlers={"router": choose("direct", seen)})))
    thread: list[AnyMessage] = [
        HumanMessage("add milk"),
        AIMessage("Added."),
        HumanMessage("thanks!"),
    ]
    await router({"messages": thread}, runtime=RUNTIME)
    [messages] = seen
    local = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local.isoformat(timespec="minutes") in messages[0].text
    assert local.strftime("%A") in messages[0].text
    assert messages[1:] == thread


async def test_router_failure_falls_back_and_the_turn_counts_it() -> None:
    broken = ScriptedModel(handlers={}, fail_roles=frozenset({"router"}))
    backup = ScriptedModel(handlers={"router": choose("parallel")})
    router = make_router(Models(broken, backup))
    command = await router({"messages": [HumanMessage("add a and b")]}, runtime=RUNTIME)
    assert command.goto == "parallel"
    assert command.update is not None
    assert command.update["turns"] == [{"workflow": "parallel", "fallbacks": 1}]
    assert command.update["fallbacks"] == [{"node": "router", "error": "TimeoutError"}]


async def test_router_failure_without_a_fallback_raises() -> None:
    broken = ScriptedModel(handlers={}, fail_roles=frozenset({"router"}))
    with pytest.raises(TimeoutError):
        await make_router(Models(broken))({"messages": [HumanMessage("hi")]}, runtime=RUNTIME)


def test_begin_turn_clears_what_the_previous_turn_gathered() -> None:
    previous = [ToolCallRecord(name="add_task", args={"title": "milk"}, ok=True, output="{}")]
    update = begin_turn({"tool_calls": previous})
    assert update["validation_rounds"] == 0
    for key in ("tool_calls", "fallbacks", "results", "area_plans"):
        assert per_turn(previous, update[key]) == []
