"""SIGTERM to a real ``orchestrator serve`` in the middle of a run, on PostgreSQL.

The server stops in order: it takes no new work, lets the running run finish within
``SHUTDOWN_GRACE_SECONDS`` (the client streaming it sees it to its end), and only then
stops the task server, so the run's tool calls all work and the run ends ``success``.
With no grace at all the run is recorded ``interrupted``. Either way a run never ends
``success`` with tool calls that failed because the server was going away.

The run is held in its first model call by an OpenAI-compatible test server that hangs
that call (the model timeout then hands the turn to the offline model).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from runstore import RunStore
from taskservice.service import TaskService
from tests.integration.server.processes import Served, dev_token, orchestrator_serve
from tests.integration.server.support import (
    SseEvent,
    eventually,
    new_user,
    read_sse,
    serve,
    server_settings,
    user_message,
)
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat

pytestmark = pytest.mark.postgres

API_KEY = "sk-test-shutdown-0123456789"
EXIT_SECONDS = 90.0
MESSAGE = "Add bread, cheese, wine and eggs to my list"
TITLES = ["Bread", "Cheese", "Eggs", "Wine"]


@pytest.fixture
def fake_model() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=API_KEY) as fake:
        yield fake


async def _model_hangs(fake: OpenAICompatServer) -> None:
    async def hung() -> bool:
        return fake.pending_faults == 0 and any(r.status is None for r in fake.chat_requests)

    await eventually(hung, what="the model call to hang")


async def _terminated_mid_run(
    served: Served, fake: OpenAICompatServer
) -> tuple[str, str, list[SseEvent]]:
    """Start a streamed run, SIGTERM the server while it waits for the model, and read the
    stream to its end; the process must then exit by itself."""
    user = "shutdown-user"
    async with httpx.AsyncClient(base_url=served.url, timeout=EXIT_SECONDS) as http:
        http.headers["Authorization"] = f"Bearer {await dev_token(http, user)}"
        thread_id = (await http.post("/threads", json={})).json()["thread_id"]
        fake.fail_next(1, "hang")
        body = {
            "assistant_id": "orchestrator",
            "input": user_message(MESSAGE),
            "stream_mode": ["values"],
        }
        events: list[SseEvent] = []
        async with http.stream("POST", f"/threads/{thread_id}/runs/stream", json=body) as response:
            assert response.status_code == 200
            run_id = response.headers["content-location"].rsplit("/", 1)[-1]
            await _model_hangs(fake)
            served.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(httpx.HTTPError):  # the server may end the stream
                async for event in read_sse(response):
                    if event.event is not None:
                        events.append(event)
    code = await asyncio.wait_for(served.process.wait(), EXIT_SECONDS)
    # uvicorn re-raises the signal it handled once it is done: the exit says "terminated".
    assert code in (0, -signal.SIGTERM), served.tail()
    return thread_id, run_id, events


async def _outcome(
    database_url: str, thread_id: str, run_id: str
) -> tuple[str, list[dict[str, Any]], list[str]]:
    store = await RunStore.open(database_url)
    try:
        run = await store.runs.get("shutdown-user", thread_id, run_id)
    finally:
        await store.close()
    assert run is not None
    tasks = await TaskService.open(database_url)
    try:
        titles = sorted(t.title for t in await tasks.list("shutdown-user"))
    finally:
        await tasks.close()
    calls = list((run.output or {}).get("tool_calls") or [])
    return run.status, calls, titles


async def test_sigterm_lets_the_running_run_finish_before_the_task_server_stops(
    tmp_path: Path, postgres_url: str, fake_model: OpenAICompatServer
) -> None:
    async with orchestrator_serve(
        tmp_path, postgres_url, fake_model, SHUTDOWN_GRACE_SECONDS="60"
    ) as served:
        thread_id, run_id, events = await _terminated_mid_run(served, fake_model)

    status, calls, titles = await _outcome(postgres_url, thread_id, run_id)
    assert status == "success", served.tail()
    assert calls, "the run made its tool calls"
    assert [c["name"] for c in calls if not c["ok"]] == [], "no tool call failed"
    assert titles == TITLES
    # The client that was streaming the run saw it to its end.
    assert events[-1].event == "end"
    assert json.loads(events[-1].data or "{}")["status"] == "success"


async def test_sigterm_with_no_grace_records_the_run_interrupted(
    tmp_path: Path, postgres_url: str, fake_model: OpenAICompatServer
) -> None:
    async with orchestrator_serve(
        tmp_path, postgres_url, fake_model, SHUTDOWN_GRACE_SECONDS="0"
    ) as served:
        thread_id, run_id, events = await _terminated_mid_run(served, fake_model)

    status, calls, _ = await _outcome(postgres_url, thread_id, run_id)
    assert status == "interrupted", served.tail()
    assert [c for c in calls if not c["ok"]] == []
    assert events[-1].event == "end"
    assert json.loads(events[-1].data or "{}")["status"] == "interrupted"


async def test_a_draining_server_refuses_new_runs_and_says_so_on_ok(tmp_path: Path) -> None:
    async with serve(server_settings(tmp_path)) as running:
        user = new_user()
        client = running.client(user)
        thread_id = (await client.threads.create())["thread_id"]
        await running.runs.drain()
        async with running.http(user) as http:
            refused = await http.post(
                f"/threads/{thread_id}/runs",
                json={"assistant_id": "orchestrator", "input": user_message("hi")},
            )
            reading = await http.get(f"/threads/{thread_id}")
            health = await http.get("/ok")
    assert refused.status_code == 503
    assert refused.headers["retry-after"].isdigit()
    assert reading.status_code == 200, "what exists can still be read while draining"
    assert health.status_code == 503
    assert health.json()["checks"]["runs"]["ok"] is False
