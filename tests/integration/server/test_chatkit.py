"""OpenAI ChatKit's endpoint, driven with requests built from the ``openai-chatkit`` types
and answers read back into them: a thread made with a message, its streamed events,
the user's threads and items, an approval answered from its card, the same thread on
the Agent Protocol, and another person who sees none of it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from chatkit.actions import Action
from chatkit.types import (
    AssistantMessageContentPartTextDelta,
    AssistantMessageItem,
    ChatKitReq,
    InferenceOptions,
    ItemsListParams,
    ItemsListReq,
    Page,
    ProgressUpdateEvent,
    TaskItem,
    Thread,
    ThreadAddUserMessageParams,
    ThreadCreatedEvent,
    ThreadCreateParams,
    ThreadCustomActionParams,
    ThreadDeleteParams,
    ThreadGetByIdParams,
    ThreadItem,
    ThreadItemDoneEvent,
    ThreadItemReplacedEvent,
    ThreadItemUpdatedEvent,
    ThreadListParams,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsCustomActionReq,
    ThreadsDeleteReq,
    ThreadsGetByIdReq,
    ThreadsListReq,
    ThreadStreamEvent,
    UserMessageInput,
    UserMessageItem,
    UserMessageTextContent,
    WidgetItem,
)
from pydantic import TypeAdapter

from tests.integration.server.support import RunningServer, new_user, read_sse, user_message

pytestmark = pytest.mark.postgres

EVENTS: TypeAdapter[ThreadStreamEvent] = TypeAdapter(ThreadStreamEvent)
ITEMS: TypeAdapter[Page[ThreadItem]] = TypeAdapter(Page[ThreadItem])
THREADS: TypeAdapter[Page[Thread]] = TypeAdapter(Page[Thread])


def _message(text: str) -> UserMessageInput:
    return UserMessageInput(
        content=[UserMessageTextContent(text=text)],
        attachments=[],
        inference_options=InferenceOptions(),
    )


def _body(request: ChatKitReq) -> str:
    return request.model_dump_json()


async def _stream(http: httpx.AsyncClient, request: ChatKitReq) -> list[ThreadStreamEvent]:
    async with http.stream("POST", "/chatkit", content=_body(request)) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        return [EVENTS.validate_json(e.data) async for e in read_sse(response) if e.data]


async def _call(http: httpx.AsyncClient, request: ChatKitReq) -> httpx.Response:
    return await http.post("/chatkit", content=_body(request))


def _done(events: list[ThreadStreamEvent], kind: type[Any]) -> list[Any]:
    return [
        e.item for e in events if isinstance(e, ThreadItemDoneEvent) and isinstance(e.item, kind)
    ]


async def _new_thread(http: httpx.AsyncClient, text: str) -> tuple[str, list[ThreadStreamEvent]]:
    events = await _stream(http, ThreadsCreateReq(params=ThreadCreateParams(input=_message(text))))
    created = events[0]
    assert isinstance(created, ThreadCreatedEvent)
    return created.thread.id, events


async def _say(http: httpx.AsyncClient, thread_id: str, text: str) -> list[ThreadStreamEvent]:
    params = ThreadAddUserMessageParams(thread_id=thread_id, input=_message(text))
    return await _stream(http, ThreadsAddUserMessageReq(params=params))


async def _items(http: httpx.AsyncClient, thread_id: str) -> list[ThreadItem]:
    request = ItemsListReq(params=ItemsListParams(thread_id=thread_id, order="asc", limit=100))
    response = await _call(http, request)
    assert response.status_code == 200, response.text
    return ITEMS.validate_json(response.content).data


async def test_a_thread_made_with_a_message_streams_its_turn(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        thread_id, events = await _new_thread(http, "Add a task to buy milk")

    [said] = _done(events, UserMessageItem)
    assert said.content[0].text == "Add a task to buy milk"
    progress = [e.text for e in events if isinstance(e, ProgressUpdateEvent)]
    assert any("sequential" in text for text in progress), progress
    [task] = _done(events, TaskItem)
    assert task.task.title == "add_task (done)"
    [reply] = _done(events, AssistantMessageItem)
    deltas = [
        e.update.delta
        for e in events
        if isinstance(e, ThreadItemUpdatedEvent)
        and e.item_id == reply.id
        and isinstance(e.update, AssistantMessageContentPartTextDelta)
    ]
    assert len(deltas) > 1, "the reply streams in pieces"
    assert "".join(deltas) == reply.content[0].text == "Added task 1: Buy milk."
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]
    thread = await server.client(user).threads.get(thread_id)
    assert thread["metadata"]["source"] == "chatkit"


async def test_threads_are_listed_and_items_loaded(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        first, _ = await _new_thread(http, "Add a task to water the plants")
        second, _ = await _new_thread(http, "show my tasks")
        response = await _call(http, ThreadsListReq(params=ThreadListParams(limit=1)))
        assert response.status_code == 200, response.text
        page = THREADS.validate_json(response.content)
        assert [t.id for t in page.data] == [second]
        assert page.has_more
        assert page.data[0].title == "show my tasks"
        request = ThreadsListReq(params=ThreadListParams(limit=10, after=page.after))
        rest = THREADS.validate_json((await _call(http, request)).content)
        assert [t.id for t in rest.data] == [first]
        assert not rest.has_more

        items = await _items(http, first)
        kinds = [type(item) for item in items]
        assert kinds == [UserMessageItem, TaskItem, AssistantMessageItem]
        assert isinstance(items[2], AssistantMessageItem)
        assert "water the plants" in items[2].content[0].text.lower()

        got = await _call(http, ThreadsGetByIdReq(params=ThreadGetByIdParams(thread_id=first)))
        thread = Thread.model_validate_json(got.content)
        assert [item.id for item in thread.items.data] == [item.id for item in items]


async def test_an_approval_is_answered_from_its_card(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        thread_id, _ = await _new_thread(http, "Add a task to buy milk")
        asked = await _say(http, thread_id, "delete task 1")
        [card] = _done(asked, WidgetItem)
        assert [i.id for i in await _items(http, thread_id)][-1] == card.id, "the card is kept"
        widget = card.widget.model_dump()
        assert "Buy milk" in json.dumps(widget)
        approve = widget["confirm"]["action"]
        assert widget["cancel"]["action"]["payload"]["approved"] is False

        params = ThreadCustomActionParams(
            thread_id=thread_id,
            item_id=card.id,
            action=Action(type=approve["type"], payload=approve["payload"]),
        )
        answered = await _stream(http, ThreadsCustomActionReq(params=params))
        [closed] = [e.item for e in answered if isinstance(e, ThreadItemReplacedEvent)]
        assert closed.id == card.id
        assert "confirm" not in closed.model_dump(exclude_none=True)["widget"]
        assert [t.task.title for t in _done(answered, TaskItem)] == ["delete_task (done)"]
        [reply] = _done(answered, AssistantMessageItem)
        assert "Deleted task 1" in reply.content[0].text
        assert await server.tasks.list(user) == []

        again = await _call(http, ThreadsCustomActionReq(params=params))
        assert again.status_code == 409
        assert again.json()["detail"] == "This approval was already answered."


async def test_a_rejected_approval_changes_nothing(server: RunningServer) -> None:
    user = new_user()
    async with server.http(user) as http:
        thread_id, _ = await _new_thread(http, "Add a task to buy milk")
        [card] = _done(await _say(http, thread_id, "delete task 1"), WidgetItem)
        reject = card.widget.model_dump()["cancel"]["action"]
        params = ThreadCustomActionParams(
            thread_id=thread_id,
            item_id=card.id,
            action=Action(type=reject["type"], payload=reject["payload"]),
        )
        answered = await _stream(http, ThreadsCustomActionReq(params=params))
    assert "Rejected" in json.dumps([e.model_dump(mode="json") for e in answered])
    assert not _done(answered, TaskItem)
    assert [t.title for t in await server.tasks.list(user)] == ["Buy milk"]


async def test_a_chatkit_thread_is_one_of_the_users_threads(server: RunningServer) -> None:
    """Made in ChatKit, continued on the Agent Protocol, continued in ChatKit again."""
    user = new_user()
    client = server.client(user)
    async with server.http(user) as http:
        thread_id, _ = await _new_thread(http, "Add a task to buy milk")
        await client.runs.wait(thread_id, "orchestrator", input=user_message("show my tasks"))
        said = [
            i.content[0].text
            for i in await _items(http, thread_id)
            if isinstance(i, UserMessageItem)
        ]
        assert said == ["Add a task to buy milk", "show my tasks"]

        protocol = await client.threads.create()
        await client.runs.wait(protocol["thread_id"], "orchestrator", input=user_message("hi"))
        events = await _say(http, protocol["thread_id"], "show my tasks")
        assert _done(events, AssistantMessageItem)
        state = await client.threads.get_state(protocol["thread_id"])
        humans = [m["content"] for m in state["values"]["messages"] if m["type"] == "human"]
        assert humans == ["hi", "show my tasks"]


async def test_another_user_sees_none_of_it(server: RunningServer) -> None:
    alice, bob = new_user(), new_user()
    async with server.http(alice) as http:
        thread_id, _ = await _new_thread(http, "Add a task to buy milk")
        [card] = _done(await _say(http, thread_id, "delete task 1"), WidgetItem)
    approve = card.widget.model_dump()["confirm"]["action"]
    foreign: list[ChatKitReq] = [
        ThreadsGetByIdReq(params=ThreadGetByIdParams(thread_id=thread_id)),
        ItemsListReq(params=ItemsListParams(thread_id=thread_id)),
        ThreadsAddUserMessageReq(
            params=ThreadAddUserMessageParams(thread_id=thread_id, input=_message("hi"))
        ),
        ThreadsCustomActionReq(
            params=ThreadCustomActionParams(
                thread_id=thread_id,
                item_id=card.id,
                action=Action(type=approve["type"], payload=approve["payload"]),
            )
        ),
        ThreadsDeleteReq(params=ThreadDeleteParams(thread_id=thread_id)),
    ]
    async with server.http(bob) as http:
        for request in foreign:
            response = await _call(http, request)
            assert response.status_code == 404, (request.type, response.text)
        listed = THREADS.validate_json(
            (await _call(http, ThreadsListReq(params=ThreadListParams()))).content
        )
        assert listed.data == []
    assert [t.title for t in await server.tasks.list(alice)] == ["Buy milk"], "still waiting"
    async with server.http(alice) as http:
        assert isinstance((await _items(http, thread_id))[-1], WidgetItem)


async def test_sign_in_and_bad_requests(server: RunningServer) -> None:
    request = ThreadsListReq(params=ThreadListParams())
    async with server.http() as anonymous:
        response = await _call(anonymous, request)
        assert response.status_code == 401
        assert "Bearer" in response.headers["www-authenticate"]
    user = new_user()
    async with server.http() as keyed:
        keyed.headers["X-Api-Key"] = server.token(user)
        assert (await _call(keyed, request)).status_code == 200
    async with server.http(user) as http:
        assert (await http.post("/chatkit", content=b'{"type": "threads.nope"}')).status_code == 422
        empty = ThreadsCreateReq(params=ThreadCreateParams(input=_message("   ")))
        assert (await _call(http, empty)).status_code == 422
        long = ThreadsCreateReq(params=ThreadCreateParams(input=_message("x" * 9000)))
        assert (await _call(http, long)).status_code == 422
        listed = THREADS.validate_json((await _call(http, request)).content)
        assert listed.data == [], "a refused request made no thread"
