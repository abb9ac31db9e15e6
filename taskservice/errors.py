"""The task service's errors: every message is a sentence a user can read."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails


class TaskError(ValueError):
    """Base of every task-service error; ``str(error)`` is user-facing."""


class TaskNotFound(TaskError):  # noqa: N818 (public API name)
    """The task does not exist for this user (a task of another user is not found either)."""

    def __init__(self, task_id: int) -> None:
        super().__init__(f"Task {task_id} not found.")
        self.task_id = task_id


class InvalidTask(TaskError):  # noqa: N818 (public API name)
    """The request breaks a rule: blank title, unknown priority, naive due date, …

    ``InvalidTask("title must not be empty")`` reads "Invalid task: title must not be empty."
    """

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__(f"Invalid task: {'; '.join(problems)}.")


def invalid_task_from(error: ValidationError) -> InvalidTask:
    """One readable sentence for all the problems pydantic found."""
    problems: list[str] = []
    for detail in error.errors(include_url=False):
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, InvalidTask):  # raised by a nested input model's __init__
            problems.extend(cause.problems)
        else:
            problems.append(_describe(detail))
    return InvalidTask(*problems)


def _describe(detail: ErrorDetails) -> str:
    field = ".".join(str(part) for part in detail["loc"]) or "value"
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if kind == "missing":
        return f"{field} is required"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "literal_error":
        return f"{field} must be one of {ctx.get('expected')} (got {detail['input']!r})"
    if kind == "timezone_aware":
        return f"{field} must include a time zone, e.g. 2025-01-31T09:00:00+01:00"
    if kind.startswith(("datetime_", "date_")):
        return f"{field} must be an ISO 8601 date and time, e.g. 2025-01-31T09:00:00Z"
    if kind in {"string_too_long", "too_long"}:
        return f"{field} must be at most {ctx.get('max_length')} {_unit(kind)}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = ctx.get("ge", ctx.get("le"))
        return f"{field} must be {bound} {limit}"
    message = detail["msg"]
    return f"{field}: {message[:1].lower()}{message[1:]}"


def _unit(kind: str) -> str:
    return "characters" if kind == "string_too_long" else "items"
