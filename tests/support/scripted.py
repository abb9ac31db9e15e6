"""A scripted chat model for tests: each role (read from the prompt contract) has a handler.

Handlers get the messages and the names of the bound tools and return the reply, so
parallel branches never depend on the order in which they consume a shared script.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, Field, PrivateAttr

from chatmodels.contract import contract_of

Handler = Callable[[list[BaseMessage], list[str]], AIMessage]


def role_of(messages: Sequence[BaseMessage]) -> str:
    contract = contract_of(messages)
    return contract.role if contract is not None else "unknown"


def call(name: str, **args: Any) -> AIMessage:
    """A reply that calls one tool (or answers with a structured-output schema)."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": uuid.uuid4().hex}])


def calls(*pairs: tuple[str, dict[str, Any]]) -> AIMessage:
    return AIMessage(
        content="",
        tool_calls=[{"name": n, "args": a, "id": uuid.uuid4().hex} for n, a in pairs],
    )


class ScriptedModel(BaseChatModel):
    handlers: dict[str, Handler]
    tool_names: list[str] = Field(default_factory=list)
    fail_roles: frozenset[str] = frozenset()
    _seen: list[str] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    @property
    def seen_roles(self) -> list[str]:
        return self._seen

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, BaseMessage]:
        names = [convert_to_openai_tool(t)["function"]["name"] for t in tools]
        bound = self.model_copy(update={"tool_names": names})
        bound._seen = self._seen
        return bound

    def _reply(self, messages: list[BaseMessage]) -> ChatResult:
        role = role_of(messages)
        self._seen.append(role)
        if role in self.fail_roles:
            raise TimeoutError(f"scripted failure in {role}")
        message = self.handlers[role](messages, list(self.tool_names))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._reply(messages)

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._reply(messages)


def structured(schema: type[BaseModel], **values: Any) -> AIMessage:
    return call(schema.__name__, **values)


class HangingModel(BaseChatModel):
    """A model whose calls never answer (an endpoint that accepts and then says nothing).

    Each call is counted, then waits on an event nobody sets until it is cancelled.
    """

    _calls: list[int] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "hanging"

    @property
    def calls(self) -> int:
        return len(self._calls)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, BaseMessage]:
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        raise NotImplementedError("a hanging model is called asynchronously")

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._calls.append(1)
        await asyncio.Event().wait()
        raise AssertionError("unreachable: nobody sets the event")
