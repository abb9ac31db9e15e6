"""``GET /ok``'s checks: the task database, the checkpointer, the MCP servers, the model.

Each check is bounded by ``HEALTH_TIMEOUT_SECONDS`` and answers ``{"ok": bool, ...}``
with a short, public reason when it fails (details go to the log, never to the
caller: the endpoint is unauthenticated). The database checks run on every call; the
MCP and model probes open sessions and call out, so their results are reused for
``HEALTH_CACHE_SECONDS``. No model tokens are spent: the offline model is always ok,
an OpenAI-compatible one is asked for ``GET {base_url}/models``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import httpx
from langchain_core.runnables import RunnableConfig
from langchain_mcp_adapters.sessions import create_session
from langchain_openai import ChatOpenAI

from chatmodels.offline import OfflineChatModel
from engine.core import Engine
from mcpclient.config import HttpServer, StdioServer, load_servers_config
from mcpclient.connections import connection_for
from settings import Settings
from taskservice.schemas import TaskQuery

log = logging.getLogger(__name__)

Result = dict[str, Any]
Clock = Callable[[], float]

PROBE_USER = "health-check"
OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1"


class HealthChecker:
    """Runs the checks of one app; holds the cached probe results (on ``app.state``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._settings = settings
        self._timeout = settings.health_timeout_seconds
        self._clock = clock
        self._transport = transport
        self._cache: dict[str, tuple[float, Result]] = {}

    async def run(self, engine: Engine) -> Result:
        """``{"ok": all ok, "checks": {name: result}}``, the checks run concurrently."""
        names = ("database", "checkpointer", "mcp", "model")
        results = await asyncio.gather(
            self._bounded("database", lambda: _database(engine)),
            self._bounded("checkpointer", lambda: _checkpointer(engine)),
            self._cached("mcp", lambda: self._mcp(engine)),
            self._cached("model", lambda: self._model(engine)),
        )
        checks = dict(zip(names, results, strict=True))
        return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}

    async def _bounded(self, name: str, check: Callable[[], Awaitable[Result]]) -> Result:
        started = self._clock()
        try:
            async with asyncio.timeout(self._timeout):
                result = await check()
        except TimeoutError:
            log.warning("health check %s timed out after %ss", name, self._timeout)
            result = {"ok": False, "error": "timed out"}
        except Exception:
            log.warning("health check %s failed", name, exc_info=True)
            result = {"ok": False, "error": "unavailable"}
        result["latency_ms"] = round((self._clock() - started) * 1000, 1)
        return result

    async def _cached(self, name: str, check: Callable[[], Awaitable[Result]]) -> Result:
        now = self._clock()
        hit = self._cache.get(name)
        if hit is not None and now - hit[0] < self._settings.health_cache_seconds:
            return hit[1]
        result = await self._bounded(name, check)
        self._cache[name] = (now, result)
        return result

    async def _mcp(self, engine: Engine) -> Result:
        """Every server the toolbox loaded: open a session and list its tools."""
        config = load_servers_config(self._settings, task_server_url=engine.task_server_url)
        names = sorted(engine.toolbox.servers)
        results = await asyncio.gather(
            *(self._bounded(name, partial(_list_tools, config.servers[name])) for name in names)
        )
        servers = dict(zip(names, results, strict=True))
        return {
            "ok": all(result["ok"] for result in servers.values()),
            "servers": servers,
            "open_sessions": engine.toolbox.open_sessions,
        }

    async def _model(self, engine: Engine) -> Result:
        primary, fallback = engine.models.primary, engine.models.fallback
        if isinstance(primary, OfflineChatModel):
            return {"ok": True, "kind": "offline"}
        if not isinstance(primary, ChatOpenAI):
            return {"ok": True, "kind": type(primary).__name__, "probed": False}
        problem = await self._openai_problem()
        result: Result = {"ok": problem is None, "kind": "openai"}
        if problem is not None:
            result["error"] = problem
            if fallback is not None:  # turns are still answered, by the fallback model
                result.update(ok=True, degraded=True, fallback=type(fallback).__name__)
        return result

    async def _openai_problem(self) -> str | None:
        """Why ``GET {base_url}/models`` fails, or None when it answers 2xx."""
        settings = self._settings
        base_url = (settings.openai_base_url or OPENAI_DEFAULT_BASE_URL).rstrip("/")
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
        async with httpx.AsyncClient(transport=self._transport, timeout=self._timeout) as client:
            try:
                response = await client.get(
                    f"{base_url}/models", headers={"Authorization": f"Bearer {key}"}
                )
            except httpx.HTTPError as exc:
                log.warning("model endpoint %s unreachable: %s", base_url, type(exc).__name__)
                return "unreachable"
        if response.status_code in (401, 403):
            return "credentials refused"
        if response.is_error:
            return f"answered {response.status_code}"
        return None


async def _database(engine: Engine) -> Result:
    await engine.tasks.list(PROBE_USER, TaskQuery(limit=1))
    return {"ok": True}


async def _checkpointer(engine: Engine) -> Result:
    config: RunnableConfig = {"configurable": {"thread_id": PROBE_USER, "checkpoint_ns": ""}}
    await engine.persistence.checkpointer.aget_tuple(config)
    return {"ok": True, "kind": engine.persistence.kind}


async def _list_tools(server: StdioServer | HttpServer) -> Result:
    async with create_session(connection_for(server)) as session:
        await session.initialize()
        listed = await session.list_tools()
    return {"ok": True, "tools": len(listed.tools)}
