"""One chat server for the package (SQLite, offline model) with a few probe routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, NoReturn

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from api.app import create_app
from api.deps import SettingsDep
from api.ops import RunQuota, check_run_input
from settings import Settings
from tests.integration.api_ops.support import make_settings, serve

probe = APIRouter(prefix="/probe")
RATE_BURST = 2


@probe.post("/turn")
async def turn(user: RunQuota) -> dict[str, str]:
    return {"user": user.user_id}


@probe.post("/message")
async def message(body: dict[str, Any], settings: SettingsDep) -> dict[str, bool]:
    check_run_input(body, settings)
    return {"accepted": True}


@probe.get("/log")
async def log_inside() -> dict[str, bool]:
    logging.getLogger("tests.api_ops.route").warning("logged inside the route")
    return {"logged": True}


@probe.get("/boom", response_model=None)
async def boom() -> NoReturn:
    raise RuntimeError("secret internals: postgresql://admin:hunter2@db/prod")


def app_with_probes(settings: Settings) -> FastAPI:
    app = create_app(settings)
    app.include_router(probe)
    return app


@pytest.fixture(scope="package")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(
        tmp_path_factory.mktemp("api_ops"),
        rate_limit_per_minute=1.0,
        rate_limit_burst=RATE_BURST,
        max_body_bytes=64 * 1024,
        max_message_chars=100,
    )


@pytest.fixture(scope="package")
async def base_url(settings: Settings) -> AsyncIterator[str]:
    async with serve(app_with_probes(settings)) as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        yield http
