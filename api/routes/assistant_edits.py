"""Each user's own assistants on top of the built-in graphs: create, patch, delete, latest.

``POST /assistants`` (``if_exists`` raise: 409, or do_nothing: the existing one),
``PATCH /assistants/{id}`` (a new version, made current; metadata merged),
``DELETE /assistants/{id}`` and ``POST /assistants/{id}/latest`` (``{"version"}``).
The owner is the verified user; another user's assistant is 404, a built-in one 409.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Response, status

from api.auth import require_scope
from api.deps import ChatUser, RunsDep
from api.models.assistant_edits import AssistantCreate, AssistantLatest, AssistantPatch
from api.models.documents import errors
from api.models.protocol import Assistant
from api.runs.assistants import resolve_graph
from api.runs.errors import http_errors
from api.runs.manager import RunManager
from api.runs.user_assistants import canonical_id, own_assistant, record_json
from runstore import Conflict, new_id

router = APIRouter(
    tags=["assistants"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 409, 422),
)


def _known_graph(runs: RunManager, graph_id: str) -> str:
    if graph_id not in runs.engine.graphs:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"graph {graph_id!r} not found: one of {', '.join(sorted(runs.engine.graphs))}",
        )
    return graph_id


@router.post("/assistants", response_model=Assistant)
async def create_assistant(body: AssistantCreate, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    graph_id = _known_graph(runs, body.graph_id)
    with http_errors():
        assistant_id = canonical_id(body.assistant_id) if body.assistant_id else new_id()
        if resolve_graph(assistant_id, runs.engine.graphs) is not None:
            raise Conflict(f"assistant {assistant_id} already exists (a built-in one)")
        record = await runs.store.assistants.create(
            user.user_id,
            assistant_id,
            {
                "graph_id": graph_id,
                "name": body.name or "Untitled",
                "description": body.description,
                "config": body.config,
                "context": body.context,
                "metadata": body.metadata,
            },
            if_exists=body.if_exists,
        )
    return record_json(record)


@router.patch("/assistants/{assistant_id}", response_model=Assistant)
async def patch_assistant(
    assistant_id: str, body: AssistantPatch, user: ChatUser, runs: RunsDep
) -> dict[str, Any]:
    if body.graph_id is not None:
        _known_graph(runs, body.graph_id)
    with http_errors():
        owned = await own_assistant(runs.store, runs.engine.graphs, user.user_id, assistant_id)
        record = await runs.store.assistants.patch(
            user.user_id, owned, body.model_dump(exclude_unset=True)
        )
    return record_json(record)


@router.delete("/assistants/{assistant_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_assistant(assistant_id: str, user: ChatUser, runs: RunsDep) -> Response:
    with http_errors():
        owned = await own_assistant(runs.store, runs.engine.graphs, user.user_id, assistant_id)
    await runs.store.assistants.delete(user.user_id, owned)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/assistants/{assistant_id}/latest", response_model=Assistant)
async def set_latest_version(
    assistant_id: str, body: AssistantLatest, user: ChatUser, runs: RunsDep
) -> dict[str, Any]:
    with http_errors():
        owned = await own_assistant(runs.store, runs.engine.graphs, user.user_id, assistant_id)
        record = await runs.store.assistants.set_latest(user.user_id, owned, body.version)
    return record_json(record)
