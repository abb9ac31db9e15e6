"""What callers send to the task service and what they get back (pydantic v2).

The input models (`TaskCreate`, `TaskUpdate`, `TaskQuery`) raise `InvalidTask` with a
readable sentence instead of pydantic's `ValidationError`, so every caller (the MCP
server, the CLI, tests) handles one error type.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    computed_field,
    model_validator,
)

from taskservice.errors import invalid_task_from
from taskservice.recurrence import normalize_rule
from taskservice.rule_text import describe_rule
from taskservice.text import refusal

Priority = Literal["low", "medium", "high"]
TaskStatus = Literal["all", "pending", "completed"]
SortKey = Literal["due", "priority", "created", "title"]

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 2000
TAG_MAX_CHARS = 50
TAGS_MAX = 20
TASK_ID_MAX = 2**31 - 1  # task numbers are 32-bit integer columns


def printable(value: Any, info: ValidationInfo) -> Any:
    """Refuse control characters and lone surrogates (see ``taskservice.text``); before
    pydantic's own string checks, which fail on a lone surrogate with a vaguer message."""
    problem = refusal(info.field_name or "text", value) if isinstance(value, str) else None
    if problem is not None:
        raise ValueError(problem)
    return value


def _clean_title(value: str) -> str:
    title = value.strip()
    if not title:
        raise ValueError("title must not be empty")
    if len(title) > TITLE_MAX_CHARS:
        raise ValueError(f"title must be at most {TITLE_MAX_CHARS} characters")
    return title


def _clean_tags(values: list[str]) -> list[str]:
    """Strip, drop blanks, keep the first spelling of case-insensitive duplicates."""
    tags: dict[str, str] = {}
    for value in values:
        tag = value.strip()
        if len(tag) > TAG_MAX_CHARS:
            raise ValueError(f"each tag must be at most {TAG_MAX_CHARS} characters")
        if tag:
            tags.setdefault(tag.casefold(), tag)
    if len(tags) > TAGS_MAX:
        raise ValueError(f"a task can have at most {TAGS_MAX} tags")
    return list(tags.values())


Printable = Annotated[str, BeforeValidator(printable)]
# An RFC 5545 RRULE or daily/weekly/monthly, stored canonical (see ``taskservice.recurrence``).
Recurrence = Annotated[Printable, AfterValidator(normalize_rule)]
Title = Annotated[Printable, AfterValidator(_clean_title)]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX_CHARS), BeforeValidator(printable)]
Tags = Annotated[list[Printable], AfterValidator(_clean_tags)]
TaskId = Annotated[int, Field(ge=1, le=TASK_ID_MAX)]


class Task(BaseModel):
    """A stored task; `id` is the user's own task number (1, 2, 3, …)."""

    id: int
    title: str
    description: str
    completed: bool
    priority: Priority
    tags: list[str]
    due: datetime | None
    recurrence: str | None = Field(
        description="An RFC 5545 RRULE without the RRULE: prefix, e.g. FREQ=WEEKLY;BYDAY=TU,TH"
    )
    parent_id: int | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    @computed_field(description="The recurrence in words, e.g. every Tuesday and Thursday")  # type: ignore[prop-decorator]
    @property
    def recurrence_text(self) -> str | None:
        return None if self.recurrence is None else describe_rule(self.recurrence)


class _Input(BaseModel):
    """Base of the input models: unknown fields are refused, errors are `InvalidTask`."""

    model_config = ConfigDict(extra="forbid")

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise invalid_task_from(error) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise invalid_task_from(error) from None

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, *args: Any, **kwargs: Any
    ) -> Self:
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as error:
            raise invalid_task_from(error) from None


class TaskCreate(_Input):
    title: Title
    description: Description = ""
    priority: Priority = "medium"
    tags: Tags = Field(default_factory=list)
    due: AwareDatetime | None = None
    recurrence: Recurrence | None = None
    parent_id: TaskId | None = None
    completed: bool = False


class TaskUpdate(_Input):
    """Only the fields given (`model_fields_set`) change; an explicit ``due=None`` clears it.

    ``description=None`` and ``tags=None`` clear them too; title, priority and
    completed cannot be cleared.
    """

    title: Title | None = None
    description: Description | None = None
    priority: Priority | None = None
    tags: Tags | None = None
    due: AwareDatetime | None = None
    recurrence: Recurrence | None = None
    parent_id: TaskId | None = None
    completed: bool | None = None

    @model_validator(mode="after")
    def _required_fields_stay_set(self) -> Self:
        for name in ("title", "priority", "completed"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be cleared")
        return self


class TaskQuery(_Input):
    """Filters combine with AND. Due bounds form a window: due_after ≤ due < due_before."""

    status: TaskStatus = "all"
    priority: Priority | None = None
    tag: Printable | None = None
    search: Printable | None = None
    due_before: AwareDatetime | None = None
    due_after: AwareDatetime | None = None
    parent_id: TaskId | None = None
    sort_by: SortKey = "created"
    limit: Annotated[int, Field(ge=1, le=1000)] | None = None


class CompletionResult(BaseModel):
    task: Task
    next_occurrence: Task | None

    def summary(self, render: Callable[[Task], dict[str, Any]]) -> dict[str, Any]:
        """The Todo Evolution shape; ``render`` turns the next occurrence into JSON."""
        following = self.next_occurrence
        return {
            "task_id": self.task.id,
            "status": "completed",
            "title": self.task.title,
            "next_occurrence": None if following is None else render(following),
        }


class DeleteResult(BaseModel):
    task: Task
    deleted_subtasks: int

    def summary(self) -> dict[str, Any]:
        """The Todo Evolution shape."""
        return {
            "task_id": self.task.id,
            "status": "deleted",
            "title": self.task.title,
            "deleted_subtasks": self.deleted_subtasks,
        }
