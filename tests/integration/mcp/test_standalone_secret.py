"""The standalone task server never trusts a constant: MCP_TOKEN_SECRET, or its own stored key.

``orchestrator mcp`` without MCP_TOKEN_SECRET makes a random key in DATA_DIR (0600) and
``orchestrator token`` signs with that same key; a token forged with anything else, such
as the development secrets earlier releases published, is refused and changes nothing.
In production it refuses to start without MCP_TOKEN_SECRET.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from taskmcp.auth import KEY_FILE
from tests.integration.mcp.support import ORCHESTRATOR, error_text, http_session, payload

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

PUBLISHED_SECRETS = (
    "dev-only-chat-sign-in-secret-not-for-production-0123456789",
    "dev-insecure-secret-change-me-0123456789abcdef",
)
STARTUP_SECONDS = 30.0


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MCP_", "DATABASE", "TASK_"))}
    env.update({"ENVIRONMENT": "development", "LOG_JSON": "false", **extra})
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def standalone(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "mcp.log").open("wb")
    command = [ORCHESTRATOR, "mcp", "--transport", "streamable-http", "--port", str(port)]
    process = subprocess.Popen(command, cwd=tmp_path, env=_env(), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, (tmp_path / "mcp.log").read_text()
            assert time.monotonic() < deadline, "the task server did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _cli_token(cwd: Path, user: str) -> str:
    done = subprocess.run(
        [ORCHESTRATOR, "token", "--user", user], cwd=cwd, env=_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


async def test_the_cli_token_works_and_forged_tokens_do_not(
    standalone: str, tmp_path: Path
) -> None:
    key_file = tmp_path / ".data" / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    async with http_session(standalone, _cli_token(tmp_path, "ann")) as session:
        added = await session.call_tool("add_task", {"title": "Water the plants"})
        assert not added.isError, error_text(added)
    now = datetime.now(UTC)
    claims = {"sub": "ann", "aud": "todo-tasks-mcp", "iss": "todo-orchestrator", "iat": now}
    for secret in PUBLISHED_SECRETS:
        forged = jwt.encode({**claims, "exp": now + timedelta(minutes=5)}, secret, "HS256")
        async with http_session(standalone, forged) as session:
            for tool, arguments in (("list_tasks", {}), ("delete_task", {"task_id": 1})):
                result = await session.call_tool(tool, arguments)
                assert result.isError
                assert "unauthorized" in error_text(result)
    async with http_session(standalone, _cli_token(tmp_path, "ann")) as session:
        listed = payload(await session.call_tool("list_tasks", {}))
    titles = [task["title"] for task in (listed["tasks"] if isinstance(listed, dict) else listed)]
    assert titles == ["Water the plants"]


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    done = subprocess.run(
        [ORCHESTRATOR, "mcp", "--transport", "streamable-http", "--port", str(_free_port())],
        cwd=tmp_path,
        env=_env(ENVIRONMENT="production"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "MCP_TOKEN_SECRET is required in production" in done.stderr
    assert not (tmp_path / ".data").exists()
