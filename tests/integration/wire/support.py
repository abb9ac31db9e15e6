"""Driving the orchestrator through ChatOpenAI against the local OpenAI-compatible server,
and the same conversation with the embedded offline model as the oracle to compare with."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from langchain_core.messages import AIMessageChunk

from engine.core import Engine, open_engine
from engine.turns import Approval, TurnResult, run_turn
from graphs.state import Context
from settings import Settings
from taskservice.schemas import TaskCreate
from tests.support.openai_compat import OpenAICompatServer

API_KEY = "sk-wire-test-0123456789"
MODEL = "wire-test-model"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TIMEZONE = "UTC"


def settings_for(data_dir: Path, server: OpenAICompatServer | None, **overrides: Any) -> Settings:
    """Everything that matters given explicitly (no .env, no developer environment).

    ``openai_use_responses_api`` is left to its default on purpose; the tests clear its
    environment variable.
    """
    hosted: dict[str, Any] = {"openai_api_key": None}
    if server is not None:
        hosted = {
            "openai_api_key": server.api_key,
            "openai_base_url": server.base_url,
            "openai_model": MODEL,
        }
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": None,
        "task_database_url": None,
        "mcp_task_server_url": None,
        "mcp_servers_file": None,
        "model_timeout_seconds": 30.0,
        "default_timezone": TIMEZONE,
        **hosted,
        **overrides,
    }
    return Settings(_env_file=None, **values)


class TaskShape(NamedTuple):
    """A task as the user sees it, without ids (parallel branches may number differently)."""

    title: str
    completed: bool
    priority: str
    due: str | None
    recurrence: str | None
    tags: tuple[str, ...]
    parent: str | None


@dataclass
class Conversation:
    """One user's session: seed tasks, send turns, answer approvals, read the task list."""

    engine: Engine
    approve: bool = True
    user: str = "wire-user"
    session: str = "wire-session"
    results: list[TurnResult] = field(default_factory=list)
    approval_requests: list[Approval] = field(default_factory=list)
    streamed: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    async def seed(self, *titles: str) -> None:
        for title in titles:
            await self.engine.tasks.add(self.user, TaskCreate(title=title))

    async def say(self, text: str) -> TurnResult:
        context = Context(user_id=self.user, timezone=TIMEZONE, now=NOW, session_id=self.session)
        result = await run_turn(
            self.engine.graph,
            context,
            text,
            approver=self._approver,
            on_event=self._on_event,
            timeout_seconds=self.engine.settings.turn_timeout_seconds,
        )
        self.results.append(result)
        return result

    async def _approver(self, request: Approval) -> bool:
        self.approval_requests.append(request)
        return self.approve

    async def _on_event(self, mode: str, namespace: tuple[str, ...], chunk: Any) -> None:
        if mode == "messages" and isinstance(chunk[0], AIMessageChunk) and chunk[0].text:
            self.streamed[chunk[0].id or ""].append(chunk[0].text)

    async def tasks(self) -> list[TaskShape]:
        tasks = await self.engine.tasks.list(self.user)
        titles = {t.id: t.title for t in tasks}
        return sorted(
            TaskShape(
                title=t.title,
                completed=t.completed,
                priority=t.priority,
                due=t.due.isoformat() if t.due else None,
                recurrence=t.recurrence,
                tags=tuple(sorted(t.tags)),
                parent=titles.get(t.parent_id) if t.parent_id else None,
            )
            for t in tasks
        )


@asynccontextmanager
async def conversation(settings: Settings, *, approve: bool = True) -> AsyncIterator[Conversation]:
    async with open_engine(settings) as engine:
        yield Conversation(engine, approve=approve)


@dataclass(frozen=True)
class Outcome:
    results: list[TurnResult]
    tasks: list[TaskShape]


async def offline_outcome(
    data_dir: Path, turns: list[str], *, seed: tuple[str, ...] = (), approve: bool = True
) -> Outcome:
    """The oracle: the same conversation with the embedded offline model, no wire at all."""
    async with conversation(settings_for(data_dir, None), approve=approve) as talk:
        await talk.seed(*seed)
        for text in turns:
            await talk.say(text)
        return Outcome(talk.results, await talk.tasks())


def assert_clean_wire(server: OpenAICompatServer, results: list[TurnResult]) -> None:
    """Every request was accepted and answered, and no node fell back to the offline model."""
    refused = [(r.path, r.status, r.error) for r in server.requests if r.status != 200]
    assert refused == []
    assert [f for result in results for f in result.fallbacks] == []
    assert server.chat_requests, "the model was never called over the wire"


def same_turns(wire: list[TurnResult], offline: list[TurnResult]) -> None:
    """The wire run did what the offline run did, turn by turn."""
    for got, want in zip(wire, offline, strict=True):
        assert got.workflow == want.workflow
        assert got.reply == want.reply
        assert sorted(c["name"] for c in got.tool_calls) == sorted(
            c["name"] for c in want.tool_calls
        )
        assert len(got.approvals) == len(want.approvals)


def class_names(error: type[BaseException]) -> set[str]:
    """The names of ``error`` and of every subclass (what a fallback record may say)."""
    names = {error.__name__}
    for sub in error.__subclasses__():
        names |= class_names(sub)
    return names


def without_titles(schema: Any) -> Any:
    """A JSON schema without its ``title`` annotations (LangChain drops them on the wire)."""
    if isinstance(schema, list):
        return [without_titles(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key in {"properties", "$defs", "definitions"} and isinstance(value, dict):
            out[key] = {name: without_titles(sub) for name, sub in value.items()}
        else:
            out[key] = without_titles(value)
    return out
