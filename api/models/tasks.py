"""The Todo Evolution answers of deleting and completing a task (a task is ``Task``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from taskservice.schemas import Task


class DeletedTask(BaseModel):
    task_id: int
    status: Literal["deleted"]
    title: str
    deleted_subtasks: int


class CompletedTask(BaseModel):
    task_id: int
    status: Literal["completed"]
    title: str
    next_occurrence: Task | None
