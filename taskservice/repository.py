"""Reading and writing task rows on a connection the caller holds in a transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from taskservice.errors import TaskNotFound
from taskservice.queries import search_text
from taskservice.schemas import Task
from taskservice.tables import task_tags, tasks

# One statement on SQLite ≥ 3.35 and PostgreSQL: the counter row is created or bumped
# atomically (and locked until commit), so concurrent adds never get the same number.
_NEXT_ID = text(
    "INSERT INTO task_counters (user_id, last_id) VALUES (:user_id, 1) "
    "ON CONFLICT (user_id) DO UPDATE SET last_id = task_counters.last_id + 1 "
    "RETURNING last_id"
)


async def next_task_id(conn: AsyncConnection, user_id: str) -> int:
    """The user's next task number; numbers are never handed out twice, even after deletes."""
    result = await conn.execute(_NEXT_ID, {"user_id": user_id})
    return int(result.scalar_one())


async def fetch_row(conn: AsyncConnection, user_id: str, task_id: int) -> Row[Any]:
    result = await conn.execute(
        select(tasks).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
    )
    row = result.first()
    if row is None:
        raise TaskNotFound(task_id)
    return row


async def task_exists(conn: AsyncConnection, user_id: str, task_id: int) -> bool:
    result = await conn.execute(
        select(tasks.c.id).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
    )
    return result.first() is not None


async def load(conn: AsyncConnection, user_id: str, task_id: int) -> Task:
    row = await fetch_row(conn, user_id, task_id)
    return (await to_tasks(conn, user_id, [row]))[0]


async def to_tasks(conn: AsyncConnection, user_id: str, rows: Sequence[Row[Any]]) -> list[Task]:
    """Rows of `tasks` as `Task`s, with their tags (one query for all of them)."""
    if not rows:
        return []
    result = await conn.execute(
        select(task_tags.c.task_id, task_tags.c.tag)
        .where(task_tags.c.user_id == user_id, task_tags.c.task_id.in_([r.id for r in rows]))
        .order_by(task_tags.c.task_id, task_tags.c.position)
    )
    tags: defaultdict[int, list[str]] = defaultdict(list)
    for task_id, tag in result:
        tags[task_id].append(tag)
    return [_to_task(row, tags[row.id]) for row in rows]


async def insert_task(
    conn: AsyncConnection, user_id: str, task_id: int, values: Mapping[str, Any], tags: list[str]
) -> None:
    searchable = search_text(values["title"], values["description"])
    await conn.execute(
        insert(tasks).values(user_id=user_id, id=task_id, search_text=searchable, **values)
    )
    await replace_tags(conn, user_id, task_id, tags)


async def replace_tags(conn: AsyncConnection, user_id: str, task_id: int, tags: list[str]) -> None:
    await conn.execute(
        delete(task_tags).where(task_tags.c.user_id == user_id, task_tags.c.task_id == task_id)
    )
    if tags:
        await conn.execute(
            insert(task_tags),
            [
                {
                    "user_id": user_id,
                    "task_id": task_id,
                    "position": position,
                    "tag": tag,
                    "tag_key": tag.casefold(),
                }
                for position, tag in enumerate(tags)
            ],
        )


async def delete_tasks(conn: AsyncConnection, user_id: str, task_ids: Sequence[int]) -> None:
    await conn.execute(
        delete(task_tags).where(task_tags.c.user_id == user_id, task_tags.c.task_id.in_(task_ids))
    )
    await conn.execute(delete(tasks).where(tasks.c.user_id == user_id, tasks.c.id.in_(task_ids)))


def new_values(now: datetime, *, completed: bool, **values: Any) -> dict[str, Any]:
    """Column values of a task being created at `now`."""
    return values | {
        "completed": completed,
        "completed_at": now if completed else None,
        "created_at": now,
        "updated_at": now,
    }


def _to_task(row: Row[Any], tags: list[str]) -> Task:
    return Task(
        id=row.id,
        title=row.title,
        description=row.description,
        completed=row.completed,
        priority=row.priority,
        tags=tags,
        due=row.due,
        recurrence=row.recurrence,
        parent_id=row.parent_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
    )
