"""Streamed runs over the official SDK: one per workflow, and the stream's contract.

Each stream starts with ``metadata``, carries the requested modes, ends with ``end``,
and numbers its events 1, 2, 3… (the SSE ids); the reply arrives token by token.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from langgraph_sdk.schema import StreamPart

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres

PLAN = "Help me plan my move next month: packing, utilities and address change"


async def _stream(
    server: RunningServer, user: str, message: str, **options: Any
) -> tuple[str, list[StreamPart]]:
    client = server.client(user)
    thread = await client.threads.create()
    options.setdefault("stream_mode", ["values", "messages-tuple", "updates"])
    parts = [
        part
        async for part in client.runs.stream(
            thread["thread_id"], "orchestrator", input=user_message(message), **options
        )
    ]
    return thread["thread_id"], parts


def _check_envelope(parts: list[StreamPart]) -> None:
    assert parts[0].event == "metadata"
    assert set(parts[0].data) == {"run_id", "attempt"}
    assert [int(part.id) for part in parts] == list(range(1, len(parts) + 1))
    assert parts[-1].event == "end"
    assert parts[-1].data == {"run_id": parts[0].data["run_id"], "status": "success"}


def _streamed_text(parts: list[StreamPart], message_id: str) -> list[str]:
    return [
        part.data[0]["content"]
        for part in parts
        if part.event == "messages" and part.data[0]["id"] == message_id and part.data[0]["content"]
    ]


@pytest.mark.parametrize(
    ("message", "workflow"),
    [
        ("hi", "direct"),
        ("Add a task to buy milk", "sequential"),
        ("Add buy eggs and mark task 1 done", "parallel"),
        (PLAN, "hierarchical"),
    ],
)
async def test_a_streamed_run_per_workflow(
    server: RunningServer, message: str, workflow: str
) -> None:
    user = new_user()
    if workflow == "parallel":
        await server.tasks.add(user, TaskCreate(title="Buy milk"))
    thread_id, parts = await _stream(server, user, message)

    _check_envelope(parts)
    final = [part.data for part in parts if part.event == "values"][-1]
    assert final["workflow"] == workflow
    assert {"updates"} <= {part.event for part in parts}
    reply = final["messages"][-1]
    assert reply["type"] == "ai"
    assert reply["content"]
    pieces = _streamed_text(parts, reply["id"])
    assert len(pieces) > 1, "the reply should stream in several pieces"
    assert "".join(pieces) == reply["content"]
    assert all(isinstance(part.data[1], dict) for part in parts if part.event == "messages")

    tasks = await server.tasks.list(user)
    if workflow == "direct":
        assert tasks == []
    elif workflow == "sequential":
        assert [(t.title, t.completed) for t in tasks] == [("Buy milk", False)]
    elif workflow == "parallel":
        assert {(t.title, t.completed) for t in tasks} == {("Buy milk", True), ("Buy eggs", False)}
    else:
        roots = [t for t in tasks if t.parent_id is None]
        assert len(roots) == 1
        assert len(tasks) >= 7
        assert {t.parent_id for t in tasks if t.parent_id is not None} >= {roots[0].id}

    client = server.client(user)
    thread = await client.threads.get(thread_id)
    assert thread["status"] == "idle"
    assert thread["values"]["workflow"] == workflow
    run = await client.runs.get(thread_id, parts[0].data["run_id"])
    assert run["status"] == "success"


async def test_messages_mode_sends_metadata_then_growing_partials(server: RunningServer) -> None:
    _, parts = await _stream(server, new_user(), "hi", stream_mode="messages")
    kinds = {part.event for part in parts}
    assert kinds == {"metadata", "messages/metadata", "messages/partial", "end"}
    partials: dict[str, list[str]] = {}
    for part in parts:
        if part.event == "messages/partial":
            message = part.data[0]
            partials.setdefault(message["id"], []).append(message["content"])
    texts = max(partials.values(), key=len)
    assert len(texts) > 1
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(texts))


async def test_events_mode_streams_astream_events_v2(server: RunningServer) -> None:
    _, parts = await _stream(server, new_user(), "hi", stream_mode=["events", "values"])
    _check_envelope(parts)
    events = [part.data for part in parts if part.event == "events"]
    assert {part.event for part in parts} == {"metadata", "events", "values", "end"}
    assert events[0]["event"] == "on_chain_start"
    assert events[0]["name"] == "orchestrator"
    kinds = {event["event"] for event in events}
    assert {"on_chain_start", "on_chain_end", "on_chat_model_stream"} <= kinds
    tokens = [e["data"]["chunk"]["content"] for e in events if e["event"] == "on_chat_model_stream"]
    assert len([token for token in tokens if token]) > 1
    values = [part.data for part in parts if part.event == "values"]
    assert values[-1]["messages"][-1]["content"] == "".join(tokens)


async def test_without_events_mode_no_events_come(server: RunningServer) -> None:
    _, parts = await _stream(server, new_user(), "hi", stream_mode=["values", "messages-tuple"])
    assert "events" not in {part.event for part in parts}


async def test_subgraph_events_are_named_mode_and_namespace(server: RunningServer) -> None:
    _, parts = await _stream(
        server, new_user(), "Add a task to buy milk", stream_mode="updates", stream_subgraphs=True
    )
    names = {part.event for part in parts}
    assert "updates" in names
    assert any(name.startswith("updates|sequential:") for name in names)
    _check_envelope(parts)


async def test_without_subgraphs_only_the_top_graph_updates_come(server: RunningServer) -> None:
    _, parts = await _stream(server, new_user(), "Add a task to buy milk", stream_mode="updates")
    assert {part.event for part in parts} == {"metadata", "updates", "end"}
    nodes = {node for part in parts if part.event == "updates" for node in part.data}
    assert nodes == {"begin", "router", "sequential"}


async def test_unknown_or_unsupported_stream_modes_are_refused(server: RunningServer) -> None:
    user = new_user()
    thread = await server.client(user).threads.create()
    async with server.http(user) as http:
        for mode in ("nonsense", "lifecycle"):
            response = await http.post(
                f"/threads/{thread['thread_id']}/runs/stream",
                json={
                    "assistant_id": "orchestrator",
                    "input": user_message("hi"),
                    "stream_mode": mode,
                },
            )
            assert response.status_code == 422, response.text
        response = await http.post(
            f"/threads/{thread['thread_id']}/runs/stream",
            json={"assistant_id": "orchestrator", "multitask_strategy": "sometimes"},
        )
        assert response.status_code == 422
