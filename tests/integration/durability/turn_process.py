"""One turn in a process of its own, to be killed (``kill -9``) and resumed elsewhere.

    python -m tests.integration.durability.turn_process DATA_DIR DATABASE_URL USER RUN_ID
        (--message TEXT | --answer approve|reject) [--stop-at tool-start:N|tool-end:N]

Opens the real engine (PostgreSQL, the embedded task MCP server, the offline model) and
runs ``drive``: the turn of USER's session with the run id RUN_ID, through
``resume_turn``, so a first attempt and a resumed one are the same call. ``--message``
sends a message; ``--answer`` answers the approval pending on the session (with nothing
pending it goes on from the last checkpoint). With ``--stop-at`` the process stops itself
(SIGSTOP) just before its N-th tool call is sent (``tool-start``) or just after the N-th
came back (``tool-end``), after printing ``stopped``: the test then kills it there, at
exactly that point of the turn. Otherwise it prints ``done`` at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import signal
from pathlib import Path
from typing import Any

from langchain_core.callbacks import AsyncCallbackHandler

from engine.core import Compiled, open_engine
from engine.turns import (
    TurnResult,
    answer_for,
    approval_of,
    resume,
    resume_turn,
    session_turn,
    summarize,
    thread_config,
    user_input,
)
from engine.turns.runner import STREAM_MODES
from tests.integration.graphs.support import context, engine_settings


class StopAt(AsyncCallbackHandler):
    """Freezes the process at the chosen tool call (``tool-start:N`` or ``tool-end:N``)."""

    def __init__(self, point: str) -> None:
        event, _, count = point.partition(":")
        self.event, self.count = event, int(count)
        self.seen = {"tool-start": 0, "tool-end": 0}

    def _reached(self, event: str) -> None:
        self.seen[event] += 1
        if event == self.event and self.seen[event] == self.count:
            print("stopped", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)

    async def on_tool_start(self, serialized: Any, input_str: str, **kwargs: Any) -> None:
        self._reached("tool-start")

    async def on_tool_end(self, output: Any, **kwargs: Any) -> None:
        self._reached("tool-end")


async def drive(
    graph: Compiled, user: str, run_id: str, *, message: str | None, answer: bool | None
) -> TurnResult:
    """Run (or resume: the same call) the turn ``run_id`` of ``user``'s session."""
    turn = dataclasses.replace(session_turn(context(user), graph.name), run_id=run_id)
    payload: Any = None
    if message is not None:
        payload = user_input(message)
    else:
        state = await graph.aget_state(thread_config(turn.thread_id))
        answers = {i.id: answer_for(approval_of(i), bool(answer)) for i in state.interrupts}
        payload = resume(answers) if answers else None
    async for _ in resume_turn(graph, turn, payload, stream_mode=STREAM_MODES):
        pass
    state = await graph.aget_state(thread_config(turn.thread_id))
    return summarize(state.values, state.interrupts)


async def main(args: argparse.Namespace) -> None:
    settings = engine_settings(Path(args.data_dir), args.database_url)
    async with open_engine(settings) as engine:
        graph = engine.graph
        if args.stop_at:
            graph = graph.with_config(callbacks=[StopAt(args.stop_at)])
        answer = None if args.answer is None else args.answer == "approve"
        await drive(graph, args.user, args.run_id, message=args.message, answer=answer)
        print("done", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    for name in ("data_dir", "database_url", "user", "run_id"):
        parser.add_argument(name)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--message")
    group.add_argument("--answer", choices=("approve", "reject"))
    parser.add_argument("--stop-at")
    asyncio.run(main(parser.parse_args()))
