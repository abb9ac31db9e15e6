"""What a turn did, as the CLI and the chat endpoint both read it: reply, tool calls, approval."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.types import Command, Interrupt

from chatmodels.messages import validator_note
from engine.turns import answer_for, approval_of, resume, summarize

ACTION = {"name": "delete_task", "args": {"task_id": 1}, "description": "Delete task 1 'Buy milk'"}
DELETE = {
    "action_requests": [ACTION],
    "review_configs": [{"action_name": "delete_task", "allowed_decisions": ["approve", "reject"]}],
    "type": "approval",
    "summary": "Delete task 1 'Buy milk'",
    "changes": [{"tool": "delete_task"}],
}


def test_reply_and_tool_calls_of_the_turn() -> None:
    record = {"name": "add_task", "args": {"title": "Buy milk"}, "ok": True, "output": "{}"}
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
            validator_note("looks right"),
        ],
        "tool_calls": [record],
        "fallbacks": [{"node": "router", "error": "ConnectionError"}],
    }
    turn = summarize(values, [])
    assert turn.reply == "Added task 1: Buy milk."
    assert turn.tool_calls == [record]
    assert turn.workflow == "sequential"
    assert turn.fallbacks == values["fallbacks"]
    assert turn.pending_approval is None


def test_a_pending_approval_is_the_question() -> None:
    asked = [Interrupt(value=DELETE, id="i1")]
    turn = summarize({"messages": [HumanMessage("delete task 1")]}, asked, [approval_of(asked[0])])
    assert turn.pending_approval == {
        "id": "i1",
        "summary": "Delete task 1 'Buy milk'",
        "changes": [{"tool": "delete_task"}],
        "actions": [ACTION],
    }
    assert turn.approvals == [turn.pending_approval]
    assert "Delete task 1 'Buy milk'" in turn.reply
    assert turn.as_json()["pending_approval"] == turn.pending_approval


def test_an_odd_interrupt_still_reads_as_a_request() -> None:
    assert approval_of(Interrupt(value="Go on?", id="i2")) == {
        "id": "i2",
        "summary": "Go on?",
        "changes": [],
        "actions": [],
    }


def test_the_answer_resumes_each_interrupt_by_id_with_a_decision_per_action() -> None:
    two = approval_of(Interrupt(value={**DELETE, "action_requests": [ACTION, ACTION]}, id="i1"))
    odd = approval_of(Interrupt(value="Go on?", id="i2"))
    command = resume({"i1": answer_for(two, True), "i2": answer_for(odd, False)})
    assert isinstance(command, Command)
    assert command.resume == {
        "i1": {"decisions": [{"type": "approve"}, {"type": "approve"}]},
        "i2": {"approved": False},  # not a human-in-the-loop request: the older answer
    }
    mixed = [{"type": "approve"}, {"type": "reject", "message": "no"}]
    assert answer_for(two, mixed) == {"decisions": mixed}
    assert answer_for(two, False) == {"decisions": [{"type": "reject"}] * 2}
