"""The chat server under test: the real app on uvicorn, on a free loopback port.

``serve(settings)`` runs ``create_app(settings)`` in this event loop until the block
exits; ``RunningServer`` hands out the official SDK client, raw HTTP clients and dev
tokens per user, and reads raw SSE for what the SDK hides (heartbeats, ids).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from langgraph_sdk import get_client
from langgraph_sdk.client import LangGraphClient

from api.app import create_app
from api.auth import mint_dev_token
from api.runs import RunManager, RunOptions
from api.serving import OrderlyServer
from settings import Settings
from taskservice.service import TaskService

# Short enough for tests to see, long enough that a busy machine does not fake a quiet one.
# No grace on shutdown: a server a test stops interrupts its runs at once.
TEST_RUN_OPTIONS = RunOptions(
    heartbeat_seconds=0.2,
    tick_seconds=0.2,
    poll_seconds=0.05,
    grace_seconds=0.0,
    shutdown_seconds=5.0,
)
DEADLINE_SECONDS = 30.0


def server_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": None,
        "task_database_url": None,
        "mcp_servers_file": None,
        "mcp_task_server_url": None,
        "openai_api_key": None,
        "better_auth_secret": None,
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "rate_limit_per_minute": 0,
        "log_json": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def new_user() -> str:
    return f"user-{uuid.uuid4().hex[:12]}"


@dataclass
class RunningServer:
    url: str
    app: FastAPI
    settings: Settings

    def token(self, user: str) -> str:
        return mint_dev_token(self.settings, user)

    def headers(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}

    def client(self, user: str) -> LangGraphClient:
        return get_client(url=self.url, headers=self.headers(user))

    def http(self, user: str | None = None) -> httpx.AsyncClient:
        headers = self.headers(user) if user else {}
        return httpx.AsyncClient(base_url=self.url, headers=headers, timeout=DEADLINE_SECONDS)

    @property
    def runs(self) -> RunManager:
        manager: RunManager = self.app.state.runs
        return manager

    @property
    def tasks(self) -> TaskService:
        service: TaskService = self.app.state.engine.tasks
        return service


@contextlib.asynccontextmanager
async def serve(
    settings: Settings, options: RunOptions = TEST_RUN_OPTIONS
) -> AsyncIterator[RunningServer]:
    app = create_app(settings, run_options=options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        app, lifespan="on", log_level="warning", access_log=False, timeout_graceful_shutdown=5
    )
    server = OrderlyServer(config, app)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=f"chat-server:{port}")
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the chat server stopped while starting")
            await asyncio.sleep(0.01)
        yield RunningServer(url=f"http://127.0.0.1:{port}", app=app, settings=settings)
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


async def eventually(
    check: Callable[[], Awaitable[bool]], *, what: str, within: float = DEADLINE_SECONDS
) -> None:
    """Wait until ``check()`` holds (polling a condition, not sleeping for a duration)."""
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@dataclass
class SseEvent:
    event: str | None
    data: str | None
    id: str | None
    comment: str | None = None


async def read_sse(response: httpx.Response) -> AsyncIterator[SseEvent]:
    """Raw SSE blocks, comments included (the SDK drops those)."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line == "":
            if fields:
                yield SseEvent(fields.get("event"), fields.get("data"), fields.get("id"))
                fields = {}
            continue
        if line.startswith(":"):
            yield SseEvent(None, None, None, comment=line[1:].strip())
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")


def user_message(text: str) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": text}]}
