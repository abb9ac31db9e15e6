"""The tasks REST isolation on PostgreSQL (tasks, checkpoints and store in one database)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.integration.api_ops.support import bearer, make_settings, serve

pytestmark = pytest.mark.postgres


async def test_users_cannot_reach_each_others_tasks(tmp_path: Path, postgres_url: str) -> None:
    settings = make_settings(tmp_path, database_url=postgres_url)
    async with (
        serve(create_app(settings)) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        health = (await client.get("/ok")).json()
        assert health["checks"]["checkpointer"] == {
            "ok": True,
            "kind": "postgres",
            "latency_ms": health["checks"]["checkpointer"]["latency_ms"],
        }
        as_alice, as_bob = bearer(settings, "alice"), bearer(settings, "bob")
        created = await client.post(
            "/api/alice/tasks", json={"title": "Alice's secret"}, headers=as_alice
        )
        assert created.status_code == 201
        assert created.json()["id"] == 1
        bobs = await client.post("/api/bob/tasks", json={"title": "Bob's own"}, headers=as_bob)
        assert bobs.json()["id"] == 1  # numbering is per user

        assert (await client.get("/api/alice/tasks/1", headers=as_bob)).status_code == 403
        assert (await client.get("/api/alice/tasks", headers=as_bob)).status_code == 403
        assert (await client.delete("/api/alice/tasks/1", headers=as_bob)).status_code == 403
        own = await client.get("/api/bob/tasks", headers=as_bob)
        assert [task["title"] for task in own.json()] == ["Bob's own"]
        await client.delete("/api/bob/tasks/1", headers=as_bob)
        for method in ("GET", "PUT", "DELETE"):
            body = {"title": "mine now"} if method == "PUT" else None
            missing = await client.request(method, "/api/bob/tasks/1", json=body, headers=as_bob)
            assert missing.status_code == 404, method
        done = await client.patch("/api/bob/tasks/1/complete", headers=as_bob)
        assert done.status_code == 404

        alices = await client.get("/api/alice/tasks/1", headers=as_alice)
        assert alices.json()["title"] == "Alice's secret"
        assert alices.json()["completed"] is False
