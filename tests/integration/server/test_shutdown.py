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
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from runstore import RunStore
from taskservice.service import TaskService
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

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
API_KEY = "sk-test-shutdown-0123456789"
STARTUP_SECONDS = 120.0
EXIT_SECONDS = 90.0
MESSAGE = "Add bread, cheese, wine and eggs to my list"
TITLES = ["Bread", "Cheese", "Eggs", "Wine"]


@dataclass
class Served:
    url: str
    process: asyncio.subprocess.Process
    log: Path

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_model() -> Iterator[OpenAICompatServer]:
    with serve_openai_compat(api_key=API_KEY) as fake:
        yield fake


@contextlib.asynccontextmanager
async def orchestrator_serve(
    tmp_path: Path, database_url: str, fake: OpenAICompatServer, grace: float
) -> AsyncIterator[Served]:
    port = _free_port()
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        ENVIRONMENT="test",
        DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=database_url,
        OPENAI_API_KEY=fake.api_key,
        OPENAI_BASE_URL=fake.base_url,
        MODEL_TIMEOUT_SECONDS="3",
        SHUTDOWN_GRACE_SECONDS=str(grace),
        RATE_LIMIT_PER_MINUTE="0",
        LOG_JSON="false",
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            ORCHESTRATOR,
            "serve",
            "--port",
            str(port),
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "open http" not in log.read_text(errors="replace"):
            assert process.returncode is None, f"the server exited:\n{served.tail()}"
            assert time.monotonic() < deadline, f"the server did not start:\n{served.tail()}"
            await asyncio.sleep(0.1)
        yield served
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


async def _token(http: httpx.AsyncClient, user: str) -> str:
    response = await http.post("/auth/dev-token", json={"user_id": user})
    response.raise_for_status()
    return str(response.json()["access_token"])


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
        http.headers["Authorization"] = f"Bearer {await _token(http, user)}"
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
    async with orchestrator_serve(tmp_path, postgres_url, fake_model, grace=60) as served:
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
    async with orchestrator_serve(tmp_path, postgres_url, fake_model, grace=0) as served:
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
