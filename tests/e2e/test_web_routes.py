"""What the server gives the page: the page itself, its files, its config, the demo sign-in."""

from __future__ import annotations

import httpx
import jwt
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.auth import TokenVerifier
from api.routes import devauth
from settings import Settings
from tests.e2e.support import ChatServer
from web import routes as web

TIMEOUT = 10.0


def test_the_page_and_its_files_come_from_this_server_only(server: ChatServer) -> None:
    page = httpx.get(f"{server.base_url}/", timeout=TIMEOUT)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert '<script type="module" src="/static/js/main.js">' in page.text

    script = httpx.get(f"{server.base_url}/static/js/main.js", timeout=TIMEOUT)
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert script.headers["cache-control"] == "no-cache"


def test_the_page_and_the_api_send_security_headers(server: ChatServer) -> None:
    token = httpx.post(f"{server.base_url}/auth/dev-token", timeout=TIMEOUT).json()
    signed_in = {"Authorization": f"Bearer {token['access_token']}"}
    responses = {
        "page": httpx.get(f"{server.base_url}/", timeout=TIMEOUT),
        "script": httpx.get(f"{server.base_url}/static/js/main.js", timeout=TIMEOUT),
        "json": httpx.get(f"{server.base_url}/info", timeout=TIMEOUT),
        "401": httpx.post(f"{server.base_url}/threads", json={}, timeout=TIMEOUT),
        "404": httpx.get(f"{server.base_url}/no/such/route", timeout=TIMEOUT),
        "422": httpx.post(
            f"{server.base_url}/threads", content=b"{", headers=signed_in, timeout=TIMEOUT
        ),
    }
    for name, response in responses.items():
        headers = response.headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, name
        assert "'unsafe-inline'" not in policy, name
        assert "default-src 'none'" in policy, name
        assert headers["x-content-type-options"] == "nosniff", name
        assert headers["referrer-policy"] == "no-referrer", name
    assert "script-src 'self'" in responses["page"].headers["content-security-policy"]
    assert "script-src" not in responses["json"].headers["content-security-policy"]
    # The page itself runs no inline script: every script element has a src.
    page = responses["page"].text
    assert page.count("<script") == page.count('<script type="module" src=')


def test_static_files_stay_inside_their_folder(server: ChatServer) -> None:
    for path in (
        "/static/%2e%2e/routes.py",
        "/static/..%2f..%2fapi/app.py",
        "/static/nope.js",
    ):
        response = httpx.get(f"{server.base_url}{path}", timeout=TIMEOUT)
        assert response.status_code == 404, path


def test_the_demo_sign_in_mints_a_token_the_server_accepts(server: ChatServer) -> None:
    config = httpx.get(f"{server.base_url}/web/config", timeout=TIMEOUT).json()
    assert config == {
        "demo_sign_in": True,
        "task_token_audience": server.settings.mcp_token_audience,
    }

    minted = httpx.post(f"{server.base_url}/auth/dev-token", timeout=TIMEOUT)
    assert minted.status_code == 200
    body = minted.json()
    assert body["user_id"] == "demo"
    assert body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == "demo"
    assert claims["exp"] - claims["iat"] == body["expires_in"]
    tasks = httpx.get(
        f"{server.base_url}/api/demo/tasks",
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=TIMEOUT,
    )
    assert tasks.status_code == 200

    named = httpx.post(
        f"{server.base_url}/auth/dev-token", json={"user_id": "zoe"}, timeout=TIMEOUT
    ).json()
    assert jwt.decode(named["access_token"], options={"verify_signature": False})["sub"] == "zoe"
    for bad in ("", "a b", "x" * 65):
        refused = httpx.post(
            f"{server.base_url}/auth/dev-token", json={"user_id": bad}, timeout=TIMEOUT
        )
        assert refused.status_code == 422, bad


def test_production_has_no_demo_sign_in() -> None:
    app = FastAPI()
    app.include_router(devauth.router)
    app.include_router(web.router)
    app.state.settings = settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        environment="production",
        mcp_token_secret=SecretStr("a-production-secret-of-at-least-32-chars"),
        better_auth_secret=SecretStr("another-production-secret-32-chars-long"),
    )
    app.state.verifier = TokenVerifier.from_settings(settings)
    with TestClient(app) as client:
        assert client.post("/auth/dev-token").status_code == 404
        assert client.post("/auth/dev-token", json={"user_id": "demo"}).status_code == 404
        assert client.get("/web/config").json()["demo_sign_in"] is False
