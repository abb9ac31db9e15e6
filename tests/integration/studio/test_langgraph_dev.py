"""LangGraph Studio's server (``langgraph dev``) on langgraph.json: the graphs, and a real run."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph_sdk import get_client

from taskservice.service import TaskService
from tests.integration.studio.conftest import Studio

GRAPHS = {"orchestrator", "sequential", "parallel", "hierarchical"}
USER = "studio-user-1"
CALL_SECONDS = 30.0
RUN_SECONDS = 90.0


async def _assistants(studio: Studio) -> dict[str, str]:
    client = get_client(url=studio.url)
    async with asyncio.timeout(CALL_SECONDS):
        found = await client.assistants.search(limit=20)
    return {assistant["graph_id"]: assistant["assistant_id"] for assistant in found}


async def test_studio_lists_every_graph_of_langgraph_json(studio: Studio) -> None:
    assert set(await _assistants(studio)) == GRAPHS


async def test_studio_draws_the_router_and_each_workflow_inside(studio: Studio) -> None:
    assistant = (await _assistants(studio))["orchestrator"]
    async with asyncio.timeout(CALL_SECONDS):
        drawn = await get_client(url=studio.url).assistants.get_graph(assistant, xray=True)
    nodes = {node["id"] for node in drawn["nodes"]}
    assert {"begin", "router", "direct"} <= nodes
    assert {"sequential:specialist", "sequential:tools", "sequential:validator"} <= nodes
    assert {"parallel:decomposer", "parallel:worker:agent", "parallel:aggregator"} <= nodes
    assert {"hierarchical:strategist", "hierarchical:operational:create_goal"} <= nodes
    edges = {(edge["source"], edge["target"]) for edge in drawn["edges"]}
    assert ("begin", "router") in edges


async def test_a_studio_run_adds_the_task_for_the_user_of_its_context(studio: Studio) -> None:
    client = get_client(url=studio.url)
    assistant = (await _assistants(studio))["orchestrator"]
    request: dict[str, Any] = {"messages": [{"role": "user", "content": "Add a task to buy milk"}]}
    events: list[tuple[str, Any]] = []
    async with asyncio.timeout(RUN_SECONDS):
        thread = await client.threads.create()
        async for part in client.runs.stream(
            thread["thread_id"],
            assistant,
            input=request,
            context={"user_id": USER, "timezone": "UTC"},
            stream_mode="updates",
            stream_subgraphs=True,
        ):
            events.append((part.event, part.data))
        state: Any = await client.threads.get_state(thread["thread_id"])

    assert not [data for event, data in events if event == "error"]
    assert any(event.startswith("updates|sequential:") for event, _ in events)
    assert state["values"]["workflow"] == "sequential"
    assert [(c["name"], c["ok"]) for c in state["values"]["tool_calls"]] == [("add_task", True)]

    service = await TaskService.open(f"sqlite+aiosqlite:///{studio.data_dir / 'tasks.db'}")
    try:
        tasks = await service.list(USER)
        others = await service.list("demo")
    finally:
        await service.close()
    assert [task.title for task in tasks] == ["Buy milk"]
    assert others == []
