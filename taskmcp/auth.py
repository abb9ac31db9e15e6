"""Short-lived, audience-bound JWTs that carry a user to the task MCP server.

The orchestrator mints one per (server, user) session; the task server verifies it on
every tool call. The token is the only source of identity: tools never take a user id.

The signing secret is never a constant: ``MCP_TOKEN_SECRET`` when set, otherwise a random
key kept in ``DATA_DIR/mcp-token.key`` (0600), shared by a standalone ``orchestrator mcp``
and ``orchestrator token``. The task server that the orchestrator embeds gets a random
per-process secret instead (``open_engine``), which never leaves the process.
"""

from __future__ import annotations

import functools
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jwt
from pydantic import SecretStr

from security import load_or_create_key, valid_subject
from settings import Settings

ALGORITHM = "HS256"
TZ_CLAIM = "tz"
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "aud", "iss"]
KEY_FILE = "mcp-token.key"


def task_token_secret(settings: Settings) -> str:
    """The secret task tokens are signed and checked with (see the module docstring)."""
    if settings.mcp_token_secret is not None:
        return settings.mcp_token_secret.get_secret_value()
    return _stored_key(settings.data_dir.resolve() / KEY_FILE)


@functools.lru_cache(maxsize=8)
def _stored_key(path: Path) -> str:  # read once per process, not on every call
    return load_or_create_key(path)


def with_process_secret(settings: Settings) -> Settings:
    """``settings`` whose task tokens use a fresh random secret known to this process only."""
    return settings.model_copy(update={"mcp_token_secret": SecretStr(secrets.token_urlsafe(48))})


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
    if not valid_subject(user_id):
        raise ValueError("user_id must be 1-255 printable characters")
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
    return jwt.encode(claims, task_token_secret(settings), algorithm=ALGORITHM)


def verify_task_token(settings: Settings, token: str | None) -> Identity:
    """Return the identity in ``token`` or raise ``Unauthorized`` saying what is wrong."""
    if not token:
        raise Unauthorized("missing bearer token")
    try:
        claims = jwt.decode(
            token,
            task_token_secret(settings),
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
    if not valid_subject(subject):
        raise Unauthorized("token has an invalid subject")
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
