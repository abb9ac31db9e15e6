"""Streamed turns per second and time to first token with 1 and 2 server processes.

    python -m benchmarks.workers [--workers 1 2] [--users 10 50] [--turns 3] [--latency-ms 100]

The chat server is the real ``orchestrator serve --workers N`` on a fresh database of a
throwaway PostgreSQL (the tests' cluster, or ``TEST_DATABASE_URL``'s), its model a
simulated remote one: the OpenAI-compatible test server in a process of its own, which
answers as the offline model does after ``--latency-ms``. For each worker count and
each level, that many users, each on a thread of their own, send ``--turns`` turns one
after the other over ``POST /threads/{id}/runs/stream`` with ``langgraph-sdk``.

Printed per worker count and level: streamed turns per second, time to first token
(the first ``messages`` event carrying AI text) at p50 and p95, the whole turn at p95,
the CPU cores the chat server's processes, the simulated model, the clients and the
whole machine kept busy (CPU seconds over wall seconds, from /proc), and, per level, the
turns per second of the most workers over one worker's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from langgraph_sdk import get_client

from benchmarks.server import ASSISTANT, RUN_INPUT, STREAM_MODE, Level, _has_ai_text, _percentile
from tests.support.postgres import PostgresServer, postgres_server
from tests.support.serve_process import ServeProcess, sign_token

SECRET = "benchmark-workers-better-auth-secret-0123456789"
API_KEY = "sk-benchmark-simulated-model"
MODEL = "simulated-model"


def cpu_seconds(group: int) -> float:
    """CPU time (user + system) of the processes of session/group ``group``, from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all cores spent on anything but idling, from /proc/stat (every process)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@dataclass
class Load:
    """Where the CPU went during a level, in CPU seconds."""

    server: float
    model: float
    client: float  # this process: the users' SDK clients
    machine: float  # every process on the machine (PostgreSQL and other people's work too)


@contextmanager
def simulated_model(latency: float) -> Iterator[tuple[str, int]]:
    """The OpenAI-compatible server in its own process; yields its base URL and pid."""
    command = [sys.executable, "-m", "tests.support.openai_compat"]
    command += ["--api-key", API_KEY, "--model", MODEL, "--latency", str(latency)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("base_url "):
            raise RuntimeError("the simulated model did not start")
        yield line.split(" ", 1)[1].strip(), process.pid
    finally:
        process.terminate()
        process.wait(30)


async def _user(url: str, user_id: str, turns: int, level: Level) -> None:
    token = sign_token(SECRET, user_id)
    client = get_client(url=url, api_key=None, headers={"Authorization": f"Bearer {token}"})
    try:
        thread = await client.threads.create()
        for _ in range(turns):
            started = time.perf_counter()
            first: float | None = None
            async for part in client.runs.stream(
                thread["thread_id"],
                ASSISTANT,
                input=RUN_INPUT,
                stream_mode=STREAM_MODE,  # type: ignore[arg-type]
            ):
                if part.event == "error":
                    raise RuntimeError(f"run error event: {part.data}")
                if first is None and part.event == "messages" and _has_ai_text(part.data):
                    first = time.perf_counter() - started
            level.whole_turn.append(time.perf_counter() - started)
            level.turns += 1
            if first is None:
                level.without_text += 1
            else:
                level.first_token.append(first)
    except Exception as error:  # reported with the figures, not fatal to the others
        level.errors.append(f"{user_id}: {type(error).__name__}: {error}")
    finally:
        await client.aclose()


def _cpu(server: int, model: int) -> tuple[float, float, float, float]:
    return cpu_seconds(server), cpu_seconds(model), time.process_time(), machine_busy_seconds()


async def _level(url: str, users: int, turns: int, tag: str) -> Level:
    level = Level(users)
    started = time.perf_counter()
    await asyncio.gather(*(_user(url, f"bench-{tag}-{n}", turns, level) for n in range(users)))
    level.seconds = time.perf_counter() - started
    return level


async def _measure(
    postgres: PostgresServer,
    model: tuple[str, int],
    workdir: Path,
    workers: int,
    args: argparse.Namespace,
) -> list[tuple[Level, Load]]:
    model_url, model_pid = model
    async with postgres.database("bench_workers") as database_url:
        settings = {
            "ENVIRONMENT": "test",
            "DATABASE_URL": database_url,
            "BETTER_AUTH_SECRET": SECRET,
            "OPENAI_API_KEY": API_KEY,
            "OPENAI_BASE_URL": model_url,
            "OPENAI_MODEL": MODEL,
            "RATE_LIMIT_PER_MINUTE": "0",
            "LOG_LEVEL": "WARNING",
        }
        server = ServeProcess.start(settings, workdir, workers=workers, name=f"w{workers}")
        try:
            await server.wait_ready()
            # Untimed warm-up: one turn per worker process, at once.
            warm = await _level(server.url, 2 * workers, 1, f"w{workers}-warm")
            if warm.errors:
                raise RuntimeError(f"the warm-up failed: {warm.errors[0]}\n{server.tail()}")
            measured = []
            for users in args.users:
                before = _cpu(server.pid, model_pid)
                level = await _level(server.url, users, args.turns, f"w{workers}-u{users}")
                after = _cpu(server.pid, model_pid)
                load = Load(*(end - start for start, end in zip(before, after, strict=True)))
                measured.append((level, load))
            return measured
        finally:
            server.stop()


def _report(results: dict[int, list[tuple[Level, Load]]], args: argparse.Namespace) -> None:
    print(
        f"streamed turns ({args.turns} per user, sequential), simulated model "
        f"({args.latency_ms} ms, answers as the offline model), PostgreSQL, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'workers':>7}  {'users':>5}  {'turns':>5}  {'turns/s':>8}  {'ttft p50 ms':>11}  "
        f"{'ttft p95 ms':>11}  {'turn p95 ms':>11}  {'errors':>6}  {'server cores':>12}  "
        f"{'model cores':>11}  {'client cores':>12}  {'machine busy':>12}"
    )
    for workers, levels in results.items():
        for level, load in levels:
            ttft = level.first_token or [float("nan")]
            whole = level.whole_turn or [float("nan")]
            ttft_p50, ttft_p95 = statistics.median(ttft) * 1000, _percentile(ttft, 0.95) * 1000
            turn_p95 = _percentile(whole, 0.95) * 1000
            print(
                f"{workers:>7}  {level.users:>5}  {level.turns:>5}  "
                f"{level.turns / level.seconds:>8.2f}  {ttft_p50:>11.0f}  {ttft_p95:>11.0f}  "
                f"{turn_p95:>11.0f}  {len(level.errors):>6}  "
                f"{load.server / level.seconds:>12.2f}  {load.model / level.seconds:>11.2f}  "
                f"{load.client / level.seconds:>12.2f}  {load.machine / level.seconds:>12.2f}"
            )
            for error in level.errors[:3]:
                print(f"  {workers} workers, {level.users} users: {error}")
    least, most = min(results), max(results)
    if least != most:
        for (one, _), (many, _) in zip(results[least], results[most], strict=True):
            ratio = (many.turns / many.seconds) / (one.turns / one.seconds)
            print(f"{one.users} users: {most} workers give {ratio:.2f}x the turns/s of {least}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--turns", type=int, default=3, help="sequential turns per user")
    parser.add_argument("--latency-ms", type=int, default=100, help="the model's latency")
    args = parser.parse_args(argv)
    results: dict[int, list[tuple[Level, Load]]] = {}
    with (
        postgres_server() as postgres,
        simulated_model(args.latency_ms / 1000) as model,
        tempfile.TemporaryDirectory(prefix="bench-workers-") as name,
    ):
        for workers in args.workers:
            results[workers] = asyncio.run(_measure(postgres, model, Path(name), workers, args))
    _report(results, args)


if __name__ == "__main__":
    main()
