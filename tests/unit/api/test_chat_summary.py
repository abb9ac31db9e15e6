"""The chat endpoint's view of a turn: the reply, this turn's tool calls, the approval asked."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.types import Interrupt

from api.runs.summary import summarize


def test_reply_and_tool_calls_of_the_turn() -> None:
    values = {
        "workflow": "sequential",
        "messages": [
            HumanMessage("earlier"),
            AIMessage("old reply"),
            HumanMessage("Add a task to buy milk"),
            AIMessage(
                "", tool_calls=[{"name": "add_task", "args": {"title": "Buy milk"}, "id": "c"}]
            ),
            ToolMessage("{}", tool_call_id="c"),
            AIMessage("Added task 1: Buy milk."),
            HumanMessage("looks right", name="validator"),
        ],
        "tool_calls": [
            {"name": "add_task", "args": {"title": "Buy milk"}, "ok": True, "output": "{}"}
        ],
    }
    turn = summarize(values, [])
    assert turn.reply == "Added task 1: Buy milk."
    assert turn.tool_calls == [{"name": "add_task", "args": {"title": "Buy milk"}, "ok": True}]
    assert turn.workflow == "sequential"
    assert turn.pending_approval is None


def test_a_pending_approval_is_the_question() -> None:
    value = {
        "type": "approval",
        "summary": "Delete task 1 'Buy milk'",
        "changes": [{"tool": "delete_task"}],
    }
    turn = summarize(
        {"messages": [HumanMessage("delete task 1")]}, [Interrupt(value=value, id="i1")]
    )
    assert turn.pending_approval == {
        "id": "i1",
        "summary": "Delete task 1 'Buy milk'",
        "changes": [{"tool": "delete_task"}],
    }
    assert "Delete task 1 'Buy milk'" in turn.reply


def test_no_reply_when_the_turn_has_none() -> None:
    assert summarize({"messages": [AIMessage("old"), HumanMessage("new")]}, []).reply == ""
