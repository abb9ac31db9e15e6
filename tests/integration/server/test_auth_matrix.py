"""The sign-in matrix against the running server over real HTTP, with a JWKS served here."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from jwt.algorithms import OKPAlgorithm
from pydantic import SecretStr

from tests.integration.server.support import RunningServer, serve, server_settings

SECRET = "better-auth-shared-secret-for-tests-0123456789"
ISSUER = "https://auth.example.test"
AUDIENCE = "todo-orchestrator"
ED_KEY = ed25519.Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    public = OKPAlgorithm.to_jwk(ED_KEY.public_key(), as_dict=True)
    body = json.dumps({"keys": [{**public, "kid": "ed-1", "alg": "EdDSA", "use": "sig"}]})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: Any) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api/auth/jwks"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
async def signed_server(
    jwks_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningServer]:
    settings = server_settings(
        tmp_path_factory.mktemp("auth"),
        better_auth_secret=SecretStr(SECRET),
        jwks_url=jwks_url,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
    )
    async with serve(settings) as running:
        yield running


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    values = {"sub": "alice", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now}
    return {**values, "exp": now + timedelta(minutes=5), **changes}


def unsigned(payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        raw = json.dumps(value, default=lambda d: int(d.timestamp())).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


REFUSED = {
    "bad signature": lambda: jwt.encode(claims(), SECRET[::-1], algorithm="HS256"),
    "alg none": lambda: unsigned(claims()),
    "expired": lambda: jwt.encode(
        claims(exp=datetime.now(UTC) - timedelta(minutes=5)), SECRET, algorithm="HS256"
    ),
    "wrong audience": lambda: jwt.encode(claims(aud="someone-else"), SECRET, algorithm="HS256"),
    "EdDSA key unknown to the JWKS": lambda: jwt.encode(
        claims(),
        ed25519.Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": "ed-1"},
    ),
}

ACCEPTED = {
    "HS256 with the shared secret": lambda: jwt.encode(claims(), SECRET, algorithm="HS256"),
    "EdDSA from the JWKS": lambda: jwt.encode(
        claims(), ED_KEY, algorithm="EdDSA", headers={"kid": "ed-1"}
    ),
}


async def test_no_token_is_401_with_a_bearer_challenge(signed_server: RunningServer) -> None:
    async with signed_server.http() as http:
        response = await http.post("/threads/search", json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_bad_tokens_are_refused(signed_server: RunningServer, case: str) -> None:
    headers = {"Authorization": f"Bearer {REFUSED[case]()}"}
    async with signed_server.http() as http:
        response = await http.post("/threads/search", json={}, headers=headers)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("case", sorted(ACCEPTED))
async def test_good_tokens_reach_the_users_own_threads(
    signed_server: RunningServer, case: str
) -> None:
    headers = {"Authorization": f"Bearer {ACCEPTED[case]()}"}
    async with signed_server.http() as http:
        created = await http.post("/threads", json={"metadata": {"case": case}}, headers=headers)
        found = await http.post("/threads/search", json={}, headers=headers)
    assert created.status_code == 200
    assert created.json()["thread_id"] in {t["thread_id"] for t in found.json()}
