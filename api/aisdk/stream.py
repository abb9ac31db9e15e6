"""The response of ``POST /ai-sdk/chat``: a turn's run followed as UI message chunks,
sent as server-sent events (``data: <json>``, ``data: [DONE]`` at the end)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sse_starlette import ServerSentEvent

from api.aisdk.chunks import DONE, Chunk, UIStream
from api.frontends.activity import TurnActivity
from api.frontends.turns import follow, outcome
from api.runs.manager import RunManager
from engine.turns import Approval
from runstore import RunRecord, ThreadRecord

HEADERS = {"x-vercel-ai-ui-message-stream": "v1"}


def _sent(chunks: Sequence[Chunk]) -> list[ServerSentEvent]:
    return [ServerSentEvent(data=json.dumps(chunk, separators=(",", ":"))) for chunk in chunks]


async def ui_message_stream(
    runs: RunManager,
    thread: ThreadRecord,
    run: RunRecord,
    activity: TurnActivity,
    *,
    message_id: str | None,
    answered: tuple[Sequence[Approval], dict[str, Any]] | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """``message_id``: a new assistant message's id (None: the request continues the last
    one, after approvals, whose ``answered`` parts are closed first)."""
    ui = UIStream()
    for event in _sent(
        ui.start(thread_id=thread.thread_id, run_id=run.run_id, message_id=message_id)
    ):
        yield event
    if answered is not None:
        for event in _sent(ui.answered(*answered)):
            yield event
    async for item in follow(runs, run, activity):
        for event in _sent(ui.activity(item)):
            yield event
    for event in _sent(ui.finish(await outcome(runs, thread))):
        yield event
    yield ServerSentEvent(data=DONE)
