"""The OpenAI-compatible server, and the orchestrator opened with ChatOpenAI pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.integration.wire.support import API_KEY, MODEL, Conversation, conversation, settings_for
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat


@pytest.fixture(autouse=True)
def _no_developer_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read the environment: keep the defaults under test and tracing off."""
    for name in ("OPENAI_USE_RESPONSES_API", "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def openai_server() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=API_KEY, models=[MODEL]) as server:
        yield server


@pytest.fixture
async def wire(tmp_path: Path, openai_server: OpenAICompatServer) -> AsyncIterator[Conversation]:
    """A conversation with the orchestrator whose chat model is ChatOpenAI over the wire."""
    async with conversation(settings_for(tmp_path / "wire", openai_server)) as talk:
        yield talk
