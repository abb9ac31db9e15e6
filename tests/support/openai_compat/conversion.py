"""Translating between the Chat Completions wire format and LangChain messages.

Inbound: validated OpenAI message dicts become LangChain messages (a ``tool`` message gets
the name of the call it answers, which the wire does not carry). Outbound: an ``AIMessage``
becomes a ``chat.completion`` object, or the ``chat.completion.chunk`` objects OpenAI
streams: the role first, then the text in word-sized pieces or, per tool call, one chunk
with its id, type and name and empty arguments followed by argument fragments, then an
empty delta with the finish reason, and (when asked) a last chunk with only the usage.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

ARGUMENT_FRAGMENT_CHARS = 7  # OpenAI cuts arguments at token boundaries, often mid-string
FINGERPRINT = "fp_offline_compat"


def to_langchain(messages: list[dict[str, Any]]) -> list[BaseMessage]:
    names: dict[str, str] = {}  # tool call id -> function name
    out: list[BaseMessage] = []
    for message in messages:
        role = message["role"]
        content = _content(message.get("content"))
        if role in {"system", "developer"}:
            out.append(SystemMessage(content=content))
        elif role == "user":
            out.append(HumanMessage(content=content, name=message.get("name")))
        elif role == "assistant":
            calls = []
            for call in message.get("tool_calls") or []:
                function = call["function"]
                names[call["id"]] = function["name"]
                calls.append(
                    {
                        "name": function["name"],
                        "args": json.loads(function["arguments"]),
                        "id": call["id"],
                        "type": "tool_call",
                    }
                )
            out.append(AIMessage(content=content, tool_calls=calls, name=message.get("name")))
        else:
            call_id = message["tool_call_id"]
            out.append(ToolMessage(content=content, tool_call_id=call_id, name=names.get(call_id)))
    return out


def _content(content: Any) -> str | list[str | dict[str, Any]]:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return [{"type": "text", "text": part["text"]} for part in content if part["type"] == "text"]


@dataclass(frozen=True)
class Reply:
    """One assistant reply, ready to be sent whole or streamed."""

    message: AIMessage
    model: str
    prompt_tokens: int
    id: str = field(default_factory=lambda: f"chatcmpl-{uuid.uuid4().hex[:24]}")
    created: int = field(default_factory=lambda: int(time.time()))

    @property
    def text(self) -> str:
        return self.message.text

    @cached_property
    def calls(self) -> list[dict[str, Any]]:
        return [
            {
                "id": call["id"] or f"call_{uuid.uuid4().hex[:24]}",
                "type": "function",
                "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
            }
            for call in self.message.tool_calls
        ]

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.message.tool_calls else "stop"

    def usage(self) -> dict[str, int]:
        produced = self.text + "".join(c["function"]["arguments"] for c in self.calls)
        completion = count_tokens(produced)
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": self.prompt_tokens + completion,
        }

    def _envelope(self, kind: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": kind,
            "created": self.created,
            "model": self.model,
            "system_fingerprint": FINGERPRINT,
        }

    def completion(self) -> dict[str, Any]:
        calls = self.calls
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None if calls else self.text,
            "refusal": None,
        }
        if calls:
            message["tool_calls"] = calls
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": self.finish_reason,
        }
        return {**self._envelope("chat.completion"), "choices": [choice], "usage": self.usage()}

    def chunks(self, *, include_usage: bool) -> Iterator[dict[str, Any]]:
        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            extra = {"usage": None} if include_usage else {}
            return {**self._envelope("chat.completion.chunk"), "choices": [choice], **extra}

        calls = self.calls
        yield chunk({"role": "assistant", "content": None if calls else "", "refusal": None})
        for index, call in enumerate(calls):
            head = {"name": call["function"]["name"], "arguments": ""}
            yield chunk({"tool_calls": [{"index": index, **call, "function": head}]})
            arguments = call["function"]["arguments"]
            for start in range(0, len(arguments), ARGUMENT_FRAGMENT_CHARS):
                piece = arguments[start : start + ARGUMENT_FRAGMENT_CHARS]
                yield chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
        if not calls:
            for piece in re.findall(r"\S+\s*|\s+", self.text):
                yield chunk({"content": piece})
        yield chunk({}, self.finish_reason)
        if include_usage:
            yield {**self._envelope("chat.completion.chunk"), "choices": [], "usage": self.usage()}


def count_tokens(text: str) -> int:
    """A stand-in tokenizer: words and punctuation marks."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def prompt_tokens(messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None) -> int:
    return count_tokens(json.dumps(messages)) + count_tokens(json.dumps(tools or []))
