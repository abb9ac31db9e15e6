"""Turns traced to a local stand-in for LangSmith: what arrives, and what a stalled one costs."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from langsmith import run_trees

from engine.core import open_engine
from engine.tracing import FLUSH_TIMEOUT_SECONDS, READ_TIMEOUT_MS
from engine.turns import run_turn, user_hash
from graphs.state import Context
from settings import Settings
from tests.integration.tracing.capture import capture_server
from tests.integration.tracing.conftest import PointLangSmith

RAW_USER = "ann-raw-user-7f3c91"
SESSION = "trace-session-1"
CONTEXT = Context(
    user_id=RAW_USER,
    timezone="UTC",
    session_id=SESSION,
    now=datetime(2026, 11, 24, 9, tzinfo=UTC),
)
TURN_SECONDS = 30.0


async def test_a_turn_arrives_with_node_names_workflow_tags_and_a_hashed_user(
    settings: Settings, point_langsmith_at: PointLangSmith
) -> None:
    global_client = getattr(run_trees, "_CLIENT", None)
    with capture_server() as langsmith:
        point_langsmith_at(langsmith.url)
        async with asyncio.timeout(TURN_SECONDS), open_engine(settings) as engine:
            assert engine.tracing.client is not None
            result = await run_turn(engine.graph, CONTEXT, "Add a task to buy milk")
        # Leaving the engine flushed the client: everything is here now.
        requests = list(langsmith.requests)
        runs = langsmith.runs()

    assert result.workflow == "sequential"
    assert [t["name"] for t in result.tool_calls] == ["add_task"]
    assert any(r.method == "POST" and r.path == "/runs/multipart" for r in requests)

    names = {run["name"] for run in runs.values()}
    assert {"orchestrator", "begin", "router", "sequential", "specialist", "tools"} <= names
    assert {"validator", "add_task"} <= names

    roots = [run for run in runs.values() if not run.get("parent_run_id")]
    assert [root["name"] for root in roots] == ["orchestrator"]
    assert "workflow:sequential" in roots[0]["tags"]
    subgraph_runs = [run for run in runs.values() if run["name"] == "sequential"]
    assert any("workflow:sequential" in run["tags"] for run in subgraph_runs)
    router = next(run for run in runs.values() if run["name"] == "router")
    assert not any(tag.startswith("workflow:") for tag in router["tags"])

    for run in runs.values():
        metadata = run["extra"]["metadata"]
        assert metadata["session_id"] == SESSION, run["name"]
        assert metadata["user_hash"] == user_hash(RAW_USER), run["name"]
    assert all(RAW_USER.encode() not in request.body for request in requests)
    # The engine's own client did the work: langsmith's process-wide one was not made.
    assert getattr(run_trees, "_CLIENT", None) is global_client


async def test_a_stalled_langsmith_holds_up_neither_the_turn_nor_the_exit(
    settings: Settings, point_langsmith_at: PointLangSmith
) -> None:
    with capture_server(hang=True) as langsmith:
        point_langsmith_at(langsmith.url)
        async with asyncio.timeout(TURN_SECONDS):
            async with open_engine(settings) as engine:
                started = time.monotonic()
                result = await run_turn(engine.graph, CONTEXT, "Add a task to buy milk")
                turn_done = time.monotonic()
            exit_seconds = time.monotonic() - turn_done
        turn_seconds = turn_done - started
        contacted = len(langsmith.requests)

    assert [t["ok"] for t in result.tool_calls] == [True]
    assert contacted >= 1  # the client did reach the stalled server
    assert turn_seconds < READ_TIMEOUT_MS / 1000  # it never waited on LangSmith
    assert exit_seconds < FLUSH_TIMEOUT_SECONDS + 3.0  # the flush gave up at its deadline


async def test_without_langsmith_tracing_nothing_is_sent(
    settings: Settings, point_langsmith_at: PointLangSmith
) -> None:
    with capture_server() as langsmith:
        point_langsmith_at(langsmith.url, tracing=False)
        async with asyncio.timeout(TURN_SECONDS), open_engine(settings) as engine:
            assert engine.tracing.client is None
            result = await run_turn(engine.graph, CONTEXT, "Add a task to buy milk")
        requests = list(langsmith.requests)

    assert result.workflow == "sequential"
    assert requests == []
