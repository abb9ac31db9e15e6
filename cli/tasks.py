"""``orchestrator tasks …``: look at a user's tasks straight through the task service."""

from __future__ import annotations

import asyncio
import enum
import json
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from cli.settings import USAGE_ERROR, load_settings
from taskmcp.dates import render_in_timezone

if TYPE_CHECKING:  # the task service loads only when the command runs
    from settings import Settings
    from taskservice.schemas import Task


class Status(enum.StrEnum):
    all = "all"
    pending = "pending"
    completed = "completed"


async def _fetch(settings: Settings, user: str, status: Status) -> list[Task]:
    from taskservice.schemas import TaskQuery
    from taskservice.service import TaskService

    service = await TaskService.open(settings.resolved_task_database_url, migrate=True)
    try:
        return await service.list(user, TaskQuery(status=status.value))
    finally:
        await service.close()


def _line(task: Task, timezone: str) -> str:
    mark = "x" if task.completed else " "
    details: list[str] = [task.priority]
    due = render_in_timezone(task.due, timezone)
    if due is not None:
        details.append(f"due {due}")
    if task.recurrence_text:
        details.append(f"repeats {task.recurrence_text}")
    if task.parent_id is not None:
        details.append(f"subtask of #{task.parent_id}")
    details.extend(f"#{tag}" for tag in task.tags)
    return f"{task.id:>4}. [{mark}] {task.title}  ({', '.join(details)})"


def list_tasks(
    user: Annotated[str, typer.Option("--user", help="Whose tasks.")],
    status: Annotated[Status, typer.Option(help="Which tasks.")] = Status.all,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    timezone: Annotated[
        str | None, typer.Option(help="Show due dates in this IANA time zone.")
    ] = None,
) -> None:
    """Print a user's tasks."""
    settings = load_settings()
    zone = timezone or settings.default_timezone
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        typer.echo(f"error: unknown time zone {zone!r}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    tasks = asyncio.run(_fetch(settings, user, status))
    if as_json:
        items = [
            {**task.model_dump(mode="json"), "due": render_in_timezone(task.due, zone)}
            for task in tasks
        ]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not tasks:
        typer.echo(f"No {'' if status is Status.all else status.value + ' '}tasks for {user}.")
        return
    for task in tasks:
        typer.echo(_line(task, zone))


def register(app: typer.Typer) -> None:
    tasks = typer.Typer(help="Look at tasks in the task database.", no_args_is_help=True)
    tasks.command("list")(list_tasks)
    app.add_typer(tasks, name="tasks")
