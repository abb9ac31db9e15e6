"""JSON bodies that come without a JSON content type are read as JSON.

Proxies in front of chat UIs (agent-chat-ui's passthrough among them) drop the
``Content-Type`` of the request or send ``text/plain``, which FastAPI would not parse as
JSON; ``langgraph dev`` reads the same bodies as JSON, so this server does too. Only bodies
on methods that carry one and whose content type is absent or ``text/plain`` are
relabelled; the input guard and the routes then see an ordinary JSON request. Sign-in is
by header, never cookie, so a cross-site ``text/plain`` post gains nothing.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON = "application/json"


def _relabel(content_type: str | None) -> bool:
    if not content_type:
        return True
    return content_type.split(";", 1)[0].strip().lower() == "text/plain"


class JsonBodyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and _relabel(Headers(scope=scope).get("content-type"))
        ):
            scope = dict(scope)
            MutableHeaders(scope=scope)["content-type"] = JSON
        await self.app(scope, receive, send)
