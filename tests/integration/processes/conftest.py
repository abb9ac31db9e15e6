"""Two real ``orchestrator serve`` processes on one fresh PostgreSQL, a model they share.

The model is the OpenAI-compatible test server (it answers as the offline model does), so
a test can hold one model request of a turn and know how far the turn got. The pair lives
for the module; a test that kills one replaces it (``Pair.replace``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.processes.support import Pair, server_settings
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat
from tests.support.postgres import PostgresServer

API_KEY = "sk-processes-test-0123456789"
MODEL = "processes-test-model"


@pytest.fixture(scope="module")
def model() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=API_KEY, models=[MODEL]) as server:
        yield server


@pytest.fixture(scope="module")
def pair(
    postgres_server: PostgresServer,
    model: OpenAICompatServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Pair]:
    url = asyncio.run(postgres_server.create_database("processes"))
    workdir: Path = tmp_path_factory.mktemp("processes")
    pair = Pair.start(server_settings(url, model, MODEL), workdir)
    try:
        yield pair
    finally:
        pair.stop()
        asyncio.run(postgres_server.drop_database(url))
