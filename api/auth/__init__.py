"""Sign-in for the chat server: bearer JWTs from Better Auth (shared secret or JWKS).

Build a ``TokenVerifier.from_settings(settings)`` once in the lifespan, store it at
``app.state.verifier``, and take the user with ``CurrentUser`` / ``require_scope(...)``.
"""

from api.auth.deps import CurrentUser, bearer_token, get_principal, require_scope
from api.auth.dev_tokens import mint_dev_token, sign_token
from api.auth.errors import AuthConfigError, AuthError, InvalidToken, KeysUnavailable
from api.auth.jwks import JwksCache
from api.auth.principal import Principal
from api.auth.signin import SignIn, is_loopback, resolve_sign_in
from api.auth.verifier import TokenVerifier

__all__ = [
    "AuthConfigError",
    "AuthError",
    "CurrentUser",
    "InvalidToken",
    "JwksCache",
    "KeysUnavailable",
    "Principal",
    "SignIn",
    "TokenVerifier",
    "bearer_token",
    "get_principal",
    "is_loopback",
    "mint_dev_token",
    "require_scope",
    "resolve_sign_in",
    "sign_token",
]
