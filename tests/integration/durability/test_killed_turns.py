"""Turns whose process is killed (``kill -9``) and resumed from the last checkpoint elsewhere.

Each killed turn runs in a process of its own (``turn_process``), which stops itself at an
exact point of the turn (before or after a given tool call) and is then killed. The turn
is resumed in this process, on a freshly opened engine over the same PostgreSQL, with
``resume_turn``: every task exists exactly once, each with its one audit row, and the
turn ends as an uninterrupted one does. An approval killed while it is being applied is
left answerable, or applied once and cleared: never applied and contradicted, never stuck.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.core import Engine, open_engine
from engine.turns import session_thread_id, thread_config
from taskservice.effects import AuditEntry
from tests.integration.durability.turn_process import drive
from tests.integration.graphs.support import engine_settings

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]
PLAN = "Help me plan my move to Berlin by 2026-12-20: packing, utilities and paperwork"
# The plan is 15 add_task calls: the goal (its own node), then areas and steps (one node).
PLAN_KILLS = ("tool-start:1", "tool-end:1", "tool-end:2", "tool-end:9", "tool-end:15")
# Answering a delete: after the title lookup (not acted on yet), before and after the delete.
APPROVAL_KILLS = ("tool-end:1", "tool-start:2", "tool-end:2")


@pytest.fixture
async def engine(tmp_path: Path, postgres_url: str) -> AsyncIterator[Engine]:
    async with open_engine(engine_settings(tmp_path / "survivor", postgres_url)) as opened:
        yield opened


async def killed(tmp_path: Path, url: str, user: str, run_id: str, *args: str) -> None:
    """Run the turn in its own process until it stops itself, then ``kill -9`` it."""
    data_dir = tmp_path / user
    data_dir.mkdir()
    with (tmp_path / f"{user}.stderr").open("wb") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.integration.durability.turn_process",
            str(data_dir),
            url,
            user,
            run_id,
            *args,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
        assert process.stdout is not None
        lines: list[str] = []
        while line := await process.stdout.readline():
            lines.append(line.decode().strip())
            if lines[-1] in ("stopped", "done"):
                break
        if lines[-1:] != ["stopped"]:
            await process.wait()
            stderr = (tmp_path / f"{user}.stderr").read_text()
            raise AssertionError(f"{user} did not stop at {args[-1]}: {lines}\n{stderr}")
        process.kill()
        assert await process.wait() == -9


def audit_of(entries: list[AuditEntry], operation: str) -> list[int | None]:
    return sorted(e.task_id for e in entries if e.operation == operation)


async def test_a_turn_killed_anywhere_and_resumed_makes_each_task_once_with_its_audit_row(
    engine: Engine, tmp_path: Path, postgres_url: str
) -> None:
    reference = await drive(engine.graph, "reference", str(uuid.uuid4()), message=PLAN, answer=None)
    planned = sorted(t.title for t in await engine.tasks.list("reference"))
    assert reference.workflow == "hierarchical"
    assert len(planned) == len(reference.tool_calls)

    runs = {point: (f"killed-{n}", str(uuid.uuid4())) for n, point in enumerate(PLAN_KILLS)}
    await asyncio.gather(
        *(
            killed(tmp_path, postgres_url, user, run_id, "--message", PLAN, "--stop-at", point)
            for point, (user, run_id) in runs.items()
        )
    )
    left = {point: len(await engine.tasks.list(user)) for point, (user, _) in runs.items()}
    # Where each process was killed: before any task, after the goal, inside the areas node.
    assert left == {
        "tool-start:1": 0,
        "tool-end:1": 1,
        "tool-end:2": 2,
        "tool-end:9": 9,
        "tool-end:15": 15,
    }

    for user, run_id in runs.values():
        result = await drive(engine.graph, user, run_id, message=PLAN, answer=None)
        tasks = await engine.tasks.list(user)
        assert sorted(t.title for t in tasks) == planned
        # Numbers are handed out once each, so no task was made and dropped on the way.
        assert result.reply == reference.reply
        assert [c["ok"] for c in result.tool_calls] == [True] * len(planned)
        trail = await engine.tasks.audit(user)
        assert audit_of(trail, "add") == sorted(t.id for t in tasks)
        assert len(trail) == len(tasks)
        thread = session_thread_id(user, "s1")
        assert {(e.thread_id, e.run_id) for e in trail} == {(thread, run_id)}
        assert len({e.idempotency_key for e in trail}) == len(tasks)


async def test_an_approval_killed_while_applied_is_answerable_or_applied_never_stuck(
    engine: Engine, tmp_path: Path, postgres_url: str
) -> None:
    """The person approves a delete; the process dies; the person then says no.

    Killed before the approval was acted on, the "no" is the answer: the task stays.
    Killed once it was being acted on, the first answer stands: the task is deleted, once,
    and the turn says so. Either way nothing waits afterwards and the thread goes on.
    """
    runs = {point: (f"approver-{n}", str(uuid.uuid4())) for n, point in enumerate(APPROVAL_KILLS)}
    for user, _ in runs.values():
        await drive(
            engine.graph,
            user,
            str(uuid.uuid4()),
            message="Add a task to renew my passport",
            answer=None,
        )
        asked = await drive(
            engine.graph, user, str(uuid.uuid4()), message="Delete task 1", answer=None
        )
        assert asked.pending_approval is not None
    await asyncio.gather(
        *(
            killed(tmp_path, postgres_url, user, run_id, "--answer", "approve", "--stop-at", point)
            for point, (user, run_id) in runs.items()
        )
    )
    deleted = {}
    for point, (user, run_id) in runs.items():
        state = await engine.graph.aget_state(thread_config(session_thread_id(user, "s1")))
        assert state.interrupts or not state.next, f"{point}: neither answerable nor finished"
        result = await drive(engine.graph, user, run_id, message=None, answer=False)
        assert result.pending_approval is None
        remaining = await engine.tasks.list(user)
        trail = await engine.tasks.audit(user)
        deleted[point] = not remaining
        assert audit_of(trail, "delete") == ([1] if deleted[point] else [])
        assert audit_of(trail, "add") == [1]
        outputs = [c["output"] for c in result.tool_calls if c["name"] == "delete_task"]
        assert len(outputs) == 1
        assert ('"status": "deleted"' in outputs[0]) == deleted[point]
        after = await drive(
            engine.graph, user, str(uuid.uuid4()), message="What are my tasks?", answer=None
        )
        assert after.pending_approval is None
        assert after.reply
    assert deleted == {
        "tool-end:1": False,
        "tool-start:2": True,
        "tool-end:2": True,
    }
