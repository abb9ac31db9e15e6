"""Server information: ``GET /info`` (health is ``GET /ok`` in ``api.routes.health``)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep
from api.models.protocol import Info, InfoFlags

router = APIRouter(tags=["meta"])


@router.get("/info")
async def info(engine: EngineDep) -> Info:
    return Info(
        version="0.1.0",
        langgraph_py_version="1",
        flags=InfoFlags(assistants=True, crons=False, langsmith=False),
        graphs=sorted(engine.graphs),
    )
