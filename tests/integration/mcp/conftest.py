"""A task database in tmp_path, and the task MCP server serving it on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from settings import Settings
from taskmcp.http import RunningTaskServer, serve_task_server
from taskservice.service import TaskService


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        task_database_url=f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}",
        mcp_task_server_url=None,
        mcp_servers_file=None,
        mcp_call_timeout_seconds=20,
    )


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[TaskService]:
    """The task database, opened by the test to check what the server did."""
    opened = await TaskService.open(settings.resolved_task_database_url, migrate=True)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
async def server(settings: Settings, service: TaskService) -> AsyncIterator[RunningTaskServer]:
    """The task server over streamable HTTP on a free loopback port (uvicorn, in-process)."""
    async with serve_task_server(settings, service=service) as running:
        yield running
