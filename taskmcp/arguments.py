"""What an LLM reads about the task tools: their descriptions and typed, documented arguments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from taskservice.schemas import TASK_ID_MAX, printable

Priority = Literal["low", "medium", "high"]
RECURRENCE_HELP = (
    "How the task repeats: an RFC 5545 RRULE without the 'RRULE:' prefix, e.g. "
    "'FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7' (Tuesdays and Thursdays at 7:00), "
    "'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' (weekdays), 'FREQ=MONTHLY;BYMONTHDAY=1' (the 1st), "
    "or the shorthands 'daily', 'weekly', 'monthly'. Days and times are the user's. "
    "Completing the task creates its next occurrence."
)

DATE_HELP = (
    "ISO 8601: a date YYYY-MM-DD (meaning 23:59 that day in the user's time zone) or a "
    "datetime YYYY-MM-DDTHH:MM with or without an offset (without one it is read in the "
    "user's time zone)."
)

TaskId = Annotated[
    int,
    Field(
        ge=1,
        le=TASK_ID_MAX,
        description="The task's number, as shown in its 'id' (e.g. 3 for task #3).",
    ),
]
# ``printable``: a lone surrogate or NUL is named as such, not as "not a valid string".
Title = Annotated[
    str,
    BeforeValidator(printable),
    Field(min_length=1, max_length=200, description="Short title, e.g. 'Buy eggs'."),
]
Description = Annotated[
    str, BeforeValidator(printable), Field(max_length=2000, description="Optional longer notes.")
]
Tags = Annotated[
    list[Annotated[str, BeforeValidator(printable)]] | None,
    Field(description="Labels such as ['work', 'errands']; lowercase words."),
]
Due = Annotated[str | None, Field(description=f"When the task is due. {DATE_HELP}")]
Recurrence = Annotated[
    str | None,
    BeforeValidator(printable),
    Field(max_length=255, description=RECURRENCE_HELP),
]
ParentId = Annotated[
    int | None,
    Field(ge=1, le=TASK_ID_MAX, description="Make this a subtask of the task with this number."),
]


ADD_TASK = (
    "Create a task for the user. Give the title in the user's words; set due, priority, "
    "tags or recurrence only when the user asked for them. To add a subtask, pass the "
    "parent's number as parent_id. "
    'Returns {"task_id", "status": "created", "title", "task": {the new task}}.'
)
LIST_TASKS = (
    "List the user's tasks, filtered and sorted; use it to find a task's number before "
    "changing it. Filters combine (AND). Returns a JSON array of task objects "
    '[{"id", "title", "completed", "priority", "tags", "due", "recurrence", "parent_id", '
    '"description", ...}], empty when nothing matches. "due" is in the user\'s time zone.'
)
GET_TASK = "Get one task by its number. Returns the task object."
COMPLETE_TASK = (
    "Mark a task as done. Completing a recurring task creates its next occurrence, which "
    'is returned. Returns {"task_id", "status": "completed", "title", '
    '"next_occurrence": {task} or null}.'
)
DELETE_TASK = (
    "Delete a task for good, together with all its subtasks. "
    'Returns {"task_id", "status": "deleted", "title", "deleted_subtasks": count}.'
)
UPDATE_TASK = (
    "Change some fields of a task; fields left out stay as they are. To finish a task use "
    'complete_task instead. Returns {"task_id", "status": "updated", "title", '
    '"task": {the updated task}}.'
)
