"""Serving the task MCP server over stdio: one process, one user (``TODO_MCP_TOKEN``)."""

from __future__ import annotations

from settings import Settings
from taskmcp.server import build_task_server
from taskmcp.service_slot import TaskServiceSlot

TOKEN_ENV = "TODO_MCP_TOKEN"


async def run_task_server_stdio(settings: Settings, token: str | None) -> None:
    """Serve MCP on stdin/stdout until the client closes them.

    ``token`` is the process's identity (read from ``TODO_MCP_TOKEN`` by the CLI); it is
    verified on every call, so a missing or expired one makes each call an error while
    listing tools still works.
    """
    slot = TaskServiceSlot()
    async with slot.open(settings):
        await build_task_server(settings, slot, process_token=token).run_stdio_async()
