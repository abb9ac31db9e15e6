"""``/ok`` turns 503 when a dependency fails; ``/metrics`` behind its token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from settings import Settings
from taskmcp.http import serve_task_server
from tests.integration.api_ops.support import make_settings, serve

METRICS_TOKEN = "a-metrics-scraper-token"


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as opened:
        yield opened


async def test_ok_is_503_when_an_mcp_server_goes_away(
    tmp_path: Path, stack: AsyncExitStack
) -> None:
    # A second MCP server (the task server again, none of its tools offered), stopped later.
    extra_settings = make_settings(tmp_path / "extra")
    extra = AsyncExitStack()
    running = await extra.enter_async_context(serve_task_server(extra_settings))
    stack.push_async_callback(extra.aclose)
    servers_file = tmp_path / "mcp_servers.json"
    servers_file.write_text(
        json.dumps({"mcpServers": {"extra": {"url": running.url, "tools": []}}})
    )
    settings = make_settings(
        tmp_path / "app", mcp_servers_file=servers_file, health_cache_seconds=0
    )
    url = await stack.enter_async_context(serve(create_app(settings)))
    client = await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=30))

    healthy = await client.get("/ok")
    assert healthy.status_code == 200, healthy.text
    assert healthy.json()["checks"]["mcp"]["servers"]["extra"]["ok"] is True

    await extra.aclose()
    failing = await client.get("/ok")
    assert failing.status_code == 503
    body = failing.json()
    assert body["ok"] is False
    checks = body["checks"]
    assert checks["mcp"]["ok"] is False
    assert checks["mcp"]["servers"]["extra"]["ok"] is False
    assert checks["mcp"]["servers"]["extra"]["error"] == "unavailable"
    assert checks["mcp"]["servers"]["tasks"]["ok"] is True
    assert checks["database"]["ok"] is True
    assert running.url not in failing.text  # no internals in a public answer


async def test_metrics_need_the_token_when_one_is_set(
    tmp_path: Path, stack: AsyncExitStack
) -> None:
    settings: Settings = make_settings(tmp_path, metrics_token=SecretStr(METRICS_TOKEN))
    url = await stack.enter_async_context(serve(create_app(settings)))
    client = await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=30))

    anonymous = await client.get("/metrics")
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"] == "Bearer"
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    right = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert right.status_code == 200
    assert "orchestrator_http_request_duration_seconds" in right.text
