"""Threads over the official SDK: create, search (the caller's only), get, update, delete."""

from __future__ import annotations

import uuid

import pytest
from langgraph_sdk.errors import ConflictError, NotFoundError

from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres


async def test_create_get_update_delete(server: RunningServer) -> None:
    client = server.client(new_user())
    thread = await client.threads.create(metadata={"topic": "groceries"})
    assert thread["status"] == "idle"
    assert thread["values"] is None
    fetched = await client.threads.get(thread["thread_id"])
    assert fetched["metadata"] == {"topic": "groceries"}

    updated = await client.threads.update(thread["thread_id"], metadata={"pinned": True})
    assert updated["metadata"] == {"topic": "groceries", "pinned": True}

    await client.threads.delete(thread["thread_id"])
    with pytest.raises(NotFoundError):
        await client.threads.get(thread["thread_id"])


async def test_create_with_a_given_id_and_if_exists(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = str(uuid.uuid4())
    created = await client.threads.create(thread_id=thread_id)
    assert created["thread_id"] == thread_id
    with pytest.raises(ConflictError):
        await client.threads.create(thread_id=thread_id)
    again = await client.threads.create(thread_id=thread_id, if_exists="do_nothing")
    assert again["thread_id"] == thread_id
    # Someone else cannot take (or see) the id.
    with pytest.raises(ConflictError):
        await server.client(new_user()).threads.create(thread_id=thread_id, if_exists="do_nothing")


async def test_search_returns_only_the_callers_threads(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    mine = {(await alice.threads.create(metadata={"n": i}))["thread_id"] for i in range(3)}
    await bob.threads.create(metadata={"n": 1})
    found = await alice.threads.search(limit=50)
    assert {t["thread_id"] for t in found} == mine
    by_metadata = await alice.threads.search(metadata={"n": 1})
    assert len(by_metadata) == 1
    assert by_metadata[0]["thread_id"] in mine
    assert await alice.threads.search(status="busy") == []
    page = await alice.threads.search(limit=2, sort_by="created_at", sort_order="asc")
    assert len(page) == 2
