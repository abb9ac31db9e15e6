"""Loading ``Settings`` for a command, with a readable error instead of a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from api.settings import Settings

USAGE_ERROR = 2


def load_settings() -> Settings:
    """The settings from the environment and ``.env``; exit 2 with the reasons if invalid."""
    from pydantic import ValidationError

    from api.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or "settings"
            typer.echo(f"error: {where}: {error['msg']}", err=True)
        raise typer.Exit(USAGE_ERROR) from None
