"""The JS SDK (@langchain/langgraph-sdk from npm, what useStream and agent-chat-ui use)
against the real server: ``tests/js/*.test.mjs`` under Node's test runner.

The npm packages are installed from ``tests/js/package-lock.json`` (``npm ci``) on first
use; Node comes from the machine (Debian's, or any 20+).
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres

JS_DIR = Path(__file__).resolve().parents[2] / "js"
NODE_TIMEOUT_SECONDS = 420
JS_TESTS = ("conformance.test.mjs", "protocol.test.mjs")


async def _run(*command: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=JS_DIR,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), NODE_TIMEOUT_SECONDS)
    return process.returncode or 0, output.decode(errors="replace")


@pytest.fixture(scope="module")
async def node_packages() -> str:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the JS SDK tests (apt-get install nodejs)"
    if not (JS_DIR / "node_modules" / ".package-lock.json").exists():
        npm = shutil.which("npm")
        assert npm is not None, "npm is needed to install tests/js (apt-get install npm)"
        code, output = await _run(npm, "ci", "--no-audit", "--no-fund")
        assert code == 0, output
    return node


async def test_the_js_sdk_speaks_to_the_server(server: RunningServer, node_packages: str) -> None:
    user_a, user_b = new_user(), new_user()
    title = "Return the library books"
    await server.tasks.add(user_a, TaskCreate(title=title))
    env = {
        "PATH": str(Path(node_packages).parent),
        "SERVER_URL": server.url,
        "TOKEN_A": server.token(user_a),
        "TOKEN_B": server.token(user_b),
        "TASK_TITLE": title,
    }
    code, output = await _run(node_packages, "--test", *JS_TESTS, env=env)
    print(output)  # each test's name and result, shown when this test fails
    assert code == 0, output
    assert "# fail 0" in output
