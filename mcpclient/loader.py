"""``McpToolbox``: the LangChain tools of every configured MCP server, for the graphs.

```python
async with McpToolbox.open(settings, config) as box:
    model = model.bind_tools(box.tools)
    graph = builder.compile(...)            # a ToolNode(box.tools) in it
    await graph.ainvoke(inputs, context=Context(user_id="u1", timezone="Europe/Paris"))
```

The user of a call comes from the graph's runtime context (see ``mcpclient.identity``),
or from ``with acting_as(user_id, timezone):`` outside a graph.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from langchain_core.tools import BaseTool
from langchain_mcp_adapters.client import MultiServerMCPClient

from mcpclient.config import McpConfig, load_servers_config
from mcpclient.connections import connection_for
from mcpclient.pool import SessionPool
from mcpclient.routing import SessionRouter
from mcpclient.sessions import describe_exception
from settings import Settings

logger = logging.getLogger(__name__)
# Listing tools at start-up starts a server (a process, for stdio): it gets at least this
# long, whatever the per-call timeout of the server says.
LIST_TIMEOUT_FLOOR = 15.0


class McpServerUnavailableError(RuntimeError):
    """A required MCP server could not be reached to list its tools."""


class McpToolbox:
    """The loaded tools, and the kept sessions their calls go through."""

    def __init__(self, tools: list[BaseTool], servers: dict[str, list[str]], pool: SessionPool):
        self.tools = tools
        self.servers = servers
        self._pool = pool

    def tool(self, name: str) -> BaseTool:
        """The tool called ``name``; ``KeyError`` if no server offers it."""
        for tool in self.tools:
            if tool.name == name:
                return tool
        raise KeyError(name)

    @property
    def open_sessions(self) -> int:
        """How many kept sessions are open now (for tests and metrics)."""
        return len(self._pool)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls,
        settings: Settings,
        config: McpConfig | None = None,
    ) -> AsyncIterator[McpToolbox]:
        """List every server's tools once, then keep sessions open for calls until exit.

        ``config`` defaults to ``load_servers_config(settings)``. Servers marked ``disabled``
        are left out; an ``optional`` one that cannot be reached is skipped with a
        warning, any other raises ``McpServerUnavailableError``. At most
        ``settings.mcp_session_max`` sessions are kept, each closed after
        ``settings.mcp_session_idle_seconds`` unused.
        """
        config = config or load_servers_config(settings)
        servers = {name: s for name, s in config.servers.items() if not s.disabled}
        ttl = settings.mcp_token_ttl_seconds
        pool = SessionPool(
            idle_seconds=settings.mcp_session_idle_seconds,
            max_sessions=settings.mcp_session_max,
            renew_margin=max(1.0, ttl / 4),
        )
        router = SessionRouter(settings, config, pool)
        client = MultiServerMCPClient(
            {name: connection_for(server) for name, server in servers.items()},
            tool_interceptors=[router],
        )
        listed = await asyncio.gather(
            *(
                _list_tools(client, name, max(router.timeout_for(name), LIST_TIMEOUT_FLOOR))
                for name in servers
            ),
            return_exceptions=True,
        )
        tools: list[BaseTool] = []
        by_server: dict[str, list[str]] = {}
        for (name, server), result in zip(servers.items(), listed, strict=True):
            if isinstance(result, BaseException):
                reason = describe_exception(result)
                if not server.optional:
                    raise McpServerUnavailableError(
                        f"MCP server {name!r} could not be reached: {reason}"
                    ) from result
                logger.warning("skipping optional MCP server %s: %s", name, reason)
                continue
            offered = _allowed(name, result, server.tools)
            by_server[name] = [tool.name for tool in offered]
            tools.extend(offered)
        _check_unique(by_server)

        sweeper = asyncio.create_task(pool.run_sweeper(), name="mcp-session-sweeper")
        try:
            yield cls(tools, by_server, pool)
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            await pool.close()


async def _list_tools(client: MultiServerMCPClient, name: str, seconds: float) -> list[BaseTool]:
    # Listing uses a short-lived session without any user: it needs no identity.
    async with asyncio.timeout(seconds):
        return await client.get_tools(server_name=name)


def _allowed(server: str, tools: list[BaseTool], allowlist: list[str] | None) -> list[BaseTool]:
    if allowlist is None:
        return tools
    names = {tool.name for tool in tools}
    missing = sorted(set(allowlist) - names)
    if missing:
        logger.warning("MCP server %s offers no tool named %s", server, ", ".join(missing))
    return [tool for tool in tools if tool.name in allowlist]


def _check_unique(by_server: dict[str, list[str]]) -> None:
    seen: dict[str, str] = {}
    for server, names in by_server.items():
        for name in names:
            if name in seen:
                raise ValueError(
                    f"MCP servers {seen[name]!r} and {server!r} both offer a tool named "
                    f"{name!r}; limit one of them with a 'tools' allowlist"
                )
            seen[name] = server
