"""``CurrentUser`` and ``require_scope`` in a tiny app: 401 with WWW-Authenticate, 403, 503, 200."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from fastapi import Depends, FastAPI
from pydantic import SecretStr

from api.auth import CurrentUser, Principal, TokenVerifier, require_scope, sign_token
from settings import Settings

SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"


# Module level: FastAPI resolves the (postponed) annotations in the module's namespace.
CanWrite = Annotated[Principal, Depends(require_scope("tasks:write"))]


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "better_auth_secret": SecretStr(SECRET),
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "default_scopes": "tasks:read tasks:write chat",
        "jwks_timeout_seconds": 0.5,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def _app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    app.state.verifier = verifier

    @app.get("/me")
    async def me(user: CurrentUser) -> dict[str, object]:
        return {"user": user.user_id, "scopes": sorted(user.scopes)}

    @app.post("/tasks")
    async def add_task(user: CanWrite) -> dict[str, str]:
        return {"owner": user.user_id}

    @app.delete("/everything", dependencies=[Depends(require_scope("admin"))])
    async def wipe() -> dict[str, bool]:
        return {"wiped": True}

    return app


@pytest.fixture
def settings() -> Settings:
    return _settings()


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(TokenVerifier.from_settings(settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chat.test") as client:
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic YWxpY2U6c2VjcmV0"}, {"Authorization": "Bearer "}],
    ids=["no header", "basic", "empty bearer"],
)
async def test_no_bearer_token_is_401_with_a_bearer_challenge(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "missing bearer token"}


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("garbage", "malformed token"),
        (jwt.encode({"sub": "alice", "exp": 4102444800}, "x" * 40, "HS256"), "invalid signature"),
        (
            jwt.encode(
                {"sub": "alice", "exp": datetime.now(UTC) - timedelta(hours=1)}, SECRET, "HS256"
            ),
            "token expired",
        ),
    ],
    ids=["malformed", "forged", "expired"],
)
async def test_a_bad_token_is_401_invalid_token(
    client: httpx.AsyncClient, token: str, reason: str
) -> None:
    response = await client.get("/me", headers=_bearer(token))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        f'Bearer error="invalid_token", error_description="{reason}"'
    )
    assert response.json() == {"detail": reason}


async def test_a_good_token_is_the_current_user(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get("/me", headers=_bearer(sign_token(SECRET, "alice")))
    assert response.status_code == 200
    assert response.json() == {"user": "alice", "scopes": ["chat", "tasks:read", "tasks:write"]}
    created = await client.post("/tasks", headers=_bearer(sign_token(SECRET, "alice")))
    assert created.json() == {"owner": "alice"}


async def test_a_missing_scope_is_403_insufficient_scope(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    reader = _bearer(sign_token(SECRET, "alice", scopes=["tasks:read", "chat"]))
    assert (await client.get("/me", headers=reader)).status_code == 200
    response = await client.post("/tasks", headers=reader)
    assert response.status_code == 403
    assert response.json() == {"detail": "insufficient scope"}
    assert response.headers["WWW-Authenticate"] == (
        'Bearer error="insufficient_scope", scope="tasks:write"'
    )
    defaults = _bearer(sign_token(SECRET, "alice"))
    assert (await client.delete("/everything", headers=defaults)).status_code == 403
    admin = _bearer(sign_token(SECRET, "root", scopes=["admin"]))
    assert (await client.delete("/everything", headers=admin)).json() == {"wiped": True}


async def test_a_scope_check_still_answers_401_without_a_token(client: httpx.AsyncClient) -> None:
    response = await client.post("/tasks")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/auth/jwks"


async def test_a_jwks_that_is_down_is_503_with_retry_after() -> None:
    settings = _settings(jwks_url=_closed_port_url(), jwks_refetch_interval_seconds=15)
    app = _app(TokenVerifier.from_settings(settings))
    token = jwt.encode(
        {"sub": "alice", "exp": datetime.now(UTC) + timedelta(minutes=5)},
        ed25519.Ed25519PrivateKey.generate(),
        "EdDSA",
        headers={"kid": "k1"},
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chat.test") as client:
        response = await client.get("/me", headers=_bearer(token))
    assert response.status_code == 503
    assert response.json() == {"detail": "signing keys unavailable"}
    assert response.headers["Retry-After"] == "15"


async def test_an_app_without_a_verifier_is_a_server_error() -> None:
    app = _app(TokenVerifier.from_settings(_settings()))
    del app.state.verifier
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chat.test") as client:
        with pytest.raises(RuntimeError, match=r"app\.state\.verifier"):
            await client.get("/me")
