"""``stream_turn``: with ``events`` the same graph chunks plus the callback events; the
turn's deadline; one model budget for every node of the turn."""

from __future__ import annotations

import asyncio
import operator
from dataclasses import replace
from typing import Annotated, Any, TypedDict

import pytest
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import Send

from engine.turns import Turn, TurnTimeoutError, stream_turn
from graphs.state import Context
from nodes.budget import current_budget


class _State(TypedDict):
    said: Annotated[list[str], operator.add]


def _greet(state: _State, runtime: Runtime[Context]) -> dict[str, Any]:
    return {"said": [f"hello {runtime.context.user_id}"]}


def _graph() -> Any:
    builder = StateGraph(_State, context_schema=Context)
    builder.add_node("greet", _greet)
    builder.add_edge(START, "greet")
    builder.add_edge("greet", END)
    return builder.compile()


TURN = Turn(Context(user_id="alice"), "thread-1", "greeter")


async def _items(events: bool) -> list[Any]:
    stream = stream_turn(
        _graph(), TURN, {"said": []}, stream_mode=["updates", "values"], events=events
    )
    return [item async for item in stream]


async def test_events_add_callback_events_and_keep_the_graph_chunks() -> None:
    plain = await _items(events=False)
    with_events = await _items(events=True)

    chunks = [item for item in with_events if item[1] != "events"]
    assert [tuple(item) for item in chunks] == [tuple(item) for item in plain]
    assert ((), "updates", {"greet": {"said": ["hello alice"]}}) in [tuple(i) for i in chunks]

    events = [item[2] for item in with_events if item[1] == "events"]
    assert all(item[0] == () for item in with_events if item[1] == "events")
    names = [(event["event"], event["name"]) for event in events]
    assert names[0] == ("on_chain_start", "greeter")
    assert ("on_chain_start", "greet") in names
    assert names[-1] == ("on_chain_end", "greeter")
    # the graph's own stream chunks are not repeated as events
    assert not any(e["event"] == "on_chain_stream" and not e["parent_ids"] for e in events)


# ---- the turn's deadline and model budget ----------------------------------------------------


async def test_a_turn_past_its_deadline_is_stopped_with_turn_timeout() -> None:
    stopped = asyncio.Event()

    async def stuck(state: _State) -> dict[str, Any]:
        try:
            await asyncio.Event().wait()  # a call that never answers
        finally:
            stopped.set()
        return {}

    builder = StateGraph(_State, context_schema=Context)
    builder.add_node("stuck", stuck)
    builder.add_edge(START, "stuck")
    builder.add_edge("stuck", END)
    turn = replace(TURN, timeout_seconds=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TurnTimeoutError) as raised:
        async for _ in stream_turn(builder.compile(), turn, {"said": []}, stream_mode=["values"]):
            pass
    assert raised.value.seconds == 0.3
    assert isinstance(raised.value, TimeoutError)  # what the server reports as "too long"
    assert stopped.is_set(), "the graph's work was cancelled, not left running"
    assert loop.time() - started < 10


class _Fan(TypedDict):
    budgets: Annotated[list[int], operator.add]


async def test_every_node_of_the_turn_sees_one_budget_across_send_and_subgraphs() -> None:
    async def look(state: _Fan) -> dict[str, Any]:
        budget = current_budget()
        return {"budgets": [id(budget) if budget is not None else 0]}

    inner = StateGraph(_Fan)
    inner.add_node("look", look)
    inner.add_edge(START, "look")
    inner.add_edge("look", END)

    def fan_out(state: _Fan) -> list[Send]:
        return [Send("branch", {"budgets": []}) for _ in range(3)]

    outer = StateGraph(_Fan)
    outer.add_node("look", look)
    outer.add_node("branch", inner.compile())
    outer.add_edge(START, "look")
    outer.add_conditional_edges("look", fan_out, ["branch"])
    outer.add_edge("branch", END)

    seen: list[int] = []
    turn = replace(TURN, timeout_seconds=30.0)
    async for _, mode, chunk in stream_turn(
        outer.compile(), turn, {"budgets": []}, stream_mode=["values"]
    ):
        if mode == "values":
            seen = chunk["budgets"]
    assert len(seen) == 4
    assert len(set(seen)) == 1
    assert seen[0] != 0
    assert current_budget() is None, "the budget ends with the turn"
