"""The whole graph answered as agent-chat-ui answers: ``Command(resume={"decisions": [...]})``.

The pause carries LangChain's human-in-the-loop request; an approval applies the change,
a rejection changes nothing, an edit applies the person's arguments, and the finished
turn holds the model's tool-calling message once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from graphs.orchestrator import build_orchestrator
from graphs.state import Context, RouteDecision, Verdict
from nodes.llm import Models
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel, call, structured

CONTEXT = Context(user_id="u1", timezone="UTC", now=datetime(2026, 11, 24, 9, tzinfo=UTC))


def specialist(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
    done = isinstance(messages[-1], ToolMessage)
    return AIMessage(content="Done.") if done else call("delete_task", task_id=1)


async def paused_delete(store: MemoryTasks) -> tuple[Any, Any, dict[str, Any]]:
    """The orchestrator paused before deleting task 1; its config and the request."""
    store.add_task("Pay rent")
    store.add_task("Call mom")
    model = ScriptedModel(
        handlers={
            "router": lambda m, t: structured(RouteDecision, workflow="sequential"),
            "specialist": specialist,
            "validator": lambda m, t: structured(Verdict, ok=True, findings=""),
        }
    )
    graph: Any = build_orchestrator(Models(model), store.tools()).compile(
        checkpointer=InMemorySaver()
    )
    config: Any = {"configurable": {"thread_id": uuid.uuid4().hex}}
    paused = await graph.ainvoke(
        {"messages": [HumanMessage("delete task 1")]}, config, context=CONTEXT
    )
    [interrupt] = paused["__interrupt__"]
    return graph, config, interrupt.value


async def test_the_pause_is_a_human_in_the_loop_request() -> None:
    _, _, request = await paused_delete(MemoryTasks())
    assert request["action_requests"] == [
        {"name": "delete_task", "args": {"task_id": 1}, "description": "Delete task 1 'Pay rent'"}
    ]
    assert request["review_configs"] == [
        {"action_name": "delete_task", "allowed_decisions": ["approve", "edit", "reject"]}
    ]
    assert request["summary"] == "Delete task 1 'Pay rent'"


@pytest.mark.parametrize(
    ("decision", "left", "ran"),
    [
        ({"type": "approve"}, ["Call mom"], {"task_id": 1}),
        ({"type": "reject"}, ["Pay rent", "Call mom"], {"task_id": 1}),
        (
            {"type": "edit", "edited_action": {"name": "delete_task", "args": {"task_id": 2}}},
            ["Pay rent"],
            {"task_id": 2},
        ),
    ],
)
async def test_a_decision_resumes_the_turn(
    decision: dict[str, Any], left: list[str], ran: dict[str, Any]
) -> None:
    store = MemoryTasks()
    graph, config, _ = await paused_delete(store)
    result = await graph.ainvoke(Command(resume={"decisions": [decision]}), config, context=CONTEXT)
    assert "__interrupt__" not in result
    assert [t["title"] for t in store.tasks.values()] == left
    assert [(c["name"], c["args"]) for c in result["tool_calls"]] == [("delete_task", ran)]
    calling = [m for m in result["messages"] if isinstance(m, AIMessage) and m.tool_calls]
    assert [c["args"] for m in calling for c in m.tool_calls] == [ran]  # once, as it ran
    assert len({m.id for m in result["messages"]}) == len(result["messages"])
