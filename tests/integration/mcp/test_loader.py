"""`McpToolbox`: the task server's tools through the adapter, over kept per-user sessions."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime

from mcpclient.config import McpConfig, parse_mcp_config, with_task_server
from mcpclient.identity import acting_as
from mcpclient.loader import McpServerUnavailableError, McpToolbox
from settings import Settings
from taskmcp.http import RunningTaskServer, serve_task_server
from taskservice.schemas import Task, TaskQuery
from taskservice.service import TaskService
from tests.integration.mcp.support import ORCHESTRATOR, TASK_TOOLS, TIME_SERVER, server_env


@dataclass(frozen=True)
class Context:
    user_id: str
    timezone: str = "UTC"


def _config(url: str, **tasks: Any) -> McpConfig:
    return parse_mcp_config({"mcpServers": {"tasks": {"url": url, "auth": "user-bearer", **tasks}}})


def _text(result: Any) -> str:
    """The text of a tool result, whether the tool returned blocks or a ToolMessage."""
    content = result.content if isinstance(result, ToolMessage) else result
    return "".join(block["text"] for block in content if block["type"] == "text")


async def _call(tool: BaseTool, args: dict[str, Any]) -> ToolMessage:
    call = {"type": "tool_call", "id": "call-1", "name": tool.name, "args": args}
    message = await tool.ainvoke(call)
    assert isinstance(message, ToolMessage)
    return message


@pytest.fixture
async def box(settings: Settings, server: RunningTaskServer) -> AsyncIterator[McpToolbox]:
    async with McpToolbox.open(settings, with_task_server(McpConfig(), server.url)) as opened:
        yield opened


async def test_tools_keep_the_server_names(box: McpToolbox) -> None:
    assert {tool.name for tool in box.tools} == TASK_TOOLS
    assert set(box.servers) == {"tasks"}
    assert "23:59" in str(box.tool("add_task").args)


async def test_allowlist_limits_the_tools(settings: Settings, server: RunningTaskServer) -> None:
    config = _config(server.url, tools=["list_tasks", "get_task", "no_such_tool"])
    async with McpToolbox.open(settings, config) as limited:
        assert sorted(tool.name for tool in limited.tools) == ["get_task", "list_tasks"]


async def test_each_call_carries_its_users_bearer(box: McpToolbox, service: TaskService) -> None:
    add, get = box.tool("add_task"), box.tool("get_task")
    with acting_as("alice", "Europe/Paris"):
        created = json.loads(_text(await _call(add, {"title": "Alice's", "due": "2025-02-01"})))
    assert created["task"]["due"] == "2025-02-01T23:59:00+01:00"

    with acting_as("bob"):
        denied = await _call(get, {"task_id": 1})
        listed = await box.tool("list_tasks").ainvoke({})
    assert denied.status == "error"
    assert _text(denied) == "Task 1 not found."
    assert json.loads(_text(listed)) == []

    async def add_as(user: str, title: str) -> None:
        with acting_as(user):
            await add.ainvoke({"title": title})

    await asyncio.gather(
        *(add_as(user, f"{user} {n}") for n in range(3) for user in ("bob", "eve"))
    )
    assert [t.title for t in await service.list("alice")] == ["Alice's"]
    assert sorted(t.title for t in await service.list("bob")) == ["bob 0", "bob 1", "bob 2"]
    assert sorted(t.title for t in await service.list("eve")) == ["eve 0", "eve 1", "eve 2"]
    assert box.open_sessions == 3  # one kept session per (server, user), reused


async def test_no_user_means_an_error_and_nothing_done(
    box: McpToolbox, service: TaskService
) -> None:
    message = await _call(box.tool("add_task"), {"title": "Whose?"})
    assert message.status == "error"
    assert _text(message).startswith("unauthorized: no user")
    assert box.open_sessions == 0
    assert await service.list("demo") == []


async def test_tool_node_passes_the_runtime_context_user(
    box: McpToolbox, service: TaskService
) -> None:
    graph = StateGraph(MessagesState, context_schema=Context)
    graph.add_node("tools", ToolNode(box.tools))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    compiled = graph.compile()
    call = AIMessage(
        content="",
        tool_calls=[{"name": "add_task", "args": {"title": "From the graph"}, "id": "c1"}],
    )
    result = await compiled.ainvoke({"messages": [call]}, context=Context("dana", "Asia/Tokyo"))
    reply = result["messages"][-1]
    assert isinstance(reply, ToolMessage)
    assert reply.status == "success"
    assert json.loads(_text(reply))["status"] == "created"
    assert [t.title for t in await service.list("dana")] == ["From the graph"]


async def test_a_node_calling_a_tool_directly_acts_for_the_run_user(
    box: McpToolbox, service: TaskService
) -> None:
    add = box.tool("add_task")

    async def node(state: MessagesState, runtime: Runtime[Context]) -> dict[str, Any]:
        await add.ainvoke({"title": "Called by a node"})
        return {}

    graph = StateGraph(MessagesState, context_schema=Context)
    graph.add_node("work", node)
    graph.add_edge(START, "work")
    graph.add_edge("work", END)
    await graph.compile().ainvoke({"messages": []}, context=Context("erin"))
    assert [t.title for t in await service.list("erin")] == ["Called by a node"]


class GatedTaskService(TaskService):
    """A task service whose `list` waits until the test opens the gate."""

    gate: asyncio.Event

    async def list(self, user_id: str, query: TaskQuery | None = None) -> list[Task]:
        await self.gate.wait()
        return await super().list(user_id, query)


async def test_a_call_that_takes_too_long_is_a_clear_error(settings: Settings) -> None:
    gated = await GatedTaskService.open(settings.resolved_task_database_url)
    gated.gate = asyncio.Event()
    try:
        async with serve_task_server(settings, service=gated) as running:
            config = _config(running.url, timeout=0.3)
            async with McpToolbox.open(settings, config) as box:
                with acting_as("alice"):
                    message = await _call(box.tool("list_tasks"), {})
                    assert message.status == "error"
                    assert "did not answer within 0.3 seconds" in _text(message)
                    gated.gate.set()
                    again = await _call(box.tool("list_tasks"), {})
                assert again.status == "success"
                assert json.loads(_text(again)) == []
    finally:
        gated.gate.set()
        await gated.close()


async def test_a_dead_server_is_an_error_then_the_session_reopens(
    settings: Settings, service: TaskService
) -> None:
    first = serve_task_server(settings, service=service)
    running = await first.__aenter__()
    second = None
    try:
        async with McpToolbox.open(settings, _config(running.url)) as box:
            listing = box.tool("list_tasks")
            with acting_as("alice"):
                assert (await _call(listing, {})).status == "success"
                await first.__aexit__(None, None, None)
                down = await _call(listing, {})
                assert down.status == "error"
                assert "The MCP server 'tasks' is unavailable" in _text(down)
                second = serve_task_server(settings, service=service, port=running.port)
                await second.__aenter__()
                assert (await _call(listing, {})).status == "success"
    finally:
        if second is not None:
            await second.__aexit__(None, None, None)


async def test_required_server_down_fails_open_but_optional_is_skipped(
    settings: Settings, server: RunningTaskServer
) -> None:
    dead = "http://127.0.0.1:9/mcp"
    with pytest.raises(McpServerUnavailableError, match="'tasks' could not be reached"):
        async with McpToolbox.open(settings, _config(dead)):
            pass
    config = parse_mcp_config(
        {
            "mcpServers": {
                "tasks": {"url": server.url, "auth": "user-bearer"},
                "gone": {"url": dead, "optional": True},
                "off": {"url": dead, "disabled": True},
            }
        }
    )
    async with McpToolbox.open(settings, config) as box:
        assert set(box.servers) == {"tasks"}


async def test_time_server_over_stdio(settings: Settings) -> None:
    config = parse_mcp_config(
        {
            "mcpServers": {
                "time": {"command": TIME_SERVER, "args": ["--local-timezone", "UTC"], "timeout": 20}
            }
        }
    )
    async with McpToolbox.open(settings, config) as box:
        assert {"get_current_time", "convert_time"} <= {tool.name for tool in box.tools}
        now = await box.tool("get_current_time").ainvoke({"timezone": "Asia/Tokyo"})
        assert json.loads(_text(now))["timezone"] == "Asia/Tokyo"
        converted = await _call(
            box.tool("convert_time"),
            {"source_timezone": "UTC", "time": "12:00", "target_timezone": "Europe/Paris"},
        )
        assert converted.status == "success"
        assert json.loads(_text(converted))["target"]["timezone"] == "Europe/Paris"
        assert box.open_sessions == 1  # no user auth: one shared kept session


def _children_running(program: str) -> list[int]:
    """Our child processes whose command line mentions ``program`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and program in command:
            found.append(int(entry.name))
    return found


async def test_a_crashed_stdio_server_is_an_error_then_a_new_process(settings: Settings) -> None:
    config = parse_mcp_config(
        {"mcpServers": {"time": {"command": TIME_SERVER, "args": [], "timeout": 20}}}
    )
    async with McpToolbox.open(settings, config) as box:
        now = box.tool("get_current_time")
        assert (await _call(now, {"timezone": "UTC"})).status == "success"
        [pid] = _children_running("mcp-server-time")
        os.kill(pid, signal.SIGKILL)
        crashed = await _call(now, {"timezone": "UTC"})
        assert crashed.status == "error"
        assert "The MCP server 'time' is unavailable" in _text(crashed)
        assert (await _call(now, {"timezone": "UTC"})).status == "success"
        assert _children_running("mcp-server-time") != [pid]


async def test_task_server_over_stdio_runs_one_process_per_user(
    settings: Settings, service: TaskService, tmp_path: Path
) -> None:
    env = {**server_env(settings)}
    config = parse_mcp_config(
        {
            "mcpServers": {
                "tasks": {
                    "command": ORCHESTRATOR,
                    "args": ["mcp", "--transport", "stdio"],
                    "env": env,
                    "cwd": str(tmp_path),
                    "auth": "user-bearer",
                }
            }
        }
    )
    async with McpToolbox.open(settings, config) as box:
        add = box.tool("add_task")
        with acting_as("alice"):
            await add.ainvoke({"title": "Alice over stdio"})
        with acting_as("bob"):
            assert (await _call(box.tool("get_task"), {"task_id": 1})).status == "error"
            await add.ainvoke({"title": "Bob over stdio"})
        assert box.open_sessions == 2
    assert [t.title for t in await service.list("alice")] == ["Alice over stdio"]
    assert [t.title for t in await service.list("bob")] == ["Bob over stdio"]


async def test_kept_sessions_are_capped_by_the_settings(
    settings: Settings, server: RunningTaskServer, service: TaskService
) -> None:
    capped = settings.model_copy(update={"mcp_session_max": 2})
    async with McpToolbox.open(capped, _config(server.url)) as box:
        for user in ("ann", "bob", "cat"):
            with acting_as(user):
                assert (await _call(box.tool("add_task"), {"title": user})).status == "success"
        assert box.open_sessions == 2
    assert [t.title for t in await service.list("ann")] == ["ann"]
