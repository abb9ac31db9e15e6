"""Stateless runs (Agent Protocol): each on a new thread of the caller's (``api.runs.stateless``).

``POST /runs/stream`` (SSE), ``POST /runs/wait`` (the output), ``POST /runs`` (in the
background) and ``POST /runs/batch`` (several in the background).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response
from sse_starlette import EventSourceResponse

from api.auth import require_scope
from api.deps import RunsDep, SettingsDep
from api.models.documents import EVENT_STREAM, RUN_OUTPUT, errors
from api.models.protocol import Run
from api.ops import RunQuota
from api.runs.errors import http_errors
from api.runs.responses import event_stream, output_stream, run_path
from api.runs.stateless import MAX_BATCH, StatelessRunCreate, create_stateless
from api.runs.views import run_json

router = APIRouter(
    tags=["runs"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422, 429),
)


@router.post("/runs/stream", response_class=EventSourceResponse, responses=EVENT_STREAM)
async def stream_stateless_run(
    body: StatelessRunCreate, user: RunQuota, runs: RunsDep, settings: SettingsDep
) -> EventSourceResponse:
    with http_errors():
        run = await create_stateless(runs, settings, user.user_id, body, held=True)
    return event_stream(
        runs,
        run,
        cancel_on_disconnect=body.on_disconnect == "cancel",
        on_close=lambda: runs.temporary.release(run),
    )


@router.post("/runs/wait", response_class=EventSourceResponse, responses=RUN_OUTPUT)
async def wait_stateless_run(
    body: StatelessRunCreate, user: RunQuota, runs: RunsDep, settings: SettingsDep
) -> EventSourceResponse:
    with http_errors():
        run = await create_stateless(runs, settings, user.user_id, body, held=True)
    return output_stream(
        runs,
        run,
        cancel_on_disconnect=body.on_disconnect == "cancel",
        on_close=lambda: runs.temporary.release(run),
    )


@router.post("/runs", response_model=Run)
async def create_stateless_run(
    body: StatelessRunCreate,
    user: RunQuota,
    runs: RunsDep,
    settings: SettingsDep,
    response: Response,
) -> dict[str, Any]:
    with http_errors():
        run = await create_stateless(runs, settings, user.user_id, body, held=False)
    response.headers["Content-Location"] = run_path(run)
    return run_json(run)


@router.post("/runs/batch", response_model=list[Run])
async def create_run_batch(
    body: Annotated[list[StatelessRunCreate], Body(min_length=1, max_length=MAX_BATCH)],
    user: RunQuota,
    runs: RunsDep,
    settings: SettingsDep,
) -> list[dict[str, Any]]:
    created = []
    with http_errors():
        for item in body:
            created.append(await create_stateless(runs, settings, user.user_id, item, held=False))
    return [run_json(run) for run in created]
