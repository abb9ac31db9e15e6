"""The decomposer alone: whatever the model returns becomes a clean, acyclic list of subtasks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, BaseMessage, HumanMessage
from langgraph.runtime import Runtime

from chatmodels.messages import validator_note
from graphs.state import Context, Decomposition, Subtask
from nodes.decomposer import MAX_SUBTASKS, make_decomposer, sanitize
from nodes.llm import Models
from tests.support.scripted import ScriptedModel, structured

RUNTIME = Runtime(context=Context(user_id="u1", now=datetime(2026, 11, 24, 9, tzinfo=UTC)))


def sub(number: int, request: str, *deps: int) -> Subtask:
    return Subtask(id=number, request=request, depends_on=list(deps))


def test_ids_are_renumbered_in_order_and_dependencies_follow_them() -> None:
    clean = sanitize([sub(10, "a"), sub(20, "b", 10), sub(30, "c", 20, 10)], "a, b and c")
    assert [(s.id, s.request, s.depends_on) for s in clean] == [
        (1, "a", []),
        (2, "b", [1]),
        (3, "c", [1, 2]),
    ]


def test_forward_self_and_unknown_dependencies_are_dropped() -> None:
    clean = sanitize([sub(1, "a", 2), sub(2, "b", 2, 1), sub(3, "c", 99, 1, 1)], "request")
    assert [s.depends_on for s in clean] == [[], [1], [1]]


def test_no_subtasks_means_the_whole_request_is_one() -> None:
    assert sanitize([], "add milk and eggs") == [sub(1, "add milk and eggs")]


def test_too_many_subtasks_are_cut_with_the_dependencies_on_them() -> None:
    many = [sub(i, f"op {i}") for i in range(1, MAX_SUBTASKS + 3)]
    many[1] = sub(2, "op 2", MAX_SUBTASKS + 1, 1)  # depends on one that is cut (and forward)
    clean = sanitize(many, "request")
    assert len(clean) == MAX_SUBTASKS
    assert [s.request for s in clean] == [f"op {i}" for i in range(1, MAX_SUBTASKS + 1)]
    assert clean[1].depends_on == [1]


def decomposer_returning(subtasks: list[Subtask], seen: list[list[BaseMessage]]) -> Models:
    def handler(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        seen.append(messages)
        return structured(Decomposition, subtasks=[s.model_dump() for s in subtasks])

    return Models(ScriptedModel(handlers={"decomposer": handler}))


async def test_decomposer_node_sanitizes_what_the_model_returns() -> None:
    seen: list[list[BaseMessage]] = []
    models = decomposer_returning([sub(7, "Add milk"), sub(9, "Mark it done", 7, 9)], seen)
    request = HumanMessage("add milk, then mark it done")
    update: dict[str, Any] = await make_decomposer(models)({"messages": [request]}, runtime=RUNTIME)
    assert update["subtasks"] == [sub(1, "Add milk"), sub(2, "Mark it done", 1)]
    assert update["fallbacks"] == []
    assert seen[0][-1] == request


async def test_decomposer_node_falls_back_to_the_latest_request_when_empty() -> None:
    seen: list[list[BaseMessage]] = []
    thread: list[AnyMessage] = [
        HumanMessage("show my tasks"),
        AIMessage("You have none."),
        HumanMessage("add bread and butter"),
        validator_note("Please answer again."),  # a note, not a request
    ]
    update = await make_decomposer(decomposer_returning([], seen))(
        {"messages": thread}, runtime=RUNTIME
    )
    assert update["subtasks"] == [sub(1, "add bread and butter")]
