"""The task tools Studio's graphs are built with: defined in-process, a session per call."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from mcpclient.identity import acting_as
from mcpclient.static import task_tool_definitions, task_tools_per_call
from settings import Settings
from tests.integration.studio.conftest import SECRET, TaskServer, free_port

CALL_SECONDS = 20.0


def _settings(url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, environment="test", mcp_task_server_url=url, mcp_token_secret=SECRET
    )


def _tool(tools: list[BaseTool], name: str) -> BaseTool:
    return next(tool for tool in tools if tool.name == name)


async def _call(tool: BaseTool, **args: Any) -> ToolMessage:
    async with asyncio.timeout(CALL_SECONDS):
        message = await tool.ainvoke(
            {"name": tool.name, "args": args, "id": "call-1", "type": "tool_call"}
        )
    assert isinstance(message, ToolMessage)
    return message


async def test_the_definitions_are_what_the_server_lists(task_server: TaskServer) -> None:
    async with (
        asyncio.timeout(CALL_SECONDS),
        streamable_http_client(task_server.url) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        listed = (await session.list_tools()).tools
    assert task_tool_definitions(_settings(task_server.url)) == listed


async def test_each_call_acts_for_the_calling_user(task_server: TaskServer) -> None:
    tools = task_tools_per_call(_settings(task_server.url))
    with acting_as("static-ann"):
        added = await _call(_tool(tools, "add_task"), title="Water the plants")
    with acting_as("static-bob", "Asia/Tokyo"):
        listed = await _call(_tool(tools, "list_tasks"))
    assert added.status == "success"
    assert json.loads(added.text)["title"] == "Water the plants"
    assert listed.status == "success"
    assert "Water the plants" not in listed.text


async def test_a_call_without_a_user_or_a_server_is_an_error_result() -> None:
    tools = task_tools_per_call(_settings(f"http://127.0.0.1:{free_port()}/mcp"))
    anonymous = await _call(_tool(tools, "list_tasks"))
    with acting_as("static-ann"):
        unreachable = await _call(_tool(tools, "list_tasks"))
    assert anonymous.status == "error"
    assert "unauthorized: no user" in anonymous.text
    assert unreachable.status == "error"
    assert "unavailable" in unreachable.text
