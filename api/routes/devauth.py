"""``POST /auth/dev-token``: a sign-in token for trying the chat page without Better Auth.

Development and test only: in production the route answers 404, exactly as if it were
not there. The token is the one ``mint_dev_token`` signs (the server's default scopes,
one hour); the user is ``demo`` unless the body names another.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException, status
from pydantic import BaseModel, Field

from api.auth import mint_dev_token
from api.deps import SettingsDep

DEV_TOKEN_TTL_SECONDS = 3600

router = APIRouter(tags=["auth"])


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
    settings: SettingsDep, request: Annotated[DevTokenRequest | None, Body()] = None
) -> DevToken:
    if settings.is_production:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Not Found")
    user_id = (request or DevTokenRequest()).user_id
    token = mint_dev_token(settings, user_id, DEV_TOKEN_TTL_SECONDS)
    return DevToken(access_token=token, user_id=user_id, expires_in=DEV_TOKEN_TTL_SECONDS)
