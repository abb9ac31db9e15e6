"""A run's stored events read as what a chat frontend shows (pure, no I/O).

The run streams ``messages-tuple``, ``updates`` and subgraphs; ``TurnActivity.read``
turns each event into neutral activity that the ChatKit and AI SDK adapters put in
their own words:

- ``Step``: an agent at work (the router's choice, a specialist, a worker...);
- ``TextDelta``: reply text as it streams, per message id, from the nodes whose text
  is the reply (the same nodes the chat page shows as the reply);
- ``ToolDone``: a task tool call with its result, from the ``updates`` of the calling
  node and of the tools node (complete arguments, whatever the model streamed). A call
  shows once it has its result: a call an approval holds is shown as the approval, and
  once answered, with its result, by the run that resumes it (``seed``); a rejected
  change comes ``declined``, which the frontends leave to the answered approval;
- ``Failed``: the run's error event, with the sentence a client may see.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nodes.approval import REJECTED

NOT_APPROVED = REJECTED.partition(":")[0] + ":"  # how a rejected change's result begins
REPLY_NODES = frozenset({"direct", "specialist", "aggregator", "integrator"})
TOOL_CALLERS = frozenset({"specialist", "agent"})
AGENT_LABELS: Mapping[str, str] = {
    "router": "Router",
    "direct": "Responder",
    "specialist": "Specialist",
    "validator": "Validator",
    "decomposer": "Decomposer",
    "agent": "Worker",
    "aggregator": "Aggregator",
    "strategist": "Strategist",
    "tactician": "Tactician",
    "create_goal": "Operations: goal",
    "create_areas": "Operations: areas and steps",
    "integrator": "Integrator",
}


@dataclass(frozen=True)
class Step:
    node: str
    text: str


@dataclass(frozen=True)
class TextDelta:
    message_id: str
    delta: str


@dataclass(frozen=True)
class ToolCall:
    call_id: str
    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class ToolDone:
    call: ToolCall
    output: str
    ok: bool

    @property
    def declined(self) -> bool:
        """The person rejected the change (the approval shows it; it is no failure)."""
        return not self.ok and self.output.startswith(NOT_APPROVED)


@dataclass(frozen=True)
class Failed:
    message: str


Activity = Step | TextDelta | ToolDone | Failed


class TurnActivity:
    """Reads one run's events in order; remembers which text and tools it has shown."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        """Streamed reply text by message id."""
        self.tools: dict[str, ToolCall] = {}
        self.finished: set[str] = set()
        self.agents: set[tuple[str, str]] = set()

    def seed(self, calls: list[ToolCall]) -> None:
        """Calls made before this run (the ones an approval held): their results come here."""
        for call in calls:
            self.tools[call.call_id] = call

    def read(self, event: str, data: str) -> list[Activity]:
        mode = event.partition("|")[0]
        if mode == "error":
            payload = json.loads(data)
            message = payload.get("message") if isinstance(payload, dict) else None
            return [Failed(str(message or "The run failed. Try again later."))]
        if mode == "messages":
            return self._message(json.loads(data))
        if mode == "updates":
            return self._updates(event.partition("|")[2], json.loads(data))
        return []

    def _message(self, data: Any) -> list[Activity]:
        if not isinstance(data, list) or len(data) != 2:
            return []
        message, metadata = data
        if not isinstance(message, dict) or message.get("type") != "AIMessageChunk":
            return []
        node = (metadata or {}).get("langgraph_node")
        text = text_of(message.get("content"))
        if node not in REPLY_NODES or not text:
            return []
        message_id = str(message.get("id") or "reply")
        self.texts[message_id] = self.texts.get(message_id, "") + text
        return [TextDelta(message_id, text)]

    def _updates(self, namespace: str, data: Any) -> list[Activity]:
        if not isinstance(data, dict):
            return []
        found: list[Activity] = []
        for node, update in data.items():
            if not isinstance(update, dict):
                continue
            found += self._step(namespace, node, update)
            messages = update.get("messages")
            if not isinstance(messages, list):
                continue
            if node in TOOL_CALLERS:
                self._calls(messages)
            elif node == "tools":
                found += self._results(messages)
        return found

    def _step(self, namespace: str, node: str, update: dict[str, Any]) -> list[Activity]:
        """An agent's first update in its namespace (a worker per branch, say) is a step."""
        if node not in AGENT_LABELS or (namespace, node) in self.agents:
            return []
        self.agents.add((namespace, node))
        if node == "router" and update.get("workflow"):
            return [Step(node, f"Router: the {update['workflow']} workflow")]
        return [Step(node, AGENT_LABELS[node])]

    def _calls(self, messages: list[Any]) -> None:
        for message in messages:
            for call in (message or {}).get("tool_calls") or []:
                call_id = str(call.get("id") or "")
                if call_id and call_id not in self.tools:
                    name, args = str(call.get("name")), dict(call.get("args") or {})
                    self.tools[call_id] = ToolCall(call_id, name, args)

    def _results(self, messages: list[Any]) -> list[Activity]:
        found: list[Activity] = []
        for message in messages:
            if not isinstance(message, dict) or message.get("type") != "tool":
                continue
            call_id = str(message.get("tool_call_id") or "")
            if not call_id or call_id in self.finished:
                continue
            self.finished.add(call_id)
            call = self.tools.get(call_id) or ToolCall(call_id, str(message.get("name")), {})
            ok = message.get("status") != "error"
            found.append(ToolDone(call, text_of(message.get("content")), ok))
        return found


def text_of(content: Any) -> str:
    """The text of a message's content (a string, or a list of blocks)."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    parts = [
        block if isinstance(block, str) else str(block.get("text") or "")
        for block in content
        if isinstance(block, str) or (isinstance(block, dict) and block.get("type") == "text")
    ]
    return "".join(parts)
