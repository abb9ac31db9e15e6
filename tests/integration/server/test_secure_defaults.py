"""The ways in an attacker tried, against real servers: each one now stays shut.

- ``/auth/dev-token`` while real sign-in is configured (any ENVIRONMENT) is 404;
- a token signed with any constant in the repository, or one meant to live ten years,
  is 401 on a server running on its defaults;
- the task MCP server that ``serve`` embeds refuses tokens forged with any such constant
  (its secret is born in the process) and with the key a standalone server would use;
- development tokens are rate-limited per client address.
"""

from __future__ import annotations

import ast
import json
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from mcp.types import TextContent
from pydantic import SecretStr

from api.auth import InvalidToken, TokenVerifier
from taskmcp.auth import KEY_FILE, task_token_secret
from tests.integration.mcp.support import http_session
from tests.integration.server.support import RunningServer, new_user, serve, server_settings

# Forging with short constants is the point here.
pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")

REPO = Path(__file__).resolve().parents[3]
SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"
# What earlier releases signed development tokens with: published, so forever public.
PUBLISHED_SECRETS = (
    "dev-only-chat-sign-in-secret-not-for-production-0123456789",
    "dev-insecure-secret-change-me-0123456789abcdef",
)


def repository_constants() -> list[str]:
    """Every string constant of 8+ characters in the tracked Python, JSON and TOML files."""
    files = subprocess.run(
        ["git", "ls-files", "*.py", "*.json", "*.toml", ".env.example"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    found: set[str] = set(PUBLISHED_SECRETS)
    for name in files:
        text = (REPO / name).read_text(encoding="utf-8", errors="replace")
        if name.endswith(".py"):
            found.update(
                node.value
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            )
        else:
            found.update(part.strip("\"' ,") for part in text.replace("=", "\n").splitlines())
    return sorted(value for value in found if 8 <= len(value) <= 512)


def forge(
    secret: str, user: str, *, lifetime: timedelta = timedelta(hours=1), **claims: object
) -> str:
    now = datetime.now(UTC)
    body: dict[str, object] = {"sub": user, "iat": now, "exp": now + lifetime, **claims}
    return jwt.encode(body, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def constants() -> list[str]:
    values = repository_constants()
    assert len(values) > 500, "the scan found the repository's strings"
    assert all(secret in values for secret in PUBLISHED_SECRETS)
    return values


@pytest.fixture(scope="module")
async def default_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningServer]:
    """A server on its defaults: no secrets set, loopback, development sign-in."""
    async with serve(server_settings(tmp_path_factory.mktemp("defaults"))) as running:
        yield running


@pytest.fixture(params=["development", "test", "production"])
def environment(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_dev_token_is_404_once_real_sign_in_is_set(tmp_path: Path, environment: str) -> None:
    settings = server_settings(
        tmp_path, environment=environment, better_auth_secret=SecretStr(SECRET)
    )
    async with serve(settings) as running, running.http() as http:
        for body in (None, {"user_id": "alice"}):
            response = await http.post("/auth/dev-token", json=body)
            assert response.status_code == 404
        assert (await http.get("/web/config")).json()["demo_sign_in"] is False
        # The real secret still works for real tokens, and nothing was written to DATA_DIR.
        real = {"Authorization": f"Bearer {forge(SECRET, 'alice')}"}
        assert (await http.post("/threads/search", headers=real, json={})).status_code == 200
    assert not (tmp_path / "dev-signin.key").exists()


async def test_tokens_signed_with_repository_constants_are_refused(
    default_server: RunningServer, constants: list[str]
) -> None:
    verifier: TokenVerifier = default_server.app.state.verifier
    assert verifier.sign_in.development
    for value in constants:
        with pytest.raises(InvalidToken):
            await verifier.verify(forge(value, "mallory"))
    async with default_server.http() as http:  # and over HTTP, with the old public secrets
        for secret in PUBLISHED_SECRETS:
            headers = {"Authorization": f"Bearer {forge(secret, 'mallory')}"}
            response = await http.post("/threads/search", headers=headers, json={})
            assert response.status_code == 401
            assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_ten_year_token_with_the_right_key_is_refused(
    default_server: RunningServer,
) -> None:
    key = (default_server.settings.data_dir / "dev-signin.key").read_text().strip()
    async with default_server.http() as http:
        for token in (
            forge(key, "mallory", lifetime=timedelta(days=3650)),
            jwt.encode({"sub": "mallory", "exp": datetime.now(UTC) + timedelta(days=3650)}, key),
        ):
            headers = {"Authorization": f"Bearer {token}"}
            response = await http.post("/threads/search", headers=headers, json={})
            assert response.status_code == 401
            assert "lifetime" in response.json()["detail"]
        fine = {"Authorization": f"Bearer {forge(key, 'mallory')}"}
        assert (await http.post("/threads/search", headers=fine, json={})).status_code == 200


@pytest.mark.parametrize("subject", ["u" * 256, "alice\u0000", "a\u0085b"])
async def test_odd_subjects_are_401(default_server: RunningServer, subject: str) -> None:
    key = (default_server.settings.data_dir / "dev-signin.key").read_text().strip()
    async with default_server.http() as http:
        headers = {"Authorization": f"Bearer {forge(key, subject)}"}
        response = await http.post("/threads/search", headers=headers, json={})
        assert response.status_code == 401


async def test_the_embedded_task_server_refuses_forged_tokens(
    default_server: RunningServer, constants: list[str]
) -> None:
    settings = default_server.settings
    url = default_server.app.state.engine.task_server_url
    victim = new_user()
    async with default_server.http(victim) as http:
        created = await http.post(f"/api/{victim}/tasks", json={"title": "Keep me"})
        assert created.status_code in (200, 201), created.text
    # Whatever a local process can read: repository constants, the standalone server's key.
    candidates = [*constants[:200], *PUBLISHED_SECRETS, task_token_secret(settings)]
    assert (settings.data_dir / KEY_FILE).exists()
    claims = {"aud": settings.mcp_token_audience, "iss": settings.mcp_token_issuer}
    for secret in candidates:
        token = forge(secret, victim, lifetime=timedelta(minutes=5), **claims)
        async with http_session(url, token) as session:
            result = await session.call_tool("list_tasks", {})
            assert result.isError
            text = result.content[0]
            assert isinstance(text, TextContent)
            assert "unauthorized" in text.text
            deleted = await session.call_tool("delete_task", {"task_id": 1})
            assert deleted.isError
    tasks = await default_server.tasks.list(victim)
    assert [task.title for task in tasks] == ["Keep me"]


async def test_dev_tokens_are_rate_limited(tmp_path: Path) -> None:
    settings = server_settings(tmp_path, rate_limit_per_minute=6, rate_limit_burst=3)
    async with serve(settings) as running, running.http() as http:
        answers = [(await http.post("/auth/dev-token")).status_code for _ in range(5)]
        assert answers[:3] == [200, 200, 200]
        assert answers[3:] == [429, 429]
        limited = await http.post("/auth/dev-token")
        assert int(limited.headers["retry-after"]) >= 1
        assert json.loads(limited.text)["detail"].startswith("Too many requests")
