"""``orchestrator serve``: the chat server (Agent Protocol + Todo Evolution endpoints).

The address is bound before anything else starts, so a busy port is one clear error; the
"open http://…" line is printed only once the server is listening and ready. On SIGTERM
it stops in order (``api.serving.OrderlyServer``): no new work, the running runs finish
(``SHUTDOWN_GRACE_SECONDS``), then connections close and the task server stops last.
"""

from __future__ import annotations

import asyncio
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from cli.settings import check_startup, fail, load_settings
from cli.workers import check_workers, serve_workers

if TYPE_CHECKING:
    from api.serving import OrderlyServer

# Once the runs have ended, what open connections still do must not hold a shutdown forever.
GRACEFUL_SHUTDOWN_SECONDS = 5


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        fail([f"PORT: cannot listen on {host}:{port} ({exc.strerror}); choose another with --port"])
    sock.listen(2048)
    return sock


async def _serve(server: OrderlyServer, sock: socket.socket, url: str) -> bool:
    """Serve until stopped; True when the server had started."""
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():  # noqa: ASYNC110 (uvicorn has no event)
        await asyncio.sleep(0.05)
    if server.started:
        typer.echo(f"todo-orchestrator: open {url} (chat page; API schema at {url}openapi.json)")
    await task
    return server.started


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
        port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
        workers: Annotated[
            int,
            typer.Option(help="Server processes (more than 1 needs DATABASE_URL=postgresql://…)."),
        ] = 1,
    ) -> None:
        """Run the chat server with uvicorn (embedded defaults: SQLite, offline model)."""
        import uvicorn

        from api.app import create_app
        from api.ops.jsonlog import log_config
        from api.serving import OrderlyServer

        settings = load_settings()
        bind_host, bind_port = host or settings.host, port or settings.port
        # The app decides on development sign-in by where it listens.
        settings = settings.model_copy(update={"host": bind_host, "port": bind_port})
        check_workers(settings, workers)
        check_startup(settings, serving=True)
        sock = _bind(bind_host, bind_port)
        shown = f"[{bind_host}]" if ":" in bind_host else bind_host
        if workers > 1:
            serve_workers(settings, sock, workers, f"http://{shown}:{bind_port}/")
            return
        app = create_app(settings)
        config = uvicorn.Config(
            app,
            log_config=log_config(settings),
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
        server = OrderlyServer(config, app)
        started = asyncio.run(_serve(server, sock, f"http://{shown}:{bind_port}/"))
        sock.close()
        if not started:
            fail(["the server did not start: the log above says why"])
