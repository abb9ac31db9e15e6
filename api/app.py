"""The chat server: ``create_app(settings)`` builds the FastAPI app; nothing runs at import.

The lifespan opens everything once (the engine: task service, task MCP server, MCP
tools, models, checkpointer and store, the compiled graphs; the token verifier; the run
store and the run manager, which executes Agent Protocol runs in background tasks) and
closes it on shutdown in reverse order: the runs first (``drain``: the server calls it as
soon as it is told to stop; runs get ``SHUTDOWN_GRACE_SECONDS`` to finish, then are
interrupted), the task server last. Routes find them on ``app.state`` through ``api.deps``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from api.auth import TokenVerifier
from api.ops import install_ops
from api.routes import ROUTERS
from api.runs import RunManager, RunOptions, server_database_url
from api.sse import streams_end_with_their_runs
from engine.core import open_engine
from runstore import RunStore
from settings import Settings

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, *, run_options: RunOptions | None = None
) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            streams_end_with_their_runs()
            app.state.settings = settings
            app.state.verifier = verifier = TokenVerifier.from_settings(settings)
            logger.log(
                logging.WARNING if verifier.sign_in.development else logging.INFO,
                verifier.sign_in.describe(),
            )
            app.state.engine = engine = await stack.enter_async_context(open_engine(settings))
            store = await RunStore.open(server_database_url(settings))
            stack.push_async_callback(store.close)
            app.state.runs = await stack.enter_async_context(
                RunManager.open(
                    store,
                    engine,
                    settings,
                    metrics=getattr(app.state, "metrics", None),
                    options=run_options or RunOptions.from_settings(settings),
                )
            )
            yield

    app = FastAPI(
        title="todo-orchestrator",
        version="0.1.0",
        summary="Agent Protocol server for task-management assistants, on LangGraph.",
        lifespan=lifespan,
        # Swagger UI and ReDoc need inline script and a CDN; the schema is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    install_ops(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    return app


async def drain(app: FastAPI) -> None:
    """Stop taking runs and let the running ones end (``RunManager.drain``); the server
    calls it when told to stop, before it closes connections and shuts the app down."""
    runs: RunManager | None = getattr(app.state, "runs", None)
    if runs is not None:
        await runs.drain()
