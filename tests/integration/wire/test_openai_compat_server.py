"""The test server itself: as picky as promised, and speaking OpenAI's shapes exactly.

The orchestrator tests rely on it refusing what a strict server refuses and on its stream
being what OpenAI sends; these tests pin both down with raw HTTP and with the SDKs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import openai
import pytest
from langchain_openai import ChatOpenAI

from graphs.state import Context, RouteDecision
from nodes.llm import clock_line
from nodes.prompts import ROUTER, SPECIALIST
from tests.integration.wire.support import API_KEY, MODEL, NOW
from tests.support.openai_compat import OpenAICompatServer

ADD_TASK = {
    "type": "function",
    "function": {
        "name": "add_task",
        "description": "Create a task for the user.",
        "parameters": {
            "type": "object",
            "properties": {"title": {"type": "string"}},
            "required": ["title"],
        },
    },
}
CLOCK = clock_line(Context(now=NOW))
SPECIALIST_SYSTEM = {"role": "system", "content": SPECIALIST.format(clock=CLOCK)}
ADD_EGGS = {"role": "user", "content": "Add a task to buy eggs"}
CALL = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "add_task", "arguments": '{"title": "Buy eggs"}'},
}
RESULT = {
    "role": "tool",
    "tool_call_id": "call_1",
    "content": '{"task_id": 1, "title": "Buy eggs"}',
}


def request(**changes: Any) -> dict[str, Any]:
    """A valid agent request: the specialist asked to add a task, with add_task bound."""
    body: dict[str, Any] = {
        "model": MODEL,
        "messages": [SPECIALIST_SYSTEM, ADD_EGGS],
        "tools": [ADD_TASK],
    }
    body.update(copy.deepcopy(changes))
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
async def http(openai_server: OpenAICompatServer) -> AsyncIterator[httpx.AsyncClient]:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    async with httpx.AsyncClient(base_url=openai_server.base_url, headers=headers) as client:
        yield client


def events(body: str) -> list[Any]:
    """The SSE ``data:`` payloads, decoded ([DONE] kept as the string)."""
    lines = [line.removeprefix("data: ") for line in body.split("\n\n") if line]
    assert all(not line.startswith("data:") for line in lines)
    return [line if line == "[DONE]" else json.loads(line) for line in lines]


# ---- refusals -------------------------------------------------------------------------------

REFUSED: dict[str, tuple[dict[str, Any], int]] = {
    "tool content as parts": (
        request(
            messages=[
                SPECIALIST_SYSTEM,
                ADD_EGGS,
                {"role": "assistant", "content": None, "tool_calls": [CALL]},
                {**RESULT, "content": [{"type": "text", "text": "created"}]},
            ]
        ),
        400,
    ),
    "tool call never answered": (
        request(
            messages=[
                SPECIALIST_SYSTEM,
                ADD_EGGS,
                {"role": "assistant", "content": None, "tool_calls": [CALL]},
                {"role": "user", "content": "and another"},
            ]
        ),
        400,
    ),
    "one of two tool calls answered": (
        request(
            messages=[
                SPECIALIST_SYSTEM,
                ADD_EGGS,
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [CALL, {**CALL, "id": "call_2"}],
                },
                RESULT,
            ]
        ),
        400,
    ),
    "tool message without a call": (request(messages=[SPECIALIST_SYSTEM, ADD_EGGS, RESULT]), 400),
    "unknown role": (request(messages=[{"role": "critic", "content": "hm"}, ADD_EGGS]), 400),
    "unknown parameter": (request(temperature_boost=2), 400),
    "tool_choice without tools": (request(tools=None, tool_choice="auto"), 400),
    "stream_options without stream": (request(stream_options={"include_usage": True}), 400),
    "tool_choice naming an unbound tool": (
        request(tool_choice={"type": "function", "function": {"name": "delete_task"}}),
        400,
    ),
    "non-object tool schema": (
        request(tools=[{**ADD_TASK, "function": {"name": "add_task", "parameters": {}}}]),
        400,
    ),
    "unknown model": (request(model="gpt-imaginary"), 404),
}


@pytest.mark.parametrize(("body", "status"), REFUSED.values(), ids=REFUSED.keys())
async def test_refuses_what_a_picky_server_refuses(
    http: httpx.AsyncClient, openai_server: OpenAICompatServer, body: dict[str, Any], status: int
) -> None:
    response = await http.post("/chat/completions", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["message"]
    [recorded] = openai_server.requests
    assert (recorded.status, recorded.body) == (status, body)


async def test_accepts_a_complete_tool_exchange(http: httpx.AsyncClient) -> None:
    messages = [
        SPECIALIST_SYSTEM,
        ADD_EGGS,
        {"role": "assistant", "content": None, "tool_calls": [CALL]},
        RESULT,
    ]
    body = request(messages=messages, parallel_tool_calls=True, max_completion_tokens=50)
    response = await http.post("/chat/completions", json=body)
    assert response.status_code == 200
    choice = response.json()["choices"][0]
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["content"]


async def test_checks_the_bearer_key(openai_server: OpenAICompatServer) -> None:
    async with httpx.AsyncClient(base_url=openai_server.base_url) as anonymous:
        response = await anonymous.post("/chat/completions", json=request())
    assert response.status_code == 401
    wrong = openai.AsyncOpenAI(base_url=openai_server.base_url, api_key="sk-wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await wrong.chat.completions.create(**request())
    assert [r.status for r in openai_server.requests] == [401, 401]


async def test_lists_its_models(openai_server: OpenAICompatServer) -> None:
    client = openai.AsyncOpenAI(base_url=openai_server.base_url, api_key=API_KEY)
    assert [m.id async for m in client.models.list()] == [MODEL]


async def test_records_requests_to_other_endpoints(
    http: httpx.AsyncClient, openai_server: OpenAICompatServer
) -> None:
    response = await http.post("/responses", json={"model": MODEL, "input": "hi"})
    assert response.status_code == 404
    [recorded] = openai_server.requests
    assert (recorded.method, recorded.path, recorded.status) == ("POST", "/v1/responses", 404)
    assert not recorded.is_chat


# ---- answers ----------------------------------------------------------------------------------


async def test_streams_tool_calls_as_openai_does(http: httpx.AsyncClient) -> None:
    whole = (await http.post("/chat/completions", json=request())).json()
    body = request(stream=True, stream_options={"include_usage": True})
    streamed = events((await http.post("/chat/completions", json=body)).text)

    assert streamed[-1] == "[DONE]"
    chunks, usage_chunk = streamed[:-2], streamed[-2]
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"] == whole["usage"]
    assert all(c["object"] == "chat.completion.chunk" and c["usage"] is None for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    deltas = [c["choices"][0]["delta"]["tool_calls"][0] for c in chunks[1:-1]]
    head, fragments = deltas[0], deltas[1:]
    [call] = whole["choices"][0]["message"]["tool_calls"]
    assert head == {
        "index": 0,
        "id": call["id"],
        "type": "function",
        "function": {"name": "add_task", "arguments": ""},
    }
    assert len(fragments) > 1
    assert all(set(f) == {"index", "function"} for f in fragments)
    arguments = "".join(f["function"]["arguments"] for f in fragments)
    assert arguments == call["function"]["arguments"]
    assert json.loads(arguments)["title"]
    assert chunks[-1]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "tool_calls",
    }
    assert whole["choices"][0]["finish_reason"] == "tool_calls"


async def test_streams_text_in_pieces(http: httpx.AsyncClient) -> None:
    hello = [SPECIALIST_SYSTEM, {"role": "user", "content": "Hi! What can you do?"}]
    whole = (await http.post("/chat/completions", json=request(messages=hello))).json()
    streamed = events(
        (await http.post("/chat/completions", json=request(messages=hello, stream=True))).text
    )

    assert streamed[-1] == "[DONE]"
    chunks = streamed[:-1]
    assert all("usage" not in c for c in chunks)
    pieces = [c["choices"][0]["delta"].get("content") for c in chunks[1:-1]]
    assert len(pieces) > 1
    assert "".join(pieces) == whole["choices"][0]["message"]["content"]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


async def test_honours_tool_choice(http: httpx.AsyncClient) -> None:
    none = (await http.post("/chat/completions", json=request(tool_choice="none"))).json()
    assert "tool_calls" not in none["choices"][0]["message"]
    assert none["choices"][0]["finish_reason"] == "stop"
    forced = request(
        messages=[{"role": "system", "content": "Answer."}, {"role": "user", "content": "Hi"}],
        tool_choice={"type": "function", "function": {"name": "add_task"}},
    )
    answer = (await http.post("/chat/completions", json=forced)).json()
    [call] = answer["choices"][0]["message"]["tool_calls"]
    assert call["function"]["name"] == "add_task"


async def test_langchain_reassembles_streamed_tool_calls_and_usage(
    openai_server: OpenAICompatServer,
) -> None:
    model = ChatOpenAI(
        model=MODEL,
        api_key=API_KEY,
        base_url=openai_server.base_url,
        streaming=True,
        stream_usage=True,
    )
    reply = await model.bind_tools([ADD_TASK]).ainvoke(
        [("system", SPECIALIST_SYSTEM["content"]), ("human", ADD_EGGS["content"])]
    )
    [call] = reply.tool_calls
    assert call["name"] == "add_task"
    assert call["args"]["title"]
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["output_tokens"] > 0
    [sent] = openai_server.chat_requests
    assert sent.body["stream_options"] == {"include_usage": True}


async def test_structured_output_by_json_schema(openai_server: OpenAICompatServer) -> None:
    model = ChatOpenAI(model=MODEL, api_key=API_KEY, base_url=openai_server.base_url)
    router = model.with_structured_output(RouteDecision, method="json_schema")
    decision = await router.ainvoke(
        [("system", ROUTER.format(clock=CLOCK)), ("human", "Add a task to buy eggs")]
    )
    assert isinstance(decision, RouteDecision)
    assert decision.workflow == "sequential"
    [sent] = openai_server.chat_requests
    assert sent.body["response_format"]["type"] == "json_schema"
    assert sent.body["response_format"]["json_schema"]["name"] == "RouteDecision"


async def test_json_object_needs_the_word_json(http: httpx.AsyncClient) -> None:
    router = {"role": "system", "content": ROUTER.format(clock=CLOCK)}
    plain = request(tools=None, response_format={"type": "json_object"})
    plain["messages"] = [router, ADD_EGGS]
    assert (await http.post("/chat/completions", json=plain)).status_code == 400
    plain["messages"] = [router, {"role": "user", "content": "Answer in JSON: add eggs"}]
    response = await http.post("/chat/completions", json=plain)
    assert response.status_code == 200
    assert isinstance(json.loads(response.json()["choices"][0]["message"]["content"]), dict)


# ---- faults -----------------------------------------------------------------------------------


async def test_fails_the_next_requests_on_demand(openai_server: OpenAICompatServer) -> None:
    client = openai.AsyncOpenAI(base_url=openai_server.base_url, api_key=API_KEY, max_retries=0)
    openai_server.fail_next(1, "error")
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(**request())
    answer = await client.chat.completions.create(**request())
    assert answer.choices[0].finish_reason == "tool_calls"


async def test_hangs_until_the_client_gives_up(openai_server: OpenAICompatServer) -> None:
    client = openai.AsyncOpenAI(
        base_url=openai_server.base_url, api_key=API_KEY, max_retries=0, timeout=0.3
    )
    openai_server.fail_next(1, "hang")
    with pytest.raises(openai.APITimeoutError):
        await client.chat.completions.create(**request())
    answer = await client.chat.completions.create(**request())
    assert answer.choices[0].finish_reason == "tool_calls"
