"""Orchestration time of one conversational turn, per workflow and persistence backend.

    python -m benchmarks.turns [--turns 30] [--backend sqlite|postgres ...] [--users per-turn]

Opens the engine the way the CLI does (task service, embedded task MCP server over
streamable HTTP, MCP tools, the offline model, checkpointer and store) and times
``run_turn`` for one representative message per workflow, every turn starting from the
same state: a new thread and no tasks. By default one user per workflow, whose tasks are
deleted (untimed) after each turn, so the user's MCP session is already open: the steady
state. ``--users per-turn`` takes a new user each turn instead, which adds opening that
user's MCP session: a user's first turn. Approvals are granted at once. SQLite lives in a
temporary directory; PostgreSQL is the throwaway cluster the tests use (or the server at
``TEST_DATABASE_URL``), with a fresh database. One untimed turn per workflow warms up.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from engine.core import Engine, open_engine
from engine.turns import Approval, run_turn
from graphs.state import Context, Workflow
from settings import Settings
from tests.support.postgres import postgres_server

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
MESSAGES: dict[Workflow, str] = {
    "direct": "Hello! What can you do?",
    "sequential": "Add a task to buy milk tomorrow at 5pm",
    "parallel": "Add buy milk, then mark it done, and add a task to call mom",
    "hierarchical": (
        "Help me plan my move to Berlin by 2026-12-20: packing, utilities and paperwork"
    ),
}
BACKENDS = ("sqlite", "postgres")
USER_MODES = ("per-workflow", "per-turn")


@dataclass
class Row:
    backend: str
    workflow: Workflow
    samples_ms: list[float]
    tool_calls: int
    misrouted: int


async def _approve(_: Approval) -> bool:
    return True


def _settings(data_dir: Path, database_url: str | None) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=database_url,
        task_database_url=None,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        openai_api_key=None,
    )


@asynccontextmanager
async def _engine(backend: str, data_dir: Path) -> AsyncIterator[Engine]:
    async with AsyncExitStack() as stack:
        url = None
        if backend == "postgres":
            server = stack.enter_context(postgres_server())
            url = await stack.enter_async_context(server.database("bench"))
        yield await stack.enter_async_context(open_engine(_settings(data_dir, url)))


def _context(backend: str, workflow: Workflow, index: int, users: str) -> Context:
    if users == "per-turn":
        return Context(user_id=f"{backend}-{workflow}-{index}", now=NOW, session_id="bench")
    return Context(user_id=f"{backend}-{workflow}", now=NOW, session_id=f"turn-{index}")


async def _clear_tasks(engine: Engine, user: str) -> None:
    for task in await engine.tasks.list(user):
        if task.parent_id is None:  # deleting a task deletes its subtasks
            await engine.tasks.delete(user, task.id)


async def _time_workflow(
    engine: Engine, backend: str, workflow: Workflow, turns: int, users: str
) -> Row:
    message = MESSAGES[workflow]
    samples: list[float] = []
    tool_calls = misrouted = 0
    for index in range(turns + 1):
        context = _context(backend, workflow, index, users)
        start = time.perf_counter()
        result = await run_turn(engine.graph, context, message, approver=_approve)
        elapsed = (time.perf_counter() - start) * 1000
        await _clear_tasks(engine, context.user_id)
        if index == 0:
            continue  # warm-up
        samples.append(elapsed)
        tool_calls += len(result.tool_calls)
        misrouted += result.workflow != workflow
    return Row(backend, workflow, samples, tool_calls // max(turns, 1), misrouted)


async def run(turns: int, backends: list[str], users: str = USER_MODES[0]) -> list[Row]:
    rows: list[Row] = []
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="bench-turns-") as data:
            async with _engine(backend, Path(data)) as engine:
                for workflow in MESSAGES:
                    rows.append(await _time_workflow(engine, backend, workflow, turns, users))
    return rows


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _table(rows: list[Row]) -> str:
    header = (
        f"{'backend':<9} {'workflow':<13} {'turns':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'tools/turn':>10} {'misrouted':>9}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        p50 = statistics.median(row.samples_ms)
        p95 = _percentile(row.samples_ms, 0.95)
        lines.append(
            f"{row.backend:<9} {row.workflow:<13} {len(row.samples_ms):>5} {p50:>8.1f} "
            f"{p95:>8.1f} {row.tool_calls:>10} {row.misrouted:>9}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=30, help="timed turns per workflow")
    parser.add_argument(
        "--backend",
        action="append",
        choices=BACKENDS,
        help="persistence to measure (repeatable; default: both)",
    )
    parser.add_argument(
        "--users",
        choices=USER_MODES,
        default=USER_MODES[0],
        help="one user per workflow (steady state) or a new user each turn (first turn)",
    )
    options = parser.parse_args()
    if options.turns < 1:
        parser.error("--turns must be at least 1")
    rows = asyncio.run(run(options.turns, options.backend or list(BACKENDS), options.users))
    print(f"One turn with the offline model, users {options.users}:")
    print(_table(rows))


if __name__ == "__main__":
    main()
