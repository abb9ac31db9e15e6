"""From a configured server to the adapter's connection dict, with or without a user token."""

from __future__ import annotations

from langchain_mcp_adapters.sessions import (
    Connection,
    SSEConnection,
    StdioConnection,
    StreamableHttpConnection,
)

from mcpclient.config import HttpServer, StdioServer

TOKEN_ENV = "TODO_MCP_TOKEN"


def connection_for(server: StdioServer | HttpServer, *, bearer: str | None = None) -> Connection:
    """The connection for ``server``; ``bearer`` goes in the Authorization header (HTTP) or
    in the child's ``TODO_MCP_TOKEN`` (stdio: one process per user)."""
    if isinstance(server, StdioServer):
        stdio = StdioConnection(transport="stdio", command=server.command, args=list(server.args))
        env = dict(server.env or {})
        if bearer is not None:
            env[TOKEN_ENV] = bearer
        if env or server.env is not None:
            stdio["env"] = env
        if server.cwd is not None:
            stdio["cwd"] = server.cwd
        return stdio
    headers = dict(server.headers or {})
    if bearer is not None:
        headers["Authorization"] = f"Bearer {bearer}"
    if server.transport == "sse":
        return SSEConnection(transport="sse", url=server.url, headers=headers or None)
    return StreamableHttpConnection(
        transport="streamable_http", url=server.url, headers=headers or None
    )
