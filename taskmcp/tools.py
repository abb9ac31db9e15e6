"""The task tools: each checks its caller's token, calls the task service, shapes the result."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from mcp.server.fastmcp import FastMCP
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BeforeValidator, Field

from taskmcp.arguments import (
    ADD_TASK,
    COMPLETE_TASK,
    DATE_HELP,
    DELETE_TASK,
    GET_TASK,
    LIST_TASKS,
    RECURRENCE_HELP,
    UPDATE_TASK,
    Description,
    Due,
    ParentId,
    Priority,
    Recurrence,
    Tags,
    TaskId,
    Title,
)
from taskmcp.auth import Identity
from taskmcp.dates import parse_user_datetime
from taskmcp.guard import ToolContext, ToolGuard
from taskmcp.results import json_result, task_payload
from taskservice.effects import Origin
from taskservice.schemas import TaskCreate, TaskQuery, TaskUpdate, printable
from taskservice.service import TaskService


def _due(value: str | None, identity: Identity, field: str) -> Any:
    return None if value is None else parse_user_datetime(value, identity.timezone, field=field)


def _register_add(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="add_task",
        description=ADD_TASK,
        title="Add a task",
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False),
    )
    async def add_task(
        ctx: ToolContext,
        title: Title,
        description: Description = "",
        priority: Annotated[Priority, Field(description="How important the task is.")] = "medium",
        tags: Tags = None,
        due: Due = None,
        recurrence: Recurrence = None,
        parent_id: ParentId = None,
    ) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            create = TaskCreate(
                title=title,
                description=description,
                priority=priority,
                tags=tags or [],
                due=_due(due, identity, "due"),
                recurrence=recurrence,
                parent_id=parent_id,
            )
            task = await service.add(identity.user_id, create, origin)
            payload = {
                "task_id": task.id,
                "status": "created",
                "title": task.title,
                "task": task_payload(task, identity.timezone),
            }
            return json_result(payload, payload)

        return await guard.run(ctx, "add_task", operation)


def _register_list(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="list_tasks",
        description=LIST_TASKS,
        title="List tasks",
        annotations=ToolAnnotations(readOnlyHint=True, idempotentHint=True),
    )
    async def list_tasks(
        ctx: ToolContext,
        status: Annotated[
            Literal["all", "pending", "completed"],
            Field(description="Which tasks: all, only pending (not done) or only completed."),
        ] = "all",
        priority: Annotated[Priority | None, Field(description="Only this priority.")] = None,
        tag: Annotated[str | None, Field(description="Only tasks carrying this tag.")] = None,
        search: Annotated[
            str | None, Field(description="Only tasks whose title or description contain this.")
        ] = None,
        due_before: Annotated[
            str | None, Field(description=f"Only tasks due before this. {DATE_HELP}")
        ] = None,
        due_after: Annotated[
            str | None, Field(description=f"Only tasks due at or after this. {DATE_HELP}")
        ] = None,
        parent_id: Annotated[
            int | None, Field(ge=1, description="Only the subtasks of this task number.")
        ] = None,
        sort_by: Annotated[
            Literal["due", "priority", "created", "title"],
            Field(description="Order: by due date, priority (high first), creation or title."),
        ] = "created",
        limit: Annotated[
            int | None, Field(ge=1, le=500, description="Return at most this many tasks.")
        ] = None,
    ) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            query = TaskQuery(
                status=status,
                priority=priority,
                tag=tag,
                search=search,
                due_before=_due(due_before, identity, "due_before"),
                due_after=_due(due_after, identity, "due_after"),
                parent_id=parent_id,
                sort_by=sort_by,
                limit=limit,
            )
            tasks = await service.list(identity.user_id, query)
            items = [task_payload(task, identity.timezone) for task in tasks]
            return json_result(items, {"tasks": items})

        return await guard.run(ctx, "list_tasks", operation)


def _register_get(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="get_task",
        description=GET_TASK,
        title="Get a task",
        annotations=ToolAnnotations(readOnlyHint=True, idempotentHint=True),
    )
    async def get_task(ctx: ToolContext, task_id: TaskId) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            task = task_payload(await service.get(identity.user_id, task_id), identity.timezone)
            return json_result(task, task)

        return await guard.run(ctx, "get_task", operation)


def _register_complete(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="complete_task",
        description=COMPLETE_TASK,
        title="Complete a task",
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False),
    )
    async def complete_task(ctx: ToolContext, task_id: TaskId) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            result = await service.complete(
                identity.user_id, task_id, origin, timezone=identity.timezone
            )
            payload = result.summary(lambda task: task_payload(task, identity.timezone))
            return json_result(payload, payload)

        return await guard.run(ctx, "complete_task", operation)


def _register_delete(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="delete_task",
        description=DELETE_TASK,
        title="Delete a task",
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=True),
    )
    async def delete_task(ctx: ToolContext, task_id: TaskId) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            payload = (await service.delete(identity.user_id, task_id, origin)).summary()
            return json_result(payload, payload)

        return await guard.run(ctx, "delete_task", operation)


def _register_update(mcp: FastMCP, guard: ToolGuard) -> None:
    @mcp.tool(
        name="update_task",
        description=UPDATE_TASK,
        title="Update a task",
        annotations=ToolAnnotations(readOnlyHint=False, destructiveHint=False),
    )
    async def update_task(
        ctx: ToolContext,
        task_id: TaskId,
        title: Annotated[
            str | None, Field(min_length=1, max_length=200, description="New title.")
        ] = None,
        description: Annotated[
            str | None, Field(max_length=2000, description="New notes (replace the old).")
        ] = None,
        priority: Annotated[Priority | None, Field(description="New priority.")] = None,
        tags: Annotated[
            list[str] | None, Field(description="New tags; replaces all existing tags.")
        ] = None,
        due: Annotated[
            str | None,
            Field(description=f"New due date. {DATE_HELP} The word 'none' removes the due date."),
        ] = None,
        recurrence: Annotated[
            str | None,
            BeforeValidator(printable),
            Field(
                max_length=255,
                description=f"New repetition; 'none' stops the task repeating. {RECURRENCE_HELP}",
            ),
        ] = None,
        completed: Annotated[
            bool | None,
            Field(description="false reopens a completed task (to finish one, use complete_task)."),
        ] = None,
        parent_id: Annotated[
            int | None, Field(ge=1, description="Move the task under this parent task number.")
        ] = None,
    ) -> CallToolResult:

        async def operation(
            identity: Identity, service: TaskService, origin: Origin
        ) -> CallToolResult:
            changes: dict[str, Any] = {}
            if title is not None:
                changes["title"] = title
            if description is not None:
                changes["description"] = description
            if priority is not None:
                changes["priority"] = priority
            if tags is not None:
                changes["tags"] = tags
            if due is not None:
                clear = due.strip().lower() == "none"
                changes["due"] = None if clear else _due(due, identity, "due")
            if recurrence is not None:
                stop = recurrence.strip().lower() == "none"
                changes["recurrence"] = None if stop else recurrence
            if completed is not None:
                changes["completed"] = completed
            if parent_id is not None:
                changes["parent_id"] = parent_id
            task = await service.update(identity.user_id, task_id, TaskUpdate(**changes), origin)
            payload = {
                "task_id": task.id,
                "status": "updated",
                "title": task.title,
                "task": task_payload(task, identity.timezone),
            }
            return json_result(payload, payload)

        return await guard.run(ctx, "update_task", operation)


def register_task_tools(mcp: FastMCP, guard: ToolGuard) -> None:
    """Add the six task tools to ``mcp``."""
    for register in (
        _register_add,
        _register_list,
        _register_get,
        _register_complete,
        _register_delete,
        _register_update,
    ):
        register(mcp, guard)
