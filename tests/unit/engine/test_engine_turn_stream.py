"""``stream_turn`` with ``events``: the same graph chunks, plus the callback events."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from engine.turns import Turn, stream_turn
from graphs.state import Context


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
