"""The chat server: ``create_app(settings)`` builds the FastAPI app; nothing runs at import.

The lifespan opens everything once (the engine: task service, task MCP server, MCP
tools, models, checkpointer and store, the compiled graphs; the token verifier) and
closes it on shutdown. Routes find them on ``app.state`` through ``api.deps``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from api.auth import TokenVerifier
from api.routes import ROUTERS
from api.settings import Settings
from engine.core import open_engine


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            app.state.settings = settings
            app.state.verifier = TokenVerifier.from_settings(settings)
            app.state.engine = await stack.enter_async_context(open_engine(settings))
            yield

    app = FastAPI(
        title="todo-orchestrator",
        version="0.1.0",
        summary="Agent Protocol server for task-management assistants, on LangGraph.",
        lifespan=lifespan,
    )
    for router in ROUTERS:
        app.include_router(router)
    return app
