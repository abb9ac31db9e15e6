"""Memory and open files held by kept MCP sessions, as many distinct users call tools.

    python -m benchmarks.mcp_sessions [--users 500] [--idle-seconds 2] [--max-sessions N]

Opens the engine on embedded defaults (the task MCP server in this process, SQLite
in a temporary DATA_DIR, the offline model) and makes one ``add_task`` call as each
of ``--users`` distinct users through the real MCP path (the ``McpToolbox``: a kept
session per user). Prints this process's RSS (VmRSS) and open file descriptors at
start, after the users, and once the sessions have been idle past
``MCP_SESSION_IDLE_SECONDS`` (waiting for the sweeper that runs every
``sweep_interval(idle)``, at most ``--wait`` seconds; then a garbage collection), and
whether RSS came back within 150 MB of the start.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import tempfile
import time
from pathlib import Path

from engine.core import Engine, open_engine
from mcpclient.identity import acting_as
from mcpclient.pool import sweep_interval
from settings import Settings

CONCURRENCY = 10
BACK_WITHIN_MB = 150.0
CLOSE_MARGIN = 1.0  # for the closes the sweeper starts to finish


def rss_mb() -> float:
    """Resident set size of this process, from /proc/self/status (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def _report(label: str, engine: Engine) -> float:
    rss = rss_mb()
    sessions = engine.toolbox.open_sessions
    print(f"{label:<28} RSS {rss:7.1f} MB  open files {open_files():5d}  sessions {sessions:5d}")
    return rss


async def _as_users(engine: Engine, users: int) -> int:
    add = engine.toolbox.tool("add_task")
    limit = asyncio.Semaphore(CONCURRENCY)
    failed = 0

    async def one(index: int) -> None:
        nonlocal failed
        async with limit:
            with acting_as(f"probe-user-{index:04d}"):
                call = {"type": "tool_call", "id": f"c{index}", "name": "add_task"}
                message = await add.ainvoke({**call, "args": {"title": f"Probe {index}"}})
                failed += getattr(message, "status", "success") == "error"

    await asyncio.gather(*(one(i) for i in range(users)))
    return failed


async def _idle_past(idle_seconds: float, wait: float) -> float:
    """Wait until the sweeper has run after ``idle_seconds`` (at most ``wait`` seconds)."""
    seconds = min(wait, idle_seconds + sweep_interval(idle_seconds) + CLOSE_MARGIN)
    await asyncio.sleep(seconds)
    return seconds


async def run(users: int, idle_seconds: float, max_sessions: int, wait: float) -> None:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(
            _env_file=None,
            data_dir=Path(data),
            database_url=None,
            task_database_url=None,
            mcp_task_server_url=None,
            mcp_servers_file=None,
            openai_api_key=None,
            log_json=False,
            mcp_session_idle_seconds=idle_seconds,
            mcp_session_max=max_sessions,
        )
        print(
            f"users {users}, MCP_SESSION_IDLE_SECONDS {settings.mcp_session_idle_seconds:g}, "
            f"MCP_SESSION_MAX {settings.mcp_session_max}, wait at most {wait:g} s after the calls"
        )
        async with open_engine(settings) as engine:
            gc.collect()
            start = _report("start", engine)
            began = time.monotonic()
            failed = await _as_users(engine, users)
            took = time.monotonic() - began
            _report(f"after {users} users ({took:.1f} s)", engine)
            if failed:
                print(f"  {failed} calls failed")
            waited = await _idle_past(settings.mcp_session_idle_seconds, wait)
            gc.collect()
            after = _report(f"after idle ({waited:.1f} s)", engine)
            back = after - start <= BACK_WITHIN_MB
            print(
                f"back within {BACK_WITHIN_MB:g} MB of start: {'yes' if back else 'no'} "
                f"({after - start:+.1f} MB)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=500, help="distinct users, one call each")
    parser.add_argument("--idle-seconds", type=float, default=2.0, help="MCP_SESSION_IDLE_SECONDS")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=Settings.model_fields["mcp_session_max"].default,
        help="MCP_SESSION_MAX",
    )
    parser.add_argument("--wait", type=float, default=None, help="longest wait for idle closes (s)")
    options = parser.parse_args()
    wait = options.wait if options.wait is not None else float("inf")
    asyncio.run(run(options.users, options.idle_seconds, options.max_sessions, wait))


if __name__ == "__main__":
    main()
