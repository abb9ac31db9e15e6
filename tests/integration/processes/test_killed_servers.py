"""Two equal ``orchestrator serve`` processes: a run outlives the one running it.

Each case holds one model request of a turn (so the turn is known to be exactly that
far), ``kill -9``s the process running it, and checks on the other one: the run is
resumed there from its last checkpoint and ends ``success``; the client that was
streaming joins again after its last event and sees it finish; each task the turn
made exists once, with one audit row naming the run. And a run on one process is
followed and cancelled from the other.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.integration.processes.support import (
    Pair,
    asks,
    audit_rows,
    collect,
    data,
    http,
    new_user,
    run_body,
)
from tests.integration.server.support import SseEvent
from tests.support.openai_compat import OpenAICompatServer

pytestmark = pytest.mark.postgres

HOLD_SECONDS = 120.0
ADD_ONE = "Add a task to buy milk"
LIST_AND_ADD = "Show what's pending and add pick up dry cleaning"


@dataclass(frozen=True)
class KillPoint:
    message: str
    picks: Callable[[dict[str, Any]], bool]
    tasks: list[str]


KILL_POINTS = {
    "after the router": KillPoint(ADD_ONE, asks("specialist"), ["Buy milk"]),
    "after a tool call": KillPoint(ADD_ONE, asks("specialist", after_tools=1), ["Buy milk"]),
    "before the validator": KillPoint(ADD_ONE, asks("validator"), ["Buy milk"]),
    "mid-workers": KillPoint(LIST_AND_ADD, asks("worker", after_tools=1), ["Pick up dry cleaning"]),
    "before the final answer": KillPoint(
        LIST_AND_ADD, asks("aggregator"), ["Pick up dry cleaning"]
    ),
}


async def _held(arrived: Any, pair: Pair) -> None:
    if not await asyncio.to_thread(arrived.wait, HOLD_SECONDS):
        raise AssertionError(f"the turn never reached the held model request\n{pair.logs()}")


async def test_a_run_is_followed_and_cancelled_from_the_other_process(
    pair: Pair, model: OpenAICompatServer
) -> None:
    runner, other = await pair.ready()
    user = new_user()
    arrived = model.hold(asks("specialist"))
    async with http(runner, user) as on_runner, http(other, user) as on_other:
        thread = (await on_runner.post("/threads", json={})).json()["thread_id"]
        run = (await on_runner.post(f"/threads/{thread}/runs", json=run_body(ADD_ONE))).json()
        await _held(arrived, pair)
        joined: list[SseEvent] = []
        path = f"/threads/{thread}/runs/{run['run_id']}"
        following = asyncio.create_task(collect(on_other, "GET", f"{path}/stream", joined))

        cancelled = await on_other.post(f"{path}/cancel")
        assert cancelled.status_code == 202, cancelled.text
        await asyncio.wait_for(following, HOLD_SECONDS)
        ended = (await on_other.get(path)).json()
        again = await on_other.post(f"/threads/{thread}/runs/wait", json=run_body("hello"))

    assert joined[0].event == "metadata"  # streamed from the start, elsewhere
    assert joined[-1].event == "end", pair.logs()
    assert data(joined[-1])["status"] == "interrupted"
    assert ended["status"] == "interrupted"
    assert again.status_code == 200, again.text  # the thread was freed


@pytest.mark.parametrize("point", list(KILL_POINTS))
async def test_a_run_whose_process_is_killed_ends_on_the_other(
    pair: Pair, model: OpenAICompatServer, point: str
) -> None:
    kill = KILL_POINTS[point]
    runner, other = await pair.ready()
    user = new_user()
    arrived = model.hold(kill.picks)
    seen: list[SseEvent] = []
    async with http(runner, user) as on_runner, http(other, user) as on_other:
        thread = (await on_runner.post("/threads", json={})).json()["thread_id"]
        streaming = asyncio.create_task(
            collect(
                on_runner,
                "POST",
                f"/threads/{thread}/runs/stream",
                seen,
                json_body=run_body(kill.message),
            )
        )
        await _held(arrived, pair)
        runner.kill()
        pair.replace(runner)
        with contextlib.suppress(httpx.TransportError):  # the stream breaks with its server
            await streaming
        assert seen, pair.logs()
        assert seen[0].event == "metadata"
        assert all(event.event not in ("end", "error") for event in seen)
        run_id = data(seen[0])["run_id"]
        path = f"/threads/{thread}/runs/{run_id}"

        rejoined: list[SseEvent] = []
        last = {"Last-Event-ID": seen[-1].id or "0"}
        await collect(on_other, "GET", f"{path}/stream", rejoined, headers=last)
        run = (await on_other.get(path)).json()
        tasks = (await on_other.get(f"/api/{user}/tasks")).json()

    assert rejoined, pair.logs()
    resumed = [data(e) for e in rejoined if e.event == "metadata"]
    assert [m["attempt"] for m in resumed] == [2], pair.logs()
    assert rejoined[-1].event == "end", pair.logs()
    assert data(rejoined[-1])["status"] == "success"
    assert run["status"] == "success", run
    assert sorted(task["title"] for task in tasks) == kill.tasks
    audited = await audit_rows(pair.settings["DATABASE_URL"], user)
    assert sorted(audited) == sorted(("add", task["id"], run_id) for task in tasks)
