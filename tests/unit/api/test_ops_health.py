"""``HealthChecker`` on stand-in dependencies: failures, deadlines, the model probe, caching."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from api.ops import HealthChecker
from chatmodels.offline import OfflineChatModel
from nodes.llm import Models
from settings import Settings


class Tasks:
    def __init__(self, error: Exception | None = None, hang: bool = False) -> None:
        self.error, self.hang = error, hang

    async def list(self, user_id: str, query: Any) -> list[Any]:
        if self.hang:
            await asyncio.Event().wait()
        if self.error:
            raise self.error
        return []


class Saver:
    async def aget_tuple(self, config: Any) -> None:
        return None


@dataclass
class Persistence:
    checkpointer: Saver = field(default_factory=Saver)
    kind: str = "sqlite"


@dataclass
class Toolbox:
    servers: dict[str, list[str]] = field(default_factory=dict)
    open_sessions: int = 0


@dataclass
class StubEngine:
    models: Models
    tasks: Tasks = field(default_factory=Tasks)
    persistence: Persistence = field(default_factory=Persistence)
    toolbox: Toolbox = field(default_factory=Toolbox)
    task_server_url: str = "http://127.0.0.1:9/mcp"


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "openai_api_key": SecretStr("sk-test"),
        "openai_base_url": "http://model.test/v1",
        "health_timeout_seconds": 0.2,
        "health_cache_seconds": 10,
        "mcp_servers_file": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def _openai() -> ChatOpenAI:
    return ChatOpenAI(model="gpt-4o-mini", api_key=SecretStr("sk-test"), base_url="http://x")


async def test_all_ok_with_the_offline_model() -> None:
    report = await HealthChecker(_settings()).run(StubEngine(Models(OfflineChatModel())))  # type: ignore[arg-type]
    assert report["ok"] is True
    assert report["checks"]["model"]["kind"] == "offline"
    assert report["checks"]["mcp"]["servers"] == {}


async def test_a_failing_database_fails_the_report_without_details() -> None:
    engine = StubEngine(Models(OfflineChatModel()), tasks=Tasks(error=OSError("db at 10.0.0.5")))
    report = await HealthChecker(_settings()).run(engine)  # type: ignore[arg-type]
    assert report["ok"] is False
    assert report["checks"]["database"]["ok"] is False
    assert report["checks"]["database"]["error"] == "unavailable"
    assert "10.0.0.5" not in str(report)
    assert report["checks"]["checkpointer"]["ok"] is True


async def test_a_hanging_check_times_out() -> None:
    engine = StubEngine(Models(OfflineChatModel()), tasks=Tasks(hang=True))
    report = await HealthChecker(_settings()).run(engine)  # type: ignore[arg-type]
    assert report["checks"]["database"] == {
        "ok": False,
        "error": "timed out",
        "latency_ms": report["checks"]["database"]["latency_ms"],
    }


@pytest.mark.parametrize(
    ("answer", "fallback", "expected"),
    [
        (httpx.Response(200, json={"data": []}), None, {"ok": True, "kind": "openai"}),
        (
            httpx.Response(401),
            None,
            {"ok": False, "kind": "openai", "error": "credentials refused"},
        ),
        (httpx.Response(502), None, {"ok": False, "kind": "openai", "error": "answered 502"}),
        (
            httpx.ConnectError("refused"),
            OfflineChatModel(),
            {
                "ok": True,
                "kind": "openai",
                "error": "unreachable",
                "degraded": True,
                "fallback": "OfflineChatModel",
            },
        ),
    ],
    ids=["reachable", "bad key", "server error", "down, fallback answers"],
)
async def test_model_probe_lists_models_without_spending_tokens(
    answer: httpx.Response | Exception, fallback: Any, expected: dict[str, Any]
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    checker = HealthChecker(_settings(), transport=httpx.MockTransport(handler))
    report = await checker.run(StubEngine(Models(_openai(), fallback)))  # type: ignore[arg-type]
    model = dict(report["checks"]["model"])
    model.pop("latency_ms")
    assert model == expected
    assert [(r.method, str(r.url)) for r in seen] == [("GET", "http://model.test/v1/models")]
    assert seen[0].headers["Authorization"] == "Bearer sk-test"


async def test_probes_are_reused_for_the_cache_period() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, json={"data": []})

    clock = Clock()
    checker = HealthChecker(_settings(), clock=clock, transport=httpx.MockTransport(handler))
    engine = StubEngine(Models(_openai()))
    await checker.run(engine)  # type: ignore[arg-type]
    clock.now += 9
    await checker.run(engine)  # type: ignore[arg-type]
    assert len(calls) == 1
    clock.now += 2
    await checker.run(engine)  # type: ignore[arg-type]
    assert len(calls) == 2
