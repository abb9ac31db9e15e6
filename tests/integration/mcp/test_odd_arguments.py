"""Odd arguments sent straight to the task MCP server (on PostgreSQL, where NUL and task
numbers past 32 bits used to reach the database) are a clear tool error, changing nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from settings import Settings
from taskmcp.auth import mint_task_token
from taskmcp.http import RunningTaskServer, serve_task_server
from taskservice.schemas import TASK_ID_MAX, TaskCreate
from taskservice.service import TaskService
from tests.integration.mcp.support import error_text, http_session, raw_session

pytestmark = pytest.mark.postgres

ALICE = "alice"


@pytest.fixture
def pg_settings(tmp_path: Path, postgres_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        task_database_url=postgres_url,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        mcp_call_timeout_seconds=20,
    )


@pytest.fixture
async def pg_service(pg_settings: Settings) -> AsyncIterator[TaskService]:
    opened = await TaskService.open(pg_settings.resolved_task_database_url, migrate=True)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def pg_server(
    pg_settings: Settings, pg_service: TaskService
) -> AsyncIterator[RunningTaskServer]:
    async with serve_task_server(pg_settings, service=pg_service) as running:
        yield running


@pytest.mark.parametrize(
    ("tool", "arguments", "problem"),
    [
        ("add_task", {"title": "a\x00b"}, "title must not contain a control character U+0000"),
        ("add_task", {"title": "ok", "tags": ["\x07"]}, "tags must not contain a control"),
        ("add_task", {"title": "ok", "description": "\x00"}, "description must not contain"),
        ("update_task", {"task_id": 1, "title": "\x00"}, "title must not contain a control"),
        ("list_tasks", {"search": "a\x00"}, "search must not contain a control character"),
        ("add_task", {"title": "ok", "parent_id": TASK_ID_MAX + 1}, "less than or equal"),
        ("get_task", {"task_id": 2**40}, "less than or equal to 2147483647"),
        ("complete_task", {"task_id": TASK_ID_MAX + 1}, "less than or equal to 2147483647"),
        ("delete_task", {"task_id": 2**63}, "less than or equal to 2147483647"),
    ],
)
async def test_odd_arguments_are_a_clear_tool_error(
    pg_server: RunningTaskServer,
    pg_settings: Settings,
    pg_service: TaskService,
    tool: str,
    arguments: dict[str, Any],
    problem: str,
) -> None:
    kept = await pg_service.add(ALICE, TaskCreate(title="Kept as it was"))
    token = mint_task_token(pg_settings, ALICE, "UTC")
    async with http_session(pg_server.url, token) as session:
        result = await session.call_tool(tool, arguments)
    text = error_text(result)
    assert problem in text
    assert "internal error" not in text
    assert await pg_service.list(ALICE) == [kept]


async def test_a_lone_surrogate_is_refused_before_any_tool_runs(
    pg_server: RunningTaskServer, pg_settings: Settings, pg_service: TaskService
) -> None:
    # The MCP client cannot even encode "\ud800"; a hand-written client can send it.
    token = mint_task_token(pg_settings, ALICE, "UTC")
    async with raw_session(pg_server.url, token) as call:
        answer = await call(
            b'{"jsonrpc": "2.0", "id": 2, "method": "tools/call", '
            b'"params": {"name": "add_task", "arguments": {"title": "a\\ud800b"}}}'
        )
    status, reply = answer
    assert status == 200
    assert reply["result"]["isError"] is True
    text = reply["result"]["content"][0]["text"]
    assert "title must not contain a lone surrogate U+D800" in text
    assert await pg_service.list(ALICE) == []
