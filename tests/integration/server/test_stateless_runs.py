"""Stateless runs over the SDK: ``client.runs.wait/stream/create(None, …)`` and batches.

Each runs on a new thread of the caller's, deleted once the run ended and answered
(``on_completion="delete"``, the default) or kept (``"keep"``).
"""

from __future__ import annotations

from typing import Any

import pytest
from langgraph_sdk.client import LangGraphClient

from tests.integration.server.support import RunningServer, eventually, new_user, user_message

pytestmark = pytest.mark.postgres


async def _no_threads_left(client: LangGraphClient) -> None:
    async def gone() -> bool:
        return await client.threads.count() == 0

    await eventually(gone, what="the temporary thread to be deleted")


async def test_wait_without_a_thread_answers_and_leaves_no_thread(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    output = await client.runs.wait(
        None, "orchestrator", input=user_message("Add a task to buy milk")
    )
    assert isinstance(output, dict)
    assert output["messages"][-1]["content"] == "Added task 1: Buy milk."
    await _no_threads_left(client)
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]


async def test_stream_without_a_thread_streams_the_run(server: RunningServer) -> None:
    client = server.client(new_user())
    parts = [
        part
        async for part in client.runs.stream(
            None, "orchestrator", input=user_message("hi"), stream_mode="updates"
        )
    ]
    assert parts[0].event == "metadata"
    assert parts[-1].event == "end"
    updated = [next(iter(p.data)) for p in parts if p.event == "updates"]
    assert updated == ["begin", "router", "direct"]
    await _no_threads_left(client)


async def test_on_completion_keep_leaves_the_thread(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    output = await alice.runs.wait(
        None, "orchestrator", input=user_message("hi"), on_completion="keep"
    )
    (thread,) = await alice.threads.search()
    state = await alice.threads.get_state(thread["thread_id"])
    assert state["values"]["messages"] == output["messages"]
    assert await bob.threads.count() == 0


async def test_background_and_batch_runs_end_and_clean_up(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    run = await client.runs.create(None, "orchestrator", input=user_message("Add a task to a"))
    assert run["status"] in ("pending", "running")
    batch: list[Any] = [
        {"assistant_id": "orchestrator", "input": user_message(f"Add a task to {name}")}
        for name in ("b", "c")
    ]
    created = await client.runs.create_batch(batch)
    assert len({r["thread_id"] for r in [run, *created]}) == 3

    async def all_created() -> bool:
        return len(await server.tasks.list(user)) == 3

    await eventually(all_created, what="the three runs to create their tasks")
    await _no_threads_left(client)
    assert sorted(t.title for t in await server.tasks.list(user)) == ["A", "B", "C"]
