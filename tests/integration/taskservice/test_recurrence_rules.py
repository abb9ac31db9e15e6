"""Recurrence rules on real databases: rolling over by rule, and migrating the old words."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from persistence.sql import create_engine
from taskservice.errors import InvalidTask
from taskservice.migrate import current_revision, head_revision, upgrade
from taskservice.schemas import TaskCreate, TaskUpdate
from taskservice.service import TaskService

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def service(db_url: str) -> AsyncIterator[TaskService]:
    async with await TaskService.open(db_url, clock=lambda: NOW) as opened:
        yield opened


@pytest.mark.parametrize(
    ("rule", "due", "zone", "stored", "following"),
    [
        # Tuesday 23:59 in New York is Wednesday in UTC: the days are the user's.
        (
            "FREQ=WEEKLY;BYDAY=TH,TU;BYHOUR=7",
            datetime(2026, 11, 24, 23, 59, tzinfo=NEW_YORK),
            "America/New_York",
            "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0",
            datetime(2026, 11, 26, 7, 0, tzinfo=NEW_YORK),
        ),
        (
            "rrule:freq=weekly;byday=mo,tu,we,th,fr",
            datetime(2026, 11, 27, 18, 0, tzinfo=UTC),  # a Friday
            "UTC",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            datetime(2026, 11, 30, 18, 0, tzinfo=UTC),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1",
            datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
            "UTC",
            "FREQ=MONTHLY;BYMONTHDAY=1",
            datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
            "UTC",
            "FREQ=MONTHLY;BYDAY=-1FR",
            datetime(2026, 12, 25, 9, 0, tzinfo=UTC),
        ),
        (
            "FREQ=DAILY;INTERVAL=2",
            datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
            "UTC",
            "FREQ=DAILY;INTERVAL=2",
            datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        ),
    ],
)
async def test_completing_rolls_over_to_the_rules_next_occurrence(
    service: TaskService,
    rule: str,
    due: datetime,
    zone: str,
    stored: str,
    following: datetime,
) -> None:
    task = await service.add("alice", TaskCreate(title="Gym", due=due, recurrence=rule))
    assert task.recurrence == stored

    result = await service.complete("alice", task.id, timezone=zone)

    assert result.task.completed
    assert result.next_occurrence is not None
    assert result.next_occurrence.due == following
    assert result.next_occurrence.recurrence == stored
    assert not result.next_occurrence.completed


async def test_a_counted_rule_counts_down_and_ends(service: TaskService) -> None:
    first = await service.add(
        "alice", TaskCreate(title="Physio", due=NOW, recurrence="FREQ=WEEKLY;COUNT=2")
    )

    second = (await service.complete("alice", first.id)).next_occurrence
    assert second is not None
    assert second.recurrence == "FREQ=WEEKLY;COUNT=1"
    assert second.recurrence_text == "weekly (1 more time)"

    assert (await service.complete("alice", second.id)).next_occurrence is None
    assert len(await service.list("alice")) == 2


async def test_a_rule_past_its_end_does_not_roll_over(service: TaskService) -> None:
    task = await service.add(
        "alice", TaskCreate(title="Course", due=NOW, recurrence="FREQ=DAILY;UNTIL=20261124")
    )

    assert (await service.complete("alice", task.id)).next_occurrence is None


async def test_an_unknown_time_zone_is_refused_and_nothing_changes(service: TaskService) -> None:
    task = await service.add("alice", TaskCreate(title="Gym", recurrence="daily"))

    with pytest.raises(InvalidTask, match="unknown time zone 'Mars/Olympus'"):
        await service.complete("alice", task.id, timezone="Mars/Olympus")

    assert not (await service.get("alice", task.id)).completed


async def test_a_rule_can_be_changed_and_cleared(service: TaskService) -> None:
    task = await service.add("alice", TaskCreate(title="Gym", recurrence="weekly"))

    changed = await service.update("alice", task.id, TaskUpdate(recurrence="FREQ=WEEKLY;BYDAY=SA"))
    assert (changed.recurrence, changed.recurrence_text) == (
        "FREQ=WEEKLY;BYDAY=SA",
        "every Saturday",
    )
    cleared = await service.update("alice", task.id, TaskUpdate(recurrence=None))
    assert (cleared.recurrence, cleared.recurrence_text) == (None, None)


async def test_old_rows_become_rules_and_keep_their_tags_and_subtasks(db_url: str) -> None:
    """A database at the first schema, with the three words, tags and a subtask, upgraded."""
    engine = create_engine(db_url)
    try:
        await upgrade(engine, "0001")
        async with engine.begin() as conn:
            for number, (word, parent) in enumerate(
                [("weekly", None), ("monthly", 1), ("daily", None), (None, None)], start=1
            ):
                await conn.execute(
                    text(
                        "INSERT INTO tasks (user_id, id, title, description, completed, priority,"
                        " due, recurrence, parent_id, created_at, updated_at, completed_at,"
                        " search_text) VALUES ('alice', :id, :title, '', false, 'medium', NULL,"
                        " :word, :parent, :now, :now, NULL, :search)"
                    ),
                    {
                        "id": number,
                        "title": f"task {number}",
                        "search": f"task {number}",
                        "word": word,
                        "parent": parent,
                        "now": NOW,
                    },
                )
            await conn.execute(
                text(
                    "INSERT INTO task_tags (user_id, task_id, position, tag, tag_key) "
                    "VALUES ('alice', 2, 0, 'Home', 'home'), ('alice', 2, 1, 'bills', 'bills')"
                )
            )
            await conn.execute(
                text("INSERT INTO task_counters (user_id, last_id) VALUES ('alice', 4)")
            )
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()

    async with await TaskService.open(db_url, migrate=False, clock=lambda: NOW) as service:
        tasks = await service.list("alice")
        assert [(t.recurrence, t.parent_id) for t in tasks] == [
            ("FREQ=WEEKLY", None),
            ("FREQ=MONTHLY", 1),
            ("FREQ=DAILY", None),
            (None, None),
        ]
        assert tasks[1].tags == ["Home", "bills"]
        assert [t.recurrence_text for t in tasks[:3]] == ["weekly", "monthly", "daily"]
        # A rule longer than ten characters fits now, and the old rows still roll over.
        added = await service.add(
            "alice", TaskCreate(title="Gym", recurrence="FREQ=WEEKLY;BYDAY=MO")
        )
        assert added.id == 5
        rolled = await service.complete("alice", 1)
        assert rolled.next_occurrence is not None
        assert rolled.next_occurrence.recurrence == "FREQ=WEEKLY"

        # Deleting the parent still takes its subtask: the foreign keys survived the rebuild.
        assert (await service.delete("alice", 1)).deleted_subtasks == 1


async def test_downgrading_keeps_the_words_and_drops_what_they_cannot_say(db_url: str) -> None:
    async with await TaskService.open(db_url, clock=lambda: NOW) as service:
        await service.add("alice", TaskCreate(title="a", recurrence="weekly"))
        await service.add("alice", TaskCreate(title="b", recurrence="FREQ=WEEKLY;BYDAY=MO"))
        await service.add("alice", TaskCreate(title="c", tags=["kept"]))
    engine = create_engine(db_url)
    try:
        await _downgrade(engine, "0001")
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT title, recurrence FROM tasks ORDER BY id"))
            assert [tuple(row) for row in rows] == [("a", "weekly"), ("b", None), ("c", None)]
            tags = await conn.execute(text("SELECT tag FROM task_tags"))
            assert list(tags.scalars()) == ["kept"]
    finally:
        await engine.dispose()


async def _downgrade(engine: Any, revision: str) -> None:
    from alembic import command

    from taskservice.migrate import MIGRATIONS

    def run(connection: Any) -> None:
        config = MIGRATIONS.config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(run)
