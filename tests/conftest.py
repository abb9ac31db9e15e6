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
