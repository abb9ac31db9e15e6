"""Text no database stores (NUL, lone surrogates, other control characters) and task
numbers no column holds are refused by the task models and the service, on SQLite and
on PostgreSQL (where they used to reach the database and fail there), changing nothing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from taskservice.errors import InvalidTask, TaskNotFound
from taskservice.schemas import TASK_ID_MAX, TaskCreate, TaskQuery, TaskUpdate
from taskservice.service import TaskService

ALICE = "alice"
ODD_TEXTS = {
    "NUL": ("a\x00b", "control character U+0000"),
    "escape": ("\x1b[31mred", "control character U+001B"),
    "C1 control": ("a\x85b", "control character U+0085"),
    "lone surrogate": ("a\ud800b", "lone surrogate U+D800"),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def service(db_url: str) -> AsyncIterator[TaskService]:
    async with await TaskService.open(db_url) as opened:
        yield opened


@pytest.mark.parametrize(("text", "problem"), ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
@pytest.mark.parametrize("field", ["title", "description", "tags"])
async def test_odd_text_is_refused_naming_the_field(
    service: TaskService, field: str, text: str, problem: str
) -> None:
    kept = await service.add(ALICE, TaskCreate(title="Kept as it was"))
    value: Any = [text] if field == "tags" else text
    with pytest.raises(InvalidTask, match=re.escape(f"{field} must not contain a {problem}")):
        await service.add(ALICE, TaskCreate.model_validate({"title": "ok", field: value}))
    with pytest.raises(InvalidTask, match=re.escape(f"{field} must not contain a {problem}")):
        await service.update(ALICE, kept.id, TaskUpdate.model_validate({field: value}))
    assert await service.list(ALICE) == [kept]


@pytest.mark.parametrize("field", ["search", "tag"])
async def test_odd_text_in_a_filter_is_refused(service: TaskService, field: str) -> None:
    with pytest.raises(InvalidTask, match=f"{field} must not contain a control character"):
        await service.list(ALICE, TaskQuery.model_validate({field: "a\x00"}))


async def test_tabs_newlines_and_emoji_are_kept(service: TaskService) -> None:
    added = await service.add(
        ALICE, TaskCreate(title="Pack 🎒", description="socks\n\tshoes\r\n", tags=["trip ✈"])
    )
    assert (await service.get(ALICE, added.id)).description == "socks\n\tshoes\r\n"
    assert added.title == "Pack 🎒"
    assert added.tags == ["trip ✈"]


@pytest.mark.parametrize("task_id", [0, -1, TASK_ID_MAX + 1, 2**63, 10**30])
async def test_numbers_no_task_can_have_are_not_found(service: TaskService, task_id: int) -> None:
    kept = await service.add(ALICE, TaskCreate(title="Kept"))
    with pytest.raises(TaskNotFound):
        await service.get(ALICE, task_id)
    with pytest.raises(TaskNotFound):
        await service.update(ALICE, task_id, TaskUpdate(title="changed"))
    with pytest.raises(TaskNotFound):
        await service.complete(ALICE, task_id)
    with pytest.raises(TaskNotFound):
        await service.delete(ALICE, task_id)
    with pytest.raises(InvalidTask, match=f"parent_id must be at most {TASK_ID_MAX}"):
        TaskCreate(title="child", parent_id=TASK_ID_MAX + 1)
    assert await service.list(ALICE) == [kept]
