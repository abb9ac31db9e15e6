"""Human in the loop: a delete waits for approval; ``command.resume`` answers it, once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from langgraph_sdk.errors import ConflictError

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def _paused_delete(server: RunningServer, user: str) -> tuple[str, list[Any]]:
    """A thread whose run stopped to ask before deleting task 1; its streamed events."""
    await server.tasks.add(user, TaskCreate(title="Buy milk"))
    client = server.client(user)
    thread = await client.threads.create()
    parts = [
        part
        async for part in client.runs.stream(
            thread["thread_id"], "orchestrator", input=user_message("delete task 1")
        )
    ]
    return thread["thread_id"], parts


async def test_a_delete_pauses_for_approval(server: RunningServer) -> None:
    user = new_user()
    thread_id, parts = await _paused_delete(server, user)
    last_values = [part.data for part in parts if part.event == "values"][-1]
    (interrupt,) = last_values["__interrupt__"]
    assert interrupt["value"]["type"] == "approval"
    assert interrupt["value"]["changes"][0]["tool"] == "delete_task"
    assert parts[-1].event == "end"
    assert parts[-1].data["status"] == "success"

    client = server.client(user)
    thread = await client.threads.get(thread_id)
    assert thread["status"] == "interrupted"
    assert [i["id"] for group in thread["interrupts"].values() for i in group] == [interrupt["id"]]
    state = await client.threads.get_state(thread_id)
    assert state["next"] == ["sequential"]
    assert state["interrupts"][0]["id"] == interrupt["id"]
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]


@pytest.mark.parametrize(("approved", "remaining"), [(True, []), (False, ["Buy milk"])])
async def test_resume_approves_or_rejects(
    server: RunningServer, approved: bool, remaining: list[str]
) -> None:
    user = new_user()
    thread_id, _ = await _paused_delete(server, user)
    client = server.client(user)
    output = await client.runs.wait(
        thread_id, "orchestrator", command={"resume": {"approved": approved}}
    )
    assert "__interrupt__" not in output
    assert [t.title for t in await server.tasks.list(user)] == remaining
    assert (await client.threads.get(thread_id))["status"] == "idle"
    with pytest.raises(httpx.HTTPStatusError) as refused:  # answered: never applied twice
        await client.runs.wait(thread_id, "orchestrator", command={"resume": {"approved": True}})
    assert refused.value.response.status_code == 409


async def test_two_concurrent_resumes_apply_once(server: RunningServer) -> None:
    user = new_user()
    thread_id, _ = await _paused_delete(server, user)
    client = server.client(user)

    async def resume() -> str:
        try:
            await client.runs.wait(
                thread_id, "orchestrator", command={"resume": {"approved": True}}
            )
        except httpx.HTTPStatusError as refused:  # runs.wait raises httpx's own error
            return str(refused.response.status_code)
        return "applied"

    outcomes = await asyncio.gather(resume(), resume(), resume())
    assert sorted(outcomes) == ["409", "409", "applied"]
    assert await server.tasks.list(user) == []
    runs = await client.runs.list(thread_id)
    assert len(runs) == 2  # the paused run and the one resume that was admitted
    audit = await server.runs.store.audit.for_run(user, runs[0]["run_id"])
    assert [entry.action for entry in audit].count("approval") == 1


async def test_resume_without_a_pending_interrupt_is_refused(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create()
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await client.runs.wait(
            thread["thread_id"], "orchestrator", command={"resume": {"approved": True}}
        )
    assert refused.value.response.status_code == 409
    await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message("hi"))
    with pytest.raises(ConflictError):
        await client.runs.create(
            thread["thread_id"], "orchestrator", command={"resume": {"approved": True}}
        )
