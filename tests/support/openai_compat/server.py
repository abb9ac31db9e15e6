"""Running the app with uvicorn on a free loopback port, in a thread of its own.

Its own thread and event loop, like a remote server: a hung request or the offline model's
work never stalls the event loop of the client under test, and client timeouts measure
the server alone.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import uvicorn

from tests.support.openai_compat.app import (
    FaultKind,
    Hold,
    RecordedRequest,
    ServerState,
    create_app,
)

STARTUP_TIMEOUT_SECONDS = 15.0
DEFAULT_MODELS = ("gpt-4o-mini",)


class OpenAICompatServer:
    """A running server: its base URL, what it received, and the faults to inject next."""

    def __init__(self, state: ServerState, port: int) -> None:
        self._state = state
        self.port = port

    @property
    def base_url(self) -> str:
        """The OpenAI ``base_url`` (ends in ``/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def api_key(self) -> str:
        return self._state.api_key

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request so far, in arrival order (a copy)."""
        return list(self._state.records)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.is_chat]

    def clear(self) -> None:
        self._state.records.clear()

    def hold(self, picks: Callable[[dict[str, Any]], bool]) -> threading.Event:
        """Hang the first chat request whose JSON body ``picks`` accepts (until its client
        goes away); the event is set when it arrives."""
        hold = Hold(picks)
        self._state.holds.append(hold)
        return hold.arrived

    def fail_next(self, count: int, kind: FaultKind = "error") -> None:
        """The next ``count`` chat-completion requests fail (HTTP 500) or hang."""
        self._state.faults.extend([kind] * count)

    @property
    def pending_faults(self) -> int:
        return len(self._state.faults)


@contextlib.contextmanager
def serve_openai_compat(
    *, api_key: str, models: Sequence[str] = DEFAULT_MODELS, latency: float = 0.0
) -> Iterator[OpenAICompatServer]:
    """Serve until the block exits; hung requests are released and the thread joined.

    ``latency``: seconds each chat answer waits before it is computed and sent.
    """
    state = ServerState(api_key=api_key, models=tuple(models), latency=latency)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections wait in the backlog until uvicorn accepts them
    config = uvicorn.Config(
        create_app(state),
        lifespan="on",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="openai-compat", daemon=True
    )
    thread.start()
    try:
        if not state.started.wait(STARTUP_TIMEOUT_SECONDS):
            raise RuntimeError("the OpenAI-compatible test server did not start")
        yield OpenAICompatServer(state, int(sock.getsockname()[1]))
    finally:
        if state.loop is not None and state.release is not None:
            with contextlib.suppress(RuntimeError):  # the loop already closed
                state.loop.call_soon_threadsafe(state.release.set)
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT_SECONDS)
        sock.close()
