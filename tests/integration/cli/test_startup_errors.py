"""Misconfiguration reads well: one message naming each setting, exit 2, no traceback.

Each case runs the real ``orchestrator`` command in an empty folder with only the
settings under test, and the server never prints "open http" unless it listens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
TIMEOUT_SECONDS = 120


def _run(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    # Nothing of the caller's settings: only what the command needs to run at all.
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(settings)
    return subprocess.run(
        [ORCHESTRATOR, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
    )


def _refused(done: subprocess.CompletedProcess[str], *settings: str) -> list[str]:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "open http" not in done.stdout
    for name in settings:
        assert name in done.stderr, (name, done.stderr)
    return done.stderr.strip().splitlines()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("command", [("ask", "hello"), ("serve", "--port", "0")])
def test_a_dead_database(tmp_path: Path, closed_port: int, command: tuple[str, ...]) -> None:
    url = f"postgresql://todo:hunter2-password@127.0.0.1:{closed_port}/todo"
    lines = _refused(_run(tmp_path, *command, DATABASE_URL=url), "DATABASE_URL")
    assert len(lines) == 1
    assert "hunter2" not in lines[0], "the password is never printed"


def test_a_malformed_mcp_servers_file(tmp_path: Path) -> None:
    (tmp_path / "servers.json").write_text('{"mcpServers": {"x": {"command": 5}}')
    lines = _refused(_run(tmp_path, "ask", "hello", MCP_SERVERS_FILE="servers.json"))
    assert len(lines) == 1
    assert lines[0].startswith("error: MCP_SERVERS_FILE")


def test_a_short_sign_in_secret(tmp_path: Path) -> None:
    lines = _refused(_run(tmp_path, "serve", BETTER_AUTH_SECRET="too-short"), "BETTER_AUTH_SECRET")
    assert len(lines) == 1


def test_production_with_every_secret_missing_lists_all_at_once(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "serve",
        ENVIRONMENT="production",
        MCP_TASK_SERVER_URL="http://127.0.0.1:9/mcp",
    )
    lines = _refused(done, "MCP_TOKEN_SECRET", "BETTER_AUTH_SECRET or JWKS_URL")
    assert lines[0] == "error: 2 configuration problems:"
    assert len(lines) == 3


def test_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        lines = _refused(_run(tmp_path, "serve", "--port", port), "PORT")
    assert len(lines) == 1
    assert port in lines[0]


def test_more_than_one_worker_on_the_embedded_database(tmp_path: Path) -> None:
    lines = _refused(_run(tmp_path, "serve", "--workers", "2", "--port", "0"), "DATABASE_URL")
    assert len(lines) == 1
    assert "--workers 2" in lines[0]
    assert "one process" in lines[0]


def test_workers_must_be_a_number_of_processes(tmp_path: Path) -> None:
    (line,) = _refused(_run(tmp_path, "serve", "--workers", "0", "--port", "0"), "--workers")
    assert "1 or more" in line
