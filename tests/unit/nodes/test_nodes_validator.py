"""The validator alone: claims are checked against the store through the tools, and the
specialist is sent back a bounded number of times."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langgraph.runtime import Runtime

from chatmodels.messages import is_validator_note
from graphs.state import Context, SequentialState, ToolCallRecord, Verdict
from nodes.llm import Models
from nodes.tools import ToolRunner
from nodes.validator import MAX_VALIDATION_ROUNDS, make_validator, store_mismatches
from tests.support.memtools import MemoryTasks
from tests.support.scripted import ScriptedModel, structured

RUNTIME = Runtime(context=Context(user_id="u1"))


def record(name: str, output: str, ok: bool = True, **args: Any) -> ToolCallRecord:
    return ToolCallRecord(name=name, args=args, ok=ok, output=output)


def verdict(ok: bool, findings: str = "") -> Models:
    return Models(
        ScriptedModel(
            handlers={"validator": lambda m, t: structured(Verdict, ok=ok, findings=findings)}
        )
    )


def sequential_state(records: list[ToolCallRecord], rounds: int = 0) -> SequentialState:
    return SequentialState(
        messages=[HumanMessage("add milk"), AIMessage("Added task 1: Buy milk.")],
        tool_calls=records,
        validation_rounds=rounds,
    )


async def test_store_agrees_with_what_the_tools_reported() -> None:
    store = MemoryTasks()
    added = record("add_task", store.add_task("Buy milk"), title="Buy milk")
    store.add_task("Pay rent")
    completed = record("complete_task", store.complete_task(2), task_id=2)
    store.add_task("Old")
    deleted = record("delete_task", store.delete_task(3), task_id=3)
    runner = ToolRunner(store.tools())
    assert await store_mismatches(runner, [added, completed, deleted], RUNTIME.context) == []


async def test_each_kind_of_false_report_is_found_in_the_store() -> None:
    store = MemoryTasks()
    store.add_task("Still here")  # task 1
    store.add_task("Not done")  # task 2
    claims = [
        record("add_task", json.dumps({"task_id": 7, "status": "created"})),
        record("complete_task", json.dumps({"task_id": 2, "status": "completed"})),
        record("delete_task", json.dumps({"task_id": 1, "status": "deleted"})),
        record("update_task", json.dumps({"task_id": 8, "status": "updated"})),
    ]
    problems = await store_mismatches(ToolRunner(store.tools()), claims, RUNTIME.context)
    assert len(problems) == len(claims)
    for task_id, word in ((7, "created"), (2, "completed"), (1, "deleted"), (8, "updated")):
        assert any(f"task {task_id}" in p and word in p for p in problems), problems


async def test_failed_calls_and_reads_are_not_checked() -> None:
    store = MemoryTasks()
    claims = [
        record("delete_task", json.dumps({"task_id": 5, "status": "deleted"}), ok=False),
        record("list_tasks", "[]"),
        record("get_task", "not json"),
    ]
    assert await store_mismatches(ToolRunner(store.tools()), claims, RUNTIME.context) == []
    assert store.calls == []


async def test_a_supported_reply_ends_the_workflow_unchanged() -> None:
    store = MemoryTasks()
    added = record("add_task", store.add_task("Buy milk"), title="Buy milk")
    validator = make_validator(verdict(True), store.tools())
    command = await validator(sequential_state([added]), runtime=RUNTIME)
    assert command.goto == "__end__"
    assert "messages" not in (command.update or {})


async def test_a_store_mismatch_sends_the_specialist_back_even_if_the_model_agrees() -> None:
    store = MemoryTasks()
    added = record("add_task", store.add_task("Buy milk"), title="Buy milk")
    store.tasks.clear()  # the task vanished behind the tool's back
    validator = make_validator(verdict(True), store.tools())
    command = await validator(sequential_state([added]), runtime=RUNTIME)
    assert command.goto == "specialist"
    update = command.update or {}
    assert update["validation_rounds"] == 1
    [note] = update["messages"]
    assert is_validator_note(note)
    assert "task 1 was reported created but does not exist" in note.text


async def test_the_models_findings_are_passed_on() -> None:
    validator = make_validator(verdict(False, "the reply names the wrong title"), [])
    command = await validator(sequential_state([]), runtime=RUNTIME)
    assert command.goto == "specialist"
    assert "the reply names the wrong title" in (command.update or {})["messages"][0].text


@pytest.mark.parametrize("rounds", [MAX_VALIDATION_ROUNDS, MAX_VALIDATION_ROUNDS + 1])
async def test_after_the_last_round_the_reply_says_what_was_not_confirmed(rounds: int) -> None:
    validator = make_validator(verdict(False, "no tool added anything"), [])
    state = sequential_state([], rounds=rounds)
    command = await validator(state, runtime=RUNTIME)
    assert command.goto == "__end__"
    [honest] = (command.update or {})["messages"]
    assert isinstance(honest, AIMessage)
    assert honest.text.startswith(state["messages"][-1].text)
    assert "no tool added anything" in honest.text


async def test_the_model_is_shown_the_evidence_and_the_reply() -> None:
    seen: list[list[BaseMessage]] = []

    def handler(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
        seen.append(messages)
        return structured(Verdict, ok=True)

    store = MemoryTasks()
    added = record("add_task", store.add_task("Buy milk"), title="Buy milk")
    validator = make_validator(Models(ScriptedModel(handlers={"validator": handler})), [])
    state = sequential_state([added])
    await validator(state, runtime=RUNTIME)
    prompt = seen[0][0].text
    assert added["output"] in prompt
    assert state["messages"][-1].text in prompt
