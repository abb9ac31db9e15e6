"""Calling a model from a node: the primary answers, or the fallback does and it is recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from graphs.state import Context, RouteDecision
from nodes.llm import Models, chat, clock_line, local_now, structured
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel
from tests.support.scripted import structured as structured_reply

MESSAGES = [SystemMessage("You are the responder of a test."), HumanMessage("hi")]


def answering(text: str, tools_seen: list[list[str]] | None = None) -> ScriptedModel:
    def handler(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        if tools_seen is not None:
            tools_seen.append(tools)
        return AIMessage(content=text)

    return ScriptedModel(handlers={"responder": handler})


def broken() -> ScriptedModel:
    return ScriptedModel(handlers={}, fail_roles=frozenset({"responder"}))


async def test_the_primary_answers_and_nothing_is_recorded() -> None:
    reply, fallbacks = await chat(Models(answering("primary"), answering("backup")), "n", MESSAGES)
    assert (reply.text, fallbacks) == ("primary", [])


async def test_a_failing_primary_falls_back_and_records_the_node_and_error() -> None:
    reply, fallbacks = await chat(Models(broken(), answering("backup")), "responder", MESSAGES)
    assert reply.text == "backup"
    assert fallbacks == [{"node": "responder", "error": "TimeoutError"}]


async def test_without_a_fallback_the_error_propagates() -> None:
    with pytest.raises(TimeoutError):
        await chat(Models(broken()), "responder", MESSAGES)


async def test_the_fallback_gets_the_same_tools() -> None:
    tools = MemoryTasks().tools()
    seen: list[list[str]] = []
    await chat(Models(broken(), answering("backup", seen)), "specialist", MESSAGES, tools)
    assert seen == [[t.name for t in tools]]


async def test_structured_output_falls_back_too() -> None:
    def route(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        return structured_reply(RouteDecision, workflow="hierarchical")

    backup = ScriptedModel(handlers={"responder": route})
    decision, fallbacks = await structured(
        Models(broken(), backup), "router", RouteDecision, MESSAGES
    )
    assert decision == RouteDecision(workflow="hierarchical")
    assert fallbacks == [{"node": "router", "error": "TimeoutError"}]


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "Europe/Berlin", "2026-03-29T01:30+01:00"),
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Europe/Berlin", "2026-03-29T03:30+02:00"),
        (datetime(2026, 11, 24, 9, 0), "America/New_York", "2026-11-24T09:00-05:00"),
    ],
)
def test_the_clock_is_the_users(now: datetime, zone: str, expected: str) -> None:
    context = Context(timezone=zone, now=now)
    assert local_now(context).isoformat(timespec="minutes") == expected
    line = clock_line(context)
    assert expected in line
    assert zone in line
    assert datetime.fromisoformat(expected).astimezone(ZoneInfo(zone)).strftime("%A") in line


def test_without_a_clock_the_real_time_is_used() -> None:
    before = datetime.now(UTC)
    now = local_now(Context(timezone="Asia/Tokyo"))
    after = datetime.now(UTC)
    assert before <= now <= after
    assert now.utcoffset() == ZoneInfo("Asia/Tokyo").utcoffset(now.replace(tzinfo=None))
