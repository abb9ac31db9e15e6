"""Each workflow end to end on the real stack: the offline model, the task MCP server over
streamable HTTP, SQLite checkpoints; checked in the task store and in the turn's result."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from engine.core import Engine, open_engine
from engine.turns import run_turn, session_thread_id, thread_config
from nodes.approval import REJECTED
from taskservice.schemas import TaskCreate
from tests.integration.graphs.support import (
    NOW,
    Approver,
    ModelDown,
    context,
    engine_settings,
)


async def test_direct_answers_without_touching_the_store(engine: Engine) -> None:
    result = await run_turn(engine.graph, context("ann"), "Hello! What can you do?")
    assert result.workflow == "direct"
    assert result.reply
    assert result.tool_calls == []
    assert result.fallbacks == []
    assert await engine.tasks.list("ann") == []


async def test_sequential_adds_a_task_due_in_the_users_time_zone(engine: Engine) -> None:
    zone = "Europe/Berlin"
    text = "Add a task to buy milk tomorrow at 5pm"
    result = await run_turn(engine.graph, context("ann", timezone=zone), text)
    assert result.workflow == "sequential"
    [task] = await engine.tasks.list("ann")
    assert task.title.lower() == "buy milk"
    tomorrow = NOW.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    expected = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 17, tzinfo=ZoneInfo(zone))
    assert task.due == expected
    assert [(c["name"], c["ok"]) for c in result.tool_calls] == [("add_task", True)]
    assert task.title in result.reply
    assert result.approvals == []


async def test_parallel_runs_the_dependent_step_after_the_one_it_needs(engine: Engine) -> None:
    text = "Add buy milk, then mark it done, and add a task to call mom"
    result = await run_turn(engine.graph, context("ann"), text)
    assert result.workflow == "parallel"
    tasks = {t.title.lower(): t for t in await engine.tasks.list("ann")}
    assert set(tasks) == {"buy milk", "call mom"}
    assert tasks["buy milk"].completed
    assert not tasks["call mom"].completed
    names = [c["name"] for c in result.tool_calls]
    assert sorted(names) == ["add_task", "add_task", "complete_task"]
    [completion] = [c for c in result.tool_calls if c["name"] == "complete_task"]
    assert completion["ok"]
    assert completion["args"]["task_id"] == tasks["buy milk"].id
    milk_added = next(
        i for i, c in enumerate(result.tool_calls) if c["args"].get("title") == "Buy milk"
    )
    assert milk_added < names.index("complete_task")
    assert result.approvals == []  # one change at a time needs no approval


async def test_hierarchical_creates_goal_areas_and_steps_due_before_the_goal(
    engine: Engine,
) -> None:
    text = "Help me plan my move to Berlin by 2026-12-20: packing, utilities and paperwork"
    result = await run_turn(engine.graph, context("ann"), text)
    assert result.workflow == "hierarchical"
    tasks = await engine.tasks.list("ann")
    [goal] = [t for t in tasks if t.parent_id is None]
    assert goal.due is not None
    assert goal.due.date().isoformat() == "2026-12-20"
    areas = [t for t in tasks if t.parent_id == goal.id]
    assert {a.title.lower() for a in areas} == {"packing", "utilities", "paperwork"}
    for area in areas:
        steps = [t for t in tasks if t.parent_id == area.id]
        assert steps, f"area {area.title!r} has no steps"
        for step in steps:
            assert step.due is not None
            assert NOW.date() <= step.due.date() < goal.due.date(), step
    assert len(tasks) == 1 + len(areas) + sum(t.parent_id in {a.id for a in areas} for t in tasks)
    assert len(result.tool_calls) == len(tasks)
    assert all(c["name"] == "add_task" and c["ok"] for c in result.tool_calls)
    assert goal.title in result.reply


async def test_a_rejected_delete_changes_nothing(engine: Engine) -> None:
    await engine.tasks.add("ann", TaskCreate(title="Pay rent"))
    approver = Approver(False)
    result = await run_turn(engine.graph, context("ann"), "delete task 1", approver=approver)
    [request] = approver.requests
    assert [(c["tool"], c["task_id"]) for c in request["changes"]] == [("delete_task", 1)]
    assert "Pay rent" in request["summary"]
    assert result.approvals == [request]
    assert [t.title for t in await engine.tasks.list("ann")] == ["Pay rent"]
    assert [(c["name"], c["ok"], c["output"], c.get("rejected")) for c in result.tool_calls] == [
        ("delete_task", False, REJECTED, True)
    ]
    assert result.reply
    assert result.pending_approval is None


async def test_rejecting_several_changes_reads_as_one_sentence(engine: Engine) -> None:
    for title in ("Pay rent", "Call mom", "Buy milk"):
        await engine.tasks.add("ann", TaskCreate(title=title))
    text = "delete tasks 1, 2 and 3"
    result = await run_turn(engine.graph, context("ann"), text, approver=Approver(False))
    assert len(await engine.tasks.list("ann")) == 3
    assert [(c["name"], c["ok"], c.get("rejected")) for c in result.tool_calls] == [
        ("delete_task", False, True)
    ] * 3
    assert result.reply.count("approve") == 1, result.reply
    assert "\n" not in result.reply
    for task_id in (1, 2, 3):
        assert f"task {task_id}" in result.reply
    assert "nothing was changed" in result.reply


async def test_a_partly_rejected_parallel_turn_says_what_was_done_then_one_sentence(
    engine: Engine,
) -> None:
    for title in ("Pay rent", "Call mom", "Buy milk"):
        await engine.tasks.add("ann", TaskCreate(title=title))
    text = "delete task 1 and delete task 3 and add buy eggs"
    result = await run_turn(engine.graph, context("ann"), text, approver=Approver(False))
    assert result.workflow == "parallel"
    titles = sorted(t.title for t in await engine.tasks.list("ann"))
    assert titles == ["Buy eggs", "Buy milk", "Call mom", "Pay rent"]
    rejected = [c["name"] for c in result.tool_calls if c.get("rejected")]
    assert rejected == ["delete_task", "delete_task"]
    lines = result.reply.splitlines()
    assert [line for line in lines if "approve" in line] == [lines[-1]]
    assert "task 1" in lines[-1]
    assert "task 3" in lines[-1]
    assert "Failed" not in result.reply
    assert "did not work" not in result.reply
    assert any("Buy eggs" in line for line in lines[:-1])


async def test_an_approved_delete_removes_the_task(engine: Engine) -> None:
    await engine.tasks.add("ann", TaskCreate(title="Pay rent"))
    await engine.tasks.add("ann", TaskCreate(title="Call mom"))
    approver = Approver(True)
    result = await run_turn(engine.graph, context("ann"), "delete task 1", approver=approver)
    assert len(approver.requests) == 1
    assert [t.title for t in await engine.tasks.list("ann")] == ["Call mom"]
    assert [(c["name"], c["ok"]) for c in result.tool_calls] == [("delete_task", True)]


async def test_a_delete_without_an_approver_waits(engine: Engine) -> None:
    await engine.tasks.add("ann", TaskCreate(title="Pay rent"))
    result = await run_turn(engine.graph, context("ann"), "delete task 1")
    assert result.pending_approval is not None
    assert "Pay rent" in result.pending_approval["summary"]
    assert result.pending_approval["summary"] in result.reply  # the reply asks the question
    assert [t.title for t in await engine.tasks.list("ann")] == ["Pay rent"]
    state = await engine.graph.aget_state(thread_config(session_thread_id("ann", "s1")))
    assert [i.id for i in state.interrupts] == [result.pending_approval["id"]]
    assert result.approvals == [result.pending_approval]


async def test_one_user_cannot_reach_another_users_tasks(engine: Engine) -> None:
    await engine.tasks.add("ann", TaskCreate(title="Pay rent"))
    approve = Approver(True)
    ben = context("ben")  # the same session name as ann's: the threads must still differ
    deleted = await run_turn(engine.graph, ben, "delete task 1", approver=approve)
    completed = await run_turn(engine.graph, ben, "mark task 1 as done", approver=approve)
    listed = await run_turn(engine.graph, ben, "Show my tasks", approver=approve)
    [task] = await engine.tasks.list("ann")
    assert (task.title, task.completed) == ("Pay rent", False)
    assert await engine.tasks.list("ben") == []
    for result in (deleted, completed):
        assert result.tool_calls
        assert not any(c["ok"] for c in result.tool_calls if c["name"] != "list_tasks")
    assert all("Pay rent" not in c["output"] for c in listed.tool_calls)
    assert "Pay rent" not in listed.reply
    bens_thread = await engine.graph.aget_state(thread_config(session_thread_id("ben", "s1")))
    assert all("Pay rent" not in m.text for m in bens_thread.values["messages"])


async def test_a_model_that_is_down_falls_back_to_the_offline_model(tmp_path: Path) -> None:
    down = ModelDown()
    async with open_engine(engine_settings(tmp_path), model=down) as engine:
        assert engine.models.fallback is not None
        result = await run_turn(engine.graph, context("ann"), "Add a task to buy milk")
        assert [t.title.lower() for t in await engine.tasks.list("ann")] == ["buy milk"]
    assert result.workflow == "sequential"
    assert down.calls == 1  # the router tried it; the rest of the turn went to the fallback
    assert {f["node"] for f in result.fallbacks} == {"router", "specialist", "validator"}
    assert {f["error"] for f in result.fallbacks} == {"ConnectionError"}
    assert "Buy milk" in result.reply
