"""Crons are not supported: every cron route answers 501 with a message saying so.

``/info`` says ``"crons": false`` too, which is how Studio and the SDK's users find out
before calling. The routes stay out of ``/openapi.json``: there is no operation there.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

router = APIRouter(tags=["crons"], include_in_schema=False)

NOT_SUPPORTED = (
    "crons are not supported by this server (see GET /info: flags.crons is false); "
    "schedule runs from outside, e.g. POST /runs on a timer"
)
_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]


@router.api_route("/runs/crons", methods=_METHODS)
@router.api_route("/runs/crons/{rest:path}", methods=_METHODS)
@router.api_route("/threads/{thread_id}/runs/crons", methods=_METHODS)
async def crons_not_supported() -> None:
    raise HTTPException(status.HTTP_501_NOT_IMPLEMENTED, detail=NOT_SUPPORTED)
