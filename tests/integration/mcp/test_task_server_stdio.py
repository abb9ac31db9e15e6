"""The task MCP server over stdio (`orchestrator mcp --transport stdio`): one user per process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from settings import Settings
from taskmcp.auth import mint_task_token
from taskservice.schemas import TaskCreate
from taskservice.service import TaskService
from tests.integration.mcp.support import TASK_TOOLS, error_text, payload, stdio_session


async def test_every_tool_over_stdio_for_the_process_user(
    settings: Settings, service: TaskService, tmp_path: Path
) -> None:
    token = mint_task_token(settings, "alice", "Europe/Paris")
    async with stdio_session(settings, token, tmp_path) as session:
        assert {tool.name for tool in (await session.list_tools()).tools} == TASK_TOOLS
        added = payload(
            await session.call_tool("add_task", {"title": "Renew passport", "due": "2025-05-02"})
        )
        assert (added["task_id"], added["status"]) == (1, "created")
        assert added["task"]["due"] == "2025-05-02T23:59:00+02:00"
        payload(await session.call_tool("add_task", {"title": "Daily walk", "recurrence": "daily"}))
        assert [t["title"] for t in payload(await session.call_tool("list_tasks", {}))] == [
            "Renew passport",
            "Daily walk",
        ]
        assert (
            payload(await session.call_tool("get_task", {"task_id": 1}))["title"]
            == "Renew passport"
        )
        updated = payload(
            await session.call_tool("update_task", {"task_id": 1, "priority": "high"})
        )
        assert (updated["status"], updated["task"]["priority"]) == ("updated", "high")
        done = payload(await session.call_tool("complete_task", {"task_id": 2}))
        assert done["status"] == "completed"
        assert done["next_occurrence"]["id"] == 3
        deleted = payload(await session.call_tool("delete_task", {"task_id": 1}))
        assert deleted == {
            "task_id": 1,
            "status": "deleted",
            "title": "Renew passport",
            "deleted_subtasks": 0,
        }
        assert (
            error_text(await session.call_tool("get_task", {"task_id": 1})) == "Task 1 not found."
        )
    assert [task.id for task in await service.list("alice")] == [2, 3]
    assert await service.list("bob") == []


async def test_stdio_process_of_another_user_sees_only_their_tasks(
    settings: Settings, service: TaskService, tmp_path: Path
) -> None:
    await service.add("alice", TaskCreate(title="Alice only"))
    async with stdio_session(settings, mint_task_token(settings, "bob"), tmp_path) as session:
        assert payload(await session.call_tool("list_tasks", {})) == []
        assert error_text(await session.call_tool("complete_task", {"task_id": 1})) == (
            "Task 1 not found."
        )
    assert (await service.get("alice", 1)).completed is False


async def test_stdio_without_a_valid_token_lists_tools_but_refuses_calls(
    settings: Settings, service: TaskService, tmp_path: Path
) -> None:
    expired = mint_task_token(settings, "alice", now=datetime.now(UTC) - timedelta(hours=1))
    for token, reason in [(None, "missing bearer token"), (expired, "token has expired")]:
        async with stdio_session(settings, token, tmp_path) as session:
            assert len((await session.list_tools()).tools) == len(TASK_TOOLS)
            text = error_text(await session.call_tool("add_task", {"title": "Sneaky"}))
            assert text == f"unauthorized: {reason}"
    assert await service.list("alice") == []
