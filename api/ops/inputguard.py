"""The input guard: odd input is refused with a 422 before any route (or database) sees it.

A pure ASGI middleware: the path and the query string are checked on every HTTP
request; a JSON body (``application/json``, ``…+json``, or no content type, which
FastAPI reads as JSON too) is read whole, checked, and handed on unchanged. What counts
as odd is ``api.ops.oddinput``; the answer is FastAPI's validation-error shape,
``{"detail": [{"type", "loc", "msg"}]}``, naming the field and never echoing the input.
Installed inside the body limit, so the body read here is already bounded.
"""

from __future__ import annotations

from email.message import Message as MimeMessage

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ops.oddinput import Problem, body_problem, path_problem, query_problem


def is_json(content_type: str | None) -> bool:
    """Whether FastAPI would read a body with this content type as JSON."""
    if not content_type:
        return True
    parsed = MimeMessage()
    parsed["content-type"] = content_type
    subtype = parsed.get_content_subtype()
    return parsed.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body, or what came before the client went away (and that message)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def replay(body: bytes, ended: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then whatever the client sends next."""
    first: Message = ended or {"type": "http.request", "body": body, "more_body": False}
    given = False

    async def replayed() -> Message:
        nonlocal given
        if not given:
            given = True
            return first
        return await receive()

    return replayed


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope["path"].encode()
        problem = path_problem(raw_path) or query_problem(scope.get("query_string", b""))
        if problem is None and is_json(Headers(scope=scope).get("content-type")):
            body, ended = await read_body(receive)
            if body:
                problem = body_problem(body)
            receive = replay(body, ended, receive)
        if problem is not None:
            await refuse(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def refuse(problem: Problem) -> JSONResponse:
    return JSONResponse({"detail": [problem.error()]}, status_code=422)
