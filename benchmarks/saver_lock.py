"""Concurrent turns against one PostgreSQL checkpointer: lock waits and latency.

    python -m benchmarks.saver_lock [--concurrency 20] [--rounds 3]

Opens the engine on PostgreSQL with the offline model and runs ``--concurrency`` turns
at once (each its own user and thread, a sequential request), ``--rounds`` times after
one untimed round. It counts how often checkpoint I/O waited: the saver's
``asyncio.Lock`` (acquisitions, and those that found it held) and the connection pool
(requests queued for a connection, from psycopg_pool's statistics). Counts hold on a
busy machine; the p50 and p95 turn latency are printed too, but they are noisy there.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from psycopg_pool import AsyncConnectionPool

from engine.core import Engine, open_engine
from engine.turns import run_turn
from graphs.state import Context
from settings import Settings
from tests.support.postgres import postgres_server

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)
MESSAGE = "Add a task to buy milk tomorrow at 5pm"


class CountingLock(asyncio.Lock):
    """An ``asyncio.Lock`` that counts acquisitions and those that had to wait."""

    def __init__(self) -> None:
        super().__init__()
        self.acquisitions = 0
        self.waits = 0

    async def acquire(self) -> bool:  # type: ignore[override]
        self.acquisitions += 1
        if self.locked():
            self.waits += 1
        return await super().acquire()


@dataclass
class Figures:
    latencies_ms: list[float] = field(default_factory=list)
    lock_acquisitions: int = 0
    lock_waits: int = 0
    pool_queued: int = 0
    pool_requests: int = 0


def _pool_stats(pool: Any, *, reset: bool = False) -> dict[str, int]:
    if not isinstance(pool, AsyncConnectionPool):
        return {}
    return dict(pool.pop_stats() if reset else pool.get_stats())


async def _turn(engine: Engine, user: str) -> float:
    context = Context(user_id=user, now=NOW, session_id="lock-bench")
    start = time.perf_counter()
    await run_turn(engine.graph, context, MESSAGE)
    return (time.perf_counter() - start) * 1000


async def measure(url: str, data_dir: Path, concurrency: int, rounds: int) -> Figures:
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
    figures = Figures()
    async with open_engine(settings) as engine:
        saver: Any = engine.persistence.checkpointer
        lock = CountingLock()
        saver.lock = lock  # the saver takes ``self.lock`` around its I/O, if it does at all
        pool = getattr(saver, "conn", None)
        for round_ in range(rounds + 1):
            if round_ == 1:  # the first round warms up (MCP sessions, caches)
                lock.acquisitions = lock.waits = 0
                _pool_stats(pool, reset=True)
            users = [f"user-{round_}-{i}" for i in range(concurrency)]
            latencies = await asyncio.gather(*(_turn(engine, u) for u in users))
            if round_ >= 1:
                figures.latencies_ms.extend(latencies)
        stats = _pool_stats(pool)
        figures.lock_acquisitions, figures.lock_waits = lock.acquisitions, lock.waits
        figures.pool_queued = stats.get("requests_queued", 0)
        figures.pool_requests = stats.get("requests_num", 0)
    return figures


async def run(concurrency: int, rounds: int) -> Figures:
    with postgres_server() as server, tempfile.TemporaryDirectory(prefix="bench-lock-") as data:
        async with server.database("lock") as url:
            return await measure(url, Path(data), concurrency, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--concurrency", type=int, default=20, help="turns at once")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds")
    options = parser.parse_args()
    if options.concurrency < 1 or options.rounds < 1:
        parser.error("--concurrency and --rounds must be at least 1")
    figures = asyncio.run(run(options.concurrency, options.rounds))
    ordered = sorted(figures.latencies_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    waited = figures.lock_waits / figures.lock_acquisitions if figures.lock_acquisitions else 0.0
    print(
        f"{options.concurrency} concurrent turns x {options.rounds} rounds on PostgreSQL, "
        "the offline model:"
    )
    print(
        f"  saver lock: {figures.lock_acquisitions} acquisitions, "
        f"{figures.lock_waits} waited ({waited:.0%})"
    )
    print(
        f"  connection pool: {figures.pool_requests} requests, "
        f"{figures.pool_queued} queued for a connection"
    )
    print(
        f"  turn latency: p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms "
        "(times are noisy on a shared machine; the counts are not)"
    )


if __name__ == "__main__":
    main()
