"""What Studio reads about the built-in assistants over the SDK: count, versions, subgraphs."""

from __future__ import annotations

import pytest
from langgraph_sdk.errors import NotFoundError

from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres


async def test_count_versions_and_subgraphs(server: RunningServer) -> None:
    client = server.client(new_user())
    assert await client.assistants.count() == 4
    assert await client.assistants.count(graph_id="parallel") == 1
    assert await client.assistants.count(graph_id="nope") == 0

    assistant = await client.assistants.get("orchestrator")
    (version,) = await client.assistants.get_versions(assistant["assistant_id"])
    assert version["assistant_id"] == assistant["assistant_id"]
    assert version["version"] == assistant["version"]

    subgraphs = await client.assistants.get_subgraphs("orchestrator")
    assert subgraphs, "the orchestrator runs its workflows as subgraphs"
    for schemas in subgraphs.values():
        assert set(schemas) >= {"input_schema", "output_schema", "state_schema"}
    deeper = await client.assistants.get_subgraphs("orchestrator", recurse=True)
    assert set(subgraphs) <= set(deeper)
    with pytest.raises(NotFoundError):
        await client.assistants.get_subgraphs("00000000-0000-4000-8000-000000000000")
