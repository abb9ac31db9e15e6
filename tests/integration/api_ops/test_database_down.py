"""The database goes away under a running chat server: 503 with ``Retry-After``, not 500.

The server starts on its own PostgreSQL database, which the test then drops (``WITH
(FORCE)`` ends every connection the server holds): every later connection is refused.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.ops.dberrors import RETRY_AFTER_SECONDS
from tests.integration.api_ops.support import bearer, make_settings, serve
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres

USER = "down-alice"
RUN = {"assistant_id": "orchestrator", "input": {"messages": [{"role": "user", "content": "hi"}]}}


async def test_requests_get_503_and_retry_after_while_the_database_is_down(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = await postgres_server.create_database("down")
    settings = make_settings(tmp_path, database_url=url)
    try:
        async with (
            serve(create_app(settings)) as base,
            httpx.AsyncClient(base_url=base, headers=bearer(settings, USER), timeout=60) as http,
        ):
            thread = (await http.post("/threads", json={})).json()["thread_id"]
            assert (await http.post(f"/api/{USER}/tasks", json={"title": "t"})).status_code == 201

            await postgres_server.drop_database(url)

            calls = [
                ("POST", "/threads", {}),
                ("POST", f"/threads/{thread}/runs", RUN),
                ("POST", f"/threads/{thread}/runs/wait", RUN),
                ("POST", f"/api/{USER}/chat", {"message": "hi"}),
                ("GET", f"/api/{USER}/tasks", None),
                ("POST", f"/api/{USER}/tasks", {"title": "lost"}),
                ("GET", f"/threads/{thread}", None),
            ]
            for method, path, body in calls:
                response = await http.request(method, path, json=body)
                assert response.status_code == 503, (method, path, response.text)
                assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                assert "try again" in response.json()["detail"]
                assert "postgres" not in response.text.lower()
    finally:
        await postgres_server.drop_database(url)
