"""A smoke subset on the embedded defaults (SQLite files under DATA_DIR, no PostgreSQL)."""

from __future__ import annotations

import pytest
from langgraph_sdk.errors import NotFoundError

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message


async def test_stream_interrupt_resume_and_replay_on_sqlite(sqlite_server: RunningServer) -> None:
    user = new_user()
    await sqlite_server.tasks.add(user, TaskCreate(title="Buy milk"))
    client = sqlite_server.client(user)
    thread = await client.threads.create()

    parts = [
        part
        async for part in client.runs.stream(
            thread["thread_id"],
            "orchestrator",
            input=user_message("Add buy eggs and mark task 1 done"),
            stream_mode=["values", "messages-tuple"],
        )
    ]
    assert parts[0].event == "metadata"
    assert parts[-1].event == "end"
    assert [int(p.id) for p in parts] == list(range(1, len(parts) + 1))
    assert [p.data for p in parts if p.event == "values"][-1]["workflow"] == "parallel"
    run_id = parts[0].data["run_id"]
    replay = [
        p async for p in client.runs.join_stream(thread["thread_id"], run_id, last_event_id="3")
    ]
    assert [p.id for p in replay] == [p.id for p in parts[3:]]

    paused = await client.runs.wait(
        thread["thread_id"], "orchestrator", input=user_message("delete task 2")
    )
    assert paused["__interrupt__"][0]["value"]["type"] == "approval"
    assert (await client.threads.get(thread["thread_id"]))["status"] == "interrupted"
    await client.runs.wait(
        thread["thread_id"], "orchestrator", command={"resume": {"approved": True}}
    )
    assert [(t.title, t.completed) for t in await sqlite_server.tasks.list(user)] == [
        ("Buy milk", True)
    ]


async def test_isolation_on_sqlite(sqlite_server: RunningServer) -> None:
    alice, bob = sqlite_server.client(new_user()), sqlite_server.client(new_user())
    thread = await alice.threads.create()
    run = await alice.runs.create(thread["thread_id"], "orchestrator", input=user_message("hi"))
    await alice.runs.join(thread["thread_id"], run["run_id"])
    with pytest.raises(NotFoundError):
        await bob.threads.get(thread["thread_id"])
    with pytest.raises(NotFoundError):
        await bob.runs.get(thread["thread_id"], run["run_id"])
    assert await bob.threads.search() == []
    assert sqlite_server.settings.database_url is None
    assert (sqlite_server.settings.data_dir / "server.db").exists()
