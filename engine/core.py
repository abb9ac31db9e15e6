"""Opening the orchestrator with everything it needs, and closing it again.

One place builds what the CLI, the evaluation and (later) the chat server run:
the task service, the task MCP server (embedded in this process unless
``MCP_TASK_SERVER_URL`` names one), the MCP tools, the chat models, the
checkpointer and store, and the orchestrator graph compiled once with them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool
from langgraph.graph import StateGraph
from langgraph.graph.state import CompiledStateGraph

from chatmodels.factory import build_chat_model, build_fallback_model
from chatmodels.offline import OfflineChatModel
from engine.tracing import Tracing, open_tracing
from graphs.hierarchical import build_hierarchical
from graphs.orchestrator import build_orchestrator
from graphs.parallel import build_parallel
from graphs.sequential import build_sequential
from graphs.state import CHECKPOINT_TYPES
from mcpclient.config import load_servers_config
from mcpclient.loader import McpToolbox
from nodes.llm import Models
from persistence.factory import Persistence, open_persistence
from settings import Settings
from taskmcp.auth import with_process_secret
from taskmcp.http import serve_task_server
from taskservice.service import TaskService


class Builder(Protocol):
    """A workflow builder: the models, the tools, and how many tasks a turn creates unasked."""

    def __call__(
        self, models: Models, tools: Sequence[BaseTool], *, task_limit: int
    ) -> StateGraph[Any, Any, Any, Any]: ...


BUILDERS: dict[str, Builder] = {
    "orchestrator": build_orchestrator,
    "sequential": build_sequential,
    "parallel": build_parallel,
    "hierarchical": build_hierarchical,
}

Compiled = CompiledStateGraph[Any, Any, Any, Any]


@dataclass(frozen=True)
class Engine:
    settings: Settings
    graphs: dict[str, Compiled]  # every graph of langgraph.json, compiled once
    tasks: TaskService
    toolbox: McpToolbox
    models: Models
    persistence: Persistence
    task_server_url: str
    tracing: Tracing = field(default_factory=Tracing)

    @property
    def graph(self) -> Compiled:
        """The graph people talk to."""
        return self.graphs["orchestrator"]


@asynccontextmanager
async def open_engine(
    settings: Settings, *, model: BaseChatModel | None = None
) -> AsyncIterator[Engine]:
    async with AsyncExitStack() as stack:
        # Entered first, so closed last: runs of the whole shutdown are flushed.
        tracing = await stack.enter_async_context(open_tracing())
        tasks = await TaskService.open(settings.resolved_task_database_url, migrate=True)
        stack.push_async_callback(tasks.close)
        url = settings.mcp_task_server_url
        if url is None:
            # The embedded server trusts only tokens signed with a secret born in this process.
            settings = with_process_secret(settings)
            server = await stack.enter_async_context(serve_task_server(settings, service=tasks))
            url = server.url
        config = load_servers_config(settings, task_server_url=url)
        toolbox = await stack.enter_async_context(McpToolbox.open(settings, config))
        models = Models(
            primary=model or build_chat_model(settings),
            # An injected model, like a hosted one, has the offline model behind it.
            fallback=build_fallback_model(settings) if model is None else OfflineChatModel(),
            timeout=settings.model_timeout_seconds,
        )
        persistence = await stack.enter_async_context(
            open_persistence(settings, state_types=CHECKPOINT_TYPES)
        )
        graphs: dict[str, Compiled] = {
            name: build(models, toolbox.tools, task_limit=settings.max_tasks_per_turn)
            .compile(checkpointer=persistence.checkpointer, store=persistence.store, name=name)
            .with_config(tracing.config())
            for name, build in BUILDERS.items()
        }
        yield Engine(settings, graphs, tasks, toolbox, models, persistence, url, tracing)
