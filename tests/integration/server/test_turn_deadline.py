"""A real ``orchestrator serve`` on PostgreSQL whose model endpoint accepts every request
and never answers: the run still ends ``success`` within ``TURN_TIMEOUT_SECONDS``, even
with a model timeout longer than the turn, and its reply says the offline model wrote it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.server.processes import dev_token, orchestrator_serve
from tests.integration.server.support import user_message
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat

pytestmark = pytest.mark.postgres

API_KEY = "sk-test-deadline-0123456789"
TURN_TIMEOUT = 10.0
USER = "deadline-user"


@pytest.fixture
def hanging_model() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=API_KEY) as fake:
        fake.fail_next(1000, "hang")  # every call the turn could make
        yield fake


async def test_a_run_on_a_hanging_model_ends_in_time_and_says_who_answered(
    tmp_path: Path, postgres_url: str, hanging_model: OpenAICompatServer
) -> None:
    async with (
        orchestrator_serve(
            tmp_path,
            postgres_url,
            hanging_model,
            MODEL_TIMEOUT_SECONDS="600",
            TURN_TIMEOUT_SECONDS=str(TURN_TIMEOUT),
        ) as served,
        httpx.AsyncClient(base_url=served.url, timeout=120) as http,
    ):
        http.headers["Authorization"] = f"Bearer {await dev_token(http, USER)}"
        thread_id = (await http.post("/threads", json={})).json()["thread_id"]
        loop = asyncio.get_running_loop()
        started = loop.time()
        answer = await http.post(
            f"/threads/{thread_id}/runs/wait",
            json={"assistant_id": "orchestrator", "input": user_message("Add a task to buy milk")},
        )
        seconds = loop.time() - started
        runs = (await http.get(f"/threads/{thread_id}/runs")).json()

    assert answer.status_code == 200, served.tail()
    assert seconds < TURN_TIMEOUT
    assert [run["status"] for run in runs] == ["success"]
    values = answer.json()
    assert [c["ok"] for c in values["tool_calls"]] == [True]
    assert {f["error"] for f in values["fallbacks"]} == {"TimeoutError"}
    reply = values["messages"][-1]
    assert reply["type"] == "ai"
    assert reply["content"]
    assert reply["response_metadata"]["fallback"]["error"] == "TimeoutError"
    assert len(hanging_model.chat_requests) == 1, "the endpoint was waited for once"
