"""``TokenVerifier``: turns a bearer token into a ``Principal`` or refuses it with a reason.

Built once per process (the app lifespan) from ``Settings``. The token's ``alg`` only
chooses between the two key sources, and each source has its own allowlist: HS256 with
the shared secret, EdDSA/RS256/ES256 with the JWKS key named by ``kid`` whose type must
imply that same algorithm. ``none`` and every other algorithm are refused.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import jwt
from jwt import PyJWK
from jwt.exceptions import InvalidSubjectError

from api.auth.errors import AuthConfigError, InvalidToken
from api.auth.jwks import JwksCache
from api.auth.keys import JWKS_ALGORITHMS, SHARED_SECRET_ALGORITHM
from api.auth.principal import Principal, parse_scopes, principal_from_claims
from api.auth.signin import MIN_SECRET_BYTES, SignIn, resolve_sign_in
from security import valid_subject
from settings import Settings

MAX_TOKEN_CHARS = 16 * 1024
_REQUIRED_CLAIMS = ["exp", "sub"]

logger = logging.getLogger(__name__)


class TokenVerifier:
    """Verifies sign-in JWTs against a shared secret, a JWKS, or both."""

    def __init__(
        self,
        *,
        shared_secret: str | None = None,
        jwks: JwksCache | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        leeway: float = 30.0,
        default_scopes: Iterable[str] = (),
        max_lifetime: float = 86_400.0,
        sign_in: SignIn | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        if shared_secret is None and jwks is None:
            raise AuthConfigError("sign-in needs BETTER_AUTH_SECRET or JWKS_URL")
        if shared_secret is not None and len(shared_secret.encode()) < MIN_SECRET_BYTES:
            raise AuthConfigError(f"the shared secret must be at least {MIN_SECRET_BYTES} bytes")
        self._shared_secret = shared_secret
        self._jwks = jwks
        self._issuer = issuer or None
        self._audience = audience or None
        self._leeway = leeway
        self._default_scopes = frozenset(default_scopes)
        self._max_lifetime = max_lifetime
        self._now = now
        self.sign_in = sign_in or SignIn(
            shared_secret=shared_secret, jwks_url=jwks.url if jwks else None, development=False
        )

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> TokenVerifier:
        """The verifier ``settings`` describe; raises ``AuthConfigError`` when they cannot work.

        Without BETTER_AUTH_SECRET and JWKS_URL, development sign-in (loopback only, a key
        made for this data folder) is on; see ``api.auth.signin``.
        """
        sign_in = resolve_sign_in(settings)
        jwks = None
        if sign_in.jwks_url:
            jwks = JwksCache(
                sign_in.jwks_url,
                ttl=settings.jwks_cache_ttl_seconds,
                refetch_interval=settings.jwks_refetch_interval_seconds,
                timeout=settings.jwks_timeout_seconds,
                clock=clock,
                transport=transport,
            )
        return cls(
            shared_secret=sign_in.shared_secret,
            jwks=jwks,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            leeway=settings.jwt_leeway_seconds,
            default_scopes=parse_scopes(settings.default_scopes),
            max_lifetime=settings.max_token_lifetime_seconds,
            sign_in=sign_in,
        )

    async def verify(self, token: str) -> Principal:
        """The principal ``token`` proves, or ``InvalidToken`` / ``KeysUnavailable``."""
        if not token:
            raise InvalidToken("missing bearer token")
        if len(token) > MAX_TOKEN_CHARS:
            raise InvalidToken("malformed token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("malformed token") from None
        algorithm = header.get("alg")
        key: str | PyJWK
        if algorithm == SHARED_SECRET_ALGORITHM and self._shared_secret is not None:
            key, allowed = self._shared_secret, SHARED_SECRET_ALGORITHM
        elif algorithm in JWKS_ALGORITHMS and self._jwks is not None:
            key = await _jwks_key(self._jwks, header.get("kid"), algorithm)
            allowed = key.algorithm_name  # the key's own algorithm, not the header's
        else:
            raise InvalidToken("unsupported algorithm")
        claims = self._decode(token, key, allowed)
        self._check_lifetime(claims)
        subject = claims.get("sub")
        if isinstance(subject, str) and subject.strip() and not valid_subject(subject):
            raise InvalidToken("invalid subject")
        return principal_from_claims(claims, self._default_scopes)

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        """Refuse a token meant to live longer than allowed, from ``iat`` (or from now)."""
        issued = claims.get("iat")
        start = issued if isinstance(issued, int | float) else self._now()
        if float(claims["exp"]) - float(start) > self._max_lifetime + self._leeway:
            raise InvalidToken("token lifetime too long")

    def _decode(self, token: str, key: str | PyJWK, algorithm: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={
                    "require": _REQUIRED_CLAIMS,
                    "verify_aud": self._audience is not None,
                    "enforce_minimum_key_length": True,
                },
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(_reason(exc)) from None


async def _jwks_key(jwks: JwksCache, kid: object, algorithm: str) -> PyJWK:
    """The JWKS key named by ``kid``, which must be a key for exactly ``algorithm``."""
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("unknown signing key")
    key = await jwks.get(kid)
    if key is None:
        raise InvalidToken("unknown signing key")
    if key.algorithm_name != algorithm:
        raise InvalidToken("unsupported algorithm")
    return key


def _reason(exc: jwt.PyJWTError) -> str:
    """A short reason for a refused token that says what, never how or with what."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "token expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "token not yet valid"
    if isinstance(exc, jwt.InvalidAudienceError):
        return "invalid audience"
    if isinstance(exc, jwt.InvalidIssuerError):
        return "invalid issuer"
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return {"aud": "invalid audience", "iss": "invalid issuer", "sub": "missing subject"}.get(
            exc.claim, "invalid token"
        )
    if isinstance(exc, InvalidSubjectError):
        return "missing subject"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "invalid signature"
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return "unsupported algorithm"
    if isinstance(exc, jwt.DecodeError):
        return "malformed token"
    return "invalid token"
