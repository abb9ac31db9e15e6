"""Approvals as agent-chat-ui and useStream see them, through the official SDK client.

The paused thread's interrupt is LangChain's human-in-the-loop request; the model's
pending tool call ends the root ``messages`` of the thread's state while it waits (and
is in the thread once afterwards); ``{"decisions": [...]}`` answers it, and a resume
nobody can read is refused before it reaches the graph.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from taskservice.schemas import TaskCreate
from tests.integration.server.support import RunningServer, new_user, user_message

pytestmark = pytest.mark.postgres


async def _paused(server: RunningServer, user: str) -> str:
    """A thread with an earlier exchange, now paused before deleting task 1."""
    await server.tasks.add(user, TaskCreate(title="Buy milk"))
    client = server.client(user)
    thread = await client.threads.create()
    for text in ("hello", "delete task 1"):
        await client.runs.wait(thread["thread_id"], "orchestrator", input=user_message(text))
    return str(thread["thread_id"])


def _calls(messages: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(c["name"], c["args"]) for m in messages for c in m.get("tool_calls") or []]


async def test_the_thread_shows_the_request_and_the_pending_call(server: RunningServer) -> None:
    user = new_user()
    thread_id = await _paused(server, user)
    client = server.client(user)

    thread: Any = await client.threads.get(thread_id)
    [[interrupt]] = thread["interrupts"].values()
    request = interrupt["value"]
    [action] = request["action_requests"]
    assert (action["name"], action["args"]) == ("delete_task", {"task_id": 1})
    assert "Buy milk" in action["description"]
    assert request["review_configs"] == [
        {"action_name": "delete_task", "allowed_decisions": ["approve", "edit", "reject"]}
    ]
    assert request["summary"] == action["description"]

    state: Any = await client.threads.get_state(thread_id)
    last = state["values"]["messages"][-1]  # where agent-chat-ui draws the approval
    assert last["type"] == "ai"
    assert _calls([last]) == [("delete_task", {"task_id": 1})]
    history: Any
    [history] = await client.threads.get_history(thread_id, limit=1)
    assert history["values"]["messages"][-1]["id"] == last["id"]
    assert thread["values"]["messages"][-1]["id"] == last["id"]

    await client.runs.wait(
        thread_id, "orchestrator", command={"resume": {"decisions": [{"type": "approve"}]}}
    )
    assert await server.tasks.list(user) == []
    done: Any = await client.threads.get_state(thread_id)
    after = done["values"]["messages"]
    assert _calls(after) == [("delete_task", {"task_id": 1})]  # once, not twice
    assert len({m["id"] for m in after}) == len(after)
    assert after[-1]["type"] == "ai"
    assert not after[-1].get("tool_calls")


async def test_a_rejection_changes_nothing(server: RunningServer) -> None:
    user = new_user()
    thread_id = await _paused(server, user)
    client = server.client(user)
    reject = {"type": "reject", "message": "keep it"}
    await client.runs.wait(thread_id, "orchestrator", command={"resume": {"decisions": [reject]}})
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
    thread: Any = await client.threads.get(thread_id)
    assert thread["status"] == "idle"


async def test_an_edit_applies_the_edited_args(server: RunningServer) -> None:
    user = new_user()
    thread_id = await _paused(server, user)
    await server.tasks.add(user, TaskCreate(title="Call mom"))  # task 2
    client = server.client(user)
    edit = {"type": "edit", "edited_action": {"name": "delete_task", "args": {"task_id": 2}}}
    await client.runs.wait(thread_id, "orchestrator", command={"resume": {"decisions": [edit]}})
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]  # 2 went, not 1


@pytest.mark.parametrize(
    "resume",
    [
        {"decisions": [{"type": "accept"}]},
        {"decisions": "approve"},
        {"approved": "yes"},
        "yes",
        {"decision": {"type": "approve"}},
    ],
)
async def test_an_unreadable_resume_is_refused_and_the_approval_still_waits(
    server: RunningServer, resume: Any
) -> None:
    user = new_user()
    thread_id = await _paused(server, user)
    async with server.http(user) as http:
        refused = await http.post(
            f"/threads/{thread_id}/runs/wait",
            json={"assistant_id": "orchestrator", "command": {"resume": resume}},
        )
    assert refused.status_code == 422
    assert "command.resume" in refused.json()["detail"]
    client = server.client(user)
    thread: Any = await client.threads.get(thread_id)
    assert thread["status"] == "interrupted"
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
    await client.runs.wait(thread_id, "orchestrator", command={"resume": {"approved": True}})
    assert await server.tasks.list(user) == []
    with pytest.raises(httpx.HTTPStatusError):  # answered: nothing waits any more
        await client.runs.wait(
            thread_id, "orchestrator", command={"resume": {"decisions": [{"type": "approve"}]}}
        )
