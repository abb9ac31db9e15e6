"""Development sign-in tokens, for trying the chat server without Better Auth running."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import jwt

from api.auth.errors import AuthConfigError
from api.auth.keys import SHARED_SECRET_ALGORITHM
from api.auth.shared_secret import resolve_shared_secret
from api.settings import Settings

MAX_DEV_TTL_SECONDS = 30 * 24 * 3600


def mint_dev_token(
    settings: Settings,
    user_id: str,
    ttl: int = 3600,
    *,
    scopes: Iterable[str] | None = None,
    now: datetime | None = None,
) -> str:
    """An HS256 token for ``user_id`` that the chat server of ``settings`` accepts for ``ttl`` s.

    Signed with BETTER_AUTH_SECRET, or the development secret when it is unset; carries
    ``iss``/``aud`` when configured and a ``scope`` claim only when ``scopes`` is given (the
    server's default scopes apply otherwise). Refused in production.
    """
    if settings.is_production:
        raise AuthConfigError("refusing to mint development tokens in production")
    if not user_id.strip():
        raise ValueError("user_id must not be empty")
    if not 0 < ttl <= MAX_DEV_TTL_SECONDS:
        raise ValueError(f"ttl must be between 1 and {MAX_DEV_TTL_SECONDS} seconds")
    secret = resolve_shared_secret(settings)
    if secret is None:  # only production lacks a secret; kept for the type checker
        raise AuthConfigError("no shared secret to sign development tokens with")
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims: dict[str, object] = {
        "sub": user_id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
    }
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    if scopes is not None:
        claims["scope"] = " ".join(sorted(set(scopes)))
    return jwt.encode(claims, secret, algorithm=SHARED_SECRET_ALGORITHM)
