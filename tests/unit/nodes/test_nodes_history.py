"""Trimming what a model sees: a long thread is cut to the budget at a user message, a tool
call never loses its result, and the current turn is never cut."""

from __future__ import annotations

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.messages.utils import count_tokens_approximately

from chatmodels.messages import validator_note
from nodes.history import HISTORY_TOKEN_BUDGET, latest_request, recent


def exchange(n: int, filler: int = 200) -> list[BaseMessage]:
    """One earlier turn: a request, a tool call, its (long) result and the reply."""
    call_id = f"call-{n}"
    return [
        HumanMessage(f"request {n}"),
        AIMessage("", tool_calls=[{"name": "list_tasks", "args": {}, "id": call_id}]),
        ToolMessage("x" * filler, tool_call_id=call_id, name="list_tasks"),
        AIMessage(f"reply {n}"),
    ]


def thread(turns: int, filler: int = 200) -> list[BaseMessage]:
    return [m for n in range(turns) for m in exchange(n, filler)]


def assert_well_formed_tail(kept: list[BaseMessage], messages: list[BaseMessage]) -> None:
    assert kept == messages[len(messages) - len(kept) :], "not a contiguous tail"
    assert isinstance(kept[0], HumanMessage)
    call_ids = {c["id"] for m in kept if isinstance(m, AIMessage) for c in m.tool_calls}
    result_ids = {m.tool_call_id for m in kept if isinstance(m, ToolMessage)}
    assert call_ids == result_ids, "a tool call was separated from its result"


def test_a_short_thread_is_kept_whole() -> None:
    messages = thread(2)
    assert recent(messages) == messages


def test_a_long_thread_is_cut_to_the_budget() -> None:
    messages = thread(200)
    assert count_tokens_approximately(messages) > 3 * HISTORY_TOKEN_BUDGET
    kept = recent(messages)
    assert count_tokens_approximately(kept) <= HISTORY_TOKEN_BUDGET
    assert len(kept) < len(messages)
    assert_well_formed_tail(kept, messages)
    assert kept[-1] == messages[-1]


def test_cuts_at_every_budget_keep_tool_calls_with_their_results() -> None:
    messages = thread(30, filler=120)
    for budget in range(60, 1500, 37):
        kept = recent(messages, budget)
        assert_well_formed_tail(kept, messages)
        assert count_tokens_approximately(kept) <= budget or kept == messages[-4:]


def test_the_current_turn_is_kept_whole_even_over_budget() -> None:
    earlier = thread(5)
    current = [
        HumanMessage("add a hundred tasks"),
        *exchange(99, filler=20_000)[1:3],  # a huge tool result in this turn
        validator_note("Check again."),  # a validator note is not a new turn
        AIMessage("Done."),
    ]
    messages = [*earlier, *current]
    assert count_tokens_approximately(current) > HISTORY_TOKEN_BUDGET
    assert recent(messages) == current


def test_latest_request_skips_validator_notes() -> None:
    messages = [
        HumanMessage("add milk"),
        AIMessage("Added."),
        validator_note("The reply names the wrong task."),
    ]
    assert latest_request(messages) == "add milk"
    assert latest_request([]) == ""
