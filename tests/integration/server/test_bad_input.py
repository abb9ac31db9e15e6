"""Bad input never poisons a thread: refused before a run exists, or the run ends ``error``.

A message LangGraph cannot coerce, or a state update a reducer refuses, is answered 422
on every run-creating route, and the thread's next turn works. A run that fails inside
the graph streams an ``error`` event and ends ``error``, and the thread goes on; so does a
run on a thread whose state cannot be read (one poisoned before this check existed).
"""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest
from langgraph.types import Command

from engine.turns import thread_config
from tests.integration.server.support import RunningServer, new_user, read_sse, user_message

BAD_MESSAGES: list[Any] = [
    [{"role": "robot", "content": "hi"}],  # unknown role
    [{"role": "user"}],  # no content
    [{"content": "hi"}],  # no role
    [{"role": "user", "content": 5}],  # content neither text nor blocks
    [{"role": "user", "content": [5]}],  # a block that is not one
    [{"role": "ai", "content": "x", "tool_calls": "zz"}],  # tool calls of the wrong shape
    [["robot", "hi"]],  # a pair with an unknown role
    [42],
    5,  # not a list of messages
    None,
]
ROUTES = ("runs/stream", "runs/wait", "runs")  # under /threads/{id}/


async def _works(server: RunningServer, user: str, thread_id: str) -> None:
    """The thread answers a normal turn, and its state and history read."""
    client = server.client(user)
    output = await client.runs.wait(thread_id, "orchestrator", input=user_message("hi"))
    assert isinstance(output, dict)
    assert output["messages"][-1]["type"] == "ai"
    assert (await client.threads.get(thread_id))["status"] == "idle"
    values = (await client.threads.get_state(thread_id))["values"]
    assert isinstance(values, dict)
    assert values["messages"]
    assert await client.threads.get_history(thread_id)
    runs = await client.runs.list(thread_id)
    assert all(run["status"] in ("success", "error") for run in runs)


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("messages", BAD_MESSAGES)
async def test_a_malformed_message_is_refused_before_a_run_exists(
    sqlite_server: RunningServer, route: str, messages: Any
) -> None:
    user = new_user()
    async with sqlite_server.http(user) as http:
        thread_id = (await http.post("/threads", json={})).json()["thread_id"]
        body = {"assistant_id": "orchestrator", "input": {"messages": messages}}
        response = await http.post(f"/threads/{thread_id}/{route}", json=body)
        assert response.status_code == 422, response.text
        assert (await http.get(f"/threads/{thread_id}/runs")).json() == []
    await _works(sqlite_server, user, thread_id)


@pytest.mark.parametrize("route", ["/runs/stream", "/runs/wait", "/runs", "/runs/batch"])
async def test_stateless_runs_refuse_a_malformed_message(
    sqlite_server: RunningServer, route: str
) -> None:
    user = new_user()
    body: Any = {"assistant_id": "orchestrator", "input": {"messages": [{"role": "robot"}]}}
    async with sqlite_server.http(user) as http:
        response = await http.post(route, json=[body] if route == "/runs/batch" else body)
    assert response.status_code == 422, response.text
    assert await sqlite_server.client(user).threads.search() == []


async def test_the_sdk_sees_a_422_and_the_thread_goes_on(sqlite_server: RunningServer) -> None:
    user = new_user()
    client = sqlite_server.client(user)
    thread = await client.threads.create()
    await _works(sqlite_server, user, thread["thread_id"])  # a thread with history
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await client.runs.wait(
            thread["thread_id"],
            "orchestrator",
            input=cast(Any, {"messages": [{"role": "robot", "content": "hi"}]}),
        )
    assert refused.value.response.status_code == 422
    with pytest.raises(httpx.HTTPStatusError) as refused:  # an update a reducer refuses
        await client.runs.create(
            thread["thread_id"], "orchestrator", command={"update": {"tool_calls": 5}}
        )
    assert refused.value.response.status_code == 422
    with pytest.raises(httpx.HTTPStatusError) as refused:
        async for _ in client.runs.stream(
            thread["thread_id"], "orchestrator", command=cast(Any, {"update": [["fallbacks", 5]]})
        ):
            pass
    assert refused.value.response.status_code == 422
    assert len(await client.runs.list(thread["thread_id"])) == 1
    await _works(sqlite_server, user, thread["thread_id"])


async def test_a_run_that_fails_in_the_graph_streams_an_error_and_the_thread_goes_on(
    sqlite_server: RunningServer,
) -> None:
    user = new_user()
    client = sqlite_server.client(user)
    thread = await client.threads.create()
    parts = [  # two steps are too few for any turn: the graph raises GraphRecursionError
        part
        async for part in client.runs.stream(
            thread["thread_id"],
            "orchestrator",
            input=user_message("Add a task to buy milk"),
            config={"recursion_limit": 2},
        )
    ]
    assert parts[0].event == "metadata"
    assert parts[-1].event == "error"
    assert parts[-1].data["error"] == "GraphRecursionError"
    run = await client.runs.get(thread["thread_id"], parts[0].data["run_id"])
    assert run["status"] == "error"
    assert (await client.threads.get(thread["thread_id"]))["status"] == "error"
    await _works(sqlite_server, user, thread["thread_id"])


async def test_a_run_on_an_unreadable_thread_ends_as_an_error(
    sqlite_server: RunningServer,
) -> None:
    user = new_user()
    client = sqlite_server.client(user)
    thread = await client.threads.create()
    await _works(sqlite_server, user, thread["thread_id"])
    graph = sqlite_server.app.state.engine.graphs["orchestrator"]
    config = thread_config(thread["thread_id"])
    with pytest.raises(TypeError):  # the graph run directly saves what it cannot apply
        await graph.ainvoke(Command(update={"tool_calls": 5}), config)
    with pytest.raises(TypeError):
        await graph.aget_state(config)

    async with (
        sqlite_server.http(user) as http,
        http.stream(
            "POST",
            f"/threads/{thread['thread_id']}/runs/stream",
            json={"assistant_id": "orchestrator", "input": user_message("hi")},
        ) as response,
    ):
        events = [event.event async for event in read_sse(response) if event.event]
    assert events[-1] == "error"
    runs = await client.runs.list(thread["thread_id"])
    assert [run["status"] for run in runs] == ["error", "success"]  # newest first
