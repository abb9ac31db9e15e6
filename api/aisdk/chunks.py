"""A turn as UI message chunks (the ``ai`` package's UI message stream protocol); pure.

One assistant message per turn: ``start`` (with the thread and run ids as message
metadata), one ``start-step`` ... ``finish-step`` for the run, then ``finish``. In
between, the agents at work are ``reasoning`` parts (one line each), the reply streams
as ``text`` parts (one per model message), each task tool call is a dynamic tool part
with its input and its output (or error), and each change waiting for approval is a
dynamic tool part in state ``approval-requested`` (``api.aisdk.approvals``). An error is
an ``error`` chunk, with the sentence a client may see. The transport sends each chunk as
``data: <json>`` and ends with ``data: [DONE]``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from api.aisdk.approvals import approval_id, tool_call_id
from api.frontends.activity import Activity, Failed, Step, TextDelta, ToolDone
from api.frontends.turns import Outcome
from engine.turns import Approval

Chunk = dict[str, Any]
DONE = "[DONE]"


class UIStream:
    """Chunks of one response, in order; keeps the text parts it has open."""

    def __init__(self) -> None:
        self.open_texts: list[str] = []
        self.shown_texts: set[str] = set()
        self.failed = False

    def start(self, *, thread_id: str, run_id: str, message_id: str | None) -> list[Chunk]:
        start: Chunk = {
            "type": "start",
            "messageMetadata": {"threadId": thread_id, "runId": run_id},
        }
        if message_id is not None:
            start["messageId"] = message_id
        return [start, {"type": "start-step"}]

    def answered(self, approvals: Sequence[Approval], answers: dict[str, Any]) -> list[Chunk]:
        """The approval parts the person answered, closed: approved ones with the decision
        as output, rejected ones denied."""
        chunks: list[Chunk] = []
        for approval in approvals:
            answer = answers.get(approval["id"]) or {}
            decisions = answer.get("decisions") or [
                {"type": "approve" if answer.get("approved") else "reject"}
            ]
            for index, decision in enumerate(decisions):
                call_id = tool_call_id(approval["id"], index)
                if decision.get("type") == "reject":
                    chunks.append({"type": "tool-output-denied", "toolCallId": call_id})
                else:
                    output = {"approved": True}
                    chunks.append(
                        {"type": "tool-output-available", "toolCallId": call_id, "output": output}
                    )
        return chunks

    def activity(self, item: Activity) -> list[Chunk]:
        if isinstance(item, TextDelta):
            return self._text(item.message_id, item.delta)
        if isinstance(item, Step):
            part = f"step-{uuid.uuid4().hex}"
            return [
                {"type": "reasoning-start", "id": part},
                {"type": "reasoning-delta", "id": part, "delta": item.text},
                {"type": "reasoning-end", "id": part},
            ]
        if isinstance(item, ToolDone):
            return [] if item.declined else _tool(item)
        if isinstance(item, Failed):
            self.failed = True
            return [{"type": "error", "errorText": item.message}]
        return []

    def finish(self, outcome: Outcome) -> list[Chunk]:
        """The rest of the turn from the thread: a reply not streamed, the approvals."""
        chunks: list[Chunk] = []
        if not self.failed and outcome.reply and outcome.reply_id not in self.shown_texts:
            chunks += self._text(outcome.reply_id or "reply", outcome.reply)
        chunks += [{"type": "text-end", "id": text_id} for text_id in self.open_texts]
        self.open_texts = []
        for approval in outcome.approvals:
            chunks += _approval_parts(approval)
        chunks.append({"type": "finish-step"})
        reason = "error" if self.failed else "tool-calls" if outcome.approvals else "stop"
        chunks.append({"type": "finish", "finishReason": reason})
        return chunks

    def _text(self, message_id: str, delta: str) -> list[Chunk]:
        chunks: list[Chunk] = []
        if message_id not in self.shown_texts:
            self.shown_texts.add(message_id)
            self.open_texts.append(message_id)
            chunks.append({"type": "text-start", "id": message_id})
        chunks.append({"type": "text-delta", "id": message_id, "delta": delta})
        return chunks


def _tool(done: ToolDone) -> list[Chunk]:
    call = done.call
    chunks: list[Chunk] = [
        {
            "type": "tool-input-available",
            "toolCallId": call.call_id,
            "toolName": call.name,
            "input": call.args,
            "dynamic": True,
        }
    ]
    if done.ok:
        chunks.append(
            {"type": "tool-output-available", "toolCallId": call.call_id, "output": done.output}
        )
    else:
        chunks.append(
            {"type": "tool-output-error", "toolCallId": call.call_id, "errorText": done.output}
        )
    return chunks


def _approval_parts(approval: Approval) -> list[Chunk]:
    actions = approval["actions"] or [{"name": "approval", "args": {}, "description": ""}]
    chunks: list[Chunk] = []
    for index, action in enumerate(actions):
        call_id = tool_call_id(approval["id"], index)
        chunks.append(
            {
                "type": "tool-input-available",
                "toolCallId": call_id,
                "toolName": str(action.get("name") or "approval"),
                "input": dict(action.get("args") or {}),
                "dynamic": True,
                "title": str(action.get("description") or approval["summary"]),
            }
        )
        chunks.append(
            {
                "type": "tool-approval-request",
                "approvalId": approval_id(approval["id"], index),
                "toolCallId": call_id,
                "reason": approval["summary"],
            }
        )
    return chunks
