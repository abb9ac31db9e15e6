"""The HS256 shared secret: BETTER_AUTH_SECRET, or a fixed development secret outside production."""

from __future__ import annotations

from api.auth.errors import AuthConfigError
from api.settings import DEV_SECRET, Settings

# Accepted (and used to mint) only when ENVIRONMENT is not production and no
# BETTER_AUTH_SECRET is set. It is public: never rely on it for anything real.
DEV_AUTH_SECRET = "dev-only-chat-sign-in-secret-not-for-production-0123456789"
MIN_SECRET_BYTES = 32
_PUBLIC_SECRETS = frozenset({DEV_AUTH_SECRET, DEV_SECRET})


def resolve_shared_secret(settings: Settings) -> str | None:
    """The secret HS256 tokens are signed with, or None when only the JWKS is trusted.

    Raises ``AuthConfigError`` for a secret too short to be safe, or for a public
    development secret in production.
    """
    configured = settings.better_auth_secret
    secret = configured.get_secret_value() if configured is not None else ""
    if not secret:
        return None if settings.is_production else DEV_AUTH_SECRET
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise AuthConfigError(f"BETTER_AUTH_SECRET must be at least {MIN_SECRET_BYTES} bytes")
    if settings.is_production and secret in _PUBLIC_SECRETS:
        raise AuthConfigError("BETTER_AUTH_SECRET must be a real secret in production")
    return secret
