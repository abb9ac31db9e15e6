"""``orchestrator eval FILE``: run conversation cases and report each one."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.settings import USAGE_ERROR, check_startup, explained_failures, load_settings

if TYPE_CHECKING:  # the engine loads only when a command runs: `--help` stays fast
    from evaluation.runner import CaseResult
    from settings import Settings


def _line(result: CaseResult) -> str:
    if result.passed:
        return f"PASS {result.case.id} [{result.outcome.workflow}]"
    return f"FAIL {result.case.id} [{result.outcome.workflow}]: " + "; ".join(result.reasons)


async def _run(settings: Settings, file: Path, as_json: bool) -> int:
    from engine.core import open_engine
    from evaluation.cases import load_cases
    from evaluation.runner import run_case

    cases = load_cases(file)
    failed = 0
    async with open_engine(settings) as engine:
        for case in cases:
            result = await run_case(engine, case)
            failed += not result.passed
            typer.echo(json.dumps(result.as_json()) if as_json else _line(result))
    passed = len(cases) - failed
    summary = f"{passed} passed, {failed} failed"
    typer.echo(json.dumps({"passed": passed, "failed": failed}) if as_json else summary)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def evaluate(
        file: Annotated[Path, typer.Argument(help="A JSON Lines file of conversation cases.")],
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per case.")] = False,
    ) -> None:
        """Run conversation cases (shared/evals/FORMAT.md): one line per case, then a summary."""
        from evaluation.cases import CaseFileError

        settings = load_settings()
        check_startup(settings)
        try:
            with explained_failures(settings):
                code = asyncio.run(_run(settings, file, as_json))
        except CaseFileError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(USAGE_ERROR) from None
        raise typer.Exit(code)
