"""Double texting, cancellation, disconnects, replay and heartbeats on a run held open.

``hosted_server`` talks to an OpenAI-compatible test server that can hang the next model
call: the run then stays running (deterministically) until it is cancelled, or until
the model call times out and its retry is answered.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from langgraph_sdk.errors import ConflictError

from runstore import RunStore
from tests.integration.server.support import (
    RunningServer,
    eventually,
    new_user,
    read_sse,
    serve,
    user_message,
)
from tests.support.openai_compat import OpenAICompatServer

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _faults_are_used(fake_openai: OpenAICompatServer) -> Iterator[None]:
    """Each test makes exactly the model calls hang that it asked to (none leaks on)."""
    assert fake_openai.pending_faults == 0
    yield
    assert fake_openai.pending_faults == 0


async def _model_hangs(fake: OpenAICompatServer) -> None:
    async def hung() -> bool:
        return fake.pending_faults == 0 and any(r.status is None for r in fake.chat_requests)

    await eventually(hung, what="the model call to hang")


async def _held_run(
    server: RunningServer, fake: OpenAICompatServer, user: str, **options: Any
) -> tuple[str, dict[str, Any]]:
    """A thread with a run that is running and stuck in its first model call."""
    fake.fail_next(1, "hang")
    client = server.client(user)
    thread = await client.threads.create()
    run = await client.runs.create(
        thread["thread_id"], "orchestrator", input=user_message("hi"), **options
    )
    await _model_hangs(fake)
    return thread["thread_id"], run


async def _status(server: RunningServer, user: str, thread_id: str, run_id: str) -> str:
    run = await server.client(user).runs.get(thread_id, run_id)
    return str(run["status"])


async def test_reject_refuses_a_second_run_while_one_is_active(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    thread_id, held = await _held_run(hosted_server, fake_openai, user)
    client = hosted_server.client(user)
    with pytest.raises(ConflictError):
        await client.runs.create(
            thread_id, "orchestrator", input=user_message("hi"), multitask_strategy="reject"
        )
    await client.runs.cancel(thread_id, held["run_id"])
    await client.runs.join(thread_id, held["run_id"])


async def test_two_concurrent_rejecting_runs_one_is_refused(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread = await client.threads.create()
    fake_openai.fail_next(1, "hang")

    async def start() -> dict[str, Any] | None:
        try:
            return await client.runs.create(
                thread["thread_id"],
                "orchestrator",
                input=user_message("hi"),
                multitask_strategy="reject",
            )
        except ConflictError:
            return None

    outcomes = await asyncio.gather(start(), start())
    started = [run for run in outcomes if run is not None]
    assert len(started) == 1
    await _model_hangs(fake_openai)
    await client.runs.cancel(thread["thread_id"], started[0]["run_id"])
    await client.runs.join(thread["thread_id"], started[0]["run_id"])


async def test_enqueue_runs_one_after_the_other(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread_id, first = await _held_run(hosted_server, fake_openai, user)
    second = await client.runs.create(
        thread_id,
        "orchestrator",
        input=user_message("Add a task to buy milk"),
        multitask_strategy="enqueue",
    )
    assert second["status"] == "pending"
    statuses = {r["run_id"]: r["status"] for r in await client.runs.list(thread_id)}
    assert statuses == {first["run_id"]: "running", second["run_id"]: "pending"}

    # The held model call times out, is retried and answered: both runs finish, in order.
    await client.runs.join(thread_id, first["run_id"])
    output = await client.runs.join(thread_id, second["run_id"])
    assert output["workflow"] == "sequential"
    runs = await client.runs.list(thread_id)
    assert [r["status"] for r in runs] == ["success", "success"]
    humans = [m["content"] for m in output["messages"] if m["type"] == "human"]
    assert humans == ["hi", "Add a task to buy milk"]


async def test_interrupt_strategy_cancels_the_active_run_first(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread_id, first = await _held_run(hosted_server, fake_openai, user)
    second = await client.runs.create(
        thread_id,
        "orchestrator",
        input=user_message("Add a task to buy milk"),
        multitask_strategy="interrupt",
    )
    output = await client.runs.join(thread_id, second["run_id"])
    assert output["workflow"] == "sequential"
    assert await _status(hosted_server, user, thread_id, first["run_id"]) == "interrupted"


async def test_cancel_leaves_the_thread_usable(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread_id, held = await _held_run(hosted_server, fake_openai, user)
    await client.runs.cancel(thread_id, held["run_id"])
    await client.runs.join(thread_id, held["run_id"])
    assert await _status(hosted_server, user, thread_id, held["run_id"]) == "interrupted"
    assert (await client.threads.get(thread_id))["status"] == "idle"
    with pytest.raises(ConflictError):  # it has ended: nothing to cancel
        await client.runs.cancel(thread_id, held["run_id"])

    output = await client.runs.wait(
        thread_id, "orchestrator", input=user_message("Add a task to buy milk")
    )
    assert output["workflow"] == "sequential"
    assert [t.title for t in await hosted_server.tasks.list(user)] == ["Buy milk"]


async def test_rollback_puts_the_thread_back(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread = await client.threads.create()
    await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message("hi"))
    before = await client.threads.get_state(thread["thread_id"])

    fake_openai.fail_next(1, "hang")
    held = await client.runs.create(
        thread["thread_id"], "orchestrator", input=user_message("Add a task to buy milk")
    )
    await _model_hangs(fake_openai)
    await client.runs.cancel(thread["thread_id"], held["run_id"], action="rollback")
    await eventually(
        lambda: _gone(hosted_server, user, thread["thread_id"], held["run_id"]),
        what="the rolled back run to go",
    )
    after = await client.threads.get_state(thread["thread_id"])
    assert after["values"] == before["values"]
    assert after["next"] == []


async def _gone(server: RunningServer, user: str, thread_id: str, run_id: str) -> bool:
    return run_id not in {r["run_id"] for r in await server.client(user).runs.list(thread_id)}


async def test_disconnecting_with_on_disconnect_cancel_cancels_the_run(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread = await client.threads.create()
    fake_openai.fail_next(1, "hang")
    body = {
        "assistant_id": "orchestrator",
        "input": user_message("hi"),
        "on_disconnect": "cancel",
    }
    async with (
        hosted_server.http(user) as http,
        http.stream("POST", f"/threads/{thread['thread_id']}/runs/stream", json=body) as response,
    ):
        assert response.status_code == 200
        run_path = response.headers["content-location"]
        assert response.headers["location"] == f"{run_path}/stream"
        run_id = run_path.rsplit("/", 1)[-1]
        await _model_hangs(fake_openai)
        # leaving the block closes the connection while the run waits for the model
    await eventually(
        lambda: _is(hosted_server, user, thread["thread_id"], run_id, "interrupted"),
        what="the run to be cancelled",
        within=2.0,  # well before the hung model call would time out (3 s) and be retried
    )
    assert (await client.threads.get(thread["thread_id"]))["status"] == "idle"
    output = await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message("hi"))
    assert output["workflow"] == "direct"


async def _is(server: RunningServer, user: str, thread_id: str, run_id: str, status: str) -> bool:
    return await _status(server, user, thread_id, run_id) == status


async def test_a_dropped_stream_resumes_from_last_event_id(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    client = hosted_server.client(user)
    thread = await client.threads.create()
    fake_openai.fail_next(1, "hang")
    seen = []
    async with hosted_server.http(user) as http:
        body = {"assistant_id": "orchestrator", "input": user_message("hi")}
        async with http.stream(
            "POST", f"/threads/{thread['thread_id']}/runs/stream", json=body
        ) as response:
            async for event in read_sse(response):
                if event.event is not None:
                    seen.append(event)
                    break
    run_id = json.loads(seen[0].data or "{}")["run_id"]
    rest = [
        part
        async for part in client.runs.join_stream(
            thread["thread_id"], run_id, last_event_id=seen[-1].id
        )
    ]
    assert int(rest[0].id) == int(seen[-1].id or 0) + 1
    assert [int(p.id) for p in rest] == list(range(int(rest[0].id), int(rest[0].id) + len(rest)))
    assert rest[-1].event == "end"
    assert rest[-1].data["status"] == "success"


async def test_a_quiet_stream_gets_heartbeats(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    thread = await hosted_server.client(user).threads.create()
    fake_openai.fail_next(1, "hang")
    body = {"assistant_id": "orchestrator", "input": user_message("hi"), "on_disconnect": "cancel"}
    comments = []
    async with (
        hosted_server.http(user) as http,
        http.stream("POST", f"/threads/{thread['thread_id']}/runs/stream", json=body) as response,
    ):
        await _model_hangs(fake_openai)
        async for event in read_sse(response):
            if event.comment is not None:
                comments.append(event.comment)
                if len(comments) == 2:
                    break
    assert comments == ["heartbeat", "heartbeat"]


async def test_chat_is_409_while_the_conversation_is_busy(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    thread_id, held = await _held_run(hosted_server, fake_openai, user)
    async with hosted_server.http(user) as http:
        busy = await http.post(
            f"/api/{user}/chat", json={"conversation_id": thread_id, "message": "hi"}
        )
        assert busy.status_code == 409
        client = hosted_server.client(user)
        await client.runs.cancel(thread_id, held["run_id"])
        await client.runs.join(thread_id, held["run_id"])
        free = await http.post(
            f"/api/{user}/chat", json={"conversation_id": thread_id, "message": "hi"}
        )
        assert free.status_code == 200, free.text
        assert free.json()["workflow"] == "direct"


async def test_shutdown_cancels_running_runs_and_another_server_takes_the_queue(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer, module_database: str
) -> None:
    """Stopping a server records its runs as interrupted and frees their threads; a run
    queued behind one is left pending, and the other server (same database) starts it."""
    user = new_user()
    async with serve(hosted_server.settings) as stopping:
        thread_id, held = await _held_run(stopping, fake_openai, user)
        queued = await stopping.client(user).runs.create(
            thread_id, "orchestrator", input=user_message("Add a task to buy milk")
        )
        assert queued["status"] == "pending"

    store = await RunStore.open(module_database)
    try:
        stopped = await store.runs.get(user, thread_id, held["run_id"])
        assert stopped is not None
        assert stopped.status == "interrupted"
    finally:
        await store.close()

    client = hosted_server.client(user)
    await eventually(
        lambda: _is(hosted_server, user, thread_id, queued["run_id"], "success"),
        what="the other server to run the queued run",
    )
    assert [t.title for t in await hosted_server.tasks.list(user)] == ["Buy milk"]
    assert (await client.threads.get(thread_id))["status"] == "idle"
