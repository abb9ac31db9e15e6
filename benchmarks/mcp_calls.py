"""Latency of one task tool call through the MCP loader, by session strategy.

    python -m benchmarks.mcp_calls [--calls 50] [--stdio-calls 10]

Starts the task MCP server over HTTP on a loopback port (SQLite in a temporary
directory) and times ``get_task`` calls made the way the project makes them (the
``McpToolbox``: kept session per user), against the adapter's default of a new MCP
session per call, over HTTP and over stdio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from langchain_core.tools import BaseTool
from langchain_mcp_adapters.client import MultiServerMCPClient

from mcpclient.config import McpConfig, parse_mcp_config, with_task_server
from mcpclient.connections import TOKEN_ENV
from mcpclient.identity import acting_as
from mcpclient.loader import McpToolbox
from settings import Settings
from taskmcp.auth import mint_task_token
from taskmcp.http import serve_task_server
from taskservice.schemas import TaskCreate
from taskservice.service import TaskService

USER = "bench-user"
ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _time_calls(call: Callable[[], Awaitable[object]], calls: int) -> list[float]:
    await call()  # warm-up: opens what the mode keeps open
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _get_task(tool: BaseTool) -> Callable[[], Awaitable[object]]:
    async def call() -> object:
        return await tool.ainvoke({"task_id": 1})

    return call


def _stdio_env(settings: Settings, token: str | None = None) -> dict[str, str]:
    env = {
        "TASK_DATABASE_URL": settings.resolved_task_database_url,
        "MCP_TOKEN_SECRET": settings.mcp_token_secret.get_secret_value(),
    }
    if token is not None:
        env[TOKEN_ENV] = token
    return env


async def _toolbox_mode(settings: Settings, config: McpConfig, calls: int) -> list[float]:
    async with McpToolbox.open(settings, config) as box:
        with acting_as(USER):
            return await _time_calls(_get_task(box.tool("get_task")), calls)


async def _per_call_mode(connection: dict[str, object], calls: int) -> list[float]:
    client = MultiServerMCPClient({"tasks": connection})  # type: ignore[dict-item]
    [tool] = [t for t in await client.get_tools() if t.name == "get_task"]
    return await _time_calls(_get_task(tool), calls)


async def run(calls: int, stdio_calls: int) -> list[tuple[str, list[float]]]:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, task_database_url=f"sqlite+aiosqlite:///{Path(data) / 'tasks.db'}"
        )
        service = await TaskService.open(settings.resolved_task_database_url)
        await service.add(USER, TaskCreate(title="Benchmark me"))
        token = mint_task_token(settings, USER)
        stdio_tasks = {
            "command": ORCHESTRATOR,
            "args": ["mcp", "--transport", "stdio"],
            "cwd": data,
        }
        try:
            async with serve_task_server(settings, service=service) as server:
                http_kept = with_task_server(McpConfig(), server.url)
                stdio_kept = parse_mcp_config(
                    {
                        "mcpServers": {
                            "tasks": {
                                **stdio_tasks,
                                "env": _stdio_env(settings),
                                "auth": "user-bearer",
                            }
                        }
                    }
                )
                bearer = {"Authorization": f"Bearer {token}"}
                return [
                    (
                        "HTTP, kept session (McpToolbox)",
                        await _toolbox_mode(settings, http_kept, calls),
                    ),
                    (
                        "HTTP, session per call (adapter default)",
                        await _per_call_mode(
                            {"transport": "streamable_http", "url": server.url, "headers": bearer},
                            calls,
                        ),
                    ),
                    (
                        "stdio, kept process per user (McpToolbox)",
                        await _toolbox_mode(settings, stdio_kept, calls),
                    ),
                    (
                        "stdio, process per call (adapter default)",
                        await _per_call_mode(
                            {
                                "transport": "stdio",
                                **stdio_tasks,
                                "env": _stdio_env(settings, token),
                            },
                            stdio_calls,
                        ),
                    ),
                ]
        finally:
            await service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=50, help="timed calls per kept/HTTP mode")
    parser.add_argument("--stdio-calls", type=int, default=10, help="timed calls, stdio per call")
    options = parser.parse_args()
    results = asyncio.run(run(options.calls, options.stdio_calls))
    width = max(len(name) for name, _ in results)
    print(
        f"{'get_task through the loader':<{width}}  {'calls':>5}  {'median ms':>9}  {'p95 ms':>8}"
    )
    for name, samples in results:
        median, p95 = statistics.median(samples), _percentile(samples, 0.95)
        print(f"{name:<{width}}  {len(samples):>5}  {median:>9.1f}  {p95:>8.1f}")


if __name__ == "__main__":
    main()
