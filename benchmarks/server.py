"""Streamed turns per second and time to first token of the chat server, by concurrency.

    python -m benchmarks.server [--users 1 10 50] [--turns 3]

Starts a throwaway PostgreSQL (the tests' cluster, or the server at
``TEST_DATABASE_URL``) with a fresh database, and the chat server on it in its own
process (uvicorn, the offline model, JSON logs to a file, the rate limit off). Then,
for each concurrency level, that many users, each with a development token and a
thread of their own, send ``--turns`` turns one after the other over the Agent
Protocol stream endpoint (``POST /threads/{id}/runs/stream``, ``stream_mode``
``["messages-tuple", "values"]``) with the official ``langgraph-sdk`` client.

Printed per level: streamed turns per second (all turns / wall time), time to first
token (the first ``messages`` event carrying AI text) at p50 and p95, and the whole
turn at p50 and p95. One untimed turn warms the server up first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from langgraph_sdk import get_client
from pydantic import SecretStr

from api.auth import mint_dev_token
from api.ops import log_config
from settings import Settings
from tests.support.postgres import PostgresServer, postgres_server

ASSISTANT = "orchestrator"
MESSAGE = "Add a task to buy milk"
STREAM_MODE = ["messages-tuple", "values"]
RUN_INPUT: dict[str, Any] = {"messages": [{"role": "user", "content": MESSAGE}]}
SECRET = "benchmark-better-auth-secret-0123456789abcdef"
STARTUP_SECONDS = 90.0


@dataclass
class Level:
    users: int
    seconds: float = 0.0
    first_token: list[float] = field(default_factory=list)
    whole_turn: list[float] = field(default_factory=list)
    turns: int = 0
    without_text: int = 0
    errors: list[str] = field(default_factory=list)


def _percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _has_ai_text(data: Any) -> bool:
    """A ``messages`` event (``[message, metadata]``) whose message is AI text."""
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return False
    message = data[0]
    if message.get("type") not in {"ai", "AIMessageChunk"}:
        return False
    content = message.get("content")
    if isinstance(content, str):
        return bool(content)
    return isinstance(content, list) and any(
        isinstance(block, dict) and block.get("text") for block in content
    )


def _server_env(settings: Settings, database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LANG"))}
    env.update(
        ENVIRONMENT=settings.environment,
        DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        BETTER_AUTH_SECRET=SECRET,
        RATE_LIMIT_PER_MINUTE="0",
        LOG_LEVEL="INFO",
    )
    return env


def _server_command(port: int, workdir: Path) -> list[str]:
    """``uvicorn --factory api.app:create_app`` with the JSON logging config."""
    logging_file = workdir / "logging.json"
    logging_file.write_text(json.dumps(log_config(Settings(_env_file=None))))  # type: ignore[call-arg]
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-config",
        str(logging_file),
        "--no-access-log",
    ]


@asynccontextmanager
async def _chat_server(env: dict[str, str], workdir: Path) -> AsyncIterator[str]:
    """The chat server in a child process (its log in ``workdir``); yields its URL."""
    port = _free_port()
    command = _server_command(port, workdir)
    url = f"http://127.0.0.1:{port}"
    with (workdir / "server.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT
        )
        try:
            await _wait_until_healthy(url, process)
            yield url
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 30)
                except TimeoutError:
                    process.kill()
                    await process.wait()


async def _wait_until_healthy(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with httpx.AsyncClient(base_url=url, timeout=5) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError("the chat server exited; see server.log")
            try:
                if (await client.get("/ok")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the chat server was not healthy in {STARTUP_SECONDS:.0f} s")


async def _user(url: str, settings: Settings, user_id: str, turns: int, level: Level) -> None:
    token = mint_dev_token(settings, user_id)
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


async def _level(url: str, settings: Settings, users: int, turns: int, tag: str) -> Level:
    level = Level(users)
    started = time.perf_counter()
    await asyncio.gather(
        *(_user(url, settings, f"bench-{tag}-{n}", turns, level) for n in range(users))
    )
    level.seconds = time.perf_counter() - started
    return level


def _report(levels: list[Level], turns: int) -> None:
    header = (
        f"{'users':>5}  {'turns':>5}  {'turns/s':>8}  {'ttft p50 ms':>11}  {'ttft p95 ms':>11}  "
        f"{'turn p50 ms':>11}  {'turn p95 ms':>11}  {'errors':>6}"
    )
    print(f"streamed turns ({turns} per user, sequential), offline model, PostgreSQL")
    print(header)
    for level in levels:
        ttft = level.first_token or [float("nan")]
        whole = level.whole_turn or [float("nan")]
        print(
            f"{level.users:>5}  {level.turns:>5}  {level.turns / level.seconds:>8.1f}  "
            f"{statistics.median(ttft) * 1000:>11.0f}  {_percentile(ttft, 0.95) * 1000:>11.0f}  "
            f"{statistics.median(whole) * 1000:>11.0f}  {_percentile(whole, 0.95) * 1000:>11.0f}  "
            f"{len(level.errors):>6}"
        )
    for level in levels:
        if level.without_text:
            print(f"  {level.users} users: {level.without_text} turns streamed no AI text")
        for error in level.errors[:3]:
            print(f"  {level.users} users: {error}")


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-server-") as name:
        yield Path(name)


async def run(
    postgres: PostgresServer, workdir: Path, user_levels: Sequence[int], turns: int
) -> list[Level]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, environment="development", better_auth_secret=SecretStr(SECRET)
    )
    async with postgres.database("bench") as database_url:
        env = _server_env(settings, database_url, workdir / "data")
        async with _chat_server(env, workdir) as url:
            warm_up = await _level(url, settings, 1, 1, "warmup")
            if warm_up.errors:
                raise RuntimeError(f"the warm-up turn failed: {warm_up.errors[0]}")
            return [await _level(url, settings, users, turns, f"u{users}") for users in user_levels]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--turns", type=int, default=3, help="sequential turns per user")
    options = parser.parse_args()
    with postgres_server() as postgres, _workdir() as workdir:
        try:
            levels = asyncio.run(run(postgres, workdir, options.users, options.turns))
        except Exception:
            log = workdir / "server.log"
            if log.exists():
                print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
            raise
    _report(levels, options.turns)


if __name__ == "__main__":
    main()
