"""Tool calls that carry an idempotency key in ``_meta``, over the real streamable-HTTP server.

On PostgreSQL (the task service the server uses): a call repeated with the same key
changes nothing and answers with the first result; the key never reaches the model's
arguments, and a ``_meta`` value that is not a key is refused with a readable error.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from mcpclient.config import McpConfig, with_task_server
from mcpclient.identity import acting_as
from mcpclient.loader import McpToolbox
from mcpclient.origin import calling_from
from settings import Settings
from taskmcp.auth import mint_task_token
from taskmcp.http import RunningTaskServer, serve_task_server
from taskmcp.meta import IDEMPOTENCY_KEY
from taskservice.effects import Origin
from taskservice.service import TaskService
from tests.integration.mcp.support import http_session

pytestmark = pytest.mark.postgres
USER = "ida"


@pytest.fixture
def settings(tmp_path: Path, postgres_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        task_database_url=postgres_url,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        mcp_call_timeout_seconds=20,
    )


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[TaskService]:
    async with await TaskService.open(settings.resolved_task_database_url) as opened:
        yield opened


@pytest.fixture
async def server(settings: Settings, service: TaskService) -> AsyncIterator[RunningTaskServer]:
    async with serve_task_server(settings, service=service) as running:
        yield running


@pytest.fixture
async def box(settings: Settings, server: RunningTaskServer) -> AsyncIterator[McpToolbox]:
    async with McpToolbox.open(settings, with_task_server(McpConfig(), server.url)) as opened:
        yield opened


async def _call(box: McpToolbox, name: str, args: dict[str, Any], origin: Origin | None) -> Any:
    call = {"type": "tool_call", "id": "call-1", "name": name, "args": args}
    with acting_as(USER), calling_from(origin):
        message = await box.tool(name).ainvoke(call)
    assert isinstance(message, ToolMessage)
    return message


def _payload(message: ToolMessage) -> Any:
    return json.loads("".join(b["text"] for b in message.content if b["type"] == "text"))


async def test_a_replayed_tool_call_changes_nothing_and_returns_the_first_result(
    box: McpToolbox, service: TaskService
) -> None:
    origin = Origin(key="thread-a/tools/call-1", thread_id="thread-a", run_id="run-a")
    first = await _call(box, "add_task", {"title": "buy milk"}, origin)
    again = await _call(box, "add_task", {"title": "buy milk"}, origin)
    assert _payload(again) == _payload(first)
    assert [t.title for t in await service.list(USER)] == ["buy milk"]

    deleting = Origin(key="thread-a/tools/call-2", thread_id="thread-a", run_id="run-a")
    task_id = _payload(first)["task_id"]
    deleted = await _call(box, "delete_task", {"task_id": task_id}, deleting)
    replayed = await _call(box, "delete_task", {"task_id": task_id}, deleting)
    assert replayed.status != "error"
    assert _payload(replayed) == _payload(deleted)
    unkeyed = await _call(box, "delete_task", {"task_id": task_id}, None)
    assert unkeyed.status == "error"  # without the key it is an ordinary call: not found

    trail = await service.audit(USER)
    assert [(e.operation, e.task_id, e.thread_id, e.run_id) for e in trail] == [
        ("add", task_id, "thread-a", "run-a"),
        ("delete", task_id, "thread-a", "run-a"),
    ]
    assert [e.idempotency_key for e in trail] == [origin.key, deleting.key]


async def test_calls_without_a_key_each_change(box: McpToolbox, service: TaskService) -> None:
    await _call(box, "add_task", {"title": "twice"}, None)
    await _call(box, "add_task", {"title": "twice"}, None)
    assert [t.id for t in await service.list(USER)] == [1, 2]
    assert [e.idempotency_key for e in await service.audit(USER)] == [None, None]


async def test_an_unusable_key_in_meta_is_refused(
    settings: Settings, server: RunningTaskServer, service: TaskService
) -> None:
    """A raw MCP client (not ours) sending a bad ``_meta`` gets a tool error, nothing changes."""
    async with http_session(server.url, mint_task_token(settings, USER)) as session:
        for bad in (42, "", "k" * 201):
            result = await session.call_tool(
                "add_task", {"title": "never"}, meta={IDEMPOTENCY_KEY: bad}
            )
            assert result.isError
            text = result.content[0].text  # type: ignore[union-attr]
            assert "idempotency-key" in text or "idempotency key" in text
        good = await session.call_tool(
            "add_task", {"title": "once"}, meta={IDEMPOTENCY_KEY: "raw-1"}
        )
        again = await session.call_tool(
            "add_task", {"title": "once"}, meta={IDEMPOTENCY_KEY: "raw-1"}
        )
        assert good.structuredContent == again.structuredContent
    assert [t.title for t in await service.list(USER)] == ["once"]
