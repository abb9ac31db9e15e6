"""Short-lived, audience-bound JWTs that carry a user to the task MCP server.

The orchestrator mints one per (server, user) session; the task server verifies it on
every tool call. The token is the only source of identity: tools never take a user id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jwt

from api.settings import Settings

ALGORITHM = "HS256"
TZ_CLAIM = "tz"
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "aud", "iss"]


class Unauthorized(Exception):  # noqa: N818 (the name callers know it by)
    """The caller has no valid task token; the message is safe to show to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"unauthorized: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    """Who a verified token speaks for, and the time zone their dates are read in."""

    user_id: str
    timezone: str = "UTC"


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {name!r}") from exc
    return name


def mint_task_token(
    settings: Settings,
    user_id: str,
    timezone: str = "UTC",
    *,
    now: datetime | None = None,
) -> str:
    """Sign an HS256 token for ``user_id`` that the task server accepts for the token TTL."""
    if not user_id:
        raise ValueError("user_id must not be empty")
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims = {
        "sub": user_id,
        "aud": settings.mcp_token_audience,
        "iss": settings.mcp_token_issuer,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=settings.mcp_token_ttl_seconds),
        TZ_CLAIM: _check_timezone(timezone),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.mcp_token_secret.get_secret_value(), algorithm=ALGORITHM)


def verify_task_token(settings: Settings, token: str | None) -> Identity:
    """Return the identity in ``token`` or raise ``Unauthorized`` saying what is wrong."""
    if not token:
        raise Unauthorized("missing bearer token")
    try:
        claims = jwt.decode(
            token,
            settings.mcp_token_secret.get_secret_value(),
            algorithms=[ALGORITHM],
            audience=settings.mcp_token_audience,
            issuer=settings.mcp_token_issuer,
            options={"require": _REQUIRED_CLAIMS},
            leeway=5,
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("token has expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise Unauthorized("token is for another audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise Unauthorized("token has an unknown issuer") from exc
    except jwt.InvalidSignatureError as exc:
        raise Unauthorized("token signature is invalid") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise Unauthorized(f"token lacks the {exc.claim!r} claim") from exc
    except jwt.ImmatureSignatureError as exc:
        raise Unauthorized("token is not valid yet") from exc
    except jwt.InvalidTokenError as exc:
        raise Unauthorized("malformed token") from exc

    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Unauthorized("token has no subject")
    timezone = claims.get(TZ_CLAIM, "UTC")
    if not isinstance(timezone, str):
        raise Unauthorized("token has an invalid time zone claim")
    try:
        _check_timezone(timezone)
    except ValueError as exc:
        raise Unauthorized("token has an invalid time zone claim") from exc
    return Identity(user_id=subject, timezone=timezone)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header value, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()
