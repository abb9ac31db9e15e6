"""The tool-executing node: runs the model's tool calls, asking a person first when needed.

Independent calls of one step run at the same time; additions, and calls on the same
task, keep the model's order (``nodes.tool_lanes``), so "add bread, cheese and wine"
numbers the tasks in that order. The messages come back in the model's order whatever
finished first. MCP results arrive as lists of content blocks; they are flattened to
one string here, because some OpenAI-compatible servers refuse list content in tool
messages.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.runtime import Runtime

from graphs.state import Context, ToolCallRecord, TurnState
from mcpclient.origin import calling_from
from nodes.answers import ask
from nodes.approval import (
    MUTATING_TOOLS,
    REJECTED,
    approval_request,
    declined,
    describe,
    needs_approval,
)
from nodes.context import context_of
from nodes.decisions import Decision, decisions_of
from nodes.effects import call_origin
from nodes.identity import acting_as
from nodes.task_limit import (
    ADD_TOOL,
    MAX_TASKS_PER_TURN,
    TASK_LIMIT_REFUSED,
    allowance,
    allowed_to_create,
)
from nodes.tool_lanes import Lane, stages
from nodes.types import Node
from taskservice.effects import Origin


def _text(message: BaseMessage) -> str:
    return message.text if isinstance(message.content, list) else str(message.content)


def _last_calls(messages: Sequence[BaseMessage]) -> list[ToolCall]:
    last = messages[-1] if messages else None
    return list(last.tool_calls) if isinstance(last, AIMessage) else []


class ToolRunner:
    """Runs tool calls against a fixed set of LangChain tools as the run's user."""

    def __init__(self, tools: Sequence[BaseTool]) -> None:
        self._tools = {t.name: t for t in tools}

    async def run(
        self, call: ToolCall, context: Context, origin: Origin | None = None
    ) -> ToolMessage:
        """Run ``call`` as the context's user; ``origin``: its idempotency key and run."""
        tool = self._tools.get(call["name"])
        if tool is None:
            return ToolMessage(
                content=f"Error: there is no tool named {call['name']!r}.",
                tool_call_id=call["id"] or "",
                name=call["name"],
                status="error",
            )
        # A tool call without an id would make the tool return bare content, not a message.
        call = ToolCall(name=call["name"], args=call["args"], id=call["id"] or uuid.uuid4().hex)
        with acting_as(context), calling_from(origin):
            result = await tool.ainvoke({**call, "type": "tool_call"})
        message = (
            result
            if isinstance(result, ToolMessage)
            else ToolMessage(content=str(result), tool_call_id=call["id"] or "")
        )
        return message.model_copy(update={"content": _text(message), "name": call["name"]})

    async def title_of(self, task_id: Any, context: Context) -> str | None:
        if "get_task" not in self._tools or task_id is None:
            return None
        call = ToolCall(name="get_task", args={"task_id": task_id}, id="approval-lookup")
        message = await self.run(call, context)
        if message.status == "error":
            return None
        try:
            title = json.loads(_text(message)).get("title")
        except (ValueError, AttributeError):
            return None
        return title if isinstance(title, str) else None


def _record(call: ToolCall, message: ToolMessage) -> ToolCallRecord:
    record = ToolCallRecord(
        name=call["name"],
        args=dict(call["args"]),
        ok=message.status != "error",
        output=_text(message)[:2000],
    )
    if declined(message):
        record["rejected"] = True
    return record


def _refused(call: ToolCall, text: str) -> ToolMessage:
    return ToolMessage(
        content=text, tool_call_id=call["id"] or "", name=call["name"], status="error"
    )


def _rejected(call: ToolCall, decision: Decision) -> ToolMessage:
    said = f" The user said: {decision.message}" if decision.message else ""
    return _refused(call, REJECTED + said)


def _decided(call: ToolCall, decision: Decision | None) -> ToolCall:
    """The call as the person let it run: an edit's arguments replace the model's."""
    if decision is None or decision.type != "edit":
        return call
    return ToolCall(name=call["name"], args=dict(decision.args), id=call["id"])


def make_tool_node(
    tools: Sequence[BaseTool], task_limit: int = MAX_TASKS_PER_TURN
) -> Node[TurnState]:
    runner = ToolRunner(tools)

    async def review(
        calls: list[ToolCall], context: Context, runtime: Runtime[Context]
    ) -> list[Decision | None]:
        """The person's decision on each call that needs one (None: asks no one)."""
        if not needs_approval(calls):
            return [None for _ in calls]
        reviewed = [c for c in calls if c["name"] in MUTATING_TOOLS]
        changes = [
            describe(c, await runner.title_of(c["args"].get("task_id"), context), context.timezone)
            for c in reviewed
        ]
        request = approval_request(changes)
        configs = request["review_configs"]
        answers = iter(await ask(runtime, "review", request, lambda a: decisions_of(a, configs)))
        return [next(answers) if c["name"] in MUTATING_TOOLS else None for c in calls]

    async def run_tools(state: TurnState, runtime: Runtime[Context]) -> dict[str, Any]:
        asked = _last_calls(state["messages"])
        context = context_of(runtime)
        decisions = await review(asked, context, runtime)
        calls = [_decided(c, d) for c, d in zip(asked, decisions, strict=True)]
        given = [d for d in decisions if d is not None]
        # Rejecting everything that was asked about refuses the whole step, as it always has.
        proceed = not given or not all(d.rejects for d in given)
        additions = [dict(c["args"]) for c in calls if c["name"] == ADD_TOOL]
        may_add, answer = (
            await allowed_to_create(state, additions, allowance(state, task_limit), runtime)
            if proceed
            else (False, {})
        )
        answered: dict[int, ToolMessage] = {}
        runnable: list[tuple[int, ToolCall]] = []
        for index, (call, decision) in enumerate(zip(calls, decisions, strict=True)):
            if decision is not None and decision.rejects:
                answered[index] = _rejected(call, decision)
            elif not proceed:
                answered[index] = _refused(call, REJECTED)
            elif call["name"] == ADD_TOOL and not may_add:
                answered[index] = _refused(call, TASK_LIMIT_REFUSED)
            else:
                runnable.append((index, call))
        answered.update(await _run_step(runner, runnable, context, runtime))
        messages = [answered[index] for index in range(len(calls))]
        records = [_record(c, m) for c, m in zip(calls, messages, strict=True)]
        update: dict[str, Any] = {"messages": [*_edited(state["messages"], calls), *messages]}
        return {**update, "tool_calls": records, **answer}

    return run_tools


async def _run_step(
    runner: ToolRunner,
    calls: list[tuple[int, ToolCall]],
    context: Context,
    runtime: Runtime[Context],
) -> dict[int, ToolMessage]:
    """Each call's message by its position: stage after stage, a stage's lanes at once.

    Each call carries its idempotency key: the model's call id (or its position).
    """
    results: dict[int, ToolMessage] = {}

    async def run_lane(lane: Lane) -> None:
        for index, call in lane:
            origin = call_origin(runtime, call["id"] or f"#{index}")
            results[index] = await runner.run(call, context, origin)

    for stage in stages(calls):
        if len(stage) == 1:
            await run_lane(stage[0])
            continue
        try:
            async with asyncio.TaskGroup() as group:
                for lane in stage:
                    group.create_task(run_lane(lane))
        except BaseExceptionGroup as failed:  # the node's retry policy reads the error itself
            raise failed.exceptions[0] from None
    return results


def _edited(messages: Sequence[BaseMessage], calls: list[ToolCall]) -> list[AIMessage]:
    """The model's message again (same id: it replaces itself) when a person edited a call."""
    last = messages[-1]
    if not isinstance(last, AIMessage) or [c["args"] for c in last.tool_calls] == [
        c["args"] for c in calls
    ]:
        return []
    return [last.model_copy(update={"tool_calls": calls})]
