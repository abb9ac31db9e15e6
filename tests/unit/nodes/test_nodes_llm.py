"""Calling a model from a node: the primary answers, or the fallback does and it is recorded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from graphs.state import Context, RouteDecision
from nodes.budget import turn_budget
from nodes.llm import FALLBACK_KEY, Models, chat, clock_line, local_now, structured, system
from tests.support.memtools import MemoryTasks
from tests.support.scripted import HangingModel, ScriptedModel
from tests.support.scripted import structured as structured_reply

MESSAGES = [system("responder", "You are the responder of a test."), HumanMessage("hi")]


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


# ---- a hanging model, and the turn's budget -------------------------------------------------

MODEL_TIMEOUT = 0.2


async def test_a_hanging_primary_falls_back_within_the_model_timeout() -> None:
    hanging = HangingModel()
    models = Models(hanging, answering("backup"), timeout=MODEL_TIMEOUT)
    reply, fallbacks = await asyncio.wait_for(chat(models, "responder", MESSAGES), 10)
    assert reply.text == "backup"
    assert fallbacks == [{"node": "responder", "error": "TimeoutError"}]
    assert reply.response_metadata[FALLBACK_KEY] == {
        "model": "scripted",
        "node": "responder",
        "error": "TimeoutError",
    }
    assert hanging.calls == 1


async def test_once_the_primary_failed_in_a_turn_the_rest_of_the_turn_skips_it() -> None:
    hanging = HangingModel()
    models = Models(hanging, answering("backup"), timeout=MODEL_TIMEOUT)
    with turn_budget(60.0) as budget:
        await chat(models, "responder", MESSAGES)
        second, fallbacks = await chat(models, "responder", MESSAGES)
    assert hanging.calls == 1, "the second call went straight to the fallback"
    assert budget.failure == {"node": "responder", "error": "TimeoutError"}
    assert second.text == "backup"
    assert fallbacks == [{"node": "responder", "error": "TimeoutError"}]
    assert FALLBACK_KEY in second.response_metadata

    # a new turn tries the configured model again
    with turn_budget(60.0):
        await chat(models, "responder", MESSAGES)
    assert hanging.calls == 2


async def test_without_a_failure_every_call_of_the_turn_uses_the_primary() -> None:
    models = Models(answering("primary"), answering("backup"), timeout=MODEL_TIMEOUT)
    with turn_budget(60.0) as budget:
        replies = [(await chat(models, "responder", MESSAGES))[0] for _ in range(3)]
    assert [r.text for r in replies] == ["primary"] * 3
    assert budget.failure is None
    assert all(FALLBACK_KEY not in r.response_metadata for r in replies)


async def test_near_the_turn_deadline_the_primary_gets_only_what_is_left() -> None:
    """A model timeout longer than the turn: the primary is cut off so the fallback fits."""
    hanging = HangingModel()
    models = Models(hanging, answering("backup"), timeout=3600.0)
    loop = asyncio.get_running_loop()
    with turn_budget(1.0) as budget:
        reply, fallbacks = await chat(models, "responder", MESSAGES)
        assert budget.deadline is not None
        assert loop.time() < budget.deadline, "the fallback answered before the turn's end"
    assert reply.text == "backup"
    assert fallbacks[0]["error"] == "TimeoutError"
