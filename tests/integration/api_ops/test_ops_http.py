"""Health, metrics, request ids in headers and JSON logs, and the guards, over real HTTP."""

from __future__ import annotations

import re
import uuid

import httpx

from settings import Settings
from tests.integration.api_ops.conftest import RATE_BURST
from tests.integration.api_ops.support import bearer, capture_json_logs

SERIES = (
    "orchestrator_http_request_duration_seconds",
    "orchestrator_run_duration_seconds",
    "orchestrator_runs_total",
    "orchestrator_run_first_token_seconds",
    "orchestrator_tool_calls_total",
    "orchestrator_tool_errors_total",
    "orchestrator_model_fallbacks_total",
    "orchestrator_active_streams",
    "orchestrator_rate_limited_requests_total",
)


async def test_ok_reports_each_dependency(client: httpx.AsyncClient) -> None:
    response = await client.get("/ok")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    checks = body["checks"]
    assert set(checks) == {"database", "checkpointer", "mcp", "model"}
    assert all(check["ok"] is True for check in checks.values())
    assert checks["checkpointer"]["kind"] == "sqlite"
    assert checks["model"]["kind"] == "offline"
    tasks_server = checks["mcp"]["servers"]["tasks"]
    assert tasks_server["ok"] is True
    assert tasks_server["tools"] == 6


async def test_metrics_expose_every_series(client: httpx.AsyncClient, settings: Settings) -> None:
    user = f"user-{uuid.uuid4().hex[:8]}"
    await client.get(f"/api/{user}/tasks", headers=bearer(settings, user))
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in SERIES:
        assert f"# TYPE {name} " in text, name
    # Labelled by the route template, never by the raw path (one series for all users).
    assert re.search(
        r'orchestrator_http_request_duration_seconds_count\{method="GET",'
        r'route="/api/\{user_id\}/tasks",status="200"\} [1-9]',
        text,
    )
    assert user not in text
    assert "orchestrator_active_streams 0.0" in text


async def test_request_id_is_echoed_and_logged(client: httpx.AsyncClient) -> None:
    request_id = f"req-{uuid.uuid4().hex}"
    with capture_json_logs("api.access", "tests.api_ops.route") as logs:
        response = await client.get("/probe/log", headers={"X-Request-ID": request_id})
    assert response.headers["X-Request-ID"] == request_id
    records = logs.by_request(request_id)
    route_line = next(r for r in records if r["logger"] == "tests.api_ops.route")
    assert route_line["message"] == "logged inside the route"
    access = next(r for r in records if r["logger"] == "api.access")
    assert access["status"] == 200
    assert access["route"] == "/probe/log"
    assert access["method"] == "GET"
    assert access["duration_ms"] >= 0


async def test_missing_or_insane_request_ids_are_replaced(client: httpx.AsyncClient) -> None:
    generated = (await client.get("/ok")).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    for insane in ("short", "has spaces in it", "x" * 200, "quote\"inside'1234"):
        echoed = (await client.get("/ok", headers={"X-Request-ID": insane})).headers["X-Request-ID"]
        assert echoed != insane
        assert re.fullmatch(r"[0-9a-f]{32}", echoed)


async def test_unhandled_error_is_a_bare_500_with_the_request_id(
    client: httpx.AsyncClient,
) -> None:
    request_id = f"req-{uuid.uuid4().hex}"
    with capture_json_logs("api.errors", "api.access") as logs:
        response = await client.get("/probe/boom", headers={"X-Request-ID": request_id})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error.", "request_id": request_id}
    assert "hunter2" not in response.text
    assert response.headers["X-Request-ID"] == request_id
    error = next(r for r in logs.by_request(request_id) if r["logger"] == "api.errors")
    assert "RuntimeError: secret internals" in error["error"]
    access = next(r for r in logs.by_request(request_id) if r["logger"] == "api.access")
    assert access["status"] == 500


async def test_rate_limit_refuses_after_the_burst(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    alice, bob = (f"user-{uuid.uuid4().hex[:8]}" for _ in range(2))
    for _ in range(RATE_BURST):
        granted = await client.post("/probe/turn", headers=bearer(settings, alice))
        assert granted.status_code == 200
    refused = await client.post("/probe/turn", headers=bearer(settings, alice))
    assert refused.status_code == 429
    # One token a minute: the next one is about a minute away.
    assert 55 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith(
        "Too many requests: at most 2 in a row and 1 per minute. Try again in "
    )
    # Buckets are per user.
    assert (await client.post("/probe/turn", headers=bearer(settings, bob))).status_code == 200
    # Anonymous requests are refused for sign-in, not counted.
    assert (await client.post("/probe/turn")).status_code == 401
    metrics = (await client.get("/metrics")).text
    assert re.search(r'orchestrator_rate_limited_requests_total\{scope="runs"\} [1-9]', metrics)


async def test_huge_body_is_413_whether_or_not_its_length_is_declared(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user = f"user-{uuid.uuid4().hex[:8]}"
    auth = bearer(settings, user)
    payload = b'{"title": "' + b"x" * (settings.max_body_bytes + 10) + b'"}'
    declared = await client.post(
        f"/api/{user}/tasks",
        content=payload,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert declared.status_code == 413
    assert declared.text == "Content Too Large"

    async def chunks():  # type: ignore[no-untyped-def]
        for start in range(0, len(payload), 8192):
            yield payload[start : start + 8192]

    chunked = await client.post(
        f"/api/{user}/tasks",
        content=chunks(),
        headers={**auth, "Content-Type": "application/json"},
    )
    assert "Content-Length" not in chunked.request.headers
    assert chunked.status_code == 413
    assert chunked.text == "Content Too Large"
    # Nothing was created.
    assert (await client.get(f"/api/{user}/tasks", headers=auth)).json() == []


async def test_long_message_is_422(client: httpx.AsyncClient, settings: Settings) -> None:
    limit = settings.max_message_chars
    fits = {"messages": [{"role": "user", "content": "x" * limit}]}
    assert (await client.post("/probe/message", json=fits)).status_code == 200
    blocks = [{"type": "text", "text": "y" * limit}, {"type": "text", "text": "z"}]
    for too_long in (
        {"messages": [{"role": "user", "content": "x" * (limit + 1)}]},
        {"messages": [["user", "x" * (limit + 1)]]},
        {"messages": [{"role": "user", "content": blocks}]},
    ):
        response = await client.post("/probe/message", json=too_long)
        assert response.status_code == 422
        assert response.json() == {
            "detail": (
                f"The message is too long: {limit + 1} characters, at most {limit} are accepted."
            )
        }
