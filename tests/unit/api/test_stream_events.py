"""The stream event contract as pure functions: modes, names, messages, JSON, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, ToolMessage
from langgraph.errors import GraphRecursionError
from langgraph.types import Interrupt, Send

from api.streaming import (
    ChunkTranslator,
    StreamModeError,
    debug_payload,
    error_payload,
    event_matches,
    graph_stream_modes,
    parse_stream_modes,
    to_json,
)


def test_stream_modes_default_dedupe_and_refuse() -> None:
    assert parse_stream_modes(None) == ("values",)
    assert parse_stream_modes("updates") == ("updates",)
    assert parse_stream_modes(["values", "updates", "values"]) == ("values", "updates")
    with pytest.raises(StreamModeError, match="not supported"):
        parse_stream_modes(["values", "lifecycle"])
    assert parse_stream_modes(["events", "values"]) == ("events", "values")
    with pytest.raises(StreamModeError, match="unknown"):
        parse_stream_modes("everything")


def test_the_graph_is_asked_for_messages_and_always_values() -> None:
    assert graph_stream_modes(["messages-tuple"]) == ["messages", "values"]
    assert graph_stream_modes(["updates", "custom"]) == ["custom", "updates", "values"]
    assert graph_stream_modes(["events"]) == ["values"]


def test_join_filters_keep_terminal_events_and_namespaced_ones() -> None:
    assert event_matches("values", None)
    assert event_matches("values|sequential:1", ["values"])
    assert not event_matches("updates", ["values"])
    assert all(event_matches(e, ["values"]) for e in ("metadata", "error", "end"))
    assert event_matches("messages/partial", ["messages-tuple"])


def _chunk(text: str, message_id: str = "m1") -> AIMessageChunk:
    return AIMessageChunk(content=text, id=message_id)


def test_messages_tuple_events_carry_message_and_metadata() -> None:
    translator = ChunkTranslator(["messages-tuple"], subgraphs=False)
    meta = {"langgraph_node": "direct"}
    assert translator.translate((), "messages", (_chunk("Hi"), meta)) == [
        ("messages", [_chunk("Hi"), meta])
    ]
    # Tokens from a workflow stream too; the namespace shows only with stream_subgraphs.
    assert translator.translate(("sequential:1",), "messages", (_chunk("x"), meta))[0][0] == (
        "messages"
    )
    nested = ChunkTranslator(["messages-tuple"], subgraphs=True)
    assert nested.translate(("sequential:1",), "messages", (_chunk("x"), meta))[0][0] == (
        "messages|sequential:1"
    )


def test_messages_mode_sends_metadata_once_then_accumulated_partials() -> None:
    translator = ChunkTranslator(["messages"], subgraphs=False)
    first = translator.translate((), "messages", (_chunk("Hel"), {"n": 1}))
    second = translator.translate((), "messages", (_chunk("lo"), {"n": 1}))
    assert [name for name, _ in first] == ["messages/metadata", "messages/partial"]
    assert first[0][1] == {"m1": {"metadata": {"n": 1}}}
    assert [name for name, _ in second] == ["messages/partial"]
    assert second[0][1][0].content == "Hello"
    tool = ToolMessage(content="done", tool_call_id="c1", id="t1")
    complete = translator.translate((), "messages", (tool, {}))
    assert [name for name, _ in complete] == ["messages/metadata", "messages/complete"]


def test_other_modes_pass_through_when_asked_and_top_level_unless_subgraphs() -> None:
    translator = ChunkTranslator(["updates"], subgraphs=False)
    assert translator.translate((), "updates", {"router": {}}) == [("updates", {"router": {}})]
    assert translator.translate(("sequential:1",), "updates", {"tools": {}}) == []
    assert translator.translate((), "values", {"messages": []}) == []
    nested = ChunkTranslator(["updates"], subgraphs=True)
    assert nested.translate(("sequential:1", "worker:2"), "updates", {}) == [
        ("updates|sequential:1|worker:2", {})
    ]


def test_debug_checkpoints_carry_checkpoint_objects() -> None:
    config = {"configurable": {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "c2"}}
    chunk = {"type": "checkpoint", "payload": {"config": config, "parent_config": None}}
    payload = debug_payload(chunk)["payload"]
    assert payload["checkpoint"] == {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "c2"}
    assert payload["parent_checkpoint"] is None
    assert "config" not in payload


def test_json_of_messages_interrupts_and_friends() -> None:
    data = json.loads(
        to_json(
            {
                "m": AIMessage(content="hi", id="a1"),
                "i": Interrupt(value={"type": "approval"}, id="abc"),
                "when": datetime(2025, 1, 2, tzinfo=UTC),
                "send": Send("worker", {"x": 1}),
                "tags": {"a"},
            }
        )
    )
    assert data["m"]["type"] == "ai"
    assert data["m"]["content"] == "hi"
    assert data["i"] == {"value": {"type": "approval"}, "id": "abc"}
    assert data["when"] == "2025-01-02T00:00:00+00:00"
    assert data["send"] == {"node": "worker", "args": {"x": 1}}
    assert data["tags"] == ["a"]


def test_errors_say_what_kind_never_what_inside() -> None:
    secret = "postgresql://admin:hunter2@db/prod"
    for error in (RuntimeError(secret), KeyError(secret), ValueError(secret)):
        payload = error_payload(error)
        assert set(payload) == {"error", "message"}
        assert secret not in json.dumps(payload)
    assert error_payload(GraphRecursionError("x"))["error"] == "GraphRecursionError"
    assert error_payload(TimeoutError())["error"] == "TimeoutError"
