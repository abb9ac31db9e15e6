"""The task MCP server: FastMCP with the task tools, for stdio, HTTP or in-process use."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from mcp.server.fastmcp import FastMCP
from mcp.server.fastmcp.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import ContentBlock
from pydantic import ValidationError

from settings import Settings
from taskmcp.guard import ServiceProvider, ToolGuard
from taskmcp.results import describe_validation_error, error_result
from taskmcp.tools import register_task_tools

SERVER_NAME = "todo-tasks"
MCP_PATH = "/mcp"
INSTRUCTIONS = (
    "Manage the signed-in user's to-do list. Tasks are identified by their number ('id'). "
    "Dates are ISO 8601; a plain date means 23:59 that day in the user's time zone, and "
    "due dates come back in the user's time zone."
)


class _TaskFastMCP(FastMCP):
    """FastMCP whose argument errors read as one line per problem, without pydantic URLs."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any]
    ) -> Sequence[ContentBlock] | dict[str, Any]:
        try:
            return await super().call_tool(name, arguments)
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            message = describe_validation_error(exc.__cause__, f"Invalid arguments for {name}")
            # The low-level server passes a CallToolResult through as it is.
            return error_result(message)  # type: ignore[return-value]


def build_task_server(
    settings: Settings,
    service_provider: ServiceProvider,
    *,
    process_token: str | None = None,
    transport_security: TransportSecuritySettings | None = None,
) -> FastMCP:
    """A FastMCP server exposing the task tools over ``service_provider()``.

    ``process_token`` is the identity used when a call carries no HTTP request (stdio):
    the whole process then acts for that one user. Over HTTP every call must bring its
    own ``Authorization: Bearer`` token. HTTP is stateless (any process can serve any
    request) and answers with plain JSON rather than an SSE stream.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    mcp = _TaskFastMCP(
        name=SERVER_NAME,
        instructions=INSTRUCTIONS,
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        log_level="WARNING",
        transport_security=transport_security,
    )
    # FastMCP calls logging.basicConfig when built; logging belongs to the process owner.
    root.handlers[:] = handlers
    root.setLevel(level)
    register_task_tools(mcp, ToolGuard(settings, service_provider, process_token))
    return mcp
