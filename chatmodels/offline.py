"""The embedded offline chat model: deterministic, tool-calling, streaming, no API key.

It understands this product's prompts, structured outputs and todo tools, and speaks only
through the standard chat-model interfaces (``bind_tools``, ``with_structured_output``,
``invoke``/``ainvoke``, ``stream``/``astream``), so graphs run the same code with it as with
a hosted model. Text replies stream word by word; tool calls arrive as one chunk each.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolCall, ToolCallChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from chatmodels.roles.dispatch import Answer, answer
from chatmodels.toolspec import BoundTools

MODEL_NAME = "todo-offline-1"


class OfflineChatModel(BaseChatModel):
    """A rule-based chat model for the todo domain (see ``chatmodels.nlu`` and ``roles``)."""

    model_name: str = MODEL_NAME
    words_per_chunk: int = 1

    @property
    def _llm_type(self) -> str:
        return "todo-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "offline"
        params["ls_model_name"] = self.model_name
        return params

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=formatted, **kwargs)

    # ---- generation ---------------------------------------------------------------------

    def _answer(self, messages: list[BaseMessage], kwargs: dict[str, Any]) -> Answer:
        tools = BoundTools.from_kwargs(kwargs.get("tools"), kwargs.get("tool_choice"))
        return answer(messages, tools)

    def _tool_calls(self, messages: list[BaseMessage], result: Answer) -> list[ToolCall]:
        seed = hashlib.sha256()
        for message in messages:
            seed.update(message.type.encode())
            seed.update(json.dumps(message.content, sort_keys=True, default=str).encode())
        calls: list[ToolCall] = []
        for index, (name, args) in enumerate(result.calls):
            digest = seed.copy()
            digest.update(
                f"{index}:{name}:{json.dumps(args, sort_keys=True, default=str)}".encode()
            )
            calls.append(
                ToolCall(
                    name=name, args=args, id=f"call_{digest.hexdigest()[:24]}", type="tool_call"
                )
            )
        return calls

    def _metadata(self, result: Answer) -> dict[str, Any]:
        return {
            "model_name": self.model_name,
            "model_provider": "offline",
            "finish_reason": "tool_calls" if result.calls else "stop",
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        result = self._answer(messages, kwargs)
        message = AIMessage(
            content="" if result.calls else result.text,
            tool_calls=self._tool_calls(messages, result),
            response_metadata=self._metadata(result),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _chunks(
        self, messages: list[BaseMessage], kwargs: dict[str, Any]
    ) -> Iterator[ChatGenerationChunk]:
        result = self._answer(messages, kwargs)
        if result.calls:
            for index, call in enumerate(self._tool_calls(messages, result)):
                chunk = ToolCallChunk(
                    name=call["name"],
                    args=json.dumps(call["args"]),
                    id=call["id"],
                    index=index,
                    type="tool_call_chunk",
                )
                yield ChatGenerationChunk(
                    message=AIMessageChunk(content="", tool_call_chunks=[chunk])
                )
        else:
            for piece in _pieces(result.text, self.words_per_chunk):
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="", response_metadata=self._metadata(result), chunk_position="last"
            )
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from self._chunks(messages, kwargs)

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in self._chunks(messages, kwargs):
            yield chunk


def _pieces(text: str, words: int) -> list[str]:
    """The text cut after every ``words`` words, keeping all white space."""
    tokens = re.findall(r"\S+\s*|\s+", text)
    step = max(1, words)
    return ["".join(tokens[i : i + step]) for i in range(0, len(tokens), step)] or [""]
