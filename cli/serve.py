"""``orchestrator serve``: the chat server (Agent Protocol + Todo Evolution endpoints)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.settings import USAGE_ERROR, load_settings


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
        port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    ) -> None:
        """Run the chat server with uvicorn (embedded defaults: SQLite, offline model)."""
        import uvicorn

        from api.app import create_app
        from api.auth import AuthConfigError, resolve_sign_in
        from api.ops.jsonlog import log_config

        settings = load_settings()
        bind_host, bind_port = host or settings.host, port or settings.port
        # The app decides on development sign-in by where it listens.
        settings = settings.model_copy(update={"host": bind_host, "port": bind_port})
        try:
            resolve_sign_in(settings)
        except AuthConfigError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(USAGE_ERROR) from None
        url = f"http://{bind_host}:{bind_port}/"
        typer.echo(f"todo-orchestrator: open {url} (chat page; API schema at {url}openapi.json)")
        uvicorn.run(
            create_app(settings),
            host=bind_host,
            port=bind_port,
            log_config=log_config(settings),
            timeout_graceful_shutdown=5,  # open streams must not hold a shutdown forever
        )
