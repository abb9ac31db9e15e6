"""A thread's conversation as ChatKit items, read from its checkpointed messages (pure).

The person's messages are user messages (their ids are the ones ChatKit gave them), the
assistant's texts are assistant messages (ids of the model messages, as they streamed),
each task tool call with its result is a task item (``tc_<call id>``), and an approval
that waits is the approval card (``approval_<interrupt id>``). The validator's notes and
the router's decisions stay out. Checkpoints keep no time per message, so items are
dated from the thread, a microsecond apart, in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    CustomTask,
    InferenceOptions,
    TaskItem,
    ThreadItem,
    UserMessageItem,
    UserMessageTextContent,
)
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from api.chatkit.widgets import approval_item
from api.frontends.activity import ToolCall, ToolDone, text_of
from chatmodels.messages import is_user_request
from engine.turns import Approval


def thread_items(
    thread_id: str,
    created_at: datetime,
    messages: Sequence[BaseMessage],
    approvals: Sequence[Approval] = (),
) -> list[ThreadItem]:
    results = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    items: list[ThreadItem] = []

    def at() -> datetime:
        return created_at + timedelta(microseconds=len(items))

    for message in messages:
        if is_user_request(message):
            items.append(user_item(str(message.id), thread_id, at(), text_of(message.content)))
        elif isinstance(message, AIMessage):
            for call in message.tool_calls:
                result = results.get(str(call.get("id")))
                if result is not None:
                    done = ToolDone(
                        ToolCall(str(call.get("id")), call["name"], dict(call["args"])),
                        text_of(result.content),
                        result.status != "error",
                    )
                    if not done.declined:
                        items.append(task_item(done, thread_id, at()))
            if text := message.text:
                items.append(assistant_item(str(message.id), thread_id, at(), text))
    items += [approval_item(approval, thread_id, at()) for approval in approvals]
    return items


def user_item(item_id: str, thread_id: str, created_at: datetime, text: str) -> UserMessageItem:
    return UserMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=created_at,
        content=[UserMessageTextContent(text=text)],
        inference_options=InferenceOptions(),
    )


def assistant_item(
    item_id: str, thread_id: str, created_at: datetime, text: str
) -> AssistantMessageItem:
    return AssistantMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=created_at,
        content=[AssistantMessageContent(text=text)],
    )


def task_item(done: ToolDone, thread_id: str, created_at: datetime) -> TaskItem:
    outcome = "done" if done.ok else "failed"
    return TaskItem(
        id=f"tc_{done.call.call_id}",
        thread_id=thread_id,
        created_at=created_at,
        task=CustomTask(
            title=f"{done.call.name} ({outcome})",
            content=_describe(done.call.args, done.output),
            status_indicator="complete",
        ),
    )


def _describe(args: dict[str, Any], output: str) -> str:
    shown = ", ".join(f"{key}: {value}" for key, value in args.items())
    return f"{shown}\n{output}" if shown else output
