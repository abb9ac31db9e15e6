"""What answers a request: the product's embedded offline model, called the way LangChain
calls any chat model, so driving the orchestrator through the wire behaves like offline.
The wire carries prompts as prose only; their contracts are read back from it first
(``contract``), as a real model reads the prose.

``tools`` and ``tool_choice`` are bound as given ("none" binds nothing). Under "required"
with several tools the offline model may still pick none: that answers 500, loudly, rather
than text, which OpenAI never sends. A ``json_schema`` response format is answered by
binding the schema as one forced tool and returning its arguments as the JSON content;
``json_object`` asks for plain text and returns it when it is a JSON object (the offline
model answers structured roles in JSON), else wraps it.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage

from chatmodels.offline import OfflineChatModel
from tests.support.openai_compat.contract import with_contracts
from tests.support.openai_compat.conversion import to_langchain


class BrainLimitError(RuntimeError):
    """The offline model cannot answer this request the way OpenAI would (a 500, loudly)."""


class OfflineBrain:
    def __init__(self) -> None:
        self._model = OfflineChatModel()

    async def answer(self, body: dict[str, Any]) -> AIMessage:
        messages = with_contracts(to_langchain(body["messages"]))
        tools: list[dict[str, Any]] = body.get("tools") or []
        choice = body.get("tool_choice", "auto")
        fmt = (body.get("response_format") or {"type": "text"})["type"]
        if tools and choice != "none":
            reply = await self._call(messages, tools, choice)
            if choice == "required" and not reply.tool_calls:
                raise BrainLimitError("the offline model chose no tool under tool_choice=required")
            if reply.tool_calls or fmt == "text":
                return reply
        if fmt == "json_schema":
            return await self._json_schema(messages, body["response_format"]["json_schema"])
        reply = await self._call(messages, [], None)
        return _as_json_object(reply) if fmt == "json_object" else reply

    async def _call(
        self, messages: list[BaseMessage], tools: list[dict[str, Any]], choice: Any
    ) -> AIMessage:
        runnable = self._model.bind_tools(tools, tool_choice=choice) if tools else self._model
        reply = await runnable.ainvoke(messages)
        assert isinstance(reply, AIMessage)
        return reply

    async def _json_schema(self, messages: list[BaseMessage], spec: dict[str, Any]) -> AIMessage:
        tool = {
            "type": "function",
            "function": {
                "name": spec["name"],
                "description": spec.get("description", ""),
                "parameters": spec.get("schema", {"type": "object", "properties": {}}),
            },
        }
        reply = await self._call(messages, [tool], spec["name"])
        args = reply.tool_calls[0]["args"] if reply.tool_calls else {}
        return AIMessage(content=json.dumps(args))


def _as_json_object(reply: AIMessage) -> AIMessage:
    try:
        parsed = json.loads(reply.text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return reply
    return AIMessage(content=json.dumps({"text": reply.text}))
