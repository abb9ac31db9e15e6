"""Finding an assistant for a user: a built-in one (any user) or one of the user's own.

Built-in assistants are named by their graph or their deterministic UUID and cannot be
changed; a user's own assistant is found only by its owner (anyone else: not found).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from api.runs.assistants import InvalidAssistant, assistant_json, resolve_graph
from api.runs.payloads import RunConfig
from runstore import AssistantRecord, Conflict, NotFound, RunStore


@dataclass(frozen=True)
class FoundAssistant:
    """What a run takes from its assistant: its id, graph, config and context."""

    assistant_id: str
    graph_id: str
    config: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    builtin: bool = True


def record_json(record: AssistantRecord) -> dict[str, Any]:
    return {
        "assistant_id": record.assistant_id,
        "graph_id": record.graph_id,
        "name": record.name,
        "description": record.description,
        "config": record.config,
        "context": record.context,
        "metadata": record.metadata,
        "version": record.version,
        "created_at": record.created_at.isoformat(),
        "updated_at": record.updated_at.isoformat(),
    }


def canonical_id(assistant_id: str) -> str:
    try:
        return str(UUID(assistant_id))
    except ValueError:
        raise InvalidAssistant(f"invalid assistant id {assistant_id!r}: must be a UUID") from None


async def find_assistant(
    store: RunStore, graphs: Mapping[str, Any], user_id: str, assistant_id: str
) -> tuple[FoundAssistant, dict[str, Any]]:
    """The assistant and its JSON (``NotFound``; ``InvalidAssistant`` for a malformed id)."""
    graph_id = resolve_graph(assistant_id, graphs)
    if graph_id is not None:
        return FoundAssistant(assistant_json(graph_id)["assistant_id"], graph_id), assistant_json(
            graph_id
        )
    record = await store.assistants.get(user_id, canonical_id(assistant_id))
    if record is None or record.graph_id not in graphs:
        raise NotFound(f"assistant {assistant_id} not found")
    found = FoundAssistant(
        record.assistant_id, record.graph_id, record.config, record.context, builtin=False
    )
    return found, record_json(record)


async def own_assistant(
    store: RunStore, graphs: Mapping[str, Any], user_id: str, assistant_id: str
) -> str:
    """The canonical id of the user's own assistant, to change it (``Conflict``: a built-in)."""
    found, _ = await find_assistant(store, graphs, user_id, assistant_id)
    if found.builtin:
        raise Conflict(
            f"assistant {assistant_id} is the built-in assistant of the graph {found.graph_id!r} "
            f"and cannot be changed or deleted: create your own with graph_id {found.graph_id!r}"
        )
    return found.assistant_id


def run_settings(
    assistant: FoundAssistant, config: Mapping[str, Any], context: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A run's config and context over its assistant's: tags add up, the run's values win.

    Only what ``RunConfig`` allows is taken from the assistant's config; the context only
    chooses values like the time zone (the user is always the verified one).
    """
    stored = RunConfig.model_validate(assistant.config).model_dump(exclude_none=True)
    merged = {**stored, **config}
    merged["tags"] = [*stored.get("tags", []), *config.get("tags", [])]
    return merged, {**assistant.context, **(context or {})}
