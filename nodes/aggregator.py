"""The aggregator: one reply for all subtasks, failures reported, never hidden."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AnyMessage, HumanMessage
from langgraph.runtime import Runtime

from graphs.state import Context, ParallelState, SubtaskResult
from nodes.llm import Models, chat, system
from nodes.prompts import AGGREGATOR
from nodes.types import Node


def _status(result: SubtaskResult) -> str:
    if result["ok"]:
        return "ok"
    return "not approved" if result.get("declined") else "failed"


def results_text(results: Sequence[SubtaskResult]) -> str:
    return "\n".join(
        f"{r['id']}. [{_status(r)}] {r['request']} -> {r['summary']}"
        for r in sorted(results, key=lambda r: r["id"])
    )


def make_aggregator(models: Models) -> Node[ParallelState]:
    async def aggregator(state: ParallelState, runtime: Runtime[Context]) -> dict[str, Any]:
        results = sorted(state.get("results") or [], key=lambda r: r["id"])
        prompt = system("aggregator", AGGREGATOR, results=results_text(results))
        reply, fallbacks = await chat(models, "aggregator", [prompt, HumanMessage("Report back.")])
        transcripts: list[AnyMessage] = [m for r in results for m in r["transcript"]]
        return {"messages": [*transcripts, reply], "fallbacks": fallbacks}

    return aggregator
