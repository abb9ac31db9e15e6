"""Which sign-in the settings turn on, and development tokens: what is refused, and where."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from pydantic import SecretStr, ValidationError

from api.auth import (
    AuthConfigError,
    InvalidToken,
    TokenVerifier,
    mint_dev_token,
    resolve_sign_in,
    sign_token,
)
from settings import Settings

SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"
JWKS_URL = "https://auth.example.test/api/auth/jwks"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "development",
        "data_dir": data_dir,
        "host": "127.0.0.1",
        "mcp_token_secret": None,
        "better_auth_secret": None,
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "default_scopes": "tasks:read tasks:write chat",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def test_production_without_a_key_source_refuses_to_start(data_dir: Path) -> None:
    with pytest.raises(AuthConfigError, match="BETTER_AUTH_SECRET or JWKS_URL"):
        TokenVerifier.from_settings(_settings(data_dir, environment="production"))


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "chat.example.test"])
def test_no_sign_in_on_a_reachable_address_refuses_to_start(data_dir: Path, host: str) -> None:
    with pytest.raises(AuthConfigError, match="loopback"):
        TokenVerifier.from_settings(_settings(data_dir, host=host))


@pytest.mark.parametrize("secret", ["short-secret", "changeme"])
def test_a_short_or_placeholder_secret_is_refused_in_every_environment(
    data_dir: Path, secret: str
) -> None:
    for environment in ("development", "production"):
        with pytest.raises(ValidationError, match="better_auth_secret"):
            _settings(data_dir, environment=environment, better_auth_secret=SecretStr(secret))


def test_either_key_source_turns_development_sign_in_off(data_dir: Path) -> None:
    for overrides in ({"jwks_url": JWKS_URL}, {"better_auth_secret": SecretStr(SECRET)}):
        for environment in ("development", "production"):
            settings = _settings(data_dir, environment=environment, host="0.0.0.0", **overrides)
            assert not TokenVerifier.from_settings(settings).sign_in.development
            with pytest.raises(AuthConfigError, match="development sign-in is off"):
                mint_dev_token(settings, "alice")
    assert not data_dir.exists(), "no development key is made when real sign-in is configured"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.53"])
async def test_development_sign_in_on_loopback_with_a_random_private_key(
    data_dir: Path, host: str
) -> None:
    settings = _settings(data_dir, host=host)
    sign_in = resolve_sign_in(settings)
    assert sign_in.development
    assert sign_in.dev_key_path is not None
    assert stat.S_IMODE(sign_in.dev_key_path.stat().st_mode) == 0o600
    principal = await TokenVerifier.from_settings(settings).verify(
        mint_dev_token(settings, "alice")
    )
    assert principal.user_id == "alice"
    assert principal.scopes == {"tasks:read", "tasks:write", "chat"}


async def test_each_data_folder_has_its_own_development_key(tmp_path: Path) -> None:
    first, second = _settings(tmp_path / "one"), _settings(tmp_path / "two")
    assert resolve_sign_in(first).shared_secret != resolve_sign_in(second).shared_secret
    with pytest.raises(InvalidToken, match="invalid signature"):
        await TokenVerifier.from_settings(second).verify(mint_dev_token(first, "mallory"))


async def test_a_development_token_is_worthless_once_real_sign_in_is_set(data_dir: Path) -> None:
    dev_token = mint_dev_token(_settings(data_dir), "mallory")
    for environment in ("development", "production"):
        settings = _settings(
            data_dir, environment=environment, better_auth_secret=SecretStr(SECRET)
        )
        with pytest.raises(InvalidToken, match="invalid signature"):
            await TokenVerifier.from_settings(settings).verify(dev_token)
    jwks_only = _settings(data_dir, jwks_url=JWKS_URL)
    with pytest.raises(InvalidToken, match="unsupported algorithm"):
        await TokenVerifier.from_settings(jwks_only).verify(dev_token)


async def test_token_lifetime_is_bounded_from_iat(data_dir: Path) -> None:
    settings = _settings(
        data_dir, better_auth_secret=SecretStr(SECRET), max_token_lifetime_seconds=3600
    )
    verifier = TokenVerifier.from_settings(settings)
    assert (await verifier.verify(sign_token(SECRET, "alice", 3600))).user_id == "alice"
    with pytest.raises(InvalidToken, match="lifetime"):
        await verifier.verify(sign_token(SECRET, "alice", 10 * 365 * 86_400))
    # Issued long ago, still unexpired: judged from iat, so refused too.
    old = datetime.now(UTC) - timedelta(hours=5)
    with pytest.raises(InvalidToken, match="lifetime"):
        await verifier.verify(sign_token(SECRET, "alice", 6 * 3600, now=old))


async def test_a_token_without_iat_is_judged_by_exp_against_now(data_dir: Path) -> None:
    settings = _settings(
        data_dir, better_auth_secret=SecretStr(SECRET), max_token_lifetime_seconds=3600
    )
    verifier = TokenVerifier.from_settings(settings)
    now = datetime.now(UTC)
    short = jwt.encode({"sub": "alice", "exp": now + timedelta(minutes=30)}, SECRET, "HS256")
    assert (await verifier.verify(short)).user_id == "alice"
    far = jwt.encode({"sub": "alice", "exp": now + timedelta(days=3650)}, SECRET, "HS256")
    with pytest.raises(InvalidToken, match="lifetime"):
        await verifier.verify(far)


@pytest.mark.parametrize(
    "subject", ["a" * 256, "alice\x00", "bob\nadmin", "\u202eevil", " ", "x\ud800"]
)
async def test_odd_subjects_are_refused(data_dir: Path, subject: str) -> None:
    settings = _settings(data_dir, better_auth_secret=SecretStr(SECRET))
    verifier = TokenVerifier.from_settings(settings)
    claims = {"sub": subject, "exp": datetime.now(UTC) + timedelta(minutes=5)}
    try:
        token = jwt.encode(claims, SECRET, "HS256")
    except UnicodeEncodeError:  # PyJWT cannot carry a lone surrogate; a raw one can
        token = _raw_token({"sub": "x\\ud800", "exp": int(claims["exp"].timestamp())})
    with pytest.raises(InvalidToken):
        await verifier.verify(token)
    with pytest.raises(ValueError, match="user_id"):
        sign_token(SECRET, subject)


def test_a_255_character_subject_is_fine(data_dir: Path) -> None:
    jwt.decode(sign_token(SECRET, "a" * 255), SECRET, algorithms=["HS256"])


def test_dev_token_claims(data_dir: Path) -> None:
    settings = _settings(
        data_dir, jwt_issuer="https://auth.example.test", jwt_audience="https://chat.example.test"
    )
    secret = resolve_sign_in(settings).shared_secret
    assert secret is not None
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    token = mint_dev_token(settings, "alice", ttl=600, scopes=["chat", "tasks:read"], now=now)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(
        token,
        secret,
        algorithms=["HS256"],
        audience="https://chat.example.test",
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    assert claims["sub"] == "alice"
    assert claims["iss"] == "https://auth.example.test"
    assert claims["iat"] == claims["nbf"] == int(now.timestamp())
    assert claims["exp"] - claims["iat"] == 600
    assert claims["scope"] == "chat tasks:read"
    without_scopes = jwt.decode(
        mint_dev_token(settings, "alice"), options={"verify_signature": False}
    )
    assert "scope" not in without_scopes
    assert without_scopes["jti"] != claims["jti"]


@pytest.mark.parametrize(("user", "ttl"), [("", 60), ("  ", 60), ("alice", 0), ("alice", -5)])
def test_dev_token_arguments_are_checked(data_dir: Path, user: str, ttl: int) -> None:
    with pytest.raises(ValueError, match=r"user_id|ttl"):
        mint_dev_token(_settings(data_dir), user, ttl)


def _raw_token(claims_json: dict[str, Any]) -> str:
    """An HS256 token whose payload JSON is written by hand (escapes PyJWT would refuse)."""
    import base64
    import hashlib
    import hmac
    import json

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = json.dumps(claims_json).replace("\\\\ud800", "\\ud800").encode()
    payload = part(body)
    signature = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{part(signature)}"
