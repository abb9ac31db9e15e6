"""Joining a thread's stream (``client.threads.join_stream``): every run on it, as it runs.

The runs still going when the caller joins are followed from their start, later runs as
they come; each ends with ``metadata {"status": "run_done"}``. Another user gets 404.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from langgraph_sdk.errors import NotFoundError

from tests.integration.server.support import (
    RunningServer,
    SseEvent,
    eventually,
    new_user,
    read_sse,
    user_message,
)
from tests.support.openai_compat import OpenAICompatServer

pytestmark = pytest.mark.postgres


async def _until_run_done(events: AsyncIterator[SseEvent]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []
    async for event in events:
        if event.event is None:  # a heartbeat
            continue
        data = json.loads(event.data or "null")
        seen.append((event.event, data))
        if event.event == "metadata" and data.get("status") == "run_done":
            return seen
    raise AssertionError("the thread stream ended before run_done")


async def test_join_follows_the_runs_started_after_joining(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    thread_id = (await client.threads.create())["thread_id"]
    await client.runs.wait(thread_id, "orchestrator", input=user_message("hi"))  # over: skipped
    async with (
        server.http(user) as http,
        http.stream("GET", f"/threads/{thread_id}/stream") as response,
    ):
        assert response.status_code == 200  # joined: runs from now on are followed
        events = read_sse(response)
        for text in ("hello", "Add a task to buy milk"):
            run = await client.runs.create(
                thread_id, "orchestrator", input=user_message(text), stream_mode="updates"
            )
            seen = await _until_run_done(events)
            assert seen[0] == ("metadata", {"run_id": run["run_id"], "attempt": 1})
            assert seen[-2] == ("end", {"run_id": run["run_id"], "status": "success"})
            assert seen[-1][1] == {"status": "run_done", "run_id": run["run_id"]}
            assert any(name == "updates" for name, _ in seen)


async def test_lifecycle_mode_sends_only_starts_and_ends(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    thread_id = (await client.threads.create())["thread_id"]
    url = f"/threads/{thread_id}/stream?stream_mode=lifecycle"
    async with server.http(user) as http, http.stream("GET", url) as response:
        run = await client.runs.create(thread_id, "orchestrator", input=user_message("hi"))
        seen = await _until_run_done(read_sse(response))
    assert [name for name, _ in seen] == ["metadata", "metadata"]
    assert seen[0][1]["run_id"] == run["run_id"]


async def test_sdk_join_stream_replays_the_active_run(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    fake_openai.fail_next(1, "hang")
    thread_id = (await client.threads.create())["thread_id"]
    run = await client.runs.create(thread_id, "orchestrator", input=user_message("hi"))

    async def hung() -> bool:
        return fake_openai.pending_faults == 0

    await eventually(hung, what="the model call to hang")
    parts = await client.threads.join_stream(thread_id)
    first = await anext(parts)
    assert (first.event, first.data) == ("metadata", {"run_id": run["run_id"], "attempt": 1})
    await client.runs.cancel(thread_id, run["run_id"])
    rest = []
    async for part in parts:
        rest.append(part)
        if part.event == "metadata" and part.data.get("status") == "run_done":
            break
    await parts.aclose()  # type: ignore[attr-defined]
    assert rest[-1].data == {"status": "run_done", "run_id": run["run_id"]}
    assert ("end", {"run_id": run["run_id"], "status": "interrupted"}) in [
        (p.event, p.data) for p in rest
    ]


async def test_another_user_cannot_join_a_thread(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    thread_id = (await alice.threads.create())["thread_id"]
    with pytest.raises(NotFoundError):
        await anext(await bob.threads.join_stream(thread_id))
    async with server.http(new_user()) as http:
        response = await http.get(f"/threads/{thread_id}/stream?stream_mode=nonsense")
    assert response.status_code == 404
