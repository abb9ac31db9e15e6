"""LangSmith tracing for the engine: its own client, flushed on close, never in the way.

Tracing is on when ``LANGSMITH_TRACING`` (or ``LANGCHAIN_TRACING_V2``) is ``true``;
``LANGSMITH_ENDPOINT``, ``LANGSMITH_API_KEY`` and ``LANGSMITH_PROJECT`` say where the
traces go. These are LangSmith's own variables, read from the process environment
when the engine opens (never at import), so each engine gets a client of its own
instead of langsmith's process-wide one.

A LangSmith that is down or hangs costs nothing on the turn: runs are queued and
sent by the client's background thread (a full queue drops runs, it never blocks).
Closing waits for the queue at most ``FLUSH_TIMEOUT_SECONDS``, then drops what is
left, so leaving the engine is bounded too; a request already in flight is bounded
by the client's timeouts (``CONNECT_TIMEOUT_MS``, ``READ_TIMEOUT_MS``, one retry).

Each run carries what ``engine.turns.turn_config`` gives it (session id, a hash of the
user id, never the raw id); each workflow subgraph carries its ``workflow:<name>``
tag (``graphs.orchestrator``), and ``TurnTracer`` puts the same tag on the turn's
root run once the router has chosen.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from queue import Empty

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.runnables import RunnableConfig
from langchain_core.tracers.langchain import LangChainTracer
from langchain_core.tracers.schemas import Run
from langsmith import Client
from langsmith.utils import LangSmithRetry

from graphs.orchestrator import workflow_tag

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 3_000
READ_TIMEOUT_MS = 5_000
FLUSH_TIMEOUT_SECONDS = 5.0
_TRACING_FLAGS = (
    "LANGSMITH_TRACING",
    "LANGSMITH_TRACING_V2",
    "LANGCHAIN_TRACING_V2",
    "LANGCHAIN_TRACING",
)


def _first(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return value
    return None


def tracing_requested(environ: Mapping[str, str]) -> bool:
    return any((environ.get(flag) or "").strip().lower() == "true" for flag in _TRACING_FLAGS)


def build_client(environ: Mapping[str, str]) -> Client:
    """A LangSmith client with short timeouts and a single retry, from LangSmith's variables."""
    retry = LangSmithRetry(
        total=1,
        backoff_factor=0.5,
        status_forcelist=[429, 500, 502, 503, 504],
        allowed_methods=None,
        raise_on_redirect=False,
        raise_on_status=False,
    )
    return Client(
        api_url=_first(environ, "LANGSMITH_ENDPOINT", "LANGCHAIN_ENDPOINT"),
        api_key=_first(environ, "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"),
        timeout_ms=(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS),
        retry_config=retry,
    )


class TurnTracer(LangChainTracer):
    """Tags the root run of each turn with the workflow the router chose (``workflow:...``).

    The root run starts before the router decides; its end carries the graph's output,
    whose ``workflow`` names the choice, and the tags are sent with that end.
    """

    def _on_chain_end(self, run: Run) -> None:
        if run.parent_run_id is None:
            workflow = (run.outputs or {}).get("workflow")
            if isinstance(workflow, str) and workflow:
                run.tags = sorted({*(run.tags or []), workflow_tag(workflow)})
        super()._on_chain_end(run)


@dataclass(frozen=True)
class Tracing:
    """The engine's LangSmith client (None when tracing is off) and the callbacks using it."""

    client: Client | None = None
    callbacks: Sequence[BaseCallbackHandler] = field(default_factory=tuple)

    def config(self) -> RunnableConfig:
        """What a compiled graph takes in ``with_config`` to trace with this client."""
        return RunnableConfig(callbacks=list(self.callbacks)) if self.callbacks else {}


def _drop_unsent(client: Client) -> int:
    queue = client.tracing_queue
    dropped = 0
    while queue is not None:
        try:
            queue.get_nowait()
        except Empty:
            break
        queue.task_done()
        dropped += 1
    return dropped


async def close_client(client: Client, grace: float = FLUSH_TIMEOUT_SECONDS) -> None:
    """Send what is queued, waiting at most ``grace`` seconds; drop the rest."""
    # Client.flush waits on the queue with a deadline; the thread keeps the loop free.
    await asyncio.to_thread(client.flush, grace)
    dropped = _drop_unsent(client)
    if dropped:
        logger.warning(
            "LangSmith did not take the traces within %g s; %d run updates dropped",
            grace,
            dropped,
        )
    client.close(timeout=0)


@asynccontextmanager
async def open_tracing(
    environ: Mapping[str, str] | None = None, *, flush_timeout: float = FLUSH_TIMEOUT_SECONDS
) -> AsyncIterator[Tracing]:
    """Tracing for one engine, from ``environ`` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    if not tracing_requested(environ):
        yield Tracing()
        return
    client = build_client(environ)
    project = _first(environ, "LANGSMITH_PROJECT", "LANGCHAIN_PROJECT")
    tracer = TurnTracer(client=client, project_name=project)
    try:
        yield Tracing(client, (tracer,))
    finally:
        await close_client(client, flush_timeout)
