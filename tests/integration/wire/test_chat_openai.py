"""The whole orchestrator through ChatOpenAI against a picky OpenAI-compatible server.

The server answers with the embedded offline model, so each conversation must leave the
same tasks and replies as the same conversation run with the offline model directly: any
difference is something lost or mangled on the wire. The server refuses malformed
requests (a refusal would show up as a fallback), and records every request for the
checks on what was sent.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openai
import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from graphs.state import AreaSteps, Decomposition, Plan, RouteDecision, Verdict
from nodes.approval import REJECTED
from tests.integration.wire.support import (
    MODEL,
    NOW,
    Conversation,
    TaskShape,
    assert_clean_wire,
    class_names,
    conversation,
    offline_outcome,
    same_turns,
    settings_for,
    without_titles,
)
from tests.support.openai_compat import OpenAICompatServer, RecordedRequest

STRUCTURED: dict[str, type[BaseModel]] = {
    schema.__name__: schema for schema in (RouteDecision, Decomposition, Plan, AreaSteps, Verdict)
}


def role(request: RecordedRequest) -> str:
    """The node that sent a request, from its system prompt ("You are the <role> of ...")."""
    first = request.body["messages"][0]
    assert first["role"] == "system"
    return str(first["content"]).split()[3]


def roots(tasks: list[TaskShape]) -> list[TaskShape]:
    return [t for t in tasks if t.parent is None]


def children(tasks: list[TaskShape], parent: TaskShape) -> list[TaskShape]:
    return [t for t in tasks if t.parent == parent.title]


# ---- conversations: the same outcome as the offline model ---------------------------------


async def test_sequential_add(
    wire: Conversation, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    message = "Remind me to call the dentist tomorrow"
    result = await wire.say(message)

    assert_clean_wire(openai_server, wire.results)
    assert result.workflow == "sequential"
    [task] = await wire.tasks()
    assert task.title.lower() in message.lower()
    assert task.due is not None
    assert task.due[:10] == (NOW + timedelta(days=1)).date().isoformat()
    assert not task.completed
    offline = await offline_outcome(tmp_path / "offline", [message])
    same_turns(wire.results, offline.results)
    assert await wire.tasks() == offline.tasks


async def test_parallel_request_has_both_effects(
    wire: Conversation, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    seed = ("Pay rent",)
    message = "Add buy eggs, add call the plumber and mark task 1 done"
    await wire.seed(*seed)
    result = await wire.say(message)

    assert_clean_wire(openai_server, wire.results)
    assert result.workflow == "parallel"
    tasks = await wire.tasks()
    assert [t.completed for t in tasks if t.title == seed[0]] == [True]
    added = [t for t in tasks if t.title != seed[0]]
    assert len(added) == 2
    assert all(t.title.lower() in message.lower() and not t.completed for t in added)
    offline = await offline_outcome(tmp_path / "offline", [message], seed=seed)
    same_turns(wire.results, offline.results)
    assert tasks == offline.tasks


async def test_plan_is_hierarchical(
    wire: Conversation, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    message = "Help me plan my sister's wedding next month: the venue, the catering and the music"
    result = await wire.say(message)

    assert_clean_wire(openai_server, wire.results)
    assert result.workflow == "hierarchical"
    tasks = await wire.tasks()
    [goal] = roots(tasks)
    areas = children(tasks, goal)
    assert len(areas) >= 2
    assert all(children(tasks, area) for area in areas), "every area has steps"
    assert len(tasks) == 1 + len(areas) + sum(len(children(tasks, a)) for a in areas)
    offline = await offline_outcome(tmp_path / "offline", [message])
    same_turns(wire.results, offline.results)
    assert tasks == offline.tasks


@pytest.mark.parametrize("approve", [True, False], ids=["approved", "rejected"])
async def test_delete_waits_for_approval(
    approve: bool, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    seed = ("Call mom", "Pay rent")
    settings = settings_for(tmp_path / "wire", openai_server)
    async with conversation(settings, approve=approve) as wire:
        await wire.seed(*seed)
        await wire.say("Delete task 2")
        tasks = await wire.tasks()

    assert_clean_wire(openai_server, wire.results)
    [request] = wire.approval_requests
    assert [(c["tool"], c["task_id"], c["title"]) for c in request["changes"]] == [
        ("delete_task", 2, seed[1])
    ]
    kept = [t.title for t in tasks]
    assert kept == (sorted(seed[:1]) if approve else sorted(seed))
    sent_back = [
        m["content"]
        for r in openai_server.chat_requests
        for m in r.body["messages"]
        if m["role"] == "tool"
    ]
    assert (REJECTED in sent_back) is not approve
    offline = await offline_outcome(
        tmp_path / "offline", ["Delete task 2"], seed=seed, approve=approve
    )
    same_turns(wire.results, offline.results)
    assert tasks == offline.tasks


async def test_follow_up_turn_in_the_same_session(
    wire: Conversation, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    turns = ["Add a task to renew my passport", "Actually, make it high priority"]
    await wire.say(turns[0])
    first_turn_requests = len(openai_server.chat_requests)
    await wire.say(turns[1])

    assert_clean_wire(openai_server, wire.results)
    [task] = await wire.tasks()
    assert task.priority == "high"
    # The second turn's model calls saw the first turn's tool call and its result.
    later = openai_server.chat_requests[first_turn_requests:]
    specialist = next(r for r in later if role(r) == "specialist")
    history = specialist.body["messages"]
    assert any(m["role"] == "assistant" and m.get("tool_calls") for m in history)
    assert history[-1] == {"role": "user", "content": turns[1]}
    offline = await offline_outcome(tmp_path / "offline", turns)
    same_turns(wire.results, offline.results)
    assert await wire.tasks() == offline.tasks


# ---- what went over the wire --------------------------------------------------------------


async def test_requests_follow_the_chat_completions_contract(
    wire: Conversation, openai_server: OpenAICompatServer
) -> None:
    await wire.seed("Pay rent")
    result = await wire.say("Add buy eggs, add call the plumber and mark task 1 done")
    await wire.say("Delete task 2")
    assert_clean_wire(openai_server, wire.results)
    requests = openai_server.requests

    # Chat Completions by default: nothing went to the Responses API (or anywhere else).
    assert isinstance(wire.engine.models.primary, ChatOpenAI)
    assert {(r.method, r.path) for r in requests} == {("POST", "/v1/chat/completions")}
    assert {r.body["model"] for r in requests} == {MODEL}
    assert all(r.body.get("stream") is True for r in requests)
    tool_contents = [
        m["content"] for r in requests for m in r.body["messages"] if m["role"] == "tool"
    ]
    assert tool_contents
    assert all(isinstance(content, str) for content in tool_contents)

    # Structured output: the schema as the only tool, forced by tool_choice.
    structured = [r for r in requests if isinstance(r.body.get("tool_choice"), dict)]
    assert {role(r) for r in structured} >= {"router", "decomposer", "validator"}
    for request in structured:
        name = request.body["tool_choice"]["function"]["name"]
        assert request.body["tool_choice"] == {"type": "function", "function": {"name": name}}
        [tool] = request.body["tools"]
        expected = convert_to_openai_tool(STRUCTURED[name])["function"]["parameters"]
        assert tool["function"]["name"] == name
        assert tool["function"]["parameters"] == expected
        assert request.body.get("parallel_tool_calls") is False

    # Tool-calling agents: the MCP tools, with the MCP input schemas.
    mcp = {t.name: t.args_schema for t in wire.engine.toolbox.tools}
    agents = [r for r in requests if role(r) in {"specialist", "worker"}]
    assert {role(r) for r in agents} == {"specialist", "worker"}
    for request in agents:
        sent = {t["function"]["name"]: t["function"]["parameters"] for t in request.body["tools"]}
        assert set(sent) == set(mcp)
        for name, parameters in sent.items():
            assert isinstance(mcp[name], dict)
            assert without_titles(parameters) == without_titles(mcp[name])
        assert "tool_choice" not in request.body or request.body["tool_choice"] == "auto"

    # The parallel turn's reply was written by a streamed request and reached the
    # client in pieces, not in one block.
    writers = [r for r in requests if (r.reply or {}).get("content") == result.reply]
    assert writers
    assert all(r.body["stream"] for r in writers)
    pieces = [p for p in wire.streamed.values() if "".join(p) == result.reply]
    assert pieces
    assert len(pieces[0]) > 1


# ---- when the hosted model fails ----------------------------------------------------------


async def test_failing_server_falls_back_to_the_offline_model(
    wire: Conversation, openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    message = "Remind me to call the dentist tomorrow"
    openai_server.fail_next(1000, "error")
    result = await wire.say(message)

    assert result.reply
    assert result.fallbacks
    assert {f["error"] for f in result.fallbacks} <= class_names(openai.InternalServerError)
    assert result.fallbacks[0]["node"] == "router"
    # The first model call tried it (with its retries); the rest of the turn did not.
    attempts = wire.engine.models.primary.max_retries + 1  # type: ignore[attr-defined]
    assert len(openai_server.chat_requests) == attempts
    assert {r.status for r in openai_server.requests} == {500}
    offline = await offline_outcome(tmp_path / "offline", [message])
    assert result.workflow == offline.results[0].workflow
    assert result.reply == offline.results[0].reply
    assert await wire.tasks() == offline.tasks


async def test_hanging_server_times_out_and_falls_back(
    openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    """Waited for once, for the model timeout (retries included); the next turn tries again."""
    message = "Remind me to call the dentist tomorrow"
    # Long enough for the answered calls of the next turn on a busy machine.
    settings = settings_for(tmp_path / "wire", openai_server, model_timeout_seconds=3.0)
    async with conversation(settings) as wire:
        openai_server.fail_next(1, "hang")  # the first model call of the turn
        result = await wire.say(message)
        tasks = await wire.tasks()
        first_turn = openai_server.chat_requests
        later = await wire.say("Show my tasks")

    assert openai_server.pending_faults == 0
    [hung] = first_turn
    assert role(hung) == "router"
    assert hung.status != 200
    assert result.fallbacks[0] == {"node": "router", "error": "TimeoutError"}
    assert {f["error"] for f in result.fallbacks} == {"TimeoutError"}
    answered = openai_server.chat_requests[len(first_turn) :]
    assert answered
    assert all(r.status == 200 for r in answered)
    assert later.fallbacks == []
    offline = await offline_outcome(tmp_path / "offline", [message])
    assert result.workflow == offline.results[0].workflow
    assert result.reply == offline.results[0].reply
    assert tasks == offline.tasks
