"""The real engine on SQLite in tmp_path: task service, task MCP server over streamable HTTP,
MCP tools, the offline model, and the orchestrator compiled with its checkpointer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from engine.core import Engine, open_engine
from tests.integration.graphs.support import engine_settings


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[Engine]:
    async with open_engine(engine_settings(tmp_path)) as opened:
        yield opened
