"""``orchestrator token``: mint a development token for the task MCP server."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.settings import USAGE_ERROR, load_settings


def mint_token(
    user: Annotated[str, typer.Option("--user", help="The user the token acts for.")],
    timezone: Annotated[
        str, typer.Option("--timezone", help="The user's IANA time zone, e.g. Europe/Paris.")
    ] = "UTC",
) -> None:
    """Print a short-lived bearer token for the task MCP server (not in production)."""
    from taskmcp.auth import mint_task_token

    settings = load_settings()
    if settings.is_production:
        typer.echo(
            "error: refusing to mint a development token in production "
            "(ENVIRONMENT=production); tokens there come from the orchestrator only.",
            err=True,
        )
        raise typer.Exit(USAGE_ERROR)
    try:
        token = mint_task_token(settings, user, timezone)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
    typer.echo(token)


def register(app: typer.Typer) -> None:
    app.command("token")(mint_token)
