"""Runs (Agent Protocol) on the caller's threads.

``POST /threads/{id}/runs/stream`` (SSE), ``POST /threads/{id}/runs/wait`` (the
output), ``POST /threads/{id}/runs`` (background), ``GET /threads/{id}/runs``,
``GET /threads/{id}/runs/{run_id}``, ``GET …/join`` (the output), ``GET …/stream``
(the events again, after ``Last-Event-ID``), ``POST …/cancel``.

``multitask_strategy``: ``reject`` (409 while a run is active), ``enqueue`` (the default:
runs after it), ``interrupt``/``rollback`` (cancel it, then run). ``command.resume``
answers a pending interrupt, once: 409 when there is none. ``on_disconnect="cancel"``
cancels the run when the client of its stream or wait goes away.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status
from sse_starlette import EventSourceResponse

from api.auth import require_scope
from api.deps import ChatUser, RunsDep, SettingsDep
from api.models.documents import EVENT_STREAM, RUN_OUTPUT, errors
from api.models.protocol import Run
from api.ops import RunQuota, check_run_input
from api.runs.errors import checked_uuid, http_errors
from api.runs.lookups import owned_run, owned_thread
from api.runs.manager import RunManager
from api.runs.payloads import MAX_OFFSET, RunCreate
from api.runs.responses import event_stream, output_stream, run_path
from api.runs.resume import check_resume
from api.runs.views import run_json
from api.streaming import StreamModeError, parse_stream_modes
from runstore import RunRecord
from settings import Settings

router = APIRouter(
    tags=["runs"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422),
)

_TRUE = {"1", "true", "yes"}
LAST_EVENT_ID_MAX = 2**31 - 1  # event numbers are 32-bit columns


async def _create(
    runs: RunManager, settings: Settings, user_id: str, thread_id: str, body: RunCreate
) -> RunRecord:
    check_run_input(body.input, settings)
    with http_errors():
        check_resume(body.command)
        return await runs.create(user_id, checked_uuid(thread_id, "thread"), body)


def _last_event_id(value: str | None) -> int:
    if not value:
        return 0
    try:
        event_id = max(int(value), 0)
    except ValueError:
        event_id = None
    if event_id is None or event_id > LAST_EVENT_ID_MAX:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="Last-Event-ID must be an event id"
        )
    return event_id


def _stream_modes(request: Request) -> list[str] | None:
    """``?stream_mode=`` repeated, or one JSON array (as the reference server reads it)."""
    modes: list[str] = []
    for value in request.query_params.getlist("stream_mode"):
        if not value:  # the SDK sends ``stream_mode=`` for "all of them"
            continue
        if value.startswith("["):
            try:
                modes.extend(str(mode) for mode in json.loads(value))
                continue
            except ValueError:
                pass
        modes.append(value)
    if not modes:
        return None
    try:
        return list(parse_stream_modes(modes))
    except StreamModeError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None


@router.post(
    "/threads/{thread_id}/runs/stream",
    response_class=EventSourceResponse,
    responses={**EVENT_STREAM, **errors(409, 429)},
)
async def stream_run(
    thread_id: str, body: RunCreate, user: RunQuota, runs: RunsDep, settings: SettingsDep
) -> EventSourceResponse:
    run = await _create(runs, settings, user.user_id, thread_id, body)
    return event_stream(runs, run, cancel_on_disconnect=body.on_disconnect == "cancel")


@router.post(
    "/threads/{thread_id}/runs/wait",
    response_class=EventSourceResponse,
    responses={**RUN_OUTPUT, **errors(409, 429)},
)
async def wait_run(
    thread_id: str, body: RunCreate, user: RunQuota, runs: RunsDep, settings: SettingsDep
) -> EventSourceResponse:
    run = await _create(runs, settings, user.user_id, thread_id, body)
    return output_stream(runs, run, cancel_on_disconnect=body.on_disconnect == "cancel")


@router.post("/threads/{thread_id}/runs", response_model=Run, responses=errors(409, 429))
async def create_run(
    thread_id: str,
    body: RunCreate,
    user: RunQuota,
    runs: RunsDep,
    settings: SettingsDep,
    response: Response,
) -> dict[str, Any]:
    run = await _create(runs, settings, user.user_id, thread_id, body)
    response.headers["Content-Location"] = run_path(run)
    return run_json(run)


@router.get("/threads/{thread_id}/runs", response_model=list[Run])
async def list_runs(
    thread_id: str,
    user: ChatUser,
    runs: RunsDep,
    limit: int = Query(default=10, ge=1, le=1000),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
    status_: Annotated[
        Literal["pending", "running", "error", "success", "timeout", "interrupted"] | None,
        Query(alias="status"),
    ] = None,
) -> list[dict[str, Any]]:
    thread = await owned_thread(runs, user.user_id, thread_id)
    found = await runs.store.runs.search(
        user.user_id, thread.thread_id, limit=limit, offset=offset, status=status_
    )
    return [run_json(run) for run in found]


@router.get("/threads/{thread_id}/runs/{run_id}", response_model=Run)
async def get_run(thread_id: str, run_id: str, user: ChatUser, runs: RunsDep) -> dict[str, Any]:
    return run_json(await owned_run(runs, user.user_id, thread_id, run_id))


@router.get(
    "/threads/{thread_id}/runs/{run_id}/join",
    response_class=EventSourceResponse,
    responses=RUN_OUTPUT,
)
async def join_run(
    thread_id: str,
    run_id: str,
    user: ChatUser,
    runs: RunsDep,
    cancel_on_disconnect: str = "false",
) -> EventSourceResponse:
    run = await owned_run(runs, user.user_id, thread_id, run_id)
    return output_stream(runs, run, cancel_on_disconnect=cancel_on_disconnect.lower() in _TRUE)


@router.get(
    "/threads/{thread_id}/runs/{run_id}/stream",
    response_class=EventSourceResponse,
    responses=EVENT_STREAM,
)
async def join_run_stream(
    thread_id: str,
    run_id: str,
    request: Request,
    user: ChatUser,
    runs: RunsDep,
    cancel_on_disconnect: str = "false",
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
) -> EventSourceResponse:
    run = await owned_run(runs, user.user_id, thread_id, run_id)
    return event_stream(
        runs,
        run,
        after=_last_event_id(last_event_id),
        modes=_stream_modes(request),
        cancel_on_disconnect=cancel_on_disconnect.lower() in _TRUE,
    )


@router.post(
    "/threads/{thread_id}/runs/{run_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    responses={
        202: {"description": "Cancelled; the run records how it ended."},
        **RUN_OUTPUT,  # with ?wait=true: its output once it has ended
        **errors(409),
    },
)
async def cancel_run(
    thread_id: str,
    run_id: str,
    user: ChatUser,
    runs: RunsDep,
    wait: str = "false",
    action: Literal["interrupt", "rollback"] = "interrupt",
) -> Response:
    run = await owned_run(runs, user.user_id, thread_id, run_id)
    with http_errors():
        run = await runs.cancel(user.user_id, run.thread_id, run.run_id, action)
    if wait.lower() in _TRUE:
        return output_stream(runs, run)
    return Response(status_code=status.HTTP_202_ACCEPTED)
