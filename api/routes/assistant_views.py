"""More about an assistant: count, versions, subgraphs (as Studio asks).

``POST /assistants/count`` (the built-in ones and the user's own that match),
``POST /assistants/{id}/versions`` (a built-in assistant has one version; the user's own,
one per patch, newest first) and ``GET /assistants/{id}/subgraphs[/{namespace}]``
(``?recurse=``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from api.auth import require_scope
from api.deps import ChatUser, EngineDep, RunsDep
from api.models.assistant_edits import VersionSearch
from api.models.assistant_views import Subgraphs
from api.models.documents import errors
from api.models.protocol import AssistantVersion
from api.models.thread_ops import Count
from api.routes.assistants import builtin_matching, graph_id_of
from api.runs.errors import http_errors
from api.runs.payloads import AssistantSearch
from api.runs.schemas import graph_schemas
from api.runs.user_assistants import find_assistant, record_json

router = APIRouter(
    tags=["assistants"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422),
)


@router.post("/assistants/count", response_model=Count)
async def count_assistants(body: AssistantSearch, user: ChatUser, runs: RunsDep) -> int:
    own = await runs.store.assistants.count(
        user.user_id, graph_id=body.graph_id, name=body.name, metadata=body.metadata
    )
    return own + len(builtin_matching(runs.engine, body))


@router.post("/assistants/{assistant_id}/versions", response_model=list[AssistantVersion])
async def assistant_versions(
    assistant_id: str, user: ChatUser, runs: RunsDep, body: VersionSearch | None = None
) -> list[dict[str, Any]]:
    body = body or VersionSearch()
    with http_errors():
        found, assistant = await find_assistant(
            runs.store, runs.engine.graphs, user.user_id, assistant_id
        )
    if found.builtin:
        assistant.pop("updated_at")
        return [assistant][body.offset : body.offset + body.limit]
    versions = await runs.store.assistants.versions(
        user.user_id,
        found.assistant_id,
        metadata=body.metadata,
        limit=body.limit,
        offset=body.offset,
    )
    return [record_json(version) for version in versions]


@router.get("/assistants/{assistant_id}/subgraphs", response_model=Subgraphs)
@router.get("/assistants/{assistant_id}/subgraphs/{namespace}", response_model=Subgraphs)
async def assistant_subgraphs(
    assistant_id: str,
    user: ChatUser,
    runs: RunsDep,
    engine: EngineDep,
    namespace: str | None = None,
    recurse: bool = False,
) -> dict[str, Any]:
    graph = engine.graphs[await graph_id_of(runs, user.user_id, assistant_id)]
    return {
        name: graph_schemas(subgraph)  # type: ignore[arg-type]
        async for name, subgraph in graph.aget_subgraphs(namespace=namespace, recurse=recurse)
    }
