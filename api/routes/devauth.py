"""``POST /auth/dev-token``: a sign-in token for trying the chat page without Better Auth.

Only while development sign-in is on (no BETTER_AUTH_SECRET, no JWKS_URL, a loopback
server; see ``api.auth.signin``); otherwise the route answers 404, exactly as if it were
not there. The token is the one ``mint_dev_token`` signs (the server's default scopes,
one hour); the user is ``demo`` unless the body names another. Each client address may
ask as often as the run limit allows.
"""

from __future__ import annotations

import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, Request, status
from pydantic import BaseModel, Field

from api.auth import mint_dev_token
from api.deps import SettingsDep, VerifierDep
from api.ops import take_quota

DEV_TOKEN_TTL_SECONDS = 3600

router = APIRouter(tags=["auth"])
logger = logging.getLogger(__name__)


class DevTokenRequest(BaseModel):
    user_id: str = Field(
        default="demo", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$"
    )


class DevToken(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user_id: str
    expires_in: int


@router.post("/auth/dev-token")
async def dev_token(
    request: Request,
    settings: SettingsDep,
    verifier: VerifierDep,
    body: Annotated[DevTokenRequest | None, Body()] = None,
) -> DevToken:
    if not verifier.sign_in.development:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Not Found")
    client = request.client.host if request.client else "unknown"
    take_quota(request, ("dev-token", client), "dev-token")
    user_id = (body or DevTokenRequest()).user_id
    token = mint_dev_token(settings, user_id, DEV_TOKEN_TTL_SECONDS)
    logger.info("development sign-in token minted for %s", user_id)
    return DevToken(access_token=token, user_id=user_id, expires_in=DEV_TOKEN_TTL_SECONDS)
