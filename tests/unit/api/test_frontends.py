"""The chat frontends' pure parts: run events read as activity, activity as UI message
chunks (AI SDK) and as ChatKit events and items, approval answers, chat ids."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from chatkit.types import (
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    ErrorEvent,
    TaskItem,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    UserMessageItem,
    WidgetItem,
)
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from api.aisdk.approvals import (
    ApprovalAnswerError,
    ApprovalGoneError,
    answers_for,
    responses_in,
)
from api.aisdk.chunks import UIStream
from api.aisdk.schemas import UIMessage
from api.aisdk.threads import thread_id_for
from api.chatkit.events import TurnEvents
from api.chatkit.items import thread_items
from api.frontends.activity import (
    Failed,
    Step,
    TextDelta,
    ToolCall,
    ToolDone,
    TurnActivity,
)
from api.frontends.turns import Outcome
from engine.turns import Approval
from nodes.approval import REJECTED

NS = "sequential:1"


def _chunk(text: str, node: str, message_id: str = "m1") -> tuple[str, str]:
    message = {"type": "AIMessageChunk", "id": message_id, "content": text}
    return f"messages|{NS}", json.dumps([message, {"langgraph_node": node}])


def _update(node: str, update: dict[str, Any], namespace: str = NS) -> tuple[str, str]:
    return f"updates|{namespace}", json.dumps({node: update})


def _call_update(call_id: str = "c1") -> tuple[str, str]:
    call = {"id": call_id, "name": "delete_task", "args": {"task_id": 1}}
    return _update("specialist", {"messages": [{"type": "ai", "tool_calls": [call]}]})


def _result(call_id: str, content: str, status: str = "success") -> tuple[str, str]:
    message = {"type": "tool", "tool_call_id": call_id, "content": content, "status": status}
    return _update("tools", {"messages": [message]})


def _read(activity: TurnActivity, *events: tuple[str, str]) -> list[Any]:
    return [item for event in events for item in activity.read(*event)]


APPROVAL = Approval(
    id="i1",
    summary="Delete task 1 'Buy milk'",
    changes=[],
    actions=[
        {"name": "delete_task", "args": {"task_id": 1}, "description": "Delete task 1"},
        {"name": "delete_task", "args": {"task_id": 2}, "description": "Delete task 2"},
    ],
)


def test_reply_text_streams_only_from_the_reply_nodes() -> None:
    found = _read(
        TurnActivity(),
        _chunk("Added ", "specialist"),
        _chunk("task 1.", "specialist"),
        _chunk("{'workflow'", "router", "r1"),
        _chunk("worker notes", "agent", "w1"),
    )
    assert found == [TextDelta("m1", "Added "), TextDelta("m1", "task 1.")]


def test_a_tool_call_shows_once_with_its_result_and_a_rejection_is_declined() -> None:
    activity = TurnActivity()
    found = _read(activity, _call_update("c1"), _result("c1", '{"status": "deleted"}'))
    call = ToolCall("c1", "delete_task", {"task_id": 1})
    assert found == [
        Step("specialist", "Specialist"),
        ToolDone(call, '{"status": "deleted"}', True),
    ]
    assert _read(activity, _result("c1", "again")) == []

    [declined] = _read(TurnActivity(), _call_update("c2"), _result("c2", REJECTED, "error"))[1:]
    assert isinstance(declined, ToolDone)
    assert declined.declined
    assert not ToolDone(call, "boom", False).declined


def test_a_seeded_call_gets_its_arguments_back() -> None:
    activity = TurnActivity()
    activity.seed([ToolCall("c1", "delete_task", {"task_id": 1})])
    [done] = _read(activity, _result("c1", "ok"))
    assert done.call.args == {"task_id": 1}


def test_agents_are_steps_once_per_namespace_and_errors_are_failures() -> None:
    found = _read(
        TurnActivity(),
        _update("router", {"workflow": "parallel"}, ""),
        _update("agent", {}, "parallel:1|worker:a"),
        _update("agent", {}, "parallel:1|worker:a"),
        _update("agent", {}, "parallel:1|worker:b"),
        ("error", json.dumps({"error": "X", "message": "The run failed. Try again later."})),
    )
    assert found == [
        Step("router", "Router: the parallel workflow"),
        Step("agent", "Worker"),
        Step("agent", "Worker"),
        Failed("The run failed. Try again later."),
    ]


def test_ui_chunks_of_a_turn_that_asks_for_approval() -> None:
    ui = UIStream()
    chunks = ui.start(thread_id="t", run_id="r", message_id="msg-r")
    chunks += ui.activity(TextDelta("m1", "Sure."))
    chunks += ui.finish(Outcome(reply="Sure.", reply_id="m1", approvals=[APPROVAL]))
    types = [c["type"] for c in chunks]
    assert types == [
        "start",
        "start-step",
        "text-start",
        "text-delta",
        "text-end",
        "tool-input-available",
        "tool-approval-request",
        "tool-input-available",
        "tool-approval-request",
        "finish-step",
        "finish",
    ]
    assert chunks[0]["messageMetadata"] == {"threadId": "t", "runId": "r"}
    requests = [c for c in chunks if c["type"] == "tool-approval-request"]
    assert [r["approvalId"] for r in requests] == ["i1:0", "i1:1"]
    assert chunks[-1]["finishReason"] == "tool-calls"


def test_ui_chunks_add_a_reply_that_did_not_stream_and_close_answered_approvals() -> None:
    ui = UIStream()
    answered = ui.answered(
        [APPROVAL], {"i1": {"decisions": [{"type": "approve"}, {"type": "reject"}]}}
    )
    assert [c["type"] for c in answered] == ["tool-output-available", "tool-output-denied"]
    finished = ui.finish(Outcome(reply="Checked.", reply_id="v1"))
    assert [c["type"] for c in finished][:3] == ["text-start", "text-delta", "text-end"]
    assert finished[1]["delta"] == "Checked."
    assert finished[-1] == {"type": "finish", "finishReason": "stop"}


def _answered(*pairs: tuple[str, bool]) -> UIMessage:
    parts = [
        {
            "type": "dynamic-tool",
            "state": "approval-responded",
            "approval": {"id": i, "approved": a},
        }
        for i, a in pairs
    ]
    return UIMessage.model_validate({"id": "a", "role": "assistant", "parts": parts})


def test_approval_responses_become_one_decision_per_action() -> None:
    responses = responses_in(_answered(("i1:0", True), ("i1:1", False)))
    responses["i1:1"] = (False, "keep it")
    assert answers_for([APPROVAL], responses) == {
        "i1": {"decisions": [{"type": "approve"}, {"type": "reject", "message": "keep it"}]}
    }
    with pytest.raises(ApprovalAnswerError, match="not answered"):
        answers_for([APPROVAL], responses_in(_answered(("i1:0", True))))
    with pytest.raises(ApprovalGoneError):
        answers_for([], responses_in(_answered(("i1:0", True))))


def test_a_chat_id_is_a_thread_id_of_its_own_person() -> None:
    thread = str(uuid.uuid4())
    assert thread_id_for("alice", thread.upper()) == thread
    assert thread_id_for("alice", "abc123") == thread_id_for("alice", "abc123")
    assert thread_id_for("alice", "abc123") != thread_id_for("bob", "abc123")


def test_chatkit_events_stream_a_reply_then_close_it() -> None:
    events = TurnEvents("t")
    out = events.activity(TextDelta("m1", "Hel")) + events.activity(TextDelta("m1", "lo"))
    call = ToolCall("c1", "add_task", {"title": "x"})
    out += events.activity(ToolDone(call, "ok", True))
    out += events.activity(ToolDone(call, REJECTED, False))
    out += events.activity(Failed("The run failed. Try again later."))
    out += events.finish(Outcome(reply="Hello", reply_id="m1", approvals=[APPROVAL]))
    assert isinstance(out[0], ThreadItemAddedEvent)
    deltas = [
        e.update.delta
        for e in out
        if isinstance(e, ThreadItemUpdatedEvent)
        and isinstance(e.update, AssistantMessageContentPartTextDelta)
    ]
    assert deltas == ["Hel", "lo"]
    done = [e.item for e in out if isinstance(e, ThreadItemDoneEvent)]
    assert [type(item) for item in done] == [AssistantMessageItem, TaskItem, WidgetItem]
    assert isinstance(done[0], AssistantMessageItem)
    assert done[0].content[0].text == "Hello"
    assert [e.message for e in out if isinstance(e, ErrorEvent)] == [
        "The run failed. Try again later."
    ]


def test_chatkit_items_are_read_from_the_messages() -> None:
    call = {"id": "c1", "name": "add_task", "args": {"title": "Buy milk"}}
    messages = [
        HumanMessage("Add a task to buy milk", id="u1"),
        AIMessage("", id="a1", tool_calls=[call]),
        ToolMessage('{"status": "created"}', tool_call_id="c1", id="t1"),
        AIMessage("Added task 1: Buy milk.", id="a2"),
    ]
    items = thread_items("t", datetime(2026, 1, 1, tzinfo=UTC), messages, [APPROVAL])
    assert [type(i) for i in items] == [UserMessageItem, TaskItem, AssistantMessageItem, WidgetItem]
    assert [i.id for i in items] == ["u1", "tc_c1", "a2", "approval_i1"]
    assert [i.created_at for i in items] == sorted({i.created_at for i in items})
