"""``orchestrator ask "MESSAGE"``: one turn of conversation."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated

import typer

from cli.settings import check_startup, explained_failures, load_settings

if TYPE_CHECKING:  # the engine loads only when a command runs: `--help` stays fast
    from engine.turns import Approval, TurnResult
    from graphs.state import Context
    from settings import Settings


async def _ask(
    settings: Settings, context: Context, message: str, answer: bool | None
) -> TurnResult:
    async def approver(request: Approval) -> bool:
        assert answer is not None
        return answer

    from engine.core import open_engine
    from engine.turns import run_turn

    async with open_engine(settings) as engine:
        return await run_turn(
            engine.graph,
            context,
            message,
            approver=None if answer is None else approver,
            timeout_seconds=settings.turn_timeout_seconds,
        )


def _show(result: TurnResult) -> None:
    typer.echo(f"[{result.workflow}] {result.reply}")  # a waiting approval: its question
    if result.fallback_note:
        typer.secho(f"  ({result.fallback_note})", fg=typer.colors.YELLOW)
    if result.pending_approval:
        actions = result.pending_approval["actions"]
        for action in actions if len(actions) > 1 else []:  # one: the question names it
            typer.echo(f"  - {action.get('description') or action.get('name')}")
        typer.echo("Nothing was changed. Ask again with --approve or --reject to answer it.")


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask(
        message: Annotated[str, typer.Argument(help="What to say to the assistant.")],
        user: Annotated[str, typer.Option(help="The user to act for.")] = "demo",
        session: Annotated[str, typer.Option(help="The conversation to continue.")] = "default",
        timezone: Annotated[str | None, typer.Option(help="IANA time zone.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the turn as JSON.")] = False,
        approve: Annotated[
            bool | None,
            typer.Option(
                "--approve/--reject",
                help="Answer approval requests (deletes, bulk changes); default: leave pending.",
            ),
        ] = None,
    ) -> None:
        """Send one message; prints the workflow, the reply and any approval request."""
        from graphs.state import Context

        settings = load_settings()
        context = Context(
            user_id=user, timezone=timezone or settings.default_timezone, session_id=session
        )
        check_startup(settings)
        with explained_failures(settings):
            result = asyncio.run(_ask(settings, context, message, approve))
        if as_json:
            typer.echo(json.dumps(result.as_json(), indent=2, default=str))
        else:
            _show(result)
