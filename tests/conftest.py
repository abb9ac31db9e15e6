"""Fixtures shared by the whole suite; the machinery behind them lives in tests/support."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support import postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[postgres.PostgresServer]:
    """The throwaway PostgreSQL (or TEST_DATABASE_URL's), started on first use, always stopped."""
    with postgres.postgres_server() as server:
        yield server


@pytest.fixture
async def postgres_url(postgres_server: postgres.PostgresServer) -> AsyncIterator[str]:
    """A fresh, empty database for one test (``postgresql://…``), dropped afterwards."""
    async with postgres_server.database() as url:
        yield url


@pytest.fixture(autouse=True, scope="session")
def _tracing_off_by_default() -> Iterator[None]:
    """No test sends traces unless it points LangSmith somewhere itself (a developer's
    LANGSMITH_* variables must not leak into the suite; langsmith caches what it read)."""
    import os

    from langsmith import utils as langsmith_utils

    from tests.integration.tracing.conftest import LANGSMITH_VARIABLES

    saved = {name: os.environ.pop(name) for name in LANGSMITH_VARIABLES if name in os.environ}
    langsmith_utils.get_env_var.cache_clear()  # type: ignore[attr-defined]
    yield
    os.environ.update(saved)
