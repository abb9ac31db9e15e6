"""The validator: checks the specialist's reply against the tool results and the store.

Two checks: every change a tool reported is re-read from the task store (a created
task exists, a completed one is completed, a deleted one is gone), and the model
compares the reply's claims with the tool results. On a mismatch the specialist is
sent back with the findings, a bounded number of times; then the reply says
plainly what could not be confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.messages import AIMessage, HumanMessage, ToolCall
from langchain_core.tools import BaseTool
from langgraph.runtime import Runtime
from langgraph.types import Command

from chatmodels.messages import validator_note
from graphs.state import Context, SequentialState, ToolCallRecord, Verdict
from nodes.context import context_of
from nodes.llm import Models, structured, system
from nodes.prompts import VALIDATOR, VALIDATOR_FINDINGS
from nodes.tools import ToolRunner
from nodes.types import Node

MAX_VALIDATION_ROUNDS = 2


def _payload(record: ToolCallRecord) -> dict[str, Any]:
    try:
        value = json.loads(record["output"])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def evidence(records: Sequence[ToolCallRecord]) -> str:
    lines = [
        f"- {r['name']}({json.dumps(r['args'])}) -> {'ok' if r['ok'] else 'ERROR'}: {r['output']}"
        for r in records
    ]
    return "\n".join(lines) or "(no tools were called)"


async def store_mismatches(
    runner: ToolRunner, records: Sequence[ToolCallRecord], context: Context
) -> list[str]:
    """Re-read each task a successful tool call changed, and report what does not hold."""
    problems: list[str] = []
    for record in records:
        status = _payload(record).get("status") if record["ok"] else None
        task_id = _payload(record).get("task_id")
        if status is None or task_id is None:
            continue
        call = ToolCall(name="get_task", args={"task_id": task_id}, id=f"verify-{task_id}")
        found = await runner.run(call, context)
        exists = found.status != "error"
        task = json.loads(found.text) if exists else {}
        if status == "deleted" and exists:
            problems.append(f"task {task_id} was reported deleted but still exists")
        elif status in {"created", "updated"} and not exists:
            problems.append(f"task {task_id} was reported {status} but does not exist")
        elif status == "completed" and not task.get("completed"):
            problems.append(f"task {task_id} was reported completed but is not")
    return problems


def make_validator(models: Models, tools: Sequence[BaseTool]) -> Node[SequentialState]:
    runner = ToolRunner(tools)
    can_read_store = any(t.name == "get_task" for t in tools)

    async def validator(
        state: SequentialState, runtime: Runtime[Context]
    ) -> Command[Literal["specialist", "__end__"]]:
        records = state.get("tool_calls") or []
        reply = state["messages"][-1]
        problems = (
            await store_mismatches(runner, records, context_of(runtime)) if can_read_store else []
        )
        prompt = system("validator", VALIDATOR, evidence=evidence(records), reply=reply.text)
        verdict, fallbacks = await structured(
            models, "validator", Verdict, [prompt, HumanMessage("Check it.")]
        )
        if not verdict.ok and verdict.findings:
            problems.append(verdict.findings)
        rounds = state.get("validation_rounds", 0)
        if not problems:
            return Command(goto="__end__", update={"fallbacks": fallbacks})
        findings = "; ".join(problems)
        if rounds < MAX_VALIDATION_ROUNDS:
            note = validator_note(VALIDATOR_FINDINGS.format(findings=findings))
            return Command(
                goto="specialist",
                update={
                    "messages": [note],
                    "validation_rounds": rounds + 1,
                    "fallbacks": fallbacks,
                },
            )
        honest = AIMessage(
            content=f"{reply.text}\n\nI could not confirm all of this, though: {findings}.",
            response_metadata=dict(getattr(reply, "response_metadata", None) or {}),
        )
        return Command(goto="__end__", update={"messages": [honest], "fallbacks": fallbacks})

    return validator
