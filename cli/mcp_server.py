"""``orchestrator mcp``: serve the task MCP server over streamable HTTP or stdio."""

from __future__ import annotations

import asyncio
import enum
import logging
import os
from typing import Annotated

import typer

from cli.settings import USAGE_ERROR, load_settings


class Transport(enum.StrEnum):
    streamable_http = "streamable-http"
    stdio = "stdio"


def serve_mcp(
    transport: Annotated[
        Transport, typer.Option(help="streamable-http: serve /mcp over HTTP; stdio: one user.")
    ] = Transport.streamable_http,
    host: Annotated[str, typer.Option(help="HTTP: the interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP: the port to listen on.")] = 8765,
) -> None:
    """Serve the task MCP server.

    Over HTTP each call is authenticated by its Authorization: Bearer token. Over stdio
    the process acts for the user of the TODO_MCP_TOKEN environment variable.
    """
    import uvicorn

    from taskmcp.auth import KEY_FILE, task_token_secret
    from taskmcp.http import create_task_http_app
    from taskmcp.stdio import TOKEN_ENV, run_task_server_stdio

    settings = load_settings()
    if settings.mcp_token_secret is None:
        if settings.is_production:
            typer.echo(
                "error: MCP_TOKEN_SECRET is required in production: the task server trusts "
                "only tokens signed with it.",
                err=True,
            )
            raise typer.Exit(USAGE_ERROR)
        # Made on first use and kept 0600; `orchestrator token` signs with the same key.
        typer.echo(
            f"task tokens: the key in {settings.data_dir.resolve() / KEY_FILE} "
            "(set MCP_TOKEN_SECRET to use your own)",
            err=True,
        )
        task_token_secret(settings)
    if transport is Transport.stdio:
        # stdout carries the protocol: logs go to stderr only.
        logging.basicConfig(level=logging.WARNING)
        asyncio.run(run_task_server_stdio(settings, os.environ.get(TOKEN_ENV)))
        return
    app = create_task_http_app(settings, host=host)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    app.command("mcp")(serve_mcp)
