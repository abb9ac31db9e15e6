"""The chat page's routes: ``/`` (the page), ``/static/…`` (its files), ``/web/config``.

Everything the page needs comes from this server; the Content-Security-Policy says so to
the browser, which then refuses anything from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.staticfiles import StaticFiles

from api.deps import SettingsDep, VerifierDep

STATIC_DIR = Path(__file__).parent / "static"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Revalidate on every load (ETag/Last-Modified make that cheap) so a new page is never stale.
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["web"])
_files = StaticFiles(directory=STATIC_DIR, check_dir=False)


class WebConfig(BaseModel):
    demo_sign_in: bool
    # The audience of task-server tokens, so the page can tell a person who pastes one
    # that it is the wrong kind (not a secret: every such token carries it).
    task_token_audience: str


@router.get("/", include_in_schema=False)
async def page() -> FileResponse:
    headers = {**NO_CACHE, "Content-Security-Policy": CONTENT_SECURITY_POLICY}
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=headers)


@router.get("/static/{path:path}", include_in_schema=False)
async def static_file(path: str, request: Request) -> Response:
    # StaticFiles answers 404 for a missing file and for any path leading outside the folder.
    response = await _files.get_response(path, request.scope)
    response.headers.update(NO_CACHE)
    return response


@router.get("/web/config")
async def web_config(verifier: VerifierDep, settings: SettingsDep) -> WebConfig:
    """What the page may offer: the demo sign-in only while development sign-in is on."""
    return WebConfig(
        demo_sign_in=verifier.sign_in.development,
        task_token_audience=settings.mcp_token_audience,
    )
