"""The routers of the chat server, in the order they are included."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import meta

ROUTERS: tuple[APIRouter, ...] = (meta.router,)
