"""Servers shared by a test module: on a fresh PostgreSQL database, or on embedded SQLite.

Tests isolate themselves by user (``new_user()``), so one server per module is enough.
``hosted_server`` answers with an OpenAI-compatible test server (itself answered by the
offline model) that can be told to hang, which is how a run is held open on purpose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from pydantic import SecretStr

from tests.integration.server.support import RunningServer, serve, server_settings
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat
from tests.support.postgres import PostgresServer

FAKE_OPENAI_KEY = "sk-test-chat-server-0123456789"


@pytest.fixture(scope="module")
async def module_database(postgres_server: PostgresServer) -> AsyncIterator[str]:
    async with postgres_server.database("server") as url:
        yield url


@pytest.fixture(scope="module")
async def server(
    module_database: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningServer]:
    """The chat server on PostgreSQL (runs, checkpoints, tasks), with the offline model."""
    settings = server_settings(tmp_path_factory.mktemp("server"), database_url=module_database)
    async with serve(settings) as running:
        yield running


@pytest.fixture(scope="module")
def fake_openai() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=FAKE_OPENAI_KEY) as fake:
        yield fake


@pytest.fixture(scope="module")
async def hosted_server(
    module_database: str,
    tmp_path_factory: pytest.TempPathFactory,
    fake_openai: OpenAICompatServer,
) -> AsyncIterator[RunningServer]:
    """The chat server on PostgreSQL with a "hosted" model that a test can make hang.

    A hung model call times out after ``model_timeout_seconds`` and is retried (and then
    answered), so a hung run ends by itself a little later unless it is cancelled first.
    """
    settings = server_settings(
        tmp_path_factory.mktemp("hosted"),
        database_url=module_database,
        openai_api_key=SecretStr(FAKE_OPENAI_KEY),
        openai_base_url=fake_openai.base_url,
        model_timeout_seconds=3.0,
    )
    async with serve(settings) as running:
        yield running


@pytest.fixture(scope="module")
async def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningServer]:
    """The chat server on its embedded defaults: SQLite files under DATA_DIR."""
    async with serve(server_settings(tmp_path_factory.mktemp("sqlite"))) as running:
        yield running
