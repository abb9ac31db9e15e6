"""Running the server in production: metrics, health, request ids and JSON logs, guards.

``install_ops(app, settings)`` (called by ``create_app``) puts ``app.state.metrics``,
``app.state.rate_limiter`` and ``app.state.health`` in place and adds the request
middlewares (request id, logs and metrics; Starlette's body limit). The hooks other modules use:

- ``request.app.state.metrics``: a ``Metrics`` (``observe_run``, ``count_tool_call``, …);
- ``current_request_id()``: the id of the request being served (None outside one);
- ``RunQuota`` / ``ChatQuota`` / ``rate_limit(scope)``: the per-user token bucket (429);
- ``check_message_size(text, settings)`` / ``check_run_input(input, settings)``: 422;
- ``log_config(settings)``: JSON logging for ``uvicorn.run(..., log_config=...)``.

Odd input (control characters, lone surrogates, non-finite or huge numbers) is refused
with 422 by ``InputGuardMiddleware`` before any route runs; database trouble answers
503 with ``Retry-After`` (unreachable) or 422 (unstorable), see ``api.ops.dberrors``.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.cors import CORSMiddleware

from api.ops.dberrors import install_database_errors
from api.ops.headers import SecurityHeadersMiddleware
from api.ops.health import HealthChecker
from api.ops.inputguard import InputGuardMiddleware
from api.ops.jsonbody import JsonBodyMiddleware
from api.ops.jsonlog import JsonFormatter, RequestIdFilter, log_config
from api.ops.limits import check_message_size, check_run_input
from api.ops.metrics import Metrics
from api.ops.middleware import RequestContextMiddleware
from api.ops.ratelimit import ChatQuota, RateLimiter, RunQuota, rate_limit, take_quota
from api.ops.requestid import REQUEST_ID_HEADER, current_request_id
from settings import Settings


def install_ops(app: FastAPI, settings: Settings) -> None:
    """Give ``app`` its own metrics, rate limiter and health checker, and the middlewares."""
    metrics = Metrics()
    app.state.metrics = metrics
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.health = HealthChecker(settings)
    install_database_errors(app)
    # The last added runs first: the request id is bound before the body limit answers,
    # and the input guard reads a body the limit already bounds.
    app.add_middleware(InputGuardMiddleware)
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    # Outermost, so that even the safe 500 of the request middleware carries the headers.
    app.add_middleware(SecurityHeadersMiddleware)
    origins = settings.cors_origins
    if origins:  # a preflight is answered before sign-in, as browsers require
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_credentials=settings.cors_allow_credentials,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["Content-Location", "Location", "X-Request-ID", "Retry-After"],
            max_age=600,
        )


__all__ = [
    "REQUEST_ID_HEADER",
    "ChatQuota",
    "HealthChecker",
    "JsonFormatter",
    "Metrics",
    "RateLimiter",
    "RequestIdFilter",
    "RunQuota",
    "check_message_size",
    "check_run_input",
    "current_request_id",
    "install_ops",
    "log_config",
    "rate_limit",
    "take_quota",
]
