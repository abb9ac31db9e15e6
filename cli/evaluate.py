"""``orchestrator eval FILE``: run conversation cases and report each one."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.settings import USAGE_ERROR, check_startup, explained_failures, load_settings

LANGSMITH_KEYS = ("LANGSMITH_API_KEY", "LANGCHAIN_API_KEY")

if TYPE_CHECKING:  # the engine loads only when a command runs: `--help` stays fast
    from evaluation.experiment import CaseScore
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


def _score_line(score: CaseScore) -> str:
    if score.passed:
        return f"PASS {score.case_id} [{score.workflow}]"
    return f"FAIL {score.case_id} [{score.workflow}]: " + "; ".join(score.reasons())


async def _run_langsmith(settings: Settings, file: Path, dataset: str, as_json: bool) -> int:
    from langsmith.utils import LangSmithError

    from engine.core import open_engine
    from engine.tracing import build_client
    from evaluation.cases import load_cases
    from evaluation.experiment import run_experiment

    cases = load_cases(file)
    client = build_client(os.environ)
    try:
        # langsmith prints the experiment's link: on stderr, so stdout stays one line a case.
        with contextlib.redirect_stdout(sys.stderr):
            async with open_engine(settings) as engine:
                report = await run_experiment(engine, client, cases, dataset)
    except LangSmithError as error:
        typer.echo(f"error: LangSmith at {client.api_url} failed: {_first_line(error)}", err=True)
        return 1
    finally:
        client.cleanup()
    failed = 0
    for score in report.cases:
        failed += not score.passed
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "id": score.case_id,
                        "passed": score.passed,
                        "scores": score.scores,
                        "comments": score.comments,
                    }
                )
            )
        else:
            typer.echo(_score_line(score))
    passed = len(report.cases) - failed
    where = {"dataset": report.dataset_name, "experiment": report.experiment_name}
    if as_json:
        typer.echo(json.dumps({"passed": passed, "failed": failed, **where}))
    else:
        typer.echo(f"{passed} passed, {failed} failed")
        typer.echo(f"LangSmith: dataset {report.dataset_name}, experiment {report.experiment_name}")
    return 1 if failed else 0


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:300]


def _langsmith_key() -> bool:
    return any(os.environ.get(name, "").strip() for name in LANGSMITH_KEYS)


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def evaluate(
        file: Annotated[Path, typer.Argument(help="A JSON Lines file of conversation cases.")],
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per case.")] = False,
        langsmith: Annotated[
            bool,
            typer.Option(
                "--langsmith",
                help="Upload the cases as a LangSmith dataset and run them as an experiment "
                "(LANGSMITH_API_KEY, and LANGSMITH_ENDPOINT for a self-hosted LangSmith).",
            ),
        ] = False,
        dataset: Annotated[
            str | None,
            typer.Option(help="The dataset's name with --langsmith (default: orchestrator-FILE)."),
        ] = None,
    ) -> None:
        """Run conversation cases (shared/evals/FORMAT.md): one line per case, then a summary."""
        from evaluation.cases import CaseFileError

        if dataset is not None and not langsmith:
            typer.echo("error: --dataset goes with --langsmith", err=True)
            raise typer.Exit(USAGE_ERROR)
        if langsmith and not _langsmith_key():
            typer.echo("error: --langsmith needs LANGSMITH_API_KEY", err=True)
            raise typer.Exit(USAGE_ERROR)
        settings = load_settings()
        check_startup(settings)
        name = dataset or f"orchestrator-{file.stem}"
        try:
            with explained_failures(settings):
                run = (
                    _run_langsmith(settings, file, name, as_json)
                    if langsmith
                    else _run(settings, file, as_json)
                )
                code = asyncio.run(run)
        except CaseFileError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(USAGE_ERROR) from None
        raise typer.Exit(code)
