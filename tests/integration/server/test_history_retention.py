"""The history endpoint after the retention policy deleted older turns' inner checkpoints:
every turn is still there (GET and POST), and an approval still resumes over the SDK."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from taskservice.schemas import TaskCreate
from tests.integration.server.support import (
    RunningServer,
    new_user,
    serve,
    server_settings,
    user_message,
)

pytestmark = pytest.mark.postgres

ASKS = ("Add a task to buy bread", "hello", "Add a task to call mom", "Delete task 1")


@pytest.fixture(scope="module")
async def lean_server(
    module_database: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningServer]:
    settings = server_settings(
        tmp_path_factory.mktemp("lean"),
        database_url=module_database,
        checkpoint_retention_turns=1,
    )
    async with serve(settings) as running:
        yield running


def _asked(state: dict[str, Any]) -> list[str]:
    messages = state["values"].get("messages") or []
    return [m["content"] for m in messages if m["type"] == "human"]


async def test_history_shows_every_turn_after_retention(lean_server: RunningServer) -> None:
    user = new_user()
    await lean_server.tasks.add(user, TaskCreate(title="Old report"))
    client = lean_server.client(user)
    thread_id = (await client.threads.create())["thread_id"]
    for text in ASKS:
        await client.runs.wait(thread_id, "orchestrator", input=user_message(text))
    saver = lean_server.app.state.engine.persistence.checkpointer
    inner = {
        item.config["configurable"]["checkpoint_ns"]
        async for item in saver.alist({"configurable": {"thread_id": thread_id}})
    } - {""}
    assert len(inner) == 1  # only the waiting turn's workflow checkpoints are left

    posted = await client.threads.get_history(thread_id, limit=1000)
    async with lean_server.http(user) as http:
        got = (await http.get(f"/threads/{thread_id}/history", params={"limit": 1000})).json()
    for history in (posted, got):
        # Each turn's request is the latest one in some state of the history, and the
        # newest state holds them all, in order.
        latest = {tuple(_asked(state))[-1:] for state in history if _asked(state)}
        assert latest == {(ask,) for ask in ASKS}
        assert _asked(history[0]) == list(ASKS)

    resumed = await client.runs.wait(
        thread_id,
        "orchestrator",
        command={"resume": {"decisions": [{"type": "approve"}]}},
    )
    assert isinstance(resumed, dict)
    assert [t.title for t in await lean_server.tasks.list(user)] == ["Buy bread", "Call mom"]
    after = await client.threads.get_history(thread_id, limit=1000)
    assert _asked(after[0]) == list(ASKS)
    assert len(after) > len(posted)
