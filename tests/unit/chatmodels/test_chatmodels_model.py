"""The offline model through the standard chat-model interfaces only."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_core.runnables import RunnableLambda
from langgraph.graph import END, START, MessagesState, StateGraph

from chatmodels.offline import OfflineChatModel
from graphs.state import Decomposition, RouteDecision
from tests.unit.chatmodels.fakes import FakeTasks, system_prompt


def router(text: str) -> list[Any]:
    return [system_prompt("router"), HumanMessage(text)]


@pytest.mark.parametrize(
    ("text", "workflow"),
    [
        ("Hi! What can you do?", "direct"),
        ("What's the capital of France?", "direct"),
        ("Add a task to buy groceries", "sequential"),
        ("Add three tasks: buy bread, buy cheese and buy wine", "sequential"),
        ("Add buy eggs, add call the plumber and mark task 1 done", "parallel"),
        ("Help me plan my sister's wedding next month: the venue and the music", "hierarchical"),
    ],
)
async def test_with_structured_output_returns_the_schema(text: str, workflow: str) -> None:
    decision = await OfflineChatModel().with_structured_output(RouteDecision).ainvoke(router(text))
    assert isinstance(decision, RouteDecision)
    assert decision.workflow == workflow
    assert decision.reason


async def test_structured_output_with_raw_keeps_the_tool_call() -> None:
    model = OfflineChatModel().with_structured_output(RouteDecision, include_raw=True)
    out = await model.ainvoke(router("show my tasks"))
    assert isinstance(out, dict)
    assert out["parsing_error"] is None
    assert out["raw"].tool_calls[0]["name"] == "RouteDecision"
    assert out["parsed"].workflow == "sequential"


async def test_structured_output_from_a_json_schema_dict() -> None:
    schema = RouteDecision.model_json_schema()
    schema["title"] = "RouteDecision"
    out = await OfflineChatModel().with_structured_output(schema).ainvoke(router("thanks!"))
    assert isinstance(out, dict)
    assert out["workflow"] == "direct"


async def test_an_unknown_schema_still_gets_valid_arguments() -> None:
    from pydantic import BaseModel

    class Mood(BaseModel):
        label: str
        score: int

    out = await OfflineChatModel().with_structured_output(Mood).ainvoke("how are you?")
    assert isinstance(out, Mood)


async def test_decomposition_marks_a_dependency_and_names_the_task() -> None:
    system = system_prompt("decomposer")
    plan = (
        await OfflineChatModel()
        .with_structured_output(Decomposition)
        .ainvoke([system, HumanMessage("Add buy milk, then mark it done")])
    )
    assert isinstance(plan, Decomposition)
    first, second = plan.subtasks
    assert first.depends_on == []
    assert second.depends_on == [first.id]
    assert "milk" in second.request.lower()


async def test_text_replies_stream_in_several_chunks_that_add_up() -> None:
    model = OfflineChatModel()
    messages = [system_prompt("responder"), HumanMessage("hello")]
    chunks = [chunk async for chunk in model.astream(messages)]
    text_chunks = [c for c in chunks if c.content]
    assert len(text_chunks) > 3
    whole = await model.ainvoke(messages)
    assert "".join(str(c.content) for c in chunks) == whole.content
    assert "task" in str(whole.content).lower()


async def test_tool_calls_stream_as_tool_call_chunks() -> None:
    store = FakeTasks()
    model = OfflineChatModel().bind_tools(store.tools())
    messages = [
        system_prompt("specialist"),
        HumanMessage("add buy eggs and call mom"),
    ]
    merged: AIMessageChunk | None = None
    async for chunk in model.astream(messages):
        assert isinstance(chunk, AIMessageChunk)
        merged = chunk if merged is None else merged + chunk
    assert merged is not None
    titles = sorted(call["args"]["title"] for call in merged.tool_calls)
    assert titles == ["Buy eggs", "Call mom"]
    assert len({call["id"] for call in merged.tool_calls}) == 2


async def test_langgraph_messages_stream_sees_the_tokens() -> None:
    model = OfflineChatModel()

    async def respond(state: MessagesState) -> dict[str, Any]:
        system = system_prompt("responder")
        return {"messages": [await model.ainvoke([system, *state["messages"]])]}

    builder = StateGraph(MessagesState)
    builder.add_node("respond", respond)
    builder.add_edge(START, "respond")
    builder.add_edge("respond", END)
    graph = builder.compile()
    tokens = [
        chunk.content
        async for chunk, _meta in graph.astream(
            {"messages": [HumanMessage("what can you do?")]}, stream_mode="messages"
        )
        if isinstance(chunk, AIMessageChunk) and chunk.content
    ]
    assert len(tokens) > 3


async def test_works_behind_retry_and_as_a_fallback() -> None:
    def broken(_: Any) -> AIMessage:
        raise TimeoutError("hosted model down")

    chain = RunnableLambda(broken).with_fallbacks(
        [OfflineChatModel().with_retry(stop_after_attempt=2)]
    )
    reply = await chain.ainvoke([system_prompt("responder"), HumanMessage("hi")])
    assert isinstance(reply, AIMessage)
    assert "task" in str(reply.content).lower()


def test_identity_is_reported() -> None:
    model = OfflineChatModel()
    assert isinstance(model, BaseChatModel)
    assert model._llm_type == "todo-offline"
    assert model._identifying_params["model_name"] == model.model_name
    assert model.invoke("hi").response_metadata["model_name"] == model.model_name


def test_only_bound_tools_and_their_arguments_are_used() -> None:
    def list_tasks(status: str = "all") -> str:
        """List tasks (no search filter here)."""
        return "[]"

    model = OfflineChatModel().bind_tools([list_tasks])
    system = system_prompt("specialist")
    reply = model.invoke([system, HumanMessage("Do I have anything about the car?")])
    assert isinstance(reply, AIMessage)
    (call,) = reply.tool_calls
    assert call["name"] == "list_tasks"
    assert set(call["args"]) <= {"status"}


def test_deterministic() -> None:
    messages = [system_prompt("specialist"), HumanMessage("add buy eggs")]
    model = OfflineChatModel().bind_tools(FakeTasks().tools())
    first, second = model.invoke(messages), model.invoke(messages)
    assert isinstance(first, AIMessage)
    assert isinstance(second, AIMessage)
    assert first.tool_calls == second.tool_calls


async def test_decomposition_keeps_then_as_an_order_and_splits_independent_parts() -> None:
    system = system_prompt("decomposer")
    model = OfflineChatModel().with_structured_output(Decomposition)
    ordered = await model.ainvoke(
        [system, HumanMessage("list my tasks and then delete the completed ones")]
    )
    independent = await model.ainvoke([system, HumanMessage("Delete task 2 and add call the bank")])
    assert isinstance(ordered, Decomposition)
    assert isinstance(independent, Decomposition)
    assert [s.depends_on for s in ordered.subtasks] == [[], [1]]
    assert [s.depends_on for s in independent.subtasks] == [[], []]
    assert "call the bank" in independent.subtasks[1].request.lower()
