"""The chat server on a loopback port (uvicorn in this event loop), and what tests send it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from api.auth import sign_token
from api.ops import JsonFormatter, RequestIdFilter
from settings import Settings

SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test server: SQLite under ``data_dir``, offline model, HS256 sign-in."""
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": None,
        "task_database_url": None,
        "mcp_task_server_url": None,
        "mcp_servers_file": None,
        "openai_api_key": None,
        "better_auth_secret": SecretStr(SECRET),
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "default_scopes": "tasks:read tasks:write chat",
        "metrics_token": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def bearer(settings: Settings, user_id: str, scopes: list[str] | None = None) -> dict[str, str]:
    secret = settings.better_auth_secret
    assert secret is not None, "these servers sign in with BETTER_AUTH_SECRET"
    token = sign_token(secret.get_secret_value(), user_id, scopes=scopes)
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Run ``app`` (lifespan included) on a free 127.0.0.1 port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, lifespan="on", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name=f"chat-server:{port}")
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("the chat server stopped while starting")
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()


class JsonRecords(logging.Handler):
    """Keeps every record as the JSON object ``JsonFormatter`` makes of it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestIdFilter())
        self.entries: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.entries.append(json.loads(self.format(record)))

    def by_request(self, request_id: str) -> list[dict[str, Any]]:
        return [entry for entry in self.entries if entry.get("request_id") == request_id]


@contextlib.contextmanager
def capture_json_logs(*names: str) -> Iterator[JsonRecords]:
    """Collect the records of the loggers ``names`` (at INFO and above) while inside."""
    handler = JsonRecords()
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
