"""The conversation-case format: one JSON object per line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from taskservice.recurrence import normalize_rule

DEFAULT_NOW = "2026-11-24T09:00:00+00:00"
ANY_SENTINEL = "__any__"  # a matcher key that was not given


class TaskMatcher(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    title_contains: str | None = None
    completed: bool | None = None
    priority: str | None = None
    tags: list[str] | None = None
    due: str | None = ANY_SENTINEL
    recurrence: str | None = ANY_SENTINEL
    rrule_contains: str | None = None
    description_contains: str | None = None
    parent: str | None = None
    children_min: int | None = None
    description: str | None = None


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workflow: str | None = None
    tools: list[str] = Field(default_factory=list)
    tools_absent: list[str] = Field(default_factory=list)
    tasks: list[TaskMatcher] | None = None
    tasks_include: list[TaskMatcher] = Field(default_factory=list)
    tasks_exclude: list[TaskMatcher] = Field(default_factory=list)
    reply_contains: list[str] = Field(default_factory=list)
    reply_absent: list[str] = Field(default_factory=list)
    approval: bool | None = None


def _seedable(matchers: list[TaskMatcher]) -> list[TaskMatcher]:
    """A seeded task's recurrence is a word or an RRULE the task service accepts."""
    for matcher in matchers:
        if matcher.recurrence not in (None, ANY_SENTINEL):
            normalize_rule(str(matcher.recurrence))
    return matchers


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    now: datetime = Field(default_factory=lambda: datetime.fromisoformat(DEFAULT_NOW))
    tasks: Annotated[list[TaskMatcher], AfterValidator(_seedable)] = Field(default_factory=list)
    turns: list[str]
    approve: bool = True
    expect: Expect = Field(default_factory=Expect)


class CaseFileError(ValueError):
    """A case file that cannot be read, with the line that is wrong."""


def load_cases(path: Path) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CaseFileError(f"cannot read {path}: {error.strerror}") from error
    cases: list[Case] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw: Any = json.loads(line)
            cases.append(Case.model_validate(raw))
        except (ValueError, ValidationError) as error:
            raise CaseFileError(f"{path}:{number}: not a valid case: {error}") from error
    return cases
