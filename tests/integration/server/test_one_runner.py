"""A turn through the chat endpoint and the same turn through ``run_turn`` (the CLI's way),
on the server's own engine: the same summary, and checkpoints labelled by the same config."""

from __future__ import annotations

from typing import Any

from engine.core import Engine
from engine.turns import TurnResult, run_turn, session_thread_id, thread_config, user_hash
from graphs.state import Context
from tests.integration.server.support import RunningServer, new_user

TURNS = ("Add a task to buy milk", "show my tasks", "delete task 1")


def _as_chat(result: TurnResult) -> dict[str, Any]:
    """What the chat endpoint would answer for ``result`` (interrupt ids name a thread)."""
    pending = dict(result.pending_approval or {}) or None
    if pending:
        pending.pop("id")
    calls = [{"name": c["name"], "args": c["args"], "ok": c["ok"]} for c in result.tool_calls]
    return {
        "response": result.reply,
        "tool_calls": calls,
        "workflow": result.workflow,
        "pending_approval": pending,
    }


def _answered(answer: dict[str, Any]) -> dict[str, Any]:
    pending = answer["pending_approval"]
    if pending:
        pending.pop("id")
    keys = ("response", "tool_calls", "workflow", "pending_approval")
    return {key: answer[key] for key in keys}


async def test_the_server_and_run_turn_summarize_a_turn_alike(
    sqlite_server: RunningServer,
) -> None:
    engine: Engine = sqlite_server.app.state.engine
    over_http, in_process = new_user(), new_user()
    context = Context(user_id=in_process, timezone=sqlite_server.settings.default_timezone)
    conversation: str | None = None
    async with sqlite_server.http(over_http) as http:
        for text in TURNS:
            body = {"message": text, "conversation_id": conversation}
            response = await http.post(f"/api/{over_http}/chat", json=body)
            assert response.status_code == 200, response.text
            answer = response.json()
            conversation = answer["conversation_id"]
            result = await run_turn(engine.graph, context, text)
            assert _answered(answer) == _as_chat(result), text
    assert result.pending_approval is not None  # the last turn waits on both paths

    assert conversation is not None
    served = await engine.graph.aget_state(thread_config(conversation))
    ran = await engine.graph.aget_state(thread_config(session_thread_id(in_process, "default")))
    labels = ("graph_id", "session_id", "user_hash")  # LangGraph keeps no thread_id there
    assert [(served.metadata or {}).get(k) for k in labels] == [
        "orchestrator",
        conversation,
        user_hash(over_http),
    ]
    assert [(ran.metadata or {}).get(k) for k in labels] == [
        "orchestrator",
        "default",
        user_hash(in_process),
    ]
