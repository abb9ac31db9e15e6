"""``GET /threads/{thread_id}/stream``: join whatever runs on the caller's thread (SSE).

``?stream_mode=`` (as the SDK sends it) or ``?stream_modes=`` (as the reference server
reads it): ``run_modes``, ``lifecycle``, ``state_update``; see ``api.runs.thread_follow``.
Another user's thread answers 404 before any stream starts.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from sse_starlette import EventSourceResponse

from api.deps import ChatUser, RunsDep
from api.models.documents import EVENT_STREAM, errors
from api.runs.lookups import owned_thread
from api.runs.thread_follow import (
    ThreadStreamModeError,
    ended_runs,
    thread_events,
    thread_stream_modes,
)
from api.sse import event_source

router = APIRouter(tags=["threads"], responses=errors(401, 404, 422))


@router.get(
    "/threads/{thread_id}/stream", response_class=EventSourceResponse, responses=EVENT_STREAM
)
async def join_thread_stream(
    thread_id: str, request: Request, user: ChatUser, runs: RunsDep
) -> EventSourceResponse:
    thread = await owned_thread(runs, user.user_id, thread_id)
    asked = [*request.query_params.getlist("stream_mode")]
    asked += request.query_params.getlist("stream_modes")
    try:
        modes = thread_stream_modes(asked)
    except ThreadStreamModeError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    skip = await ended_runs(runs, thread)
    return event_source(
        thread_events(runs, thread, skip=skip, modes=modes),
        heartbeat_seconds=runs.options.heartbeat_seconds,
    )
