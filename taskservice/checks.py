"""What a request to the task service must satisfy before anything changes.

Each raises a task-service error with a sentence a user can read (``ValueError`` for a
caller's own mistake: a user id that cannot be one).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncConnection

from taskservice import queries, repository
from taskservice.errors import InvalidTask, TaskNotFound
from taskservice.schemas import TASK_ID_MAX
from taskservice.tables import USER_ID_MAX_CHARS


def check_user(user_id: str) -> None:
    if not user_id or len(user_id) > USER_ID_MAX_CHARS:
        raise ValueError(f"user_id must be 1 to {USER_ID_MAX_CHARS} characters")


def check_task_id(task_id: int) -> None:
    """A number no task can have (the column is 32-bit) is simply not found."""
    if not 1 <= task_id <= TASK_ID_MAX:
        raise TaskNotFound(task_id)


async def require_parent(conn: AsyncConnection, user_id: str, parent_id: int) -> None:
    if not await repository.task_exists(conn, user_id, parent_id):
        raise InvalidTask(f"parent task {parent_id} not found")


async def require_valid_parent(
    conn: AsyncConnection, user_id: str, task_id: int, parent_id: int
) -> None:
    """`parent_id` exists and is neither the task itself nor one of its subtasks."""
    if parent_id == task_id:
        raise InvalidTask(f"task {task_id} cannot be a subtask of itself")
    await require_parent(conn, user_id, parent_id)
    subtasks = (await conn.execute(queries.subtask_ids(user_id, task_id))).scalars().all()
    if parent_id in subtasks:
        raise InvalidTask(f"task {task_id} cannot be a subtask of its own subtask {parent_id}")


def zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidTask(
            f"unknown time zone {timezone!r}: use an IANA name such as Europe/Paris"
        ) from None
