"""One model step's independent tool calls at the same time over the real task MCP server
(streamable HTTP, the kept per-user session): each gets its own answer, and additions
are numbered in the order the model gave them."""

from __future__ import annotations

import json
import uuid
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolCall, ToolMessage
from langgraph.graph import END, START, StateGraph

from engine.core import Engine
from graphs.state import Context, TurnState
from nodes.tools import make_tool_node
from taskservice.schemas import TaskCreate


def _call(name: str, **args: Any) -> ToolCall:
    return ToolCall(name=name, args=args, id=uuid.uuid4().hex)


async def test_a_step_of_independent_calls_runs_over_mcp(engine: Engine) -> None:
    for title in ("Pay rent", "Call mom", "Water plants"):
        await engine.tasks.add("ann", TaskCreate(title=title))
    graph = StateGraph(TurnState, context_schema=Context)
    graph.add_node("tools", make_tool_node(engine.toolbox.tools))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    calls = [
        _call("get_task", task_id=1),
        _call("add_task", title="Buy bread"),
        _call("get_task", task_id=2),
        _call("complete_task", task_id=3),
        _call("add_task", title="Buy wine"),
    ]
    state = TurnState(messages=[HumanMessage("do it"), AIMessage("", tool_calls=calls)])

    result = await graph.compile().ainvoke(state, context=Context(user_id="ann"))

    answers = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert [m.tool_call_id for m in answers] == [c["id"] for c in calls]
    assert [r["ok"] for r in result["tool_calls"]] == [True] * len(calls)
    assert json.loads(answers[0].text)["title"] == "Pay rent"
    assert json.loads(answers[2].text)["title"] == "Call mom"
    tasks = {t.title: t for t in await engine.tasks.list("ann")}
    assert tasks["Water plants"].completed
    assert tasks["Buy bread"].id < tasks["Buy wine"].id, "additions keep the model's order"
