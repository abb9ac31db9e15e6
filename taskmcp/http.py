"""Serving the task MCP server over streamable HTTP: as an ASGI app, or embedded in-process."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import uvicorn
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from settings import Settings
from taskmcp.server import MCP_PATH, build_task_server
from taskmcp.service_slot import TaskServiceSlot
from taskservice.service import TaskService

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _transport_security(host: str) -> TransportSecuritySettings | None:
    # On loopback FastMCP's default DNS-rebinding protection applies (Host must be a
    # loopback name). Bound elsewhere the server sits behind real host names or a proxy,
    # and every call is authenticated by its bearer token anyway.
    if host in _LOOPBACK:
        return None
    return TransportSecuritySettings(enable_dns_rebinding_protection=False)


async def _health(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_task_http_app(
    settings: Settings,
    service: TaskService | None = None,
    *,
    host: str = "127.0.0.1",
) -> Starlette:
    """The ASGI app serving MCP at ``/mcp`` (and ``/healthz``).

    Its lifespan opens the TaskService from settings, unless ``service`` is given (then
    the caller owns it), and runs the stateless streamable-HTTP session manager.
    """
    slot = TaskServiceSlot(service)
    mcp = build_task_server(settings, slot, transport_security=_transport_security(host))
    inner = mcp.streamable_http_app()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with slot.open(settings), mcp.session_manager.run():
            yield

    routes = [*inner.routes, Route("/healthz", _health, methods=["GET"])]
    return Starlette(routes=routes, middleware=inner.user_middleware, lifespan=lifespan)


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers: a SIGTERM is for the process that embeds the
    task server, which stops it last, once its own runs (and their tool calls) are over.
    uvicorn would otherwise take the signal for itself and stop this server first."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass(frozen=True)
class RunningTaskServer:
    """Where an embedded task server listens."""

    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{MCP_PATH}"


@contextlib.asynccontextmanager
async def serve_task_server(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    service: TaskService | None = None,
) -> AsyncIterator[RunningTaskServer]:
    """Run the task server over HTTP inside this event loop until the block exits.

    ``port=0`` binds a free port; the bound one is in the yielded ``RunningTaskServer``.
    Signals do not stop it: only leaving the block does.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # asyncio only turns Nagle off on accepted sockets whose listener says proto=TCP;
    # without this every response waits ~40 ms for a delayed ACK (measured: 44 ms a call).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    bound_port = int(sock.getsockname()[1])
    # The service is opened here, before uvicorn starts, so that a failure to open it
    # raises normally instead of making uvicorn call sys.exit inside our event loop.
    async with TaskServiceSlot(service).open(settings) as opened:
        app = create_task_http_app(settings, opened, host=host)
        config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
        server = _EmbeddedServer(config)
        task = asyncio.create_task(server.serve(sockets=[sock]), name=f"task-mcp-http:{bound_port}")
        try:
            while not server.started:
                if task.done():
                    task.result()
                    raise RuntimeError("the task MCP server stopped while starting")
                await asyncio.sleep(0.01)
            yield RunningTaskServer(host=host, port=bound_port)
        finally:
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await task
            sock.close()
