"""TaskService against real databases: SQLite in a temporary file and the throwaway PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from persistence.sql import create_engine
from taskservice.errors import InvalidTask, TaskNotFound
from taskservice.migrate import current_revision, head_revision, upgrade
from taskservice.schemas import TaskCreate, TaskQuery, TaskUpdate
from taskservice.service import TaskService
from taskservice.tables import metadata, task_tags, tasks

START = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
ALICE, BOB = "alice", "bob"


class FakeClock:
    """The service's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def service(db_url: str, clock: FakeClock) -> AsyncIterator[TaskService]:
    async with await TaskService.open(db_url, clock=clock) as opened:
        yield opened


def due(day: int, hour: int = 9, month: int = 1) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=UTC)


async def add(service: TaskService, user: str = ALICE, **fields: Any) -> int:
    fields.setdefault("title", "a task")
    return (await service.add(user, TaskCreate(**fields))).id


async def ids(service: TaskService, user: str = ALICE, **query: Any) -> list[int]:
    return [task.id for task in await service.list(user, TaskQuery(**query))]


# Numbering ----------------------------------------------------------------------------


async def test_numbers_count_per_user_and_are_never_reused(service: TaskService) -> None:
    assert [await add(service, ALICE) for _ in range(3)] == [1, 2, 3]
    assert [await add(service, BOB) for _ in range(3)] == [1, 2, 3]

    await service.delete(ALICE, 3)
    assert await add(service, ALICE) == 4
    await service.delete(ALICE, 1)
    assert await add(service, ALICE) == 5
    assert await ids(service, ALICE) == [2, 4, 5]
    assert await ids(service, BOB) == [1, 2, 3]


async def test_concurrent_adds_get_distinct_numbers(service: TaskService) -> None:
    added = await asyncio.gather(
        *(service.add(ALICE, TaskCreate(title=f"t{i}")) for i in range(20))
    )

    assert sorted(task.id for task in added) == list(range(1, 21))
    assert sorted(await ids(service, ALICE)) == list(range(1, 21))


async def test_concurrent_adds_from_two_processes_get_distinct_numbers(db_url: str) -> None:
    # Two services = two engines and pools, as two server processes would have.
    async with await TaskService.open(db_url) as one, await TaskService.open(db_url) as two:
        added = await asyncio.gather(
            *(svc.add(ALICE, TaskCreate(title=f"t{i}")) for i in range(15) for svc in (one, two))
        )

    assert sorted(task.id for task in added) == list(range(1, 31))


async def test_in_memory_sqlite_serves_concurrent_callers() -> None:
    async with await TaskService.open("sqlite+aiosqlite://") as service:
        added = await asyncio.gather(
            *(service.add(ALICE, TaskCreate(title="t")) for _ in range(10))
        )
        assert sorted(task.id for task in added) == list(range(1, 11))


# Stored fields ------------------------------------------------------------------------


async def test_add_stores_every_field_and_returns_aware_utc(
    service: TaskService, clock: FakeClock
) -> None:
    parent = await add(service, title="Plan the trip")
    berlin_morning = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))

    task = await service.add(
        ALICE,
        TaskCreate(
            title="  Book flights  ",
            description="Window seat",
            priority="high",
            tags=["Travel", " urgent ", "travel", ""],
            due=berlin_morning,
            recurrence="weekly",
            parent_id=parent,
        ),
    )

    assert task.title == "Book flights"
    assert (task.description, task.priority, task.recurrence, task.parent_id) == (
        "Window seat",
        "high",
        "FREQ=WEEKLY",
        parent,
    )
    assert task.tags == ["Travel", "urgent"]
    assert task.due == berlin_morning
    assert task.due is not None
    assert task.due.utcoffset() == timedelta(0)
    assert task.due.hour == 8
    assert task.created_at == task.updated_at == clock.now
    assert task.created_at.tzinfo is not None
    assert (task.completed, task.completed_at) == (False, None)
    assert await service.get(ALICE, task.id) == task


async def test_adding_a_completed_task_records_when(service: TaskService, clock: FakeClock) -> None:
    task = await service.add(ALICE, TaskCreate(title="Already done", completed=True))

    assert task.completed
    assert task.completed_at == clock.now


# Validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "title must not be empty"),
        ({"title": "   "}, "title must not be empty"),
        ({"title": "x" * 201}, "title must be at most 200 characters"),
        ({"title": "t", "description": "d" * 2001}, "description must be at most 2000 characters"),
        ({"title": "t", "priority": "urgent"}, "priority must be one of 'low', 'medium' or 'high'"),
        ({"title": "t", "recurrence": "yearly"}, "recurrence part 'YEARLY' is not NAME=VALUE"),
        (
            {"title": "t", "recurrence": "FREQ=WEEKLY;BYDAY=XY"},
            "recurrence BYDAY 'XY' is not a day",
        ),
        ({"title": "t", "due": datetime(2025, 1, 1, 9)}, "due must include a time zone"),
        ({"title": "t", "due": "2025-01-01T09:00"}, "due must include a time zone"),
        ({"title": "t", "due": "next tuesday"}, "due must be an ISO 8601 date and time"),
        ({"title": "t", "tags": ["x" * 51]}, "each tag must be at most 50 characters"),
        ({"title": "t", "parent_id": 0}, "parent_id must be at least 1"),
        ({"title": "t", "colour": "red"}, "unknown field 'colour'"),
        ({}, "title is required"),
    ],
)
def test_invalid_new_tasks_are_refused_with_a_clear_message(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidTask, match=f"^Invalid task: {message}"):
        TaskCreate(**fields)


def test_every_problem_is_reported_in_one_sentence() -> None:
    with pytest.raises(InvalidTask) as raised:
        TaskCreate.model_validate({"title": " ", "priority": "urgent"})

    assert str(raised.value) == (
        "Invalid task: title must not be empty; "
        "priority must be one of 'low', 'medium' or 'high' (got 'urgent')."
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": None}, "title cannot be cleared"),
        ({"priority": None}, "priority cannot be cleared"),
        ({"completed": None}, "completed cannot be cleared"),
        ({"title": "x" * 201}, "title must be at most 200 characters"),
        ({"due": datetime(2025, 1, 1)}, "due must include a time zone"),
        ({"recurrence": "FREQ=SECONDLY"}, "recurrence FREQ must be one of YEARLY"),
    ],
)
def test_invalid_updates_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidTask, match=f"^Invalid task: {message}"):
        TaskUpdate(**fields)


def test_invalid_queries_are_refused() -> None:
    with pytest.raises(InvalidTask, match="status must be one of"):
        TaskQuery(status="done")
    with pytest.raises(InvalidTask, match="limit must be at least 1"):
        TaskQuery(limit=0)


async def test_parent_must_exist(service: TaskService) -> None:
    with pytest.raises(InvalidTask, match=r"^Invalid task: parent task 9 not found\.$"):
        await service.add(ALICE, TaskCreate(title="orphan", parent_id=9))
    assert await ids(service) == []

    task = await add(service)
    with pytest.raises(InvalidTask, match="parent task 9 not found"):
        await service.update(ALICE, task, TaskUpdate(parent_id=9))


async def test_a_task_cannot_become_its_own_ancestor(service: TaskService) -> None:
    root = await add(service, title="root")
    child = await add(service, parent_id=root)
    grandchild = await add(service, parent_id=child)

    with pytest.raises(InvalidTask, match=f"task {root} cannot be a subtask of itself"):
        await service.update(ALICE, root, TaskUpdate(parent_id=root))
    with pytest.raises(InvalidTask, match=f"task {root} cannot be a subtask of its own subtask"):
        await service.update(ALICE, root, TaskUpdate(parent_id=grandchild))

    assert (await service.get(ALICE, root)).parent_id is None
    moved = await service.update(ALICE, grandchild, TaskUpdate(parent_id=root))
    assert moved.parent_id == root


async def test_unknown_task_is_not_found(service: TaskService) -> None:
    with pytest.raises(TaskNotFound, match=r"^Task 42 not found\.$"):
        await service.get(ALICE, 42)
    with pytest.raises(TaskNotFound):
        await service.complete(ALICE, 42)
    with pytest.raises(TaskNotFound):
        await service.update(ALICE, 42, TaskUpdate(title="x"))
    with pytest.raises(TaskNotFound):
        await service.delete(ALICE, 42)


async def test_user_id_is_required(service: TaskService) -> None:
    with pytest.raises(ValueError, match="user_id"):
        await service.add("", TaskCreate(title="t"))


# Isolation ----------------------------------------------------------------------------


async def test_users_cannot_reach_each_others_tasks(service: TaskService) -> None:
    alices = await service.add(ALICE, TaskCreate(title="Alice's secret", tags=["private"]))

    with pytest.raises(TaskNotFound, match="Task 1 not found"):
        await service.get(BOB, alices.id)
    with pytest.raises(TaskNotFound):
        await service.complete(BOB, alices.id)
    with pytest.raises(TaskNotFound):
        await service.update(BOB, alices.id, TaskUpdate(title="mine now"))
    with pytest.raises(TaskNotFound):
        await service.delete(BOB, alices.id)
    with pytest.raises(InvalidTask, match="parent task 1 not found"):
        await service.add(BOB, TaskCreate(title="sneaky", parent_id=alices.id))
    assert await service.list(BOB, TaskQuery(search="secret")) == []
    assert await service.list(BOB, TaskQuery(tag="private")) == []

    bobs = await add(service, BOB)
    await add(service, ALICE)
    with pytest.raises(InvalidTask, match="parent task 2 not found"):
        await service.update(BOB, bobs, TaskUpdate(parent_id=2))
    assert await service.get(ALICE, alices.id) == alices


# Listing ------------------------------------------------------------------------------


async def test_list_filters(service: TaskService) -> None:
    groceries = await add(service, title="Buy groceries", tags=["Home"], due=due(12))
    report = await add(service, title="Write report", description="Q4 100% done", priority="high")
    call = await add(
        service, title="Call mum", priority="low", tags=["home", "family"], due=due(20)
    )
    step = await add(service, title="Draft outline", parent_id=report, due=due(15))
    await service.complete(ALICE, call)
    await add(service, BOB, title="Buy groceries", tags=["home"])

    assert await ids(service) == [groceries, report, call, step]
    assert await ids(service, status="pending") == [groceries, report, step]
    assert await ids(service, status="completed") == [call]
    assert await ids(service, priority="high") == [report]
    assert await ids(service, tag="HOME") == [groceries, call]
    assert await ids(service, tag="family", status="pending") == []
    assert await ids(service, search="GROCER") == [groceries]
    assert await ids(service, search="100%") == [report]
    assert await ids(service, search="%") == [report]
    assert await ids(service, search="_") == []
    assert await ids(service, due_after=due(12), due_before=due(20)) == [groceries, step]
    assert await ids(service, due_before=due(12)) == []
    assert await ids(service, due_after=due(15, hour=10)) == [call]
    assert await ids(service, parent_id=report) == [step]
    assert await ids(service, limit=2) == [groceries, report]


async def test_search_and_tags_ignore_case_beyond_ascii(service: TaskService) -> None:
    street = await add(service, title="Straße fegen", tags=["Ärger"])
    cafe = await add(service, title="Meet", description="at the CAFÉ")

    assert await ids(service, search="STRASSE") == [street]
    assert await ids(service, search="café") == [cafe]
    assert await ids(service, tag="ärger") == [street]


async def test_search_follows_renames(service: TaskService) -> None:
    task = await add(service, title="Old name", description="first notes")

    await service.update(ALICE, task, TaskUpdate(title="New name"))
    assert await ids(service, search="old") == []
    assert await ids(service, search="new name") == [task]
    assert await ids(service, search="first notes") == [task]

    await service.update(ALICE, task, TaskUpdate(description="second"))
    assert await ids(service, search="first") == []
    assert await ids(service, search="SECOND") == [task]


async def test_due_filters_compare_instants_across_time_zones(service: TaskService) -> None:
    tokyo = timezone(timedelta(hours=9))
    task = await add(service, due=datetime(2025, 1, 10, 8, 0, tzinfo=tokyo))  # 23:00 UTC on the 9th

    assert await ids(service, due_before=datetime(2025, 1, 9, 23, 30, tzinfo=UTC)) == [task]
    assert await ids(service, due_before=datetime(2025, 1, 9, 22, 30, tzinfo=UTC)) == []


async def test_list_sorts(service: TaskService, clock: FakeClock) -> None:
    undated_high = await add(service, title="banana", priority="high")
    clock.advance(minutes=1)
    late_low = await add(service, title="Cherry", priority="low", due=due(20))
    clock.advance(minutes=1)
    early_medium = await add(service, title="apple", due=due(5))
    clock.advance(minutes=1)
    late_high = await add(service, title="date", priority="high", due=due(25))

    assert await ids(service, sort_by="created") == [
        undated_high,
        late_low,
        early_medium,
        late_high,
    ]
    assert await ids(service, sort_by="due") == [early_medium, late_low, late_high, undated_high]
    assert await ids(service, sort_by="priority") == [
        late_high,
        undated_high,
        early_medium,
        late_low,
    ]
    assert await ids(service, sort_by="title") == [early_medium, undated_high, late_low, late_high]
    assert await ids(service, sort_by="due", limit=1) == [early_medium]


# Completion and recurrence ------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "first", "following"),
    [
        ("daily", datetime(2025, 1, 31, 9, tzinfo=UTC), datetime(2025, 2, 1, 9, tzinfo=UTC)),
        ("weekly", datetime(2025, 12, 29, 9, tzinfo=UTC), datetime(2026, 1, 5, 9, tzinfo=UTC)),
        ("monthly", datetime(2025, 1, 31, 9, tzinfo=UTC), datetime(2025, 2, 28, 9, tzinfo=UTC)),
        ("monthly", datetime(2024, 1, 31, 9, tzinfo=UTC), datetime(2024, 2, 29, 9, tzinfo=UTC)),
        ("monthly", datetime(2025, 3, 15, 9, tzinfo=UTC), datetime(2025, 4, 15, 9, tzinfo=UTC)),
    ],
)
async def test_completing_a_recurring_task_schedules_the_next(
    service: TaskService,
    clock: FakeClock,
    recurrence: str,
    first: datetime,
    following: datetime,
) -> None:
    plan = await add(service, title="Plans")
    original = await service.add(
        ALICE,
        TaskCreate(
            title="Pay rent",
            description="Landlord's account",
            priority="high",
            tags=["bills", "Home"],
            due=first,
            recurrence=recurrence,
            parent_id=plan,
        ),
    )

    result = await service.complete(ALICE, original.id)

    assert result.task.completed
    assert result.task.completed_at == clock.now
    successor = result.next_occurrence
    assert successor is not None
    assert successor.id == original.id + 1
    assert successor.due == following
    assert not successor.completed
    assert successor.completed_at is None
    same = ("title", "description", "priority", "tags", "recurrence", "parent_id")
    assert successor.model_dump(include=set(same)) == original.model_dump(include=set(same))
    assert await service.get(ALICE, successor.id) == successor


async def test_completing_twice_is_idempotent(service: TaskService, clock: FakeClock) -> None:
    task = await add(service, due=due(10), recurrence="daily")
    first = await service.complete(ALICE, task)
    clock.advance(hours=1)

    again = await service.complete(ALICE, task)

    assert again.next_occurrence is None
    assert again.task == first.task
    assert len(await service.list(ALICE)) == 2


async def test_concurrent_completions_roll_over_once(service: TaskService) -> None:
    task = await add(service, due=due(10), recurrence="weekly")

    results = await asyncio.gather(*(service.complete(ALICE, task) for _ in range(5)))

    assert sum(result.next_occurrence is not None for result in results) == 1
    assert await ids(service) == [task, task + 1]


async def test_recurring_task_without_due_date_recurs_from_completion(
    service: TaskService, clock: FakeClock
) -> None:
    task = await add(service, recurrence="daily")

    result = await service.complete(ALICE, task)

    assert result.next_occurrence is not None
    assert result.next_occurrence.due == clock.now + timedelta(days=1)


async def test_completing_a_plain_task_schedules_nothing(service: TaskService) -> None:
    task = await add(service, due=due(10))

    result = await service.complete(ALICE, task)

    assert result.task.completed
    assert result.next_occurrence is None
    assert await ids(service) == [task]


# Update -------------------------------------------------------------------------------


async def test_update_changes_only_the_fields_given(service: TaskService, clock: FakeClock) -> None:
    parent = await add(service, title="Plan")
    original = await service.add(
        ALICE,
        TaskCreate(title="Draft", description="notes", priority="low", tags=["a"], due=due(3)),
    )
    clock.advance(minutes=5)

    renamed = await service.update(ALICE, original.id, TaskUpdate(title="Final", parent_id=parent))

    assert renamed.title == "Final"
    assert renamed.parent_id == parent
    unchanged = ("description", "priority", "tags", "due", "recurrence", "completed", "created_at")
    assert renamed.model_dump(include=set(unchanged)) == original.model_dump(include=set(unchanged))
    assert renamed.updated_at == clock.now


async def test_update_clears_fields_set_to_none(service: TaskService) -> None:
    parent = await add(service, title="Plan")
    task = await add(
        service, description="notes", tags=["a"], due=due(3), recurrence="daily", parent_id=parent
    )

    cleared = await service.update(
        ALICE,
        task,
        TaskUpdate(due=None, description=None, tags=None, recurrence=None, parent_id=None),
    )

    assert (cleared.due, cleared.description, cleared.tags) == (None, "", [])
    assert (cleared.recurrence, cleared.parent_id) == (None, None)
    assert await service.get(ALICE, task) == cleared


async def test_update_replaces_tags_and_completion(service: TaskService, clock: FakeClock) -> None:
    task = await add(service, tags=["old", "keep"])

    updated = await service.update(ALICE, task, TaskUpdate(tags=["keep", "new"], completed=True))
    assert updated.tags == ["keep", "new"]
    assert updated.completed_at == clock.now
    assert await ids(service, tag="old") == []

    reopened = await service.update(ALICE, task, TaskUpdate(completed=False))
    assert (reopened.completed, reopened.completed_at) == (False, None)


async def test_empty_update_changes_nothing(service: TaskService, clock: FakeClock) -> None:
    task = await service.add(ALICE, TaskCreate(title="Same"))
    clock.advance(minutes=5)

    assert await service.update(ALICE, task.id, TaskUpdate()) == task


# Delete -------------------------------------------------------------------------------


async def test_delete_removes_subtasks_recursively(service: TaskService, db_url: str) -> None:
    root = await add(service, title="Move house", tags=["big"])
    pack = await add(service, title="Pack", parent_id=root, tags=["boxes"])
    await add(service, title="Buy boxes", parent_id=pack, tags=["boxes"])
    await add(service, title="Book van", parent_id=root)
    other = await add(service, title="Unrelated", tags=["boxes"])
    bobs = await add(service, BOB, title="Bob's task")

    result = await service.delete(ALICE, root)

    assert result.task.title == "Move house"
    assert result.deleted_subtasks == 3
    assert await ids(service) == [other]
    with pytest.raises(TaskNotFound):
        await service.get(ALICE, pack)
    assert await ids(service, BOB) == [bobs]
    assert await _count_rows(db_url, "task_tags") == 1

    leaf = await service.delete(ALICE, other)
    assert leaf.deleted_subtasks == 0


async def _count_rows(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            chosen = {"task_tags": task_tags, "tasks": tasks}[table]
            return int((await conn.execute(select(func.count()).select_from(chosen))).scalar_one())
    finally:
        await engine.dispose()


# Schema and connection ----------------------------------------------------------------


async def test_migrations_are_idempotent(db_url: str) -> None:
    async with await TaskService.open(db_url) as service:
        await add(service, title="survives")
    async with await TaskService.open(db_url) as service:
        assert [task.title for task in await service.list(ALICE)] == ["survives"]

    engine = create_engine(db_url)
    try:
        await upgrade(engine)
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()
    async with await TaskService.open(db_url, migrate=False) as service:
        assert await ids(service) == [1]


async def test_opening_without_migrating_refuses_an_empty_database(db_url: str) -> None:
    with pytest.raises(RuntimeError, match="open it with migrate=True"):
        await TaskService.open(db_url, migrate=False)


async def test_hand_written_migration_matches_the_tables(db_url: str) -> None:
    async with await TaskService.open(db_url):
        pass
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(_schema_differences)
    finally:
        await engine.dispose()
    assert differences == []


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parent: kind != "table" or name in metadata.tables,
        },
    )
    return list(compare_metadata(context, metadata))
