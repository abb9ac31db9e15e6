"""LangSmith's variables, set for one test only, and the settings of an offline engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from langsmith import utils as langsmith_utils

from settings import Settings

LANGSMITH_VARIABLES = (
    "LANGSMITH_TRACING",
    "LANGCHAIN_TRACING_V2",
    "LANGSMITH_ENDPOINT",
    "LANGCHAIN_ENDPOINT",
    "LANGSMITH_API_KEY",
    "LANGCHAIN_API_KEY",
    "LANGSMITH_PROJECT",
    "LANGCHAIN_PROJECT",
    "LANGSMITH_RUNS_ENDPOINTS",
)

PointLangSmith = Callable[..., None]


@pytest.fixture
def point_langsmith_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[PointLangSmith]:
    """Call it with the capture server's URL; the variables are gone after the test.

    langsmith caches what it reads of its variables (``get_env_var``) for the process:
    the cache is emptied on both sides, so neither this test nor a later one runs with
    another test's tracing switched on.
    """
    for name in LANGSMITH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    langsmith_utils.get_env_var.cache_clear()  # type: ignore[attr-defined]

    def point(url: str, *, tracing: bool = True) -> None:
        monkeypatch.setenv("LANGSMITH_ENDPOINT", url)
        monkeypatch.setenv("LANGSMITH_API_KEY", "lsv2-fake-key-for-the-capture-server")
        if tracing:
            monkeypatch.setenv("LANGSMITH_TRACING", "true")

    yield point
    langsmith_utils.get_env_var.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An engine on its embedded defaults: SQLite in tmp_path, the offline model."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        database_url=None,
        task_database_url=None,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        openai_api_key=None,
    )
