"""The ChatKit and AI SDK endpoints on the embedded defaults (``make run``: SQLite files
under DATA_DIR): a turn, an approval asked and answered, the task really gone."""

from __future__ import annotations

import json
from typing import Any

from chatkit.actions import Action
from chatkit.types import (
    InferenceOptions,
    ThreadAddUserMessageParams,
    ThreadCreatedEvent,
    ThreadCreateParams,
    ThreadCustomActionParams,
    ThreadItemDoneEvent,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsCustomActionReq,
    ThreadStreamEvent,
    UserMessageInput,
    UserMessageTextContent,
    WidgetItem,
)
from pydantic import TypeAdapter

from tests.integration.server.support import RunningServer, new_user, read_sse

EVENTS: TypeAdapter[ThreadStreamEvent] = TypeAdapter(ThreadStreamEvent)


def _input(text: str) -> UserMessageInput:
    return UserMessageInput(
        content=[UserMessageTextContent(text=text)],
        attachments=[],
        inference_options=InferenceOptions(),
    )


async def test_chatkit_on_sqlite(sqlite_server: RunningServer) -> None:
    user = new_user()

    async def stream(request: Any) -> list[ThreadStreamEvent]:
        async with http.stream("POST", "/chatkit", content=request.model_dump_json()) as answer:
            assert answer.status_code == 200
            return [EVENTS.validate_json(e.data) async for e in read_sse(answer) if e.data]

    async with sqlite_server.http(user) as http:
        created = await stream(
            ThreadsCreateReq(params=ThreadCreateParams(input=_input("Add a task to buy milk")))
        )
        assert isinstance(created[0], ThreadCreatedEvent)
        thread_id = created[0].thread.id
        params = ThreadAddUserMessageParams(thread_id=thread_id, input=_input("delete task 1"))
        asked = await stream(ThreadsAddUserMessageReq(params=params))
        [card] = [
            e.item
            for e in asked
            if isinstance(e, ThreadItemDoneEvent) and isinstance(e.item, WidgetItem)
        ]
        approve = card.widget.model_dump()["confirm"]["action"]
        action = Action(type=approve["type"], payload=approve["payload"])
        act = ThreadCustomActionParams(thread_id=thread_id, item_id=card.id, action=action)
        await stream(ThreadsCustomActionReq(params=act))
    assert await sqlite_server.tasks.list(user) == []


async def test_the_ai_sdk_endpoint_on_sqlite(sqlite_server: RunningServer) -> None:
    user = new_user()

    async def send(message: dict[str, Any]) -> list[dict[str, Any]]:
        body = {"id": "my-chat", "messages": [message], "trigger": "submit-message"}
        async with http.stream("POST", "/ai-sdk/chat", json=body) as answer:
            assert answer.status_code == 200
            assert answer.headers["x-vercel-ai-ui-message-stream"] == "v1"
            data = [e.data async for e in read_sse(answer) if e.data]
        assert data[-1] == "[DONE]"
        return [json.loads(d) for d in data[:-1]]

    def said(text: str) -> dict[str, Any]:
        return {"id": text, "role": "user", "parts": [{"type": "text", "text": text}]}

    async with sqlite_server.http(user) as http:
        first = await send(said("Add a task to buy milk"))
        asked = await send(said("delete task 1"))
        assert asked[0]["messageMetadata"]["threadId"] == first[0]["messageMetadata"]["threadId"]
        [request] = [c for c in asked if c["type"] == "tool-approval-request"]
        part = {
            "type": "dynamic-tool",
            "toolName": "delete_task",
            "toolCallId": request["toolCallId"],
            "state": "approval-responded",
            "approval": {"id": request["approvalId"], "approved": True},
        }
        done = await send({"id": "a", "role": "assistant", "parts": [part]})
    assert {
        "type": "tool-output-available",
        "toolCallId": request["toolCallId"],
        "output": {"approved": True},
    } in done
    assert await sqlite_server.tasks.list(user) == []
