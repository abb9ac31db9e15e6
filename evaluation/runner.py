"""Running conversation cases against the orchestrator, each with a fresh user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from engine.clock import zone_name_for
from engine.core import Engine
from engine.turns import Approval, run_turn
from evaluation.cases import ANY_SENTINEL, Case, TaskMatcher
from evaluation.matchers import Outcome, judge
from graphs.state import Context
from taskservice.schemas import TaskCreate


@dataclass
class CaseResult:
    case: Case
    outcome: Outcome
    reasons: list[str]

    @property
    def passed(self) -> bool:
        return not self.reasons

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.case.id,
            "passed": self.passed,
            "reasons": self.reasons,
            "workflow": self.outcome.workflow,
            "tools": self.outcome.tools,
            "approvals": self.outcome.approvals,
            "fallbacks": self.outcome.fallbacks,
            "reply": self.outcome.reply,
            "tasks": [t.model_dump(mode="json") for t in self.outcome.tasks],
        }


def seed_task(matcher: TaskMatcher, tz: ZoneInfo) -> TaskCreate:
    fields: dict[str, Any] = {"title": matcher.title or matcher.title_contains or "Untitled"}
    if matcher.description or matcher.description_contains:
        fields["description"] = matcher.description or matcher.description_contains
    for key in ("completed", "priority", "tags"):
        if getattr(matcher, key) is not None:
            fields[key] = getattr(matcher, key)
    if matcher.due not in (None, ANY_SENTINEL):
        day = date.fromisoformat(str(matcher.due))
        fields["due"] = datetime.combine(day, time(23, 59), tzinfo=tz)
    if matcher.recurrence not in (None, ANY_SENTINEL):
        fields["recurrence"] = matcher.recurrence
    return TaskCreate(**fields)


async def run_case(engine: Engine, case: Case) -> CaseResult:
    user_id = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
    zone = zone_name_for(case.now)
    tz = ZoneInfo(zone)
    for matcher in case.tasks:
        await engine.tasks.add(user_id, seed_task(matcher, tz))
    context = Context(user_id=user_id, timezone=zone, now=case.now, session_id=case.id)
    tools: list[str] = []
    approvals = 0
    fallbacks = 0
    reply = ""
    workflow: str | None = None
    errors: list[str] = []

    async def approver(request: Approval) -> bool:
        return case.approve

    for text in case.turns:
        try:
            result = await run_turn(
                engine.graph,
                context,
                text,
                approver=approver,
                timeout_seconds=engine.settings.turn_timeout_seconds,
            )
        except Exception as error:  # a crashed case is reported, the run goes on
            errors.append(f"turn {text!r} raised {type(error).__name__}: {error}")
            break
        tools += [c["name"] for c in result.tool_calls]
        approvals += len(result.approvals)
        fallbacks += len(result.fallbacks)
        reply, workflow = result.reply, result.workflow
    tasks = await engine.tasks.list(user_id)
    outcome = Outcome(workflow, tools, tasks, reply, approvals, fallbacks, errors)
    return CaseResult(case, outcome, judge(case.expect, outcome, tz))
