"""One assistant per compiled graph, with the ids the reference server gives them.

An assistant's id is ``uuid5(NAMESPACE_GRAPH, graph_id)`` (the reference server's
namespace, so ids match across servers), and the graph name is accepted wherever an
assistant id is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid5

NAMESPACE_GRAPH = UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8")
_CREATED = datetime(2025, 1, 1, tzinfo=UTC).isoformat()

_DESCRIPTIONS = {
    "orchestrator": "Routes each message to the direct, sequential, parallel or hierarchical "
    "workflow.",
    "sequential": "One task operation with a specialist, checked by a validator.",
    "parallel": "Several task operations split into subtasks and worked on in parallel.",
    "hierarchical": "A goal planned into areas and steps, then created as tasks.",
}


class InvalidAssistant(ValueError):  # noqa: N818 (reads as the answer: 422)
    """Neither a UUID nor a graph name (422)."""


def assistant_id_for(graph_id: str) -> str:
    return str(uuid5(NAMESPACE_GRAPH, graph_id))


def resolve_graph(assistant_id: str, graphs: Mapping[str, Any]) -> str | None:
    """The graph an assistant id (or graph name) names; None for an unknown UUID."""
    if assistant_id in graphs:
        return assistant_id
    try:
        wanted = str(UUID(assistant_id))
    except ValueError:
        raise InvalidAssistant(
            f"invalid assistant {assistant_id!r}: give an assistant UUID or one of the graphs "
            f"{', '.join(sorted(graphs))}"
        ) from None
    return next((g for g in graphs if assistant_id_for(g) == wanted), None)


def assistant_json(graph_id: str) -> dict[str, Any]:
    return {
        "assistant_id": assistant_id_for(graph_id),
        "graph_id": graph_id,
        "name": graph_id,
        "description": _DESCRIPTIONS.get(graph_id),
        "config": {},
        "context": {},
        "metadata": {"created_by": "system"},
        "version": 1,
        "created_at": _CREATED,
        "updated_at": _CREATED,
    }
