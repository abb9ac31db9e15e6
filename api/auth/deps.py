"""FastAPI dependencies: ``CurrentUser`` from the bearer token, ``require_scope`` on top of it.

The ``TokenVerifier`` is built once in the app lifespan and found at ``app.state.verifier``.
Refusals follow RFC 6750: 401 with ``WWW-Authenticate: Bearer`` (plus ``error="invalid_token"``
when a token was sent), 403 with ``error="insufficient_scope"``, and 503 when the JWKS
cannot be read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from api.auth.errors import InvalidToken, KeysUnavailable
from api.auth.principal import Principal
from api.auth.verifier import TokenVerifier

API_KEY_HEADER = "X-Api-Key"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header value, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _verifier(request: Request) -> TokenVerifier:
    verifier = getattr(request.app.state, "verifier", None)
    if not isinstance(verifier, TokenVerifier):
        raise RuntimeError("app.state.verifier is not a TokenVerifier: build one in the lifespan")
    return verifier


async def get_principal(request: Request) -> Principal:
    """The verified user of this request; 401 (or 503 when the JWKS is down) otherwise."""
    verifier = _verifier(request)
    # The LangGraph SDKs' `apiKey` (and agent-chat-ui) send the same token as X-Api-Key.
    token = bearer_token(request.headers.get("Authorization")) or _api_key(request)
    if token is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        return await verifier.verify(token)
    except InvalidToken as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=exc.reason,
            headers={
                "WWW-Authenticate": (
                    f'Bearer error="invalid_token", error_description="{exc.reason}"'
                )
            },
        ) from None
    except KeysUnavailable as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=exc.reason,
            headers={"Retry-After": str(exc.retry_after)},
        ) from None


def _api_key(request: Request) -> str | None:
    value = request.headers.get(API_KEY_HEADER, "").strip()
    return value or None


CurrentUser = Annotated[Principal, Depends(get_principal)]


def require_scope(scope: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency answering 403 unless the current user holds ``scope``; returns the user.

    Use as ``dependencies=[Depends(require_scope("tasks:write"))]`` or as a parameter
    ``user: Annotated[Principal, Depends(require_scope("tasks:write"))]``.
    """

    async def has_scope(principal: CurrentUser) -> Principal:
        if not principal.has(scope):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail="insufficient scope",
                headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
            )
        return principal

    return has_scope
