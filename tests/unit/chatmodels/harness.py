"""A minimal stand-in for the orchestrator graphs, enough to run conversation cases
(/work/shared/evals format) against the offline model through its public interfaces."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from chatmodels.contract import Role
from graphs.state import AreaSteps, Decomposition, Plan, RouteDecision, Verdict
from tests.unit.chatmodels.fakes import FakeTasks, run_agent, system_prompt


@dataclass
class Outcome:
    workflow: str = ""
    reply: str = ""
    approvals: int = 0


@dataclass
class Conversation:
    model: BaseChatModel
    store: FakeTasks
    now: str
    tz: str
    approve: bool = True
    history: list[BaseMessage] = field(default_factory=list)

    async def turn(self, text: str) -> Outcome:
        human = HumanMessage(text)
        router = system_prompt("router", now=self.now, tz=self.tz)
        decision = await self.model.with_structured_output(RouteDecision).ainvoke(
            [router, *self.history, human]
        )
        assert isinstance(decision, RouteDecision)
        if decision.workflow == "direct":
            system = system_prompt("responder", now=self.now, tz=self.tz)
            reply = str((await self.model.ainvoke([system, *self.history, human])).content)
            new: list[BaseMessage] = [human, AIMessage(reply)]
        elif decision.workflow == "sequential":
            reply, new = await self._sequential(human)
        elif decision.workflow == "parallel":
            reply = await self._parallel(human)
            new = [human, AIMessage(reply)]
        else:
            reply = await self._hierarchical(human)
            new = [human, AIMessage(reply)]
        self.history.extend(new)
        return Outcome(workflow=decision.workflow, reply=reply, approvals=self.store.approvals)

    async def _agent(
        self, role: Role, history: list[BaseMessage], human: HumanMessage
    ) -> tuple[str, list[BaseMessage]]:
        system = system_prompt(role, now=self.now, tz=self.tz)
        reply, messages = await run_agent(
            self.model, self.store, [system, *history, human], approve=self.approve
        )
        return reply, messages[1 + len(history) :]

    async def _sequential(self, human: HumanMessage) -> tuple[str, list[BaseMessage]]:
        reply, new = await self._agent("specialist", self.history, human)
        evidence = "\n".join(str(m.content) for m in new if isinstance(m, ToolMessage)) or "(none)"
        verdict = await self.model.with_structured_output(Verdict).ainvoke(
            [system_prompt("validator", evidence=evidence, reply=reply)]
        )
        assert isinstance(verdict, Verdict)
        assert verdict.ok, verdict.findings
        return reply, new

    async def _parallel(self, human: HumanMessage) -> str:
        system = system_prompt("decomposer", now=self.now, tz=self.tz)
        plan = await self.model.with_structured_output(Decomposition).ainvoke(
            [system, *self.history, human]
        )
        assert isinstance(plan, Decomposition)
        rows = []
        for sub in plan.subtasks:
            reply, _ = await self._agent("worker", [], HumanMessage(sub.request))
            rows.append(
                json.dumps({"id": sub.id, "request": sub.request, "ok": True, "summary": reply})
            )
        system = system_prompt("aggregator", results="\n".join(rows))
        return str((await self.model.ainvoke([system])).content)

    async def _hierarchical(self, human: HumanMessage) -> str:
        system = system_prompt("strategist", now=self.now, tz=self.tz)
        plan = await self.model.with_structured_output(Plan).ainvoke([system, *self.history, human])
        assert isinstance(plan, Plan)
        due = date.fromisoformat(plan.due) if plan.due else None
        goal = json.loads(
            self.store.add_task(plan.goal, due=f"{due}T23:59:00+00:00" if due else None)
        )
        lines = [f"{plan.goal} (task {goal['task_id']})"]
        for area in plan.areas:
            clause = f" (due {due.isoformat()})" if due else ""
            prompt = system_prompt(
                "tactician",
                now=self.now,
                tz=self.tz,
                goal=plan.goal,
                due_clause=clause,
                due=due.isoformat() if due else "",
                area=area.title,
            )
            steps = await self.model.with_structured_output(AreaSteps).ainvoke([prompt])
            assert isinstance(steps, AreaSteps)
            made = json.loads(self.store.add_task(area.title, parent_id=goal["task_id"]))
            lines.append(f"- {area.title}")
            for step in steps.steps:
                when = _step_due(due, step.days_before_due)
                self.store.add_task(step.title, parent_id=made["task_id"], due=when)
                lines.append(f"  - {step.title}")
        system = system_prompt("integrator", plan="\n".join(lines))
        return str((await self.model.ainvoke([system])).content)


def _step_due(due: date | None, days: int | None) -> str | None:
    if due is None or days is None:
        return None
    return f"{due - timedelta(days=days)}T23:59:00+00:00"


def seed(store: FakeTasks, tasks: list[dict[str, Any]], tz: str) -> None:
    for task in tasks:
        fields = dict(task)
        title = fields.pop("title")
        if fields.get("due"):
            fields["due"] = f"{fields['due']}T23:59:00{_offset(tz)}"
        store.seed(title, **fields)


def zone_for(now: str) -> str:
    """An IANA zone with the clock's UTC offset (whole hours), as the case format implies."""
    offset = datetime.fromisoformat(now).utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _offset(tz: str) -> str:
    text = datetime(2026, 1, 1, tzinfo=ZoneInfo(tz)).strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def matches(task: dict[str, Any], matcher: dict[str, Any], store: FakeTasks) -> bool:
    for key, want in matcher.items():
        if key == "title" and task["title"].strip().rstrip(".!?").lower() != want.lower():
            return False
        if key == "title_contains" and want.lower() not in task["title"].lower():
            return False
        if key in {"completed", "priority", "recurrence"} and task.get(key) != want:
            return False
        if key == "tags" and not {t.lower() for t in want} <= {t.lower() for t in task["tags"]}:
            return False
        if key == "due" and (task["due"][:10] if task["due"] else None) != want:
            return False
        if (
            key == "description_contains"
            and want.lower() not in (task["description"] or "").lower()
        ):
            return False
        if key == "parent":
            parent = store.tasks.get(task["parent_id"] or -1)
            if parent is None or want.lower() not in parent["title"].lower():
                return False
        children = sum(1 for t in store.tasks.values() if t["parent_id"] == task["id"])
        if key == "children_min" and children < want:
            return False
    return True


async def run_case(model: BaseChatModel, case: dict[str, Any]) -> list[str]:
    """The failed expectations of one case (empty when it passes)."""
    now = case.get("now", "2026-11-24T09:00:00+00:00")
    store = FakeTasks()
    tz = zone_for(now)
    seed(store, case.get("tasks", []), tz)
    convo = Conversation(
        model=model, store=store, now=now, tz=tz, approve=case.get("approve", True)
    )
    outcome = Outcome()
    for text in case["turns"]:
        outcome = await convo.turn(text)
    return check(case.get("expect", {}), outcome, store.approvals, store)


def check(expect: dict[str, Any], outcome: Outcome, approvals: int, store: FakeTasks) -> list[str]:
    problems: list[str] = []
    tasks = list(store.tasks.values())
    called = set(store.call_names())
    if "workflow" in expect and outcome.workflow != expect["workflow"]:
        problems.append(f"workflow {outcome.workflow} != {expect['workflow']}")
    problems += [f"tool {t} not called" for t in expect.get("tools", []) if t not in called]
    problems += [f"tool {t} called" for t in expect.get("tools_absent", []) if t in called]
    if "tasks" in expect:
        wanted = expect["tasks"]
        if len(wanted) != len(tasks) or not all(
            any(matches(t, m, store) for t in tasks) for m in wanted
        ):
            problems.append(f"tasks {[(t['title'], t['completed']) for t in tasks]} != {wanted}")
    problems += [
        f"missing {m}"
        for m in expect.get("tasks_include", [])
        if not any(matches(t, m, store) for t in tasks)
    ]
    problems += [
        f"unwanted {m}"
        for m in expect.get("tasks_exclude", [])
        if any(matches(t, m, store) for t in tasks)
    ]
    reply = outcome.reply.lower()
    problems += [
        f"reply lacks {s!r}" for s in expect.get("reply_contains", []) if s.lower() not in reply
    ]
    problems += [f"reply has {s!r}" for s in expect.get("reply_absent", []) if s.lower() in reply]
    if "approval" in expect and (approvals > 0) != expect["approval"]:
        problems.append(f"approval {approvals > 0} != {expect['approval']}")
    return problems
