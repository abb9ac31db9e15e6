"""Judging a case: what the conversation left behind against what the case expects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from evaluation.cases import ANY_SENTINEL as ANY
from evaluation.cases import Expect, TaskMatcher
from taskservice.recurrence import frequency, normalize_rule
from taskservice.schemas import Task

PERIODS = {"hourly", "daily", "weekly", "monthly", "yearly"}


@dataclass
class Outcome:
    """What a case run produced."""

    workflow: str | None
    tools: list[str]
    tasks: list[Task]
    reply: str
    approvals: int
    fallbacks: int = 0
    errors: list[str] = field(default_factory=list)


def _norm_title(title: str) -> str:
    return title.strip().rstrip(".!?").strip().casefold()


def _same_recurrence(expected: str | None, rule: str | None) -> bool:
    """A word (``weekly``) matches any rule of that period; an RRULE, the same rule."""
    if expected is None or rule is None:
        return expected is rule
    if expected.strip().casefold() in PERIODS:
        return frequency(rule) == expected.strip().casefold()
    try:
        return normalize_rule(expected) == rule
    except ValueError:
        return False


def matches(matcher: TaskMatcher, task: Task, tasks: Sequence[Task], tz: ZoneInfo) -> bool:
    by_id = {t.id: t for t in tasks}
    checks: list[bool] = []
    if matcher.title is not None:
        checks.append(_norm_title(task.title) == _norm_title(matcher.title))
    if matcher.title_contains is not None:
        checks.append(matcher.title_contains.casefold() in task.title.casefold())
    if matcher.completed is not None:
        checks.append(task.completed == matcher.completed)
    if matcher.priority is not None:
        checks.append(task.priority == matcher.priority)
    if matcher.tags is not None:
        have = {t.casefold() for t in task.tags}
        checks.append(all(t.casefold() in have for t in matcher.tags))
    if matcher.due != ANY:
        due = task.due.astimezone(tz).date().isoformat() if task.due else None
        checks.append(due == matcher.due)
    if matcher.recurrence != ANY:
        checks.append(_same_recurrence(matcher.recurrence, task.recurrence))
    if matcher.rrule_contains is not None:
        rule = (task.recurrence or "").upper()
        checks.append(task.recurrence is not None and matcher.rrule_contains.upper() in rule)
    if matcher.description_contains is not None:
        checks.append(matcher.description_contains.casefold() in task.description.casefold())
    if matcher.parent is not None:
        parent = by_id.get(task.parent_id) if task.parent_id else None
        checks.append(parent is not None and matcher.parent.casefold() in parent.title.casefold())
    if matcher.children_min is not None:
        children = [t for t in tasks if t.parent_id == task.id]
        checks.append(len(children) >= matcher.children_min)
    return all(checks)


def _one_to_one(matchers: Sequence[TaskMatcher], tasks: Sequence[Task], tz: ZoneInfo) -> bool:
    """A perfect matching between tasks and matchers (small sizes: simple augmenting paths)."""
    if len(matchers) != len(tasks):
        return False
    owner: dict[int, int] = {}

    def assign(m: int, seen: set[int]) -> bool:
        for t, task in enumerate(tasks):
            if t in seen or not matches(matchers[m], task, tasks, tz):
                continue
            seen.add(t)
            if t not in owner or assign(owner[t], seen):
                owner[t] = m
                return True
        return False

    return all(assign(m, set()) for m in range(len(matchers)))


def _describe(matcher: TaskMatcher) -> dict[str, Any]:
    return matcher.model_dump(exclude_defaults=True)


def judge(expect: Expect, outcome: Outcome, tz: ZoneInfo) -> list[str]:
    """The reasons a case failed; empty when it passed."""
    reasons = list(outcome.errors)
    if expect.workflow is not None and outcome.workflow != expect.workflow:
        reasons.append(f"workflow was {outcome.workflow!r}, expected {expect.workflow!r}")
    reasons += [f"tool {t} was not called" for t in expect.tools if t not in outcome.tools]
    reasons += [f"tool {t} was called" for t in expect.tools_absent if t in outcome.tools]
    tasks = outcome.tasks
    if expect.tasks is not None and not _one_to_one(expect.tasks, tasks, tz):
        reasons.append(f"tasks do not match one to one: {[t.title for t in tasks]}")
    for matcher in expect.tasks_include:
        if not any(matches(matcher, t, tasks, tz) for t in tasks):
            reasons.append(f"no task matches {_describe(matcher)}")
    for matcher in expect.tasks_exclude:
        if any(matches(matcher, t, tasks, tz) for t in tasks):
            reasons.append(f"a task matches excluded {_describe(matcher)}")
    reply = outcome.reply.casefold()
    reasons += [f"reply lacks {s!r}" for s in expect.reply_contains if s.casefold() not in reply]
    reasons += [f"reply contains {s!r}" for s in expect.reply_absent if s.casefold() in reply]
    if expect.approval is not None and (outcome.approvals > 0) != expect.approval:
        reasons.append(f"approval requests: {outcome.approvals}, expected {expect.approval}")
    return reasons
