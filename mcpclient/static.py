"""The task server's tools without a connection: defined in-process, one MCP session per call.

For processes that must build their graphs synchronously and offline, such as the
module ``langgraph.json`` points LangGraph Studio at: the tool definitions come from
the task server object itself (nothing is listed over the network), and each call
opens its own MCP session to ``url`` with a bearer minted for the calling user.

A session per call costs a new MCP handshake on every call (≈40–50 ms on a quiet
machine: the "session per call" row of ``python -m benchmarks.mcp_calls``). That is
fine for Studio, where a person watches one run; the CLI and the chat server use
``McpToolbox``, whose kept per-user sessions answer in a few milliseconds.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from langchain_core.tools import BaseTool
from langchain_mcp_adapters.interceptors import MCPToolCallRequest, MCPToolCallResult
from langchain_mcp_adapters.sessions import StreamableHttpConnection
from langchain_mcp_adapters.tools import convert_mcp_tool_to_langchain_tool
from mcp.shared.exceptions import McpError
from mcp.types import Tool

from mcpclient.config import TASKS_SERVER
from mcpclient.identity import calling_user
from mcpclient.routing import Handler, tool_error
from mcpclient.sessions import describe_exception
from settings import Settings
from taskmcp.auth import mint_task_token
from taskmcp.server import build_task_server
from taskmcp.service_slot import TaskServiceSlot

logger = logging.getLogger(__name__)

DEFAULT_TASK_SERVER_URL = "http://127.0.0.1:8765/mcp"


def task_tool_definitions(settings: Settings) -> list[Tool]:
    """The task server's tools as MCP ``Tool``s, read from a server object never served."""
    # The slot is never opened: the server object only describes its tools here.
    server = build_task_server(settings, TaskServiceSlot())
    # FastMCP.list_tools() is a coroutine doing no I/O; its tool manager answers the
    # same synchronously, so this works at import time and inside a running loop.
    return [
        Tool(
            name=info.name,
            title=info.title,
            description=info.description,
            inputSchema=info.parameters,
            outputSchema=info.output_schema,
            annotations=info.annotations,
            icons=info.icons,
            _meta=info.meta,
        )
        for info in server._tool_manager.list_tools()
    ]


class BearerPerCall:
    """A ``ToolCallInterceptor`` that sends each call with a fresh token for its user."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def __call__(self, request: MCPToolCallRequest, handler: Handler) -> MCPToolCallResult:
        identity = calling_user(request.runtime)
        if identity is None:
            logger.error("tool %s called without a user", request.name)
            return tool_error("unauthorized: no user is set for this tool call.")
        try:
            token = mint_task_token(self._settings, identity.user_id, identity.timezone)
        except ValueError as exc:  # e.g. a time zone the token cannot carry
            return tool_error(f"unauthorized: {exc}")
        headers = {**(request.headers or {}), "Authorization": f"Bearer {token}"}
        timeout = self._settings.mcp_call_timeout_seconds
        try:
            async with asyncio.timeout(timeout):
                return await handler(request.override(headers=headers))
        except TimeoutError:
            return tool_error(
                f"The tool {request.name} did not answer within {timeout:g} seconds; "
                "it may or may not have taken effect."
            )
        except McpError as exc:
            return tool_error(f"The tool {request.name} failed: {exc.error.message}")
        except (ExceptionGroup, OSError, httpx.HTTPError) as exc:  # no session, or it broke
            reason = describe_exception(exc)
            return tool_error(f"The task MCP server is unavailable ({reason}); try again.")


def task_tools_per_call(settings: Settings) -> list[BaseTool]:
    """LangChain tools for the task server at ``MCP_TASK_SERVER_URL`` (default port 8765)."""
    connection = StreamableHttpConnection(
        transport="streamable_http",
        url=settings.mcp_task_server_url or DEFAULT_TASK_SERVER_URL,
    )
    interceptor = BearerPerCall(settings)
    return [
        convert_mcp_tool_to_langchain_tool(
            None,
            tool,
            connection=connection,
            tool_interceptors=[interceptor],
            server_name=TASKS_SERVER,
        )
        for tool in task_tool_definitions(settings)
    ]
