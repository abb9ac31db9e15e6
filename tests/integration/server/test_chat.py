"""The Todo Evolution chat endpoint: ``POST /api/{user_id}/chat``, approvals included."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.server.support import RunningServer, new_user
from tests.support.openai_compat import OpenAICompatServer

pytestmark = pytest.mark.postgres


async def _chat(http: httpx.AsyncClient, user: str, **body: Any) -> httpx.Response:
    return await http.post(f"/api/{user}/chat", json=body)


async def test_a_conversation_adds_and_lists_tasks(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        first = await _chat(http, user, message="Add a task to buy milk")
        assert first.status_code == 200, first.text
        answer = first.json()
        assert answer["response"] == "Added task 1: Buy milk."
        assert answer["workflow"] == "sequential"
        assert answer["tool_calls"] == [
            {"name": "add_task", "args": {"title": "Buy milk"}, "ok": True}
        ]
        assert answer["pending_approval"] is None
        assert answer["fallback"] is None

        second = await _chat(
            http, user, conversation_id=answer["conversation_id"], message="show my tasks"
        )
        assert second.status_code == 200, second.text
        assert second.json()["conversation_id"] == answer["conversation_id"]
        assert [c["name"] for c in second.json()["tool_calls"]] == ["list_tasks"]
        assert "Buy milk" in second.json()["response"]

    thread = await server.client(user).threads.get(answer["conversation_id"])
    assert thread["metadata"]["source"] == "chat"


async def test_a_delete_asks_first_and_the_answer_is_applied_once(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        added = (await _chat(http, user, message="Add a task to buy milk")).json()
        conversation = added["conversation_id"]

        asked = (
            await _chat(http, user, conversation_id=conversation, message="delete task 1")
        ).json()
        assert asked["pending_approval"]["changes"][0]["tool"] == "delete_task"
        assert "approval" in asked["response"]

        rejected = await _chat(http, user, conversation_id=conversation, approve=False)
        assert rejected.status_code == 200
        assert rejected.json()["pending_approval"] is None
        assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
        again = await _chat(http, user, conversation_id=conversation, approve=True)
        assert again.status_code == 409

        await _chat(http, user, conversation_id=conversation, message="delete task 1")
        approved = await _chat(http, user, conversation_id=conversation, approve=True)
        assert approved.status_code == 200
        assert [c["name"] for c in approved.json()["tool_calls"]] == ["delete_task"]
        assert await server.tasks.list(user) == []


async def test_the_path_user_must_be_the_token_user(server: RunningServer) -> None:
    user, other = new_user(), new_user()
    async with server.http(user) as http:
        response = await _chat(http, other, message="hi")
        assert response.status_code == 403


async def test_another_users_or_unknown_conversation_is_not_found(server: RunningServer) -> None:
    alice, bob = new_user(), new_user()
    async with server.http(alice) as http:
        conversation = (await _chat(http, alice, message="hi")).json()["conversation_id"]
    async with server.http(bob) as http:
        assert (
            await _chat(http, bob, conversation_id=conversation, message="hi")
        ).status_code == 404
        assert (
            await _chat(http, bob, conversation_id=conversation, approve=True)
        ).status_code == 404
        unknown = "00000000-0000-4000-8000-000000000000"
        assert (await _chat(http, bob, conversation_id=unknown, message="hi")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"message": ""}, {"message": "hi", "approve": True}, {"approve": True}, {"text": "hi"}],
)
async def test_malformed_requests_are_422(server: RunningServer, body: dict[str, Any]) -> None:
    user = new_user()
    async with server.http(user) as http:
        assert (await _chat(http, user, **body)).status_code == 422


async def test_an_answer_of_the_offline_fallback_says_so(
    hosted_server: RunningServer, fake_openai: OpenAICompatServer
) -> None:
    user = new_user()
    fake_openai.fail_next(1, "hang")  # the router's call; the turn falls back after 3 s
    async with hosted_server.http(user) as http:
        fell_back = await _chat(http, user, message="Add a task to buy milk")
        assert fell_back.status_code == 200, fell_back.text
        answered = await _chat(
            http, user, conversation_id=fell_back.json()["conversation_id"], message="hi"
        )
    assert fake_openai.pending_faults == 0
    fallback = fell_back.json()["fallback"]
    assert fallback["nodes"][0] == "router"
    assert fallback["errors"] == ["TimeoutError"]
    assert "offline model answered" in fallback["note"]
    assert [c["ok"] for c in fell_back.json()["tool_calls"]] == [True]
    assert answered.json()["fallback"] is None
