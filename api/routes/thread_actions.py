"""Thread operations beyond create/read/search: update the state, copy, count.

``POST /threads/{id}/state`` (``values`` written ``as_node``, at the latest or a named
checkpoint; 409 while a run is in flight), ``POST /threads/{id}/copy`` (a new thread of
the caller with the same metadata and checkpoints) and ``POST /threads/count`` (the
caller's threads only). A foreign thread answers 404, as a missing one does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ChatUser, RunsDep
from api.models.documents import AS_WRITTEN, errors
from api.models.protocol import Thread
from api.models.thread_ops import Count, StateUpdated
from api.runs.errors import http_errors
from api.runs.lookups import owned_thread
from api.runs.state_updates import update_state
from api.runs.thread_copies import copy_thread
from api.runs.thread_payloads import StateUpdate, ThreadCount
from api.runs.views import thread_json

router = APIRouter(tags=["threads"], responses=errors(401, 404, 422))


@router.post("/threads/count", response_model=Count)
async def count_threads(body: ThreadCount, user: ChatUser, runs: RunsDep) -> int:
    return await runs.store.threads.count(user.user_id, metadata=body.metadata, status=body.status)


@router.post(
    "/threads/{thread_id}/state", response_model=StateUpdated, responses=errors(409), **AS_WRITTEN
)
async def update_thread_state(
    thread_id: str, body: StateUpdate, user: ChatUser, runs: RunsDep
) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    with http_errors():
        return await update_state(runs, thread, body)


@router.post("/threads/{thread_id}/copy", response_model=Thread, **AS_WRITTEN)
async def copy(thread_id: str, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    with http_errors():
        copied = await copy_thread(runs, thread)
    return thread_json(copied, await runs.state(copied))
