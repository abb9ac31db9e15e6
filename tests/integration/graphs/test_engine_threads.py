"""A conversation continues in a new engine (a new process, as far as the graph can tell):
the first engine is closed, a second opened on the same settings, with the checkpoints, the
store and the tasks in a fresh PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from engine.core import open_engine
from engine.turns import run_turn, session_thread_id, thread_config
from settings import Settings
from taskservice.schemas import TaskCreate
from tests.integration.graphs.support import Approver, context, engine_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def settings(tmp_path: Path, postgres_url: str) -> Settings:
    return engine_settings(tmp_path, database_url=postgres_url)


async def test_the_second_one_means_the_second_of_the_list_shown_before(
    settings: Settings,
) -> None:
    ann = context("ann", session="groceries")
    async with open_engine(settings) as first:
        assert first.persistence.kind == "postgres"
        for title in ("Buy milk", "Call mom", "Pay rent"):
            await first.tasks.add("ann", TaskCreate(title=title))
        await first.tasks.complete("ann", 1)
        shown = await run_turn(first.graph, ann, "Show my pending tasks")
    # The list showed tasks 2 and 3: "the second one" is task 3 here, but task 2 to anyone
    # who did not see that list.
    assert [c["name"] for c in shown.tool_calls] == ["list_tasks"]
    assert shown.reply.index("Call mom") < shown.reply.index("Pay rent")
    assert "Buy milk" not in shown.reply

    async with open_engine(settings) as second:
        thread = await second.graph.aget_state(thread_config(session_thread_id("ann", "groceries")))
        said = [m.text for m in thread.values["messages"] if isinstance(m, HumanMessage)]
        assert said == ["Show my pending tasks"]
        result = await run_turn(second.graph, ann, "mark the second one as done")
        tasks = {t.title: t for t in await second.tasks.list("ann")}
    assert result.workflow == "sequential"
    assert tasks["Pay rent"].completed
    assert not tasks["Call mom"].completed
    assert [(c["name"], c["args"], c["ok"]) for c in result.tool_calls] == [
        ("complete_task", {"task_id": tasks["Pay rent"].id}, True)
    ]


async def test_it_means_the_task_added_earlier_in_the_thread(settings: Settings) -> None:
    ann = context("ann", session="errands")
    async with open_engine(settings) as first:
        await run_turn(first.graph, ann, "Add a task to renew my passport")
        [passport] = await first.tasks.list("ann")

    async with open_engine(settings) as second:
        # A newer task the conversation never mentioned: "it" must not drift to it.
        plants = await second.tasks.add("ann", TaskCreate(title="Water the plants"))
        result = await run_turn(second.graph, ann, "make it high priority", approver=Approver(True))
        tasks = {t.id: t for t in await second.tasks.list("ann")}
    assert passport.title.lower() == "renew my passport"
    assert tasks[passport.id].priority == "high"
    assert tasks[plants.id].priority == plants.priority != "high"
    assert [(c["name"], c["args"].get("task_id"), c["ok"]) for c in result.tool_calls] == [
        ("update_task", passport.id, True)
    ]
