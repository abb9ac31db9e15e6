"""Sign-in tokens we make ourselves: development tokens, and the signer underneath them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import jwt

from api.auth.errors import AuthConfigError
from api.auth.keys import SHARED_SECRET_ALGORITHM
from api.auth.signin import resolve_sign_in
from security import valid_subject
from settings import Settings

MAX_DEV_TTL_SECONDS = 24 * 3600


def sign_token(
    secret: str,
    user_id: str,
    ttl: int = 3600,
    *,
    scopes: Iterable[str] | None = None,
    issuer: str | None = None,
    audience: str | None = None,
    now: datetime | None = None,
) -> str:
    """An HS256 sign-in token for ``user_id``, valid for ``ttl`` seconds from ``now``.

    Carries ``iss``/``aud`` when given and a ``scope`` claim only when ``scopes`` is given
    (the server's default scopes apply otherwise).
    """
    if not valid_subject(user_id):
        raise ValueError("user_id must be 1-255 printable characters")
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims: dict[str, object] = {
        "sub": user_id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
    }
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    if scopes is not None:
        claims["scope"] = " ".join(sorted(set(scopes)))
    return jwt.encode(claims, secret, algorithm=SHARED_SECRET_ALGORITHM)


def mint_dev_token(
    settings: Settings,
    user_id: str,
    ttl: int = 3600,
    *,
    scopes: Iterable[str] | None = None,
    now: datetime | None = None,
) -> str:
    """A development sign-in token that the chat server of ``settings`` accepts.

    Only where development sign-in is on (see ``api.auth.signin``): signed with the key of
    this data folder, never with BETTER_AUTH_SECRET. ``AuthConfigError`` otherwise.
    """
    sign_in = resolve_sign_in(settings)
    if not sign_in.development or sign_in.shared_secret is None:
        raise AuthConfigError("development sign-in is off: real sign-in is configured")
    if not 0 < ttl <= MAX_DEV_TTL_SECONDS:
        raise ValueError(f"ttl must be between 1 and {MAX_DEV_TTL_SECONDS} seconds")
    return sign_token(
        sign_in.shared_secret,
        user_id,
        ttl,
        scopes=scopes,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        now=now,
    )
