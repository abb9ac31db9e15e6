"""Server information: ``GET /info`` (health is ``GET /ok`` in ``api.routes.health``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import EngineDep

router = APIRouter(tags=["meta"])


@router.get("/info")
async def info(engine: EngineDep) -> dict[str, Any]:
    return {
        "version": "0.1.0",
        "langgraph_py_version": "1",
        "flags": {"assistants": True, "crons": False, "langsmith": False},
        "graphs": sorted(engine.graphs),
    }
