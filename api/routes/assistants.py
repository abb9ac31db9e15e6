"""Assistants (Agent Protocol): one built-in per compiled graph, and each user's own.

``POST /assistants/search``, ``GET /assistants/{id}``, ``GET /assistants/{id}/graph``
(``?xray=true|false|<depth>``) and ``GET /assistants/{id}/schemas``. The id is the
assistant's UUID or, for a built-in one, the graph's name; another user's assistant is
not found. Writing them: ``api.routes.assistant_edits``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from api.auth import require_scope
from api.deps import ChatUser, EngineDep, RunsDep
from api.models.assistant_edits import AssistantSorted
from api.models.documents import AS_WRITTEN, errors
from api.models.protocol import Assistant, AssistantGraph, AssistantSchemas
from api.runs.assistants import assistant_json
from api.runs.errors import http_errors
from api.runs.manager import RunManager
from api.runs.payloads import AssistantSearch
from api.runs.schemas import graph_schemas
from api.runs.user_assistants import find_assistant, record_json
from engine.core import Engine

router = APIRouter(
    tags=["assistants"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422),
)


async def assistant_of(runs: RunManager, user_id: str, assistant_id: str) -> dict[str, Any]:
    """The assistant's JSON: a built-in one, or the user's own (404, 422)."""
    with http_errors():
        _, found = await find_assistant(runs.store, runs.engine.graphs, user_id, assistant_id)
    return found


async def graph_id_of(runs: RunManager, user_id: str, assistant_id: str) -> str:
    return str((await assistant_of(runs, user_id, assistant_id))["graph_id"])


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


def builtin_matching(engine: Engine, body: AssistantSearch) -> list[dict[str, Any]]:
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


async def matching(
    runs: RunManager, user_id: str, body: AssistantSorted, *, first: int
) -> list[dict[str, Any]]:
    """The first ``first`` assistants that match: the user's own (newest first) and the
    built-in ones, or all of them in the order ``sort_by`` asks for."""
    descending = body.sort_order != "asc"
    own = await runs.store.assistants.search(
        user_id,
        graph_id=body.graph_id,
        name=body.name,
        metadata=body.metadata,
        limit=first,
        sort_by=body.sort_by or "created_at",
        descending=descending if body.sort_by else True,
    )
    found = [record_json(record) for record in own] + builtin_matching(runs.engine, body)
    if body.sort_by is not None:
        key = body.sort_by
        found.sort(key=lambda a: (str(a[key] or ""), a["assistant_id"]), reverse=descending)
    return found[:first]


@router.post("/assistants/search", response_model=list[Assistant])
async def search_assistants(
    body: AssistantSorted, user: ChatUser, runs: RunsDep
) -> list[dict[str, Any]]:
    found = await matching(runs, user.user_id, body, first=body.offset + body.limit)
    return found[body.offset :]


@router.get("/assistants/{assistant_id}", response_model=Assistant)
async def get_assistant(assistant_id: str, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    return await assistant_of(runs, user.user_id, assistant_id)


@router.get("/assistants/{assistant_id}/graph", response_model=AssistantGraph, **AS_WRITTEN)
async def get_assistant_graph(
    assistant_id: str,
    user: ChatUser,
    runs: RunsDep,
    engine: EngineDep,
    xray: str | None = Query(default=None),
) -> dict[str, Any]:
    graph = engine.graphs[await graph_id_of(runs, user.user_id, assistant_id)]
    drawable = await graph.aget_graph(xray=_xray(xray))
    drawn: dict[str, Any] = drawable.to_json()
    for node in drawn.get("nodes", []):
        if isinstance(data := node.get("data"), dict):
            data.pop("id", None)  # the Python class path of the node's runnable
    return drawn


@router.get("/assistants/{assistant_id}/schemas", response_model=AssistantSchemas)
async def get_assistant_schemas(
    assistant_id: str, user: ChatUser, runs: RunsDep, engine: EngineDep
) -> dict[str, Any]:
    graph_id = await graph_id_of(runs, user.user_id, assistant_id)
    return {"graph_id": graph_id, **graph_schemas(engine.graphs[graph_id])}
