"""The `orchestrator` commands of the MCP side: dev tokens and a user's task list."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import build_app
from settings import Settings
from taskmcp.auth import Identity, verify_task_token
from taskservice.schemas import TaskCreate
from taskservice.service import TaskService


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("ENVIRONMENT", "MCP_TOKEN_SECRET", "DATABASE_URL", "DEFAULT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TASK_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}")
    return tmp_path


def test_token_is_a_valid_task_token(env: Path) -> None:
    result = CliRunner().invoke(build_app(), ["token", "--user", "ann", "--timezone", "Asia/Tokyo"])
    assert result.exit_code == 0, result.output
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert verify_task_token(settings, result.stdout.strip()) == Identity("ann", "Asia/Tokyo")


def test_token_is_refused_in_production(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("MCP_TOKEN_SECRET", "a-real-production-secret-of-enough-length-0123")
    result = CliRunner().invoke(build_app(), ["token", "--user", "ann"])
    assert result.exit_code == 2
    assert "refusing to mint a development token in production" in result.stderr
    assert result.stdout == ""


def test_tasks_list(env: Path) -> None:
    app = build_app()
    empty = CliRunner().invoke(app, ["tasks", "list", "--user", "ann"])
    assert empty.exit_code == 0, empty.output
    assert "No tasks for ann." in empty.stdout
    as_json = CliRunner().invoke(app, ["tasks", "list", "--user", "ann", "--json"])
    assert json.loads(as_json.stdout) == []
    bad = CliRunner().invoke(app, ["tasks", "list", "--user", "ann", "--status", "later"])
    assert bad.exit_code == 2

    asyncio.run(_add(f"sqlite+aiosqlite:///{env / 'tasks.db'}", "ann", "Buy stamps"))
    listed = CliRunner().invoke(app, ["tasks", "list", "--user", "ann", "--timezone", "Asia/Tokyo"])
    assert "1. [ ] Buy stamps  (medium, due 2025-01-02T07:59:00+09:00, #post)" in listed.stdout
    rows = json.loads(CliRunner().invoke(app, ["tasks", "list", "--user", "ann", "--json"]).stdout)
    assert [(row["id"], row["title"], row["due"]) for row in rows] == [
        (1, "Buy stamps", "2025-01-01T22:59:00+00:00")
    ]
    other = CliRunner().invoke(app, ["tasks", "list", "--user", "bob", "--status", "pending"])
    assert "No pending tasks for bob." in other.stdout


async def _add(url: str, user: str, title: str) -> None:
    service = await TaskService.open(url)
    try:
        due = datetime(2025, 1, 1, 22, 59, tzinfo=UTC)
        await service.add(user, TaskCreate(title=title, due=due, tags=["post"]))
    finally:
        await service.close()
