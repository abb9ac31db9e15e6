"""The task MCP server and ``langgraph dev`` as real processes, for the Studio tests.

Both run from a scratch directory, so no developer ``.env`` reaches them and the dev
server's own state (``.langgraph_api``) lands there rather than in the repository;
a ``graphs`` link makes the relative paths of ``langgraph.json`` resolve as they do
from the repository root. Every wait has a deadline and every process group is
killed at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SECRET = "studio-test-secret-0123456789abcdef-0123456789"
STARTUP_SECONDS = 120.0
# Variables of a developer's shell that would change what the servers do.
_DROPPED = (
    "OPENAI_API_KEY",
    "DATABASE_URL",
    "TASK_DATABASE_URL",
    "MCP_SERVERS_FILE",
    "MCP_TASK_SERVER_URL",
    "LANGSMITH_API_KEY",
    "LANGCHAIN_API_KEY",
    "LANGCHAIN_TRACING_V2",
    "LANGSMITH_ENDPOINT",
)


@dataclass(frozen=True)
class TaskServer:
    url: str
    root: Path  # the scratch directory both servers run from
    data_dir: Path


@dataclass(frozen=True)
class Studio:
    url: str
    data_dir: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env.update(ENVIRONMENT="test", DATA_DIR=str(data_dir), MCP_TOKEN_SECRET=SECRET, **extra)
    return env


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url}: the process exited ({process.returncode}):\n{_tail(log)}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {STARTUP_SECONDS:g} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _start(
    command: list[str], cwd: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


@pytest.fixture(scope="package")
def task_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TaskServer]:
    """``orchestrator mcp --transport streamable-http`` on a free port, its data in tmp."""
    root = tmp_path_factory.mktemp("studio")
    data_dir = root / "data"
    data_dir.mkdir()
    port = free_port()
    log = root / "mcp.log"
    command = [str(BIN / "orchestrator"), "mcp", "--transport", "streamable-http"]
    process = _start([*command, "--port", str(port)], root, _env(data_dir), log)
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}/healthz", log)
        yield TaskServer(url=f"http://127.0.0.1:{port}/mcp", root=root, data_dir=data_dir)
    finally:
        _stop(process)


@pytest.fixture(scope="package")
def studio(task_server: TaskServer) -> Iterator[Studio]:
    """``langgraph dev --config langgraph.json`` on a free port, its tools on ``task_server``."""
    root = task_server.root
    (root / "graphs").symlink_to(REPO / "graphs", target_is_directory=True)
    port = free_port()
    log = root / "langgraph-dev.log"
    command = [str(BIN / "langgraph"), "dev", "--no-browser", "--no-reload"]
    options = ["--port", str(port), "--config", str(REPO / "langgraph.json")]
    env = _env(
        task_server.data_dir,
        MCP_TASK_SERVER_URL=task_server.url,
        LANGGRAPH_CLI_NO_ANALYTICS="1",
        LANGGRAPH_NO_VERSION_CHECK="true",
        LANGSMITH_TRACING="false",
    )
    process = _start([*command, *options], root, env, log)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(process, f"{url}/ok", log)
        yield Studio(url=url, data_dir=task_server.data_dir)
    finally:
        _stop(process)
