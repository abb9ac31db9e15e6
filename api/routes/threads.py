"""Threads (Agent Protocol): the caller's own, and their state and history.

``POST /threads``, ``POST /threads/search``, ``GET|PATCH|DELETE /threads/{id}``,
``GET /threads/{id}/state`` (and ``GET /state/{checkpoint_id}``, ``POST
/state/checkpoint``), ``POST|GET
/threads/{id}/history``. Every lookup is by owner in the store, so another user's
thread answers 404 exactly like a missing one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Response, status

from api.deps import ChatUser, RunsDep
from api.models.documents import AS_WRITTEN, errors
from api.models.protocol import Thread, ThreadState
from api.runs.errors import checked_uuid, http_errors
from api.runs.lookups import owned_thread
from api.runs.manager import RunManager
from api.runs.payloads import (
    HistorySearch,
    StateAtCheckpoint,
    ThreadCreate,
    ThreadPatch,
    ThreadSearch,
)
from api.runs.pending import shown_history, shown_state
from api.runs.views import state_json, thread_json
from runstore import ThreadRecord, new_id

router = APIRouter(tags=["threads"], responses=errors(401, 404, 422))


async def _view(runs: RunManager, thread: ThreadRecord) -> dict[str, Any]:
    return thread_json(thread, await shown_state(runs, thread))


@router.post("/threads", response_model=Thread, responses=errors(409), **AS_WRITTEN)
async def create_thread(body: ThreadCreate, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    thread_id = checked_uuid(body.thread_id, "thread") if body.thread_id else new_id()
    with http_errors():
        thread = await runs.store.threads.create(
            user.user_id, thread_id, body.metadata or {}, if_exists=body.if_exists
        )
    return await _view(runs, thread)


@router.post("/threads/search", response_model=list[Thread], **AS_WRITTEN)
async def search_threads(body: ThreadSearch, user: ChatUser, runs: RunsDep) -> list[dict[str, Any]]:
    ids = [checked_uuid(i, "thread") for i in body.ids] if body.ids is not None else None
    found = await runs.store.threads.search(
        user.user_id,
        metadata=body.metadata,
        status=body.status,
        ids=ids,
        limit=body.limit,
        offset=body.offset,
        sort_by=body.sort_by,
        sort_order=body.sort_order,
    )
    return list(await asyncio.gather(*(_view(runs, thread) for thread in found)))


@router.get("/threads/{thread_id}", response_model=Thread, **AS_WRITTEN)
async def get_thread(thread_id: str, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    return await _view(runs, await owned_thread(runs, user.user_id, thread_id))


@router.patch("/threads/{thread_id}", response_model=Thread, **AS_WRITTEN)
async def patch_thread(
    thread_id: str, body: ThreadPatch, user: ChatUser, runs: RunsDep
) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    patched = await runs.store.threads.patch(user.user_id, thread.thread_id, body.metadata)
    if patched is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"thread {thread_id} not found")
    return await _view(runs, patched)


@router.delete("/threads/{thread_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_thread(thread_id: str, user: ChatUser, runs: RunsDep) -> Response:
    if not await runs.delete_thread(user.user_id, checked_uuid(thread_id, "thread")):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"thread {thread_id} not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/threads/{thread_id}/state", response_model=ThreadState, **AS_WRITTEN)
async def get_thread_state(
    thread_id: str, user: ChatUser, runs: RunsDep, subgraphs: bool = False
) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    return state_json(await shown_state(runs, thread, subgraphs=subgraphs))


@router.get("/threads/{thread_id}/state/{checkpoint_id}", response_model=ThreadState, **AS_WRITTEN)
async def get_thread_state_at(
    thread_id: str, checkpoint_id: str, user: ChatUser, runs: RunsDep, subgraphs: bool = False
) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    state = await runs.state(thread, checkpoint_id=checkpoint_id, subgraphs=subgraphs)
    return state_json(state)


@router.post("/threads/{thread_id}/state/checkpoint", response_model=ThreadState, **AS_WRITTEN)
async def get_thread_state_at_checkpoint(
    thread_id: str, body: StateAtCheckpoint, user: ChatUser, runs: RunsDep
) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    checkpoint_id = body.checkpoint.get("checkpoint_id")
    state = await runs.state(
        thread,
        checkpoint_id=str(checkpoint_id) if checkpoint_id else None,
        subgraphs=body.subgraphs,
    )
    return state_json(state)


@router.post("/threads/{thread_id}/history", response_model=list[ThreadState], **AS_WRITTEN)
async def search_thread_history(
    thread_id: str, body: HistorySearch, user: ChatUser, runs: RunsDep
) -> list[dict[str, Any]]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    before = body.before.get("checkpoint_id") if isinstance(body.before, dict) else body.before
    namespace = str((body.checkpoint or {}).get("checkpoint_ns") or "")
    states = await runs.history(
        thread, limit=body.limit, before=before, metadata=body.metadata, checkpoint_ns=namespace
    )
    if not namespace:
        states = await shown_history(runs, thread, states)
    return [state_json(state) for state in states]


@router.get("/threads/{thread_id}/history", response_model=list[ThreadState], **AS_WRITTEN)
async def get_thread_history(
    thread_id: str,
    user: ChatUser,
    runs: RunsDep,
    limit: int = Query(default=10, ge=1, le=1000),
    before: str | None = None,
) -> list[dict[str, Any]]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    states = await shown_history(
        runs, thread, await runs.history(thread, limit=limit, before=before)
    )
    return [state_json(state) for state in states]
