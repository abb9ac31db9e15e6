"""Independent tool calls of one step run at the same time; dependent ones keep their order."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from langgraph.graph import END, START, StateGraph

from graphs.state import Context, TurnState
from nodes.tool_lanes import stages
from nodes.tools import make_tool_node


def tool_call(name: str, **args: Any) -> ToolCall:
    return ToolCall(name=name, args=args, id=uuid.uuid4().hex)


def shape(calls: list[ToolCall]) -> list[list[list[int]]]:
    """Positions only: stage by stage, lane by lane."""
    return [[[i for i, _ in lane] for lane in stage] for stage in stages(list(enumerate(calls)))]


def test_additions_share_one_lane_and_different_tasks_run_side_by_side() -> None:
    calls = [
        tool_call("add_task", title="Bread"),
        tool_call("complete_task", task_id=1),
        tool_call("add_task", title="Wine"),
        tool_call("update_task", task_id=2, priority="high"),
        tool_call("update_task", task_id=1, priority="low"),
    ]
    assert shape(calls) == [[[0, 2], [1, 4], [3]]]


def test_a_call_on_no_particular_task_is_a_stage_of_its_own() -> None:
    calls = [
        tool_call("add_task", title="Bread"),
        tool_call("list_tasks"),
        tool_call("complete_task", task_id=1),
        tool_call("get_task", task_id=2),
    ]
    assert shape(calls) == [[[0]], [[1]], [[2], [3]]]


def test_a_task_id_written_differently_is_still_the_same_task() -> None:
    calls = [tool_call("complete_task", task_id=3), tool_call("get_task", task_id="3")]
    assert shape(calls) == [[[0, 1]]]


class Rendezvous:
    """``get_task`` tools that only answer once the other look-up has started too."""

    def __init__(self) -> None:
        self.started = {1: asyncio.Event(), 2: asyncio.Event()}
        self.finished: list[int] = []

    async def get_task(self, task_id: int) -> str:
        self.started[task_id].set()
        other = 2 if task_id == 1 else 1
        await self.started[other].wait()  # run one after the other, this never returns
        if task_id == 1:
            await asyncio.sleep(0)  # let 2 finish first: the messages keep the model's order
        self.finished.append(task_id)
        return f'{{"id": {task_id}}}'

    def tools(self) -> list[BaseTool]:
        return [
            StructuredTool.from_function(
                coroutine=self.get_task, name="get_task", description="get a task"
            )
        ]


async def test_look_ups_of_two_tasks_run_at_the_same_time_and_answer_in_order() -> None:
    tools = Rendezvous()
    graph = StateGraph(TurnState, context_schema=Context)
    graph.add_node("tools", make_tool_node(tools.tools()))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    calls = [tool_call("get_task", task_id=1), tool_call("get_task", task_id=2)]
    state = TurnState(messages=[HumanMessage("look"), AIMessage("", tool_calls=calls)])

    result = await asyncio.wait_for(
        graph.compile().ainvoke(state, context=Context(user_id="u1")), timeout=30
    )

    assert tools.finished == [2, 1]
    answers = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert [m.tool_call_id for m in answers] == [c["id"] for c in calls]
    assert [m.content for m in answers] == ['{"id": 1}', '{"id": 2}']
    assert [r["ok"] for r in result["tool_calls"]] == [True, True]
