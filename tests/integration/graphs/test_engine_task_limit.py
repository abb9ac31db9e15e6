"""The per-turn task limit on the real stack (offline model, task MCP server, SQLite):
a message listing more tasks than MAX_TASKS_PER_TURN asks before creating any."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.core import Engine, open_engine
from engine.turns import run_turn
from tests.integration.graphs.support import Approver, context, engine_settings

LIMIT = 5
EIGHT = "Add tasks: " + ", ".join(f"buy item {letter}" for letter in "abcdefgh")


@pytest.fixture
async def limited(tmp_path: Path) -> AsyncIterator[Engine]:
    settings = engine_settings(tmp_path).model_copy(update={"max_tasks_per_turn": LIMIT})
    async with open_engine(settings) as opened:
        yield opened


async def test_a_message_within_the_limit_creates_its_tasks_without_asking(
    limited: Engine,
) -> None:
    text = "Add tasks: " + ", ".join(f"buy item {letter}" for letter in "abcd")
    result = await run_turn(limited.graph, context("ann"), text, approver=Approver(False))
    assert result.approvals == []
    assert len(await limited.tasks.list("ann")) == 4


async def test_more_than_the_limit_waits_for_approval_and_creates_nothing_meanwhile(
    limited: Engine,
) -> None:
    result = await run_turn(limited.graph, context("ann"), EIGHT)
    assert result.pending_approval is not None
    assert result.pending_approval["summary"] in result.reply
    assert len(result.pending_approval["changes"]) == 8
    assert await limited.tasks.list("ann") == []


@pytest.mark.parametrize("approved", [True, False])
async def test_approval_creates_them_all_and_rejection_none(
    limited: Engine, approved: bool
) -> None:
    approver = Approver(approved)
    result = await run_turn(limited.graph, context("ann"), EIGHT, approver=approver)
    assert len(approver.requests) == 1
    tasks = await limited.tasks.list("ann")
    assert len(tasks) == (8 if approved else 0)
    if approved:
        assert all(task.title in result.reply for task in tasks)
    else:
        assert "Added" not in result.reply
        assert "didn't" in result.reply  # the reply owns up to it


async def test_the_1400_task_message_asks_first_under_the_default_limit(engine: Engine) -> None:
    # What made 1,400 tasks in one turn: one "add" listing them (5,896 characters).
    text = "add " + ",".join(str(number) for number in range(1, 1401))
    result = await run_turn(engine.graph, context("ann"), text)
    assert result.pending_approval is not None
    assert len(result.pending_approval["changes"]) == 1400
    assert str(engine.settings.max_tasks_per_turn) in result.pending_approval["summary"]
    assert await engine.tasks.list("ann") == []
