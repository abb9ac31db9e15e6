"""Which sign-in is on: the one configured, or development sign-in, or none (refused).

- **Configured**: ``BETTER_AUTH_SECRET`` (HS256) and/or ``JWKS_URL`` (EdDSA, RS256, ES256).
  Development sign-in is then off: ``/auth/dev-token`` answers 404 and the page offers no
  demo button.
- **Development**: neither is set, the environment is not production, and the server
  listens on loopback only. Demo tokens are signed with a random key made on first start
  and kept in ``DATA_DIR/dev-signin.key`` (0600), never with any configured secret.
- Anything else cannot start: a server reachable from other machines with nobody able to
  sign in for real would be either useless or open.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

from api.auth.errors import AuthConfigError
from security import load_or_create_key
from settings import Settings

MIN_SECRET_BYTES = 32
DEV_KEY_FILE = "dev-signin.key"


@dataclass(frozen=True)
class SignIn:
    """The sign-in in force: the HS256 secret (if any), the JWKS URL (if any), the mode."""

    shared_secret: str | None
    jwks_url: str | None
    development: bool
    dev_key_path: Path | None = None

    def describe(self) -> str:
        """One line for the start-up log."""
        if self.development:
            return (
                "sign-in: DEVELOPMENT (loopback only; /auth/dev-token and the demo button "
                f"sign anyone in, with the key in {self.dev_key_path}); set BETTER_AUTH_SECRET "
                "or JWKS_URL for real sign-in"
            )
        sources = [
            name
            for name, on in (
                ("BETTER_AUTH_SECRET (HS256)", self.shared_secret),
                (f"JWKS {self.jwks_url}", self.jwks_url),
            )
            if on
        ]
        return "sign-in: " + " and ".join(sources) + "; development sign-in is off"


def is_loopback(host: str) -> bool:
    """True for an address or name that only this machine reaches."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_sign_in(settings: Settings) -> SignIn:
    """The sign-in ``settings`` describe; ``AuthConfigError`` when none may be used."""
    configured = settings.better_auth_secret
    secret = configured.get_secret_value() if configured is not None else ""
    if secret or settings.jwks_url:
        if secret and len(secret.encode()) < MIN_SECRET_BYTES:
            raise AuthConfigError(f"BETTER_AUTH_SECRET must be at least {MIN_SECRET_BYTES} bytes")
        return SignIn(shared_secret=secret or None, jwks_url=settings.jwks_url, development=False)
    if settings.is_production:
        raise AuthConfigError("in production, set BETTER_AUTH_SECRET or JWKS_URL for sign-in")
    if not is_loopback(settings.host):
        raise AuthConfigError(
            f"no sign-in is configured and HOST={settings.host} is reachable from other "
            "machines: set BETTER_AUTH_SECRET or JWKS_URL (development sign-in works on "
            "loopback only, HOST=127.0.0.1)"
        )
    path = (settings.data_dir / DEV_KEY_FILE).resolve()
    return SignIn(
        shared_secret=load_or_create_key(path), jwks_url=None, development=True, dev_key_path=path
    )
