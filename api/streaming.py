"""The stream event contract: LangGraph chunks in, Agent Protocol events out (pure functions).

A run asks for stream modes the way the reference server takes them: ``values``,
``updates``, ``messages`` (``messages/metadata`` + ``messages/partial`` /
``messages/complete`` events), ``messages-tuple`` (``messages`` events carrying
``[message, metadata]``), ``custom``, ``debug``, ``tasks``, ``checkpoints`` and ``events``
(each ``astream_events(version="v2")`` event, computed only when asked). With
``stream_subgraphs`` a subgraph's event is named ``mode|namespace``; without it only the
top graph's events are sent, except chat-model messages, which stream token by token
from every workflow (the reference server only streams a subgraph's final messages then).
Every run stream starts with ``metadata`` (``{"run_id", "attempt"}``) and ends with ``end``
(``{"run_id", "status"}``) or ``error`` (``{"error", "message"}``, never internals).
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from uuid import UUID

from langchain_core.messages import BaseMessage, BaseMessageChunk, message_chunk_to_message
from langgraph.errors import GraphRecursionError
from langgraph.types import Interrupt, Send
from pydantic import BaseModel

# What a run may ask for; the v2-only modes are refused.
STREAM_MODES = frozenset(
    {
        "values",
        "updates",
        "messages",
        "messages-tuple",
        "custom",
        "debug",
        "tasks",
        "checkpoints",
        "events",
    }
)
UNSUPPORTED_STREAM_MODES = frozenset({"tools", "lifecycle"})
ALWAYS_SENT = frozenset({"metadata", "error", "end"})
INTERRUPT_KEY = "__interrupt__"

Event = tuple[str, Any]


class StreamModeError(ValueError):
    """A stream mode this server does not stream; the message names it."""


def parse_stream_modes(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """The requested modes in order without repeats (``values`` when none is given)."""
    modes = [value] if isinstance(value, str) else list(value or ["values"])
    for mode in modes:
        if mode in UNSUPPORTED_STREAM_MODES:
            raise StreamModeError(f"stream_mode {mode!r} is not supported by this server")
        if mode not in STREAM_MODES:
            raise StreamModeError(f"unknown stream_mode {mode!r}")
    return tuple(dict.fromkeys(modes))


def graph_stream_modes(requested: Iterable[str]) -> list[str]:
    """What to ask the graph for: messages-tuple is LangGraph's ``messages``, and ``values``
    is always on (the run's output is its last ``values`` chunk); ``events`` is not a graph
    stream mode (it asks for ``astream_events``)."""
    modes = {"messages" if mode == "messages-tuple" else mode for mode in requested}
    modes.add("values")
    modes.discard("events")
    return sorted(modes)


def event_name(mode: str, namespace: Sequence[str], subgraphs: bool) -> str:
    return f"{mode}|{'|'.join(namespace)}" if subgraphs and namespace else mode


def event_matches(event: str, modes: Sequence[str] | None) -> bool:
    """Whether a stored event passes a join's ``stream_mode`` filter (terminal ones always do)."""
    if not modes:
        return True
    base = event.partition("|")[0]
    if base in ALWAYS_SENT or base in modes:
        return True
    return base.startswith("messages") and ("messages" in modes or "messages-tuple" in modes)


class ChunkTranslator:
    """Turns one run's ``(namespace, mode, chunk)`` triples into events, in order.

    It keeps the state the ``messages`` mode needs (chunks accumulated per message id),
    so use one translator per run.
    """

    def __init__(self, requested: Sequence[str], *, subgraphs: bool) -> None:
        self.requested = frozenset(requested)
        self.subgraphs = subgraphs
        self.tuples = "messages-tuple" in self.requested
        self._messages: dict[str, BaseMessage] = {}

    def translate(self, namespace: Sequence[str], mode: str, chunk: Any) -> list[Event]:
        """The events of one chunk of ``graph.astream(..., subgraphs=True)``."""
        if mode == "messages":
            return self._messages_events(namespace, chunk)
        if mode not in self.requested or (namespace and not self.subgraphs):
            return []
        if mode == "debug":
            chunk = debug_payload(chunk)
        return [(event_name(mode, namespace, self.subgraphs), chunk)]

    def _messages_events(self, namespace: Sequence[str], chunk: Any) -> list[Event]:
        if self.tuples:
            return [(event_name("messages", namespace, self.subgraphs), list(chunk))]
        if "messages" not in self.requested:
            return []
        message, metadata = chunk
        events: list[Event] = []
        key = message.id or f"anonymous-{len(self._messages)}"
        known = self._messages.get(key)
        if known is None:
            self._messages[key] = message
            events.append(("messages/metadata", {key: {"metadata": metadata}}))
        elif isinstance(known, BaseMessageChunk) and isinstance(message, BaseMessageChunk):
            self._messages[key] = known + message
        else:
            self._messages[key] = message
        accumulated = self._messages[key]
        if isinstance(message, BaseMessageChunk):
            events.append(("messages/partial", [accumulated]))
        else:
            if isinstance(accumulated, BaseMessageChunk):
                accumulated = message_chunk_to_message(accumulated)
            events.append(("messages/complete", [accumulated]))
        return events


def debug_payload(chunk: Any) -> Any:
    """A debug chunk with its checkpoint configs turned into checkpoint objects (as the
    reference server sends them)."""
    if not isinstance(chunk, Mapping) or chunk.get("type") != "checkpoint":
        return chunk
    payload = dict(chunk.get("payload") or {})
    payload["checkpoint"] = checkpoint_of(payload.pop("config", None))
    payload["parent_checkpoint"] = checkpoint_of(payload.pop("parent_config", None))
    return {**chunk, "payload": payload}


def checkpoint_of(config: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The ``{thread_id, checkpoint_ns, checkpoint_id}`` of a checkpoint config, if any."""
    configurable = (config or {}).get("configurable") or {}
    if not configurable.get("checkpoint_id"):
        return None
    checkpoint = {
        "thread_id": configurable.get("thread_id"),
        "checkpoint_ns": configurable.get("checkpoint_ns") or "",
        "checkpoint_id": configurable["checkpoint_id"],
    }
    if "checkpoint_map" in configurable:
        checkpoint["checkpoint_map"] = configurable["checkpoint_map"]
    return checkpoint


def interrupt_json(interrupt: Interrupt) -> dict[str, Any]:
    data: dict[str, Any] = {"value": interrupt.value, "id": interrupt.id}
    if getattr(interrupt, "response_schema", None) is not None:
        data["response_schema"] = interrupt.response_schema
    return data


def error_payload(error: BaseException) -> dict[str, str]:
    """What a client may learn about a failed run: a kind and a fixed sentence."""
    if isinstance(error, GraphRecursionError):
        return {"error": "GraphRecursionError", "message": "The run took too many steps."}
    if isinstance(error, TimeoutError):
        return {"error": "TimeoutError", "message": "The run took too long."}
    return {"error": "InternalError", "message": "The run failed. Try again later."}


def to_json(value: Any) -> str:
    """Compact JSON of stream payloads and state values (messages, interrupts, models…)."""
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":"))


def _default(value: Any) -> Any:
    if isinstance(value, Interrupt):
        return interrupt_json(value)
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, Send):
        return {"node": value.node, "args": value.arg}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, BaseException):
        return error_payload(value)
    if hasattr(value, "_asdict"):
        return value._asdict()
    return None
