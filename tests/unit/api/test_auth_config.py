"""Building the verifier from settings, and development tokens: what is refused, and where."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from pydantic import SecretStr

from api.auth import DEV_AUTH_SECRET, AuthConfigError, InvalidToken, TokenVerifier, mint_dev_token
from api.settings import DEV_SECRET, Settings

SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"
JWKS_URL = "https://auth.example.test/api/auth/jwks"


def _settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "development",
        "mcp_token_secret": SecretStr("m" * 40),
        "better_auth_secret": None,
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "default_scopes": "tasks:read tasks:write chat",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def test_production_without_a_key_source_refuses_to_start() -> None:
    with pytest.raises(AuthConfigError, match="BETTER_AUTH_SECRET or JWKS_URL"):
        TokenVerifier.from_settings(_settings(environment="production"))
    with pytest.raises(AuthConfigError, match="BETTER_AUTH_SECRET or JWKS_URL"):
        TokenVerifier.from_settings(
            _settings(environment="production", better_auth_secret=SecretStr(""))
        )


@pytest.mark.parametrize("secret", [DEV_AUTH_SECRET, DEV_SECRET, "short-secret"])
def test_production_refuses_a_public_or_short_secret(secret: str) -> None:
    with pytest.raises(AuthConfigError, match="BETTER_AUTH_SECRET"):
        TokenVerifier.from_settings(
            _settings(environment="production", better_auth_secret=SecretStr(secret))
        )


def test_production_builds_with_either_key_source() -> None:
    TokenVerifier.from_settings(_settings(environment="production", jwks_url=JWKS_URL))
    TokenVerifier.from_settings(
        _settings(environment="production", better_auth_secret=SecretStr(SECRET))
    )


async def test_development_without_a_secret_accepts_its_own_dev_tokens() -> None:
    settings = _settings()
    principal = await TokenVerifier.from_settings(settings).verify(
        mint_dev_token(settings, "alice")
    )
    assert principal.user_id == "alice"
    assert principal.scopes == {"tasks:read", "tasks:write", "chat"}


async def test_development_with_only_a_jwks_still_accepts_dev_tokens() -> None:
    settings = _settings(environment="test", jwks_url=JWKS_URL)
    token = mint_dev_token(settings, "alice")
    assert (await TokenVerifier.from_settings(settings).verify(token)).user_id == "alice"


async def test_the_dev_secret_is_worthless_once_a_real_secret_is_set() -> None:
    dev_token = mint_dev_token(_settings(), "mallory")
    for environment in ("development", "production"):
        settings = _settings(environment=environment, better_auth_secret=SecretStr(SECRET))
        with pytest.raises(InvalidToken, match="invalid signature"):
            await TokenVerifier.from_settings(settings).verify(dev_token)


async def test_production_with_only_a_jwks_refuses_dev_tokens() -> None:
    dev_token = mint_dev_token(_settings(), "mallory")
    verifier = TokenVerifier.from_settings(_settings(environment="production", jwks_url=JWKS_URL))
    with pytest.raises(InvalidToken, match="unsupported algorithm"):
        await verifier.verify(dev_token)


def test_dev_tokens_are_refused_in_production() -> None:
    settings = _settings(environment="production", better_auth_secret=SecretStr(SECRET))
    with pytest.raises(AuthConfigError, match="production"):
        mint_dev_token(settings, "alice")


def test_dev_token_claims() -> None:
    settings = _settings(
        better_auth_secret=SecretStr(SECRET),
        jwt_issuer="https://auth.example.test",
        jwt_audience="https://chat.example.test",
    )
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    token = mint_dev_token(settings, "alice", ttl=600, scopes=["chat", "tasks:read"], now=now)
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(
        token,
        SECRET,
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
def test_dev_token_arguments_are_checked(user: str, ttl: int) -> None:
    with pytest.raises(ValueError, match=r"user_id|ttl"):
        mint_dev_token(_settings(), user, ttl)
