"""Assistants over the official SDK: one per graph, found by UUID or by graph name."""

from __future__ import annotations

import uuid

import pytest
from langgraph_sdk.errors import NotFoundError, UnprocessableEntityError

from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres

GRAPHS = {"orchestrator", "sequential", "parallel", "hierarchical"}
NAMESPACE_GRAPH = uuid.UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8")


async def test_search_lists_one_assistant_per_graph_with_deterministic_ids(
    server: RunningServer,
) -> None:
    client = server.client(new_user())
    found = await client.assistants.search(limit=100)
    assert {a["graph_id"] for a in found} == GRAPHS
    for assistant in found:
        assert assistant["assistant_id"] == str(uuid.uuid5(NAMESPACE_GRAPH, assistant["graph_id"]))
    only = await client.assistants.search(graph_id="parallel")
    assert [a["graph_id"] for a in only] == ["parallel"]


async def test_get_by_id_or_graph_name(server: RunningServer) -> None:
    client = server.client(new_user())
    by_name = await client.assistants.get("orchestrator")
    by_id = await client.assistants.get(by_name["assistant_id"])
    assert by_id == by_name
    with pytest.raises(NotFoundError):
        await client.assistants.get(str(uuid.uuid4()))
    with pytest.raises(UnprocessableEntityError):
        await client.assistants.get("no-such-graph")


async def test_graph_drawing_with_and_without_xray(server: RunningServer) -> None:
    client = server.client(new_user())
    flat = await client.assistants.get_graph("orchestrator")
    deep = await client.assistants.get_graph("orchestrator", xray=True)
    flat_ids = {node["id"] for node in flat["nodes"]}
    assert {"router", "direct", "sequential", "parallel", "hierarchical"} <= flat_ids
    assert len(deep["nodes"]) > len(flat["nodes"])  # the workflows' own nodes appear
    assert any(node["id"].startswith("sequential:") for node in deep["nodes"])
    assert all("id" not in (node.get("data") or {}) for node in deep["nodes"])


async def test_schemas_describe_input_output_state_and_context(server: RunningServer) -> None:
    client = server.client(new_user())
    schemas = await client.assistants.get_schemas("orchestrator")
    assert schemas["graph_id"] == "orchestrator"
    assert "messages" in schemas["input_schema"]["properties"]
    assert {"messages", "workflow", "tool_calls"} <= set(schemas["output_schema"]["properties"])
    assert "plan" in schemas["state_schema"]["properties"]
    assert {"user_id", "timezone"} <= set(schemas["context_schema"]["properties"])
