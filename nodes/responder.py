"""The direct workflow: greetings, help, thanks and out-of-scope questions, without tools."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.state import Context, TurnState
from nodes.context import context_of
from nodes.history import recent
from nodes.llm import Models, chat, system
from nodes.prompts import RESPONDER
from nodes.types import Node


def make_responder(models: Models) -> Node[TurnState]:
    async def responder(state: TurnState, runtime: Runtime[Context]) -> dict[str, Any]:
        prompt = system("responder", RESPONDER, context_of(runtime))
        reply, fallbacks = await chat(models, "responder", [prompt, *recent(state["messages"])])
        return {"messages": [reply], "fallbacks": fallbacks}

    return responder
