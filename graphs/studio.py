"""The graphs LangGraph Studio draws and runs (``langgraph dev``; see ``langgraph.json``).

Compiled without a checkpointer or store: the LangGraph server refuses one and brings
its own. Nothing connects here. The task tools are defined in-process and each call
opens its own session to the task MCP server at ``MCP_TASK_SERVER_URL`` (start one
with ``orchestrator mcp``), acting for the ``user_id`` of the run's context. The
models come from the settings: the offline model unless ``OPENAI_API_KEY`` is set.
"""

from __future__ import annotations

from langgraph.graph.state import CompiledStateGraph

from chatmodels.factory import build_chat_model, build_fallback_model
from graphs.hierarchical import build_hierarchical
from graphs.orchestrator import build_orchestrator
from graphs.parallel import build_parallel
from graphs.sequential import build_sequential
from graphs.state import (
    Context,
    HierarchicalState,
    InputState,
    OrchestratorOutput,
    OrchestratorState,
    ParallelState,
    SequentialState,
    WorkflowOutput,
)
from mcpclient.static import task_tools_per_call
from nodes.llm import Models
from settings import Settings

_settings = Settings()
_models = Models(
    primary=build_chat_model(_settings),
    fallback=build_fallback_model(_settings),
    timeout=_settings.model_timeout_seconds,
)
# A new MCP session per tool call (≈40–50 ms each): fine for Studio, and nothing to open here.
_tools = task_tools_per_call(_settings)
_limit = _settings.max_tasks_per_turn

orchestrator: CompiledStateGraph[OrchestratorState, Context, InputState, OrchestratorOutput] = (
    build_orchestrator(_models, _tools, task_limit=_limit).compile(name="orchestrator")
)
sequential: CompiledStateGraph[SequentialState, Context, InputState, WorkflowOutput] = (
    build_sequential(_models, _tools, task_limit=_limit).compile(name="sequential")
)
parallel: CompiledStateGraph[ParallelState, Context, InputState, WorkflowOutput] = build_parallel(
    _models, _tools, task_limit=_limit
).compile(name="parallel")
hierarchical: CompiledStateGraph[HierarchicalState, Context, InputState, WorkflowOutput] = (
    build_hierarchical(_models, _tools, task_limit=_limit).compile(name="hierarchical")
)
