"""The routers of the chat server, in the order they are included."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import (
    aisdk,
    assistant_edits,
    assistant_views,
    assistants,
    chat,
    chatkit,
    crons,
    devauth,
    health,
    meta,
    runs,
    stateless,
    store,
    tasks,
    thread_actions,
    thread_stream,
    threads,
)
from web import routes as web

ROUTERS: tuple[APIRouter, ...] = (
    meta.router,
    health.router,
    tasks.router,
    devauth.router,
    web.router,
    crons.router,
    assistants.router,
    assistant_views.router,
    assistant_edits.router,
    threads.router,
    thread_actions.router,
    thread_stream.router,
    runs.router,
    stateless.router,
    store.router,
    chat.router,
    aisdk.router,
    chatkit.router,
)
