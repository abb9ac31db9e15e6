"""The specialist: a tool-calling agent step over the MCP task tools.

The same node serves the sequential specialist and the parallel workers; only the
prompt differs. The model sees the system prompt and the recent thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.tools import BaseTool
from langgraph.runtime import Runtime

from chatmodels.contract import Role
from chatmodels.messages import is_user_request
from graphs.state import Context, TurnState
from nodes.context import context_of
from nodes.history import recent
from nodes.llm import Models, chat, system
from nodes.types import Node

MAX_AGENT_STEPS = 8
STEP_LIMIT_REPLY = (
    "I stopped before finishing: this request needed more steps than I allow in one turn. "
    "Nothing else was changed; please try a smaller request."
)


def steps_this_turn(messages: Sequence[BaseMessage]) -> int:
    """Model steps taken since the user's latest request."""
    steps = 0
    for message in reversed(messages):
        if is_user_request(message):
            break
        if isinstance(message, AIMessage):
            steps += 1
    return steps


def make_specialist(
    models: Models, tools: Sequence[BaseTool], prompt: str, name: str
) -> Node[TurnState]:
    role: Role = "worker" if name == "worker" else "specialist"

    async def specialist(state: TurnState, runtime: Runtime[Context]) -> dict[str, Any]:
        messages = state["messages"]
        if steps_this_turn(messages) >= MAX_AGENT_STEPS:
            return {"messages": [AIMessage(content=STEP_LIMIT_REPLY)]}
        head = system(role, prompt, context_of(runtime))
        reply, fallbacks = await chat(models, name, [head, *recent(messages)], tools)
        return {"messages": [reply], "fallbacks": fallbacks}

    return specialist


def wants_tools(state: TurnState) -> bool:
    last = state["messages"][-1]
    return isinstance(last, AIMessage) and bool(last.tool_calls)


def after_specialist(state: TurnState) -> Literal["tools", "validator"]:
    return "tools" if wants_tools(state) else "validator"


def after_worker(state: TurnState) -> Literal["tools", "report"]:
    return "tools" if wants_tools(state) else "report"
