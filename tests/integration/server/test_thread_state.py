"""Editing a thread's history over the SDK: update_state, runs from a checkpoint, copies, counts.

What agent-chat-ui, useStream and Studio do to regenerate, edit and fork a conversation,
and what ``RemoteGraph.update_state`` sends. Another user's thread answers 404 (or 0).
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from langgraph.pregel.remote import RemoteGraph
from langgraph_sdk.client import LangGraphClient
from langgraph_sdk.errors import NotFoundError, UnprocessableEntityError

from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


def _texts(values: dict[str, Any]) -> list[str]:
    return [m["content"] for m in values["messages"]]


async def _thread_with_turns(client: LangGraphClient, *texts: str) -> str:
    thread_id: str = (await client.threads.create())["thread_id"]
    for text in texts:
        await client.runs.wait(thread_id, "orchestrator", input=user_message(text))
    return thread_id


async def test_update_state_writes_values_as_a_node(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = await _thread_with_turns(client, "hi")
    before = await client.threads.get_state(thread_id)
    written = await client.threads.update_state(
        thread_id, {"messages": [{"role": "assistant", "content": "edited"}]}, as_node="direct"
    )
    assert written["checkpoint"]["thread_id"] == thread_id
    after = await client.threads.get_state(thread_id)
    assert after["checkpoint"]["checkpoint_id"] == written["checkpoint"]["checkpoint_id"]
    assert after["parent_checkpoint"]["checkpoint_id"] == before["checkpoint"]["checkpoint_id"]
    assert _texts(after["values"]) == [*_texts(before["values"]), "edited"]
    # A run after the edit continues from it.
    output = await client.runs.wait(thread_id, "orchestrator", input=user_message("hello"))
    assert "edited" in _texts(output)


async def test_update_state_at_a_checkpoint_forks_from_it(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = await _thread_with_turns(client, "hi", "hello again")
    first_turn = (await client.threads.get_history(thread_id, limit=50))[::-1]
    end_of_first = next(s for s in first_turn if len(s["values"].get("messages", [])) == 2)
    written = await client.threads.update_state(
        thread_id,
        {"messages": [{"role": "user", "content": "forked"}]},
        as_node="direct",
        checkpoint=end_of_first["checkpoint"],
    )
    state = await client.threads.get_state(thread_id)
    assert state["checkpoint"]["checkpoint_id"] == written["checkpoint"]["checkpoint_id"]
    assert _texts(state["values"]) == [*_texts(end_of_first["values"]), "forked"]


async def test_update_state_refuses_an_unknown_node_or_checkpoint(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = await _thread_with_turns(client, "hi")
    before = await client.threads.get_state(thread_id)
    with pytest.raises(UnprocessableEntityError):
        await client.threads.update_state(thread_id, {"messages": []}, as_node="no-such-node")
    with pytest.raises(NotFoundError):
        await client.threads.update_state(
            thread_id, {"messages": []}, as_node="direct", checkpoint_id=str(uuid.uuid4())
        )
    after = await client.threads.get_state(thread_id)
    assert after["checkpoint"] == before["checkpoint"]


async def test_remote_graph_update_state(server: RunningServer) -> None:
    user = new_user()
    remote = RemoteGraph("orchestrator", client=server.client(user))
    config = {"configurable": {"thread_id": str(uuid.uuid4())}}
    await remote.ainvoke(user_message("hi"), config)
    written = await remote.aupdate_state(
        config, {"messages": [{"role": "assistant", "content": "noted"}]}, as_node="direct"
    )
    assert written["configurable"]["thread_id"] == config["configurable"]["thread_id"]
    state = await remote.aget_state(config)
    assert state.values["messages"][-1]["content"] == "noted"
    assert state.config["configurable"]["checkpoint_id"] == written["configurable"]["checkpoint_id"]


async def test_a_run_from_a_checkpoint_forks_the_conversation(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = await _thread_with_turns(client, "hi", "hello again")
    history = (await client.threads.get_history(thread_id, limit=50))[::-1]
    end_of_first = next(s for s in history if len(s["values"].get("messages", [])) == 2)
    output = await client.runs.wait(
        thread_id,
        "orchestrator",
        input=user_message("Add a task to buy milk"),
        checkpoint=end_of_first["checkpoint"],
    )
    texts = _texts(output)
    assert texts[:2] == _texts(end_of_first["values"])
    assert "hello again" not in texts
    assert texts[-1] == "Added task 1: Buy milk."
    state = await client.threads.get_state(thread_id)
    assert state["values"]["messages"] == output["messages"]


async def test_a_run_from_an_unknown_or_foreign_checkpoint_is_not_found(
    server: RunningServer,
) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    alices = await _thread_with_turns(alice, "hi")
    checkpoint_id = (await alice.threads.get_state(alices))["checkpoint"]["checkpoint_id"]
    bobs = await _thread_with_turns(bob, "hi")
    for client, thread_id, named in (
        (alice, alices, str(uuid.uuid4())),
        (bob, bobs, checkpoint_id),  # Alice's checkpoint on Bob's thread
        (bob, alices, checkpoint_id),  # Alice's thread
    ):
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await client.runs.wait(
                thread_id, "orchestrator", input=user_message("x"), checkpoint_id=named
            )
        assert refused.value.response.status_code == 404


async def test_copy_keeps_values_and_history_on_a_new_thread(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = await _thread_with_turns(client, "hi")
    await client.threads.update(thread_id, metadata={"topic": "copy me"})
    copied = await client.threads.copy(thread_id)
    assert copied["thread_id"] != thread_id
    assert copied["metadata"]["topic"] == "copy me"
    original = await client.threads.get_state(thread_id)
    copy_state = await client.threads.get_state(copied["thread_id"])
    assert copy_state["values"] == original["values"]
    assert copy_state["checkpoint"]["thread_id"] == copied["thread_id"]
    original_history = await client.threads.get_history(thread_id, limit=50)
    copy_history = await client.threads.get_history(copied["thread_id"], limit=50)
    assert [s["checkpoint"]["checkpoint_id"] for s in copy_history] == [
        s["checkpoint"]["checkpoint_id"] for s in original_history
    ]
    # The copy goes on by itself; the original is untouched.
    await client.runs.wait(copied["thread_id"], "orchestrator", input=user_message("more"))
    assert (await client.threads.get_state(thread_id))["values"] == original["values"]


async def test_count_counts_the_callers_threads_only(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    tag = {"batch": uuid.uuid4().hex}
    for _ in range(3):
        await alice.threads.create(metadata=tag)
    await alice.threads.create()
    assert await alice.threads.count(metadata=tag) == 3
    assert await alice.threads.count() == 4
    assert await alice.threads.count(status="busy") == 0
    assert await bob.threads.count(metadata=tag) == 0


async def test_another_user_cannot_copy_or_update_a_thread(server: RunningServer) -> None:
    alice, bob = server.client(new_user()), server.client(new_user())
    thread_id = await _thread_with_turns(alice, "hi")
    before = await alice.threads.get_state(thread_id)
    with pytest.raises(NotFoundError):
        await bob.threads.copy(thread_id)
    with pytest.raises(NotFoundError):
        await bob.threads.update_state(thread_id, {"messages": []}, as_node="direct")
    assert await bob.threads.count() == 0
    assert (await alice.threads.get_state(thread_id))["checkpoint"] == before["checkpoint"]
    assert await alice.threads.count() == 1
