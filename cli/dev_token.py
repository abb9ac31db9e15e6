"""``orchestrator token``: a development token, for the chat page and API or the task server.

- ``--for chat`` signs a sign-in token for the chat page and the API with the development
  sign-in key in ``DATA_DIR`` (the key ``/auth/dev-token`` uses), and only while development
  sign-in is on: with ``BETTER_AUTH_SECRET`` or ``JWKS_URL`` set, sign-in tokens come from
  that provider and this command refuses, as it does in production or on a non-loopback
  ``HOST``. It never signs with a configured secret.
- ``--for mcp`` (the default, as before) signs a token for a standalone task MCP server with
  ``MCP_TOKEN_SECRET`` or the key in ``DATA_DIR``; refused in production.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from cli.settings import USAGE_ERROR, load_settings

if TYPE_CHECKING:
    from settings import Settings

CHAT_TOKEN_TTL_SECONDS = 3600
DEFAULT_TIMEZONE = "UTC"


class Audience(StrEnum):
    chat = "chat"
    mcp = "mcp"


def _refuse(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


def _chat_token(settings: Settings, user: str) -> str:
    from api.auth import AuthConfigError, mint_dev_token, resolve_sign_in

    try:
        sign_in = resolve_sign_in(settings)
    except AuthConfigError as exc:
        raise _refuse(f"no development sign-in here, so no chat token: {exc}") from None
    if not sign_in.development:
        raise _refuse(
            "real sign-in is configured (BETTER_AUTH_SECRET or JWKS_URL), so the page and the "
            "API accept only the tokens your sign-in provider issues; this command does not "
            "make those"
        )
    try:
        return mint_dev_token(settings, user, CHAT_TOKEN_TTL_SECONDS)
    except ValueError as exc:
        raise _refuse(str(exc)) from None


def _task_token(settings: Settings, user: str, timezone: str) -> str:
    from taskmcp.auth import mint_task_token

    if settings.is_production:
        raise _refuse(
            "refusing to mint a development token in production "
            "(ENVIRONMENT=production); tokens there come from the orchestrator only."
        )
    try:
        return mint_task_token(settings, user, timezone)
    except ValueError as exc:
        raise _refuse(str(exc)) from None


def mint_token(
    user: Annotated[str, typer.Option("--user", help="The user the token acts for.")],
    audience: Annotated[
        Audience,
        typer.Option(
            "--for",
            help="chat: sign-in for the chat page and the API (development sign-in only); "
            "mcp: a standalone task MCP server.",
        ),
    ] = Audience.mcp,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone", help="mcp only: the user's IANA time zone, e.g. Europe/Paris (UTC)."
        ),
    ] = None,
) -> None:
    """Print a short-lived bearer token: for the chat page and API, or the task server."""
    if audience is Audience.chat and timezone is not None:
        raise _refuse(
            "--timezone is for --for mcp only: the page and API clients send the time zone "
            "with each run"
        )
    settings = load_settings()
    if audience is Audience.chat:
        token = _chat_token(settings, user)
    else:
        token = _task_token(settings, user, timezone or DEFAULT_TIMEZONE)
    typer.echo(token)


def register(app: typer.Typer) -> None:
    app.command("token")(mint_token)
