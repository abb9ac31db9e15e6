"""Sign-in and isolation: no token is 401; another user's thread, runs and state are 404."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from langgraph_sdk.errors import NotFoundError

from api.auth import mint_dev_token
from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def _alices_paused_thread(server: RunningServer, alice: str) -> tuple[str, str]:
    await server.tasks.add(alice, TaskCreate(title="Buy milk"))
    client = server.client(alice)
    thread = await client.threads.create(metadata={"owner": "alice"})
    run = await client.runs.create(
        thread["thread_id"], "orchestrator", input=user_message("delete task 1")
    )
    await client.runs.join(thread["thread_id"], run["run_id"])
    return thread["thread_id"], run["run_id"]


async def test_another_users_thread_runs_and_state_are_not_found(server: RunningServer) -> None:
    alice, bob = new_user(), new_user()
    thread_id, run_id = await _alices_paused_thread(server, alice)
    eve = server.client(bob)

    attempts: list[Callable[[], Awaitable[Any]]] = [
        lambda: eve.threads.get(thread_id),
        lambda: eve.threads.update(thread_id, metadata={"owner": "bob"}),
        lambda: eve.threads.delete(thread_id),
        lambda: eve.threads.get_state(thread_id),
        lambda: eve.threads.get_history(thread_id),
        lambda: eve.runs.list(thread_id),
        lambda: eve.runs.get(thread_id, run_id),
        lambda: eve.runs.cancel(thread_id, run_id),
        lambda: eve.runs.create(thread_id, "orchestrator", input=user_message("hi")),
        lambda: eve.runs.create(thread_id, "orchestrator", command={"resume": {"approved": True}}),
        lambda: eve.runs.create(
            thread_id, "orchestrator", input=user_message("hi"), if_not_exists="create"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError):
            await attempt()
    with pytest.raises(NotFoundError):
        [part async for part in eve.runs.join_stream(thread_id, run_id)]
    with pytest.raises(NotFoundError):
        [
            part
            async for part in eve.runs.stream(thread_id, "orchestrator", input=user_message("hi"))
        ]
    for call in (
        lambda: eve.runs.join(thread_id, run_id),
        lambda: eve.runs.wait(thread_id, "orchestrator", command={"resume": {"approved": True}}),
    ):
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await call()
        assert refused.value.response.status_code == 404
    assert await eve.threads.search(metadata={"owner": "alice"}) == []

    # Nothing bob tried touched alice's thread: her interrupt still waits, and is hers.
    owner = server.client(alice)
    thread = await owner.threads.get(thread_id)
    assert thread["status"] == "interrupted"
    assert thread["metadata"]["owner"] == "alice"
    await owner.runs.wait(thread_id, "orchestrator", command={"resume": {"approved": True}})
    assert await server.tasks.list(alice) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/assistants/search"),
        ("POST", "/threads"),
        ("POST", "/threads/search"),
        ("GET", "/threads/00000000-0000-4000-8000-000000000000"),
        ("POST", "/threads/00000000-0000-4000-8000-000000000000/runs/stream"),
        ("POST", "/api/alice/chat"),
    ],
)
async def test_no_token_is_401_with_www_authenticate(
    server: RunningServer, method: str, path: str
) -> None:
    async with server.http() as http:
        response = await http.request(method, path, json={})
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        forged = await http.request(
            method, path, json={}, headers={"Authorization": "Bearer not.a.token"}
        )
        assert forged.status_code == 401
        assert 'error="invalid_token"' in forged.headers["www-authenticate"]


async def test_a_token_without_the_chat_scope_is_403(server: RunningServer) -> None:
    token = mint_dev_token(server.settings, new_user(), scopes=["tasks:read"])
    async with server.http() as http:
        response = await http.post(
            "/threads/search", json={}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 403
