"""The task MCP server over streamable HTTP, driven by the official MCP client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr

from settings import Settings
from taskmcp.auth import mint_task_token
from taskmcp.http import RunningTaskServer, serve_task_server
from taskservice.errors import TaskNotFound
from taskservice.schemas import TaskCreate
from taskservice.service import TaskService
from tests.integration.mcp.support import TASK_TOOLS, error_text, http_session, payload

TASK_KEYS = {
    "id",
    "title",
    "description",
    "completed",
    "priority",
    "tags",
    "due",
    "recurrence",
    "recurrence_text",
    "parent_id",
    "created_at",
    "updated_at",
    "completed_at",
}


async def test_tools_are_listed_without_a_token(server: RunningTaskServer) -> None:
    async with http_session(server.url) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == TASK_TOOLS
    add = tools["add_task"].inputSchema
    assert add["required"] == ["title"]
    assert add["properties"]["priority"]["enum"] == ["low", "medium", "high"]
    assert "user" not in str(add["properties"]).lower().replace("user's", "")
    listing = tools["list_tasks"].inputSchema["properties"]
    assert listing["sort_by"]["enum"] == ["due", "priority", "created", "title"]
    assert all(tool.description for tool in tools.values())


async def test_every_tool_and_its_result_shape(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    token = mint_task_token(settings, "alice", "Europe/Paris")
    async with http_session(server.url, token) as session:
        added = await session.call_tool(
            "add_task",
            {"title": "Pay rent", "due": "2025-03-10", "priority": "high", "tags": ["home"]},
        )
        body = payload(added)
        assert body["task_id"] == 1
        assert body["status"] == "created"
        assert body["title"] == "Pay rent"
        assert set(body["task"]) == TASK_KEYS
        assert body["task"]["due"] == "2025-03-10T23:59:00+01:00"
        assert added.structuredContent == body

        stored = await service.get("alice", 1)
        assert stored.due == datetime(2025, 3, 10, 22, 59, tzinfo=UTC)

        weekly = payload(
            await session.call_tool(
                "add_task", {"title": "Water plants", "recurrence": "weekly", "due": "2025-03-01"}
            )
        )
        sub = payload(await session.call_tool("add_task", {"title": "Get cash", "parent_id": 1}))
        assert sub["task"]["parent_id"] == 1

        listed = await session.call_tool("list_tasks", {})
        items = payload(listed)
        assert isinstance(items, list)
        assert [item["id"] for item in items] == [1, 2, 3]
        assert all(set(item) == TASK_KEYS for item in items)
        assert listed.structuredContent == {"tasks": items}

        got = payload(await session.call_tool("get_task", {"task_id": 1}))
        assert got == items[0]

        done = payload(await session.call_tool("complete_task", {"task_id": weekly["task_id"]}))
        assert (done["task_id"], done["status"], done["title"]) == (2, "completed", "Water plants")
        following = done["next_occurrence"]
        assert following["id"] == 4
        assert following["completed"] is False
        assert following["due"] == "2025-03-08T23:59:00+01:00"
        once = payload(await session.call_tool("complete_task", {"task_id": 3}))
        assert once["next_occurrence"] is None

        updated = payload(
            await session.call_tool(
                "update_task",
                {"task_id": 1, "title": "Pay the rent", "due": "none", "tags": ["home", "money"]},
            )
        )
        assert (updated["task_id"], updated["status"], updated["title"]) == (
            1,
            "updated",
            "Pay the rent",
        )
        assert updated["task"]["due"] is None
        assert updated["task"]["tags"] == ["home", "money"]
        assert updated["task"]["priority"] == "high"  # left out, so unchanged

        deleted = payload(await session.call_tool("delete_task", {"task_id": 1}))
        assert deleted == {
            "task_id": 1,
            "status": "deleted",
            "title": "Pay the rent",
            "deleted_subtasks": 1,
        }
    assert [task.id for task in await service.list("alice")] == [2, 4]


async def test_recurrence_rules_through_the_tools(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    """An RRULE is validated, stored canonical, shown in words, and rolls over in the
    user's own zone (Tuesday 23:59 in New York is Wednesday in UTC, still Tuesday there)."""
    token = mint_task_token(settings, "alice", "America/New_York")
    async with http_session(server.url, token) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        assert "FREQ=WEEKLY;BYDAY=TU,TH" in str(tools["add_task"].inputSchema)

        added = payload(
            await session.call_tool(
                "add_task",
                {
                    "title": "Gym",
                    "due": "2026-11-24T23:59",
                    "recurrence": "RRULE:FREQ=WEEKLY;BYDAY=TH,TU;BYHOUR=7",
                },
            )
        )
        task = added["task"]
        assert task["recurrence"] == "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0"
        assert task["recurrence_text"] == "every Tuesday and Thursday at 07:00"

        done = payload(await session.call_tool("complete_task", {"task_id": task["id"]}))
        assert done["next_occurrence"]["due"] == "2026-11-26T07:00:00-05:00"
        assert done["next_occurrence"]["recurrence"] == task["recurrence"]

        bad = await session.call_tool(
            "add_task", {"title": "Never", "recurrence": "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31"}
        )
        assert error_text(bad) == (
            "Invalid task: recurrence names a day of the month that its months do not have."
        )
        wrong = await session.call_tool(
            "update_task", {"task_id": 2, "recurrence": "every other tuesday"}
        )
        assert "is not NAME=VALUE" in error_text(wrong)

        weekdays = payload(
            await session.call_tool(
                "update_task", {"task_id": 2, "recurrence": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"}
            )
        )
        assert weekdays["task"]["recurrence_text"] == "every weekday"
        stopped = payload(
            await session.call_tool("update_task", {"task_id": 2, "recurrence": "none"})
        )
        assert stopped["task"]["recurrence"] is None
    assert [t.title for t in await service.list("alice")] == ["Gym", "Gym"]


async def test_list_filters_and_sorting(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    june = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
    for title, priority, tags, due in [
        ("b report", "low", ["work"], june),
        ("a groceries", "high", ["home"], june + timedelta(days=2)),
        ("c dentist", "medium", [], None),
    ]:
        await service.add("alice", TaskCreate(title=title, priority=priority, tags=tags, due=due))
    await service.complete("alice", 3)

    async def titles(session: object, **args: object) -> list[str]:
        result = await session.call_tool("list_tasks", args)  # type: ignore[attr-defined]
        return [item["title"] for item in payload(result)]

    token = mint_task_token(settings, "alice", "UTC")
    async with http_session(server.url, token) as session:
        assert await titles(session, status="pending") == ["b report", "a groceries"]
        assert await titles(session, status="completed") == ["c dentist"]
        assert await titles(session, sort_by="title") == ["a groceries", "b report", "c dentist"]
        assert (await titles(session, sort_by="priority"))[0] == "a groceries"
        assert await titles(session, tag="work") == ["b report"]
        assert await titles(session, search="dent") == ["c dentist"]
        assert await titles(session, due_before="2025-06-02") == ["b report"]
        assert await titles(session, due_after="2025-06-02") == ["a groceries"]
        assert await titles(session, limit=1) == ["b report"]
        assert await titles(session, search="nothing like this") == []


async def test_naive_datetimes_are_read_in_the_token_time_zone(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    token = mint_task_token(settings, "alice", "America/New_York")
    async with http_session(server.url, token) as session:
        body = payload(
            await session.call_tool("add_task", {"title": "Call", "due": "2025-07-01T09:30"})
        )
    assert body["task"]["due"] == "2025-07-01T09:30:00-04:00"
    assert (await service.get("alice", 1)).due == datetime(2025, 7, 1, 13, 30, tzinfo=UTC)


async def test_another_user_cannot_reach_a_task_by_its_number(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    await service.add("alice", TaskCreate(title="Alice's secret"))
    bob = mint_task_token(settings, "bob")
    async with http_session(server.url, bob) as session:
        assert payload(await session.call_tool("list_tasks", {})) == []
        for tool, args in [
            ("get_task", {"task_id": 1}),
            ("complete_task", {"task_id": 1}),
            ("update_task", {"task_id": 1, "title": "Bob was here"}),
            ("delete_task", {"task_id": 1}),
        ]:
            assert error_text(await session.call_tool(tool, args)) == "Task 1 not found."
        mine = payload(await session.call_tool("add_task", {"title": "Bob's own"}))
        assert mine["task_id"] == 1  # numbers are per user
    alice_task = await service.get("alice", 1)
    assert (alice_task.title, alice_task.completed) == ("Alice's secret", False)


def _refused_tokens(settings: Settings) -> dict[str, str | None]:
    def other(**update: object) -> Settings:
        return settings.model_copy(update=update)

    long_ago = datetime.now(UTC) - timedelta(hours=2)
    return {
        "missing": None,
        "forged": mint_task_token(other(mcp_token_secret=SecretStr("x" * 48)), "alice"),
        "expired": mint_task_token(settings, "alice", now=long_ago),
        "wrong-audience": mint_task_token(other(mcp_token_audience="another-api"), "alice"),
    }


@pytest.mark.parametrize("kind", ["missing", "forged", "expired", "wrong-audience"])
async def test_bad_tokens_are_refused_and_nothing_changes(
    kind: str, server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    await service.add("alice", TaskCreate(title="Keep me"))
    token = _refused_tokens(settings)[kind]
    async with http_session(server.url, token) as session:
        assert len((await session.list_tools()).tools) == len(TASK_TOOLS)
        for tool, args in [
            ("add_task", {"title": "Intruder"}),
            ("list_tasks", {}),
            ("get_task", {"task_id": 1}),
            ("complete_task", {"task_id": 1}),
            ("update_task", {"task_id": 1, "title": "Changed"}),
            ("delete_task", {"task_id": 1}),
        ]:
            assert error_text(await session.call_tool(tool, args)).startswith("unauthorized: ")
    [kept] = await service.list("alice")
    assert (kept.title, kept.completed) == ("Keep me", False)


async def test_bad_calls_are_tool_errors_and_the_server_keeps_serving(
    server: RunningTaskServer, settings: Settings, service: TaskService
) -> None:
    token = mint_task_token(settings, "alice")
    async with http_session(server.url, token) as session:
        cases = [
            ("get_task", {"task_id": 42}, "Task 42 not found."),
            ("get_task", {"task_id": "abc"}, "Invalid arguments for get_task: task_id"),
            ("get_task", {}, "Invalid arguments for get_task: task_id: Field required"),
            ("add_task", {"title": ""}, "Invalid arguments for add_task: title"),
            ("add_task", {"title": "x", "priority": "urgent"}, "priority"),
            ("add_task", {"title": "x", "due": "next tuesday"}, "Invalid due 'next tuesday'"),
            ("add_task", {"title": "x", "parent_id": 9}, "parent task 9 not found"),
            ("list_tasks", {"due_before": "soon"}, "Invalid due_before"),
            ("list_tasks", {"sort_by": "colour"}, "sort_by"),
            ("update_task", {"task_id": 7, "title": "y"}, "Task 7 not found."),
            ("no_such_tool", {}, "Unknown tool"),
        ]
        for tool, args, expected in cases:
            assert expected in error_text(await session.call_tool(tool, args)), (tool, args)
        assert payload(await session.call_tool("add_task", {"title": "Still here"}))["task_id"] == 1
    assert [task.title for task in await service.list("alice")] == ["Still here"]


async def test_server_opens_its_own_task_service_from_settings(settings: Settings) -> None:
    async with serve_task_server(settings) as running:
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"http://127.0.0.1:{running.port}/healthz")).json() == {
                "status": "ok"
            }
        token = mint_task_token(settings, "carol")
        async with http_session(running.url, token) as session:
            payload(await session.call_tool("add_task", {"title": "Stored by the server"}))
    checker = await TaskService.open(settings.resolved_task_database_url)
    try:
        assert (await checker.get("carol", 1)).title == "Stored by the server"
        with pytest.raises(TaskNotFound):
            await checker.get("carol", 2)
    finally:
        await checker.close()
