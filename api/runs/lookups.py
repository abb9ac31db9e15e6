"""The caller's own thread or run, or 404: the owner filter is in the store's query."""

from __future__ import annotations

from fastapi import HTTPException, status

from api.runs.errors import checked_uuid
from api.runs.manager import RunManager
from runstore import RunRecord, ThreadRecord


async def owned_thread(runs: RunManager, user_id: str, thread_id: str) -> ThreadRecord:
    """The user's thread, or 404 (also for another user's)."""
    thread = await runs.store.threads.get(user_id, checked_uuid(thread_id, "thread"))
    if thread is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"thread {thread_id} not found")
    return thread


async def owned_run(runs: RunManager, user_id: str, thread_id: str, run_id: str) -> RunRecord:
    """The user's run on the user's thread, or 404."""
    thread = await owned_thread(runs, user_id, thread_id)
    run = await runs.store.runs.get(user_id, thread.thread_id, checked_uuid(run_id, "run"))
    if run is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"run {run_id} not found")
    return run
