"""Handing a turn to a workflow subgraph with only what it needs; taking back what it added.

Added as a node itself, a subgraph would get the parent's whole ``messages`` as its input
and keep a copy of the conversation in its own checkpoints every turn. The delegate
gives it the brief instead: the recent thread a model may see (``nodes.history.recent``,
which ends with the person's request), and hands back only the messages the workflow
added, with its tool calls and fallbacks. It calls the subgraph inside the node, as
LangGraph runs a subgraph with its own state: it is still checkpointed in its own
namespace, streamed (``subgraphs=True``), drawn (``xray``) and resumed after an
approval (the node runs again; the subgraph carries on from its checkpoint).

Durability per level: the turn runner (``engine.turns.runner``) runs the root with
``"sync"`` (a tool call's idempotency key derives from the checkpoint its step started
from), and the workflows inherit it, their own subgraphs (the parallel workers, the
operational level) too: every level whose steps lead to a tool call stores each step's
checkpoint before the next step runs. ``"exit"`` for the workflows was weighed and not
taken: it stores one checkpoint per workflow run instead of one per step, but a turn
that died inside a workflow would run it again from its start, tool calls included.
With the conversation stored once (``graphs.state.Messages``) and the brief bounded, a
step's checkpoint is small, so ``"sync"`` costs little (``benchmarks.checkpoint_bytes``).
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph

from graphs.state import OrchestratorState
from nodes.history import recent


def brief(state: OrchestratorState) -> dict[str, Any]:
    """The workflow's input: the recent thread, ending with the person's request."""
    return {"messages": recent(state.get("messages") or [])}


def make_delegate(workflow: CompiledStateGraph[Any, Any, Any, Any]) -> Any:
    """A node running ``workflow`` on the brief; its update holds only what the turn added."""

    async def delegate(state: OrchestratorState, config: RunnableConfig) -> dict[str, Any]:
        given = brief(state)
        known = {message.id for message in given["messages"]}
        output = await workflow.ainvoke(given, config)
        added = [m for m in output.get("messages") or [] if m.id is None or m.id not in known]
        return {
            "messages": added,
            "tool_calls": list(output.get("tool_calls") or []),
            "fallbacks": list(output.get("fallbacks") or []),
        }

    delegate.__name__ = workflow.name
    return delegate
