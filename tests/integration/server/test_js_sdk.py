"""The JS SDK (@langchain/langgraph-sdk from npm, what useStream and agent-chat-ui use)
against the real server: ``tests/js/conformance.test.mjs`` and ``protocol.test.mjs`` under
Node's test runner (``aisdk.test.mjs`` is ``test_js_aisdk``'s).

The npm packages are installed from ``tests/js/package-lock.json`` (``npm ci``) on first
use; Node comes from the machine (Debian's, or any 20+).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taskservice.schemas import TaskCreate
from tests.integration.server.node import installed_node, run_in_js_dir
from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres

JS_TESTS = ("conformance.test.mjs", "protocol.test.mjs")


@pytest.fixture(scope="module")
async def node_packages() -> str:
    return await installed_node()


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
    code, output = await run_in_js_dir(node_packages, "--test", *JS_TESTS, env=env)
    print(output)  # each test's name and result, shown when this test fails
    assert code == 0, output
    assert "# fail 0" in output
