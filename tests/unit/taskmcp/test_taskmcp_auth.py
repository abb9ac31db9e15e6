"""Task tokens: what is minted, and every way verification refuses a token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pydantic import SecretStr

from settings import Settings
from taskmcp.auth import (
    Identity,
    Unauthorized,
    bearer_token,
    mint_task_token,
    task_token_secret,
    verify_task_token,
)


@pytest.fixture
def settings() -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, environment="test", mcp_token_secret=SecretStr("t" * 40)
    )


def test_round_trip_carries_user_and_time_zone(settings: Settings) -> None:
    token = mint_task_token(settings, "alice", "Europe/Paris")
    assert verify_task_token(settings, token) == Identity("alice", "Europe/Paris")


def test_claims_are_audience_bound_and_short_lived(settings: Settings) -> None:
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    token = mint_task_token(settings, "alice", now=now)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["sub"] == "alice"
    assert claims["aud"] == settings.mcp_token_audience
    assert claims["iss"] == settings.mcp_token_issuer
    assert claims["iat"] == claims["nbf"] == int(now.timestamp())
    assert claims["exp"] - claims["iat"] == settings.mcp_token_ttl_seconds
    assert claims["tz"] == "UTC"
    other = jwt.decode(
        mint_task_token(settings, "alice", now=now), options={"verify_signature": False}
    )
    assert claims["jti"] != other["jti"]


def test_refuses_to_mint_for_unknown_time_zone_or_empty_user(settings: Settings) -> None:
    with pytest.raises(ValueError, match="time zone"):
        mint_task_token(settings, "alice", "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="user_id"):
        mint_task_token(settings, "")


def _forge(settings: Settings, **changes: object) -> str:
    claims: dict[str, object] = {
        "sub": "alice",
        "aud": settings.mcp_token_audience,
        "iss": settings.mcp_token_issuer,
        "iat": datetime.now(UTC),
        "exp": datetime.now(UTC) + timedelta(minutes=5),
    }
    for key, value in changes.items():
        if value is None:
            claims.pop(key)
        else:
            claims[key] = value
    return jwt.encode(claims, task_token_secret(settings), algorithm="HS256")


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [
        pytest.param(lambda s: None, "missing bearer token", id="missing"),
        pytest.param(lambda s: "", "missing bearer token", id="empty"),
        pytest.param(lambda s: "not-a-jwt", "malformed token", id="garbage"),
        pytest.param(
            lambda s: mint_task_token(
                s.model_copy(update={"mcp_token_secret": SecretStr("another-secret-" * 3)}),
                "alice",
            ),
            "token signature is invalid",
            id="forged",
        ),
        pytest.param(
            lambda s: mint_task_token(s, "alice", now=datetime.now(UTC) - timedelta(hours=1)),
            "token has expired",
            id="expired",
        ),
        pytest.param(
            lambda s: mint_task_token(
                s.model_copy(update={"mcp_token_audience": "someone-else"}), "alice"
            ),
            "token is for another audience",
            id="wrong-audience",
        ),
        pytest.param(
            lambda s: mint_task_token(s.model_copy(update={"mcp_token_issuer": "mallory"}), "a"),
            "token has an unknown issuer",
            id="wrong-issuer",
        ),
        pytest.param(lambda s: _forge(s, exp=None), "lacks the 'exp' claim", id="no-exp"),
        pytest.param(lambda s: _forge(s, iat=None), "lacks the 'iat' claim", id="no-iat"),
        pytest.param(lambda s: _forge(s, sub=None), "lacks the 'sub' claim", id="no-sub"),
        pytest.param(lambda s: _forge(s, sub=""), "no subject", id="empty-sub"),
        pytest.param(lambda s: _forge(s, tz="Nowhere/City"), "time zone", id="bad-tz"),
        pytest.param(
            lambda s: jwt.encode(
                {"sub": "alice", "aud": s.mcp_token_audience, "iss": s.mcp_token_issuer},
                None,
                algorithm="none",
            ),
            "malformed token",
            id="alg-none",
        ),
    ],
)
def test_refuses_bad_tokens(settings: Settings, make_token: object, reason: str) -> None:
    token = make_token(settings)  # type: ignore[operator]
    with pytest.raises(Unauthorized, match=reason) as caught:
        verify_task_token(settings, token)
    assert str(caught.value).startswith("unauthorized: ")


def test_missing_tz_claim_means_utc(settings: Settings) -> None:
    assert verify_task_token(settings, _forge(settings)) == Identity("alice", "UTC")


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc.def", "abc.def"),
        ("bearer  abc ", "abc"),
        ("Basic abc", None),
        ("Bearer", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_token_from_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token
