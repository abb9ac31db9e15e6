"""The ASGI app: ``POST /v1/chat/completions`` and ``GET /v1/models``, behind a bearer key.

Every request is recorded (any path, refused or not) for tests to assert on. Injected
faults apply to the next chat-completion requests, after the key is checked: ``"error"``
answers HTTP 500 (with a short ``retry-after-ms`` so client retries stay quick) and
``"hang"`` sends nothing until the client gives up and disconnects. A ``Hold`` does the
same to the first request its predicate picks, and says when that request arrived (a
test then knows how far a turn got). ``latency`` delays every answer, as a remote
model's would be.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support.openai_compat.brain import OfflineBrain
from tests.support.openai_compat.conversion import Reply, prompt_tokens
from tests.support.openai_compat.errors import WireError
from tests.support.openai_compat.validation import validate_chat_request

FaultKind = Literal["error", "hang"]
RETRY_AFTER_MS = "20"


@dataclass
class Hold:
    """The first chat request ``picks`` accepts hangs; ``arrived`` is set when it comes."""

    picks: Callable[[dict[str, Any]], bool]
    arrived: threading.Event = field(default_factory=threading.Event)


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int | None = None  # None while the request is still open (or never answered)
    error: str | None = None  # the refusal message, or the server-side failure
    reply: dict[str, Any] | None = None  # the assistant message sent (streamed or not)

    @property
    def is_chat(self) -> bool:
        return self.method == "POST" and self.path == "/v1/chat/completions"


@dataclass
class ServerState:
    """What the tests share with the server thread (appends and pops are thread-safe)."""

    api_key: str
    models: tuple[str, ...]
    records: list[RecordedRequest] = field(default_factory=list)
    faults: deque[FaultKind] = field(default_factory=deque)
    started: threading.Event = field(default_factory=threading.Event)
    loop: asyncio.AbstractEventLoop | None = None
    release: asyncio.Event | None = None  # set at shutdown: hung requests end
    holds: list[Hold] = field(default_factory=list)
    latency: float = 0.0  # seconds before each chat answer

    def take_hold(self, body: Any) -> Hold | None:
        for hold in list(self.holds):
            if isinstance(body, dict) and hold.picks(body):
                with contextlib.suppress(ValueError):  # another request took it meanwhile
                    self.holds.remove(hold)
                    return hold
        return None

    def take_fault(self) -> FaultKind | None:
        try:
            return self.faults.popleft()
        except IndexError:
            return None


def _error(error: WireError, record: RecordedRequest) -> JSONResponse:
    record.status, record.error = error.status, error.message
    headers = {"retry-after-ms": RETRY_AFTER_MS} if error.status >= 500 else None
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


def _check_key(request: Request, state: ServerState) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if not header:
        raise WireError(
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            status=401,
        )
    if scheme != "Bearer" or key != state.api_key:
        shown = f"{key[:3]}***{key[-2:]}" if len(key) > 5 else "***"
        raise WireError(f"Incorrect API key provided: {shown}.", code="invalid_api_key", status=401)


async def _record(request: Request, state: ServerState) -> RecordedRequest:
    raw = await request.body()
    try:
        body: Any = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    headers = {k: v for k, v in request.headers.items() if k != "authorization"}
    record = RecordedRequest(request.method, request.url.path, headers, body)
    state.records.append(record)
    return record


async def _hang(request: Request, state: ServerState) -> None:
    """Wait until the client disconnects (the body is read: the next message says so)."""
    assert state.release is not None
    disconnected = asyncio.ensure_future(request.receive())
    released = asyncio.ensure_future(state.release.wait())
    await asyncio.wait({disconnected, released}, return_when=asyncio.FIRST_COMPLETED)
    for waiter in (disconnected, released):
        waiter.cancel()


def create_app(state: ServerState) -> Starlette:
    brain = OfflineBrain()

    async def chat_completions(request: Request) -> Response:
        record = await _record(request, state)
        try:
            _check_key(request, state)
            fault = state.take_fault()
            if fault is None and (hold := state.take_hold(record.body)) is not None:
                hold.arrived.set()
                fault = "hang"
            if fault == "hang":
                await _hang(request, state)
                raise WireError("the client gave up waiting", status=504, kind="timeout")
            if fault == "error":
                raise WireError(
                    "The server had an error while processing your request.",
                    status=500,
                    kind="server_error",
                )
            validate_chat_request(record.body, state.models)
            if state.latency:
                await asyncio.sleep(state.latency)
            reply = await _answer(brain, record.body)
        except WireError as error:
            return _error(error, record)
        except Exception as bug:  # a bug in this server: tell the test, as a server error
            return _error(
                WireError(f"server bug: {bug!r}", status=500, kind="server_error"), record
            )
        record.status = 200
        record.reply = reply.completion()["choices"][0]["message"]
        if not record.body.get("stream"):
            return JSONResponse(reply.completion())
        options = record.body.get("stream_options") or {}
        return StreamingResponse(
            _sse(reply, include_usage=bool(options.get("include_usage"))),
            media_type="text/event-stream",
        )

    async def models(request: Request) -> Response:
        record = await _record(request, state)
        try:
            _check_key(request, state)
        except WireError as error:
            return _error(error, record)
        record.status = 200
        data = [
            {"id": name, "object": "model", "created": 0, "owned_by": "offline-compat"}
            for name in state.models
        ]
        return JSONResponse({"object": "list", "data": data})

    async def not_found(request: Request) -> Response:
        record = await _record(request, state)
        error = WireError(
            f"Invalid URL ({request.method} {request.url.path})", status=404, code="unknown_url"
        )
        return _error(error, record)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        state.loop = asyncio.get_running_loop()
        state.release = asyncio.Event()
        state.started.set()
        yield

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    routes = [
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/{path:path}", not_found, methods=methods),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


async def _answer(brain: OfflineBrain, body: dict[str, Any]) -> Reply:
    message = await brain.answer(body)
    return Reply(
        message=message,
        model=body["model"],
        prompt_tokens=prompt_tokens(body["messages"], body.get("tools")),
    )


async def _sse(reply: Reply, *, include_usage: bool) -> AsyncIterator[bytes]:
    for chunk in reply.chunks(include_usage=include_usage):
        yield f"data: {json.dumps(chunk)}\n\n".encode()
    yield b"data: [DONE]\n\n"
