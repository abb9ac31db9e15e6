"""The tool-executing node: runs the model's tool calls, asking a person first when needed.

Calls run one after another in the order the model gave them, so "add bread, cheese
and wine" numbers the tasks in that order. MCP results arrive as lists of content
blocks; they are flattened to one string here, because some OpenAI-compatible
servers refuse list content in tool messages.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs.state import Context, ToolCallRecord, TurnState
from nodes.approval import (
    REJECTED,
    Change,
    approval_request,
    describe,
    is_approved,
    needs_approval,
)
from nodes.context import context_of
from nodes.identity import acting_as
from nodes.task_limit import (
    ADD_TOOL,
    MAX_TASKS_PER_TURN,
    TASK_LIMIT_REFUSED,
    allowance,
    allowed_to_create,
)
from nodes.types import Node


def _text(message: BaseMessage) -> str:
    return message.text if isinstance(message.content, list) else str(message.content)


def _last_calls(messages: Sequence[BaseMessage]) -> list[ToolCall]:
    last = messages[-1] if messages else None
    return list(last.tool_calls) if isinstance(last, AIMessage) else []


class ToolRunner:
    """Runs tool calls against a fixed set of LangChain tools as the run's user."""

    def __init__(self, tools: Sequence[BaseTool]) -> None:
        self._tools = {t.name: t for t in tools}

    async def run(self, call: ToolCall, context: Context) -> ToolMessage:
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
        with acting_as(context):
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
    return ToolCallRecord(
        name=call["name"],
        args=dict(call["args"]),
        ok=message.status != "error",
        output=_text(message)[:2000],
    )


def _refused(call: ToolCall, text: str) -> ToolMessage:
    return ToolMessage(
        content=text, tool_call_id=call["id"] or "", name=call["name"], status="error"
    )


def make_tool_node(
    tools: Sequence[BaseTool], task_limit: int = MAX_TASKS_PER_TURN
) -> Node[TurnState]:
    runner = ToolRunner(tools)

    async def run_tools(state: TurnState, runtime: Runtime[Context]) -> dict[str, Any]:
        calls = _last_calls(state["messages"])
        approved = True
        if needs_approval(calls):
            changes: list[Change] = [
                describe(c, await runner.title_of(c["args"].get("task_id"), context_of(runtime)))
                for c in calls
                if c["name"] in {"complete_task", "update_task", "delete_task"}
            ]
            approved = is_approved(interrupt(approval_request(changes)))
        additions = [dict(c["args"]) for c in calls if c["name"] == ADD_TOOL]
        may_add, answer = (
            allowed_to_create(state, additions, allowance(state, task_limit))
            if approved
            else (False, {})
        )
        messages: list[ToolMessage] = []
        for call in calls:
            if not approved:
                messages.append(_refused(call, REJECTED))
            elif call["name"] == ADD_TOOL and not may_add:
                messages.append(_refused(call, TASK_LIMIT_REFUSED))
            else:
                messages.append(await runner.run(call, context_of(runtime)))
        records = [_record(c, m) for c, m in zip(calls, messages, strict=True)]
        return {"messages": messages, "tool_calls": records, **answer}

    return run_tools
