"""Runs over the official SDK: wait, create and join, replay, listing, context and identity."""

from __future__ import annotations

import pytest
from langgraph_sdk.errors import NotFoundError

from runstore import digest
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def test_wait_returns_the_final_values(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    output = await client.runs.wait(
        thread["thread_id"], "orchestrator", input=user_message("Add a task to buy milk")
    )
    assert isinstance(output, dict)
    assert output["workflow"] == "sequential"
    assert output["messages"][-1]["content"] == "Added task 1: Buy milk."
    assert [call["name"] for call in output["tool_calls"]] == ["add_task"]


async def test_create_then_join_and_get(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    run = await client.runs.create(thread["thread_id"], "orchestrator", input=user_message("hi"))
    assert run["status"] in ("pending", "running")
    assert run["assistant_id"] == (await client.assistants.get("orchestrator"))["assistant_id"]
    output = await client.runs.join(thread["thread_id"], run["run_id"])
    assert output["workflow"] == "direct"
    done = await client.runs.get(thread["thread_id"], run["run_id"])
    assert done["status"] == "success"
    listed = await client.runs.list(thread["thread_id"])
    assert [r["run_id"] for r in listed] == [run["run_id"]]
    with pytest.raises(NotFoundError):
        await client.runs.get(thread["thread_id"], "00000000-0000-4000-8000-000000000000")


async def test_join_stream_replays_after_last_event_id(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    run = await client.runs.create(
        thread["thread_id"],
        "orchestrator",
        input=user_message("Add a task to buy milk"),
        stream_mode=["values", "messages-tuple"],
    )
    everything = [p async for p in client.runs.join_stream(thread["thread_id"], run["run_id"])]
    assert everything[0].event == "metadata"
    assert everything[-1].event == "end"
    assert [int(p.id) for p in everything] == list(range(1, len(everything) + 1))

    cut = len(everything) // 2
    rest = [
        p
        async for p in client.runs.join_stream(
            thread["thread_id"], run["run_id"], last_event_id=everything[cut - 1].id
        )
    ]
    assert [(p.id, p.event, p.data) for p in rest] == [
        (p.id, p.event, p.data) for p in everything[cut:]
    ]
    only_values = [
        p.event
        async for p in client.runs.join_stream(
            thread["thread_id"], run["run_id"], stream_mode="values"
        )
    ]
    assert set(only_values) == {"metadata", "values", "end"}


async def test_identity_comes_from_the_token_and_time_zone_from_context(
    server: RunningServer,
) -> None:
    user, other = new_user(), new_user()
    client = server.client(user)
    thread = await client.threads.create()
    await client.runs.wait(
        thread["thread_id"],
        "orchestrator",
        input=user_message("Add a task to buy milk"),
        context={"user_id": other, "timezone": "Europe/Berlin"},
    )
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
    assert await server.tasks.list(other) == []
    runs = await client.runs.list(thread["thread_id"])
    assert runs[0]["kwargs"]["context"] == {"timezone": "Europe/Berlin"}

    await client.runs.wait(
        thread["thread_id"],
        "orchestrator",
        input=user_message("hi"),
        context={"timezone": "Mars/Base"},
    )
    runs = await client.runs.list(thread["thread_id"])
    assert runs[0]["kwargs"]["context"] == {"timezone": server.settings.default_timezone}


async def test_history_lists_checkpoints_newest_first(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message("hi"))
    history = await client.threads.get_history(thread["thread_id"], limit=3)
    assert len(history) == 3
    assert history[0]["values"]["workflow"] == "direct"
    assert history[0]["parent_checkpoint"] == history[1]["checkpoint"]
    state = await client.threads.get_state(thread["thread_id"])
    assert state["checkpoint"] == history[0]["checkpoint"]
    older = await client.threads.get_state(
        thread["thread_id"], checkpoint_id=history[1]["checkpoint"]["checkpoint_id"]
    )
    assert older["checkpoint"] == history[1]["checkpoint"]


async def test_delete_thread_removes_runs_and_checkpoints(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    run = await client.runs.create(thread["thread_id"], "orchestrator", input=user_message("hi"))
    await client.runs.join(thread["thread_id"], run["run_id"])
    await client.threads.delete(thread["thread_id"])
    with pytest.raises(NotFoundError):
        await client.runs.get(thread["thread_id"], run["run_id"])
    checkpoint = await server.app.state.engine.persistence.checkpointer.aget_tuple(
        {"configurable": {"thread_id": thread["thread_id"], "checkpoint_ns": ""}}
    )
    assert checkpoint is None


async def test_each_turn_and_tool_call_is_audited_by_digest(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    thread = await client.threads.create()
    run = await client.runs.create(
        thread["thread_id"], "orchestrator", input=user_message("Add a task to buy milk")
    )
    output = await client.runs.join(thread["thread_id"], run["run_id"])
    entries = await server.runs.store.audit.for_run(user, run["run_id"])
    assert [(e.action, e.name, e.outcome) for e in entries] == [
        ("turn", "sequential", "success"),
        ("tool_call", "add_task", "ok"),
    ]
    turn, call = entries
    assert turn.input_sha256 == digest(user_message("Add a task to buy milk"))
    assert turn.output_sha256 == digest(output)
    assert call.input_sha256 == digest({"title": "Buy milk"})
    assert call.output_sha256 == digest(output["tool_calls"][0]["output"])
    assert {e.user_id for e in entries} == {user}
    assert {e.thread_id for e in entries} == {thread["thread_id"]}


async def test_a_failed_run_ends_with_an_error_event_and_the_thread_recovers(
    server: RunningServer,
) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    parts = [
        part
        async for part in client.runs.stream(
            thread["thread_id"],
            "orchestrator",
            input=user_message("Add a task to buy milk"),
            config={"recursion_limit": 2},
        )
    ]
    assert parts[0].event == "metadata"
    assert parts[-1].event == "error"
    assert parts[-1].data == {
        "error": "GraphRecursionError",
        "message": "The run took too many steps.",
    }
    run = await client.runs.get(thread["thread_id"], parts[0].data["run_id"])
    assert run["status"] == "error"
    assert (await client.threads.get(thread["thread_id"]))["status"] == "error"
    failed = await client.runs.join(thread["thread_id"], run["run_id"])
    assert failed == {"__error__": parts[-1].data}

    output = await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message("hi"))
    assert output["workflow"] == "direct"
    assert (await client.threads.get(thread["thread_id"]))["status"] == "idle"
