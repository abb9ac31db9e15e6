"""`TaskService`: the one way tasks are read and changed, on SQLite or PostgreSQL.

Every method takes the user's id and every statement filters by it, so one user can
neither see nor touch another's tasks: a foreign task is simply "not found".
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from persistence.sql import READ_ONLY, create_engine
from taskservice import queries, repository
from taskservice.errors import InvalidTask, TaskNotFound
from taskservice.migrate import current_revision, head_revision, upgrade
from taskservice.recurrence import next_occurrence
from taskservice.schemas import (
    TASK_ID_MAX,
    CompletionResult,
    DeleteResult,
    Task,
    TaskCreate,
    TaskQuery,
    TaskUpdate,
)
from taskservice.tables import USER_ID_MAX_CHARS, tasks

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class TaskService:
    """Open with `TaskService.open(url)`; close with `close()` (or use ``async with``)."""

    def __init__(self, engine: AsyncEngine, *, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._reader = engine.execution_options(**{READ_ONLY: True})
        self._clock = clock
        # SQLite has a single writer: queueing here is cheaper than its busy-wait, and it
        # lets a ":memory:" database (one shared connection) serve concurrent callers.
        self._sqlite_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, clock: Clock = utc_now) -> TaskService:
        """Connect to `url` and bring the schema to the latest revision (or insist it is)."""
        engine = create_engine(url)
        try:
            if migrate:
                await upgrade(engine)
            else:
                await _require_latest_schema(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, clock=clock)

    async def close(self) -> None:
        await self._engine.dispose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def add(self, user_id: str, data: TaskCreate) -> Task:
        _check_user(user_id)
        async with self._transaction(write=True) as conn:
            if data.parent_id is not None:
                await _require_parent(conn, user_id, data.parent_id)
            task_id = await repository.next_task_id(conn, user_id)
            values = data.model_dump(exclude={"tags", "completed"})
            now = self._clock()
            row = repository.new_values(now, completed=data.completed, **values)
            await repository.insert_task(conn, user_id, task_id, row, data.tags)
            return await repository.load(conn, user_id, task_id)

    async def get(self, user_id: str, task_id: int) -> Task:
        _check_user(user_id)
        _check_task_id(task_id)
        async with self._transaction(write=False) as conn:
            return await repository.load(conn, user_id, task_id)

    async def list(self, user_id: str, query: TaskQuery | None = None) -> builtins.list[Task]:
        _check_user(user_id)
        async with self._transaction(write=False) as conn:
            result = await conn.execute(queries.list_tasks(user_id, query or TaskQuery()))
            return await repository.to_tasks(conn, user_id, result.all())

    async def complete(
        self, user_id: str, task_id: int, *, timezone: str = "UTC"
    ) -> CompletionResult:
        """Mark the task done; a recurring task gets its next occurrence, once.

        The rule's days and times are read in ``timezone`` (the user's IANA zone); a task
        without a due date recurs from now. No occurrence follows a rule's last one.
        """
        _check_user(user_id)
        _check_task_id(task_id)
        zone = _zone(timezone)
        async with self._transaction(write=True) as conn:
            now = self._clock()
            # Only the caller that flips `completed` rolls a recurring task over.
            claimed = await conn.execute(
                update(tasks)
                .where(tasks.c.user_id == user_id, tasks.c.id == task_id, ~tasks.c.completed)
                .values(completed=True, completed_at=now, updated_at=now)
            )
            task = await repository.load(conn, user_id, task_id)
            if claimed.rowcount == 0 or task.recurrence is None:
                return CompletionResult(task=task, next_occurrence=None)
            following = next_occurrence(task.recurrence, task.due or now, zone)
            if following is None:
                return CompletionResult(task=task, next_occurrence=None)
            next_id = await repository.next_task_id(conn, user_id)
            values = repository.new_values(
                now,
                completed=False,
                title=task.title,
                description=task.description,
                priority=task.priority,
                recurrence=following[1],
                parent_id=task.parent_id,
                due=following[0],
            )
            await repository.insert_task(conn, user_id, next_id, values, task.tags)
            created = await repository.load(conn, user_id, next_id)
            return CompletionResult(task=task, next_occurrence=created)

    async def update(self, user_id: str, task_id: int, changes: TaskUpdate) -> Task:
        """Change only the fields set on `changes`; ``completed`` here never rolls over."""
        _check_user(user_id)
        _check_task_id(task_id)
        fields = changes.model_fields_set
        async with self._transaction(write=True) as conn:
            current = await repository.load(conn, user_id, task_id)
            values: dict[str, Any] = {
                name: getattr(changes, name)
                for name in ("title", "priority", "due", "recurrence", "parent_id")
                if name in fields
            }
            if "description" in fields:
                values["description"] = changes.description or ""
            if "title" in values or "description" in values:
                values["search_text"] = queries.search_text(
                    values.get("title", current.title),
                    values.get("description", current.description),
                )
            if changes.parent_id is not None and "parent_id" in fields:
                await _require_valid_parent(conn, user_id, task_id, changes.parent_id)
            now = self._clock()
            if changes.completed is not None and changes.completed != current.completed:
                values["completed"] = changes.completed
                values["completed_at"] = now if changes.completed else None
            if not values and "tags" not in fields:
                return current
            await conn.execute(
                update(tasks)
                .where(tasks.c.user_id == user_id, tasks.c.id == task_id)
                .values(**values, updated_at=now)
            )
            if "tags" in fields:
                await repository.replace_tags(conn, user_id, task_id, changes.tags or [])
            return await repository.load(conn, user_id, task_id)

    async def delete(self, user_id: str, task_id: int) -> DeleteResult:
        """Delete the task and all its subtasks, however deep."""
        _check_user(user_id)
        _check_task_id(task_id)
        async with self._transaction(write=True) as conn:
            task = await repository.load(conn, user_id, task_id)
            subtasks = (await conn.execute(queries.subtask_ids(user_id, task_id))).scalars().all()
            await repository.delete_tasks(conn, user_id, [task_id, *subtasks])
            return DeleteResult(task=task, deleted_subtasks=len(subtasks))

    @contextlib.asynccontextmanager
    async def _transaction(self, *, write: bool) -> AsyncIterator[AsyncConnection]:
        engine = self._engine if write else self._reader
        lock = self._sqlite_lock or contextlib.nullcontext()
        async with lock, engine.begin() as conn:
            yield conn


async def _require_latest_schema(engine: AsyncEngine) -> None:
    current, head = await current_revision(engine), head_revision()
    if current != head:
        raise RuntimeError(
            f"the task database schema is at revision {current}, not {head}: "
            "open it with migrate=True to upgrade"
        )


def _check_user(user_id: str) -> None:
    if not user_id or len(user_id) > USER_ID_MAX_CHARS:
        raise ValueError(f"user_id must be 1 to {USER_ID_MAX_CHARS} characters")


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTask(
            f"unknown time zone {timezone!r}: use an IANA name such as Europe/Paris"
        ) from None


def _check_task_id(task_id: int) -> None:
    """A number no task can have (the column is 32-bit) is simply not found."""
    if not 1 <= task_id <= TASK_ID_MAX:
        raise TaskNotFound(task_id)


async def _require_parent(conn: AsyncConnection, user_id: str, parent_id: int) -> None:
    if not await repository.task_exists(conn, user_id, parent_id):
        raise InvalidTask(f"parent task {parent_id} not found")


async def _require_valid_parent(
    conn: AsyncConnection, user_id: str, task_id: int, parent_id: int
) -> None:
    """`parent_id` exists and is neither the task itself nor one of its subtasks."""
    if parent_id == task_id:
        raise InvalidTask(f"task {task_id} cannot be a subtask of itself")
    await _require_parent(conn, user_id, parent_id)
    subtasks = (await conn.execute(queries.subtask_ids(user_id, task_id))).scalars().all()
    if parent_id in subtasks:
        raise InvalidTask(f"task {task_id} cannot be a subtask of its own subtask {parent_id}")
