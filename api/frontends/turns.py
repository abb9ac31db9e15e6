"""A frontend's turn: started through the run manager (the one turn runner behind it),
followed as activity, and read back from the thread's state when it ends.

A turn is a run of the ``orchestrator`` graph on the user's thread, streaming
``messages-tuple`` and ``updates`` with subgraphs, under ``multitask_strategy="reject"``
(one turn at a time per conversation), exactly as the Agent Protocol would run it: the
checkpoints are the conversation, so a thread goes on through any of the three.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage

from api.frontends.activity import Activity, ToolCall, TurnActivity
from api.runs.manager import RunManager
from api.runs.payloads import CommandPayload, RunCreate
from api.runs.pending import shown_state
from api.runs.resume import check_resume
from chatmodels.messages import is_user_request
from engine.turns import Approval, approval_of
from runstore import RunRecord, ThreadRecord

GRAPH = "orchestrator"
STREAM_MODE = ["messages-tuple", "updates"]


def _request(
    *, input: dict[str, Any] | None = None, resume: Any = None, timezone: str | None = None
) -> RunCreate:
    command = CommandPayload(resume=resume) if resume is not None else None
    check_resume(command)
    return RunCreate(
        assistant_id=GRAPH,
        input=input,
        command=command,
        stream_mode=STREAM_MODE,
        stream_subgraphs=True,
        multitask_strategy="reject",
        context={"timezone": timezone} if timezone else None,
    )


async def start_message(
    runs: RunManager,
    user_id: str,
    thread_id: str,
    text: str,
    *,
    message_id: str | None = None,
    timezone: str | None = None,
) -> RunRecord:
    """A turn for the person's ``text`` (kept in the thread under ``message_id``, if given).

    Raises what ``RunManager.create`` raises (``Conflict`` while a turn runs...).
    """
    message: dict[str, Any] = {"role": "user", "content": text}
    if message_id:
        message["id"] = message_id
    request = _request(input={"messages": [message]}, timezone=timezone)
    return await runs.create(user_id, thread_id, request)


async def start_answer(
    runs: RunManager,
    user_id: str,
    thread_id: str,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    timezone: str | None = None,
) -> RunRecord:
    """A turn resuming the approvals named by interrupt id with their answers."""
    resume = {interrupt_id: dict(answer) for interrupt_id, answer in answers.items()}
    return await runs.create(user_id, thread_id, _request(resume=resume, timezone=timezone))


async def follow(
    runs: RunManager, run: RunRecord, activity: TurnActivity
) -> AsyncIterator[Activity]:
    """The run's activity, in order, until the run ends."""
    async for event in runs.events(run):
        for item in activity.read(event.event, event.data):
            yield item


@dataclass
class Outcome:
    """The thread after a turn: the reply, and what waits for the person's answer."""

    reply: str = ""
    reply_id: str | None = None
    approvals: list[Approval] = field(default_factory=list)
    pending_calls: list[ToolCall] = field(default_factory=list)
    messages: list[BaseMessage] = field(default_factory=list)


async def outcome(runs: RunManager, thread: ThreadRecord) -> Outcome:
    state = await shown_state(runs, thread)
    messages = list((state.values or {}).get("messages") or [])
    reply = _last_reply(messages)
    calls = [
        ToolCall(str(call.get("id")), call["name"], dict(call.get("args") or {}))
        for message in messages[-1:]
        if isinstance(message, AIMessage) and state.interrupts
        for call in message.tool_calls
    ]
    return Outcome(
        reply=reply.text if reply is not None else "",
        reply_id=reply.id if reply is not None else None,
        approvals=[approval_of(interrupt) for interrupt in state.interrupts],
        pending_calls=calls,
        messages=messages,
    )


def _last_reply(messages: list[Any]) -> AIMessage | None:
    """The assistant's answer of the last turn (as ``engine.turns.last_reply`` reads it)."""
    for message in reversed(messages):
        if isinstance(message, AIMessage) and not message.tool_calls:
            return message
        if is_user_request(message):
            break
    return None
