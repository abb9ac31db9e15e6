"""LangGraph's ``RemoteGraph`` pointed at the server runs the orchestrator like a local graph."""

from __future__ import annotations

import uuid

import pytest
from langgraph.pregel.remote import RemoteGraph
from langgraph.types import Command
from langgraph_sdk.errors import NotFoundError

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def test_remote_graph_invokes_streams_and_resumes(server: RunningServer) -> None:
    user = new_user()
    remote = RemoteGraph("orchestrator", client=server.client(user))
    config = {"configurable": {"thread_id": str(uuid.uuid4())}}  # created on first use

    result = await remote.ainvoke(user_message("Add a task to buy milk"), config)
    assert result["workflow"] == "sequential"
    state = await remote.aget_state(config)
    assert state.values["messages"][-1]["content"] == "Added task 1: Buy milk."

    updates = [
        chunk async for chunk in remote.astream(user_message("hi"), config, stream_mode="updates")
    ]
    assert [next(iter(chunk)) for chunk in updates] == ["begin", "router", "direct"]

    paused = await remote.ainvoke(user_message("delete task 1"), config)
    assert paused["__interrupt__"][0]["value"]["type"] == "approval"
    await remote.ainvoke(Command(resume={"approved": True}), config)
    assert await server.tasks.list(user) == []

    drawing = await remote.aget_graph(xray=True)
    assert "router" in drawing.nodes


async def test_remote_graph_cannot_reach_another_users_thread(server: RunningServer) -> None:
    alice, bob = new_user(), new_user()
    await server.tasks.add(alice, TaskCreate(title="Buy milk"))
    config = {"configurable": {"thread_id": str(uuid.uuid4())}}
    await RemoteGraph("orchestrator", client=server.client(alice)).ainvoke(
        user_message("hi"), config
    )
    intruder = RemoteGraph("orchestrator", client=server.client(bob))
    with pytest.raises(NotFoundError):
        await intruder.ainvoke(user_message("delete task 1"), config)
    assert [t.title for t in await server.tasks.list(alice)] == ["Buy milk"]
