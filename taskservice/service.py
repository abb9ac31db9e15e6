"""`TaskService`: the one way tasks are read and changed, on SQLite or PostgreSQL.

Every method takes the user's id and every statement filters by it, so one user can
neither see nor touch another's tasks: a foreign task is simply "not found". Every
change also takes where it comes from (``Origin``: an idempotency key, the thread and the
run) and leaves, in its own transaction, its audit row and, for a key, its result, which
a repeat with that key gets back instead of changing anything (``taskservice.effects``).
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from persistence.sql import READ_ONLY, create_engine
from taskservice import checks, effects, queries, repository
from taskservice.checks import check_task_id, check_user, require_parent, require_valid_parent
from taskservice.effects import NO_ORIGIN, AuditEntry, Origin
from taskservice.migrate import current_revision, head_revision, upgrade
from taskservice.recurrence import next_occurrence
from taskservice.schemas import (
    CompletionResult,
    DeleteResult,
    Task,
    TaskCreate,
    TaskQuery,
    TaskUpdate,
)
from taskservice.tables import tasks

Clock = Callable[[], datetime]
ResultT = TypeVar("ResultT", bound=BaseModel)


@dataclass(frozen=True)
class _Change(Generic[ResultT]):
    """A change as ``TaskService._change`` records it."""

    operation: str
    request: dict[str, Any]
    result_type: type[ResultT]
    task_id_of: Callable[[ResultT], int]


def _first_task(result: CompletionResult | DeleteResult) -> int:
    return result.task.id


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

    async def add(self, user_id: str, data: TaskCreate, origin: Origin = NO_ORIGIN) -> Task:
        check_user(user_id)

        async def apply(conn: AsyncConnection, now: datetime) -> Task:
            if data.parent_id is not None:
                await require_parent(conn, user_id, data.parent_id)
            task_id = await repository.next_task_id(conn, user_id)
            values = data.model_dump(exclude={"tags", "completed"})
            row = repository.new_values(now, completed=data.completed, **values)
            await repository.insert_task(conn, user_id, task_id, row, data.tags)
            return await repository.load(conn, user_id, task_id)

        request = {"task": data.model_dump(mode="json")}
        change = _Change("add", request, Task, lambda task: task.id)
        return await self._change(user_id, origin, change, apply)

    async def get(self, user_id: str, task_id: int) -> Task:
        check_user(user_id)
        check_task_id(task_id)
        async with self._transaction(write=False) as conn:
            return await repository.load(conn, user_id, task_id)

    async def list(self, user_id: str, query: TaskQuery | None = None) -> builtins.list[Task]:
        check_user(user_id)
        async with self._transaction(write=False) as conn:
            result = await conn.execute(queries.list_tasks(user_id, query or TaskQuery()))
            return await repository.to_tasks(conn, user_id, result.all())

    async def complete(
        self, user_id: str, task_id: int, origin: Origin = NO_ORIGIN, *, timezone: str = "UTC"
    ) -> CompletionResult:
        """Mark the task done; a recurring task gets its next occurrence, once.

        The rule's days and times are read in ``timezone`` (the user's IANA zone); a task
        without a due date recurs from now. No occurrence follows a rule's last one.
        """
        check_user(user_id)
        check_task_id(task_id)
        zone = checks.zone(timezone)

        async def apply(conn: AsyncConnection, now: datetime) -> CompletionResult:
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

        request = {"task_id": task_id, "timezone": timezone}
        change = _Change("complete", request, CompletionResult, _first_task)
        return await self._change(user_id, origin, change, apply)

    async def update(
        self, user_id: str, task_id: int, changes: TaskUpdate, origin: Origin = NO_ORIGIN
    ) -> Task:
        """Change only the fields set on `changes`; ``completed`` here never rolls over."""
        check_user(user_id)
        check_task_id(task_id)
        fields = changes.model_fields_set

        async def apply(conn: AsyncConnection, now: datetime) -> Task:
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
                await require_valid_parent(conn, user_id, task_id, changes.parent_id)
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

        request = {
            "task_id": task_id,
            "changes": changes.model_dump(mode="json", exclude_unset=True),
        }
        change = _Change("update", request, Task, lambda task: task.id)
        return await self._change(user_id, origin, change, apply)

    async def delete(self, user_id: str, task_id: int, origin: Origin = NO_ORIGIN) -> DeleteResult:
        """Delete the task and all its subtasks, however deep."""
        check_user(user_id)
        check_task_id(task_id)

        async def apply(conn: AsyncConnection, now: datetime) -> DeleteResult:
            task = await repository.load(conn, user_id, task_id)
            subtasks = (await conn.execute(queries.subtask_ids(user_id, task_id))).scalars().all()
            await repository.delete_tasks(conn, user_id, [task_id, *subtasks])
            return DeleteResult(task=task, deleted_subtasks=len(subtasks))

        change = _Change("delete", {"task_id": task_id}, DeleteResult, _first_task)
        return await self._change(user_id, origin, change, apply)

    async def audit(self, user_id: str) -> builtins.list[AuditEntry]:
        """The user's audit trail, oldest first: one entry per change."""
        check_user(user_id)
        async with self._transaction(write=False) as conn:
            return await effects.audit_trail(conn, user_id)

    async def _change(
        self,
        user_id: str,
        origin: Origin,
        change: _Change[ResultT],
        apply: Callable[[AsyncConnection, datetime], Awaitable[ResultT]],
    ) -> ResultT:
        """``apply`` once per key: with its audit row, and its result kept for a replay."""
        request_sha256 = effects.request_digest(change.operation, change.request)
        for attempt in range(2):
            try:
                async with self._transaction(write=True) as conn:
                    done = await effects.recorded(
                        conn, user_id, origin, request_sha256, change.result_type
                    )
                    if done is not None:
                        return done
                    now = self._clock()
                    result = await apply(conn, now)
                    await effects.record(
                        conn,
                        user_id,
                        operation=change.operation,
                        task_id=change.task_id_of(result),
                        origin=origin,
                        request_sha256=request_sha256,
                        result=result,
                        now=now,
                    )
                    return result
            except IntegrityError:
                # Another caller made the change with this key meanwhile (its row won):
                # this transaction was rolled back, and the next attempt replays theirs.
                if origin.key is None or attempt == 1:
                    raise
        raise AssertionError("unreachable")

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
