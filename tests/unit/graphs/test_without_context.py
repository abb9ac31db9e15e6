"""The graphs run without a ``context`` (``graph.invoke(inputs)``, LangSmith's evaluate):
nodes and tools then act for the default user, and a given context still wins."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver

from chatmodels.offline import OfflineChatModel
from graphs.orchestrator import build_orchestrator
from graphs.state import Context
from mcpclient.identity import calling_user
from nodes.llm import Models

seen: list[tuple[str, str]] = []


@tool
def add_task(title: str, **_: Any) -> str:
    """Add a task with this title."""
    identity = calling_user(None)
    assert identity is not None
    seen.append((identity.user_id, identity.timezone))
    return f'{{"id": {len(seen)}, "title": "{title}", "completed": false}}'


def _graph() -> Any:
    models = Models(primary=OfflineChatModel(), fallback=OfflineChatModel())
    return build_orchestrator(models, [add_task]).compile(checkpointer=InMemorySaver())


async def test_no_context_acts_for_the_default_user() -> None:
    seen.clear()
    graph = _graph()
    inputs = {"messages": [{"role": "user", "content": "add buy milk"}]}
    out = await graph.ainvoke(inputs, {"configurable": {"thread_id": "no-context"}})
    assert "milk" in out["messages"][-1].text.lower()
    assert seen == [(Context().user_id, Context().timezone)]


async def test_a_given_context_wins_as_object_or_mapping() -> None:
    seen.clear()
    graph = _graph()
    inputs = {"messages": [{"role": "user", "content": "add buy eggs"}]}
    await graph.ainvoke(
        inputs,
        {"configurable": {"thread_id": "object"}},
        context=Context(user_id="zed", timezone="Europe/Paris"),
    )
    await graph.ainvoke(
        inputs,
        {"configurable": {"thread_id": "mapping"}},
        context={"user_id": "yan", "timezone": "Asia/Tokyo"},
    )
    assert seen == [("zed", "Europe/Paris"), ("yan", "Asia/Tokyo")]
