"""Each user's own assistants over the official SDK, on PostgreSQL.

Round trips (create, get, patch into versions, set latest, search, count, delete), the
owner's alone (another user gets 404 and never sees them), the built-in ones protected,
and a run through a created assistant taking its graph and settings.
"""

from __future__ import annotations

import uuid

import pytest
from langgraph_sdk.errors import ConflictError, NotFoundError

from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def test_create_patch_versions_latest_search_count_delete(server: RunningServer) -> None:
    client = server.client(new_user())
    created = await client.assistants.create(
        "sequential",
        config={"tags": ["mine"]},
        context={"timezone": "Europe/Paris"},
        metadata={"team": "a"},
        name="Planner",
        description="My planner",
    )
    assistant_id = created["assistant_id"]
    assert created["version"] == 1
    assert (created["graph_id"], created["name"], created["context"]) == (
        "sequential",
        "Planner",
        {"timezone": "Europe/Paris"},
    )
    assert await client.assistants.get(assistant_id) == created

    again = await client.assistants.create(
        "sequential", assistant_id=assistant_id, if_exists="do_nothing"
    )
    assert again == created
    with pytest.raises(ConflictError):
        await client.assistants.create("sequential", assistant_id=assistant_id)

    patched = await client.assistants.update(assistant_id, name="Renamed", metadata={"x": 1})
    assert (patched["version"], patched["name"]) == (2, "Renamed")
    assert patched["metadata"] == {"team": "a", "x": 1}
    versions = await client.assistants.get_versions(assistant_id)
    assert [(v["version"], v["name"]) for v in versions] == [(2, "Renamed"), (1, "Planner")]

    back = await client.assistants.set_latest(assistant_id, 1)
    assert (back["version"], back["name"]) == (1, "Planner")
    assert (await client.assistants.get(assistant_id))["name"] == "Planner"
    with pytest.raises(NotFoundError):
        await client.assistants.set_latest(assistant_id, 9)

    mine = await client.assistants.search(metadata={"team": "a"})
    assert [a["assistant_id"] for a in mine] == [assistant_id]
    builtin_id = (await client.assistants.get("sequential"))["assistant_id"]
    by_graph = await client.assistants.search(graph_id="sequential", limit=100)
    assert [a["assistant_id"] for a in by_graph] == [assistant_id, builtin_id]
    by_name = await client.assistants.search(sort_by="name", sort_order="asc", limit=100)
    names = [a["name"] for a in by_name]
    assert names == sorted(names)
    assert "Planner" in names
    assert await client.assistants.count(graph_id="sequential") == 2
    assert await client.assistants.count() == 5
    assert await client.assistants.count(metadata={"team": "b"}) == 0

    await client.assistants.delete(assistant_id)
    with pytest.raises(NotFoundError):
        await client.assistants.get(assistant_id)
    assert await client.assistants.count() == 4


async def test_another_users_assistant_is_not_found_and_unseen(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    created = await alice.assistants.create("parallel", metadata={"owner": "alice"})
    assistant_id = created["assistant_id"]

    with pytest.raises(NotFoundError):
        await bob.assistants.get(assistant_id)
    with pytest.raises(NotFoundError):
        await bob.assistants.update(assistant_id, name="stolen")
    with pytest.raises(NotFoundError):
        await bob.assistants.delete(assistant_id)
    with pytest.raises(NotFoundError):
        await bob.assistants.get_versions(assistant_id)
    with pytest.raises(NotFoundError):
        await bob.assistants.set_latest(assistant_id, 1)
    thread = await bob.threads.create()
    with pytest.raises(NotFoundError):
        await bob.runs.create(thread["thread_id"], assistant_id, input=user_message("hi"))
    assert await bob.assistants.search(metadata={"owner": "alice"}) == []
    assert await bob.assistants.count() == 4
    # the same id is Bob's own to use, and says nothing about Alice's
    bobs = await bob.assistants.create("orchestrator", assistant_id=assistant_id)
    assert bobs["graph_id"] == "orchestrator"
    assert (await alice.assistants.get(assistant_id))["graph_id"] == "parallel"
    assert (await alice.assistants.get(assistant_id))["name"] == created["name"]


async def test_built_in_assistants_cannot_be_changed(server: RunningServer) -> None:
    client = server.client(new_user())
    builtin = await client.assistants.get("orchestrator")
    for assistant_id in ("orchestrator", builtin["assistant_id"]):
        with pytest.raises(ConflictError):
            await client.assistants.update(assistant_id, name="mine now")
        with pytest.raises(ConflictError):
            await client.assistants.delete(assistant_id)
        with pytest.raises(ConflictError):
            await client.assistants.set_latest(assistant_id, 1)
    with pytest.raises(ConflictError):
        await client.assistants.create("orchestrator", assistant_id=builtin["assistant_id"])
    with pytest.raises(NotFoundError):
        await client.assistants.create("no-such-graph")
    assert await client.assistants.get("orchestrator") == builtin


async def test_a_run_through_a_created_assistant(server: RunningServer) -> None:
    user = new_user()
    client = server.client(user)
    assistant = await client.assistants.create(
        "sequential",
        config={"tags": ["from-assistant"]},
        context={"timezone": "Asia/Tokyo", "user_id": "someone-else"},
    )
    thread = await client.threads.create()
    result = await client.runs.wait(
        thread["thread_id"], assistant["assistant_id"], input=user_message("Add a task to buy milk")
    )
    assert isinstance(result, dict)
    assert result["messages"]
    (run,) = await client.runs.list(thread["thread_id"])
    assert run["assistant_id"] == assistant["assistant_id"]
    assert run["status"] == "success"
    stored = await server.runs.store.runs.get(user, thread["thread_id"], run["run_id"])
    assert stored is not None
    assert stored.graph_id == "sequential"
    assert stored.owner_id == user
    assert stored.kwargs["context"] == {"timezone": "Asia/Tokyo"}
    assert stored.kwargs["config"]["tags"] == ["from-assistant"]
    # the task went to the verified user, not to the context's "someone-else"
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
    assert await server.tasks.list("someone-else") == []
    assert uuid.UUID(assistant["assistant_id"])
