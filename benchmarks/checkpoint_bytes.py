"""Checkpoint bytes one turn writes, against the thread's length, on PostgreSQL.

    python -m benchmarks.checkpoint_bytes [--turns 100] [--at 10,60,100]

One thread, ``--turns`` turns with the offline model through the engine (as the CLI
runs them), cycling through ten messages that cover the four workflows, so the turns
printed (10, 60, 100: the same message each) do the same work. The user's tasks are
deleted after each turn (not counted), so tool results do not grow with the thread.
After every turn the benchmark sums the stored size (``pg_column_size``) of the
thread's rows in the saver's tables (checkpoints, blobs, writes): the growth is what
the turn wrote (net of what the retention policy, ``CHECKPOINT_RETENTION_TURNS`` from the
environment, deleted). It prints the growth at the chosen turns, how many whole copies of
the message list the turn stored (``messages`` blobs: every step's, or a periodic
snapshot of a delta channel), and the thread's total at the end. Counted bytes, not
times, so the figures hold on a busy machine. PostgreSQL is the throwaway cluster the
tests use.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from engine.core import Engine, open_engine
from engine.turns import Approval, run_turn, session_thread_id
from graphs.state import Context
from settings import Settings
from tests.support.postgres import postgres_server

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
USER = "bytes-bench"
SESSION = "long-thread"
MESSAGES = (
    "Hello! What can you do?",
    "Add a task to buy milk tomorrow at 5pm",
    "Add buy eggs, then mark it done, and add a task to call mom",
    "Add a task to water the plants on Friday",
    "Help me plan my move to Berlin by 2026-12-20: packing, utilities and paperwork",
    "Thanks!",
    "Add a task to renew my passport next month",
    "Add pay rent and book a dentist appointment",
    "What can you help me with?",
    "Add a task to send the report by Friday",
)
TABLES = ("checkpoints", "checkpoint_blobs", "checkpoint_writes")


@dataclass
class Figures:
    per_turn: dict[int, tuple[int, int]]  # turn: (bytes written, whole-list copies)
    total: int
    turns: int
    retention: object  # CHECKPOINT_RETENTION_TURNS (absent from versions before the policy)


async def _approve(_: Approval) -> bool:
    return True


async def thread_bytes(url: str, thread_id: str) -> tuple[int, int]:
    """Stored bytes of the thread's rows in the saver's tables, and its ``messages`` blobs."""
    total = 0
    async with await psycopg.AsyncConnection.connect(url) as conn:
        row = await (
            await conn.execute(
                "SELECT count(*) FROM checkpoint_blobs WHERE thread_id = %s "
                "AND channel = 'messages'",
                (thread_id,),
            )
        ).fetchone()
        copies = int(row[0]) if row else 0
        for table in TABLES:
            row = await (
                await conn.execute(
                    f"SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM {table} t "
                    "WHERE thread_id = %s",
                    (thread_id,),
                )
            ).fetchone()
            total += int(row[0]) if row else 0
    return total, copies


async def _clear_tasks(engine: Engine) -> None:
    for task in await engine.tasks.list(USER):
        if task.parent_id is None:
            await engine.tasks.delete(USER, task.id)


async def measure(url: str, data_dir: Path, turns: int, at: list[int]) -> Figures:
    settings = Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=url,
        task_database_url=None,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        openai_api_key=None,
    )
    context = Context(user_id=USER, now=NOW, session_id=SESSION)
    thread_id = session_thread_id(USER, SESSION)
    per_turn: dict[int, tuple[int, int]] = {}
    async with open_engine(settings) as engine:
        before, copies_before = 0, 0
        for turn in range(1, turns + 1):
            message = MESSAGES[(turn - 1) % len(MESSAGES)]
            await run_turn(engine.graph, context, message, approver=_approve)
            await _clear_tasks(engine)
            after, copies = await thread_bytes(url, thread_id)
            if turn in at:
                per_turn[turn] = (after - before, copies - copies_before)
            before, copies_before = after, copies
    return Figures(per_turn, before, turns, getattr(settings, "checkpoint_retention_turns", "-"))


async def run(turns: int, at: list[int]) -> Figures:
    with postgres_server() as server, tempfile.TemporaryDirectory(prefix="bench-bytes-") as data:
        async with server.database("bytes") as url:
            return await measure(url, Path(data), turns, at)


def _kb(value: int) -> str:
    return f"{value / 1024:,.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--turns", type=int, default=100, help="turns in the thread")
    parser.add_argument("--at", default="10,60,100", help="turns whose bytes to print")
    options = parser.parse_args()
    at = sorted({int(t) for t in options.at.split(",") if t.strip()})
    if options.turns < 1 or any(t < 1 or t > options.turns for t in at):
        parser.error("--turns must be at least 1 and every --at turn within it")
    figures = asyncio.run(run(options.turns, at))
    print(
        "Checkpoint bytes on PostgreSQL, one thread, the offline model, "
        f"CHECKPOINT_RETENTION_TURNS={figures.retention}:"
    )
    for turn, (written, copies) in figures.per_turn.items():
        print(f"  turn {turn:>4} wrote {_kb(written):>12}, {copies} whole message list(s)")
    if len(at) > 1 and figures.per_turn[at[0]][0] > 0:
        ratio = figures.per_turn[at[1]][0] / figures.per_turn[at[0]][0]
        print(f"  turn {at[1]} / turn {at[0]}: {ratio:.2f}x")
    print(f"  thread total after {figures.turns} turns: {_kb(figures.total)}")


if __name__ == "__main__":
    main()
