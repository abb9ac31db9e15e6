"""Planner, validator, aggregator and integrator through the public model interface."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from langchain_core.messages import HumanMessage

from chatmodels.offline import OfflineChatModel
from graphs.state import AreaSteps, Plan, Verdict
from tests.unit.chatmodels.fakes import system_prompt

MODEL = OfflineChatModel()
NOW = "2026-11-24T09:00:00+00:00"


async def plan_for(text: str) -> Plan:
    system = system_prompt("strategist")
    plan = await MODEL.with_structured_output(Plan).ainvoke([system, HumanMessage(text)])
    assert isinstance(plan, Plan)
    return plan


async def test_plan_uses_the_areas_the_user_named_and_the_deadline() -> None:
    plan = await plan_for(
        "Help me plan my sister's wedding next month: the venue, the catering and the music"
    )
    assert "wedding" in plan.goal.lower()
    assert [a.title.lower() for a in plan.areas] == ["venue", "catering", "music"]
    assert plan.due is not None
    assert date.fromisoformat(plan.due).month == 12


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("plan my move next month", "move"),
        ("organise a birthday party on Dec 12", "party"),
        ("help me prepare for my job search", "job"),
        ("I want to plan a vacation to Italy", "italy"),
        ("Help me plan the garden renovation", "renovation"),
    ],
)
async def test_plan_defaults_give_several_areas(text: str, word: str) -> None:
    plan = await plan_for(text)
    assert word in plan.goal.lower()
    assert 2 <= len(plan.areas) <= 6
    assert len({a.title for a in plan.areas}) == len(plan.areas)


async def test_a_dated_goal_has_its_date() -> None:
    plan = await plan_for("organise a birthday party on Dec 12")
    assert plan.due == "2026-12-12"


@pytest.mark.parametrize("area", ["Venue", "Catering", "Packing", "Something unusual"])
async def test_tactician_steps_fall_before_the_deadline(area: str) -> None:
    due = date(2026, 12, 24)
    prompt = system_prompt(
        "tactician",
        goal="Plan the wedding",
        due_clause=f" (due {due})",
        due=due.isoformat(),
        area=area,
    )
    steps = await MODEL.with_structured_output(AreaSteps).ainvoke([prompt, HumanMessage(area)])
    assert isinstance(steps, AreaSteps)
    assert 2 <= len(steps.steps) <= 5
    days = [s.days_before_due for s in steps.steps]
    assert all(d is not None and d > 0 for d in days)
    assert days == sorted(days, reverse=True)  # in order towards the deadline
    assert all(due - timedelta(days=d or 0) > date(2026, 11, 24) - timedelta(days=30) for d in days)


async def test_tactician_without_a_deadline_gives_no_days() -> None:
    prompt = system_prompt("tactician", goal="Plan my move", due_clause="", due="", area="Packing")
    steps = await MODEL.with_structured_output(AreaSteps).ainvoke([prompt])
    assert isinstance(steps, AreaSteps)
    assert all(s.days_before_due is None for s in steps.steps)


async def verdict(evidence: str, reply: str) -> Verdict:
    system = system_prompt("validator", evidence=evidence, reply=reply)
    out = await MODEL.with_structured_output(Verdict).ainvoke([system])
    assert isinstance(out, Verdict)
    return out


CREATED = json.dumps(
    {"task_id": 4, "status": "created", "title": "Buy groceries", "task": {"id": 4}}
)


async def test_validator_accepts_a_supported_reply() -> None:
    assert (await verdict(CREATED, "Added task 4: Buy groceries.")).ok


@pytest.mark.parametrize(
    "reply",
    [
        "Deleted task 4 'Buy groceries'.",  # a change no result shows
        "Added task 7: Buy groceries.",  # wrong number
        "Added task 4 'Buy bread'.",  # wrong title
    ],
)
async def test_validator_flags_unsupported_claims(reply: str) -> None:
    out = await verdict(CREATED, reply)
    assert not out.ok
    assert out.findings


async def test_validator_does_not_count_a_reported_failure_as_a_claim() -> None:
    out = await verdict(
        "Error: Task 42 not found.", "I couldn't complete task 42: Task 42 not found."
    )
    assert out.ok


async def test_validator_flags_a_claim_without_any_tool_result() -> None:
    assert not (await verdict("(none)", "Marked task 3 'Book flights' as done.")).ok


async def test_aggregator_reports_every_subtask_and_failures_plainly() -> None:
    rows = [
        {"id": 1, "request": "Add buy eggs", "ok": True, "summary": "Added task 2: Buy eggs."},
        {"id": 2, "request": "Mark task 9 done", "ok": False, "summary": "Task 9 not found."},
    ]
    system = system_prompt("aggregator", results="\n".join(json.dumps(r) for r in rows))
    reply = str((await MODEL.ainvoke([system])).content)
    assert "Buy eggs" in reply
    assert "Task 9 not found" in reply
    assert "fail" in reply.lower()


async def test_aggregator_passes_plain_text_results_through() -> None:
    results = "1. Here are your pending tasks:\n#1 Call mom\n2. Added task 3: Pick up dry cleaning."
    reply = str((await MODEL.ainvoke([system_prompt("aggregator", results=results)])).content)
    assert "Call mom" in reply
    assert "Pick up dry cleaning" in reply


async def test_integrator_summarises_the_plan() -> None:
    plan = (
        "Plan my move (task 1)\n- Packing\n  - Pack room by room\n- Movers\n"
        "  - Book the movers (failed)"
    )
    reply = str((await MODEL.ainvoke([system_prompt("integrator", plan=plan)])).content)
    assert "Plan my move" in reply
    assert "Pack room by room" in reply
    assert "could not" in reply.lower()


@pytest.mark.parametrize(
    ("message", "expect"),
    [("hi", "task"), ("What's the capital of France?", "only help"), ("thank you!", "welcome")],
)
async def test_responder(message: str, expect: str) -> None:
    system = system_prompt("responder")
    reply = str((await MODEL.ainvoke([system, HumanMessage(message)])).content)
    assert expect in reply.lower()
    assert "paris" not in reply.lower()


async def test_aggregator_reads_numbered_status_lines() -> None:
    results = "\n".join(
        [
            "1. [ok] Show what's pending -> Here are your pending tasks:",
            "#1 Call mom",
            "2. [failed] Mark task 9 done -> I couldn't complete task 9: Task 9 not found.",
        ]
    )
    system = system_prompt("aggregator", results=results)
    reply = str((await MODEL.ainvoke([system, HumanMessage("Report back.")])).content)
    assert "#1 Call mom" in reply
    assert "Failed to mark task 9 done" in reply
    assert "Report back" not in reply
    assert "[ok]" not in reply


async def test_integrator_reads_goal_area_step_lines() -> None:
    plan = "\n".join(
        [
            "Goal: task 1 Plan my move (due 2026-12-24)",
            "- Area: task 2 Packing",
            "  - Step: task 3 Pack room by room",
            "  - Not created: Error: title too long",
        ]
    )
    system = system_prompt("integrator", plan=plan)
    reply = str((await MODEL.ainvoke([system, HumanMessage("Report back.")])).content)
    assert reply.startswith("I've set up your plan: Plan my move")
    assert "#3 Pack room by room" in reply
    assert "could not be created" in reply
    assert "Report back" not in reply
