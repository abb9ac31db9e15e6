"""SQL statements built from requests (pure: no I/O). Every one is scoped to one user."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, select

from taskservice.schemas import SortKey, TaskQuery
from taskservice.tables import task_tags, tasks

_PRIORITY_RANK = case(
    {"high": 0, "medium": 1, "low": 2},
    value=tasks.c.priority,
    else_=3,
)


def search_text(title: str, description: str) -> str:
    """What `TaskQuery.search` matches against: title and description, casefolded."""
    return f"{title}\n{description}".casefold()


def list_tasks(user_id: str, query: TaskQuery) -> Select[Any]:
    """The user's tasks matching `query`, in its order (ties broken by task number)."""
    statement = select(tasks).where(tasks.c.user_id == user_id, *_filters(user_id, query))
    statement = statement.order_by(*_order(query.sort_by), tasks.c.id)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return statement


def subtask_ids(user_id: str, task_id: int) -> Select[Any]:
    """Numbers of every subtask of `task_id`, however deep (not the task itself)."""
    tree = (
        select(tasks.c.id)
        .where(tasks.c.user_id == user_id, tasks.c.parent_id == task_id)
        .cte("subtree", recursive=True)
    )
    # UNION (not UNION ALL) also ends the recursion should the data ever hold a cycle.
    tree = tree.union(
        select(tasks.c.id).where(tasks.c.user_id == user_id, tasks.c.parent_id == tree.c.id)
    )
    return select(tree.c.id)


def _filters(user_id: str, query: TaskQuery) -> list[ColumnElement[bool]]:
    filters: list[ColumnElement[bool]] = []
    if query.status != "all":
        filters.append(tasks.c.completed.is_(query.status == "completed"))
    if query.priority is not None:
        filters.append(tasks.c.priority == query.priority)
    if query.tag is not None and query.tag.strip():
        filters.append(
            exists().where(
                task_tags.c.user_id == user_id,
                task_tags.c.task_id == tasks.c.id,
                task_tags.c.tag_key == query.tag.strip().casefold(),
            )
        )
    if query.search is not None and query.search.strip():
        text = query.search.strip().casefold()
        filters.append(tasks.c.search_text.contains(text, autoescape=True))
    if query.due_after is not None:
        filters.append(tasks.c.due >= query.due_after)
    if query.due_before is not None:
        filters.append(tasks.c.due < query.due_before)
    if query.parent_id is not None:
        filters.append(tasks.c.parent_id == query.parent_id)
    return filters


def _order(sort_by: SortKey) -> list[Any]:
    due_first_then_undated = tasks.c.due.asc().nulls_last()
    if sort_by == "due":
        return [due_first_then_undated]
    if sort_by == "priority":
        return [_PRIORITY_RANK, due_first_then_undated]
    if sort_by == "title":
        return [func.lower(tasks.c.title)]
    return [tasks.c.created_at]
