"""Opening the real engine for these tests: settings that ignore the developer's environment
for everything that matters here, the fixed clock, approvers and a model that is down."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr

from engine.turns import Approval
from graphs.state import Context
from settings import Settings

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday


def engine_settings(data_dir: Path, database_url: str | None = None) -> Settings:
    """The embedded task server and the offline model; SQLite under data_dir unless a URL."""
    return Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=database_url,
        task_database_url=None,
        mcp_task_server_url=None,
        mcp_servers_file=None,
        openai_api_key=None,
        default_timezone="UTC",
        mcp_call_timeout_seconds=20,
    )


def context(user: str, session: str = "s1", timezone: str = "UTC") -> Context:
    return Context(user_id=user, timezone=timezone, now=NOW, session_id=session)


class Approver:
    """Answers every approval request the same way and keeps what it was asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.requests: list[Approval] = []

    async def __call__(self, request: Approval) -> bool:
        self.requests.append(request)
        return self.answer


class ModelDown(BaseChatModel):
    """A chat model whose server cannot be reached: binding works, every call raises."""

    _calls: list[int] = PrivateAttr(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "down"

    @property
    def calls(self) -> int:
        return len(self._calls)

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: str | None = None, **kwargs: Any
    ) -> Runnable[Any, AIMessage]:
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._calls.append(1)
        raise ConnectionError("the model server is down")

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self._calls.append(1)
        raise ConnectionError("the model server is down")
