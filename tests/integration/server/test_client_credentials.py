"""What browser clients and the SDKs send, accepted as ``langgraph dev`` accepts it.

``X-Api-Key`` carries the same token as ``Authorization: Bearer``; a preflight from an
allowed origin is answered before sign-in; a JSON body without a JSON content type (a
proxy dropped it, or ``fetch`` labelled it ``text/plain``) is read as JSON.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from langgraph_sdk import get_client
from pydantic import ValidationError

from settings import Settings
from tests.integration.server.support import RunningServer, new_user, serve, server_settings

ALLOWED = "http://localhost:3000"


@pytest.fixture(scope="module")
async def cors_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningServer]:
    settings = server_settings(
        tmp_path_factory.mktemp("cors"), cors_allow_origins=f"{ALLOWED}, https://ui.example.test"
    )
    async with serve(settings) as running:
        yield running


async def test_x_api_key_signs_in_like_a_bearer(cors_server: RunningServer) -> None:
    user = new_user()
    client = get_client(url=cors_server.url, api_key=cors_server.token(user))
    thread = await client.threads.create(metadata={"via": "api-key"})
    found = await client.threads.search(metadata={"via": "api-key"})
    assert [t["thread_id"] for t in found] == [thread["thread_id"]]
    async with cors_server.http() as http:
        forged = await http.post("/threads/search", json={}, headers={"X-Api-Key": "nope"})
        assert forged.status_code == 401
        other = await http.post(
            "/threads/search", json={}, headers={"X-Api-Key": cors_server.token(new_user())}
        )
        assert other.json() == [], "another user's key sees none of this user's threads"


async def test_a_preflight_from_an_allowed_origin(cors_server: RunningServer) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-api-key, content-type",
    }
    async with cors_server.http() as http:
        allowed = await http.options("/threads", headers={"Origin": ALLOWED, **preflight})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == ALLOWED
        assert "x-api-key" in allowed.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in allowed.headers
        other = await http.options(
            "/threads", headers={"Origin": "https://evil.example.test", **preflight}
        )
        assert other.status_code == 400
        assert "access-control-allow-origin" not in other.headers
        answer = await http.post(
            "/threads/search",
            json={},
            headers={"Origin": ALLOWED, **cors_server.headers(new_user())},
        )
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == ALLOWED


async def test_no_cors_headers_by_default(tmp_path: Path) -> None:
    async with serve(server_settings(tmp_path)) as running, running.http() as http:
        answer = await http.options(
            "/threads", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in answer.headers


def test_any_origin_is_refused_with_credentials(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="CORS_ALLOW_ORIGINS"):
        Settings(  # type: ignore[call-arg]
            _env_file=None, cors_allow_origins="*", cors_allow_credentials=True
        )


@pytest.mark.parametrize("content_type", [None, "text/plain;charset=UTF-8"])
async def test_a_json_body_without_a_json_content_type(
    cors_server: RunningServer, content_type: str | None
) -> None:
    user = new_user()
    headers = cors_server.headers(user)
    if content_type:
        headers["Content-Type"] = content_type
    async with cors_server.http() as http:
        created = await http.post(
            "/threads", content=b'{"metadata": {"proxy": "dropped"}}', headers=headers
        )
        assert created.status_code == 200, created.text
        assert created.json()["metadata"]["proxy"] == "dropped"
        odd = await http.post("/threads", content=b'{"metadata": "\\u0000"}', headers=headers)
        assert odd.status_code == 422, "the input guard sees these bodies too"
