"""Assistants (Agent Protocol): one per compiled graph, read-only.

``POST /assistants/search``, ``GET /assistants/{id}``, ``GET /assistants/{id}/graph``
(``?xray=true|false|<depth>``) and ``GET /assistants/{id}/schemas``. The id is the
assistant's UUID or the graph's name.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from api.auth import require_scope
from api.deps import EngineDep
from api.models.documents import AS_WRITTEN, errors
from api.models.protocol import Assistant, AssistantGraph, AssistantSchemas
from api.runs.assistants import assistant_json, resolve_graph
from api.runs.errors import http_errors
from api.runs.payloads import AssistantSearch
from api.runs.schemas import graph_schemas
from engine.core import Engine

router = APIRouter(
    tags=["assistants"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422),
)


def graph_id_of(engine: Engine, assistant_id: str) -> str:
    with http_errors():
        graph_id = resolve_graph(assistant_id, engine.graphs)
    if graph_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"assistant {assistant_id} not found")
    return graph_id


def _xray(value: str | None) -> bool | int:
    if value in (None, "", "false", "False"):
        return False
    if value in ("true", "True"):
        return True
    try:
        depth = int(value)
    except ValueError:
        depth = 0
    if depth <= 0:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="invalid xray value")
    return depth


def matching(engine: Engine, body: AssistantSearch) -> list[dict[str, Any]]:
    """The built-in assistants that pass the search's filters, by graph name."""
    found = []
    for graph_id in sorted(engine.graphs):
        assistant = assistant_json(graph_id)
        if body.graph_id is not None and graph_id != body.graph_id:
            continue
        if body.name is not None and body.name.lower() not in assistant["name"].lower():
            continue
        if body.metadata and any(
            assistant["metadata"].get(k) != v for k, v in body.metadata.items()
        ):
            continue
        found.append(assistant)
    return found


@router.post("/assistants/search", response_model=list[Assistant])
async def search_assistants(body: AssistantSearch, engine: EngineDep) -> list[dict[str, Any]]:
    return matching(engine, body)[body.offset : body.offset + body.limit]


@router.get("/assistants/{assistant_id}", response_model=Assistant)
async def get_assistant(assistant_id: str, engine: EngineDep) -> dict[str, Any]:
    return assistant_json(graph_id_of(engine, assistant_id))


@router.get("/assistants/{assistant_id}/graph", response_model=AssistantGraph, **AS_WRITTEN)
async def get_assistant_graph(
    assistant_id: str, engine: EngineDep, xray: str | None = Query(default=None)
) -> dict[str, Any]:
    graph = engine.graphs[graph_id_of(engine, assistant_id)]
    drawable = await graph.aget_graph(xray=_xray(xray))
    drawn: dict[str, Any] = drawable.to_json()
    for node in drawn.get("nodes", []):
        if isinstance(data := node.get("data"), dict):
            data.pop("id", None)  # the Python class path of the node's runnable
    return drawn


@router.get("/assistants/{assistant_id}/schemas", response_model=AssistantSchemas)
async def get_assistant_schemas(assistant_id: str, engine: EngineDep) -> dict[str, Any]:
    graph_id = graph_id_of(engine, assistant_id)
    return {"graph_id": graph_id, **graph_schemas(engine.graphs[graph_id])}
