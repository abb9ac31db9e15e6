"""The request middleware: correlation id, access log, metrics and safe 500s.

Pure ASGI middlewares (no ``BaseHTTPMiddleware``), so streamed responses pass through
untouched and the request id set here is seen by the route, by everything it awaits,
and by every task it starts (context variables are copied into new tasks).
"""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ops.metrics import Metrics
from api.ops.requestid import (
    REQUEST_ID_HEADER,
    accept_request_id,
    bind_request_id,
    reset_request_id,
)

access_log = logging.getLogger("api.access")
error_log = logging.getLogger("api.errors")

UNMATCHED_ROUTE = "<unmatched>"


def route_template(scope: Scope) -> str:
    """The matched route's path template (``/threads/{thread_id}``), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class RequestContextMiddleware:
    """Binds the request id, echoes it as ``X-Request-ID``, logs and measures the request.

    An exception that escapes the app before the response started becomes a JSON 500
    carrying only the request id; the traceback goes to the log, never to the client.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accept_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        token = bind_request_id(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False
        finished = False

        def finish() -> None:
            # Once, and before the last byte goes out: whoever got the whole response
            # can count on its log line and its metrics being there.
            nonlocal finished
            if finished:
                return
            finished = True
            seconds = time.perf_counter() - started
            route = route_template(scope)
            self.metrics.observe_request(scope["method"], route, status, seconds)
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "request_id": request_id,
                },
            )

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finish()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error in %s %s", scope["method"], route_template(scope))
            if response_started:
                raise
            status = 500
            body = {"detail": "Internal server error.", "request_id": request_id}
            await JSONResponse(body, status_code=500)(scope, receive, send_with_id)
        finally:
            finish()  # a response cut short (client gone, error mid-stream)
            reset_request_id(token)
