"""Why a request's sign-in was refused: reasons short and safe enough to show the caller."""

from __future__ import annotations


class AuthError(Exception):
    """A refused sign-in; ``reason`` is a short, generic phrase (never an internal detail)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidToken(AuthError):  # noqa: N818 (reads as the answer: 401 invalid_token)
    """The bearer token is missing, malformed, forged, expired or not meant for us."""


class KeysUnavailable(AuthError):  # noqa: N818 (reads as the answer: 503)
    """The JWKS endpoint could not be read, so no asymmetric token can be checked now."""

    def __init__(self, reason: str = "signing keys unavailable", *, retry_after: int = 30) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class AuthConfigError(ValueError):
    """The sign-in settings cannot work (raised at startup, never per request)."""
