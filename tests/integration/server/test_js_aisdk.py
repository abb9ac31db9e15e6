"""The AI SDK (the ``ai`` package from npm, what ``useChat`` runs on) against
``POST /ai-sdk/chat``: ``tests/js/aisdk.test.mjs`` under Node's test runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.server.node import installed_node, run_in_js_dir
from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres


async def test_the_ai_sdk_chats_with_the_server(server: RunningServer) -> None:
    node = await installed_node()
    user_a, user_b = new_user(), new_user()
    env = {
        "PATH": str(Path(node).parent),
        "SERVER_URL": server.url,
        "TOKEN_A": server.token(user_a),
        "TOKEN_B": server.token(user_b),
    }
    code, output = await run_in_js_dir(node, "--test", "aisdk.test.mjs", env=env)
    print(output)  # each test's name and result, shown when this test fails
    assert code == 0, output
    assert "# fail 0" in output
    # What the approvals did, read from the task store: the approved delete happened,
    # the rejected one did not; the other person has no tasks.
    assert [task.title for task in await server.tasks.list(user_a)] == ["Call mom"]
    assert await server.tasks.list(user_b) == []
