"""Opening the orchestrator with everything it needs, and closing it again.

One place builds what the CLI, the evaluation and (later) the chat server run:
the task service, the task MCP server (embedded in this process unless
``MCP_TASK_SERVER_URL`` names one), the MCP tools, the chat models, the
checkpointer and store, and the orchestrator graph compiled once with them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from chatmodels.factory import build_chat_model, build_fallback_model
from langchain_core.language_models import BaseChatModel
from langgraph.graph.state import CompiledStateGraph
from mcpclient.loader import McpToolbox
from persistence.factory import open_persistence
from taskservice.service import TaskService

from api.settings import Settings
from graphs.orchestrator import build_orchestrator
from mcpclient.config import load_servers_config
from nodes.llm import Models
from taskmcp.http import serve_task_server


@dataclass(frozen=True)
class Engine:
    settings: Settings
    graph: CompiledStateGraph[Any, Any, Any, Any]
    tasks: TaskService
    toolbox: McpToolbox
    models: Models
    task_server_url: str


@asynccontextmanager
async def open_engine(
    settings: Settings, *, model: BaseChatModel | None = None
) -> AsyncIterator[Engine]:
    async with AsyncExitStack() as stack:
        tasks = await TaskService.open(settings.resolved_task_database_url, migrate=True)
        stack.push_async_callback(tasks.close)
        url = settings.mcp_task_server_url
        if url is None:
            server = await stack.enter_async_context(serve_task_server(settings, service=tasks))
            url = server.url
        config = load_servers_config(settings, task_server_url=url)
        toolbox = await stack.enter_async_context(McpToolbox.open(settings, config))
        models = Models(
            primary=model or build_chat_model(settings),
            fallback=None if model else build_fallback_model(settings),
        )
        persistence = await stack.enter_async_context(open_persistence(settings))
        graph = build_orchestrator(models, toolbox.tools).compile(
            checkpointer=persistence.checkpointer, store=persistence.store, name="orchestrator"
        )
        yield Engine(settings, graph, tasks, toolbox, models, url)
