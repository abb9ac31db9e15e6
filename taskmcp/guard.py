"""Every tool call goes through here: who is calling, then the operation, then errors as results.

Identity comes from the bearer token of the HTTP request that carries the call, read
from the request FastMCP hands the tool (not from a contextvar set by middleware: the
SDK may run the handler in another task). Over stdio there is no request, and the
token is the one the server process was started with (one user per process). Where
a change comes from (its idempotency key, thread and run) is read from the call's
``_meta`` (``taskmcp.meta``) and handed to the operation.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server.fastmcp import Context
from mcp.server.session import ServerSession
from mcp.types import CallToolResult
from pydantic import ValidationError
from starlette.requests import Request

from settings import Settings
from taskmcp.auth import Identity, Unauthorized, bearer_token, verify_task_token
from taskmcp.dates import InvalidDateError
from taskmcp.meta import InvalidMeta, origin_of
from taskmcp.results import describe_validation_error, error_result
from taskservice.effects import Origin
from taskservice.errors import TaskError
from taskservice.service import TaskService

logger = logging.getLogger(__name__)

ToolContext = Context[ServerSession, Any, Any]
ServiceProvider = Callable[[], TaskService]
Operation = Callable[[Identity, TaskService, Origin], Awaitable[CallToolResult]]


class ToolGuard:
    """Authenticates a tool call and turns every failure into a tool error result."""

    def __init__(
        self,
        settings: Settings,
        service_provider: ServiceProvider,
        process_token: str | None = None,
    ) -> None:
        self._settings = settings
        self._service_provider = service_provider
        self._process_token = process_token

    def identity(self, ctx: ToolContext) -> Identity:
        """The verified caller of this tool call; raises ``Unauthorized``."""
        request = ctx.request_context.request
        if request is None:
            token = self._process_token
        elif isinstance(request, Request):
            token = bearer_token(request.headers.get("authorization"))
        else:
            token = None
        return verify_task_token(self._settings, token)

    async def run(self, ctx: ToolContext, tool: str, operation: Operation) -> CallToolResult:
        try:
            identity = self.identity(ctx)
        except Unauthorized as exc:
            return error_result(str(exc))
        meta = ctx.request_context.meta
        try:
            origin = origin_of(meta.model_dump() if meta is not None else None)
        except InvalidMeta as exc:
            return error_result(str(exc))
        try:
            return await operation(identity, self._service_provider(), origin)
        except (TaskError, InvalidDateError) as exc:
            return error_result(str(exc))
        except ValidationError as exc:
            return error_result(describe_validation_error(exc))
        except Exception:
            logger.exception("tool %s failed", tool)
            return error_result(f"{tool} failed because of an internal error; try again later.")
