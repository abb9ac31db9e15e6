"""Start-up for a command: the settings, and every configuration problem in one message.

A problem names the setting and what to set; all of them are reported at once, without a
traceback (``LOG_LEVEL=DEBUG`` shows it), and the command exits with status 2.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from settings import Settings

USAGE_ERROR = 2


def fail(problems: list[str]) -> NoReturn:
    """Print ``problems`` as one message and exit 2."""
    if len(problems) == 1:
        typer.echo(f"error: {problems[0]}", err=True)
    else:
        typer.echo(f"error: {len(problems)} configuration problems:", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
    raise typer.Exit(USAGE_ERROR)


def load_settings() -> Settings:
    """The settings from the environment and ``.env``; exit 2 with every reason if invalid."""
    from pydantic import ValidationError

    from settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            where = "_".join(str(part) for part in error["loc"]).upper()
            message = str(error["msg"]).removeprefix("Value error, ")
            if where:
                problems.append(f"{where}: {message}")
            else:  # a check across settings: its message names them
                problems.extend(part.strip() for part in message.split(";"))
        fail(problems)


def check_startup(settings: Settings, *, serving: bool = False) -> None:
    """Exit 2 with every problem that would stop the engine (or the server) from starting."""
    from mcpclient.config import McpConfigError, read_mcp_config
    from persistence.reachability import unreachable

    problems = settings.production_problems()
    if serving:
        from api.auth import AuthConfigError, resolve_sign_in

        try:
            resolve_sign_in(settings)
        except AuthConfigError as exc:
            problems.append(f"sign-in: {exc}")
    if settings.mcp_servers_file is not None:
        try:
            read_mcp_config(settings.mcp_servers_file)
        except McpConfigError as exc:
            problems.append(f"MCP_SERVERS_FILE: {exc}")
    databases = {"DATABASE_URL": settings.database_url}
    if settings.task_database_url:
        databases["TASK_DATABASE_URL"] = settings.task_database_url
    problems.extend(asyncio.run(unreachable(databases)))
    if problems:
        fail(problems)


@contextlib.contextmanager
def explained_failures(settings: Settings) -> Iterator[None]:
    """Turn a failure to open what the settings name into one line and exit 2."""
    from mcpclient.loader import McpServerUnavailableError
    from persistence.factory import PersistenceError

    try:
        yield
    except (McpServerUnavailableError, PersistenceError, OSError) as exc:
        if settings.log_level.upper() == "DEBUG":
            raise
        fail([str(exc) or type(exc).__name__])
