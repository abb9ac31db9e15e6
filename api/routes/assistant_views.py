"""More about the built-in assistants: count, versions, subgraphs (read-only, as Studio asks).

``POST /assistants/count``, ``POST /assistants/{id}/versions`` (each built-in assistant
has one version) and ``GET /assistants/{id}/subgraphs[/{namespace}]`` (``?recurse=``).
Creating, patching and deleting assistants is not supported here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.auth import require_scope
from api.deps import EngineDep
from api.models.assistant_views import AssistantVersion, Subgraphs
from api.models.documents import errors
from api.models.thread_ops import Count
from api.routes.assistants import graph_id_of, matching
from api.runs.assistants import assistant_json
from api.runs.payloads import AssistantSearch
from api.runs.schemas import graph_schemas

router = APIRouter(
    tags=["assistants"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422),
)


@router.post("/assistants/count", response_model=Count)
async def count_assistants(body: AssistantSearch, engine: EngineDep) -> int:
    return len(matching(engine, body))


@router.post("/assistants/{assistant_id}/versions", response_model=list[AssistantVersion])
async def assistant_versions(assistant_id: str, engine: EngineDep) -> list[dict[str, Any]]:
    assistant = assistant_json(graph_id_of(engine, assistant_id))
    assistant.pop("updated_at")
    return [assistant]


@router.get("/assistants/{assistant_id}/subgraphs", response_model=Subgraphs)
@router.get("/assistants/{assistant_id}/subgraphs/{namespace}", response_model=Subgraphs)
async def assistant_subgraphs(
    assistant_id: str, engine: EngineDep, namespace: str | None = None, recurse: bool = False
) -> dict[str, Any]:
    graph = engine.graphs[graph_id_of(engine, assistant_id)]
    return {
        name: graph_schemas(subgraph)  # type: ignore[arg-type]
        async for name, subgraph in graph.aget_subgraphs(namespace=namespace, recurse=recurse)
    }
