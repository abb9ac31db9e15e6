"""Lean threads on the real engine (SQLite and PostgreSQL): the workflow subgraphs get the
recent thread, not the whole conversation; the retention policy deletes older turns'
inner checkpoints, and approvals, history and time travel still work after it did."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.runnables import RunnableConfig

from engine.core import Engine, open_engine
from engine.turns import (
    answer_for,
    approval_of,
    resume,
    run_turn,
    session_thread_id,
    session_turn,
    stream_turn,
    thread_config,
)
from engine.turns.runner import STREAM_MODES
from nodes.history import recent
from persistence.retention import prune_thread
from settings import Settings
from taskservice.schemas import TaskCreate
from tests.integration.graphs.support import context, engine_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return engine_settings(tmp_path, database_url=url).model_copy(
        update={"checkpoint_retention_turns": 1}
    )


async def namespaces(engine: Engine, thread_id: str) -> set[str]:
    """The subgraph namespaces the thread has checkpoints in."""
    saver = engine.persistence.checkpointer
    config = RunnableConfig(configurable={"thread_id": thread_id})
    return {
        item.config["configurable"]["checkpoint_ns"]
        async for item in saver.alist(config)
        if item.config["configurable"]["checkpoint_ns"]
    }


async def finish(engine: Engine, user: str, approved: bool) -> None:
    """Answer the thread's pending approval in a turn of its own (as the server does)."""
    turn = session_turn(context(user))
    state = await engine.graph.aget_state(thread_config(turn.thread_id))
    approval = approval_of(state.interrupts[0])
    payload = resume({approval["id"]: answer_for(approval, approved)})
    stream = stream_turn(engine.graph, turn, payload, stream_mode=STREAM_MODES)
    async for _ in stream:
        pass


async def test_a_workflow_gets_the_recent_thread_not_the_whole_conversation(
    settings: Settings,
) -> None:
    async with open_engine(settings) as engine:
        user, thread = "lena", session_thread_id("lena", "s1")
        config = thread_config(thread)
        earlier: list[Any] = []
        for i in range(40):  # a long conversation, well over what a model may see
            earlier += [
                HumanMessage(f"Earlier question {i}: " + "tell me more " * 40, id=f"h{i}"),
                AIMessage(f"Earlier answer {i}: " + "here is more " * 40, id=f"a{i}"),
            ]
        await engine.graph.aupdate_state(config, {"messages": earlier}, as_node="direct")
        await engine.tasks.add(user, TaskCreate(title="Old report"))
        pending = await run_turn(engine.graph, context(user), "Delete task 1")
        assert pending.pending_approval is not None

        state = await engine.graph.aget_state(config, subgraphs=True)
        inner = next(t.state for t in state.tasks if t.name == "sequential")
        assert not isinstance(inner, dict)
        assert inner is not None
        kept = inner.values["messages"]
        whole = state.values["messages"]
        assert len(whole) == 81
        assert whole[0].id == "h0"  # the root holds the whole conversation
        brief = recent(whole)
        assert len(brief) < len(whole)
        # The subgraph holds the brief and what the workflow added this turn, no more.
        assert [m.id for m in kept[: len(brief)]] == [m.id for m in brief]
        assert "h0" not in {m.id for m in kept}
        added = kept[len(brief) :]
        assert len(added) == 1
        assert isinstance(added[0], AIMessage)
        assert added[0].tool_calls

        await finish(engine, user, approved=True)
        after = await engine.graph.aget_state(config)
        messages = after.values["messages"]
        assert [m.id for m in messages[:80]] == [m.id for m in earlier]  # nothing lost
        assert messages[-1].text
        assert not (await engine.tasks.list(user))
        ids = [m.id for m in messages]
        assert len(ids) == len(set(ids))  # the brief came back once, not twice


async def test_an_approval_resumes_after_retention_pruned_older_turns(
    settings: Settings,
) -> None:
    async with open_engine(settings) as engine:
        user, thread = "mira", session_thread_id("mira", "s1")
        for item in ("bread", "eggs", "tea"):
            await run_turn(engine.graph, context(user), f"Add a task to buy {item}")
        # Retention keeps the last turn's inner checkpoints only.
        assert len(await namespaces(engine, thread)) == 1
        pending = await run_turn(engine.graph, context(user), "Delete task 2")
        assert pending.pending_approval is not None
        waiting = await namespaces(engine, thread)
        assert len(waiting) == 1  # the older turns' went; the waiting turn's stayed

        await finish(engine, user, approved=True)
        titles = [t.title for t in await engine.tasks.list(user)]
        assert titles == ["Buy bread", "Buy tea"]
        state = await engine.graph.aget_state(thread_config(thread))
        assert not state.interrupts
        said = [m.text for m in state.values["messages"] if isinstance(m, HumanMessage)]
        assert said == [
            "Add a task to buy bread",
            "Add a task to buy eggs",
            "Add a task to buy tea",
            "Delete task 2",
        ]


async def test_history_keeps_every_turn_and_time_travel_forks_from_a_kept_one(
    settings: Settings,
) -> None:
    async with open_engine(settings) as engine:
        user, thread = "omar", session_thread_id("omar", "s1")
        asks = [f"Add a task to call person {n}" for n in range(1, 5)]
        for ask in asks:
            await run_turn(engine.graph, context(user), ask)
        assert len(await namespaces(engine, thread)) == 1
        history = [s async for s in engine.graph.aget_state_history(thread_config(thread))]
        ends = [s for s in history if not s.next and s.values.get("messages")]
        # One finished state per turn, each with that turn's request and reply last.
        assert len(ends) == len(asks)
        for state, ask in zip(reversed(ends), asks, strict=True):
            messages = state.values["messages"]
            asked = [m.text for m in messages if isinstance(m, HumanMessage)]
            assert asked[-1] == ask
            assert isinstance(messages[-1], AIMessage)

        # Time travel: a new turn from the end of the first one, whose inner checkpoints
        # retention deleted long ago; the thread forks from there.
        first = ends[-1]
        fork = replace(
            session_turn(context(user)),
            checkpoint_id=first.config["configurable"]["checkpoint_id"],
        )
        stream = stream_turn(
            engine.graph,
            fork,
            {"messages": [("user", "Add a task to water the plants")]},
            stream_mode=STREAM_MODES,
        )
        async for _ in stream:
            pass
        state = await engine.graph.aget_state(thread_config(thread))
        asked = [m.text for m in state.values["messages"] if isinstance(m, HumanMessage)]
        assert asked == [asks[0], "Add a task to water the plants"]
        assert state.values["messages"][-1].text.startswith("Added task 5")
        assert await prune_thread(engine.persistence.checkpointer, thread, 1) == 0
