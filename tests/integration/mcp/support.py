"""Talking to the task MCP server with the real MCP client, over HTTP or stdio."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent

from settings import Settings
from taskmcp.auth import task_token_secret

BIN = Path(sys.executable).parent
ORCHESTRATOR = str(BIN / "orchestrator")
TIME_SERVER = str(BIN / "mcp-server-time")

TASK_TOOLS = {"add_task", "list_tasks", "get_task", "complete_task", "delete_task", "update_task"}


@asynccontextmanager
async def http_session(url: str, token: str | None = None) -> AsyncIterator[ClientSession]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else None
    async with (
        httpx.AsyncClient(headers=headers) as http,
        streamable_http_client(url, http_client=http) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


@asynccontextmanager
async def raw_session(
    url: str, token: str
) -> AsyncIterator[Callable[[bytes], Awaitable[tuple[int, Any]]]]:
    """A streamable-HTTP MCP session by hand, for bodies the MCP client will not encode:
    yields ``call(body)``, which answers the HTTP status and the JSON-RPC reply (or None)."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json",
    }
    async with httpx.AsyncClient(headers=headers, timeout=30) as http:

        async def call(body: bytes) -> tuple[int, Any]:
            response = await http.post(url, content=body)
            text = response.text
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                data = [line[5:] for line in text.splitlines() if line.startswith("data:")]
                text = data[-1] if data else ""
            return response.status_code, json.loads(text) if text.strip() else None

        initialize = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        }
        response = await http.post(url, json=initialize)
        response.raise_for_status()
        if "mcp-session-id" in response.headers:  # none when the server is stateless
            http.headers["mcp-session-id"] = response.headers["mcp-session-id"]
        await call(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}')
        yield call


def server_env(settings: Settings, token: str | None = None) -> dict[str, str]:
    """What a stdio task server needs: its database, the shared secret and its user."""
    env = {
        "ENVIRONMENT": settings.environment,
        "TASK_DATABASE_URL": settings.resolved_task_database_url,
        "MCP_TOKEN_SECRET": task_token_secret(settings),
        "MCP_TOKEN_AUDIENCE": settings.mcp_token_audience,
        "MCP_TOKEN_ISSUER": settings.mcp_token_issuer,
    }
    if token is not None:
        env["TODO_MCP_TOKEN"] = token
    return env


@asynccontextmanager
async def stdio_session(
    settings: Settings, token: str | None, cwd: Path
) -> AsyncIterator[ClientSession]:
    params = StdioServerParameters(
        command=ORCHESTRATOR,
        args=["mcp", "--transport", "stdio"],
        env={**server_env(settings, token), "PATH": os.environ.get("PATH", "")},
        cwd=cwd,
    )
    async with (
        stdio_client(params) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


def payload(result: CallToolResult) -> Any:
    """The JSON of a successful result, checking it came as exactly one text block."""
    assert not result.isError, result.content
    assert len(result.content) == 1
    block = result.content[0]
    assert isinstance(block, TextContent)
    return json.loads(block.text)


def error_text(result: CallToolResult) -> str:
    assert result.isError, result.content
    assert len(result.content) == 1
    block = result.content[0]
    assert isinstance(block, TextContent)
    return block.text
